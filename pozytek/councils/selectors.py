"""Reads of councils and teams: members in office, the NGO balance, meetings, acts, opinion requests."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pozytek.councils.models import (
    Body,
    BodyAct,
    BodyMeeting,
    BodyMember,
    CandidateCall,
    MeetingDocument,
    OpinionRequest,
)
from pozytek.councils.states import (
    ActKind,
    BodyState,
    CandidateCallState,
    MeetingState,
    MemberRole,
    MemberSide,
    RequestState,
)


def today() -> dt.date:
    return timezone.localdate()


def bodies_of(tenant: Any) -> QuerySet[Body]:
    return Body.objects.filter(tenant=tenant).order_by("name", "pk")


def public_bodies(tenant: Any) -> QuerySet[Body]:
    """Bodies shown to the public: all but those still being formed."""
    return bodies_of(tenant).exclude(state=BodyState.FORMING)


def members_of(body: Body) -> QuerySet[BodyMember]:
    return body.members.select_related("organisation", "user").order_by("term_start", "full_name", "pk")


def members_on(body: Body, on: dt.date) -> QuerySet[BodyMember]:
    """Members whose term includes the day `on`."""
    return members_of(body).filter(term_start__lte=on, term_end__gte=on)


def balance_day(body: Body) -> dt.date:
    """The day the composition is judged on: today within the term, else the term's first day."""
    return max(today(), body.term_start) if today() <= body.term_end else body.term_end


@dataclass(frozen=True)
class Balance:
    """How many members represent organisations among all members on a day (art. 41f: at least half)."""

    on: dt.date
    ngo: int
    total: int

    @property
    def others(self) -> int:
        return self.total - self.ngo

    @property
    def ok(self) -> bool:
        return self.total > 0 and 2 * self.ngo >= self.total

    @property
    def ngo_missing(self) -> int:
        """How many more NGO members would make at least half."""
        return max(0, self.total - 2 * self.ngo)


def ngo_balance(body: Body, *, on: dt.date | None = None, extra: list[BodyMember] | None = None) -> Balance:
    """The NGO balance of the members in office on `on`, counting `extra` (unsaved members) too."""
    day = on or balance_day(body)
    current = list(members_on(body, day))
    for member in extra or []:
        if member.term_start <= day <= member.term_end:
            current.append(member)
    ngo = sum(1 for m in current if m.side == MemberSide.NGO)
    return Balance(on=day, ngo=ngo, total=len(current))


def same_person(body: Body, *, full_name: str, user: Any, start: dt.date, end: dt.date, exclude_pk: Any = None) -> bool:
    """True when the person (the same account, or the same name) already sits in the body in an overlapping term."""
    same = Q(full_name__iexact=full_name.strip())
    if user is not None:
        same |= Q(user=user)
    qs = body.members.filter(same).filter(term_start__lte=end, term_end__gte=start)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def seats_of(user: Any, body: Body, *, on: dt.date | None = None) -> QuerySet[BodyMember]:
    """The user's seats in the body in office on `on` (default today)."""
    if not getattr(user, "is_authenticated", False):
        return BodyMember.objects.none()
    day = on or today()
    return body.members.filter(user=user, term_start__lte=day, term_end__gte=day)


def is_officer_seat(user: Any, body: Body) -> bool:
    """The user is the body's chair, deputy or secretary in office today."""
    return seats_of(user, body).filter(role__in=[MemberRole.CHAIR, MemberRole.DEPUTY, MemberRole.SECRETARY]).exists()


def meetings_of(body: Body) -> QuerySet[BodyMeeting]:
    return body.meetings.order_by("-starts_at", "pk")


def public_meetings(body: Body) -> QuerySet[BodyMeeting]:
    return meetings_of(body).exclude(state=MeetingState.CANCELLED)


def public_documents(meeting: BodyMeeting) -> QuerySet[MeetingDocument]:
    return meeting.documents.filter(public=True)


def acts_of(body: Body, *, kind: str | None = None) -> QuerySet[BodyAct]:
    qs = body.acts.select_related("meeting")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "-sequence", "pk")


def next_act_sequence(body: Body, kind: str, year: int) -> int:
    top = BodyAct.objects.filter(body=body, kind=kind, year=year).aggregate(top=Max("sequence"))["top"]
    return int(top or 0) + 1


def requests_of(body: Body) -> QuerySet[OpinionRequest]:
    return body.opinion_requests.select_related("opinion", "consultation").order_by("-delivered_on", "pk")


def overdue_requests(tenant: Any, *, on: dt.date | None = None) -> QuerySet[OpinionRequest]:
    """Pending requests whose opinion was due before `on` (default today)."""
    day = on or today()
    return OpinionRequest.objects.filter(tenant=tenant, state=RequestState.PENDING, due_on__lt=day).select_related(
        "body"
    )


def is_overdue(request: OpinionRequest, *, on: dt.date | None = None) -> bool:
    return request.state == RequestState.PENDING and request.due_on < (on or today())


def calls_of(body: Body) -> QuerySet[CandidateCall]:
    return body.candidate_calls.order_by("-deadline", "pk")


def opinions_of(body: Body) -> QuerySet[BodyAct]:
    return acts_of(body, kind=ActKind.OPINION)


def members_ending(*, on: dt.date, within_days: int) -> QuerySet[BodyMember]:
    """Members (of all tenants: for the reminder command) whose term ends within `within_days` of `on`
    and who have not been reminded; callers disable scopes."""
    return BodyMember.objects.filter(
        term_end__gte=on,
        term_end__lte=on + dt.timedelta(days=within_days),
        reminder_sent_at__isnull=True,
        body__state=BodyState.ACTIVE,
    ).select_related("body", "body__tenant")


def body_of_tenant(tenant: Any, pk: Any) -> Body:
    return get_object_or_404(Body, tenant=tenant, pk=pk)


def public_body(tenant: Any, slug: str) -> Body:
    return get_object_or_404(public_bodies(tenant), slug=slug)


def meeting_of_tenant(tenant: Any, pk: Any) -> BodyMeeting:
    found: BodyMeeting = get_object_or_404(BodyMeeting.objects.select_related("body"), tenant=tenant, pk=pk)
    return found


def request_of_tenant(tenant: Any, pk: Any) -> OpinionRequest:
    queryset = OpinionRequest.objects.select_related("body", "opinion")
    found: OpinionRequest = get_object_or_404(queryset, tenant=tenant, pk=pk)
    return found


def document_of_tenant(tenant: Any, pk: Any) -> MeetingDocument:
    queryset = MeetingDocument.objects.select_related("meeting", "meeting__body")
    found: MeetingDocument = get_object_or_404(queryset, tenant=tenant, pk=pk)
    return found


def call_of_tenant(tenant: Any, pk: Any) -> CandidateCall:
    found: CandidateCall = get_object_or_404(CandidateCall.objects.select_related("body"), tenant=tenant, pk=pk)
    return found


def open_calls(tenant: Any) -> QuerySet[CandidateCall]:
    return CandidateCall.objects.filter(
        tenant=tenant, state=CandidateCallState.OPEN, deadline__gt=timezone.now()
    ).select_related("body")


def attendance_of(meeting: BodyMeeting) -> list[Any]:
    return list(meeting.attendance.select_related("member", "member__organisation").order_by("member__full_name"))
