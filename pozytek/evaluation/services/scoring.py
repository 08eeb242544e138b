"""The members' work: the declaration on the grounds of art. 24 KPA, then score cards per offer.

A member signs the declaration once, after the commission's appointment and before seeing any
offer; offers whose offerors they declare a tie with are hidden from them. A card holds points per
criterion (0 to the criterion's maximum, at most two decimal places), optional comments and a
justification; it is saved as a draft any number of times and submitted once. Writes lock the
commission's row first, so they never interleave with the chair closing the round.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.core.workflow import TransitionNotAllowed, apply_transition
from pozytek.evaluation.models import Commission, CommissionMember, ConflictDeclaration, Score, ScoreCard
from pozytek.evaluation.permissions import may_score, may_view_offer
from pozytek.evaluation.selectors import criteria_of, latest_version, scored_offers, seats_of_user
from pozytek.evaluation.states import CardState, CommissionState
from pozytek.offers.models import Offer, Offeror, OfferVersion

CENT = Decimal("0.01")
JUSTIFICATION_MAX_LENGTH = 20_000
NOTE_MAX_LENGTH = 5_000

# Reads used by the member's pages ---------------------------------------------------------------


def seat_in_commission(user: Any, tenant: Any, commission_pk: int) -> CommissionMember:
    """The user's seat in this local government's commission, or 404 (a non-member learns nothing)."""
    seat = seats_of_user(user, tenant).filter(commission_id=commission_pk).select_related("commission__call").first()
    if seat is None:
        raise Http404
    return seat


def offerors_by_offer(offers: Iterable[Offer]) -> dict[int, list[str]]:
    """Names of every offeror of each offer, from its latest submitted version (else its rows)."""
    offers = list(offers)
    names: dict[int, list[str]] = {}
    for version in OfferVersion.objects.filter(offer__in=offers).order_by("offer_id", "-number"):
        if version.offer_id in names:
            continue
        listed = [str(o.get("name", "")) for o in version.snapshot.get("offerors", []) if o.get("name")]
        if listed:
            names[version.offer_id] = listed
    missing = [o.pk for o in offers if o.pk not in names]
    for offeror in Offeror.objects.filter(offer_id__in=missing).order_by("offer_id", "order"):
        names.setdefault(offeror.offer_id, []).append(offeror.name)
    for offer in offers:
        names.setdefault(offer.pk, [offer.organisation.name])
    return names


def declaration_listing(commission: Commission) -> list[dict[str, Any]]:
    """Every offer that passed the formal check, with all its offerors: what the member declares on."""
    offers = list(scored_offers(commission.call))
    names = offerors_by_offer(offers)
    return [{"offer": o.pk, "title": o.title, "offerors": names[o.pk]} for o in offers]


def cards_of_seat(seat: CommissionMember) -> dict[int, ScoreCard]:
    return {card.offer_id: card for card in ScoreCard.objects.filter(member=seat)}


def cards_for_offer(commission: Commission, offer: Offer) -> list[ScoreCard]:
    """Every member's submitted card for the offer, with points, for the table shown after one's own submission."""
    return list(
        ScoreCard.objects.filter(member__commission=commission, offer=offer, state=CardState.SUBMITTED)
        .select_related("member__user")
        .prefetch_related("scores")
        .order_by("member__role", "member__pk")
    )


# Validation -------------------------------------------------------------------------------------


def points_problem(value: Any, max_points: int) -> str:
    """Why `value` is not a valid number of points for a criterion worth `max_points`, or ''."""
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return _("Enter a number, for example 7 or 7.5.")
    if not value.is_finite():
        return _("Enter a number, for example 7 or 7.5.")
    if value < 0:
        return _("Points cannot be negative.")
    if value > max_points:
        return _("At most %(max)s points for this criterion.") % {"max": max_points}
    if value != value.quantize(CENT):
        return _("Give points with at most two decimal places.")
    return ""


# Writes ------------------------------------------------------------------------------------------


def _lock_commission(seat: CommissionMember) -> CommissionMember:
    """Lock the commission's row (closing the round locks it too) and re-read the seat with it."""
    Commission.objects.select_for_update().filter(pk=seat.commission_id).first()
    fresh: CommissionMember = CommissionMember.objects.select_related("commission__call", "user").get(pk=seat.pk)
    return fresh


def _check_own(seat: CommissionMember, actor: Any) -> None:
    if getattr(actor, "pk", None) != seat.user_id:
        raise PermissionDenied(_("You can act only for your own seat in the commission."))


@transaction.atomic
def sign_declaration(
    *, seat: CommissionMember, actor: Any, conflicted_offers: Iterable[Offer | int], statement: str
) -> ConflictDeclaration:
    """Sign the declaration once, after the appointment; the offers ticked are excluded from the member."""
    _check_own(seat, actor)
    seat = _lock_commission(seat)
    commission = seat.commission
    if commission.state != CommissionState.APPOINTED:
        raise ValidationError(
            _("The declaration can be signed only once the commission is appointed and before scoring closes.")
        )
    if ConflictDeclaration.objects.filter(member=seat).exists():
        raise ValidationError(_("You have already signed the declaration."))
    if not statement.strip():
        raise ValidationError({"statement": _("Confirm the declaration.")})
    listing = declaration_listing(commission)
    allowed = {row["offer"] for row in listing}
    chosen = {o if isinstance(o, int) else o.pk for o in conflicted_offers}
    if chosen - allowed:
        raise ValidationError({"conflicts": _("Choose only offers listed in the declaration.")})
    try:
        with transaction.atomic():
            declaration: ConflictDeclaration = ConflictDeclaration.objects.create(
                tenant=seat.tenant,
                member=seat,
                listed=[{"offer": row["offer"], "offerors": row["offerors"]} for row in listing],
                statement=statement.strip(),
                signed_at=timezone.now(),
            )
    except IntegrityError as error:
        raise ValidationError(_("You have already signed the declaration.")) from error
    declaration.conflicted_offers.set(sorted(chosen))
    record_event(
        actor=actor,
        subject=seat,
        action="commission_member.declare",
        data={"commission": commission.pk, "conflicted_offers": sorted(chosen), "listed": sorted(allowed)},
    )
    return declaration


@transaction.atomic
def save_card(
    *,
    seat: CommissionMember,
    offer: Offer,
    actor: Any,
    points: Mapping[int, Decimal],
    notes: Mapping[int, str],
    justification: str,
) -> ScoreCard:
    """Save the member's card for the offer as a draft (on the offer's latest version).

    Points may be missing in a draft; given points are checked against the criterion. Refused once the
    card is submitted or the round is closed.
    """
    _check_own(seat, actor)
    seat = _lock_commission(seat)
    if seat.commission.state != CommissionState.APPOINTED:
        raise ValidationError(_("Scoring is closed."))
    current = Offer.objects.select_related("call").get(pk=offer.pk)
    if not may_score(seat, current):
        raise PermissionDenied(_("You cannot score this offer."))
    criteria = {c.pk: c for c in criteria_of(current.call)}
    errors: dict[str, list[str]] = {}
    unknown = (set(points) | {k for k, v in notes.items() if v.strip()}) - set(criteria)
    if unknown:
        raise ValidationError(_("The form does not match the criteria of this call. Reload the page."))
    for pk, value in points.items():
        problem = points_problem(value, criteria[pk].max_points)
        if problem:
            errors[f"criterion-{pk}"] = [problem]
    for pk, note in notes.items():
        if note.strip() and pk not in points and f"criterion-{pk}" not in errors:
            errors[f"criterion-{pk}"] = [_("Give points for this criterion to save your comment.")]
        if len(note) > NOTE_MAX_LENGTH:
            errors[f"note-{pk}"] = [_("The comment is too long.")]
    if len(justification) > JUSTIFICATION_MAX_LENGTH:
        errors["justification"] = [_("The justification is too long.")]
    if errors:
        raise ValidationError(errors)
    card: ScoreCard | None = ScoreCard.objects.select_for_update().filter(member=seat, offer=current).first()
    if card is None:
        version = latest_version(current)
        if version is None:
            raise PermissionDenied(_("You cannot score this offer."))
        card = ScoreCard.objects.create(
            tenant=seat.tenant, member=seat, offer=current, version=version, justification=justification.strip()
        )
    elif card.state != CardState.DRAFT:
        raise ValidationError(_("You have already submitted your score card for this offer; it can no longer change."))
    else:
        card.justification = justification.strip()
        card.save(update_fields=["justification", "updated_at"])
    for pk in criteria:
        if pk in points:
            Score.objects.update_or_create(
                card=card,
                criterion_id=pk,
                defaults={"points": Decimal(str(points[pk])).quantize(CENT), "note": notes.get(pk, "").strip()},
            )
        else:
            Score.objects.filter(card=card, criterion_id=pk).delete()
    record_event(
        actor=actor,
        subject=card,
        action="scorecard.save",
        data={"offer": current.pk, "points": {str(k): str(v) for k, v in sorted(points.items())}},
    )
    return card


@transaction.atomic
def submit_card(*, card: ScoreCard, actor: Any) -> ScoreCard:
    """Submit the card (guard: points for every criterion and a justification; scoring open).

    Submitting an already submitted card returns it unchanged (double click), never a second event.
    """
    seat = _lock_commission(card.member)
    _check_own(seat, actor)
    current: ScoreCard = ScoreCard.objects.select_related("offer__call").get(pk=card.pk)
    if current.state == CardState.SUBMITTED:
        return current
    if seat.commission.state != CommissionState.APPOINTED:
        raise ValidationError(_("Scoring is closed."))
    if not may_view_offer(seat, current.offer):
        raise PermissionDenied(_("You cannot score this offer."))
    try:
        submitted: ScoreCard = apply_transition(
            current,
            "submit",
            actor=actor,
            queryset=ScoreCard.objects.select_related("member__commission", "member__user", "offer__call"),
        )
    except TransitionNotAllowed:
        again: ScoreCard = ScoreCard.objects.get(pk=card.pk)
        if again.state == CardState.SUBMITTED:
            return again
        raise
    submitted.submitted_at = timezone.now()
    submitted.save(update_fields=["submitted_at", "updated_at"])
    return submitted
