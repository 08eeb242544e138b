"""The executive's decision on the results (rozstrzygnięcie, art. 15 ust. 2g–2h) and its publication.

`record_decision` checks everything first and saves nothing when anything is wrong: the call is
closed (not cancelled or already resolved), the formal check is finished, the commission (when the
call has one) has closed its scoring, and every amount is a non-negative sum in grosze, not above the
offer's requested grant, with a reason where it departs from the commission's proposal, and all
together not above the call's funds. It then saves the decision and one award per formally correct
offer, moves each offer (award / award_less / not_award) and the call (resolve) through the workflow
engine, and e-mails every offeror after the transaction commits. Results are public at once.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.competitions.models import Call
from pozytek.competitions.services import resolve_call
from pozytek.competitions.states import CallState, is_call_officer
from pozytek.core.audit import record_event
from pozytek.core.money import parse_amount
from pozytek.evaluation.models import Award, Decision
from pozytek.evaluation.selectors import (
    commission_of,
    open_state_offers,
    proposals_of,
    requested_grant,
    scored_offers,
)
from pozytek.evaluation.states import CommissionState
from pozytek.notifications.services import queue_email_text
from pozytek.offers.models import Offer
from pozytek.offers.services import record_grant_decision
from pozytek.offers.states import OfferState

NUMBER_MAX_LENGTH = 60
# Award.amount is DecimalField(max_digits=12, decimal_places=2).
ZERO = Decimal("0.00")


def amount_field(offer_id: int) -> str:
    return f"amount_{offer_id}"


def reason_field(offer_id: int) -> str:
    return f"reason_{offer_id}"


def decision_problems(call: Call) -> list[str]:
    """Why a decision cannot be recorded for the call now (empty when it can)."""
    if call.state == CallState.RESOLVED:
        return [_("The call has already been resolved: the decision is recorded and the results are published.")]
    if call.state == CallState.CANCELLED:
        return [_("The call has been cancelled; there is nothing to decide.")]
    if call.state != CallState.CLOSED:
        return [_("The call must be closed to offers before the decision on the results.")]
    problems = []
    if open_state_offers(call).exists():
        problems.append(_("The formal check is not finished: some offers are still submitted or awaiting correction."))
    commission = commission_of(call)
    if commission is not None and commission.state != CommissionState.CLOSED:
        problems.append(
            _(
                "The competition commission has not closed its scoring yet: its opinion comes before the "
                "decision (art. 15 ust. 2a and 2g)."
            )
        )
    return problems


def _amount_problem(value: Any, requested: Decimal) -> tuple[Decimal | None, str]:
    """(amount, "") or (None, message) for one offer's awarded amount."""
    amount, message = parse_amount(value, missing=_("Enter the awarded amount (0 when the offer is not chosen)."))
    if amount is None:
        return None, message
    if amount > requested:
        return None, _("The amount %(amount)s exceeds the %(requested)s PLN requested in the offer.") % {
            "amount": amount,
            "requested": requested,
        }
    return amount, ""


def clean_order(number: str, date: dt.date | None, errors: dict[str, list[str]]) -> str:
    """The number and date of the order (zarządzenie) deciding grants; problems go into `errors`."""
    number = (number or "").strip()
    if not number:
        errors["number"] = [_("Enter the number of the order.")]
    elif len(number) > NUMBER_MAX_LENGTH:
        errors["number"] = [_("The number can have at most %(n)d characters.") % {"n": NUMBER_MAX_LENGTH}]
    if date is None:
        errors["date"] = [_("Enter the date of the order.")]
    elif date > timezone.localdate():
        errors["date"] = [_("The date of the order cannot be in the future.")]
    return number


def _action_for(amount: Decimal, requested: Decimal) -> str:
    if amount <= 0:
        return "not_award"
    return "award" if amount >= requested else "award_less"


def _offer_addresses(offer: Offer) -> list[str]:
    addresses: list[str] = []
    for address in (offer.organisation.email, offer.contact_email):
        if address and address.lower() not in {a.lower() for a in addresses}:
            addresses.append(address)
    return addresses


@transaction.atomic
def record_decision(
    *,
    call: Call,
    actor: Any,
    number: str,
    date: dt.date | None,
    note: str,
    amounts: Mapping[int, Decimal],
    reasons: Mapping[int, str],
) -> Decision:
    """Record the executive's order, publish the results and notify the offerors.

    Raises PermissionDenied for someone outside the office of the call's local government and
    ValidationError (keys: "number", "date", "amount_<offer pk>", "reason_<offer pk>", "__all__")
    for anything else; nothing is saved then. A second request for a resolved call is refused.
    """
    if not is_call_officer(actor, call):
        raise PermissionDenied(_("You do not have a role in this office that allows this."))
    locked = Call.objects.select_for_update(of=("self",)).select_related("tenant").get(pk=call.pk)
    problems = decision_problems(locked)
    if problems:
        raise ValidationError({"__all__": problems})

    errors: dict[str, list[str]] = {}
    number = clean_order(number, date, errors)

    offers = list(scored_offers(locked).filter(state=OfferState.FORMALLY_ACCEPTED).select_related("organisation"))
    known = {offer.pk for offer in offers}
    unknown = [key for key in amounts if key not in known]
    if unknown:
        errors.setdefault("__all__", []).append(
            _("The amounts refer to offers that are not formally correct offers of this call.")
        )
    commission = commission_of(locked)
    proposals = proposals_of(commission) if commission is not None else {}
    chosen: list[tuple[Offer, Decimal, Decimal, Decimal | None, str]] = []
    for offer in offers:
        requested = requested_grant(offer)
        amount, message = _amount_problem(amounts.get(offer.pk), requested)
        if amount is None:
            errors[amount_field(offer.pk)] = [message]
            continue
        proposal = proposals.get(offer.pk)
        proposed = proposal.amount if proposal is not None else None
        reason = (reasons.get(offer.pk) or "").strip()
        if proposed is not None and amount != proposed and not reason:
            errors[reason_field(offer.pk)] = [
                _("Give the reason why the amount differs from the commission's proposal (%(proposed)s PLN).")
                % {"proposed": proposed}
            ]
        chosen.append((offer, amount, requested, proposed, reason))
    total = sum((amount for _offer, amount, *_rest in chosen), ZERO)
    funds = locked.total_funds if locked.total_funds is not None else ZERO
    if not errors and total > funds:
        errors["__all__"] = [
            _("The awarded amounts total %(total)s PLN, more than the %(funds)s PLN of public funds in the call.")
            % {"total": total, "funds": funds}
        ]
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    decision: Decision = Decision.objects.create(
        tenant=locked.tenant,
        call=locked,
        number=number,
        date=date,
        note=(note or "").strip(),
        recorded_by=actor,
        published_at=now,
    )
    outcomes = []
    for offer, amount, requested, proposed, reason in chosen:
        Award.objects.create(
            tenant=locked.tenant,
            decision=decision,
            offer=offer,
            amount=amount,
            requested=requested,
            proposed=proposed,
            reason=reason,
        )
        action = _action_for(amount, requested)
        # The grants register follows the offer's award (grants.listeners): its row is written in
        # this transaction from the decision's number, the amount and the publication time.
        moved = record_grant_decision(
            offer=offer,
            outcome=action,
            actor=actor,
            reason=reason,
            data={
                "decision": number,
                "amount": str(amount),
                "requested": str(requested),
                "published_at": now.isoformat(),
            },
        )
        outcomes.append((moved, amount, requested, action))
    resolved = resolve_call(
        call=locked, actor=actor, data={"decision": number, "date": date.isoformat() if date else None}
    )
    record_event(
        actor=actor,
        subject=decision,
        action="decision.record",
        data={
            "call": locked.pk,
            "number": number,
            "date": date.isoformat() if date else None,
            "total": str(total),
            "awards": {str(offer.pk): str(amount) for offer, amount, *_rest in chosen},
            "departures": {str(offer.pk): reason for offer, _a, _r, _p, reason in chosen if reason},
        },
    )
    for offer, amount, requested, action in outcomes:
        addresses = _offer_addresses(offer)
        if addresses:
            queue_email_text(
                to=addresses,
                template="evaluation/email/decision_result.txt",
                context={
                    "call": resolved,
                    "tenant": resolved.tenant,
                    "decision": decision,
                    "offer": offer,
                    "amount": amount,
                    "requested": requested,
                    "awarded": action != "not_award",
                    "update_required": action == "award_less",
                },
            )
    return decision
