"""What agreements report into the cooperation programme (core.record_kinds): agreements signed and
multi-year agreements. An agreement counts in the year of its conclusion (the date on the agreement),
once signed; one terminated later was still signed."""

from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from pozytek.agreements.models import Agreement
from pozytek.core.record_kinds import Cooperation, Measure, year_bounds


def signed_in(tenant: Any, year: int) -> QuerySet[Agreement]:
    first, last = year_bounds(year)
    return Agreement.objects.filter(
        tenant=tenant, signed_at__isnull=False, concluded_on__gte=first, concluded_on__lte=last
    )


def agreements_signed(tenant: Any, year: int) -> int:
    return signed_in(tenant, year).count()


def multi_year_agreements(tenant: Any, year: int) -> int:
    """Agreements whose task runs over more than one budget year (umowa wieloletnia, art. 16 ust. 2)."""
    return (
        signed_in(tenant, year)
        .annotate(first_year=ExtractYear("start_date"), last_year=ExtractYear("end_date"))
        .filter(last_year__gt=F("first_year"))
        .count()
    )


MEASURES = (
    Measure(
        key="agreements.signed",
        label=_("Agreements signed"),
        cooperation=Cooperation.FINANCIAL,
        compute=agreements_signed,
        order=50,
        help_text=_("Agreements concluded in the year (a terminated one counts too)."),
    ),
    Measure(
        key="agreements.multi_year",
        label=_("Multi-year agreements"),
        cooperation=Cooperation.FINANCIAL,
        compute=multi_year_agreements,
        order=51,
        help_text=_("Of the agreements signed in the year, those for a task running over more than one year."),
    ),
)
