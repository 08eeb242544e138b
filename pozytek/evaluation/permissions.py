"""Who may do what in the evaluation: the office runs it, commission members score what they may see.

Object rules for scoring are plain predicates, tested directly (never through `has_perm`, which
lets Django superusers through): a platform admin does not score offers.
"""

from typing import Any

import rules
from django.utils.translation import gettext_lazy

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.core.workflow import OFFICE_ONLY, refuses
from pozytek.evaluation.models import Commission, CommissionMember
from pozytek.evaluation.selectors import declaration_of, excluded_offer_ids, seat_of
from pozytek.evaluation.states import CommissionState, MemberRole
from pozytek.offers.states import SCORED_STATES
from pozytek.organisations.selectors import organisations_of


@refuses(OFFICE_ONLY)
@rules.predicate
def is_evaluation_officer(user: Any, obj: Any) -> bool:
    """Office staff of the local government that owns the call, commission, offer or request."""
    tenant = getattr(obj, "tenant", None)
    return tenant is not None and bool(is_tenant_staff(user, tenant))


def is_member_of(user: Any, commission: Commission | None) -> bool:
    return seat_of(user, commission) is not None


def is_chair_of(user: Any, commission: Commission | None) -> bool:
    seat = seat_of(user, commission)
    return seat is not None and seat.role == MemberRole.CHAIR


def has_declared(seat: CommissionMember | None) -> bool:
    return seat is not None and declaration_of(seat) is not None


def may_view_offer(seat: CommissionMember | None, offer: Any) -> bool:
    """A member sees an offer of their own commission's call once they signed the declaration,
    only if it passed the formal check, they declared no conflict with its offerors and keep none of
    them now (joining an offering organisation after the declaration excludes them all the same)."""
    if seat is None or offer is None:
        return False
    commission = seat.commission
    if offer.call_id != commission.call_id or offer.state not in SCORED_STATES:
        return False
    if commission.state not in (CommissionState.APPOINTED, CommissionState.CLOSED):
        return False
    if not has_declared(seat):
        return False
    return offer.pk not in excluded_offer_ids(seat)


def may_score(seat: CommissionMember | None, offer: Any) -> bool:
    """Scoring is open while the commission is appointed and not closed."""
    return seat is not None and seat.commission.state == CommissionState.APPOINTED and may_view_offer(seat, offer)


def may_nominate(user: Any) -> bool:
    """Owners and editors of an organisation's profile nominate candidates to a commission (the nomination
    page refuses anyone else; the office's page links to it only for them)."""
    return organisations_of(user).exists()


@refuses(gettext_lazy("Only the commission member who keeps this score card can do this."))
@rules.predicate
def is_card_owner(user: Any, card: Any) -> bool:
    return card is not None and getattr(user, "pk", None) == card.member.user_id


@rules.predicate
def is_commission_chair(user: Any, commission: Any) -> bool:
    return is_chair_of(user, commission)


rules.add_perm("evaluation.manage_evaluation", is_tenant_staff)
