"""Benchmark: server time and weight of public pages, and the time to render a PDF document.

Baselines measured in the same run: `/healthz` (the same middleware stack, one `SELECT 1`, no
template) for pages, and WeasyPrint printing a one-line HTML for PDFs.

    .venv/bin/python bench/public_pages.py [--quick]

Prints the figures and ends with one `RESULT public_pages key=value …` line.
Targets (PRODUCT.md): public page weight (HTML+CSS+JS) < 100 KB; offer PDF < 300 ms.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(var_dir: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdef",
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


def timed(fn, repeat: int) -> list[float]:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1] if len(samples) > 1 else samples[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="few iterations, under a minute")
    args = parser.parse_args()
    repeat = 30 if args.quick else 300
    pdf_repeat = 5 if args.quick else 40

    with tempfile.TemporaryDirectory(prefix="pozytek-bench-") as var_dir:
        setup_django(var_dir)
        from django.contrib.staticfiles import finders  # noqa: PLC0415
        from django.core.management import call_command  # noqa: PLC0415
        from django.test import Client  # noqa: PLC0415
        from weasyprint import HTML  # noqa: PLC0415

        from pozytek.documents.services import render_document  # noqa: PLC0415
        from pozytek.tenants.models import Tenant  # noqa: PLC0415

        call_command("migrate", verbosity=0)
        call_command("load_demo_data", quiet=True)
        client = Client()

        results: dict[str, float] = {}
        baseline = timed(lambda: client.get("/healthz"), repeat)
        results["baseline_healthz_p50_ms"] = statistics.median(baseline)
        results["baseline_healthz_p95_ms"] = p(baseline, 95)
        print(f"{'/healthz (baseline)':32} p50 {statistics.median(baseline):.2f} ms  p95 {p(baseline, 95):.2f} ms")

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
            results[f"{key}_p95_ms"] = p(samples, 95)
            print(
                f"{path:32} p50 {statistics.median(samples):.2f} ms p95 {p(samples, 95):.2f} ms {weight / 1024:.1f} KB"
            )
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

    print("RESULT public_pages " + " ".join(f"{k}={v:.2f}" for k, v in results.items()))


if __name__ == "__main__":
    main()
