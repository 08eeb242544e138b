"""Who may do what in consultations: office staff run them; participants are checked per consultation
by `selectors.participation_problem` (audience, organisation membership, spheres)."""

from typing import Any

import rules

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.core.workflow import OFFICE_ONLY, refuses


@refuses(OFFICE_ONLY)
@rules.predicate
def is_consultation_officer(user: Any, obj: Any) -> bool:
    """Office staff of the local government that owns the consultation."""
    if not getattr(user, "is_authenticated", False):
        return False
    tenant = getattr(obj, "tenant", None)
    return tenant is not None and bool(is_tenant_staff(user, tenant))


rules.add_perm("consultations.manage_consultations", is_tenant_staff)
