"""Open data files of the grants register: CSV and JSON streamed, XLSX in openpyxl's write-only mode.

Rows are read as tuples (`values_list`, no model instances) with a server-side cursor on
PostgreSQL and written a chunk at a time, so memory stays flat for any number of grants: CSV
and JSON never hold more than one chunk of rows; XLSX is written into a temporary file on disk.
Only `PUBLIC_FIELDS` of published grants are exported (see selectors). The download views and
`bench/grants_export.py` use these generators.
"""

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from pozytek.grants.models import Grant
from pozytek.grants.selectors import (
    AMOUNT_COLUMNS,
    EXPORT_CHUNK_SIZE,
    OPEN_DATA_LICENCE,
    PUBLIC_FIELDS,
    TEXT_COLUMNS,
    RegisterFilters,
    Totals,
    iter_public_rows,
)
from pozytek.tenants.models import Tenant

BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell starting with one of these as a formula ("CSV injection").
FORMULA_START = frozenset("=+-@\t\r")
ROWS_PER_WRITE = 2000  # rows of CSV/JSON joined into one piece of the stream


def file_name(tenant: Tenant, extension: str) -> str:
    return f"rejestr-dotacji-{tenant.slug}.{extension}"


def _defused(row: tuple[Any, ...]) -> tuple[Any, ...] | list[Any]:
    """A row ready for CSV: text that a spreadsheet would run as a formula gets an apostrophe.
    Amounts keep Decimal's decimal point, None becomes empty; most rows pass unchanged."""
    for index in TEXT_COLUMNS:
        text = row[index]
        if text and text[0] in FORMULA_START:
            break
    else:
        return row
    values = list(row)
    for index in TEXT_COLUMNS:
        text = values[index]
        if text and text[0] in FORMULA_START:
            values[index] = "'" + text
    return values


def _batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    append = batch.append
    for row in rows:
        append(row)
        if len(batch) >= size:
            yield batch
            batch = []
            append = batch.append
    if batch:
        yield batch


def csv_chunks(grants: QuerySet[Grant], chunk_size: int = EXPORT_CHUNK_SIZE) -> Iterator[str]:
    """The CSV file (UTF-8 with a byte order mark, comma-separated, header of `PUBLIC_FIELDS`)
    as pieces of a few thousand rows each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PUBLIC_FIELDS)
    yield BOM + buffer.getvalue()
    for batch in _batches(iter_public_rows(grants, chunk_size, text_amounts=True), ROWS_PER_WRITE):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(_defused, batch))
        yield buffer.getvalue()


def json_record(row: tuple[Any, ...]) -> dict[str, Any]:
    """A public row (amounts and time already text, see `iter_public_rows(text_amounts=True)`) as a dict."""
    return dict(zip(PUBLIC_FIELDS, row, strict=True))


def json_chunks(
    tenant: Tenant,
    grants: QuerySet[Grant],
    *,
    filters: RegisterFilters,
    totals: Totals,
    chunk_size: int = EXPORT_CHUNK_SIZE,
) -> Iterator[str]:
    """The JSON file: the local government, licence, filters, totals and fields, then the grants."""
    head = {
        "authority": {"name": tenant.name, "slug": tenant.slug, "teryt": tenant.teryt},
        "licence": OPEN_DATA_LICENCE,
        "generated_at": timezone.now().isoformat(),
        "filters": filters.as_params(),
        "totals": {"count": totals.count, "amount_awarded": str(totals.awarded), "amount_settled": str(totals.settled)},
        "fields": list(PUBLIC_FIELDS),
    }
    opening = json.dumps(head, ensure_ascii=False)
    yield opening[:-1] + ', "grants": ['
    separator = ""
    for batch in _batches(iter_public_rows(grants, chunk_size, text_amounts=True), ROWS_PER_WRITE):
        yield separator + ",".join(json.dumps(json_record(row), ensure_ascii=False) for row in batch)
        separator = ","
    yield "]}"


def _xlsx_value(sheet: Any, index: int, value: Any, money_format: str) -> Any:
    if value is None:
        return None
    if index in AMOUNT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = money_format
        return cell
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if text and text[0] in FORMULA_START:
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"  # text stays text, even when it starts with "=" (no formulas)
            return cell
        return text
    return value


def xlsx_file(grants: QuerySet[Grant], chunk_size: int = EXPORT_CHUNK_SIZE) -> IO[bytes]:
    """The register as a workbook in a temporary file (rewound); the caller closes it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("dotacje")
    bold = Font(bold=True)
    header = []
    for name in PUBLIC_FIELDS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    money_format = "#,##0.00"
    for row in iter_public_rows(grants, chunk_size):
        sheet.append([_xlsx_value(sheet, index, value, money_format) for index, value in enumerate(row)])
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it when it is sent
    workbook.save(file)
    file.seek(0)
    return file
