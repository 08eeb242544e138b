"""What reports and settlement report into the cooperation programme (core.record_kinds): grants
settled after their final report, and the funds returned. A settlement counts in the year the office
recorded it (Polish time)."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from pozytek.core.record_kinds import Cooperation, Measure, MeasureUnit, year_span
from pozytek.reports.models import Settlement

CENT = Decimal("0.01")


def settled_in(tenant: Any, year: int) -> QuerySet[Settlement]:
    start, end = year_span(year)
    return Settlement.objects.filter(tenant=tenant, created_at__gte=start, created_at__lt=end)


def reports_settled(tenant: Any, year: int) -> int:
    return settled_in(tenant, year).count()


def funds_returned(tenant: Any, year: int) -> Decimal:
    total = settled_in(tenant, year).aggregate(total=Sum("returned_amount"))["total"]
    return Decimal(total or 0).quantize(CENT, rounding=ROUND_HALF_UP)


MEASURES = (
    Measure(
        key="reports.settled",
        label=_("Grants settled after the final report"),
        cooperation=Cooperation.FINANCIAL,
        compute=reports_settled,
        order=60,
        help_text=_("Final reports accepted and grants settled (rozliczenie) in the year."),
    ),
    Measure(
        key="reports.funds_returned",
        label=_("Grant funds returned (PLN)"),
        cooperation=Cooperation.FINANCIAL,
        compute=funds_returned,
        unit=MeasureUnit.PLN,
        order=61,
        help_text=_("Unused grant and grant spent against the rules, returned by the settlements of the year."),
    ),
)
