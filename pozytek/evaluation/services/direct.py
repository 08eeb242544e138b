"""The executive's decision on one offer outside an open competition (funding routes, offers/routes.py).

On a small grant (art. 19a: the executive awards it "uznając celowość realizacji zadania") and the other
routes without a `Call` there is no call checklist, commission or results of a call: the office records
the decision on the submitted offer directly. The offer's own lifecycle moves through the offers'
named services (formally correct, then award / not award), and the grants register follows the award
(grants.listeners) as it does after a competition's decision.

For now the grant is awarded as requested or not at all: a lower amount needs the offer update
(aktualizacja), which reads the awarded amount from the competition's `Award`.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.competitions.states import is_call_officer
from pozytek.core.audit import record_event
from pozytek.evaluation.selectors import requested_grant
from pozytek.evaluation.services.decision import _action_for, _amount_problem, clean_order
from pozytek.offers.models import Offer
from pozytek.offers.routes import route_of
from pozytek.offers.services import record_formal_outcome, record_grant_decision
from pozytek.offers.states import OfferState


@transaction.atomic
def record_direct_decision(
    *, offer: Offer, actor: Any, number: str, date: dt.date | None, amount: Any, reason: str = ""
) -> Offer:
    """Record the executive's decision on an offer outside a competition and publish the grant.

    Raises PermissionDenied for someone outside the office of the offer's local government and
    ValidationError (keys: "number", "date", "amount", "__all__") for anything else; nothing is saved then.
    """
    locked: Offer = (
        Offer.objects.select_for_update(of=("self",)).select_related("organisation", "tenant").get(pk=offer.pk)
    )
    if not is_call_officer(actor, locked):
        raise PermissionDenied(_("You do not have a role in this office that allows this."))
    route = route_of(locked)
    if route.takes_call:  # an open competition or a Sport Act call: decided with the call's results
        raise ValidationError(
            {"__all__": [_("This offer answers an open competition: its grant is decided with the call's results.")]}
        )
    if locked.state not in (OfferState.SUBMITTED, OfferState.FORMALLY_ACCEPTED):
        raise ValidationError(
            {"__all__": [_("This action is not possible in the current state. Someone may have changed it already.")]}
        )
    errors: dict[str, list[str]] = {}
    number = clean_order(number, date, errors)
    requested = requested_grant(locked)
    awarded, message = _amount_problem(amount, requested)
    if awarded is None:
        errors["amount"] = [message]
    elif 0 < awarded < requested:
        errors["amount"] = [
            _("On this route the grant is awarded as requested (%(requested)s PLN) or not at all.")
            % {"requested": requested}
        ]
    if errors:
        raise ValidationError(errors)
    assert awarded is not None and date is not None  # noqa: S101 -- checked above
    if locked.state == OfferState.SUBMITTED:
        locked = record_formal_outcome(
            offer=locked, outcome="accept_formally", actor=actor, data={"route": route.code.value}
        )
    action = _action_for(awarded, requested)
    moved = record_grant_decision(
        offer=locked,
        outcome=action,
        actor=actor,
        reason=(reason or "").strip(),
        data={
            "decision": number,
            "amount": str(awarded),
            "requested": str(requested),
            "published_at": timezone.now().isoformat(),
            "route": route.code.value,
        },
    )
    record_event(
        actor=actor,
        subject=moved,
        action="decision.direct",
        data={
            "route": route.code.value,
            "number": number,
            "date": date.isoformat(),
            "amount": str(awarded),
            "outcome": action,
        },
    )
    return moved
