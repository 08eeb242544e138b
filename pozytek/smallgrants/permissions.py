"""Who may do what with small grants: the office publishes the offers and decides; anyone signed in
comments in the window (checked by `selectors.comment_problem`); organisations apply from their profile
(offers.permissions)."""

from typing import Any

import rules

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.core.workflow import OFFICE_ONLY, refuses


@refuses(OFFICE_ONLY)
@rules.predicate
def is_small_grants_officer(user: Any, obj: Any) -> bool:
    """Office staff of the local government that owns the publication (or is the tenant itself)."""
    if not getattr(user, "is_authenticated", False):
        return False
    tenant = getattr(obj, "tenant", obj)
    return tenant is not None and bool(is_tenant_staff(user, tenant))


rules.add_perm("smallgrants.manage", is_tenant_staff)
