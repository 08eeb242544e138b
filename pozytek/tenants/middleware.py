"""Resolve the tenant from the URL and scope every query of the request to it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from pozytek.tenants.http import set_current_tenant
from pozytek.tenants.selectors import tenant_for_request


class TenantScopeMiddleware:
    """Sets `request.tenant` for `/<tenant-slug>/…` URLs and activates the tenant scope.

    Outside tenant URLs no tenant scope is active, so a query on a tenant-owned model raises
    instead of silently returning every municipality's rows. Django's admin (platform admins
    only) runs with scopes disabled, as pretalx does for its organiser backend.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        set_current_tenant(request, None)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.app_name == "admin" or (match.namespaces and match.namespaces[0] == "admin"):
            with scopes_disabled():
                return self.get_response(request)
        slug = match.kwargs.get("tenant_slug")
        if slug is None or (match.namespaces and match.namespaces[0] == "api"):
            # No scope at all (never `scope(tenant=None)`, which filters nothing): platform pages read
            # tenant-owned rows only through selectors named for crossing tenants, and the API
            # (/api/v1/) resolves its tenant itself, to answer an unknown one in JSON.
            return self.get_response(request)
        tenant = tenant_for_request(slug, user=request.user)
        set_current_tenant(request, tenant)
        with scope(tenant=tenant):
            return self.get_response(request)
