"""Test data for the decision: a closed call whose offers passed the formal check, optionally a commission.

Offers are written and submitted through the offers services (so each has a frozen OfferVersion),
then the rows are moved straight to where the evaluation would leave them (test data, not
transitions): offers FORMALLY_ACCEPTED with the requested grants given, the call CLOSED after its
deadline. `closed_commission` adds a commission that closed its scoring, with proposals and a frozen
result (points and ranks), the way the chair's round leaves it.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call
from pozytek.competitions.states import CallState
from pozytek.evaluation.models import Commission, Proposal
from pozytek.evaluation.states import CommissionState
from pozytek.offers import services
from pozytek.offers.models import Offer, OfferVersion
from pozytek.offers.states import OfferState
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer, ngo_member, save
from tests.factories.organisations import OrganisationFactory


@dataclass
class ClosedCall:
    call: Call
    offers: list[Offer]
    authors: list[object]
    commission: Commission | None = None
    proposals: dict[int, Decimal] = field(default_factory=dict)


def closed_call(
    tenant,
    *,
    requested: tuple[str, ...] = ("9000.00", "8000.00", "5000.00"),
    total_funds: str = "20000.00",
    titles: tuple[str, ...] | None = None,
) -> ClosedCall:
    """A closed call with one formally correct offer per amount in `requested` (organisations
    "Klub Sportowy 1", … with e-mails klub1@example.org, …)."""
    call = PublishedCallFactory(tenant=tenant, total_funds=Decimal(total_funds), max_grant=Decimal("20000.00"))
    offers, authors = [], []
    for n, amount in enumerate(requested, start=1):
        organisation = OrganisationFactory(listed_in=tenant, name=f"Klub Sportowy {n}", email=f"klub{n}@example.org")
        author, organisation = ngo_member(organisation)
        offer, author = complete_offer(call, organisation=organisation, actor=author)
        with scopes_disabled():
            if titles:
                offer = save(offer, "task", author, data={**_task(offer), "title": titles[n - 1]})
            services.submit_offer(offer=offer, actor=author)
            Offer.objects.filter(pk=offer.pk).update(
                state=OfferState.FORMALLY_ACCEPTED, requested_grant=Decimal(amount), contact_email=""
            )
            offers.append(Offer.objects.get(pk=offer.pk))
        authors.append(author)
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(
            state=CallState.CLOSED, offer_deadline=timezone.now() - dt.timedelta(days=3)
        )
        call = Call.objects.get(pk=call.pk)
    return ClosedCall(call=call, offers=offers, authors=authors)


def _task(offer: Offer) -> dict:
    return {
        "title": offer.title,
        "start_date": offer.start_date,
        "end_date": offer.end_date,
        "summary": offer.summary,
        "expected_results": offer.expected_results,
    }


def closed_commission(
    data: ClosedCall, proposals: dict[int, str], *, state: str = CommissionState.CLOSED
) -> Commission:
    """A commission of the call with proposals (offer index → amount) and a frozen result with points."""
    with scopes_disabled():
        rows = []
        for index, offer in enumerate(data.offers):
            amount = proposals.get(index)
            if amount is not None:
                data.proposals[offer.pk] = Decimal(amount)
            rows.append(
                {
                    "offer": offer.pk,
                    "title": offer.title,
                    "offeror": offer.organisation.name,
                    "requested": str(offer.requested_grant),
                    "averages": {},
                    "total": f"{30 - index * 5}.50",
                    "cards": 3,
                    "expert_cards": 0,
                    "rank": index + 1,
                    "tied": False,
                    "proposed": amount,
                    "proposal_note": "",
                    "warnings": [],
                }
            )
        commission = Commission.objects.create(
            tenant=data.call.tenant,
            call=data.call,
            state=state,
            appointment_number="Z/1/2027",
            appointment_date=timezone.localdate(),
            opinion="Komisja rekomenduje oferty.",
            closed_at=timezone.now() if state == CommissionState.CLOSED else None,
            result={"criteria": [], "funds": str(data.call.total_funds), "rows": rows} if state == "closed" else {},
        )
        for offer_pk, amount in data.proposals.items():
            Proposal.objects.create(tenant=data.call.tenant, commission=commission, offer_id=offer_pk, amount=amount)
    data.commission = commission
    return commission


def latest_version(offer: Offer) -> OfferVersion:
    with scopes_disabled():
        return OfferVersion.objects.filter(offer=offer).order_by("-number").first()
