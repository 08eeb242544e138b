"""Who may do what with an organisation's profile."""

from typing import Any

import rules

from pozytek.organisations.selectors import member_role
from pozytek.organisations.states import MemberRole


@rules.predicate
def is_member(user: Any, organisation: Any) -> bool:
    """Owner or editor of the organisation's profile."""
    return organisation is not None and member_role(user, organisation) is not None


@rules.predicate
def is_owner(user: Any, organisation: Any) -> bool:
    return organisation is not None and member_role(user, organisation) == MemberRole.OWNER


rules.add_perm("organisations.edit_profile", is_member)
rules.add_perm("organisations.manage_members", is_owner)
