"""Who may do what in regranting: the office names operators and reads everything; the people who keep the
operator organisation's profile run its workspace; the operator's committee scores; anyone signed in applies."""

from typing import Any

import rules

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.core.workflow import KEEPERS_ONLY, refuses
from pozytek.organisations.selectors import member_role
from pozytek.regranting.selectors import is_committee_member, operator_of


@refuses(KEEPERS_ONLY)
@rules.predicate
def is_operator_keeper(user: Any, obj: Any) -> bool:
    """Keeps the profile of the operator organisation (obj: the operator or one of its records)."""
    if not getattr(user, "is_authenticated", False) or obj is None:
        return False
    return member_role(user, operator_of(obj).organisation) is not None


@rules.predicate
def sits_on_committee(user: Any, obj: Any) -> bool:
    """Named by the operator to its committee (obj: the operator or one of its records)."""
    if not getattr(user, "is_authenticated", False) or obj is None:
        return False
    return is_committee_member(user, operator_of(obj))


rules.add_perm("regranting.view_office", is_tenant_staff)
rules.add_perm("regranting.name_operators", is_tenant_staff)
# The workspace calls is_operator_keeper / sits_on_committee directly, never through has_perm: the platform
# admin (a superuser passes every has_perm) has no seat in an operator's workspace.
