"""What consultations put into calendars (core.deadlines): the first and the last day of each published
consultation's period (whole days, Europe/Warsaw). Drafts and cancelled consultations are left out."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pozytek.consultations.models import Consultation
from pozytek.consultations.states import ConsultationState
from pozytek.core.deadlines import DatedItem, DeadlineSource, item_uid

CALENDAR_STATES = (ConsultationState.PUBLISHED, ConsultationState.CLOSED, ConsultationState.REPORTED)
STARTS = "consultation-start"
ENDS = "consultation-end"


def consultation_items(tenant: Any, start: dt.date, end: dt.date) -> Sequence[DatedItem]:
    """One query: the tenant's published consultations starting or ending in the range."""
    rows = Consultation.objects.filter(tenant=tenant, state__in=CALENDAR_STATES).filter(
        Q(starts_on__gte=start, starts_on__lte=end) | Q(ends_on__gte=start, ends_on__lte=end)
    )
    items: list[DatedItem] = []
    for consultation in rows.order_by("pk"):
        url = reverse("consultations:detail", kwargs={"tenant_slug": tenant.slug, "pk": consultation.pk})
        days = (
            (STARTS, consultation.starts_on, gettext("Consultation starts: %(title)s")),
            (ENDS, consultation.ends_on, gettext("Consultation ends (last day): %(title)s")),
        )
        items.extend(
            DatedItem(
                kind=kind,
                uid=item_uid(kind, consultation.pk),
                title=title % {"title": consultation.title},
                start=day,
                all_day=True,
                url=url,
                tenant_name=tenant.name,
            )
            for kind, day, title in days
            if day is not None and start <= day <= end
        )
    return items


CONSULTATIONS = DeadlineSource(key="consultations", label=_("Consultations"), public_items=consultation_items, order=20)
