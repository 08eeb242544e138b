"""The request's tenant, typed: TenantScopeMiddleware sets `request.tenant`, views read it here."""

from django.http import Http404, HttpRequest

from pozytek.tenants.models import Tenant


def set_current_tenant(request: HttpRequest, tenant: Tenant | None) -> None:
    """For TenantScopeMiddleware only: the tenant of `/<tenant-slug>/…` URLs, `None` elsewhere."""
    setattr(request, "tenant", tenant)  # noqa: B010 -- Django's HttpRequest declares no `tenant`


def optional_tenant(request: HttpRequest) -> Tenant | None:
    """The tenant of a page that exists with and without one (e.g. the accessibility statement)."""
    tenant = getattr(request, "tenant", None)
    return tenant if isinstance(tenant, Tenant) else None


def current_tenant(request: HttpRequest) -> Tenant:
    """The tenant of a tenant page; such a page always has one, so a missing tenant is a 404."""
    tenant = optional_tenant(request)
    if tenant is None:
        raise Http404
    return tenant
