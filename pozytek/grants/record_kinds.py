"""What the grants register reports into the cooperation programme (core.record_kinds).

* The record kind `open_competition`: the calls announced in the year (competitions.selectors) and the
  calls whose grants fall in the year (a call announced in December funds the next year's tasks), each
  with the sum of its grants of that year from the register: the programme's report compares the
  budget year's money with the plan.
* The record kind `sport_act_call`: the same for the calls under the Sport Act (art. 27–28 of the Act on
  sport, register source SPORT), counted under their own form and left out of the open competitions.
* The measures of grants: how many, how much, to how many organisations. A grant counts in the
  register's year (the year its task starts, as the register's own filter), once published; a grant
  withdrawn or whose agreement was terminated (status "withdrawn") is left out of the counts and sums.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.models import Call
from pozytek.competitions.selectors import calls_announced_in
from pozytek.competitions.states import CallRoute
from pozytek.core.record_kinds import Cooperation, Measure, MeasureUnit, Record, RecordKind, local_date
from pozytek.grants.models import Grant
from pozytek.grants.states import GrantStatus

KIND = "open_competition"
SPORT_KIND = "sport_act_call"
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _money(value: Decimal | None) -> Decimal:
    """Two decimal places (SQLite sums decimals as floats)."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def awarded_grants(tenant: Any) -> QuerySet[Grant]:
    """The tenant's grants in the public register that still stand (not withdrawn)."""
    return Grant.objects.filter(tenant=tenant, published_at__isnull=False).exclude(status=GrantStatus.WITHDRAWN)


def _call_records(tenant: Any, year: int, *, route: str, kind: str) -> Sequence[Record]:
    """The tenant's calls on `route` announced in the year or with grants of the year, each with its awarded
    sum of the year: one query for the calls with the sum (a subquery), one for their spheres."""
    of_year = awarded_grants(tenant).filter(year=year)
    awarded = (
        of_year.filter(call=OuterRef("pk"))
        .order_by()
        .values("call")
        .annotate(total=Sum("amount_awarded"))
        .values("total")
    )
    calls = (
        Call.objects.filter(
            Q(pk__in=calls_announced_in(tenant, year).values("pk"))
            | Q(pk__in=of_year.filter(call__isnull=False).values("call")),
            route=route,
        )
        .annotate(awarded=Coalesce(Subquery(awarded, output_field=MONEY), Value(Decimal(0)), output_field=MONEY))
        .prefetch_related("spheres")
        .order_by("published_at", "pk")
    )
    return [
        Record(
            kind=kind,
            pk=call.pk,
            title=str(call),
            on=local_date(call.published_at),
            url=reverse("competitions:detail", kwargs={"tenant_slug": tenant.slug, "pk": call.pk}),
            amount=_money(call.awarded),
            spheres=tuple(sorted(s.pk for s in call.spheres.all())),
            priority_task_id=call.priority_task_id,
        )
        for call in calls
    ]


def open_competition_records(tenant: Any, year: int) -> Sequence[Record]:
    """The open competitions (art. 11–15 of the Act) with their grants of the year."""
    return _call_records(tenant, year, route=CallRoute.COMPETITION, kind=KIND)


def sport_act_records(tenant: Any, year: int) -> Sequence[Record]:
    """The Sport Act calls (art. 27–28 of the Act on sport) with their grants of the year (source SPORT)."""
    return _call_records(tenant, year, route=CallRoute.SPORT, kind=SPORT_KIND)


def grants_of_year(tenant: Any, year: int) -> QuerySet[Grant]:
    return awarded_grants(tenant).filter(year=year)


def grants_awarded(tenant: Any, year: int) -> int:
    return grants_of_year(tenant, year).count()


def grants_amount(tenant: Any, year: int) -> Decimal:
    return _money(grants_of_year(tenant, year).aggregate(total=Sum("amount_awarded"))["total"])


def organisations_funded(tenant: Any, year: int) -> int:
    counted: int = grants_of_year(tenant, year).aggregate(n=Count("organisation", distinct=True))["n"]
    return counted


OPEN_COMPETITION = RecordKind(
    key=KIND,
    label=_("Open competitions"),
    cooperation=Cooperation.FINANCIAL,
    list_records=open_competition_records,
    description=_("Calls for offers announced in the year, with the grants awarded under each call (grants register)."),
    model_label="competitions.Call",
    order=10,
)

SPORT_ACT_CALL = RecordKind(
    key=SPORT_KIND,
    label=_("Sport Act calls"),
    cooperation=Cooperation.FINANCIAL,
    list_records=sport_act_records,
    description=_(
        "Calls under the Sport Act (art. 27–28) announced in the year, with the grants awarded under each call "
        "(grants register)."
    ),
    model_label="competitions.Call",
    order=11,
)

MEASURES = (
    Measure(
        key="grants.awarded",
        label=_("Grants awarded"),
        cooperation=Cooperation.FINANCIAL,
        compute=grants_awarded,
        order=40,
        help_text=_("Grants in the register for tasks starting in the year, on every route; withdrawn ones left out."),
    ),
    Measure(
        key="grants.amount",
        label=_("Grants awarded (PLN)"),
        cooperation=Cooperation.FINANCIAL,
        compute=grants_amount,
        unit=MeasureUnit.PLN,
        order=41,
        help_text=_("The sum of those grants as awarded."),
    ),
    Measure(
        key="grants.organisations",
        label=_("Organisations funded"),
        cooperation=Cooperation.FINANCIAL,
        compute=organisations_funded,
        order=42,
        help_text=_("Organisations that received at least one of those grants."),
    ),
)
