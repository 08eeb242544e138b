"""The grants register follows the lifecycles it mirrors (offers, agreements), in their transactions.

The register's row is owned here: the evaluation's decision, the office's acceptance of an offer
update, the signing, termination and settlement of an agreement move their own records, and these
listeners (registered in `GrantsConfig.ready()`) write the row in the same transaction. Nothing
above this app writes `Grant` itself, and this app imports none of them: the records are named by
their labels and read through their fields.
"""

from decimal import Decimal

from django.utils.dateparse import parse_datetime

from pozytek.core.workflow import TransitionEvent, on_transition
from pozytek.grants.models import Grant
from pozytek.grants.services import register_awarded_grant, set_grant_status
from pozytek.grants.states import GrantStatus


def offer_awarded(event: TransitionEvent) -> None:
    """An offer awarded in full or in part (rozstrzygnięcie) enters the register."""
    data = event.data
    amount = Decimal(data["amount"])
    published_at = parse_datetime(data["published_at"])
    if amount <= 0 or published_at is None:
        return
    register_awarded_grant(
        offer=event.obj,
        amount=amount,
        decision_number=data["decision"],
        published_at=published_at,
        update_required=event.transition.action == "award_less",
        actor=event.actor,
    )


def offer_update_accepted(event: TransitionEvent) -> None:
    """The offer update was accepted: the grant is awarded as updated."""
    grant = Grant.objects.filter(offer=event.obj).first()
    if grant is not None:
        set_grant_status(grant=grant, status=GrantStatus.AWARDED, actor=event.actor)


AGREEMENT_STATUS = {
    "sign": GrantStatus.AGREEMENT,
    "terminate": GrantStatus.WITHDRAWN,
    "settle": GrantStatus.SETTLED,
}


def agreement_moved(event: TransitionEvent) -> None:
    """Signed, terminated or settled: the register shows it (with the amount settled)."""
    agreement = event.obj
    grant = Grant.objects.get(pk=agreement.grant_id)
    settled = event.data.get("amount_settled")
    set_grant_status(
        grant=grant,
        status=AGREEMENT_STATUS[event.transition.action],
        actor=event.actor,
        amount_settled=Decimal(settled) if settled is not None else None,
    )


def register() -> None:
    on_transition("offers.offer", offer_awarded, actions=("award", "award_less"))
    on_transition("offers.offer", offer_update_accepted, actions=("accept_update",))
    on_transition("agreements.agreement", agreement_moved, actions=tuple(AGREEMENT_STATUS))
