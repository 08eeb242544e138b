"""Can this report be submitted? Problems per section of the report form, in the template's order.

Sections: "narrative" (part I), "results" (I.3), "costs" (II.1), "sources" (II.2), "statements".
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from pozytek.core.money import format_amount
from pozytek.core.workflow import Problem
from pozytek.reports.calculations import Figures
from pozytek.reports.models import ReportResult


def _pln(value: Decimal) -> str:
    return format_amount(value)


def submission_problems(report: Any, figures: Figures) -> list[Problem]:
    problems: list[Problem] = []
    if not report.results_summary.strip():
        problems.append(Problem(_("Describe the results achieved and how far the task's goal was met."), "narrative"))
    if not report.actions_description.strip():
        problems.append(Problem(_("Describe the actions carried out against the schedule."), "narrative"))
    missing = ReportResult.objects.filter(report=report, achieved="").values_list("name", flat=True)
    for name in missing:
        problems.append(Problem(_("Give the level achieved of the result “%(name)s”.") % {"name": name}, "results"))
    if figures.actual_total <= 0:
        problems.append(Problem(_("Enter the costs incurred."), "costs"))
    problems.extend(Problem(message, "costs") for message in line_problems(figures))
    problems.extend(Problem(message, "sources") for message in source_problems(figures))
    if not (
        report.statement_status_unchanged
        and report.statement_true
        and report.statement_procurement
        and report.statement_gdpr
    ):
        problems.append(Problem(_("Confirm every statement."), "statements"))
    return problems


def line_problems(figures: Figures) -> list[str]:
    return [
        _("Line %(no)s: the part paid from the grant cannot exceed the cost incurred.") % {"no": line.number}
        for line in figures.lines
        if line.actual_grant > line.actual
    ]


def source_problems(figures: Figures) -> list[str]:
    """Sums that do not match: sources against costs, grant per line against the grant spent, grant spent
    against the grant paid."""
    problems = []
    if not figures.sums_match:
        problems.append(
            _("The sources add up to %(sources)s PLN but the costs incurred to %(costs)s PLN; they must be equal.")
            % {"sources": _pln(figures.sources_total), "costs": _pln(figures.actual_total)}
        )
    if not figures.grant_lines_match:
        problems.append(
            _(
                "The grant spent (%(grant)s PLN) differs from the sum of the grant parts of the cost lines "
                "(%(lines)s PLN)."
            )
            % {"grant": _pln(figures.grant_spent), "lines": _pln(figures.lines_grant_total)}
        )
    if figures.grant_spent > figures.grant_paid:
        problems.append(
            _("The grant spent (%(spent)s PLN) cannot exceed the grant paid (%(paid)s PLN).")
            % {"spent": _pln(figures.grant_spent), "paid": _pln(figures.grant_paid)}
        )
    return problems
