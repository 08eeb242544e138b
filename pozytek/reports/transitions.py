"""The report's lifecycle, registered with `Report` in the app's `ready()`.

The organisation submits a report (again after corrections); the office accepts it, returns it for
corrections with a deadline, or rejects it. Settlement then closes the agreement: the agreement's own
lifecycle (agreements), asked for by `services.settle_grant`.
"""

from typing import Any

from django.utils.translation import gettext_lazy

from pozytek.agreements.selectors import office_addresses, party_addresses
from pozytek.core.workflow import Notification, Problem, Transition, TransitionEvent
from pozytek.reports.permissions import is_report_officer, may_submit_report
from pozytek.reports.selectors import report_figures
from pozytek.reports.states import ReportState
from pozytek.reports.validation import submission_problems


def _submission_check(report: Any) -> list[Problem]:
    return submission_problems(report, report_figures(report))


def _office(event: TransitionEvent) -> list[str]:
    return office_addresses(event.obj.agreement)


def _organisation(event: TransitionEvent) -> list[str]:
    return party_addresses(event.obj.agreement, members=True)


def _report_context(event: TransitionEvent) -> dict[str, Any]:
    report = event.obj
    return {"report": report, "agreement": report.agreement, "tenant": report.agreement.tenant}


def _accepted_context(event: TransitionEvent) -> dict[str, Any]:
    return {**_report_context(event), "figures": report_figures(event.obj)}


# The office hears of each submission (with the frozen version's number); the organisation and its members
# of each decision (the amount to return, the corrections asked for with their deadline, the reason).
SUBMITTED_MAIL = Notification("reports/email/report_submitted.txt", _office, _report_context)


TRANSITIONS = (
    Transition(
        "submit",
        ReportState.DRAFT,
        ReportState.SUBMITTED,
        may=may_submit_report,
        check=_submission_check,
        label=gettext_lazy("Submit the report"),
        notify=(SUBMITTED_MAIL,),
    ),
    Transition(
        "submit",
        ReportState.CORRECTIONS,
        ReportState.SUBMITTED,
        may=may_submit_report,
        check=_submission_check,
        label=gettext_lazy("Submit the corrected report"),
        notify=(SUBMITTED_MAIL,),
    ),
    Transition(
        "accept",
        ReportState.SUBMITTED,
        ReportState.ACCEPTED,
        may=is_report_officer,
        label=gettext_lazy("Accept the report"),
        notify=(Notification("reports/email/report_accepted.txt", _organisation, _accepted_context),),
    ),
    Transition(
        "return",
        ReportState.SUBMITTED,
        ReportState.CORRECTIONS,
        may=is_report_officer,
        label=gettext_lazy("Ask for corrections"),
        notify=(Notification("reports/email/report_returned.txt", _organisation, _report_context),),
    ),
    Transition(
        "reject",
        ReportState.SUBMITTED,
        ReportState.REJECTED,
        may=is_report_officer,
        label=gettext_lazy("Reject the report"),
        notify=(Notification("reports/email/report_rejected.txt", _organisation, _report_context),),
    ),
)
