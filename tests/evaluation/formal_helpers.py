"""Factories for the formal check: a call past its deadline with submitted offers, answers, corrections.

The call of `CallFactory` has two checklist items: "Oferta złożona w terminie" (cannot be corrected)
and "Oferta podpisana" (can be corrected). Offers are written and submitted through the offers'
services, then the deadline is moved into the past (test data, not a transition).
"""

import datetime as dt

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call, ChecklistItem
from pozytek.evaluation.services import formal
from pozytek.offers import services as offer_services
from pozytek.offers.models import Offer
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer


def open_call(tenant, **kwargs) -> Call:
    return PublishedCallFactory(tenant=tenant, **kwargs)


def submitted_offer(call: Call, **kwargs) -> tuple[Offer, object]:
    """(offer, NGO member) with version 1 submitted before the deadline."""
    offer, actor = complete_offer(call, **kwargs)
    with scopes_disabled():
        offer_services.submit_offer(offer=offer, actor=actor)
    return fresh(offer), actor


def pass_deadline(call: Call) -> Call:
    """Move the offer deadline one second into the past."""
    deadline = timezone.now() - dt.timedelta(seconds=1)
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(offer_deadline=deadline)
    call.refresh_from_db()
    return call


def closed_call_with_offers(tenant, count: int = 1) -> tuple[Call, list[tuple[Offer, object]]]:
    call = open_call(tenant)
    offers = [submitted_offer(call) for _ in range(count)]
    pass_deadline(call)
    return call, [(fresh(offer), actor) for offer, actor in offers]


def items_of(call: Call) -> list[ChecklistItem]:
    with scopes_disabled():
        return list(ChecklistItem.objects.filter(call=call).order_by("order", "pk"))


def answers(call: Call, *, unmet: tuple[str, ...] = (), notes: dict[str, str] | None = None) -> list[dict]:
    """Every item met except those whose text starts with one of `unmet`."""
    notes = notes or {}
    return [
        {
            "item": item.pk,
            "met": not any(item.text.startswith(u) for u in unmet),
            "note": next((n for t, n in notes.items() if item.text.startswith(t)), ""),
        }
        for item in items_of(call)
    ]


CORRECTABLE = "Oferta podpisana"
NOT_CORRECTABLE = "Oferta złożona w terminie"


def in_a_week() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=7)


def check(offer: Offer, actor, **overrides):
    """check_offer with everything met unless overridden."""
    kwargs = {
        "answers": answers(offer.call),
        "sections": [],
        "correction_deadline": None,
        "reasons": "",
        **overrides,
    }
    with scopes_disabled():
        return formal.check_offer(offer=fresh(offer), actor=actor, **kwargs)


def request_correction(offer: Offer, official, *, sections=("task",), deadline=None):
    return check(
        offer,
        official,
        answers=answers(offer.call, unmet=(CORRECTABLE,), notes={CORRECTABLE: "Brak podpisu skarbnika"}),
        sections=list(sections),
        correction_deadline=deadline or in_a_week(),
    )


def pass_correction_deadline(offer: Offer) -> Offer:
    with scopes_disabled():
        Offer.objects.filter(pk=offer.pk).update(correction_deadline=timezone.now() - dt.timedelta(seconds=1))
    return fresh(offer)


def fresh(offer: Offer) -> Offer:
    with scopes_disabled():
        return Offer.objects.select_related("call", "organisation", "tenant").get(pk=offer.pk)
