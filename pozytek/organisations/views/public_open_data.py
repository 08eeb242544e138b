"""Open data of a directory: the page describing the data sets, and CSV, XLSX and JSON downloads.

CSV and JSON are streamed while the rows are read in chunks, so memory stays flat for any size
of directory; XLSX is written by openpyxl's write-only mode into a temporary file on disk and
streamed from there. Only `PUBLIC_FIELDS` of active organisations of the directory are exported.
"""

import csv
import datetime as dt
import json
import re
import tempfile
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from pozytek.core.db_router import replica_reads
from pozytek.organisations.selectors_open_data import (
    FIELD_DESCRIPTIONS,
    OPEN_DATA_LICENCE,
    PUBLIC_FIELDS,
    open_data_summary,
    public_records,
)
from pozytek.tenants.http import current_tenant
from pozytek.tenants.models import Tenant

BOM = "\ufeff"
LIST_SEPARATOR = "|"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell starting with one of these as a formula ("CSV injection"); phone
# numbers such as +48 61 000 00 00 are left alone.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_PHONE_OR_NUMBER = re.compile(r"^[+\-]?[\d\s()./-]+$")


@replica_reads
def index(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    context = {
        "summary": open_data_summary(tenant),
        "fields": [(name, FIELD_DESCRIPTIONS[name]) for name in PUBLIC_FIELDS],
        "licence": OPEN_DATA_LICENCE,
    }
    return render(request, "organisations/open_data.html", context)


@replica_reads
def csv_export(request: HttpRequest, tenant_slug: str) -> StreamingHttpResponse:
    tenant = current_tenant(request)
    response = StreamingHttpResponse(_csv_lines(tenant), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(tenant, "csv")}"'
    return response


@replica_reads
def json_export(request: HttpRequest, tenant_slug: str) -> StreamingHttpResponse:
    tenant = current_tenant(request)
    response = StreamingHttpResponse(_json_chunks(tenant), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(tenant, "json")}"'
    return response


@replica_reads
def xlsx_export(request: HttpRequest, tenant_slug: str) -> FileResponse:
    tenant = current_tenant(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("organizacje")
    bold = Font(bold=True)
    header = []
    for name in PUBLIC_FIELDS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for record in public_records(tenant):
        sheet.append([_xlsx_cell(sheet, record[name]) for name in PUBLIC_FIELDS])
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when the response is sent
    workbook.save(file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=_file_name(tenant, "xlsx"), content_type=XLSX_CONTENT_TYPE)


def _file_name(tenant: Tenant, extension: str) -> str:
    return f"organizacje-{tenant.slug}.{extension}"


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(tenant: Tenant) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(PUBLIC_FIELDS)
    for record in public_records(tenant):
        yield writer.writerow([_csv_value(record[name]) for name in PUBLIC_FIELDS])


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return _defuse(str(value))


def _defuse(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula."""
    if _FORMULA_START.match(text) and not _PHONE_OR_NUMBER.match(text):
        return "'" + text
    return text


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # text stays text, even when it starts with "=" (no formulas)
        return cell
    return value


def _json_chunks(tenant: Tenant) -> Iterator[str]:
    head = {
        "tenant": {"name": tenant.name, "slug": tenant.slug, "teryt": tenant.teryt},
        "licence": OPEN_DATA_LICENCE,
        "generated_at": timezone.now(),
        "fields": list(PUBLIC_FIELDS),
    }
    opening = json.dumps(head, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield opening[:-1] + ', "organisations": ['
    separator = ""
    for record in public_records(tenant):
        yield separator + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ","
    yield "]}"
