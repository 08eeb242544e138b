"""Every response carries a request id; every log record is one JSON line that names the request, the tenant
and the user; one access line per request; the 500 page shows the id an official can quote."""

import io
import json
import logging
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.urls import path

from config import urls as platform_urls
from pozytek.core.logs import JsonFormatter, RequestContextFilter, TextFormatter

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]


def boom(request):
    raise RuntimeError("the view failed")


# The platform's URLs with one view that fails (settings.ROOT_URLCONF = __name__ in the tests that use it).
urlpatterns = [path("boom/", boom), *platform_urls.urlpatterns]
handler500 = platform_urls.handler500


@contextmanager
def log_lines():
    """The lines the configured console handler writes while the block runs."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    lines: list[str] = []
    try:
        yield lines
    finally:
        handler.setStream(previous)
        lines.extend(stream.getvalue().splitlines())


def test_a_response_carries_a_new_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


def test_the_proxys_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="0f1e2d3c4b5a69788796a5b4c3d2e1f0")

    assert response["X-Request-ID"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.mark.parametrize("unsafe", ["short", "x" * 65, "abc def ghi", "<script>alert(1)</script>", "id\nforged"])
def test_an_unsafe_incoming_request_id_is_replaced(client, unsafe):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=unsafe)

    assert response["X-Request-ID"] != unsafe
    assert len(response["X-Request-ID"]) == 32


def test_each_request_is_one_json_access_line_with_its_tenant_and_user(client, tenant, resident):
    client.force_login(resident)
    with log_lines() as lines:
        response = client.get(f"/{tenant.slug}/", HTTP_X_REQUEST_ID="request-0001")

    assert response.status_code == 200
    access = [json.loads(line) for line in lines if '"logger": "pozytek.access"' in line]
    assert len(access) == 1
    entry = access[0]
    assert entry.pop("time").endswith("+00:00")
    assert isinstance(entry.pop("duration_ms"), float)
    assert entry == {
        "level": "INFO",
        "logger": "pozytek.access",
        "message": entry["message"],
        "request_id": "request-0001",
        "tenant": tenant.slug,
        "user_id": resident.pk,
        "method": "GET",
        "path": f"/{tenant.slug}/",
        "status": 200,
    }
    assert entry["message"].startswith(f"GET /{tenant.slug}/ 200 ")


def test_an_error_is_one_json_line_with_the_request_id_and_the_500_page_shows_it(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    with log_lines() as lines:
        response = client.get("/boom/", HTTP_X_REQUEST_ID="request-0500")

    assert response.status_code == 500
    assert response["X-Request-ID"] == "request-0500"
    assert "<code>request-0500</code>" in response.content.decode()
    errors = [json.loads(line) for line in lines if '"level": "ERROR"' in line]
    assert [(e["logger"], e["request_id"], e["status_code"]) for e in errors] == [
        ("django.request", "request-0500", 500)
    ]
    assert "RuntimeError: the view failed" in errors[0]["exception"]
    assert all(line.startswith("{") and line.endswith("}") for line in lines)


def test_a_record_outside_a_request_has_no_request_fields():
    record = logging.LogRecord("pozytek.tasks", logging.WARNING, __file__, 1, "queue %s is late", ("mail",), None)
    RequestContextFilter().filter(record)

    entry = json.loads(JsonFormatter().format(record))
    assert entry.pop("time")
    assert entry == {"level": "WARNING", "logger": "pozytek.tasks", "message": "queue mail is late"}
    assert TextFormatter().format(record).endswith(" WARNING pozytek.tasks queue mail is late")


def _log_format(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("POZYTEK_", "DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.LOGGING['handlers'])"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": "k" * 50, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_logs_are_json_in_production_and_text_in_development_unless_chosen():
    assert "'formatter': 'json'" in _log_format(DJANGO_DEBUG="0")
    assert "'formatter': 'text'" in _log_format(DJANGO_DEBUG="1")
    assert "'formatter': 'text'" in _log_format(DJANGO_DEBUG="0", POZYTEK_LOG_FORMAT="text")
