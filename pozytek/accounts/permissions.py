"""Role predicates for office staff; later apps compose them with their object rules."""

from typing import Any

import rules

from pozytek.accounts.models import STAFF_ROLES, Role
from pozytek.accounts.selectors import roles_in


@rules.predicate
def is_platform_admin(user: object, _obj: object = None) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


@rules.predicate
def is_tenant_staff(user: Any, tenant: Any) -> bool:
    """Official or administrator in this local government's office."""
    return bool(roles_in(user, tenant) & STAFF_ROLES)


@rules.predicate
def is_tenant_admin(user: Any, tenant: Any) -> bool:
    return Role.TENANT_ADMIN in roles_in(user, tenant)


rules.add_perm("tenants.view_office", is_tenant_staff)
rules.add_perm("tenants.view_audit_log", is_tenant_staff)
rules.add_perm("tenants.change_profile", is_tenant_admin)
rules.add_perm("tenants.view_members", is_tenant_staff)
