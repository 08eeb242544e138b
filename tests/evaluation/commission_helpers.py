"""Factories of H2 (commission and scoring tests): a closed call with formally accepted offers, each with
a frozen OfferVersion, and a commission with members (TOTP configured) and their declarations.

Offers are written and submitted through the offers services; the state changes that belong to other
parts of the evaluation (closing the call, the formal check) are set directly as test data.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call, Criterion
from pozytek.competitions.states import CallState
from pozytek.evaluation.models import Commission, CommissionMember, ConflictDeclaration
from pozytek.evaluation.states import CommissionState, MemberKind, MemberRole
from pozytek.offers import services as offer_services
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState
from tests.conftest import with_totp
from tests.factories.accounts import UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer


@dataclass
class ClosedCall:
    call: Call
    offers: list[Offer]
    authors: list  # the NGO users who wrote each offer (owners of the offering organisation)
    criteria: list[Criterion] = field(default_factory=list)


def closed_call(
    tenant, *, offers: int = 2, criteria: int = 2, accepted: int | None = None, joint: bool = False
) -> ClosedCall:
    """A closed call with `criteria` criteria (10 points each) and `offers` submitted offers, of which the
    first `accepted` (default: all) passed the formal check; `joint=True` makes them joint offers (with a partner)."""
    call = PublishedCallFactory(tenant=tenant, criteria=criteria)
    written, authors = [], []
    for _n in range(offers):
        offer, author = complete_offer(call, joint=joint)
        with scopes_disabled():
            offer_services.submit_offer(offer=offer, actor=author)
        written.append(offer)
        authors.append(author)
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(
            state=CallState.CLOSED, offer_deadline=timezone.now() - dt.timedelta(hours=1)
        )
        accepted = offers if accepted is None else accepted
        Offer.objects.filter(pk__in=[o.pk for o in written[:accepted]]).update(state=OfferState.FORMALLY_ACCEPTED)
        call = Call.objects.get(pk=call.pk)
        return ClosedCall(
            call=call,
            offers=[Offer.objects.get(pk=o.pk) for o in written],
            authors=authors,
            criteria=list(Criterion.objects.filter(call=call).order_by("order", "pk")),
        )


def commission_for(call: Call, *, state: str = CommissionState.FORMING, **fields) -> Commission:
    with scopes_disabled():
        commission = Commission.objects.create(tenant=call.tenant, call=call, **fields)
        if state != CommissionState.FORMING:
            Commission.objects.filter(pk=commission.pk).update(
                state=state, appointment_number="12/2027", appointment_date=timezone.localdate()
            )
        return Commission.objects.get(pk=commission.pk)


def seat(commission: Commission, *, role=MemberRole.MEMBER, kind=MemberKind.OFFICE, user=None, **fields):
    """A seat for a (new) user with TOTP configured."""
    user = user or with_totp(UserFactory())
    with scopes_disabled():
        return CommissionMember.objects.create(
            tenant=commission.tenant, commission=commission, user=user, role=role, kind=kind, **fields
        )


def declare(member: CommissionMember, conflicts=()) -> ConflictDeclaration:
    with scopes_disabled():
        declaration = ConflictDeclaration.objects.create(
            tenant=member.tenant, member=member, statement="Oświadczam.", signed_at=timezone.now()
        )
        declaration.conflicted_offers.set(conflicts)
        return declaration


@dataclass
class Panel:
    """An appointed commission: chair, member, expert (each declared), an excluded member, one undeclared."""

    call: ClosedCall
    commission: Commission
    chair: CommissionMember
    member: CommissionMember
    expert: CommissionMember
    excluded: CommissionMember  # declared a conflict with the first offer
    undeclared: CommissionMember


def appointed_panel(tenant, *, offers: int = 2, criteria: int = 2) -> Panel:
    data = closed_call(tenant, offers=offers, criteria=criteria)
    commission = commission_for(data.call, state=CommissionState.APPOINTED)
    chair = seat(commission, role=MemberRole.CHAIR)
    member = seat(commission)
    expert = seat(commission, role=MemberRole.EXPERT, kind=MemberKind.EXPERT)
    excluded = seat(commission)
    undeclared = seat(commission)
    for m in (chair, member, expert):
        declare(m)
    declare(excluded, [data.offers[0]])
    return Panel(data, commission, chair, member, expert, excluded, undeclared)
