"""Production settings pass Django's deployment checks and count login failures in a cache every worker
shares; the Polish catalogue is complete."""

import json
import os
import re
import sqlite3
import subprocess
import sys
import tomllib
from contextlib import closing
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **_bare_env(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "p" * 20 + "production-like-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        "DJANGO_ALLOWED_HOSTS": "pozytek.example.gov.pl",
        "POZYTEK_VAR_DIR": str(ROOT / "var" / "deploy-check"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _bare_env() -> dict[str, str]:
    """The environment of a fresh shell: no DJANGO_* or POZYTEK_* variables, no database URL."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("POZYTEK_", "DJANGO_", "DATABASE_URL"))}


def test_migrations_match_the_models_in_a_bare_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={**_bare_env(), "POZYTEK_VAR_DIR": str(ROOT / "var" / "deploy-check")},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_the_web_application_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**_bare_env(), "POZYTEK_VAR_DIR": str(ROOT / "var" / "deploy-check")},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _production_setting(name: str, **env: str) -> object:
    """The value of a setting as production (DEBUG off) computes it from `env`."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, os; from django.conf import settings; "
            "print(json.dumps(getattr(settings, os.environ['SETTING'])))",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in _bare_env().items() if k != "REDIS_URL"},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "0",
            "SETTING": name,
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {},
            {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "pozytek_cache",
                "OPTIONS": {"MAX_ENTRIES": 50_000},
            },
        ),
        (
            {"REDIS_URL": "redis://cache.example:6379/1"},
            {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache.example:6379/1"},
        ),
    ],
)
def test_production_counts_login_failures_in_a_cache_every_worker_shares(env, expected):
    assert _production_setting("CACHES", **env) == {"default": expected}


def test_the_redis_client_is_a_dependency():
    with (ROOT / "pyproject.toml").open("rb") as pyproject:
        dependencies = tomllib.load(pyproject)["project"]["dependencies"]
    assert any(re.match(r"redis\b", dependency) for dependency in dependencies)


def test_addresses_behind_the_reverse_proxy_are_read_from_the_environment():
    assert _production_setting("ALLAUTH_TRUSTED_PROXY_COUNT") == 0
    assert _production_setting("ALLAUTH_TRUSTED_PROXY_COUNT", POZYTEK_TRUSTED_PROXY_COUNT="1") == 1


def test_migrate_creates_the_cache_table_whatever_the_cache_setting(tmp_path):
    """No deployment can forget `createcachetable`: the table comes with the schema, even while
    REDIS_URL is set (so dropping Redis later needs nothing more)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "core", "--noinput"],
        cwd=ROOT,
        env={**_bare_env(), "POZYTEK_VAR_DIR": str(tmp_path), "REDIS_URL": "redis://cache.example:6379/1"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    with closing(sqlite3.connect(tmp_path / "pozytek.sqlite3")) as database:
        columns = [row[1] for row in database.execute("PRAGMA table_info(pozytek_cache)")]
    assert columns == ["cache_key", "value", "expires"]


def untranslated(language: str) -> list[str]:
    with (ROOT / "pozytek" / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        catalog = read_po(po_file)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(str(message.id))
    return missing


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_catalogue_is_complete(language):
    assert untranslated(language) == []
