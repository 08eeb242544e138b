"""Reads of consultations: the office's and the public's lists, the phase on the server clock, who may
take part, the comments shown publicly, survey results and the report's content."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.consultations.models import Comment, Consultation, Meeting, MeetingRegistration, Question, SurveyResponse
from pozytek.consultations.states import Audience, ConsultationState, Phase, QuestionKind
from pozytek.organisations.models import Organisation, OrganisationMember
from pozytek.organisations.selectors import in_directory_of

PUBLIC_STATES = (ConsultationState.PUBLISHED, ConsultationState.CLOSED, ConsultationState.REPORTED)
NGO_AUDIENCES = (Audience.NGOS, Audience.NGO_SPHERES)


def today() -> dt.date:
    """Today in Europe/Warsaw (the server's time zone): periods are whole days there."""
    return timezone.localdate()


def phase(consultation: Consultation, *, on: dt.date | None = None) -> str:
    """Planned / open / closed / report published, from the state and the period."""
    day = on or today()
    if consultation.state == ConsultationState.REPORTED:
        return Phase.REPORTED
    if consultation.state == ConsultationState.CLOSED:
        return Phase.CLOSED
    if consultation.starts_on and day < consultation.starts_on:
        return Phase.PLANNED
    if consultation.ends_on and day > consultation.ends_on:
        return Phase.CLOSED
    return Phase.OPEN


def is_open(consultation: Consultation, *, on: dt.date | None = None) -> bool:
    return consultation.state == ConsultationState.PUBLISHED and phase(consultation, on=on) == Phase.OPEN


def has_ended(consultation: Consultation, *, on: dt.date | None = None) -> bool:
    """The period is over (the day after the last day has begun in Warsaw)."""
    day = on or today()
    return consultation.ends_on is not None and day > consultation.ends_on


def consultations_of_tenant(tenant: Any) -> QuerySet[Consultation]:
    consultations: QuerySet[Consultation] = (
        Consultation.objects.filter(tenant=tenant)
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("-created_at", "-pk")
    )
    return consultations


def office_consultation(tenant: Any, pk: int) -> Consultation:
    """A consultation of this tenant, or 404."""
    consultation: Consultation = get_object_or_404(
        Consultation.objects.filter(tenant=tenant).select_related("tenant").prefetch_related("spheres"), pk=pk
    )
    return consultation


def public_consultations(
    tenant: Any, *, status: str = "", sphere: int | None = None, year: int | None = None
) -> QuerySet[Consultation]:
    """Published consultations with filters; `status` is a public `Phase` computed on today's date."""
    day = today()
    rows = Consultation.objects.filter(tenant=tenant, state__in=PUBLIC_STATES)
    published = Q(state=ConsultationState.PUBLISHED)
    if status == Phase.PLANNED:
        rows = rows.filter(published, starts_on__gt=day)
    elif status == Phase.OPEN:
        rows = rows.filter(published, starts_on__lte=day, ends_on__gte=day)
    elif status == Phase.CLOSED:
        rows = rows.filter(Q(state=ConsultationState.CLOSED) | (published & Q(ends_on__lt=day)))
    elif status == Phase.REPORTED:
        rows = rows.filter(state=ConsultationState.REPORTED)
    if sphere is not None:
        rows = rows.filter(spheres__pk=sphere)
    if year is not None:
        rows = rows.filter(starts_on__year=year)
    result: QuerySet[Consultation] = rows.distinct().order_by("-starts_on", "-pk")
    return result


def public_years(tenant: Any) -> list[int]:
    dates = Consultation.objects.filter(tenant=tenant, state__in=PUBLIC_STATES).dates("starts_on", "year")
    return sorted({d.year for d in dates}, reverse=True)


def public_consultation(tenant: Any, pk: int) -> Consultation:
    """A published (or closed, reported) consultation of this tenant, or 404."""
    consultation: Consultation = get_object_or_404(
        Consultation.objects.filter(tenant=tenant, state__in=PUBLIC_STATES)
        .select_related("tenant")
        .prefetch_related("spheres", "units", "attachments", "meeting_set", "questions"),
        pk=pk,
    )
    return consultation


def user_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user keeps (owner or editor): the ones the user may speak for."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    ids = OrganisationMember.objects.filter(user=user).values("organisation_id")
    organisations: QuerySet[Organisation] = Organisation.objects.filter(pk__in=ids).order_by("name")
    return organisations


def eligible_organisations(consultation: Consultation, user: Any) -> QuerySet[Organisation]:
    """The user's organisations that belong to the consultation's audience."""
    organisations = user_organisations(user)
    if consultation.audience == Audience.NGO_SPHERES:
        organisations = organisations.filter(spheres__in=consultation.spheres.all()).distinct()
    return organisations


def residents_may_take_part(consultation: Consultation) -> bool:
    return bool(consultation.audience == Audience.EVERYONE)


def council_seat(consultation: Consultation, user: Any, *, on: dt.date | None = None) -> bool:
    """The user holds a seat in the council consulted on `on` (today by default)."""
    council = consultation.council
    if council is None or not getattr(user, "is_authenticated", False):
        return False
    day = on or today()
    return bool(council.members.filter(user=user, term_start__lte=day, term_end__gte=day).exists())


def may_take_part_personally(consultation: Consultation, user: Any) -> bool:
    """Without an organisation: a resident (audience everyone) or a member of the council consulted."""
    if consultation.audience == Audience.COUNCIL:
        return council_seat(consultation, user)
    return residents_may_take_part(consultation)


def council_member_emails(consultation: Consultation) -> list[str]:
    """Addresses of the council's current members (their account's or the one given for invitations)."""
    if consultation.council_id is None:
        return []
    day = today()
    emails = set()
    members = consultation.council.members.filter(term_start__lte=day, term_end__gte=day)  # type: ignore[union-attr]
    for member in members.select_related("user"):
        email = member.user.email if member.user is not None else member.email
        if email:
            emails.add(email)
    return sorted(emails)


def participation_problem(consultation: Consultation, user: Any, organisation: Organisation | None) -> str:
    """Why `user` (on behalf of `organisation`, or as a resident when None) may not take part; "" if they may.

    Checked on the server for every comment, survey response and registration.
    """
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part in the consultation.")
    if consultation.audience == Audience.COUNCIL and not council_seat(consultation, user):
        return _("Only members of the council consulted may take part in this consultation.")
    if organisation is None:
        if may_take_part_personally(consultation, user):
            return ""
        return _("This consultation is addressed to organisations: choose the organisation you speak for.")
    if not eligible_organisations(consultation, user).filter(pk=organisation.pk).exists():
        if consultation.audience == Audience.NGO_SPHERES and user_organisations(user).filter(pk=organisation.pk):
            return _("This organisation does not work in the spheres of public tasks this consultation is for.")
        return _("You may speak only for an organisation whose profile you keep.")
    return ""


def account_problem(consultation: Consultation, user: Any) -> str:
    """Why this account cannot take part at all (before any organisation is chosen); "" if it can."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part in the consultation.")
    if consultation.audience == Audience.COUNCIL:
        if council_seat(consultation, user):
            return ""
        return _("Only members of the council consulted may take part in this consultation.")
    if residents_may_take_part(consultation) or eligible_organisations(consultation, user).exists():
        return ""
    if consultation.audience == Audience.NGO_SPHERES:
        return _(
            "Only organisations working in the spheres of public tasks listed below may take part; "
            "none of the organisations whose profile you keep works in them."
        )
    return _(
        "Only non-governmental organisations may take part in this consultation. Sign in with the account "
        "that keeps your organisation's profile."
    )


def organisations_to_notify(consultation: Consultation) -> QuerySet[Organisation]:
    """Organisations of the tenant's directory to tell about a published consultation (with an e-mail).

    Everyone / NGOs: every organisation in the directory; chosen spheres: those working in one of them.
    """
    if consultation.audience == Audience.COUNCIL:
        return Organisation.objects.none()
    organisations = in_directory_of(consultation.tenant).exclude(email="")
    if consultation.audience == Audience.NGO_SPHERES:
        organisations = organisations.filter(spheres__in=consultation.spheres.all())
    result: QuerySet[Organisation] = organisations.distinct().order_by("pk")
    return result


def comments_of(consultation: Consultation) -> QuerySet[Comment]:
    """Every comment of the consultation with its unit, author's organisation and what it was merged into."""
    comments: QuerySet[Comment] = (
        Comment.objects.filter(consultation=consultation)
        .select_related("unit", "organisation", "duplicate_of", "author")
        .order_by("unit__position", "created_at", "pk")
    )
    return comments


def public_comments(consultation: Consultation) -> QuerySet[Comment]:
    """Comments shown on the public page: all of them unless the consultation keeps them private
    until the report (the report always lists them)."""
    if not consultation.comments_public and consultation.state != ConsultationState.REPORTED:
        return Comment.objects.none()
    return comments_of(consultation)


def office_comment(consultation: Consultation, pk: int) -> Comment:
    comment: Comment = get_object_or_404(comments_of(consultation), pk=pk)
    return comment


def unanswered(consultation: Consultation) -> QuerySet[Comment]:
    """Comments still awaiting an answer (a merged duplicate shares the answer of the one it joined)."""
    return comments_of(consultation).filter(duplicate_of__isnull=True, response="")


def meeting_of(consultation: Consultation, pk: int) -> Meeting:
    meeting: Meeting = get_object_or_404(Meeting.objects.filter(consultation=consultation), pk=pk)
    return meeting


def places_left(meeting: Meeting) -> int | None:
    if meeting.capacity is None:
        return None
    return max(meeting.capacity - meeting.registrations.count(), 0)


@dataclass
class QuestionResult:
    """Counts of one survey question's answers (for the report's bar charts) or its free-text answers."""

    question: Question
    total: int = 0
    bars: list[tuple[str, int, int]] = field(default_factory=list)  # (answer, count, percent)
    texts: list[str] = field(default_factory=list)


def survey_results(consultation: Consultation) -> list[QuestionResult]:
    results = []
    for question in consultation.questions.all():
        values = list(question.answers.exclude(value="").values_list("value", flat=True))
        result = QuestionResult(question=question, total=len(values))
        if question.kind == QuestionKind.TEXT:
            result.texts = values
        else:
            counts = Counter(values)
            for choice in question.choice_list:
                count = counts.get(choice, 0)
                percent = round(100 * count / len(values)) if values else 0
                result.bars.append((choice, count, percent))
        results.append(result)
    return results


def survey_response_count(consultation: Consultation) -> int:
    return SurveyResponse.objects.filter(consultation=consultation).count()


def has_answered_survey(consultation: Consultation, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return SurveyResponse.objects.filter(consultation=consultation, user=user).exists()


@dataclass
class Participant:
    """A line of the report's list of participants."""

    name: str
    comments: int = 0
    survey: bool = False
    meetings: int = 0


def participants(consultation: Consultation) -> list[Participant]:
    """Organisations (by name) and residents (counted, never named) who took part."""
    people: dict[str, Participant] = {}
    resident_label = _("Residents")
    for comment in comments_of(consultation):
        name = comment.organisation.name if comment.organisation else resident_label
        people.setdefault(name, Participant(name)).comments += 1
    for response in SurveyResponse.objects.filter(consultation=consultation).select_related("organisation"):
        name = response.organisation.name if response.organisation else resident_label
        people.setdefault(name, Participant(name)).survey = True
    for meeting in consultation.meeting_set.all():
        for registration in meeting.registrations.select_related("organisation"):
            name = registration.organisation.name if registration.organisation else resident_label
            people.setdefault(name, Participant(name)).meetings += 1
    return sorted(people.values(), key=lambda p: (p.name == resident_label, p.name))


def participant_emails(consultation: Consultation) -> list[str]:
    """Addresses of everyone who commented, answered the survey or registered for a meeting."""
    users = set(Comment.objects.filter(consultation=consultation).values_list("author__email", flat=True))
    users |= set(SurveyResponse.objects.filter(consultation=consultation).values_list("user__email", flat=True))
    users |= set(
        MeetingRegistration.objects.filter(meeting__consultation=consultation).values_list("user__email", flat=True)
    )
    return sorted(e for e in users if e)


# Work waiting (core.worklist: consultations/worklist.py) ------------------------------------------------


@dataclass(frozen=True)
class CommentsWaiting:
    """A consultation and how many of its comments await an answer."""

    consultation: Consultation
    count: int


def consultations_with_comments_to_answer(tenant: Any) -> list[CommentsWaiting]:
    """Published or closed consultations with comments still awaiting an answer (as `unanswered` counts them),
    the earliest end first: one query."""
    waiting = Count("comments", filter=Q(comments__duplicate_of__isnull=True, comments__response=""))
    consultations = (
        Consultation.objects.filter(tenant=tenant, state__in=(ConsultationState.PUBLISHED, ConsultationState.CLOSED))
        .annotate(waiting=waiting)
        .filter(waiting__gt=0)
        .order_by("ends_on", "pk")
    )
    return [CommentsWaiting(c, c.waiting) for c in consultations]


def open_consultations_across_tenants(tenant_ids: Any) -> list[Consultation]:
    """Consultations open today in these local governments (published, within their period), the earliest
    end first, with their tenant and spheres: two queries. Crosses tenants on purpose (an organisation's
    dashboard), filtered by the tenants where the person's organisations work."""
    day = today()
    with scopes_disabled():
        return list(
            Consultation.objects.filter(
                tenant_id__in=list(tenant_ids),
                state=ConsultationState.PUBLISHED,
                starts_on__lte=day,
                ends_on__gte=day,
            )
            .select_related("tenant")
            .prefetch_related("spheres")
            .order_by("ends_on", "pk")
        )
