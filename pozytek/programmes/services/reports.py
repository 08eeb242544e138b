"""The realisation report (sprawozdanie z realizacji programu współpracy, art. 5a ust. 3): prepared from
the records, narrated by the office, frozen and published by 31 May of the next year."""

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.core.workflow import apply_transition
from pozytek.programmes.models import Programme, RealisationReport
from pozytek.programmes.permissions import is_programme_officer
from pozytek.programmes.selectors import realisation, structure
from pozytek.programmes.services.programmes import _require_officer
from pozytek.programmes.states import ADOPTED_STATES, ProgrammeState, ReportSection, ReportState

NARRATIVE_LIMIT = 20_000


def canonical_json(data: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes the report's SHA-256 is computed over (as for offers)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@transaction.atomic
def start_report(*, programme: Programme, actor: Any, year: int) -> RealisationReport:
    """The report on one year of an adopted programme (one per programme and year)."""
    _require_officer(actor, programme)
    if programme.state not in ADOPTED_STATES:
        raise ValidationError({"year": [_("A report is prepared on an adopted programme.")]})
    if year not in programme.years:
        raise ValidationError(
            {"year": [_("Choose a year of the programme's period (%(period)s).") % {"period": programme.period_label}]}
        )
    if year > timezone.localdate().year:
        raise ValidationError({"year": [_("The year has not begun yet.")]})
    existing: RealisationReport | None = RealisationReport.objects.filter(programme=programme, year=year).first()
    if existing is not None:
        return existing
    report: RealisationReport = RealisationReport.objects.create(
        tenant=programme.tenant, programme=programme, year=year, created_by=actor
    )
    record_event(actor=actor, subject=report, action="programme_report.start", data={"year": year})
    return report


@transaction.atomic
def save_narrative(*, report: RealisationReport, actor: Any, texts: dict[str, str]) -> RealisationReport:
    """The office's narrative per section; refused once the report is published."""
    locked: RealisationReport = RealisationReport.objects.select_for_update().get(pk=report.pk)
    if not is_programme_officer(actor, locked):
        _require_officer(actor, locked)
    if locked.state != ReportState.DRAFT:
        raise ValidationError(_("A published report can no longer be changed."))
    allowed = set(ReportSection.values)
    unknown = set(texts) - allowed
    if unknown:
        raise TypeError(f"Unknown report sections: {sorted(unknown)}")
    errors = {
        key: [_("At most %(limit)d characters.") % {"limit": NARRATIVE_LIMIT}]
        for key, value in texts.items()
        if len(value or "") > NARRATIVE_LIMIT
    }
    if errors:
        raise ValidationError(errors)
    narrative = dict(locked.narrative)
    narrative.update({key: (value or "").strip() for key, value in texts.items()})
    locked.narrative = {k: v for k, v in narrative.items() if v}
    locked.save(update_fields=["narrative", "updated_at"])
    record_event(actor=actor, subject=locked, action="programme_report.narrative", data={"sections": sorted(texts)})
    return locked


def report_content(report: RealisationReport) -> dict[str, Any]:
    """What the report's page, PDF, DOCX and open data show: frozen once published, computed before."""
    if report.snapshot is not None:
        return dict(report.snapshot)
    return {
        "realisation": realisation(report.programme, report.year),
        "programme": structure(report.programme),
        "narrative": dict(report.narrative),
    }


@transaction.atomic
def publish_report(*, report: RealisationReport, actor: Any) -> RealisationReport:
    """Freeze the report (snapshot + SHA-256 over its canonical JSON) and publish it; the report on a
    programme's last year, published once that year is over, closes the programme as reported (a report
    published while its year still runs shows the figures as of its day, and the programme stays in force)."""
    locked: RealisationReport = (
        RealisationReport.objects.select_for_update().select_related("programme").get(pk=report.pk)
    )
    _require_officer(actor, locked)
    if locked.state != ReportState.DRAFT:
        raise ValidationError(_("The report has already been published."))
    # The published document is the official Polish one, whatever language the publishing official uses.
    with translation.override("pl"):
        content = {
            "realisation": realisation(locked.programme, locked.year),
            "programme": structure(locked.programme),
            "narrative": dict(locked.narrative),
        }
    locked.snapshot = content
    locked.checksum = hashlib.sha256(canonical_json(content)).hexdigest()
    locked.published_at = timezone.now()
    locked.save(update_fields=["snapshot", "checksum", "published_at", "updated_at"])
    published = apply_transition(locked, "publish", actor=actor, data={"sha256": locked.checksum})
    programme = locked.programme
    if (
        programme.state == ProgrammeState.IN_FORCE
        and locked.year == programme.year_to
        and timezone.localdate().year > programme.year_to
    ):
        apply_transition(programme, "close_reported", actor=actor, data={"report": locked.pk})
    return published
