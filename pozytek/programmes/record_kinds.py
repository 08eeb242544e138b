"""The programme's own record kind: activities recorded by hand under a form (other recorded activity)."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.core.record_kinds import Cooperation, Record, RecordKind
from pozytek.programmes.models import Activity


def activity_records(tenant: Any, year: int) -> Sequence[Record]:
    rows = Activity.objects.filter(tenant=tenant, on__year=year).select_related("programme").order_by("on", "pk")
    return [
        Record(
            kind="other_activity",
            pk=a.pk,
            title=a.title,
            on=a.on,
            url=reverse(
                "programmes:activity", kwargs={"tenant_slug": tenant.slug, "pk": a.programme_id, "activity": a.pk}
            ),
            form_id=a.form_id,
            goal_id=a.goal_id,
            amount=a.value,
        )
        for a in rows
    ]


OTHER_ACTIVITY = RecordKind(
    key="other_activity",
    label=_("Other recorded activity"),
    cooperation=Cooperation.NON_FINANCIAL,
    list_records=activity_records,
    description=_(
        "Activities the office records by hand under a form: date, title, organisations, description; a purchase "
        "of services, a partnership project or an agreement without a grant with its partner, value and period."
    ),
    model_label="programmes.Activity",
    order=900,
)
