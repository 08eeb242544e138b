"""Who may do what with an agreement: the office prepares, signs and pays; the organisation reads.

The office's rules are checked on the tenant (`agreements.manage_agreements`, as office pages do);
the organisation's members read their agreements (never change them): `is_party_member` is a plain
predicate tested directly, so a platform admin does not pass it as a Django superuser would.
"""

from typing import Any

import rules

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.agreements.selectors import party_organisation_ids
from pozytek.core.workflow import OFFICE_ONLY, refuses
from pozytek.organisations.models import OrganisationMember


@refuses(OFFICE_ONLY)
@rules.predicate
def is_agreement_officer(user: Any, obj: Any) -> bool:
    """Office staff of the local government that owns the agreement, tranche or grant."""
    if not getattr(user, "is_authenticated", False):
        return False
    tenant = getattr(obj, "tenant", None)
    return tenant is not None and bool(is_tenant_staff(user, tenant))


def is_party_member(user: Any, agreement: Any) -> bool:
    """Owner or editor of an organisation that is a party to the agreement (read-only access)."""
    if agreement is None or not getattr(user, "is_authenticated", False):
        return False
    ids = party_organisation_ids(agreement)
    return OrganisationMember.objects.filter(user=user, organisation_id__in=ids).exists()


rules.add_perm("agreements.manage_agreements", is_tenant_staff)
