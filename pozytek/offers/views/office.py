"""Office pages for offers: the offers of a call (page and XLSX), one offer with its versions and files.

Officials see what was submitted: the frozen versions (document, PDF, canonical JSON whose SHA-256
is the checksum) and the attachments. Drafts are the organisation's own and are only counted.
Every object is looked up through a selector filtered by the request's tenant, so another
tenant's ids give 404.
"""

import datetime as dt
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.competitions.models import Call
from pozytek.competitions.selectors import office_call
from pozytek.core.files import private_download
from pozytek.documents.services import pdf_response
from pozytek.offers.documents import OFFER_BODY, offer_document
from pozytek.offers.history import offer_history
from pozytek.offers.models import Offer, OfferVersion
from pozytek.offers.selectors import (
    attachment_of,
    attachments_of,
    call_offer_summary,
    latest_version,
    listed_offers_of_call,
    office_offer,
    version_attachments,
    version_of,
    versions_of,
)
from pozytek.offers.snapshot import canonical_json
from pozytek.tenants.http import current_tenant

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class OfferRow:
    """One submitted (or withdrawn) offer as the office list and the XLSX show it, from its latest version."""

    number: int
    offer: Offer
    version: OfferVersion | None
    offerors: list[str]
    title: str
    total: Decimal | None
    grant: Decimal | None
    own: Decimal | None
    start: dt.date | None
    end: dt.date | None


def _source(snapshot: dict[str, Any], key: str) -> Decimal | None:
    return next((_decimal(row.get("value")) for row in snapshot.get("sources", []) if row.get("key") == key), None)


def offer_rows(call: Call) -> list[OfferRow]:
    rows = []
    for number, (offer, version) in enumerate(listed_offers_of_call(call), start=1):
        snapshot: dict[str, Any] = version.snapshot if version is not None else {}
        rows.append(
            OfferRow(
                number=number,
                offer=offer,
                version=version,
                offerors=[o.get("name", "") for o in snapshot.get("offerors", [])] or [offer.organisation.name],
                title=snapshot.get("task", {}).get("title") or offer.title,
                total=_decimal(snapshot.get("costs", {}).get("total")),
                grant=_source(snapshot, "grant"),
                own=_source(snapshot, "own_total"),
                start=_date(snapshot.get("task", {}).get("start_date")),
                end=_date(snapshot.get("task", {}).get("end_date")),
            )
        )
    return rows


class CallOffersView(OfficeAccessMixin, View):
    """Offers of one call: counts, requested grants against the call's funds, submitted offers."""

    permission_required = "competitions.manage_calls"

    def get(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        call = office_call(current_tenant(request), call_pk)
        summary = call_offer_summary(call)
        context = {
            "call": call,
            "summary": summary,
            "exceeds_funds": summary["requested"] > summary["funds"],
            "excess": summary["requested"] - summary["funds"],
            "rows": offer_rows(call),
        }
        return render(request, "offers/office/call_offers.html", context)


class CallOffersXlsxView(OfficeAccessMixin, View):
    """The same offers as a spreadsheet: one row per offer, amounts as numbers."""

    permission_required = "competitions.manage_calls"

    def get(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> FileResponse:
        call = office_call(current_tenant(request), call_pk)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Offers")[:31])
        bold = Font(bold=True)
        headers = [
            _("No."),
            _("Offeror(s)"),
            _("Title of the public task"),
            _("State"),
            _("Submitted at (Warsaw time)"),
            _("Version"),
            _("SHA-256 checksum"),
            _("Total costs (PLN)"),
            _("Planned grant (PLN)"),
            _("Own contribution (PLN)"),
            _("Start date"),
            _("End date"),
        ]
        sheet.append([_cell(sheet, header, font=bold) for header in headers])
        for row in offer_rows(call):
            version = row.version
            submitted = version.submitted_at if version is not None else row.offer.submitted_at
            sheet.append(
                [
                    _cell(sheet, row.number),
                    _cell(sheet, "; ".join(row.offerors)),
                    _cell(sheet, row.title),
                    _cell(sheet, row.offer.get_state_display()),
                    _cell(sheet, _naive_local(submitted), number_format=DATETIME_FORMAT),
                    _cell(sheet, version.number if version is not None else None),
                    _cell(sheet, version.checksum if version is not None else ""),
                    _cell(sheet, row.total, number_format=MONEY_FORMAT),
                    _cell(sheet, row.grant, number_format=MONEY_FORMAT),
                    _cell(sheet, row.own, number_format=MONEY_FORMAT),
                    _cell(sheet, row.start, number_format=DATE_FORMAT),
                    _cell(sheet, row.end, number_format=DATE_FORMAT),
                ]
            )
        file = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when the response is sent
        workbook.save(file)
        file.seek(0)
        name = slugify(call.number.replace("/", "-")) or str(call.pk)
        return FileResponse(
            file, as_attachment=True, filename=f"oferty-konkurs-{name}.xlsx", content_type=XLSX_CONTENT_TYPE
        )


def _naive_local(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: the Warsaw wall-clock time, to the second."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _cell(sheet: Any, value: Any, *, font: Font | None = None, number_format: str = "") -> Cell:
    """A cell whose text is always text (never run as a formula) and whose numbers stay numbers."""
    is_text = isinstance(value, str)
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value) if is_text else value)
    if is_text:
        cell.data_type = "s"  # "=…" typed by an offeror must not become a formula
    if font is not None:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    return cell


class OfferDetailView(OfficeAccessMixin, View):
    """One offer: its latest submitted version as the document, every version, the attachments."""

    permission_required = "competitions.manage_calls"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        tenant = current_tenant(request)
        offer = office_offer(tenant, pk)
        version = latest_version(offer)
        context = {
            "offer": offer,
            "call": offer.call,
            "version": version,
            "versions": versions_of(offer),
            # the files of the submitted version the page shows, not a later draft's
            "attachments": version_attachments(version) if version else attachments_of(offer),
            "body_template": OFFER_BODY,
            "history": offer_history(offer, tenant=tenant, audience="office"),
        }
        return render(request, "offers/office/offer_detail.html", context)


class OfferVersionPdfView(OfficeAccessMixin, View):
    """The PDF of one frozen version, printed from its snapshot (what the checksum covers)."""

    permission_required = "competitions.manage_calls"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, number: int) -> HttpResponse:
        offer = office_offer(current_tenant(request), pk)
        version = version_of(offer, number)
        document = offer_document(version.snapshot, draft=False, checksum=version.checksum, request=request)
        return pdf_response(document)


class OfferVersionJsonView(OfficeAccessMixin, View):
    """The canonical JSON bytes of one frozen version: their SHA-256 is the version's checksum."""

    permission_required = "competitions.manage_calls"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, number: int) -> HttpResponse:
        offer = office_offer(current_tenant(request), pk)
        version = version_of(offer, number)
        response = HttpResponse(canonical_json(version.snapshot), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="oferta-{offer.pk}-v{version.number}.json"'
        return response


class AttachmentDownloadView(OfficeAccessMixin, View):
    """An attachment of the offer, as uploaded, under its original name."""

    permission_required = "competitions.manage_calls"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, attachment_pk: int) -> FileResponse:
        offer = office_offer(current_tenant(request), pk)
        attachment = attachment_of(offer, attachment_pk)
        return private_download(
            attachment.file, filename=attachment.original_name, content_type=attachment.content_type
        )
