"""The report's lifecycle, registered with `Report` in the app's `ready()`.

The organisation submits a report (again after corrections); the office accepts it, returns it for
corrections with a deadline, or rejects it. Settlement then closes the agreement: the agreement's own
lifecycle (agreements), asked for by `services.settle_grant`.
"""

from typing import Any

from django.utils.translation import gettext_lazy

from pozytek.core.workflow import Problem, Transition
from pozytek.reports.permissions import is_report_officer, may_submit_report
from pozytek.reports.selectors import report_figures
from pozytek.reports.states import ReportState
from pozytek.reports.validation import submission_problems


def _submission_check(report: Any) -> list[Problem]:
    return submission_problems(report, report_figures(report))


TRANSITIONS = (
    Transition(
        "submit",
        ReportState.DRAFT,
        ReportState.SUBMITTED,
        may=may_submit_report,
        check=_submission_check,
        label=gettext_lazy("Submit the report"),
    ),
    Transition(
        "submit",
        ReportState.CORRECTIONS,
        ReportState.SUBMITTED,
        may=may_submit_report,
        check=_submission_check,
        label=gettext_lazy("Submit the corrected report"),
    ),
    Transition(
        "accept",
        ReportState.SUBMITTED,
        ReportState.ACCEPTED,
        may=is_report_officer,
        label=gettext_lazy("Accept the report"),
    ),
    Transition(
        "return",
        ReportState.SUBMITTED,
        ReportState.CORRECTIONS,
        may=is_report_officer,
        label=gettext_lazy("Ask for corrections"),
    ),
    Transition(
        "reject",
        ReportState.SUBMITTED,
        ReportState.REJECTED,
        may=is_report_officer,
        label=gettext_lazy("Reject the report"),
    ),
)
