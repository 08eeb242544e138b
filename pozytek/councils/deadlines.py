"""What councils put into calendars (core.deadlines): the meetings of public bodies (a body still being
formed and a cancelled meeting aside)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.core.deadlines import DatedItem, DeadlineSource, day_span, item_uid
from pozytek.councils.models import BodyMeeting
from pozytek.councils.states import BodyState, MeetingState

MEETING = "council-meeting"


def meeting_items(tenant: Any, start: dt.date, end: dt.date) -> Sequence[DatedItem]:
    """One query: the meetings of the tenant's public bodies in the range, with their body."""
    first, after = day_span(start, end)
    meetings = (
        BodyMeeting.objects.filter(tenant=tenant, starts_at__gte=first, starts_at__lt=after)
        .exclude(state=MeetingState.CANCELLED)
        .exclude(body__state=BodyState.FORMING)
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    return [
        DatedItem(
            kind=MEETING,
            uid=item_uid(MEETING, meeting.pk),
            title=f"{meeting.body.name}: {meeting.title}",
            start=meeting.starts_at,
            url=reverse(
                "councils:meeting", kwargs={"tenant_slug": tenant.slug, "slug": meeting.body.slug, "pk": meeting.pk}
            ),
            tenant_name=tenant.name,
            location=meeting.place,
        )
        for meeting in meetings
    ]


MEETINGS = DeadlineSource(key="councils", label=_("Council meetings"), public_items=meeting_items, order=30)
