"""What the PostgreSQL benchmarks share: recreating their database and setting Django up against it.

Imported by the scripts as `_common` (a script's own folder comes first on `sys.path`).
"""

import os
import signal
import subprocess
import time
from typing import Any

SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdef"  # noqa: S105 -- throwaway database


def admin_url_and_name(database_url: str) -> tuple[str, str]:
    """The URL of the server's `postgres` database, and the name of the benchmark database."""
    base, name = database_url.rsplit("/", 1)
    return base + "/postgres", name


def recreate_database(database_url: str, *, force: bool = True) -> None:
    """Drop (closing its connections when `force`) and create the benchmark database, empty."""
    import psycopg  # noqa: PLC0415 -- only the benchmarks need a raw connection

    admin_url, name = admin_url_and_name(database_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"' + (" WITH (FORCE)" if force else ""))
        conn.execute(f'CREATE DATABASE "{name}"')


def base_env(database_url: str) -> dict[str, str]:
    """The settings' environment of an in-process benchmark: production settings, no HTTPS."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "x",
        "POZYTEK_SECURE": "0",
    }


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django  # noqa: PLC0415 -- after the environment is set

    django.setup()


def setup(database_url: str) -> None:
    """Recreate the benchmark database and set Django up against it, mails dropped, errors only logged."""
    recreate_database(database_url)
    setup_django({**base_env(database_url), "EMAIL_URL": "dummy://", "DJANGO_LOG_LEVEL": "ERROR"})


def migrate() -> None:
    """Migrate the empty benchmark database, printing how long it took."""
    from django.core.management import call_command  # noqa: PLC0415 -- after django.setup()

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - start:.1f} s")


def create_tenant(teryt: str) -> Any:
    """The published local government the benchmark's data belongs to (call it with scopes disabled)."""
    from pozytek.tenants.models import Tenant  # noqa: PLC0415 -- after django.setup()

    return Tenant.objects.create(
        name="Miasto Benchmark",
        slug="bench",
        kind="miasto_npp",
        teryt=teryt,
        state="published",
        office_name="Urząd",
        address="ul. Testowa 1",
    )


def stop_process_group(process: "subprocess.Popen[bytes]") -> None:
    """Stop a server started with `start_new_session=True` and its children: SIGTERM, SIGKILL after 15 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
