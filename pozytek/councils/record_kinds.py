"""What councils and teams report into the cooperation programme (core.record_kinds): the opinions and
resolutions they adopted (`council_act`, in the year of adoption) and the meetings they held
(`council_meeting`, with minutes recorded, in the year of the meeting, Polish time). Every body counts:
the Public Benefit Council, dialogue commissions and joint teams (art. 5 ust. 2 pkt 5–6)."""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.core.record_kinds import Cooperation, Measure, Record, RecordKind, local_date, year_bounds, year_span
from pozytek.councils.models import BodyAct, BodyMeeting
from pozytek.councils.states import ActKind, BodyState, MeetingState

ACT_KIND = "council_act"
MEETING_KIND = "council_meeting"


def acts_in(tenant: Any, year: int) -> QuerySet[BodyAct]:
    first, last = year_bounds(year)
    return BodyAct.objects.filter(tenant=tenant, adopted_on__gte=first, adopted_on__lte=last)


def meetings_in(tenant: Any, year: int) -> QuerySet[BodyMeeting]:
    start, end = year_span(year)
    return BodyMeeting.objects.filter(tenant=tenant, state=MeetingState.HELD, starts_at__gte=start, starts_at__lt=end)


def act_records(tenant: Any, year: int) -> Sequence[Record]:
    rows = acts_in(tenant, year).select_related("body").order_by("adopted_on", "pk")
    return [
        Record(
            kind=ACT_KIND,
            pk=act.pk,
            title=f"{act.body.name}: {act}",
            on=act.adopted_on,
            # A body still being formed has no public page (its acts are not public yet).
            url=""
            if act.body.state == BodyState.FORMING
            else reverse("councils:act", kwargs={"tenant_slug": tenant.slug, "slug": act.body.slug, "pk": act.pk}),
        )
        for act in rows
    ]


def meeting_records(tenant: Any, year: int) -> Sequence[Record]:
    rows = meetings_in(tenant, year).select_related("body").order_by("starts_at", "pk")
    return [
        Record(
            kind=MEETING_KIND,
            pk=meeting.pk,
            title=f"{meeting.body.name}: {meeting.title}",
            on=local_date(meeting.starts_at),
            url=""
            if meeting.body.state == BodyState.FORMING
            else reverse(
                "councils:meeting", kwargs={"tenant_slug": tenant.slug, "slug": meeting.body.slug, "pk": meeting.pk}
            ),
        )
        for meeting in rows
    ]


def opinions(tenant: Any, year: int) -> int:
    return acts_in(tenant, year).filter(kind=ActKind.OPINION).count()


def resolutions(tenant: Any, year: int) -> int:
    return acts_in(tenant, year).filter(kind=ActKind.RESOLUTION).count()


def meetings_held(tenant: Any, year: int) -> int:
    return meetings_in(tenant, year).count()


COUNCIL_ACT = RecordKind(
    key=ACT_KIND,
    label=_("Opinions and resolutions of councils"),
    cooperation=Cooperation.NON_FINANCIAL,
    list_records=act_records,
    description=_("Opinions and resolutions adopted in the year by the Public Benefit Council and other bodies."),
    model_label="councils.BodyAct",
    order=40,
)

COUNCIL_MEETING = RecordKind(
    key=MEETING_KIND,
    label=_("Meetings of councils"),
    cooperation=Cooperation.NON_FINANCIAL,
    list_records=meeting_records,
    description=_("Meetings of councils and joint teams held in the year (minutes recorded)."),
    model_label="councils.BodyMeeting",
    order=50,
)

MEASURES = (
    Measure(
        key="councils.opinions",
        label=_("Opinions of councils"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=opinions,
        kind=ACT_KIND,
        order=80,
        help_text=_("Opinions adopted in the year by councils and teams."),
    ),
    Measure(
        key="councils.resolutions",
        label=_("Resolutions of councils"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=resolutions,
        kind=ACT_KIND,
        order=81,
        help_text=_("Resolutions adopted in the year by councils and teams."),
    ),
    Measure(
        key="councils.meetings",
        label=_("Meetings of councils held"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=meetings_held,
        kind=MEETING_KIND,
        order=82,
        help_text=_("Meetings held in the year with their minutes recorded."),
    ),
)
