"""Who may do what with councils and teams.

The office (officials and administrators of the tenant) runs everything. A body's chair, deputy or
secretary in office who has a platform account acts for the body: records its opinions and minutes.
Organisation owners and editors nominate candidates on behalf of their organisation.
"""

from typing import Any

import rules

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.core.workflow import OFFICE_ONLY, refuses
from pozytek.councils.selectors import is_officer_seat


@refuses(OFFICE_ONLY)
@rules.predicate
def is_council_officer(user: Any, obj: Any) -> bool:
    """Office staff of the local government that owns the body, meeting or request."""
    tenant = obj if obj is not None and obj._meta.label_lower == "tenants.tenant" else getattr(obj, "tenant", None)
    return tenant is not None and bool(is_tenant_staff(user, tenant))


def _body(obj: Any) -> Any:
    if obj is None:
        return None
    return obj if obj._meta.label_lower == "councils.body" else getattr(obj, "body", None)


@rules.predicate
def acts_for_body(user: Any, obj: Any) -> bool:
    """The body's chair, deputy chair or secretary in office today (with a platform account)."""
    body = _body(obj)
    return body is not None and is_officer_seat(user, body)


def may_nominate(user: Any, organisation: Any) -> bool:
    """An owner or editor of the organisation nominates on its behalf."""
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return False
    return bool(organisation.members.filter(user=user).exists())


rules.add_perm("councils.manage_bodies", is_council_officer)
rules.add_perm("councils.act_for_body", is_council_officer | acts_for_body)
