"""The request's tenant, typed: set by the middleware, read by views through tenants.http."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest

from pozytek.tenants.http import current_tenant, optional_tenant
from pozytek.tenants.middleware import TenantScopeMiddleware

pytestmark = pytest.mark.integration


def _through_middleware(rf, path):
    """The tenant a view at `path` sees with current_tenant (or the 404 it raises) and optional_tenant."""
    seen = {}

    def view(request):
        seen["optional"] = optional_tenant(request)
        try:
            seen["current"] = current_tenant(request)
        except Http404:
            seen["current"] = Http404
        return None

    request = rf.get(path)
    request.user = AnonymousUser()
    TenantScopeMiddleware(view)(request)
    return seen


def test_a_tenant_page_reads_the_tenant_the_middleware_resolved(rf, tenant, other_tenant):
    seen = _through_middleware(rf, f"/{tenant.slug}/")

    assert seen == {"optional": tenant, "current": tenant}


def test_a_platform_page_has_no_tenant_and_current_tenant_is_a_404(rf, tenant):
    seen = _through_middleware(rf, "/")

    assert seen == {"optional": None, "current": Http404}


def test_a_request_that_never_went_through_the_middleware_has_no_tenant():
    request = HttpRequest()

    assert optional_tenant(request) is None
    with pytest.raises(Http404):
        current_tenant(request)


def test_views_read_the_tenant_through_tenants_http():
    """`request.tenant` is untyped to mypy: code handling an HttpRequest reads it with current_tenant() or
    optional_tenant() (a model row named `request`, e.g. a justification request, is not one)."""
    root = Path(__file__).resolve().parents[2] / "pozytek"
    sources = {path: path.read_text(encoding="utf-8") for path in root.rglob("*.py") if path.name != "http.py"}
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path, text in sources.items()
        if "HttpRequest" in text
        for number, line in enumerate(text.splitlines(), start=1)
        if re.search(r"\brequest\.tenant\b", line.split("#")[0]) and "`request.tenant`" not in line
    ]

    assert offenders == []
