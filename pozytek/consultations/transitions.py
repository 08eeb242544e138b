"""The consultation's workflow table: publish a draft, close after the period, publish the report.

"Planned" and "open" are not stored: a published consultation is planned before its first day and
open until the end of its last day (Europe/Warsaw); `selectors.phase` computes it.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.consultations.permissions import is_consultation_officer
from pozytek.consultations.selectors import has_ended, today, unanswered
from pozytek.consultations.states import Audience, ConsultationState
from pozytek.core.workflow import Problem, Transition
from pozytek.legal.selectors import LegalParameterMissing, legal_days


def period_problems(consultation: Any) -> list[Problem]:
    """The period: both dates, not in the past, at least `consultation.min_days` long."""
    start, end = consultation.starts_on, consultation.ends_on
    if start is None or end is None:
        return [Problem(_("Enter the start and the end of the consultation period."), "starts_on")]
    problems = []
    if start < today():
        problems.append(Problem(_("The consultation cannot start in the past."), "starts_on"))
    try:
        minimum = legal_days("consultation.min_days", on=start, tenant=consultation.tenant)
    except LegalParameterMissing:
        minimum = 0
    if (end - start).days < minimum:
        problems.append(
            Problem(
                _("The consultation must last at least %(days)d days (the end minus the start).") % {"days": minimum},
                "ends_on",
            )
        )
    return problems


def publication_problems(consultation: Any) -> list[Problem]:
    """Everything a consultation needs before it is published."""
    problems = []
    if not consultation.title.strip():
        problems.append(Problem(_("Enter the subject."), "title"))
    if not consultation.units.exists():
        problems.append(Problem(_("Add the draft: at least one unit (paragraph or section)."), "units"))
    problems += period_problems(consultation)
    if not (consultation.online_comments or consultation.survey or consultation.meetings):
        problems.append(Problem(_("Choose at least one form of consultation."), "online_comments"))
    if consultation.survey and not consultation.questions.exists():
        problems.append(Problem(_("Add the survey's questions or switch the survey off."), "questions"))
    if consultation.meetings and not consultation.meeting_set.exists():
        problems.append(Problem(_("Add a meeting or switch meetings off."), "meetings"))
    if consultation.audience == Audience.NGO_SPHERES and not consultation.spheres.exists():
        problems.append(Problem(_("Choose the spheres of public tasks of the organisations consulted."), "spheres"))
    if consultation.audience == Audience.COUNCIL and consultation.council_id is None:
        problems.append(Problem(_("Choose the council consulted."), "council"))
    if not consultation.contact_name.strip() or not (consultation.contact_email or consultation.contact_phone):
        problems.append(
            Problem(_("Enter the contact person with an e-mail address or a phone number."), "contact_name")
        )
    return problems


def closing_problems(consultation: Any) -> list[Problem]:
    if not has_ended(consultation):
        return [Problem(_("The consultation can be closed only after its last day."), "ends_on")]
    return []


def report_problems(consultation: Any) -> list[Problem]:
    """The report is published when every comment has its answer and every meeting its minutes."""
    problems = []
    waiting = unanswered(consultation).count()
    if waiting:
        problems.append(Problem(_("%(count)d comments still have no answer.") % {"count": waiting}, "comments"))
    for meeting in consultation.meeting_set.all():
        if not meeting.minutes.strip():
            problems.append(
                Problem(_("Record the minutes of the meeting of %(meeting)s.") % {"meeting": meeting}, "meetings")
            )
    return problems


TRANSITIONS = (
    Transition(
        "publish",
        ConsultationState.DRAFT,
        ConsultationState.PUBLISHED,
        may=is_consultation_officer,
        check=publication_problems,
        label=gettext_lazy("Publish the consultation"),
    ),
    Transition(
        "close",
        ConsultationState.PUBLISHED,
        ConsultationState.CLOSED,
        may=is_consultation_officer,
        check=closing_problems,
        label=gettext_lazy("Close the consultation"),
    ),
    Transition(
        "publish_report",
        ConsultationState.CLOSED,
        ConsultationState.REPORTED,
        may=is_consultation_officer,
        check=report_problems,
        label=gettext_lazy("Publish the consultation report"),
    ),
    Transition(
        "cancel",
        ConsultationState.DRAFT,
        ConsultationState.CANCELLED,
        may=is_consultation_officer,
        label=gettext_lazy("Cancel the consultation"),
    ),
    Transition(
        "cancel",
        ConsultationState.PUBLISHED,
        ConsultationState.CANCELLED,
        may=is_consultation_officer,
        label=gettext_lazy("Cancel the consultation"),
    ),
)
