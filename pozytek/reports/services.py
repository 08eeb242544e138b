"""Writes of reports and settlement.

The organisation starts a report the agreement owes (its cost lines, sources and results copied from the
agreement's terms in force), fills it in, and submits it (frozen JSON + SHA-256 per version). The office
accepts it (the amount to return and its deadline are fixed then), returns it for corrections with a
deadline (`report.correction_days`), or rejects it. Settlement (rozliczenie) closes the agreement once its
final report is accepted and any return is recorded; the grants register shows the amount settled.
Reminders are e-mailed before a report is due and once it is late (`send_report_reminders`, run by cron).

A `ValidationError` keyed by the form's fields says what is wrong; nothing is saved then.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement
from pozytek.agreements.permissions import is_agreement_officer, is_party_member
from pozytek.agreements.selectors import party_addresses
from pozytek.agreements.selectors_terms import terms_in_force
from pozytek.agreements.services.agreements import settle_agreement
from pozytek.agreements.states import AgreementState
from pozytek.core.audit import record_event
from pozytek.core.money import format_amount, parse_amount
from pozytek.core.workflow import apply_transition, not_allowed
from pozytek.legal.selectors import legal_days
from pozytek.notifications.services import queue_email_text
from pozytek.reports.models import (
    Report,
    ReportCostLine,
    ReportReminder,
    ReportResult,
    ReportVersion,
    Settlement,
)
from pozytek.reports.selectors import (
    accepted_final_report,
    agreements_due_for_reminders,
    due_report,
    grant_paid,
    lines_of,
    report_figures,
    results_of,
)
from pozytek.reports.states import EDITABLE_STATES, ReminderStage, ReportKind, ReportState

TEXT_MAX_LENGTH = 20_000
SHORT_MAX_LENGTH = 300
REASON_MAX_LENGTH = 4_000
ZERO = Decimal("0.00")
SOURCE_FIELDS = ("grant", "own_financial", "own_personal", "own_in_kind", "beneficiary_fees", "other_public_funds")
TEXT_FIELDS = (
    "results_summary",
    "actions_description",
    "other_revenue_info",
    "beneficiary_fees_info",
    "documents_list",
    "additional_info",
)
STATEMENTS = ("statement_status_unchanged", "statement_true", "statement_procurement", "statement_gdpr")


def _text(value: Any, limit: int, field_name: str, errors: dict[str, list[str]]) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if len(text) > limit:
        errors[field_name] = [_("At most %(n)d characters (now %(len)d).") % {"n": limit, "len": len(text)}]
    return text


# Starting and filling in --------------------------------------------------------------------------------


@transaction.atomic
def start_report(*, agreement: Agreement, kind: str, year: int | None, actor: Any) -> Report:
    """Start the report the agreement owes for `kind` (and budget `year` for a partial report), or return the
    one already started (a double click starts one report)."""
    if not is_party_member(actor, agreement):
        raise PermissionDenied(_("You are not allowed to do this."))
    locked = Agreement.objects.select_for_update(of=("self",)).select_related("version", "tenant").get(pk=agreement.pk)
    if locked.state != AgreementState.SIGNED:
        raise ValidationError({"__all__": [_("Reports are filed only for signed agreements.")]})
    due = due_report(locked, kind, year if kind == ReportKind.PARTIAL else None)
    if due is None:
        raise ValidationError({"__all__": [_("The agreement does not ask for this report.")]})
    if due.report is not None:
        return due.report
    terms = terms_in_force(locked)
    index = terms.years.index(year) if (kind == ReportKind.PARTIAL and year in terms.years) else None
    report: Report = Report.objects.create(
        tenant=locked.tenant,
        agreement=locked,
        kind=kind,
        year=due.year,
        period_start=due.period_start,
        period_end=due.period_end,
        due_date=due.due_date,
        annex_number=terms.annex_number,
        cost_shift_percent=locked.cost_shift_percent,
        created_by=actor,
        **{f"planned_{key}": _planned_source(terms.sources[key], terms, locked, index, key) for key in SOURCE_FIELDS},
    )
    ReportCostLine.objects.bulk_create(
        ReportCostLine(
            report=report,
            order=i,
            number=line.number,
            name=line.name[:300],
            category=line.category,
            group=line.group[:300],
            planned=line.years[index] if index is not None and index < len(line.years) else line.planned,
        )
        for i, line in enumerate(terms.lines)
    )
    ReportResult.objects.bulk_create(
        ReportResult(report=report, order=i, name=r.name[:300], target=r.target[:300], monitoring=r.monitoring[:300])
        for i, r in enumerate(terms.results)
    )
    record_event(actor=actor, subject=report, action="report.start", data={"kind": kind, "year": due.year})
    return report


def _planned_source(value: Decimal, terms: Any, agreement: Agreement, index: int | None, key: str) -> Decimal:
    """A source as agreed; in a partial report, the year's share of it (the grant: the year's amount)."""
    if index is None:
        return value
    if key == "grant":
        year = agreement.years.filter(year=terms.years[index]).first()
        return year.amount if year is not None else value
    total, year_total = terms.total, sum((li.years[index] for li in terms.lines if index < len(li.years)), ZERO)
    return (value * year_total / total).quantize(Decimal("0.01")) if total else ZERO


@dataclass
class ReportInput:
    """What the organisation typed: texts, statements, per line (by the line's id) the cost incurred and
    the grant part, per result (by id) the level achieved, the actual sources and other revenue."""

    texts: Mapping[str, Any] = field(default_factory=dict)
    statements: Mapping[str, bool] = field(default_factory=dict)
    lines: Mapping[int, tuple[Any, Any]] = field(default_factory=dict)
    results: Mapping[int, Any] = field(default_factory=dict)
    sources: Mapping[str, Any] = field(default_factory=dict)
    other_revenue: Any = "0"


@transaction.atomic
def save_report(*, report: Report, actor: Any, data: ReportInput) -> Report:
    """Save the report as typed (a draft or one returned for corrections). Amounts are checked one by one;
    sums are checked at submission, so a half-filled report can always be saved."""
    locked: Report = Report.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=report.pk)
    if not is_party_member(actor, locked.agreement):
        raise PermissionDenied(_("You are not allowed to do this."))
    if locked.state not in EDITABLE_STATES:
        raise ValidationError({"__all__": [_("This report can no longer be changed.")]})
    errors: dict[str, list[str]] = {}
    for name in TEXT_FIELDS:
        if name in data.texts:
            setattr(locked, name, _text(data.texts[name], TEXT_MAX_LENGTH, name, errors))
    for name in STATEMENTS:
        setattr(locked, name, bool(data.statements.get(name, False)))
    missing = _("Enter the amount (0 if none).")
    for key in SOURCE_FIELDS:
        value, message = parse_amount(data.sources.get(key, ""), missing=missing)
        if value is None:
            errors[f"source_{key}"] = [message]
        else:
            setattr(locked, f"actual_{key}", value)
    revenue, message = parse_amount(data.other_revenue, missing=missing)
    if revenue is None:
        errors["other_revenue"] = [message]
    else:
        locked.other_revenue = revenue
    lines = {line.pk: line for line in lines_of(locked)}
    results = {result.pk: result for result in results_of(locked)}
    if set(data.lines) - set(lines) or set(data.results) - set(results):
        raise ValidationError({"__all__": [_("The form does not match this report. Reload the page.")]})
    for pk, (actual, grant_part) in data.lines.items():
        line = lines[pk]
        value, message = parse_amount(actual, missing=missing)
        if value is None:
            errors[f"line_{pk}_actual"] = [message]
        else:
            line.actual = value
        part, message = parse_amount(grant_part, missing=missing)
        if part is None:
            errors[f"line_{pk}_grant"] = [message]
        else:
            line.actual_grant = part
        if value is not None and part is not None and part > value:
            errors[f"line_{pk}_grant"] = [_("The part paid from the grant cannot exceed the cost incurred.")]
    for pk, achieved in data.results.items():
        results[pk].achieved = _text(achieved, SHORT_MAX_LENGTH, f"result_{pk}", errors)
    if errors:
        raise ValidationError(errors)
    locked.save()
    ReportCostLine.objects.bulk_update(lines.values(), ["actual", "actual_grant"])
    ReportResult.objects.bulk_update(results.values(), ["achieved"])
    record_event(actor=actor, subject=locked, action="report.save", data={"version": locked.version})
    return locked


def report_snapshot(report: Report) -> dict[str, Any]:
    """The report as submitted: every field the template has, with every sum."""
    figures = report_figures(report)
    return {
        "format": "pozytek.report/1",
        "template": "Dz.U. 2018 poz. 2057, załącznik nr 5",
        "agreement": report.agreement.number,
        "kind": report.kind,
        "year": report.year,
        "period": [report.period_start.isoformat(), report.period_end.isoformat()],
        "annex": report.annex_number,
        "texts": {name: getattr(report, name) for name in TEXT_FIELDS},
        "results": [
            {"name": r.name, "target": r.target, "achieved": r.achieved, "monitoring": r.monitoring}
            for r in results_of(report)
        ],
        "lines": [
            {
                "no": li.number,
                "name": li.name,
                "planned": str(li.planned),
                "actual": str(li.actual),
                "grant": str(li.actual_grant),
            }
            for li in figures.lines
        ],
        "sources": [
            {"key": s.key, "planned": str(s.planned), "actual": str(s.actual), "share": str(s.actual_share)}
            for s in figures.sources
        ],
        "other_revenue": str(report.other_revenue),
        "statements": {name: getattr(report, name) for name in STATEMENTS},
    }


@transaction.atomic
def submit_report(*, report: Report, actor: Any) -> Report:
    """Submit (or resubmit after corrections): the checks of `validation.submission_problems`, then a new
    frozen version with its SHA-256; the office is e-mailed. Submitting twice gives one submission."""
    # Locked first: a second submission waits here, then finds the first one (its version is frozen below).
    current: Report = Report.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=report.pk)
    if current.state == ReportState.SUBMITTED and current.submitted_by_id == getattr(actor, "pk", None):
        return current  # a double click: the first submission stands
    if current.agreement.state != AgreementState.SIGNED:
        raise ValidationError({"__all__": [_("Reports are filed only for signed agreements.")]})
    # The version is frozen first and the report then submitted (in this transaction: a refused or blocked
    # submission keeps nothing), so the office's e-mail, declared with the transition, gives its number.
    snapshot = report_snapshot(current)
    current.version += 1
    current.snapshot = {**snapshot, "version": current.version}
    current.checksum = hashlib.sha256(
        json.dumps(current.snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    current.submitted_at = timezone.now()
    current.submitted_by = actor
    current.save(update_fields=["version", "snapshot", "checksum", "submitted_at", "submitted_by", "updated_at"])
    ReportVersion.objects.create(
        tenant=current.tenant,
        report=current,
        number=current.version,
        snapshot=current.snapshot,
        checksum=current.checksum,
        submitted_at=current.submitted_at,
        submitted_by=actor,
    )
    submitted: Report = apply_transition(
        current,
        "submit",
        actor=actor,
        queryset=Report.objects.select_related("agreement", "agreement__offer", "agreement__tenant"),
    )
    record_event(
        actor=actor,
        subject=submitted,
        action="report.version",
        data={"version": submitted.version, "sha256": submitted.checksum},
    )
    return submitted


# The office's review ------------------------------------------------------------------------------------


def _require_officer(actor: Any, obj: Any) -> None:
    if not is_agreement_officer(actor, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _reason(value: str, *, required: bool) -> str:
    reason = (value or "").strip()
    if required and not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": [_("At most %(n)d characters.") % {"n": REASON_MAX_LENGTH}]})
    return reason


def return_deadline_for(report: Report, accepted_on: dt.date) -> dt.date:
    """When the amount to return is due: the agreement's return deadline for the final report, the legal
    days after the end of the budget year for a partial one; never before the day after acceptance."""
    if report.kind == ReportKind.FINAL:
        deadline = report.agreement.return_deadline
    else:
        year_end = dt.date(report.year or report.period_end.year, 12, 31)
        days = legal_days("agreement.year_unused_return_days", on=year_end, tenant=report.agreement.tenant)
        deadline = year_end + dt.timedelta(days=days)
    return max(deadline, accepted_on + dt.timedelta(days=1))


def _locked_submitted(report: Report, action: str) -> Report:
    """The submitted report under review, locked (TransitionNotAllowed once decided, e.g. a double click)."""
    locked: Report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("agreement__tenant", "agreement__offer")
        .get(pk=report.pk)
    )
    if locked.state != ReportState.SUBMITTED:
        raise not_allowed(locked, action)
    return locked


@transaction.atomic
def accept_report(*, report: Report, actor: Any) -> Report:
    """Accept a submitted report: the amount to return (unused grant + grant spent against the rules) and
    its deadline are fixed and the organisation is e-mailed."""
    _require_officer(actor, report)
    # The figures are fixed before the move: the organisation's e-mail (declared with it) states them.
    reviewed = _locked_submitted(report, "accept")
    figures = report_figures(reviewed)
    reviewed.amount_to_return = figures.amount_to_return
    reviewed.return_deadline = return_deadline_for(reviewed, timezone.localdate()) if figures.amount_to_return else None
    reviewed.reviewed_at, reviewed.reviewed_by = timezone.now(), actor
    reviewed.save(update_fields=["amount_to_return", "return_deadline", "reviewed_at", "reviewed_by", "updated_at"])
    accepted = apply_transition(reviewed, "accept", actor=actor)
    accepted.agreement = reviewed.agreement
    record_event(
        actor=actor,
        subject=accepted,
        action="report.figures",
        data={
            "amount_to_return": str(figures.amount_to_return),
            "unused": str(figures.unused_grant),
            "against_rules": str(figures.grant_against_rules),
            "return_deadline": accepted.return_deadline.isoformat() if accepted.return_deadline else None,
        },
    )
    return accepted


@transaction.atomic
def request_corrections(*, report: Report, actor: Any, reason: str) -> Report:
    """Return a submitted report for corrections, due within `report.correction_days` days."""
    _require_officer(actor, report)
    text = _reason(reason, required=True)
    days = legal_days("report.correction_days", on=timezone.localdate(), tenant=report.tenant)
    reviewed = _locked_submitted(report, "return")
    reviewed.corrections_reason = text
    reviewed.corrections_deadline = timezone.localdate() + dt.timedelta(days=days)
    reviewed.reviewed_at, reviewed.reviewed_by = timezone.now(), actor
    reviewed.save(
        update_fields=["corrections_reason", "corrections_deadline", "reviewed_at", "reviewed_by", "updated_at"]
    )
    returned = apply_transition(reviewed, "return", actor=actor, reason=text)
    returned.agreement = reviewed.agreement
    return returned


@transaction.atomic
def reject_report(*, report: Report, actor: Any, reason: str) -> Report:
    """Reject a submitted report (with the reason); the organisation may start the report again."""
    _require_officer(actor, report)
    text = _reason(reason, required=True)
    reviewed = _locked_submitted(report, "reject")
    reviewed.decision_reason = text
    reviewed.reviewed_at, reviewed.reviewed_by = timezone.now(), actor
    reviewed.save(update_fields=["decision_reason", "reviewed_at", "reviewed_by", "updated_at"])
    rejected = apply_transition(reviewed, "reject", actor=actor, reason=text)
    rejected.agreement = reviewed.agreement
    return rejected


# Settlement -------------------------------------------------------------------------------------------


@transaction.atomic
def settle_grant(
    *, agreement: Agreement, actor: Any, returned_amount: Any, returned_on: dt.date | None, note: str = ""
) -> Settlement:
    """Settle the grant (rozliczenie): the final report is accepted and any amount to return has been
    returned in full; the agreement becomes settled and the register shows the amount settled."""
    _require_officer(actor, agreement)
    locked = Agreement.objects.select_for_update(of=("self",)).select_related("grant", "tenant").get(pk=agreement.pk)
    if locked.state != AgreementState.SIGNED:
        raise not_allowed(locked, "settle")
    final = accepted_final_report(locked)
    if final is None:
        raise ValidationError({"__all__": [_("The final report has not been accepted yet.")]})
    pending = locked.reports.filter(state__in=[ReportState.SUBMITTED, ReportState.CORRECTIONS, ReportState.DRAFT])
    if pending.exists():
        raise ValidationError({"__all__": [_("Another report of this agreement is still open; decide on it first.")]})
    paid = grant_paid(locked)
    due = final.amount_to_return or ZERO
    errors: dict[str, list[str]] = {}
    value, message = parse_amount(returned_amount, missing=_("Enter the amount (0 if none)."))
    if value is None:
        errors["returned_amount"] = [message]
    elif value != due:
        errors["returned_amount"] = [
            _("The amount to return is %(due)s PLN; record the return in full before settling.")
            % {"due": format_amount(due)}
        ]
    if value and returned_on is None:
        errors["returned_on"] = [_("Enter the date of the return.")]
    elif returned_on is not None and returned_on > timezone.localdate():
        errors["returned_on"] = [_("The date of the return cannot be in the future.")]
    text = _text(note, REASON_MAX_LENGTH, "note", errors)
    if errors or value is None:
        raise ValidationError(errors)
    try:
        settlement: Settlement = Settlement.objects.create(
            tenant=locked.tenant,
            agreement=locked,
            final_report=final,
            grant_paid=paid,
            amount_to_return=due,
            returned_amount=value,
            returned_on=returned_on if value else None,
            amount_settled=max(paid - value, ZERO),
            note=text,
            settled_by=actor,
        )
    except IntegrityError as error:
        raise ValidationError({"__all__": [_("This grant has already been settled.")]}) from error
    settle_agreement(
        agreement=locked,
        actor=actor,
        data={"amount_settled": str(settlement.amount_settled), "returned": str(value)},
    )
    return settlement


# Reminders ----------------------------------------------------------------------------------------------


@transaction.atomic
def send_report_reminders(*, today: dt.date | None = None) -> int:
    """E-mail the organisations whose report is due within `POZYTEK_REPORT_REMINDER_DAYS` days, and once
    more when it is late; each reminder is sent once (kept in ReportReminder). Returns how many were sent."""
    today = today or timezone.localdate()
    horizon = int(getattr(settings, "POZYTEK_REPORT_REMINDER_DAYS", 7))
    sent = 0
    with scopes_disabled():
        sent = _send_reminders(today, horizon)
    return sent


def _send_reminders(today: dt.date, horizon: int) -> int:
    sent = 0
    for agreement, due_list in agreements_due_for_reminders(today, horizon):
        for due in due_list:
            stage = ReminderStage.LATE if due.is_late(today) else ReminderStage.BEFORE
            addresses = party_addresses(agreement, members=True)
            _reminder, created = ReportReminder.objects.get_or_create(
                tenant=agreement.tenant,
                agreement=agreement,
                kind=due.kind,
                year=due.year or 0,
                due_date=due.due_date,
                stage=stage,
                defaults={"sent_to": addresses},
            )
            if not created or not addresses:
                continue
            queue_email_text(
                to=addresses,
                template=f"reports/email/reminder_{stage}.txt",
                context={"agreement": agreement, "tenant": agreement.tenant, "due": due, "today": today},
            )
            sent += 1
    return sent
