"""Test data for reports: a signed agreement with its grant paid, and a report filled in as an NGO would."""

from decimal import Decimal

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.agreements.models import Agreement, Tranche
from pozytek.agreements.services.agreements import record_payment
from pozytek.reports.models import Report
from pozytek.reports.selectors import lines_of, results_of
from pozytek.reports.services import ReportInput, save_report, start_report
from tests.agreements.agreement_helpers import awarded_grant, member_of, signed

# The offer of tests.factories.offers: I.1.1 trainer 8000, I.1.2 hall 2000, II.1 coordination 500;
# grant 9000, own financial 1000, own personal 500.
ON_PLAN = {"I.1.1": ("8000", "7000"), "I.1.2": ("2000", "1600"), "II.1": ("500", "400")}
ON_PLAN_SOURCES = {"grant": "9000", "own_financial": "1000", "own_personal": "500"}


def signed_and_paid(tenant, official, *, multi_year: bool = False) -> tuple[Agreement, object]:
    """(agreement, NGO member): a signed agreement whose tranches are all paid today."""
    grant = awarded_grant(tenant, official, multi_year=multi_year)
    agreement = signed(grant, official)
    with scope(tenant=tenant):
        for tranche in Tranche.objects.filter(agreement=agreement):
            record_payment(tranche=tranche, actor=official, paid_on=timezone.localdate(), amount=tranche.amount)
    return agreement, member_of(grant)


def started(agreement: Agreement, author, *, kind: str = "final", year: int | None = None) -> Report:
    with scope(tenant=agreement.tenant):
        return start_report(agreement=agreement, kind=kind, year=year, actor=author)


def report_input(report: Report, *, lines=None, sources=None, statements: bool = True, **texts) -> ReportInput:
    """A filled-in report: `lines` maps a line number to (cost incurred, of which grant)."""
    lines = lines or ON_PLAN
    sources = {
        **dict.fromkeys(
            ("grant", "own_financial", "own_personal", "own_in_kind", "beneficiary_fees", "other_public_funds"), "0"
        ),
        **(sources or ON_PLAN_SOURCES),
    }
    with scopes_disabled():
        rows = {line.pk: lines.get(line.number, ("0", "0")) for line in lines_of(report)}
        results = {result.pk: "65" for result in results_of(report)}
    return ReportInput(
        texts={
            "results_summary": texts.get("results_summary", "Zajęcia odbyły się dla 65 dzieci."),
            "actions_description": texts.get("actions_description", "Treningi dwa razy w tygodniu."),
            "documents_list": "FV 1/2027\nFV 2/2027",
        },
        statements=dict.fromkeys(
            ("statement_status_unchanged", "statement_true", "statement_procurement", "statement_gdpr"), statements
        ),
        lines=rows,
        results=results,
        sources=sources,
        other_revenue="0",
    )


def filled(report: Report, author, **kwargs) -> Report:
    with scope(tenant=report.tenant):
        return save_report(report=report, actor=author, data=report_input(report, **kwargs))


def fresh(report: Report) -> Report:
    with scopes_disabled():
        return Report.objects.select_related("agreement").get(pk=report.pk)


def money(value: str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))
