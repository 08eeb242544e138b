"""Reads of reports: which reports an agreement owes and when, the office's queue, the organisation's
reports (across tenants, through its membership), a report's figures, and what settlement needs."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement, AgreementYear, Tranche
from pozytek.agreements.selectors import agreement_of_member_across_tenants, agreements_of_member_across_tenants
from pozytek.agreements.states import AgreementState
from pozytek.reports.calculations import Figures, LineInput, compute
from pozytek.reports.models import Report, ReportCostLine, ReportResult, ReportVersion, Settlement
from pozytek.reports.states import OPEN_STATES, ReportKind, ReportState

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class DueReport:
    """A report the agreement owes: its kind, budget year (partial), period and due date, and the report
    filed for it, if any."""

    kind: str
    year: int | None
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date
    report: Report | None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.year or 0}"

    @property
    def filed(self) -> bool:
        """Submitted or accepted (a draft or a report returned for corrections is not filed)."""
        return self.report is not None and self.report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED)

    def is_late(self, today: dt.date) -> bool:
        return today > self.due_date and not self.filed

    @property
    def late(self) -> bool:
        """Late today (Europe/Warsaw): what the office's and the organisation's pages flag."""
        return self.is_late(timezone.localdate())


def due_reports(agreement: Agreement) -> list[DueReport]:
    """Partial reports for each budget year but the last (when the agreement sets their due date), then the
    final report over the whole task."""
    reports = {
        (r.kind, r.year): r for r in Report.objects.filter(agreement=agreement, state__in=OPEN_STATES).order_by("pk")
    }
    due: list[DueReport] = []
    for year in AgreementYear.objects.filter(agreement=agreement, partial_report_due__isnull=False).order_by("year"):
        start = max(agreement.start_date, dt.date(year.year, 1, 1))
        end = min(agreement.end_date, dt.date(year.year, 12, 31))
        due.append(
            DueReport(
                ReportKind.PARTIAL,
                year.year,
                start,
                end,
                year.partial_report_due or agreement.final_report_due,
                reports.get((ReportKind.PARTIAL, year.year)),
            )
        )
    due.append(
        DueReport(
            ReportKind.FINAL,
            None,
            agreement.start_date,
            agreement.end_date,
            agreement.final_report_due,
            reports.get((ReportKind.FINAL, None)),
        )
    )
    return due


def due_report(agreement: Agreement, kind: str, year: int | None) -> DueReport | None:
    return next((d for d in due_reports(agreement) if d.kind == kind and d.year == year), None)


def grant_paid(agreement: Agreement, *, year: int | None = None) -> Decimal:
    """Grant paid on the agreement's tranches (in one calendar year when `year` is given)."""
    tranches = Tranche.objects.filter(agreement=agreement, paid_on__isnull=False)
    if year is not None:
        tranches = tranches.filter(paid_on__year=year)
    total: Decimal = tranches.aggregate(total=Coalesce(Sum("paid_amount"), Value(ZERO), output_field=MONEY))["total"]
    return total


def lines_of(report: Report) -> list[ReportCostLine]:
    return list(ReportCostLine.objects.filter(report=report).order_by("order", "pk"))


def versions_of(report: Report) -> list[ReportVersion]:
    """Every submitted version of the report, oldest first."""
    return list(ReportVersion.objects.filter(report=report).order_by("number"))


def results_of(report: Report) -> list[ReportResult]:
    return list(ReportResult.objects.filter(report=report).order_by("order", "pk"))


def planned_sources(report: Report) -> dict[str, Decimal]:
    return {
        "grant": report.planned_grant,
        "own_financial": report.planned_own_financial,
        "own_personal": report.planned_own_personal,
        "own_in_kind": report.planned_own_in_kind,
        "beneficiary_fees": report.planned_beneficiary_fees,
        "other_public_funds": report.planned_other_public_funds,
    }


def actual_sources(report: Report) -> dict[str, Decimal]:
    return {
        "grant": report.actual_grant,
        "own_financial": report.actual_own_financial,
        "own_personal": report.actual_own_personal,
        "own_in_kind": report.actual_own_in_kind,
        "beneficiary_fees": report.actual_beneficiary_fees,
        "other_public_funds": report.actual_other_public_funds,
    }


def report_figures(report: Report, lines: list[ReportCostLine] | None = None) -> Figures:
    """Deviations, shares and the amount to return of a report as it stands."""
    lines = lines if lines is not None else lines_of(report)
    paid = grant_paid(report.agreement, year=report.year if report.kind == ReportKind.PARTIAL else None)
    return compute(
        lines=[LineInput(li.number, li.name, li.planned, li.actual, li.actual_grant) for li in lines],
        planned_sources=planned_sources(report),
        actual_sources=actual_sources(report),
        cost_shift_percent=report.cost_shift_percent,
        grant_paid=paid,
        other_revenue=report.other_revenue,
    )


# The office ------------------------------------------------------------------------------------------


def reports_of_tenant(tenant: Any) -> QuerySet[Report]:
    reports: QuerySet[Report] = (
        Report.objects.filter(tenant=tenant)
        .exclude(state=ReportState.DRAFT)
        .select_related("agreement", "agreement__offer", "agreement__offer__organisation")
        .order_by("-submitted_at", "-pk")
    )
    return reports


def report_of_tenant(tenant: Any, pk: int) -> Report:
    """A report of this tenant that has been submitted at least once (drafts are the organisation's)."""
    report: Report = get_object_or_404(
        Report.objects.filter(tenant=tenant)
        .exclude(state=ReportState.DRAFT, version=0)
        .select_related("tenant", "agreement", "agreement__offer", "agreement__grant", "submitted_by"),
        pk=pk,
    )
    return report


@dataclass(frozen=True)
class AgreementReports:
    agreement: Agreement
    due: list[DueReport]

    def late(self, today: dt.date) -> list[DueReport]:
        return [d for d in self.due if d.is_late(today)]


def reporting_overview(tenant: Any) -> list[AgreementReports]:
    """Every signed agreement of the tenant with the reports it owes and their state (the office's view of
    what is due and late)."""
    agreements = (
        Agreement.objects.filter(tenant=tenant, state=AgreementState.SIGNED)
        .select_related("offer", "offer__organisation", "grant")
        .order_by("final_report_due", "pk")
    )
    return [AgreementReports(a, due_reports(a)) for a in agreements]


def settlement_of(agreement: Agreement) -> Settlement | None:
    return Settlement.objects.filter(agreement=agreement).first()


def accepted_final_report(agreement: Agreement) -> Report | None:
    return Report.objects.filter(agreement=agreement, kind=ReportKind.FINAL, state=ReportState.ACCEPTED).first()


def reports_of_agreement(agreement: Agreement) -> list[Report]:
    return list(Report.objects.filter(agreement=agreement).order_by("period_end", "pk"))


# The organisation (platform pages, every tenant, through its membership) -------------------------------


def member_report(user: Any, agreement_pk: int, pk: int) -> tuple[Agreement, Report]:
    """A report of an agreement of the user's organisations, or 404."""
    agreement = agreement_of_member_across_tenants(user, agreement_pk)
    with scopes_disabled():
        report = Report.objects.filter(agreement=agreement, pk=pk).select_related("agreement").first()
    if report is None:
        raise Http404
    report.agreement = agreement
    return agreement, report


def member_due_reports(agreement: Agreement) -> list[DueReport]:
    with scopes_disabled():
        return due_reports(agreement)


def member_reports_of_agreement(agreement: Agreement) -> list[Report]:
    with scopes_disabled():
        return reports_of_agreement(agreement)


def agreements_due_for_reminders(today: dt.date, horizon: int) -> list[tuple[Agreement, list[DueReport]]]:
    """Signed agreements (every tenant) with reports due within `horizon` days or overdue."""
    with scopes_disabled():
        agreements = Agreement.objects.filter(state=AgreementState.SIGNED).select_related("tenant", "offer")
        result = []
        for agreement in agreements:
            due = [
                d
                for d in due_reports(agreement)
                if not d.filed and (d.is_late(today) or 0 <= (d.due_date - today).days <= horizon)
            ]
            if due:
                result.append((agreement, due))
        return result


# Work waiting (core.worklist: reports/worklist.py) ------------------------------------------------------

# Reports due within this many days (and those late) are work waiting.
REPORT_HORIZON_DAYS = 30


@dataclass(frozen=True)
class OwedReport:
    """A report an agreement owes and that is not filed yet."""

    agreement: Agreement
    due: DueReport


def due_reports_of_agreements(agreements: list[Agreement]) -> dict[int, list[DueReport]]:
    """`due_reports` of many agreements at once: two queries whatever their number (the caller's scope)."""
    ids = [a.pk for a in agreements]
    reports: dict[int, dict[tuple[str, int | None], Report]] = {pk: {} for pk in ids}
    for report in Report.objects.filter(agreement_id__in=ids, state__in=OPEN_STATES).order_by("pk"):
        reports[report.agreement_id][(report.kind, report.year)] = report
    years: dict[int, list[AgreementYear]] = {pk: [] for pk in ids}
    for year in AgreementYear.objects.filter(agreement_id__in=ids, partial_report_due__isnull=False).order_by("year"):
        years[year.agreement_id].append(year)
    result: dict[int, list[DueReport]] = {}
    for agreement in agreements:
        own = reports[agreement.pk]
        due = [
            DueReport(
                ReportKind.PARTIAL,
                year.year,
                max(agreement.start_date, dt.date(year.year, 1, 1)),
                min(agreement.end_date, dt.date(year.year, 12, 31)),
                year.partial_report_due or agreement.final_report_due,
                own.get((ReportKind.PARTIAL, year.year)),
            )
            for year in years[agreement.pk]
        ]
        due.append(
            DueReport(
                ReportKind.FINAL,
                None,
                agreement.start_date,
                agreement.end_date,
                agreement.final_report_due,
                own.get((ReportKind.FINAL, None)),
            )
        )
        result[agreement.pk] = due
    return result


def _owed(agreements: list[Agreement], *, horizon: int | None) -> list[OwedReport]:
    today = timezone.localdate()
    due_of = due_reports_of_agreements(agreements)
    owed = [
        OwedReport(agreement, due)
        for agreement in agreements
        for due in due_of[agreement.pk]
        if not due.filed and (horizon is None or (due.due_date - today).days <= horizon)
    ]
    return sorted(owed, key=lambda o: (o.due.due_date, o.agreement.pk))


def reports_owed(tenant: Any, *, horizon: int = REPORT_HORIZON_DAYS) -> list[OwedReport]:
    """Reports the tenant's signed agreements owe within `horizon` days or late, not filed yet, the earliest
    first: three queries."""
    agreements = list(
        Agreement.objects.filter(tenant=tenant, state=AgreementState.SIGNED).select_related("offer__organisation")
    )
    return _owed(agreements, horizon=horizon)


def reports_awaiting_review(tenant: Any) -> QuerySet[Report]:
    """Reports submitted and awaiting the office's review, the earliest submitted first."""
    return (
        Report.objects.filter(tenant=tenant, state=ReportState.SUBMITTED)
        .select_related("agreement__offer__organisation")
        .order_by("submitted_at", "pk")
    )


def reports_owed_by_member_across_tenants(user: Any) -> list[OwedReport]:
    """The next report each signed agreement of the user's organisations owes (every local government),
    not filed yet, the earliest first: three queries. Crosses tenants on purpose, through the memberships."""
    agreements = [a for a in agreements_of_member_across_tenants(user) if a.state == AgreementState.SIGNED]
    with scopes_disabled():
        owed = _owed(agreements, horizon=None)
    first: dict[int, OwedReport] = {}
    for row in owed:
        first.setdefault(row.agreement.pk, row)
    return sorted(first.values(), key=lambda o: (o.due.due_date, o.agreement.pk))
