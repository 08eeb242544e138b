"""Who may do what with local initiatives: the coordinator (the resident who started the application) writes
and submits it; the office staff of the local government assess, contract and record the execution."""

from typing import Any

import rules
from django.utils.translation import gettext_lazy as _

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.core.workflow import OFFICE_ONLY, refuses


@refuses(OFFICE_ONLY)
@rules.predicate
def is_initiative_officer(user: Any, obj: Any) -> bool:
    """Office staff of the local government that owns the initiative (or is the tenant itself)."""
    if not getattr(user, "is_authenticated", False):
        return False
    tenant = getattr(obj, "tenant", obj)
    return tenant is not None and bool(is_tenant_staff(user, tenant))


@refuses(_("Only the resident who started this application can do this."))
@rules.predicate
def is_coordinator(user: Any, initiative: Any) -> bool:
    """The resident who started the application and keeps it."""
    return bool(getattr(user, "is_authenticated", False)) and initiative.coordinator_id == user.pk


rules.add_perm("initiatives.manage", is_tenant_staff)
