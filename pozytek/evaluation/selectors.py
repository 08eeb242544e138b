"""Reads of the evaluation: seats, what a member may see, scoring progress, the ranking."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from pozytek.competitions.models import Call, Criterion
from pozytek.core.money import format_amount
from pozytek.evaluation.models import (
    Award,
    Commission,
    CommissionMember,
    ConflictDeclaration,
    Decision,
    FormalCheck,
    JustificationRequest,
    Nomination,
    Proposal,
    Score,
    ScoreCard,
)
from pozytek.evaluation.states import CardState, CommissionState, MemberRole, RequestState
from pozytek.offers.models import Offer, Offeror, OfferVersion
from pozytek.offers.states import EVALUATED_STATES, SCORED_STATES, OfferState
from pozytek.organisations.models import OrganisationMember

CENT = Decimal("0.01")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    """“9 500,00 zł” in Polish: the amount as the active language writes it, with the currency."""
    return format_amount(value, currency=True)


# Calls and offers -------------------------------------------------------------------------------


def call_of_tenant(tenant: Any, pk: int) -> Call:
    """A call of this local government, or 404 (another tenant's id never leaks)."""
    try:
        call: Call = Call.objects.get(tenant=tenant, pk=pk)
    except Call.DoesNotExist as error:
        raise Http404 from error
    return call


def evaluated_offers(call: Call) -> QuerySet[Offer]:
    """Offers that were submitted and not withdrawn: what the formal check goes through."""
    return (
        Offer.objects.filter(call=call, state__in=EVALUATED_STATES)
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )


def scored_offers(call: Call) -> QuerySet[Offer]:
    """Offers that passed the formal check: what the commission scores."""
    return Offer.objects.filter(call=call, state__in=SCORED_STATES).select_related("organisation").order_by("pk")


def offer_in_call(call: Call, pk: int) -> Offer:
    try:
        offer: Offer = Offer.objects.select_related("organisation", "call").get(
            call=call, pk=pk, state__in=EVALUATED_STATES
        )
    except Offer.DoesNotExist as error:
        raise Http404 from error
    return offer


def latest_version(offer: Offer) -> OfferVersion | None:
    return OfferVersion.objects.filter(offer=offer).order_by("-number").first()


def formal_checks_of(offer: Offer) -> QuerySet[FormalCheck]:
    return FormalCheck.objects.filter(offer=offer).select_related("version", "checked_by").order_by("round")


def last_formal_check(offer: Offer) -> FormalCheck | None:
    return FormalCheck.objects.filter(offer=offer).order_by("-round").first()


def requested_grant(offer: Offer) -> Decimal:
    return offer.requested_grant or Decimal(0)


# Commission and seats ---------------------------------------------------------------------------


def commission_of(call: Call) -> Commission | None:
    return Commission.objects.filter(call=call).first()


def members_of(commission: Commission) -> QuerySet[CommissionMember]:
    return (
        CommissionMember.objects.filter(commission=commission)
        .select_related("user", "nomination__organisation")
        .prefetch_related(
            Prefetch(
                "declaration",
                queryset=ConflictDeclaration.objects.prefetch_related("conflicted_offers"),
            )
        )
        .order_by("role", "pk")
    )


def seat_of(user: Any, commission: Commission | None) -> CommissionMember | None:
    """The user's seat in the commission, or None."""
    if commission is None or not getattr(user, "is_authenticated", False):
        return None
    return CommissionMember.objects.filter(commission=commission, user=user).first()


def seats_of_user(user: Any, tenant: Any) -> QuerySet[CommissionMember]:
    """The commissions of this local government where the user sits."""
    return (
        CommissionMember.objects.filter(tenant=tenant, user=user)
        .select_related("commission__call")
        .order_by("-commission__call__offer_deadline")
    )


def declaration_of(seat: CommissionMember) -> ConflictDeclaration | None:
    return ConflictDeclaration.objects.filter(member=seat).first()


def conflicted_offer_ids(seat: CommissionMember) -> set[int]:
    declaration = declaration_of(seat)
    if declaration is None:
        return set()
    return set(declaration.conflicted_offers.values_list("pk", flat=True))


def kept_offer_ids_by_user(call: Call, user_ids: Iterable[int]) -> dict[int, set[int]]:
    """Per user: the call's offers of which an offeror (the lead or a partner of a joint offer) is an
    organisation the user keeps now (owner or editor), whenever they joined it."""
    kept = OrganisationMember.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "organisation_id")
    users_of: dict[int, set[int]] = defaultdict(set)
    for user_id, organisation_id in kept:
        users_of[organisation_id].add(user_id)
    offers: dict[int, set[int]] = defaultdict(set)
    if not users_of:
        return offers
    offers_of_call = Offer.objects.filter(call=call)
    pairs = set(offers_of_call.filter(organisation_id__in=users_of).values_list("pk", "organisation_id"))
    pairs |= set(
        offers_of_call.filter(offerors__organisation_id__in=users_of).values_list("pk", "offerors__organisation_id")
    )
    for offer_id, organisation_id in pairs:
        for user_id in users_of.get(organisation_id, ()):
            offers[user_id].add(offer_id)
    return offers


def excluded_offer_ids(seat: CommissionMember) -> set[int]:
    """Offers hidden from the member: those declared in conflict and those of organisations they keep now
    (a member who joins an offering organisation after declaring is excluded from its offers all the same)."""
    kept = kept_offer_ids_by_user(seat.commission.call, [seat.user_id]).get(seat.user_id, set())
    return conflicted_offer_ids(seat) | kept


def offers_for_seat(seat: CommissionMember) -> QuerySet[Offer]:
    """Offers the member may open and score: passed the formal check, no declared conflict, no offeror
    the member keeps.

    Empty until the member has signed the declaration.
    """
    if declaration_of(seat) is None:
        return Offer.objects.none()
    return scored_offers(seat.commission.call).exclude(pk__in=excluded_offer_ids(seat))


def nominations_of(commission: Commission) -> QuerySet[Nomination]:
    return Nomination.objects.filter(recruitment__commission=commission).select_related(
        "organisation", "candidate", "nominated_by"
    )


def participating_organisation_ids(call: Call) -> set[int]:
    """Organisations taking part in the call (any offeror of a submitted offer, art. 15 ust. 2d):
    persons they nominate are excluded from the commission."""
    offers = Offer.objects.filter(call=call, state__in=EVALUATED_STATES)
    leads = set(offers.values_list("organisation_id", flat=True))
    partners = set(
        offers.filter(offerors__organisation__isnull=False).values_list("offerors__organisation_id", flat=True)
    )
    return leads | partners


# Scoring ----------------------------------------------------------------------------------------


def card_of(seat: CommissionMember, offer: Offer) -> ScoreCard | None:
    return ScoreCard.objects.filter(member=seat, offer=offer).prefetch_related("scores").first()


def criteria_of(call: Call) -> list[Criterion]:
    return list(Criterion.objects.filter(call=call).order_by("order", "pk"))


@dataclass
class MemberProgress:
    member: CommissionMember
    declared: bool
    expected: int
    submitted: int

    @property
    def complete(self) -> bool:
        return self.declared and self.submitted >= self.expected


def scoring_progress(commission: Commission) -> list[MemberProgress]:
    """Per member: declaration signed, cards expected (offers not excluded from them: declared conflicts
    and offers of organisations they keep), cards submitted for those offers."""
    offer_ids = set(scored_offers(commission.call).values_list("pk", flat=True))
    submitted: dict[int, set[int]] = defaultdict(set)
    for member_id, offer_id in ScoreCard.objects.filter(
        member__commission=commission, state=CardState.SUBMITTED, offer_id__in=offer_ids
    ).values_list("member_id", "offer_id"):
        submitted[member_id].add(offer_id)
    members = list(members_of(commission))
    kept = kept_offer_ids_by_user(commission.call, {m.user_id for m in members})
    progress = []
    for member in members:
        declaration = getattr(member, "declaration", None) if _has_declaration(member) else None
        conflicts = {o.pk for o in declaration.conflicted_offers.all()} if declaration else set()
        expected = offer_ids - conflicts - kept.get(member.user_id, set())
        progress.append(
            MemberProgress(
                member=member,
                declared=declaration is not None,
                expected=len(expected),
                submitted=len(submitted[member.pk] & expected),
            )
        )
    return progress


def _has_declaration(member: CommissionMember) -> bool:
    try:
        member.declaration  # noqa: B018 -- reverse one-to-one raises when absent
    except ConflictDeclaration.DoesNotExist:
        return False
    return True


@dataclass
class RankedOffer:
    offer_id: int
    title: str
    offeror: str
    requested: Decimal
    averages: dict[int, Decimal]  # criterion pk → average of voting members' points
    total: Decimal
    cards: int
    expert_cards: int
    rank: int = 0
    tied: bool = False
    proposed: Decimal | None = None
    proposal_note: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Ranking:
    criteria: list[Criterion]
    rows: list[RankedOffer]
    funds: Decimal
    proposed_total: Decimal
    warnings: list[str]

    def as_json(self) -> dict[str, Any]:
        """Plain JSON (amounts as strings) for freezing in Commission.result."""
        return {
            "criteria": [{"id": c.pk, "name": c.name, "max_points": c.max_points} for c in self.criteria],
            "funds": str(self.funds),
            "proposed_total": str(self.proposed_total),
            "warnings": self.warnings,
            "rows": [
                {
                    "offer": r.offer_id,
                    "title": r.title,
                    "offeror": r.offeror,
                    "requested": str(r.requested),
                    "averages": {str(k): str(v) for k, v in r.averages.items()},
                    "total": str(r.total),
                    "cards": r.cards,
                    "expert_cards": r.expert_cards,
                    "rank": r.rank,
                    "tied": r.tied,
                    "proposed": None if r.proposed is None else str(r.proposed),
                    "proposal_note": r.proposal_note,
                    "warnings": r.warnings,
                }
                for r in self.rows
            ],
        }


def compute_ranking(commission: Commission) -> Ranking:
    """Averages per criterion and in total, ranks with ties, proposed amounts and their warnings.

    Only submitted cards of voting members (not experts) count. An offer's criterion average is the
    sum of points over the number of cards that scored it, rounded half up to 0.01; the total is the
    sum of the criterion averages. Equal totals share a rank and are flagged as ties. Two queries for
    the scores whatever the size (aggregated in the database), one for offers, one for proposals.
    """
    from django.utils.translation import gettext as _  # noqa: PLC0415 -- messages in the active language

    call = commission.call
    criteria = criteria_of(call)
    offers = list(
        scored_offers(call).only(
            "pk", "title", "requested_grant", "organisation__name", "call_id", "state", "organisation_id"
        )
    )
    voting = ScoreCard.objects.filter(member__commission=commission, state=CardState.SUBMITTED)
    sums: dict[tuple[int, int], tuple[Decimal, int]] = {}
    for offer_id, criterion_id, total, count in (
        Score.objects.filter(card__in=voting.exclude(member__role=MemberRole.EXPERT))
        .values_list("card__offer_id", "criterion_id")
        .annotate(total=Sum("points"), count=Count("pk"))
        .values_list("card__offer_id", "criterion_id", "total", "count")
    ):
        sums[(offer_id, criterion_id)] = (Decimal(total), count)
    card_counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for offer_id, role, count in (
        voting.values_list("offer_id", "member__role")
        .annotate(n=Count("pk"))
        .values_list("offer_id", "member__role", "n")
    ):
        card_counts[offer_id][1 if role == MemberRole.EXPERT else 0] += count
    proposals = {p.offer_id: p for p in Proposal.objects.filter(commission=commission)}

    rows: list[RankedOffer] = []
    for offer in offers:
        averages: dict[int, Decimal] = {}
        for criterion in criteria:
            total, count = sums.get((offer.pk, criterion.pk), (Decimal(0), 0))
            averages[criterion.pk] = quantize(total / count) if count else Decimal("0.00")
        proposal = proposals.get(offer.pk)
        rows.append(
            RankedOffer(
                offer_id=offer.pk,
                title=offer.title,
                offeror=offer.organisation.name,
                requested=requested_grant(offer),
                averages=averages,
                total=sum(averages.values(), Decimal("0.00")),
                cards=card_counts[offer.pk][0],
                expert_cards=card_counts[offer.pk][1],
                proposed=proposal.amount if proposal else None,
                proposal_note=proposal.note if proposal else "",
            )
        )
    rows.sort(key=lambda r: (-r.total, r.offer_id))
    by_total: dict[Decimal, int] = defaultdict(int)
    for row in rows:
        by_total[row.total] += 1
    rank = 0
    previous: Decimal | None = None
    for position, row in enumerate(rows, start=1):
        if row.total != previous:
            rank, previous = position, row.total
        row.rank = rank
        row.tied = by_total[row.total] > 1
        if row.proposed is not None and row.proposed > row.requested:
            row.warnings.append(
                _("The proposed amount %(proposed)s exceeds the requested %(requested)s.")
                % {"proposed": money(row.proposed), "requested": money(row.requested)}
            )
    funds = call.total_funds or Decimal(0)
    proposed_total = sum((r.proposed or Decimal(0) for r in rows), Decimal("0.00"))
    warnings: list[str] = []
    if proposed_total > funds:
        warnings.append(
            _("The proposed amounts total %(total)s, more than the %(funds)s available in the call.")
            % {"total": money(proposed_total), "funds": money(funds)}
        )
    ties = sorted({r.rank for r in rows if r.tied})
    if ties:
        warnings.append(
            _("Some offers have the same number of points (ranks: %(ranks)s).")
            % {"ranks": ", ".join(str(r) for r in ties)}
        )
    return Ranking(criteria=criteria, rows=rows, funds=funds, proposed_total=proposed_total, warnings=warnings)


# Decision, results, requests ---------------------------------------------------------------------


def decision_of(call: Call) -> Decision | None:
    return Decision.objects.filter(call=call).first()


def awards_of(decision: Decision) -> QuerySet[Award]:
    return Award.objects.filter(decision=decision).select_related("offer__organisation").order_by("-amount", "pk")


def proposals_of(commission: Commission) -> dict[int, Proposal]:
    return {p.offer_id: p for p in Proposal.objects.filter(commission=commission)}


def justification_requests_of(call: Call) -> QuerySet[JustificationRequest]:
    return JustificationRequest.objects.filter(call=call).select_related("offer", "answered_by")


def open_state_offers(call: Call) -> QuerySet[Offer]:
    """Offers still waiting for the formal check (submitted, or corrected and re-submitted)."""
    return Offer.objects.filter(call=call, state__in=[OfferState.SUBMITTED, OfferState.CORRECTION])


def offers_with_history(offers: Any, *, snapshots: bool = False) -> list[Offer]:
    """Offers with their versions (newest first) and formal checks (last first): three queries in all."""
    versions = OfferVersion.objects.order_by("-number")
    if not snapshots:
        versions = versions.defer("snapshot")
    return list(
        offers.prefetch_related(
            Prefetch("versions", queryset=versions, to_attr="version_list"),
            Prefetch("formal_checks", queryset=FormalCheck.objects.order_by("-round"), to_attr="check_list"),
        )
    )


# The office's work waiting (core.worklist: evaluation/worklist.py) --------------------------------------


@dataclass(frozen=True)
class CallWork:
    """A call with how many of its records wait (offers to check, requests to answer) and the first due date."""

    call: Call
    count: int
    first_due: Any = None


def calls_awaiting_formal_check(tenant: Any) -> list[CallWork]:
    """Calls past their deadline with offers submitted and not checked yet, with how many, the oldest deadline
    first: one query."""
    calls = (
        Call.objects.filter(tenant=tenant, offer_deadline__lte=timezone.now())
        .annotate(waiting=Count("offers", filter=Q(offers__state=OfferState.SUBMITTED)))
        .filter(waiting__gt=0)
        .order_by("offer_deadline", "pk")
    )
    return [CallWork(call, call.waiting) for call in calls]


def offers_awaiting_correction(tenant: Any, *, limit: int) -> tuple[int, list[Offer]]:
    """(how many, the first `limit` by correction deadline) of the offers whose formal defects the
    organisation is to correct: two queries."""
    offers = Offer.objects.filter(tenant=tenant, state=OfferState.CORRECTION, call__isnull=False)
    first = list(offers.select_related("call", "organisation").order_by("correction_deadline", "pk")[:limit])
    return offers.count(), first


@dataclass(frozen=True)
class CommissionWork:
    """A commission scoring: score cards submitted out of those expected from its members."""

    commission: Commission
    submitted: int
    expected: int


def commissions_scoring(tenant: Any) -> list[CommissionWork]:
    """Appointed commissions with their cards submitted / expected, counted as `scoring_progress` counts
    them (offers passed the formal check, less each member's declared conflicts and offers of organisations
    they keep), for every commission at once: seven queries whatever their number."""
    commissions = list(
        Commission.objects.filter(tenant=tenant, state=CommissionState.APPOINTED)
        .select_related("call")
        .order_by("call__offer_deadline", "pk")
    )
    if not commissions:
        return []
    call_ids = [c.call_id for c in commissions]
    offers_of_call: dict[int, set[int]] = defaultdict(set)
    organisations_of_offer: dict[int, set[int]] = defaultdict(set)
    for offer_id, call_id, organisation_id in Offer.objects.filter(
        call_id__in=call_ids, state__in=SCORED_STATES
    ).values_list("pk", "call_id", "organisation_id"):
        offers_of_call[call_id].add(offer_id)
        organisations_of_offer[offer_id].add(organisation_id)
    for offer_id, organisation_id in Offeror.objects.filter(
        offer__call_id__in=call_ids, offer__state__in=SCORED_STATES, organisation_id__isnull=False
    ).values_list("offer_id", "organisation_id"):
        organisations_of_offer[offer_id].add(organisation_id)
    members = list(
        CommissionMember.objects.filter(commission__in=commissions).values_list("pk", "commission_id", "user_id")
    )
    conflicts: dict[int, set[int]] = defaultdict(set)
    for member_id, offer_id in ConflictDeclaration.conflicted_offers.through.objects.filter(
        conflictdeclaration__member_id__in=[m[0] for m in members]
    ).values_list("conflictdeclaration__member_id", "offer_id"):
        conflicts[member_id].add(offer_id)
    kept: dict[int, set[int]] = defaultdict(set)
    for user_id, organisation_id in OrganisationMember.objects.filter(user_id__in={m[2] for m in members}).values_list(
        "user_id", "organisation_id"
    ):
        kept[user_id].add(organisation_id)
    submitted: dict[int, set[int]] = defaultdict(set)
    for member_id, offer_id in ScoreCard.objects.filter(
        member__commission__in=commissions, state=CardState.SUBMITTED
    ).values_list("member_id", "offer_id"):
        submitted[member_id].add(offer_id)
    call_of = {c.pk: c.call_id for c in commissions}
    done: dict[int, int] = defaultdict(int)
    expected: dict[int, int] = defaultdict(int)
    for member_id, commission_id, user_id in members:
        offers = {
            o
            for o in offers_of_call[call_of[commission_id]] - conflicts[member_id]
            if not organisations_of_offer[o] & kept[user_id]
        }
        expected[commission_id] += len(offers)
        done[commission_id] += len(submitted[member_id] & offers)
    return [CommissionWork(c, done[c.pk], expected[c.pk]) for c in commissions]


def open_justification_requests(tenant: Any) -> tuple[int, list[CallWork]]:
    """(how many requests for the justification of results await an answer, their calls with how many and the
    first answer due): two queries."""
    requests = JustificationRequest.objects.filter(tenant=tenant, state=RequestState.OPEN)
    calls = (
        Call.objects.filter(tenant=tenant, justification_requests__state=RequestState.OPEN)
        .annotate(open_requests=Count("justification_requests"), first_due=Min("justification_requests__answer_due"))
        .order_by("first_due", "pk")
    )
    rows = [CallWork(c, c.open_requests, c.first_due) for c in calls]
    return requests.count(), rows
