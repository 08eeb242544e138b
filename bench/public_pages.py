"""Benchmark: server time, weight and queries of the ten main public pages, under gunicorn on PostgreSQL.

Default mode: the demo data (`load_demo_data`) in PostgreSQL, the application under gunicorn with
DEBUG off (the static manifest, whitenoise, `2 × cores + 1` sync workers), and over loopback, one
request at a time, the ten main public pages: the platform's home, a local government's home,
a directory search, an organisation's profile, the calls, a call, its results, the grants register,
the consultations and a council. Rounds of requests, each page once per round in a shuffled order
with the baseline among them, so that other load on the machine falls on all alike: p50/p95 of
the time to the last byte of each page. Baseline in the same run: `/healthz` under the same
gunicorn (the same middleware stack and one `SELECT 1`, no template). Then the weight of each page
as a browser with an empty cache loads it (HTML + the CSS and JS it links, uncompressed, fetched
from gunicorn), and its database queries, counted in process with Django's test client
(CaptureQueriesContext) against the same database, on the second request of each page.

`--sqlite`: the earlier in-process measurement: Django's test client on the demo data in SQLite, four
pages (server time and weight) and the contact card's PDF against a one-line PDF.

    .venv/bin/python bench/public_pages.py [--quick] [--rounds N] [--workers W] [--fresh]
    .venv/bin/python bench/public_pages.py --sqlite [--quick]

Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pozytek_bench_pages);
the database is dropped and copied each run from `<name>_template` (migrated, demo data loaded), which
is rebuilt when a migration or demo-data file changed, on a new day (the demo's dates follow today) or
with --fresh. Collected static files are cached in var/bench/static_pages (DEBUG off needs the manifest).
Target (PRODUCT.md): public page weight (HTML + CSS + JS) < 100 KB. Last line:
RESULT public_pages baseline_p50_ms=<n> baseline_p95_ms=<n> max_p95_ms=<n> max_queries=<n> max_weight_kb=<n>
    <page>_p50_ms=<n> <page>_p95_ms=<n> <page>_queries=<n> <page>_kb=<n> … (for each of the ten pages)
(`--sqlite` ends with `RESULT public_pages_sqlite …`.)
"""

import argparse
import hashlib
import http.client
import logging
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import SECRET_KEY, database_from_template, gunicorn, prepare_static, production_cache

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORES = len(os.sched_getaffinity(0))
TENANT_SLUG = "leszno"  # the demo's local government with a competition from call to results, a council, consultations
PAGES = (
    "home",
    "municipality",
    "directory_search",
    "profile",
    "calls",
    "call",
    "results",
    "register",
    "consultations",
    "council",
)
WEIGHT_TARGET_KB = 100
ASSET_RE = re.compile(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"')


# --- Environment, database, static files (as bench/deadline_rush.py) ------------------------------


def server_env(database_url: str, var_dir: str) -> dict[str, str]:
    """The environment of gunicorn, and of this process for seeding and counting queries."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "POZYTEK_SECURE": "0",
        "POZYTEK_VAR_DIR": var_dir,
        "POZYTEK_STATIC_ROOT": str(ROOT / "var" / "bench" / "static_pages"),
        "POZYTEK_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "EMAIL_URL": "dummy://",
        "DJANGO_LOG_LEVEL": "ERROR",
        **production_cache(),
    }


def data_fingerprint() -> str:
    """SHA-256 of the migrations and the demo data's code, and today's date (the demo's dates follow it)."""
    from django.utils import timezone  # noqa: PLC0415 -- after django.setup()

    digest = hashlib.sha256(timezone.localdate().isoformat().encode())
    files = [
        *ROOT.glob("pozytek/*/migrations/*.py"),
        *ROOT.glob("pozytek/*/demo*.py"),
        ROOT / "pozytek/office/management/commands/load_demo_data.py",
    ]
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def prepare_database(database_url: str, fresh: bool) -> str:
    """Recreate the benchmark database from its template (migrated, demo data), rebuilt when stale."""
    import django  # noqa: PLC0415 -- after the environment is set

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    def build() -> None:
        call_command("migrate", verbosity=0)
        call_command("load_demo_data", quiet=True)

    return database_from_template(database_url, data_fingerprint(), fresh, build)


# --- The pages ---------------------------------------------------------------------------------------


def page_paths() -> dict[str, str]:
    """The path of each page in the demo data: Leszno's resolved call (with its grants), one of its
    grantees, a word of that organisation's name for the search, its council."""
    from django_scopes import scopes_disabled  # noqa: PLC0415

    from pozytek.councils.models import Body  # noqa: PLC0415
    from pozytek.grants.models import Grant  # noqa: PLC0415
    from pozytek.tenants.models import Tenant  # noqa: PLC0415

    with scopes_disabled():
        tenant = Tenant.objects.get(slug=TENANT_SLUG)
        grant = (
            Grant.objects.filter(tenant=tenant, call__isnull=False, published_at__isnull=False)
            .select_related("organisation")
            .order_by("pk")
            .first()
        )
        body = Body.objects.filter(tenant=tenant).order_by("pk").first()
    if grant is None or body is None:
        raise SystemExit(f"the demo data of {TENANT_SLUG} has no published grant or no council: run with --fresh")
    word = max(re.findall(r"\w+", grant.organisation.name), key=len).lower()
    base = f"/{TENANT_SLUG}"
    return {
        "home": "/",
        "municipality": f"{base}/",
        "directory_search": f"{base}/organizacje/?q={word}",
        "profile": f"{base}/organizacje/{grant.organisation_id}/",
        "calls": f"{base}/konkursy/",
        "call": f"{base}/konkursy/{grant.call_id}/",
        "results": f"{base}/konkursy/{grant.call_id}/wyniki/",
        "register": f"{base}/dotacje/",
        "consultations": f"{base}/konsultacje/",
        "council": f"{base}/rady/{body.slug}/",
    }


def count_queries(paths: dict[str, str]) -> dict[str, int]:
    """Database queries of each page, in process (test client, same database), on its second request."""
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    client = Client()
    counts = {}
    logging.disable(logging.INFO)  # the access log of each request, which gunicorn writes to its own log
    try:
        for name, path in paths.items():
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{name} {path}: HTTP {response.status_code} in process")
            counts[name] = len(queries)
    finally:
        logging.disable(logging.NOTSET)
    connection.close()
    return counts


# --- gunicorn and the client --------------------------------------------------------------------------


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float]:
    """(status, body, milliseconds to the last byte) of a GET; a sync worker closes the connection after
    each response, so each request opens a new one over loopback, as the baseline's do."""
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Language": "pl"})
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.will_close:
        conn.close()
    return response.status, body, elapsed


def measure(port: int, paths: dict[str, str], rounds: int, warm_rounds: int) -> dict[str, list[float]]:
    """Rounds of one GET of each page and of /healthz, in a new shuffled order each round."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    targets = {"baseline": "/healthz", **paths}
    samples: dict[str, list[float]] = {name: [] for name in targets}
    order = list(targets)
    rng = random.Random(2026)  # noqa: S311 -- a reproducible order, not security
    for round_number in range(warm_rounds + rounds):
        rng.shuffle(order)
        for name in order:
            status, _body, ms = get(conn, targets[name])
            if status != 200:
                raise SystemExit(f"{name} {targets[name]}: HTTP {status} from gunicorn")
            if round_number >= warm_rounds:
                samples[name].append(ms)
    conn.close()
    return samples


def weights(port: int, paths: dict[str, str]) -> dict[str, tuple[int, int, int]]:
    """(HTML bytes, CSS + JS bytes, number of CSS/JS files) of each page, fetched from gunicorn."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    assets: dict[bytes, int] = {}
    result = {}
    for name, path in paths.items():
        _status, html, _ms = get(conn, path)
        linked = sorted(set(ASSET_RE.findall(html)))
        for asset in linked:
            if asset not in assets:
                status, content, _ms = get(conn, asset.decode())
                if status != 200:
                    raise SystemExit(f"{asset.decode()} linked from {path}: HTTP {status}")
                assets[asset] = len(content)
        result[name] = (len(html), sum(assets[a] for a in linked), len(linked))
    conn.close()
    return result


def pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1] if len(samples) > 1 else samples[0]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def server_main(args: argparse.Namespace) -> None:
    rounds = args.rounds or (40 if args.quick else 300)
    warm_rounds = 3 if args.quick else 10
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pozytek_bench_pages")
    began = time.perf_counter()
    print(f"load average before: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="pozytek-pages-") as var_dir:
        env = server_env(database_url, var_dir)
        os.environ.update(env)
        print(f"database {database_url.rsplit('/', 1)[1]}: {prepare_database(database_url, args.fresh)}")
        print(f"static files: {prepare_static()}")
        paths = page_paths()
        queries = count_queries(paths)
        with gunicorn(env, args.workers, Path(var_dir) / "gunicorn.log") as (port, _pid):
            print(f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port}; {rounds} rounds of one request each")
            samples = measure(port, paths, rounds, warm_rounds)
            sizes = weights(port, paths)

    results: dict[str, float] = {}
    base = samples["baseline"]
    results["baseline_p50_ms"], results["baseline_p95_ms"] = statistics.median(base), pct(base, 95)
    print()
    print(f"{'page':17} {'path':44} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'HTML KB':>7} {'CSS+JS KB':>9}")
    print(f"{'baseline':17} {'/healthz':44} {results['baseline_p50_ms']:>7.1f} {results['baseline_p95_ms']:>7.1f}")
    per_page: dict[str, float] = {}
    for name in PAGES:
        p50, p95 = statistics.median(samples[name]), pct(samples[name], 95)
        html, assets, files = sizes[name]
        weight_kb = (html + assets) / 1024
        print(
            f"{name:17} {paths[name][:44]:44} {p50:>7.1f} {p95:>7.1f} {queries[name]:>7} {html / 1024:>7.1f} "
            f"{assets / 1024:>9.1f}  ({files} files; {weight_kb:.1f} KB in all)"
        )
        per_page.update(
            {f"{name}_p50_ms": p50, f"{name}_p95_ms": p95, f"{name}_queries": queries[name], f"{name}_kb": weight_kb}
        )
    results["max_p95_ms"] = max(per_page[f"{name}_p95_ms"] for name in PAGES)
    results["max_queries"] = max(queries.values())
    results["max_weight_kb"] = max(per_page[f"{name}_kb"] for name in PAGES)
    heavy = [name for name in PAGES if per_page[f"{name}_kb"] >= WEIGHT_TARGET_KB]
    print(
        f"weight target < {WEIGHT_TARGET_KB} KB (HTML + CSS + JS): "
        + ("met by every page" if not heavy else f"NOT met by {', '.join(heavy)}")
    )
    print(f"total {time.perf_counter() - began:.0f} s; load average after: {load_average()}")
    results.update(per_page)
    print(
        "RESULT public_pages "
        + " ".join(f"{k}={v:.0f}" if k.endswith("_queries") else f"{k}={v:.1f}" for k, v in results.items())
    )


# --- --sqlite: in process, Django's test client, SQLite demo data --------------------------------------


def setup_sqlite_django(var_dir: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "POZYTEK_SECURE": "0",
            "POZYTEK_VAR_DIR": var_dir,
            "POZYTEK_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django  # noqa: PLC0415 -- after the environment is set

    django.setup()
    from django.conf import settings  # noqa: PLC0415

    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def sqlite_main(args: argparse.Namespace) -> None:
    repeat = 30 if args.quick else 300
    pdf_repeat = 5 if args.quick else 40

    with tempfile.TemporaryDirectory(prefix="pozytek-bench-") as var_dir:
        setup_sqlite_django(var_dir)
        from django.contrib.staticfiles import finders  # noqa: PLC0415
        from django.core.management import call_command  # noqa: PLC0415
        from django.test import Client  # noqa: PLC0415
        from weasyprint import HTML  # noqa: PLC0415

        from pozytek.documents.services import render_document  # noqa: PLC0415
        from pozytek.tenants.models import Tenant  # noqa: PLC0415

        call_command("migrate", verbosity=0)
        call_command("load_demo_data", quiet=True)
        logging.disable(logging.INFO)  # the access log of every request
        client = Client()

        results: dict[str, float] = {}
        baseline = timed(lambda: client.get("/healthz"), repeat)
        results["baseline_healthz_p50_ms"] = statistics.median(baseline)
        results["baseline_healthz_p95_ms"] = pct(baseline, 95)
        print(f"{'/healthz (baseline)':32} p50 {statistics.median(baseline):.2f} ms  p95 {pct(baseline, 95):.2f} ms")

        max_weight = 0.0
        for path, key in (
            ("/", "platform_home"),
            ("/bialystok/", "tenant_home"),
            ("/poznan/kontakt/", "contact"),
            ("/poznan/deklaracja-dostepnosci/", "accessibility"),
        ):
            samples = timed(lambda path=path: client.get(path), repeat)
            html = client.get(path).content
            assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
            weight = len(html) + sum(Path(finders.find(a.decode())).stat().st_size for a in assets)
            max_weight = max(max_weight, weight / 1024)
            results[f"{key}_p50_ms"] = statistics.median(samples)
            results[f"{key}_p95_ms"] = pct(samples, 95)
            p50, p95 = statistics.median(samples), pct(samples, 95)
            print(f"{path:32} p50 {p50:.2f} ms p95 {p95:.2f} ms {weight / 1024:.1f} KB")
        results["max_page_weight_kb"] = max_weight

        tenant = Tenant.objects.get(slug="bialystok")
        pdf = timed(
            lambda: render_document("tenants/documents/contact_card.html", {"tenant": tenant}, title="Kontakt"),
            pdf_repeat,
        )
        pdf_baseline = timed(lambda: HTML(string="<p>Pożytek</p>").write_pdf(), pdf_repeat)
        results["contact_pdf_p50_ms"] = statistics.median(pdf)
        results["baseline_pdf_p50_ms"] = statistics.median(pdf_baseline)
        print(
            f"contact card PDF            p50 {results['contact_pdf_p50_ms']:.1f} ms "
            f"(baseline one-line PDF {results['baseline_pdf_p50_ms']:.1f} ms)"
        )

    print("RESULT public_pages_sqlite " + " ".join(f"{k}={v:.2f}" for k, v in results.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, under a minute")
    parser.add_argument("--rounds", type=int, help="measured rounds of requests (default 300, --quick 40)")
    parser.add_argument("--workers", type=int, default=2 * CORES + 1, help="gunicorn workers (default 2 × cores + 1)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the template database (migrations, demo data)")
    parser.add_argument("--sqlite", action="store_true", help="the earlier mode: test client, SQLite, four pages, PDF")
    args = parser.parse_args()
    if args.sqlite:
        sqlite_main(args)
    else:
        server_main(args)


if __name__ == "__main__":
    main()
