"""What regranting reports into the cooperation programme (core.record_kinds): the micro-grants operators
award (art. 16a) as a record kind, each with its amount, and their number as a measure. A micro-grant counts
in the year it was awarded; the public list of operators is the page the printed report points to."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.core.record_kinds import Cooperation, Measure, Record, RecordKind
from pozytek.regranting.selectors import micro_grants_of_year

KIND = "regranting_micro_grant"


def micro_grant_records(tenant: Any, year: int) -> Sequence[Record]:
    """One query: the year's micro-grants of every operator of the tenant."""
    return [
        Record(
            kind=KIND,
            pk=grant.pk,
            title=f"{grant.title} ({grant.recipient}; {grant.operator.name})",
            on=grant.awarded_on,
            url=reverse("regranting:operator", kwargs={"tenant_slug": tenant.slug, "operator": grant.operator_id}),
            amount=grant.amount,
        )
        for grant in micro_grants_of_year(tenant, year)
    ]


def public_list(tenant: Any) -> tuple[Any, str]:
    return _("Regranting: operators and their micro-grants"), reverse(
        "regranting:list", kwargs={"tenant_slug": tenant.slug}
    )


def micro_grants_awarded(tenant: Any, year: int) -> int:
    return micro_grants_of_year(tenant, year).count()


MICRO_GRANT = RecordKind(
    key=KIND,
    label=_("Micro-grants of regranting operators"),
    cooperation=Cooperation.FINANCIAL,
    list_records=micro_grant_records,
    description=_("Micro-grants awarded in the year by operators chosen in regranting calls (art. 16a)."),
    model_label="regranting.MicroGrant",
    order=16,
    public_list=public_list,
)

MEASURES = (
    Measure(
        key="regranting.micro_grants",
        label=_("Micro-grants awarded by operators"),
        cooperation=Cooperation.FINANCIAL,
        compute=micro_grants_awarded,
        kind=KIND,
        order=45,
    ),
)
