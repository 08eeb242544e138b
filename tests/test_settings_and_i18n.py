"""Production settings pass Django's deployment checks; the Polish catalogue is complete."""

import os
import subprocess
import sys
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
