"""Rows for the chair's round, created directly (the scoring services are tested elsewhere).

`round_setup(tenant)` gives a closed call with criteria, formally accepted offers with a frozen
OfferVersion each, and an APPOINTED commission: a chair, two members (one nominated by an NGO) and an
expert, all with TOTP and a signed declaration. `score(seat, offer, points)` adds a submitted card.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import Role
from pozytek.competitions.models import Criterion
from pozytek.competitions.states import CallState
from pozytek.evaluation.models import (
    Commission,
    CommissionMember,
    ConflictDeclaration,
    Proposal,
    Score,
    ScoreCard,
)
from pozytek.evaluation.states import CardState, CommissionState, MemberKind, MemberRole
from pozytek.offers.models import Offer, OfferVersion
from pozytek.offers.states import OfferState
from tests.conftest import with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.organisations import OrganisationFactory


@dataclass
class Round:
    tenant: object
    call: object
    criteria: list
    offers: list
    commission: Commission
    chair: CommissionMember
    members: list  # voting members besides the chair
    expert: CommissionMember
    official: object
    seats: list = field(default_factory=list)


def accepted_offer(call, *, title: str, requested: str, state=OfferState.FORMALLY_ACCEPTED) -> Offer:
    with scopes_disabled():
        organisation = OrganisationFactory(name=f"Stowarzyszenie {title}")
        user = UserFactory()
        offer = Offer.objects.create(
            tenant=call.tenant,
            call=call,
            organisation=organisation,
            created_by=user,
            state=state,
            title=title,
            requested_grant=Decimal(requested),
            submitted_at=timezone.now() - dt.timedelta(days=10),
        )
        OfferVersion.objects.create(
            tenant=call.tenant,
            offer=offer,
            number=1,
            snapshot={"offer_id": offer.pk, "task": {"title": title}, "offerors": [{"name": organisation.name}]},
            checksum="a" * 64,
            submitted_at=offer.submitted_at,
            submitted_by=user,
        )
        return offer


def seat(commission, *, role=MemberRole.MEMBER, kind=MemberKind.OFFICE, name="", declare=True, conflicts=()):
    with scopes_disabled():
        user = with_totp(UserFactory(full_name=name) if name else UserFactory())
        member = CommissionMember.objects.create(
            tenant=commission.tenant,
            commission=commission,
            user=user,
            role=role,
            kind=kind,
            represents="Urząd Miasta" if kind == MemberKind.OFFICE else "Fundacja Spoza Konkursu",
        )
        if declare:
            declaration = ConflictDeclaration.objects.create(
                tenant=commission.tenant,
                member=member,
                statement="Oświadczam, że nie zachodzą przesłanki z art. 24 KPA.",
                signed_at=timezone.now() - dt.timedelta(days=2),
                listed=[],
            )
            declaration.conflicted_offers.set(conflicts)
        return member


def round_setup(
    tenant,
    *,
    offers=(("Sportowe wakacje", "9000"), ("Teatr dla seniorów", "5000"), ("Zielone podwórka", "4000")),
    criteria=(10, 5),
    funds="20000.00",
) -> Round:
    with scopes_disabled():
        call = PublishedCallFactory(
            tenant=tenant,
            criteria=0,
            state=CallState.CLOSED,
            total_funds=Decimal(funds),
            offer_deadline=timezone.now() - dt.timedelta(days=20),
        )
        crits = [
            Criterion.objects.create(call=call, name=f"Kryterium {n + 1}", max_points=points, order=n)
            for n, points in enumerate(criteria)
        ]
        offer_rows = [accepted_offer(call, title=title, requested=requested) for title, requested in offers]
        commission = Commission.objects.create(
            tenant=tenant,
            call=call,
            state=CommissionState.APPOINTED,
            appointment_number="ZAR/15/2027",
            appointment_date=timezone.localdate() - dt.timedelta(days=5),
        )
        chair = seat(commission, role=MemberRole.CHAIR, name="Anna Przewodnicząca")
        member = seat(commission, name="Jan Urzędnik")
        ngo = seat(commission, kind=MemberKind.NGO, name="Ewa Społeczniczka")
        expert = seat(commission, role=MemberRole.EXPERT, kind=MemberKind.EXPERT, name="Piotr Ekspert")
        official = with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)
        return Round(
            tenant=tenant,
            call=call,
            criteria=crits,
            offers=offer_rows,
            commission=commission,
            chair=chair,
            members=[member, ngo],
            expert=expert,
            official=official,
            seats=[chair, member, ngo, expert],
        )


def score(member, offer, points, *, justification="Oferta spójna, koszty realne.", submitted=True, notes=None):
    """A card of `member` for `offer` with `points` (one per criterion of the call, in order)."""
    with scopes_disabled():
        version = OfferVersion.objects.filter(offer=offer).order_by("-number").first()
        card = ScoreCard.objects.create(
            tenant=offer.tenant,
            member=member,
            offer=offer,
            version=version,
            state=CardState.SUBMITTED if submitted else CardState.DRAFT,
            justification=justification,
            submitted_at=timezone.now() if submitted else None,
        )
        criteria = list(Criterion.objects.filter(call=offer.call).order_by("order", "pk"))
        for n, (criterion, value) in enumerate(zip(criteria, points, strict=True)):
            Score.objects.create(
                card=card, criterion=criterion, points=Decimal(str(value)), note=(notes or {}).get(n, "")
            )
        return card


def score_all(rnd: Round, table: dict) -> None:
    """`table`: {seat: {offer: [points…]}} for every card to submit."""
    for member, by_offer in table.items():
        for offer, points in by_offer.items():
            score(member, offer, points)


def full_scores(rnd: Round) -> None:
    """Every voting member and the expert score every offer; totals 13.34 / 9.00 / 9.00 (a tie)."""
    a, b, c = rnd.offers
    score_all(
        rnd,
        {
            rnd.chair: {a: [9, 4], b: [6, 3], c: [5, 4]},
            rnd.members[0]: {a: [8, 5], b: [7, 2], c: [6, 3]},
            rnd.members[1]: {a: [9, 5], b: [5, 4], c: [4, 5]},
            rnd.expert: {a: [0, 0], b: [10, 5], c: [10, 5]},
        },
    )


def propose(rnd: Round, amounts: dict) -> None:
    with scopes_disabled():
        for offer, amount in amounts.items():
            Proposal.objects.update_or_create(
                commission=rnd.commission,
                offer=offer,
                defaults={"tenant": rnd.tenant, "amount": Decimal(amount)},
            )
