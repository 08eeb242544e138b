"""What the evaluation reports into the cooperation programme (core.record_kinds): competition
commissions. Organisations' people sitting on a commission that assesses offers is a non-financial form
of cooperation (art. 5 ust. 2 and art. 15 ust. 2a–2d), so the kind is non-financial.

A commission counts in the year its call was announced (Polish time), once it was appointed: one still
being formed assessed nothing."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.competitions.states import PUBLIC_STATES, CallState
from pozytek.core.record_kinds import Cooperation, Measure, Record, RecordKind, local_date, year_span
from pozytek.evaluation.models import Commission, CommissionMember
from pozytek.evaluation.states import CommissionState, MemberKind

KIND = "competition_commission"


def _ngo_seats() -> Exists:
    return Exists(CommissionMember.objects.filter(commission=OuterRef("pk"), kind=MemberKind.NGO))


def commissions_in(tenant: Any, year: int) -> QuerySet[Commission]:
    """Appointed (or closed) commissions of the tenant's calls announced in `year`."""
    start, end = year_span(year)
    return Commission.objects.filter(
        tenant=tenant,
        call__state__in=PUBLIC_STATES,
        call__published_at__gte=start,
        call__published_at__lt=end,
    ).exclude(state=CommissionState.FORMING)


def commission_records(tenant: Any, year: int) -> Sequence[Record]:
    rows: QuerySet[Any] = (
        commissions_in(tenant, year)
        .annotate(has_ngo=_ngo_seats())
        .select_related("call")
        .order_by("call__published_at", "pk")
    )
    records = []
    for commission in rows:
        call = commission.call
        name = str(call)
        title = (
            _("Competition commission for %(call)s, with members nominated by organisations") % {"call": name}
            if commission.has_ngo
            else _("Competition commission for %(call)s, without members from organisations") % {"call": name}
        )
        # The results page carries the commission's work once the call is resolved; before, the call's page.
        url_name, key = (
            ("evaluation_public_results:results", "call_pk")
            if call.state == CallState.RESOLVED
            else ("competitions:detail", "pk")
        )
        records.append(
            Record(
                kind=KIND,
                pk=commission.pk,
                title=title,
                on=commission.appointment_date or local_date(call.published_at),
                url=reverse(url_name, kwargs={"tenant_slug": tenant.slug, key: call.pk}),
            )
        )
    return records


def commissions_held(tenant: Any, year: int) -> int:
    return commissions_in(tenant, year).count()


def commissions_with_ngo_members(tenant: Any, year: int) -> int:
    return commissions_in(tenant, year).filter(_ngo_seats()).count()


COMPETITION_COMMISSION = RecordKind(
    key=KIND,
    label=gettext_lazy("Competition commissions"),
    cooperation=Cooperation.NON_FINANCIAL,
    list_records=commission_records,
    description=gettext_lazy(
        "Commissions that gave their opinion on the offers of a call announced in the year, and whether people "
        "nominated by organisations sat on them."
    ),
    model_label="evaluation.Commission",
    order=20,
)

MEASURES = (
    Measure(
        key="commissions.held",
        label=gettext_lazy("Competition commissions appointed"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=commissions_held,
        kind=KIND,
        order=30,
        help_text=gettext_lazy("Commissions appointed for the calls announced in the year."),
    ),
    Measure(
        key="commissions.with_ngo_members",
        label=gettext_lazy("Competition commissions with members nominated by organisations"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=commissions_with_ngo_members,
        kind=KIND,
        order=31,
        help_text=gettext_lazy("Of the commissions appointed, those on which organisations' nominees sat."),
    ),
)
