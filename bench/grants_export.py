"""Benchmark: the grants register's CSV export over 1,000,000 grants (targets: ≥ 50,000 rows/s and at
least a third of PostgreSQL COPY's speed over the same rows, flat memory).

Builds in a dedicated PostgreSQL database (`pozytek_bench_grants`, recreated each run) one published
local government with N published grants (one INSERT … SELECT over generate_series: 2,000
organisations, 20 calls, the spheres of the reference data, every status and mode, years
2019–2028, a tenth settled), then, in process:

- streams the CSV download through the view (`grants.views.public.register_csv`, called with a
  request, its `streaming_content` consumed and counted);
- baseline in the same run: PostgreSQL's `COPY (the same SELECT: same columns, joins, filter and
  order) TO STDOUT WITH CSV HEADER`, consumed the same way over the same connection;
- after one warm-up of each, `--passes` (3) timed passes of the export and of COPY, alternating, so
  that other load on the machine falls on both alike (medians are reported), with the CPU time each
  pass used in this process's thread and in its PostgreSQL backend (from /proc; COPY's parallel
  workers, if the planner uses them, are not counted), which depends little on that load;
- one more export under tracemalloc (peak of Python allocations while streaming: `peak_mb`); the
  process's peak RSS growth (ru_maxrss delta) over the export passes is printed as well.

    .venv/bin/python bench/grants_export.py [--quick] [--rows N] [--passes N]

Needs PostgreSQL on this machine at BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/pozytek_bench_grants). Last line:
RESULT grants_export rows=<n> rows_per_s=<n> copy_rows_per_s=<n> copy_ratio=<x> peak_mb=<n>
    rows_ok=<0|1> rows_target_met=<0|1> copy_target_met=<0|1>
(`copy_ratio` = the export's rows/s ÷ COPY's rows/s, medians of the passes.)
"""

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from _common import create_tenant, migrate, setup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_ROWS_PER_S = 50_000
TARGET_COPY_RATIO = 1 / 3  # of COPY's rows/s over the same rows, same run
CLK_TCK = os.sysconf("SC_CLK_TCK")
ORGANISATIONS = 2000
CALLS = 20


def seed(rows: int) -> object:
    from django.db import connection  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415
    from django_scopes import scopes_disabled  # noqa: PLC0415

    from pozytek.competitions.models import Call  # noqa: PLC0415
    from pozytek.competitions.states import CallState  # noqa: PLC0415
    from pozytek.legal.models import LegalForm, SphereOfPublicTasks  # noqa: PLC0415
    from pozytek.organisations.models import Organisation  # noqa: PLC0415

    migrate()
    start = time.perf_counter()
    now = timezone.now()
    with scopes_disabled():
        tenant = create_tenant("9999997")
        form = LegalForm.objects.get(slug="stowarzyszenie")
        Organisation.objects.bulk_create(
            [
                Organisation(name=f"Stowarzyszenie Przyjaciół Sportu nr {n + 1}", legal_form=form)
                for n in range(ORGANISATIONS)
            ],
            batch_size=1000,
        )
        Call.objects.bulk_create(
            [
                Call(
                    tenant=tenant,
                    number=f"{n + 1}/2027",
                    title=f"Wspieranie i upowszechnianie kultury fizycznej – edycja {n + 1}",
                    task_type="Organizacja zajęć sportowych.",
                    total_funds=Decimal("1000000.00"),
                    offer_deadline=now - dt.timedelta(days=90),
                    state=CallState.RESOLVED,
                    published_at=now - dt.timedelta(days=120),
                )
                for n in range(CALLS)
            ]
        )
    org_min = Organisation.objects.order_by("pk").values_list("pk", flat=True)[0]
    org_max = Organisation.objects.order_by("-pk").values_list("pk", flat=True)[0]
    with scopes_disabled():
        call_ids = list(Call.objects.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True))
    sphere_ids = list(SphereOfPublicTasks.objects.order_by("pk").values_list("pk", flat=True))
    print(f"organisations and calls in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO grants_grant (
                created_at, updated_at, tenant_id, organisation_id, organisation_name, task_title, source,
                call_id, offer_id, mode, sphere_id, year, amount_awarded, amount_settled, status,
                decision_number, published_at
            )
            SELECT now(), now(), %(tenant)s, o.id, o.name,
                   'Zajęcia sportowe dla dzieci i młodzieży – edycja ' || g,
                   CASE WHEN g %% 10 = 0 THEN 'small_grant' ELSE 'competition' END,
                   CASE WHEN g %% 10 = 0 THEN NULL ELSE (%(calls)s::bigint[])[1 + g %% %(ncalls)s] END,
                   NULL,
                   CASE WHEN g %% 3 = 0 THEN 'entrust' ELSE 'support' END,
                   (%(spheres)s::bigint[])[1 + g %% %(nspheres)s],
                   2019 + g %% 10,
                   round((1000 + (g * 7919) %% 99000)::numeric + (g %% 100) / 100.0, 2),
                   CASE WHEN g %% 10 = 7 THEN round((900 + (g * 7919) %% 90000)::numeric, 2) END,
                   (ARRAY['awarded','update','agreement','settled','withdrawn'])[1 + g %% 5],
                   'ZAR/' || (g %% 500) || '/' || (2019 + g %% 10),
                   now() - (g %% 2000) * interval '1 hour'
            FROM generate_series(1::bigint, %(rows)s::bigint) AS g
            JOIN organisations_organisation o ON o.id = %(org_min)s + g %% (%(org_max)s - %(org_min)s + 1)
            """,
            {
                "tenant": tenant.pk,
                "calls": call_ids,
                "ncalls": len(call_ids),
                "spheres": sphere_ids,
                "nspheres": len(sphere_ids),
                "rows": rows,
                "org_min": org_min,
                "org_max": org_max,
            },
        )
        cursor.execute("ANALYZE grants_grant")
    print(f"{rows:,} grants inserted in {time.perf_counter() - start:.1f} s")
    return tenant


def stream_view(tenant: object) -> tuple[int, int]:
    """Consume the CSV download as a client would; returns (data rows, bytes)."""
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415
    from django.test import RequestFactory  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    from pozytek.grants.views.public import register_csv  # noqa: PLC0415

    slug = tenant.slug  # type: ignore[attr-defined]
    request = RequestFactory().get(reverse("grants:register_csv", kwargs={"tenant_slug": slug}))
    request.tenant = tenant  # type: ignore[attr-defined]  -- what TenantScopeMiddleware sets
    request.user = AnonymousUser()
    response = register_csv(request, tenant_slug=slug)
    lines = size = 0
    for piece in response.streaming_content:
        lines += piece.count(b"\n")
        size += len(piece)
    response.close()
    return lines - 1, size


def copy_baseline(tenant: object) -> tuple[int, int]:
    """PostgreSQL's own COPY of the same SELECT (columns, joins, filter, order) to STDOUT as CSV."""
    from django.db import connection  # noqa: PLC0415

    from pozytek.grants.selectors import public_grants, public_rows  # noqa: PLC0415

    sql, params = public_rows(public_grants(tenant)).query.sql_with_params()  # type: ignore[arg-type]
    lines = size = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)", params) as copy:
            for piece in copy:
                lines += bytes(piece).count(b"\n")
                size += len(piece)
    return lines - 1, size


def backend_cpu_s() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (a process on this machine)."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def timed(fn: object) -> tuple[int, float, float, float]:
    """(rows, wall s, CPU s of this thread, CPU s of the PostgreSQL backend) of one pass."""
    backend, cpu, start = backend_cpu_s(), time.thread_time(), time.perf_counter()
    rows, _size = fn()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - start, time.thread_time() - cpu
    return rows, wall, cpu, backend_cpu_s() - backend


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100,000 grants")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--passes", type=int, default=3, help="timed passes of the export and of COPY (default 3)")
    args = parser.parse_args()
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pozytek_bench_grants")
    print(f"load average before: {load_average()}")
    # One connection for the whole run (CONN_MAX_AGE would replace it as a response closes): the same backend.
    os.environ["DATABASE_CONN_MAX_AGE"] = "3600"
    setup(database_url)
    tenant = seed(rows)

    # Warm-up: imports, first query plans (a tiny second tenant would not warm the cache), the table in memory.
    exported, size = stream_view(tenant)
    copied, copy_size = copy_baseline(tenant)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    exports, copies = [], []
    for _ in range(args.passes):  # alternating, so that other load on the machine falls on both alike
        exports.append(timed(lambda: stream_view(tenant)))
        copies.append(timed(lambda: copy_baseline(tenant)))
    tracemalloc.start()
    stream_view(tenant)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before

    export_s = statistics.median(wall for _r, wall, _c, _b in exports)
    copy_s = statistics.median(wall for _r, wall, _c, _b in copies)
    rows_per_s = exported / export_s
    copy_rows_per_s = copied / copy_s
    copy_ratio = rows_per_s / copy_rows_per_s
    peak_mb = peak / 1_000_000
    for label, passes in (("export", exports), ("COPY", copies)):
        timings = (f"{wall:.2f} s (CPU: python {cpu:.2f} s, postgres {pg:.2f} s)" for _r, wall, cpu, pg in passes)
        print(f"{label:6} passes: " + "; ".join(timings))
    print(f"export (view, streamed): {exported:,} rows, {size / 1e6:.1f} MB in {export_s:.2f} s", end="")
    print(f" = {rows_per_s:,.0f} rows/s (median of {args.passes})")
    print(f"baseline COPY TO STDOUT: {copied:,} rows, {copy_size / 1e6:.1f} MB in {copy_s:.2f} s", end="")
    print(f" = {copy_rows_per_s:,.0f} rows/s (median of {args.passes})")
    print(f"export / COPY: {copy_ratio * 100:.0f} % of COPY's speed")
    print(f"peak Python allocations while streaming (tracemalloc): {peak_mb:.2f} MB")
    print(f"process peak RSS growth over the export passes (ru_maxrss delta): {rss_growth_kb / 1024:.1f} MB")
    rows_ok = exported == rows == copied and all(r == rows for r, *_ in exports + copies)
    rows_met = rows_ok and rows_per_s >= TARGET_ROWS_PER_S
    copy_met = rows_ok and copy_ratio >= TARGET_COPY_RATIO
    print(f"every row exported: {'yes' if rows_ok else 'NO'}")
    print(f"target ≥ {TARGET_ROWS_PER_S:,} rows/s: {'met' if rows_met else 'NOT met'} ({rows_per_s:,.0f})")
    print(f"target ≥ 1/3 of COPY's speed: {'met' if copy_met else 'NOT met'} ({copy_ratio:.2f})")
    print(f"load average after: {load_average()}")
    print(
        f"RESULT grants_export rows={exported} rows_per_s={rows_per_s:.0f} copy_rows_per_s={copy_rows_per_s:.0f} "
        f"copy_ratio={copy_ratio:.2f} peak_mb={peak_mb:.1f} rows_ok={rows_ok:d} rows_target_met={rows_met:d} "
        f"copy_target_met={copy_met:d}"
    )


if __name__ == "__main__":
    main()
