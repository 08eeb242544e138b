"""What local initiatives report into the cooperation programme (core.record_kinds).

An initiative counts in the year its agreement was concluded, once signed (in progress or done); its public
funds are the value of what the office bought or lent. The measures add the social work delivered."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.core.record_kinds import Cooperation, Measure, MeasureUnit, Record, RecordKind, year_bounds
from pozytek.initiatives.models import Delivery, Initiative
from pozytek.initiatives.states import ContributionKind, InitiativeState

KIND = "local_initiative"
COUNTED_STATES = (InitiativeState.CONTRACTED, InitiativeState.COMPLETED)


def contracted_in(tenant: Any, year: int) -> QuerySet[Initiative]:
    first, last = year_bounds(year)
    return Initiative.objects.filter(
        tenant=tenant,
        state__in=COUNTED_STATES,
        agreement__concluded_on__gte=first,
        agreement__concluded_on__lte=last,
    )


def initiative_records(tenant: Any, year: int) -> Sequence[Record]:
    """One query: the initiatives with their agreement's date and the office's share summed."""
    rows = (
        contracted_in(tenant, year)
        .annotate(office=Sum("agreement__office_items__value"))
        .values("pk", "title", "state", "agreement__concluded_on", "office")
        .order_by("agreement__concluded_on", "pk")
    )
    return [
        Record(
            kind=KIND,
            pk=row["pk"],
            title=row["title"],
            on=row["agreement__concluded_on"],
            # A done initiative has its public page; one still under way is on the public list.
            url=reverse("initiatives:done", kwargs={"tenant_slug": tenant.slug, "pk": row["pk"]})
            if row["state"] == InitiativeState.COMPLETED
            else reverse("initiatives:index", kwargs={"tenant_slug": tenant.slug}),
            amount=row["office"] or Decimal(0),
        )
        for row in rows
    ]


def initiatives_contracted(tenant: Any, year: int) -> int:
    return contracted_in(tenant, year).count()


def initiatives_done(tenant: Any, year: int) -> int:
    first, last = year_bounds(year)
    return Initiative.objects.filter(
        tenant=tenant, state=InitiativeState.COMPLETED, completed_on__gte=first, completed_on__lte=last
    ).count()


def social_work_hours(tenant: Any, year: int) -> Decimal:
    """Hours of social work the residents delivered in the year (the log of the execution)."""
    first, last = year_bounds(year)
    total = Delivery.objects.filter(
        tenant=tenant, contribution__kind=ContributionKind.WORK, on__gte=first, on__lte=last
    ).aggregate(h=Sum("hours"))["h"]
    return total or Decimal(0)


LOCAL_INITIATIVE = RecordKind(
    key=KIND,
    label=_("Local initiatives"),
    cooperation=Cooperation.FINANCIAL,
    list_records=initiative_records,
    description=_("Local initiatives (art. 19b) whose agreement was concluded in the year."),
    model_label="initiatives.Initiative",
    order=18,
)

MEASURES = (
    Measure(
        key="initiatives.contracted",
        label=_("Local initiatives contracted"),
        cooperation=Cooperation.FINANCIAL,
        compute=initiatives_contracted,
        kind=KIND,
        order=40,
        help_text=_("Agreements on local initiatives concluded in the year."),
    ),
    Measure(
        key="initiatives.done",
        label=_("Local initiatives done"),
        cooperation=Cooperation.FINANCIAL,
        compute=initiatives_done,
        kind=KIND,
        order=41,
    ),
    Measure(
        key="initiatives.social_work_hours",
        label=_("Hours of residents' social work in local initiatives"),
        cooperation=Cooperation.FINANCIAL,
        compute=social_work_hours,
        unit=MeasureUnit.COUNT,
        kind=KIND,
        order=42,
    ),
)
