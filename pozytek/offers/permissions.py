"""Who may do what with an offer: members of its organisation write it; the office reads it."""

from typing import Any

import rules

from pozytek.organisations.permissions import is_member


@rules.predicate
def is_offer_editor(user: Any, offer: Any) -> bool:
    """Owner or editor of the organisation that writes the offer (section II, first offeror)."""
    return offer is not None and bool(is_member(user, offer.organisation))


rules.add_perm("offers.edit_offer", is_offer_editor)
