"""Test data for the offer update (aktualizacja) after a lower award.

`awarded_less` runs the real decision (`record_decision`) over a closed call with two formally correct
offers of 9 000 zł each: the first is awarded in full (AWARDED), the second 7 000 zł (UPDATE_REQUIRED,
register row "update"). `revise` rewrites the second one's costs and sources through the offers services
the way the organisation does (costs 8 500 zł = grant 7 000 + own 1 500); `submitted_update` also submits it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call
from pozytek.evaluation.services.decision import record_decision
from pozytek.grants.models import Grant
from pozytek.offers import services
from pozytek.offers.models import Offer, OfferVersion
from tests.evaluation.decision_helpers import closed_call
from tests.factories.offers import save

AWARDED = Decimal("7000.00")
REQUESTED = Decimal("9000.00")
AWARD_REASON = "Ograniczone środki w konkursie."


@dataclass
class UpdateCase:
    call: Call
    offer: Offer  # awarded less: UPDATE_REQUIRED
    author: object  # owner of the offer's organisation
    full: Offer  # awarded in full: AWARDED
    full_author: object


def fresh(offer: Offer) -> Offer:
    with scopes_disabled():
        return Offer.objects.select_related("call", "organisation", "tenant").get(pk=offer.pk)


def grant_of(offer: Offer) -> Grant:
    with scopes_disabled():
        return Grant.objects.get(offer=offer)


def versions(offer: Offer) -> list[OfferVersion]:
    with scopes_disabled():
        return list(OfferVersion.objects.filter(offer=offer).order_by("number"))


def awarded_less(tenant, official) -> UpdateCase:
    data = closed_call(tenant, requested=(str(REQUESTED), str(REQUESTED)))
    full, lower = data.offers
    with scopes_disabled():
        record_decision(
            call=data.call,
            actor=official,
            number="ZAR/15/2027",
            date=timezone.localdate(),
            note="",
            amounts={full.pk: REQUESTED, lower.pk: AWARDED},
            reasons={lower.pk: AWARD_REASON},
        )
    return UpdateCase(
        call=data.call, offer=fresh(lower), author=data.authors[1], full=fresh(full), full_author=data.authors[0]
    )


def cost_rows(offer: Offer, *, trainer_hours: str = "75") -> list[dict]:
    """The offer's three cost lines with the trainer's hours changed (80 zł × hours + 2 000 + 500)."""
    with scopes_disabled():
        rows = []
        for line in offer.cost_lines.order_by("category", "order", "pk"):
            rows.append(
                {
                    "id": line.pk,
                    "category": line.category,
                    "action": line.action_id,
                    "name": line.name,
                    "unit": line.unit,
                    "unit_cost": line.unit_cost,
                    "quantity": Decimal(trainer_hours) if line.name == "Wynagrodzenie trenera" else line.quantity,
                    "year1": line.year1,
                    "year2": line.year2,
                    "year3": line.year3,
                    "offeror": line.offeror_id,
                }
            )
        return rows


def sources(grant: Decimal = AWARDED) -> dict:
    return {
        "requested_grant": grant,
        "own_financial": Decimal("1000"),
        "own_personal": Decimal("500"),
        "own_in_kind": None,
        "beneficiary_fees": None,
        "other_public_funds": None,
    }


def revise(case: UpdateCase, *, grant: Decimal = AWARDED, trainer_hours: str = "75") -> Offer:
    """Costs 6 000 + 2 000 + 500 = 8 500 zł, sources: `grant` + 1 500 own (balanced for 7 000)."""
    offer = fresh(case.offer)
    with scopes_disabled():
        offer = save(offer, "costs", case.author, rows=cost_rows(offer, trainer_hours=trainer_hours))
        offer = save(offer, "sources", case.author, data=sources(grant))
    return fresh(offer)


def submitted_update(tenant, official) -> UpdateCase:
    case = awarded_less(tenant, official)
    revise(case)
    with scopes_disabled():
        services.submit_update(offer=fresh(case.offer), actor=case.author)
    case.offer = fresh(case.offer)
    return case
