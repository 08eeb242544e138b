"""What offers report into the cooperation programme (core.record_kinds): offers submitted, joint offers.

An offer counts in the year it was submitted (Polish time), on every funding route, unless it went back
to a draft or was withdrawn by its offerors."""

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from pozytek.core.record_kinds import Cooperation, Measure, year_span
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState


def submitted_in(tenant: Any, year: int) -> QuerySet[Offer]:
    start, end = year_span(year)
    return Offer.objects.filter(tenant=tenant, submitted_at__gte=start, submitted_at__lt=end).exclude(
        state__in=(OfferState.DRAFT, OfferState.WITHDRAWN)
    )


def offers_submitted(tenant: Any, year: int) -> int:
    return submitted_in(tenant, year).count()


def joint_offers(tenant: Any, year: int) -> int:
    """Offers of more than one offeror (oferta wspólna, art. 14 ust. 2)."""
    return submitted_in(tenant, year).annotate(offerors_count=Count("offerors")).filter(offerors_count__gt=1).count()


MEASURES = (
    Measure(
        key="offers.submitted",
        label=_("Offers submitted"),
        cooperation=Cooperation.FINANCIAL,
        compute=offers_submitted,
        order=20,
        help_text=_("Offers submitted in the year, on every funding route; withdrawn offers are left out."),
    ),
    Measure(
        key="offers.joint",
        label=_("Joint offers"),
        cooperation=Cooperation.FINANCIAL,
        compute=joint_offers,
        order=21,
        help_text=_("Offers submitted in the year by more than one organisation together."),
    ),
)
