"""What the PostgreSQL benchmarks share: recreating their database and setting Django up against it.

Imported by the scripts as `_common` (a script's own folder comes first on `sys.path`).
"""

import contextlib
import hashlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
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


def production_cache(database: int = 14) -> dict[str, str]:
    """The shared cache as deployed (deploy/pozytek.env.example: Redis), on a database of its own, emptied;
    the database table `pozytek_cache` when no Redis answers at REDIS_URL / 127.0.0.1:6379 (printed)."""
    base = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
    url = f"{base.rstrip('/')}/{database}"
    try:
        import redis  # noqa: PLC0415

        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except Exception as error:  # any failure means no Redis: say so and use the table
        print(f"cache: the database table (no Redis at {url}: {error})")
        return {}
    print(f"cache: Redis at {url}, as deployed")
    return {"REDIS_URL": url}


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


# --- What the PostgreSQL benchmarks under gunicorn share ------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def migrations_fingerprint() -> str:
    """SHA-256 of every migration file on disk (migrations here are sometimes edited in place)."""
    from django.db.migrations.loader import MigrationLoader  # noqa: PLC0415 -- after django.setup()

    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256()
    for key in sorted(loader.disk_migrations):
        digest.update(repr(key).encode())
        digest.update(Path(str(sys.modules[loader.disk_migrations[key].__module__].__file__)).read_bytes())
    return digest.hexdigest()[:32]


def database_from_template(database_url: str, fingerprint: str, fresh: bool, build: Callable[[], None]) -> str:
    """Recreate the benchmark database as a copy of `<name>_template` when the template's comment is
    `fingerprint`; otherwise (or with `fresh`) `build` it from empty (migrate, seed) and save it as the
    template for the next runs. Returns what was done."""
    import psycopg  # noqa: PLC0415 -- only the benchmarks need a raw connection
    from django.db import connection  # noqa: PLC0415 -- after django.setup()

    admin_url, name = admin_url_and_name(database_url)
    template = f"{name}_template"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        found = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
        ).fetchone()
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if found and found[0] == fingerprint and not fresh:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return f"copied from {template} (unchanged)"
        conn.execute(f'CREATE DATABASE "{name}"')
    start = time.perf_counter()
    build()
    connection.close()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{template}"')
        conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{template}\" IS '{fingerprint}'")
    return f"built in {time.perf_counter() - start:.1f} s; saved as {template} for the next runs"


def prepare_static() -> str:
    """collectstatic into the cached STATIC_ROOT unless its manifest is newer than every source file."""
    from django.conf import settings  # noqa: PLC0415 -- after django.setup()
    from django.contrib.staticfiles import finders  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        newest = max(
            Path(storage.path(path)).stat().st_mtime
            for finder in finders.get_finders()
            for path, storage in finder.list([])
        )
        if newest <= manifest.stat().st_mtime:
            return "cached"
    start = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    return f"collected in {time.perf_counter() - start:.1f} s"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path, threads: int = 1) -> Iterator[tuple[int, int]]:
    """gunicorn on a free loopback port, (port, pid) once /healthz answers; stopped (its own process group)
    however the block ends. `threads` > 1 uses gthread workers."""
    port = free_port()
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--worker-class={'gthread' if threads > 1 else 'sync'}",
        f"--threads={threads}",
        "--backlog=2048",
        "--timeout=60",
        "--graceful-timeout=5",
        f"--error-logfile={log}",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 -- fixed command line, our own gunicorn
            command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            with contextlib.suppress(OSError, http.client.HTTPException), contextlib.closing(probe):
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer /healthz within 60 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield port, process.pid
    finally:
        stop_process_group(process)
