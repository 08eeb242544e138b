"""Reads of local governments and their districts."""

from django.db.models import QuerySet
from django.http import Http404
from django_scopes import scopes_disabled

from pozytek.core.prepared import PreparedQuery
from pozytek.tenants.models import District, Tenant
from pozytek.tenants.states import VISIBLE_STATES

# Every tenant page reads its tenant by the slug: the query compiled once per process (core/prepared.py).
# Not a cache of the row: each request reads it, so a renamed, suspended or re-created tenant is seen at once.
_BY_SLUG: PreparedQuery[Tenant] = PreparedQuery(lambda slug: Tenant.objects.filter(slug=slug).order_by()[:1], slug=str)


def published_tenants() -> QuerySet[Tenant]:
    """Local governments visible to the public, by name."""
    return Tenant.objects.filter(state__in=VISIBLE_STATES).order_by("name")


def tenant_for_request(slug: str, *, user: object) -> Tenant:
    """The tenant at `/<slug>/`: published ones for everyone, any state for platform admins."""
    if "\x00" in slug:  # no address holds one, and PostgreSQL refuses NUL in a query
        raise Http404
    found = _BY_SLUG.fetch(slug=slug)
    if not found:
        raise Http404
    tenant = found[0]
    if not tenant_is_open_to(tenant, user):
        raise Http404
    return tenant


def tenant_is_open_to(tenant: Tenant, user: object) -> bool:
    """Whether `user` can open the tenant's pages at all (published, or a platform admin previewing)."""
    return tenant.state in VISIBLE_STATES or bool(getattr(user, "is_superuser", False))


def districts_of(tenant: Tenant) -> QuerySet[District]:
    """Districts of a tenant; explicit about its tenant, so usable outside a request scope."""
    with scopes_disabled():
        return District.objects.filter(tenant=tenant).order_by("name")
