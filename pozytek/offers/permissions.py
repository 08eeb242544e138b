"""Who may do what with an offer: members of its organisation write it; the office reads it."""

from typing import Any

import rules

from pozytek.core.workflow import KEEPERS_ONLY, refuses
from pozytek.offers.selectors import EDITOR_ROLE, EDITOR_ROLE_USER
from pozytek.organisations.permissions import is_member


@refuses(KEEPERS_ONLY)
@rules.predicate
def is_offer_editor(user: Any, offer: Any) -> bool:
    """Owner or editor of the organisation that writes the offer (section II, first offeror)."""
    if offer is None:
        return False
    # The role annotated by `with_editor_role` when the offer was read for this very user (the services'
    # row lock): the same lookup as `is_member`, without a query of its own.
    role_user = getattr(offer, EDITOR_ROLE_USER, None)
    if role_user is not None and role_user == getattr(user, "pk", None):
        return getattr(offer, EDITOR_ROLE) is not None
    return bool(is_member(user, offer.organisation))


rules.add_perm("offers.edit_offer", is_offer_editor)
