"""The report's workflow table and the agreement's settlement (signed → settled).

The organisation submits a report (again after corrections); the office accepts it, returns it for
corrections with a deadline, or rejects it. Settlement closes the agreement once its final report is
accepted; it is kept here, beside the reports it depends on, and applied to the agreement with
`apply_transition(agreement, "settle", transitions=SETTLEMENT_TRANSITIONS)`.
"""

from typing import Any

from django.utils.translation import gettext_lazy

from pozytek.agreements.permissions import is_agreement_officer
from pozytek.agreements.states import AgreementState
from pozytek.core.workflow import Problem, Transition
from pozytek.reports.permissions import is_report_officer, may_submit_report
from pozytek.reports.selectors import accepted_final_report, report_figures
from pozytek.reports.states import ReportState
from pozytek.reports.validation import submission_problems


def _submission_check(report: Any) -> list[Problem]:
    return submission_problems(report, report_figures(report))


def _settlement_check(agreement: Any) -> list[Problem]:
    if accepted_final_report(agreement) is None:
        return [Problem(str(gettext_lazy("The final report has not been accepted yet.")), "__all__")]
    return []


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

SETTLEMENT_TRANSITIONS = (
    Transition(
        "settle",
        AgreementState.SIGNED,
        AgreementState.SETTLED,
        may=is_agreement_officer,
        check=_settlement_check,
        label=gettext_lazy("Settle the grant"),
    ),
)
