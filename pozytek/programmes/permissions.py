"""Who may do what with the cooperation programme: the office prepares, adopts and reports; everyone reads
what the council has adopted and what the office has published."""

from typing import Any

import rules

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.core.workflow import OFFICE_ONLY, refuses


@refuses(OFFICE_ONLY)
@rules.predicate
def is_programme_officer(user: Any, obj: Any) -> bool:
    """Office staff of the local government that owns the programme or report (or the tenant itself)."""
    tenant = obj if obj is not None and obj._meta.label_lower == "tenants.tenant" else getattr(obj, "tenant", None)
    return tenant is not None and bool(is_tenant_staff(user, tenant))


rules.add_perm("programmes.manage", is_programme_officer)
