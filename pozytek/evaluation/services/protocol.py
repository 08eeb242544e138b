"""The chair's round: proposed amounts and the opinion, closing the scoring, accepting the protocol.

Every write locks the commission's row first, so proposals, closing and signatures by two people at
once are serialised: the second closing finds the round already closed (TransitionNotAllowed).
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.core.money import format_amount
from pozytek.core.workflow import apply_transition
from pozytek.evaluation.models import Commission, CommissionMember, Proposal, ProtocolSignature
from pozytek.evaluation.permissions import is_chair_of
from pozytek.evaluation.selectors import compute_ranking, members_of, requested_grant, scored_offers
from pozytek.evaluation.states import CommissionState
from pozytek.notifications.services import queue_email_text

CENT = Decimal("0.01")
# Proposal.amount has 12 digits, 2 of them after the point.
MAX_AMOUNT = Decimal("9999999999.99")


def amount_field(offer_id: int) -> str:
    """The form field (and error key) of an offer's proposed amount."""
    return f"amount-{offer_id}"


def note_field(offer_id: int) -> str:
    return f"note-{offer_id}"


def _amount_problem(amount: Decimal, requested: Decimal) -> str:
    if not amount.is_finite():
        return _("Enter an amount in złoty, e.g. 12500.00.")
    if amount < 0:
        return _("The amount cannot be negative.")
    if amount != amount.quantize(CENT):
        return _("Enter the amount with at most 2 decimal places (grosze).")
    if amount > MAX_AMOUNT:
        return _("The amount is too large.")
    if amount > requested:
        return _("The proposed amount cannot exceed the requested grant (%(requested)s zł).") % {
            "requested": format_amount(requested)
        }
    return ""


def _lock(commission: Commission) -> Commission:
    return Commission.objects.select_for_update().get(pk=commission.pk)  # type: ignore[no-any-return]


@transaction.atomic
def set_proposals(
    *,
    commission: Commission,
    actor: Any,
    amounts: Mapping[int, Decimal | None],
    notes: Mapping[int, str],
    opinion: str,
) -> Commission:
    """The chair's proposed grant per offer (None removes a proposal), remarks, and the opinion.

    Only while the commission scores (APPOINTED). An amount must be ≥ 0 with at most 2 decimal places
    and not above the offer's requested grant (errors keyed by `amount-<offer id>`, nothing saved). A
    total above the call's funds is saved: the ranking warns about it and it blocks closing.
    """
    locked = _lock(commission)
    if not is_chair_of(actor, locked):
        raise PermissionDenied(_("Only the chair of the commission proposes the amounts."))
    if locked.state != CommissionState.APPOINTED:
        raise ValidationError(_("The scoring is closed: the proposals can no longer change."))
    offers = {offer.pk: offer for offer in scored_offers(locked.call)}
    errors: dict[str, list[str]] = {}
    for offer_id, amount in amounts.items():
        offer = offers.get(offer_id)
        if offer is None:
            raise ValidationError(_("An offer in the form is not among the offers the commission scores."))
        if amount is not None:
            problem = _amount_problem(amount, requested_grant(offer))
            if problem:
                errors[amount_field(offer_id)] = [problem]
    for offer_id in notes:
        if offer_id not in offers:
            raise ValidationError(_("An offer in the form is not among the offers the commission scores."))
    if errors:
        raise ValidationError(errors)
    existing = {p.offer_id: p for p in Proposal.objects.filter(commission=locked)}
    changed: dict[str, str | None] = {}
    for offer_id, amount in amounts.items():
        proposal = existing.get(offer_id)
        note = notes.get(offer_id, proposal.note if proposal else "").strip()
        if amount is None:
            if proposal is not None:
                proposal.delete()
                changed[str(offer_id)] = None
            continue
        if proposal is None:
            Proposal.objects.create(
                tenant_id=locked.tenant_id, commission=locked, offer_id=offer_id, amount=amount, note=note
            )
            changed[str(offer_id)] = str(amount)
        elif proposal.amount != amount or proposal.note != note:
            proposal.amount, proposal.note = amount, note
            proposal.save(update_fields=["amount", "note", "updated_at"])
            changed[str(offer_id)] = str(amount)
    opinion = opinion.strip()
    opinion_changed = opinion != locked.opinion
    if opinion_changed:
        locked.opinion = opinion
        locked.save(update_fields=["opinion", "updated_at"])
    record_event(
        actor=actor,
        subject=locked,
        action="commission.set_proposals",
        data={"proposals": changed, "opinion_changed": opinion_changed},
    )
    return locked


@transaction.atomic
def close_round(*, commission: Commission, actor: Any) -> Commission:
    """The chair closes the scoring: the guard checks every card and proposal (closing_problems);
    the ranking is frozen into `result`; members are asked to accept the protocol.

    A second closing (another tab, the other person at the same time) waits for the row lock and
    then gets TransitionNotAllowed: the round is closed once.
    """
    closed = apply_transition(commission, "close_round", actor=actor)
    closed.result = compute_ranking(closed).as_json()
    closed.closed_at = timezone.now()
    closed.closed_by = actor
    closed.save(update_fields=["result", "closed_at", "closed_by", "updated_at"])
    record_event(
        actor=actor,
        subject=closed,
        action="commission.freeze_result",
        data={"offers": len(closed.result["rows"]), "proposed_total": closed.result["proposed_total"]},
    )
    call = closed.call
    for member in members_of(closed):
        if member.user.email:
            queue_email_text(
                to=[member.user.email],
                template="evaluation/email/protocol_closed.txt",
                context={"commission": closed, "call": call, "tenant": call.tenant, "member": member},
            )
    return closed


@transaction.atomic
def sign_protocol(*, seat: CommissionMember, actor: Any) -> ProtocolSignature:
    """The member accepts the protocol in the system, once; a repeated request returns the first signature."""
    if getattr(actor, "pk", None) != seat.user_id:
        raise PermissionDenied(_("Only the member themselves accepts the protocol."))
    commission = _lock(seat.commission)
    if commission.state != CommissionState.CLOSED:
        raise ValidationError(_("The protocol can be accepted only after the chair closes the scoring."))
    existing = ProtocolSignature.objects.filter(member=seat).first()
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    signature = ProtocolSignature.objects.create(tenant_id=seat.tenant_id, member=seat, signed_at=timezone.now())
    record_event(actor=actor, subject=commission, action="commission.sign_protocol", data={"member": seat.pk})
    return signature  # type: ignore[no-any-return]
