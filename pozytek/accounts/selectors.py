"""Reads about people and their roles."""

from typing import Any

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from pozytek.accounts.models import STAFF_ROLES, Membership, User
from pozytek.tenants.models import Tenant


def roles_in(user: Any, tenant: Tenant | None) -> frozenset[str]:
    """Role slugs the user holds in the tenant's office (cached on the user per tenant)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False) or tenant is None:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_pozytek_roles", {})
    tenant_id: int = tenant.pk
    if tenant_id not in cache:
        with scopes_disabled():
            cache[tenant_id] = frozenset(
                Membership.objects.filter(user_id=user.pk, tenant_id=tenant_id).values_list("role", flat=True)
            )
    return cache[tenant_id]


def office_roles_across_tenants(user: User) -> QuerySet[Membership]:
    """The user's office roles in every tenant, for the account page and the header. Crosses tenants on
    purpose (a platform page), filtered by the user."""
    with scopes_disabled():
        return (
            Membership.objects.filter(user=user, role__in=STAFF_ROLES).select_related("tenant").order_by("tenant__name")
        )


def members_of(tenant: Tenant) -> QuerySet[Membership]:
    """Office staff of a tenant with their users."""
    with scopes_disabled():
        return Membership.objects.filter(tenant=tenant).select_related("user").order_by("user__email", "role")
