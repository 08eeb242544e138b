"""What reports put on the dashboards (core.worklist).

The office (`reports.review_reports`, the permission of the pages linked): reports submitted and awaiting
review, reports late, reports due within 30 days. An organisation, across every local government: the next
report each signed agreement owes, and reports returned for corrections with their deadline.
"""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pozytek.core.worklist import MAX_ENTRIES, WorkEntry, WorkItem, WorkSource, entries, is_past, register_source
from pozytek.reports.selectors import (
    REPORT_HORIZON_DAYS,
    OwedReport,
    reports_awaiting_review,
    reports_owed,
    reports_owed_by_member_across_tenants,
)
from pozytek.reports.states import ReportKind, ReportState

PERMISSION = "reports.review_reports"


def _name(owed: OwedReport) -> str:
    if owed.due.kind == ReportKind.PARTIAL:
        return gettext("Partial report %(year)s, agreement %(agreement)s") % {
            "year": owed.due.year,
            "agreement": owed.agreement,
        }
    return gettext("Final report, agreement %(agreement)s") % {"agreement": owed.agreement}


def office_items(tenant: Any, user: Any) -> Sequence[WorkItem]:
    """Five queries: the reports awaiting review (count and first few), the signed agreements, their years
    and reports."""
    if not user.has_perm(PERMISSION, tenant):
        return []
    overview = reverse("reports_office:overview", kwargs={"tenant_slug": tenant.slug})
    awaiting = reports_awaiting_review(tenant)
    today = timezone.localdate()
    owed = reports_owed(tenant)
    late = [o for o in owed if o.due.is_late(today)]
    soon = [o for o in owed if not o.due.is_late(today)]

    def owed_entry(row: OwedReport) -> WorkEntry:
        return WorkEntry(
            title=_name(row),
            url=overview,
            due=row.due.due_date,
            overdue=row.due.is_late(today),
            state=row.due.report.get_state_display() if row.due.report else gettext("not started"),
            context=row.agreement.offer.organisation.name,
        )

    return [
        WorkItem(
            kind="awaiting-review",
            label=_("Reports awaiting review"),
            count=awaiting.count(),
            url=overview,
            entries=tuple(
                WorkEntry(
                    title=gettext("%(kind)s, agreement %(agreement)s")
                    % {"kind": report.get_kind_display(), "agreement": report.agreement},
                    url=reverse("reports_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": report.pk}),
                    state=gettext("submitted on %(date)s")
                    % {"date": date_format(timezone.localtime(report.submitted_at), "j E Y")}
                    if report.submitted_at
                    else gettext("submitted"),
                    context=report.agreement.offer.organisation.name,
                )
                for report in awaiting[:MAX_ENTRIES]
            ),
        ),
        WorkItem(
            kind="overdue",
            label=_("Reports overdue"),
            count=len(late),
            overdue=len(late),
            url=overview,
            entries=entries([owed_entry(o) for o in late]),
        ),
        WorkItem(
            kind="due",
            label=_("Reports due soon"),
            count=len(soon),
            url=overview,
            entries=entries([owed_entry(o) for o in soon]),
            hint=_("Due within %(days)d days.") % {"days": REPORT_HORIZON_DAYS},
        ),
    ]


def member_items(user: Any) -> Sequence[WorkItem]:
    """Three queries: the agreements, their years and their reports."""
    owed = reports_owed_by_member_across_tenants(user)
    if not owed:
        return []
    today = timezone.localdate()
    corrections = [o for o in owed if o.due.report is not None and o.due.report.state == ReportState.CORRECTIONS]
    rest = [o for o in owed if o not in corrections]

    def entry(row: OwedReport, *, corrections: bool = False) -> WorkEntry:
        report = row.due.report
        agreement = row.agreement
        url = (
            reverse("reports_member:edit", kwargs={"agreement_pk": agreement.pk, "pk": report.pk})
            if report is not None
            else reverse("reports_member:list", kwargs={"agreement_pk": agreement.pk})
        )
        due = report.corrections_deadline if corrections and report is not None else row.due.due_date
        return WorkEntry(
            title=_name(row),
            url=url,
            due=due,
            overdue=is_past(due, today=today),
            state=report.get_state_display() if report is not None else gettext("not started"),
            context=f"{agreement.tenant.name} · {agreement.offer.organisation.name}",
        )

    return [
        WorkItem(
            kind="corrections",
            label=_("Reports returned for corrections"),
            count=len(corrections),
            entries=entries([entry(o, corrections=True) for o in corrections]),
        ),
        WorkItem(
            kind="next-report",
            label=_("Next reports due"),
            count=len(rest),
            overdue=sum(1 for o in rest if o.due.is_late(today)),
            entries=entries([entry(o) for o in rest]),
        ),
    ]


REPORTS = WorkSource(
    key="reports", label=_("Reports and settlement"), office_items=office_items, member_items=member_items, order=40
)

register_source(REPORTS)  # imported by the app's ready(): see core/worklist.py
