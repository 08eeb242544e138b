"""Workflow tables of the cooperation programme and of its realisation report.

Programme: draft → in consultation (the draft goes into a consultation and to the Public Benefit
Council) → adopted (the council's resolution: number and date) → in force (from 1 January of its first
year) → reported (the report on its last year is published). A programme consulted and adopted before
the platform was used is recorded as adopted straight from the draft, with the information on how its
consultation went (art. 5a ust. 4 pkt 10). Report: being prepared → published (frozen).
"""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from pozytek.core.workflow import Problem, Transition, refuses
from pozytek.councils.states import RequestState
from pozytek.programmes.permissions import is_programme_officer
from pozytek.programmes.selectors import overlapping_adopted
from pozytek.programmes.states import ProgrammeState, ReportState
from pozytek.programmes.validation import content_problems


@refuses(gettext_lazy("Only the platform itself brings a programme into force on its first day."))
def is_system(actor: Any, programme: Any) -> bool:
    """The platform itself (no person): the scheduled `bring_programmes_into_force` command."""
    return actor is None


def _consultation_problems(programme: Any) -> list[Problem]:
    problems = []
    consultation = programme.consultation
    today = timezone.localdate()
    if consultation is not None and consultation.ends_on and consultation.ends_on >= today:
        problems.append(
            Problem(
                _("The consultation of the draft ends on %(day)s; the programme can be adopted after it.")
                % {"day": consultation.ends_on.strftime("%d.%m.%Y")},
                "consultation",
            )
        )
    request = programme.opinion_request
    # A withdrawn request waits for nothing; silence past the due date waives the opinion (art. 41i ust. 2).
    if request is not None and request.state == RequestState.PENDING and request.due_on >= today:
        problems.append(
            Problem(
                _("The Public Benefit Council may give its opinion until %(day)s (art. 41i ust. 2).")
                % {"day": request.due_on.strftime("%d.%m.%Y")},
                "opinion",
            )
        )
    return problems


def _adoption_common(programme: Any) -> list[Problem]:
    problems = content_problems(programme)
    if not programme.resolution_number.strip() or programme.resolution_date is None:
        problems.append(Problem(_("Enter the number and date of the council's resolution."), "resolution"))
    for other in overlapping_adopted(programme):
        problems.append(
            Problem(
                _(
                    "“%(title)s” is already adopted for %(period)s; a second programme for the same year cannot be "
                    "in force."
                )
                % {"title": other.title, "period": other.period_label},
                "year_from",
            )
        )
    return problems


def adoption_problems(programme: Any) -> list[Problem]:
    return _adoption_common(programme) + _consultation_problems(programme)


def recorded_adoption_problems(programme: Any) -> list[Problem]:
    problems = _adoption_common(programme)
    if not programme.creation_and_consultation.strip():
        problems.append(
            Problem(
                _("A programme not consulted on the platform needs the information on how it was consulted."),
                "creation_and_consultation",
            )
        )
    return problems


def force_problems(programme: Any) -> list[Problem]:
    if timezone.localdate() < dt.date(programme.year_from, 1, 1):
        return [
            Problem(
                _("The programme comes into force on 1 January %(year)d.") % {"year": programme.year_from},
                "year_from",
            )
        ]
    return []


def reported_problems(programme: Any) -> list[Problem]:
    """Reported: its period is over and the report on its last year is published."""
    if timezone.localdate().year <= programme.year_to:
        return [
            Problem(_("The programme is in force until the end of %(year)d.") % {"year": programme.year_to}, "year_to")
        ]
    if not programme.reports.filter(year=programme.year_to, state=ReportState.PUBLISHED).exists():
        return [Problem(_("Publish the report on the programme's last year first."), "reports")]
    return []


def publish_problems(report: Any) -> list[Problem]:
    if report.year > timezone.localdate().year:
        return [Problem(_("A report can be published once its year has begun."), "year")]
    return []


PROGRAMME_TRANSITIONS = (
    Transition(
        "consult",
        ProgrammeState.DRAFT,
        ProgrammeState.IN_CONSULTATION,
        may=is_programme_officer,
        check=content_problems,
        label=gettext_lazy("Send into consultation"),
    ),
    Transition(
        "adopt",
        ProgrammeState.IN_CONSULTATION,
        ProgrammeState.ADOPTED,
        may=is_programme_officer,
        check=adoption_problems,
        label=gettext_lazy("Record the adoption"),
    ),
    Transition(
        "adopt",
        ProgrammeState.DRAFT,
        ProgrammeState.ADOPTED,
        may=is_programme_officer,
        check=recorded_adoption_problems,
        label=gettext_lazy("Record a programme adopted earlier"),
    ),
    Transition(
        "enter_into_force",
        ProgrammeState.ADOPTED,
        ProgrammeState.IN_FORCE,
        may=is_programme_officer,
        check=force_problems,
        label=gettext_lazy("Bring into force"),
    ),
    Transition(
        "auto_enter_into_force",
        ProgrammeState.ADOPTED,
        ProgrammeState.IN_FORCE,
        may=is_system,
        check=force_problems,
        label=gettext_lazy("Came into force on 1 January"),
    ),
    Transition(
        "close_reported",
        ProgrammeState.IN_FORCE,
        ProgrammeState.REPORTED,
        may=is_programme_officer,
        check=reported_problems,
        label=gettext_lazy("Close as reported"),
    ),
)

REPORT_TRANSITIONS = (
    Transition(
        "publish",
        ReportState.DRAFT,
        ReportState.PUBLISHED,
        may=is_programme_officer,
        check=publish_problems,
        label=pgettext_lazy("realisation report of the programme", "Publish the report"),
    ),
)
