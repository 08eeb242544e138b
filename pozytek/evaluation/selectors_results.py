"""Reads for the decision and its publication: results rows, the cancellation notice, justification requests.

Public reads go through `resolved_call` / `cancelled_call`, which filter by the request's tenant and
the call's state, so another tenant's id, a draft or a call not yet resolved gives 404.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from pozytek.competitions.models import Call
from pozytek.competitions.states import CallState
from pozytek.core.models import AuditEvent
from pozytek.evaluation.models import Award, Decision, JustificationRequest
from pozytek.evaluation.selectors import awards_of, commission_of, decision_of
from pozytek.evaluation.states import RequestState
from pozytek.legal.selectors import legal_days
from pozytek.offers.models import Offer, OfferVersion

REQUEST_DAYS_KEY = "competition.justification_request_days"
ANSWER_DAYS_KEY = "competition.justification_answer_days"


def _call_in_state(tenant: Any, pk: int, state: str) -> Call:
    try:
        call: Call = Call.objects.select_related("tenant").get(tenant=tenant, pk=pk, state=state)
    except Call.DoesNotExist as error:
        raise Http404 from error
    return call


def resolved_call(tenant: Any, pk: int) -> tuple[Call, Decision]:
    """A resolved call of this tenant with its decision, or 404 (not yet resolved, another tenant's)."""
    call = _call_in_state(tenant, pk, CallState.RESOLVED)
    decision = decision_of(call)
    if decision is None:
        raise Http404
    return call, decision


def cancelled_call(tenant: Any, pk: int) -> Call:
    """A cancelled call of this tenant, or 404."""
    return _call_in_state(tenant, pk, CallState.CANCELLED)


@dataclass(frozen=True)
class Cancellation:
    """What the notice of cancellation (art. 18a) says: when and why."""

    cancelled_at: dt.datetime | None
    reason: str


def cancellation_of(call: Call) -> Cancellation:
    """The time and reason of the call's cancellation, read from the audit event of the transition."""
    event = (
        AuditEvent.objects.filter(subject_type="competitions.call", subject_id=str(call.pk), action="call.cancel")
        .order_by("-created_at", "-pk")
        .first()
    )
    if event is None:
        return Cancellation(cancelled_at=call.state_changed_at, reason="")
    return Cancellation(cancelled_at=event.created_at, reason=str(event.data.get("reason") or ""))


@dataclass(frozen=True)
class ResultRow:
    """One offer in the published results: the legal minimum (art. 15 ust. 2h) and what else is known."""

    offer_id: int
    offerors: list[str]
    title: str
    amount: Decimal
    requested: Decimal
    points: Decimal | None
    rank: int | None

    @property
    def awarded(self) -> bool:
        return self.amount > 0


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _latest_snapshots(offer_ids: list[int]) -> dict[int, dict[str, Any]]:
    snapshots: dict[int, dict[str, Any]] = {}
    for offer_id, snapshot in (
        OfferVersion.objects.filter(offer_id__in=offer_ids)
        .order_by("offer_id", "number")
        .values_list("offer_id", "snapshot")
    ):
        snapshots[offer_id] = snapshot  # the last (highest number) wins
    return snapshots


def result_rows(decision: Decision) -> list[ResultRow]:
    """Every offer the decision covers, highest amount first; offerors and title as in the frozen version.

    Points and rank come from the commission's frozen result when it has them.
    """
    awards = list(awards_of(decision))
    snapshots = _latest_snapshots([a.offer_id for a in awards])
    commission = commission_of(decision.call)
    scored: dict[int, dict[str, Any]] = {}
    if commission is not None and isinstance(commission.result, dict):
        for row in commission.result.get("rows", []) or []:
            if isinstance(row, dict) and "offer" in row:
                scored[int(row["offer"])] = row
    rows = []
    for award in awards:
        snapshot = snapshots.get(award.offer_id, {})
        names = [str(o.get("name", "")) for o in snapshot.get("offerors", []) if o.get("name")]
        title = str(snapshot.get("task", {}).get("title") or award.offer.title)
        score = scored.get(award.offer_id, {})
        rank = score.get("rank")
        rows.append(
            ResultRow(
                offer_id=award.offer_id,
                offerors=names or [award.offer.organisation.name],
                title=title,
                amount=award.amount,
                requested=award.requested,
                points=_decimal(score.get("total")),
                rank=int(rank) if isinstance(rank, int) else None,
            )
        )
    return rows


def awarded_total(rows: list[ResultRow]) -> Decimal:
    return sum((r.amount for r in rows), Decimal("0.00"))


# Justification requests ------------------------------------------------------------------------


def justification_deadline(call: Call, decision: Decision) -> dt.date:
    """The last day on which anyone may ask for the justification: N days after the publication."""
    published_on = timezone.localdate(decision.published_at)
    return published_on + dt.timedelta(days=legal_days(REQUEST_DAYS_KEY, on=published_on, tenant=call.tenant))


def justification_open(call: Call, decision: Decision, *, today: dt.date | None = None) -> bool:
    day = today or timezone.localdate()
    return timezone.localdate(decision.published_at) <= day <= justification_deadline(call, decision)


def answer_due_date(call: Call, *, today: dt.date | None = None) -> dt.date:
    day = today or timezone.localdate()
    return day + dt.timedelta(days=legal_days(ANSWER_DAYS_KEY, on=day, tenant=call.tenant))


def offers_with_award(call: Call) -> QuerySet[Offer]:
    """Offers of the call the decision covers: what a request for justification may be about."""
    return Offer.objects.filter(
        call=call, pk__in=Award.objects.filter(decision__call=call).values("offer_id")
    ).order_by("title", "pk")


def request_of_tenant(tenant: Any, pk: int) -> JustificationRequest:
    """A request for justification of this tenant, or 404."""
    try:
        found: JustificationRequest = JustificationRequest.objects.select_related("call", "offer", "answered_by").get(
            tenant=tenant, pk=pk
        )
    except JustificationRequest.DoesNotExist as error:
        raise Http404 from error
    return found


def is_overdue(request: JustificationRequest, *, today: dt.date | None = None) -> bool:
    return request.state == RequestState.OPEN and (today or timezone.localdate()) > request.answer_due
