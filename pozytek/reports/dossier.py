"""The audit dossier of a grant (teczka kontrolna): one ZIP of every document of an agreement, for an inspection.

Numbered folders hold the offer (each frozen version as PDF and canonical JSON, its confirmation of
submission, the attachments the versions list), the evaluation (the commission's protocol when the call's
commission is closed, the decision on the results), the agreement (PDF and the signed file exactly as
received), the approved annexes (PDF and frozen JSON), the reports submitted (PDF and frozen JSON) and a
summary of the payments and the settlement. `index.html` lists every file with its description, date,
size and SHA-256, and whether it matches the checksum recorded when the document was frozen; `SHA256SUMS`
is the same list for `sha256sum -c`. A document that cannot be produced is listed as missing with the
reason; the dossier is built anyway.

Everything is read through the agreement's tenant (the office view runs in the tenant's scope). PDFs are
rendered when the dossier is built, from the frozen snapshots where the app keeps them (offers, annexes)
and from the saved rows otherwise (agreement, report, protocol, results).
"""

import datetime as dt
import hashlib
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pozytek.agreements.documents import agreement_document, day, money
from pozytek.agreements.documents_annexes import annex_document
from pozytek.agreements.models import Agreement
from pozytek.agreements.selectors import payment_totals, tranches_of
from pozytek.agreements.selectors_annexes import annexes_of
from pozytek.agreements.states import AnnexState
from pozytek.core.audit import record_event
from pozytek.documents.services import RenderedDocument, render_document
from pozytek.evaluation.documents import protocol_document, results_document
from pozytek.evaluation.selectors import commission_of, decision_of
from pozytek.evaluation.states import CommissionState
from pozytek.offers.documents import confirmation_document, offer_document
from pozytek.offers.models import Attachment, OfferVersion
from pozytek.offers.routes import route_of
from pozytek.offers.selectors import version_attachments
from pozytek.offers.snapshot import canonical_json
from pozytek.reports.documents import report_document, report_title
from pozytek.reports.models import Report
from pozytek.reports.selectors import reports_of_agreement, settlement_of, versions_of
from pozytek.reports.states import ReportState

logger = logging.getLogger(__name__)

SPOOL_BYTES = 16 * 1_048_576  # a dossier larger than this is spooled to a temporary file
CHUNK = 1_048_576
_NON_DECOMPOSING = str.maketrans({"Ł": "L", "ł": "l"})
# Reports whose rows can no longer change, so their PDF shows what was submitted.
_FROZEN_REPORT_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.REJECTED)


@dataclass(frozen=True)
class Entry:
    """One line of the index: a file in the ZIP (`path`) or a document that is missing (`missing`)."""

    path: str
    description: str
    date: str
    sha256: str = ""
    size: int = 0
    missing: str = ""  # why the document is not in the dossier
    check: str = ""  # the comparison with the checksum recorded when the document was frozen
    check_failed: bool = False


@dataclass
class Dossier:
    """The ZIP (positioned at its start), its file name and what its index lists."""

    filename: str
    file: IO[bytes]
    entries: list[Entry] = field(default_factory=list)
    sha256: str = ""

    def __iter__(self) -> Iterator[Any]:  # `filename, file = build_dossier(...)`
        return iter((self.filename, self.file))


def _safe(text: str, fallback: str) -> str:
    """A file name part made only of a-z, 0-9 and hyphens (nothing a user typed reaches a path as is)."""
    words = re.sub(r"[\W_]+", " ", str(text).translate(_NON_DECOMPOSING))  # "U/1/2027" -> "u-1-2027"
    return slugify(words)[:60].strip("-") or fallback


def _suffix(name: str) -> str:
    """The extension of an uploaded file's name, lower case and safe (".pdf", ".xml"), or ""."""
    if "." not in name:
        return ""
    extension = _safe(name.rsplit(".", 1)[1], "")[:8]
    return f".{extension}" if extension else ""


def _when(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _checked(actual: str, recorded: str) -> tuple[str, bool]:
    """The note of the index on a file whose checksum was recorded when it was frozen or received."""
    if not recorded:
        return "", False
    if actual == recorded:
        return _("Matches the SHA-256 recorded in the system."), False
    return _("DIFFERS from the SHA-256 recorded in the system (%(recorded)s).") % {"recorded": recorded}, True


class _Writer:
    """Adds files to the archive and keeps the index; any failure becomes a missing entry, never an error."""

    def __init__(self, archive: zipfile.ZipFile, stamp: dt.datetime) -> None:
        self.archive = archive
        self.stamp = stamp.timetuple()[:6]
        self.entries: list[Entry] = []

    def _info(self, path: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(path, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add(self, path: str, data: bytes, *, description: str, date: str, recorded: str = "") -> None:
        digest = hashlib.sha256(data).hexdigest()
        self.archive.writestr(self._info(path), data)
        check, failed = _checked(digest, recorded)
        self.entries.append(Entry(path, description, date, digest, len(data), check=check, check_failed=failed))

    def add_stream(self, path: str, handle: IO[bytes], *, description: str, date: str, recorded: str = "") -> None:
        """Copy a stored file as it is, hashing it on the way (never read whole into memory)."""
        digest, size = hashlib.sha256(), 0
        with self.archive.open(self._info(path), "w", force_zip64=True) as target:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
                target.write(chunk)
                size += len(chunk)
        check, failed = _checked(digest.hexdigest(), recorded)
        self.entries.append(Entry(path, description, date, digest.hexdigest(), size, check=check, check_failed=failed))

    def missing(self, description: str, reason: str, *, date: str = "") -> None:
        self.entries.append(Entry("", description, date, missing=reason))

    def document(self, path: str, render: Callable[[], RenderedDocument], *, description: str, date: str) -> None:
        """Render a PDF; when it cannot be rendered, list it as missing (the error goes to the log)."""
        try:
            with transaction.atomic():  # a savepoint: a failed query leaves the rest of the dossier working
                pdf = render().pdf
        except Exception:  # whatever breaks one document must not lose the dossier
            logger.exception("Audit dossier: %s could not be rendered", path)
            self.missing(description, _("The document could not be generated; the error has been logged."), date=date)
            return
        self.add(path, pdf, description=description, date=date)

    def stored_file(self, path: str, file: Any, *, description: str, date: str, recorded: str = "") -> None:
        """A file kept in private storage, copied byte for byte."""
        if not file:
            self.missing(description, _("No file has been recorded."), date=date)
            return
        try:
            handle = file.open("rb")
        except (FileNotFoundError, OSError):
            logger.exception("Audit dossier: stored file %s is missing", file.name)
            self.missing(description, _("The file is recorded but missing from the storage."), date=date)
            return
        try:
            self.add_stream(path, handle, description=description, date=date, recorded=recorded)
        finally:
            handle.close()


# The sections ---------------------------------------------------------------------------------------


def _offer(writer: _Writer, agreement: Agreement) -> None:
    folder = "01-oferta"
    versions = list(
        OfferVersion.objects.filter(tenant=agreement.tenant, offer_id=agreement.offer_id).order_by("number")
    )
    if not versions:
        writer.missing(_("Offer"), _("The offer has no submitted version."))
    attachments: dict[int, Attachment] = {}
    for version in versions:
        n, date = version.number, _when(version.submitted_at)
        writer.document(
            f"{folder}/oferta-v{n}.pdf",
            partial(offer_document, version.snapshot, draft=False, checksum=version.checksum),
            description=_("Offer, version %(n)s (as submitted)") % {"n": n},
            date=date,
        )
        writer.add(
            f"{folder}/oferta-v{n}.json",
            canonical_json(version.snapshot),
            description=_("Offer, version %(n)s: the frozen data (canonical JSON)") % {"n": n},
            date=date,
            recorded=version.checksum,
        )
        writer.document(
            f"{folder}/potwierdzenie-zlozenia-v{n}.pdf",
            partial(confirmation_document, version),
            description=_("Confirmation of submission of the offer, version %(n)s") % {"n": n},
            date=date,
        )
        for attachment in version_attachments(version).filter(tenant=agreement.tenant):
            attachments.setdefault(attachment.pk, attachment)
    for i, attachment in enumerate(attachments.values(), start=1):
        name = f"{i:02d}-{_safe(attachment.label or attachment.original_name.rsplit('.', 1)[0], 'zalacznik')}"
        writer.stored_file(
            f"{folder}/zalaczniki/{name}{_suffix(attachment.original_name)}",
            attachment.file,
            description=_("Attachment to the offer: %(label)s (%(name)s)")
            % {"label": attachment.label, "name": attachment.original_name},
            date=_when(attachment.created_at),
            recorded=attachment.sha256,
        )


def _evaluation(writer: _Writer, agreement: Agreement) -> None:
    folder = "02-ocena"
    call = route_of(agreement.offer).call(agreement.offer)
    if call is None:  # outside a competition there is no commission and no published results
        return
    commission = commission_of(call)
    description = _("Protocol of the competition commission")
    if commission is None:
        writer.missing(description, _("The call had no competition commission in the system."))
    elif commission.state != CommissionState.CLOSED:
        writer.missing(description, _("The commission has not closed its work."))
    else:
        writer.document(
            f"{folder}/protokol-komisji.pdf",
            lambda: protocol_document(commission),
            description=description,
            date=_when(commission.closed_at),
        )
    description = _("Decision on the results of the competition (results as published)")
    decision = decision_of(call)
    if decision is None:
        writer.missing(description, _("No decision on the results has been recorded for the call."))
    else:
        writer.document(
            f"{folder}/rozstrzygniecie-konkursu.pdf",
            lambda: results_document(call, decision),
            description=f"{description}: {decision.number}",
            date=_when(decision.date),
        )


def _agreement(writer: _Writer, agreement: Agreement) -> None:
    folder = "03-umowa"
    number = _safe(agreement.number, str(agreement.pk))
    writer.document(
        f"{folder}/umowa-{number}.pdf",
        lambda: agreement_document(agreement),
        description=_("Agreement %(number)s (generated from its saved terms)") % {"number": agreement.number},
        date=_when(agreement.concluded_on),
    )
    writer.stored_file(
        f"{folder}/umowa-{number}-podpisana{_suffix(agreement.signed_file_name)}",
        agreement.signed_file,
        description=_("Signed agreement, exactly as received (%(name)s)") % {"name": agreement.signed_file_name or "—"},
        date=_when(agreement.signed_at),
        recorded=agreement.signed_file_sha256,
    )


def _annexes(writer: _Writer, agreement: Agreement) -> None:
    folder = "04-aneksy"
    approved = sorted(
        (a for a in annexes_of(agreement) if a.state == AnnexState.APPROVED and a.tenant_id == agreement.tenant_id),
        key=lambda a: a.number or 0,
    )
    for annex in approved:
        annex.agreement = agreement
        writer.document(
            f"{folder}/aneks-{annex.number}.pdf",
            partial(annex_document, annex),
            description=_("Annex %(n)s") % {"n": annex.number},
            date=_when(annex.decided_at),
        )
        writer.add(
            f"{folder}/aneks-{annex.number}.json",
            canonical_json(annex.snapshot),
            description=_("Annex %(n)s: the frozen terms (canonical JSON)") % {"n": annex.number},
            date=_when(annex.decided_at),
            recorded=annex.checksum,
        )


def _report_name(report: Report) -> str:
    return "sprawozdanie-koncowe" if report.kind == "final" else f"sprawozdanie-czesciowe-{report.year}"


def _reports(writer: _Writer, agreement: Agreement) -> list[Report]:
    folder = "05-sprawozdania"
    reports = [r for r in reports_of_agreement(agreement) if r.version > 0 and r.tenant_id == agreement.tenant_id]
    if not reports:
        writer.missing(_("Reports"), _("No report has been submitted yet."))
    for i, report in enumerate(reports, start=1):
        report.agreement = agreement
        base = f"{folder}/{i:02d}-{_report_name(report)}-v{report.version}"
        title = report_title(report)
        date = _when(report.submitted_at)
        description = _("%(title)s, version %(n)s (%(state)s)") % {
            "title": title,
            "n": report.version,
            "state": report.get_state_display(),
        }
        if report.state in _FROZEN_REPORT_STATES:
            writer.document(f"{base}.pdf", partial(report_document, report), description=description, date=date)
        else:
            writer.missing(
                description,
                _(
                    "The report has been returned for corrections and may be changing; the frozen data of the "
                    "version submitted are in the JSON file."
                ),
                date=date,
            )
        for version in versions_of(report):
            writer.add(
                f"{folder}/{i:02d}-{_report_name(report)}-v{version.number}.json",
                canonical_json(version.snapshot),
                description=_("%(title)s, version %(n)s: the frozen data (JSON)")
                % {"title": title, "n": version.number},
                date=_when(version.submitted_at),
                recorded=version.checksum,
            )
    return reports


# The settlement summary and the index (every label is translated in Python, so the templates hold no text
# of their own) ---------------------------------------------------------------------------------------------

_SUMMARY_BODY = "reports/dossier/summary.html"

_INDEX = "reports/dossier/index.html"


def _settlement_summary(agreement: Agreement, reports: Iterable[Report]) -> RenderedDocument:
    """Payments, reports and the settlement of the grant (rozliczenie dotacji) on one page."""
    totals = payment_totals(agreement)
    settlement = settlement_of(agreement)
    facts = [
        (_("Agreement"), agreement.number),
        (_("Organisation"), agreement.offer.organisation.name),
        (_("Public task"), agreement.grant.task_title),
        (_("Grant under the agreement (PLN)"), money(agreement.grant_amount)),
        (_("Tranches planned (PLN)"), money(totals.planned)),
        (_("Grant paid (PLN)"), money(totals.paid)),
        (_("State of the agreement"), agreement.get_state_display()),
    ]
    paragraphs = []
    if settlement is not None:
        facts += [
            (_("Amount to return (PLN)"), money(settlement.amount_to_return)),
            (_("Amount returned (PLN)"), money(settlement.returned_amount)),
            (_("Returned on"), day(settlement.returned_on) if settlement.returned_on else "—"),
            (_("Amount settled (PLN)"), money(settlement.amount_settled)),
            (_("Settled at"), _when(settlement.created_at)),
            (_("Settled by"), str(settlement.settled_by)),
        ]
        if settlement.note:
            facts.append((_("Note"), settlement.note))
    else:
        paragraphs.append(_("The grant has not been settled yet."))
    tables = [
        {
            "caption": _("Tranches and payments"),
            "header": [_("Tranche"), _("To be paid by"), _("Amount (PLN)"), _("Paid on"), _("Amount paid (PLN)")],
            "rows": [
                [
                    str(t.number),
                    _when(t.due_date),
                    money(t.amount),
                    _when(t.paid_on) or "—",
                    money(t.paid_amount) if t.paid_amount is not None else "—",
                ]
                for t in tranches_of(agreement)
            ],
            "empty": _("No tranche is planned."),
        },
        {
            "caption": _("Reports"),
            "header": [
                _("Report"),
                _("Period"),
                _("Due by"),
                _("State"),
                _("Submitted at"),
                _("Amount to return (PLN)"),
            ],
            "rows": [
                [
                    report_title(r),
                    f"{_when(r.period_start)} – {_when(r.period_end)}",
                    _when(r.due_date),
                    r.get_state_display(),
                    _when(r.submitted_at),
                    _amount_to_return(r),
                ]
                for r in reports
            ],
            "empty": _("No report has been submitted yet."),
        },
    ]
    title = _("Payments and settlement of the grant, agreement %(number)s") % {"number": agreement.number}
    doc = {
        "title": title,
        "facts": facts,
        "paragraphs": paragraphs,
        "tables": tables,
        "footer": _("Generated for the audit dossier on %(when)s.") % {"when": _when(timezone.now())},
    }
    return render_document(_SUMMARY_BODY, {"doc": doc}, title=title)


def _amount_to_return(report: Report) -> str:
    if report.amount_to_return is None:
        return "—"
    suffix = f" ({_('by %(date)s') % {'date': _when(report.return_deadline)}})" if report.return_deadline else ""
    return f"{money(report.amount_to_return)}{suffix}"


def _route_fact(offer: Any) -> tuple[str, str]:
    """The call of a competition's offer, or the funding route it answers (with its legal basis)."""
    route = route_of(offer)
    call = route.call(offer)
    if call is not None:
        return (_("Call"), f"{call.number} {call.title}".strip())
    return (_("Funding route"), f"{route.label} ({route.legal_basis})")


def _index(agreement: Agreement, entries: list[Entry], stamp: dt.datetime, issued_by: Any) -> bytes:
    facts = [
        (_("Local government"), agreement.tenant.name),
        (_("Agreement"), agreement.number),
        (_("Organisation"), agreement.offer.organisation.name),
        (_("Public task"), agreement.grant.task_title),
        _route_fact(agreement.offer),
        (_("Grant (PLN)"), money(agreement.grant_amount)),
        (_("Dossier generated at"), _when(stamp)),
    ]
    if issued_by is not None:
        facts.append((_("Generated by"), str(issued_by)))
    labels = {
        "title": _("Audit dossier of agreement %(number)s") % {"number": agreement.number},
        "about": _("The grant"),
        "intro": _(
            "Every document of the grant kept in the system. SHA-256 is the checksum of each file as it is in "
            "this archive; the remarks say whether it matches the checksum recorded when the document was "
            "submitted or received. The file SHA256SUMS lists the same checksums for sha256sum -c."
        ),
        "documents": _("Documents"),
        "no": _("No."),
        "file": _("File"),
        "description": _("Description"),
        "date": _("Date"),
        "size": _("Size (bytes)"),
        "remarks": _("Remarks"),
        "missing": _("missing"),
        "footer": _("Documents generated by the system are printed when the dossier is generated."),
    }
    html = render_to_string(
        _INDEX, {"lang": translation.get_language() or "pl", "t": labels, "facts": facts, "entries": entries}
    )
    return html.encode()


def _dossier_name(agreement: Agreement, stamp: dt.datetime) -> str:
    return f"teczka-umowy-{_safe(agreement.number, str(agreement.pk))}-{timezone.localtime(stamp):%Y-%m-%d}.zip"


def build_dossier(agreement: Agreement, *, issued_by: Model | None = None) -> Dossier:
    """The audit dossier of `agreement` (found through the tenant) as a ZIP in a temporary file."""
    agreement = Agreement.objects.select_related(
        "tenant", "grant", "offer", "offer__organisation", "offer__call", "offer__call__tenant", "version"
    ).get(tenant=agreement.tenant_id, pk=agreement.pk)
    stamp = timezone.now()
    spool: IO[bytes] = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 -- handed to the response
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        writer = _Writer(archive, timezone.localtime(stamp))
        _offer(writer, agreement)
        _evaluation(writer, agreement)
        _agreement(writer, agreement)
        _annexes(writer, agreement)
        reports = _reports(writer, agreement)
        writer.document(
            "06-rozliczenie/rozliczenie.pdf",
            lambda: _settlement_summary(agreement, reports),
            description=_("Payments and settlement of the grant (summary)"),
            date=_when(stamp),
        )
        entries = list(writer.entries)
        archive.writestr(writer._info("index.html"), _index(agreement, entries, stamp, issued_by))
        sums = "".join(f"{e.sha256}  {e.path}\n" for e in entries if e.path)
        archive.writestr(writer._info("SHA256SUMS"), sums.encode())
    spool.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: spool.read(CHUNK), b""):
        digest.update(chunk)
    spool.seek(0)
    return Dossier(_dossier_name(agreement, stamp), spool, entries, digest.hexdigest())


def issue_dossier(*, agreement: Agreement, actor: Model) -> Dossier:
    """Build the dossier for `actor` and record in the audit trail who took it and its SHA-256."""
    dossier = build_dossier(agreement, issued_by=actor)
    with transaction.atomic():
        record_event(
            actor=actor,
            subject=agreement,
            action="agreement.dossier",
            data={
                "sha256": dossier.sha256,
                "files": sum(1 for e in dossier.entries if e.path),
                "missing": [e.description for e in dossier.entries if e.missing],
            },
        )
    return dossier
