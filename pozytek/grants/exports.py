"""Open data files of the grants register: CSV and JSON streamed, XLSX in openpyxl's write-only mode.

Rows are read as tuples (`values_list`, no model instances) with a server-side cursor on
PostgreSQL and written a chunk at a time, so memory stays flat for any number of grants: CSV
and JSON never hold more than one chunk of rows; XLSX is written into a temporary file on disk.
On PostgreSQL the CSV is written by the database (`COPY … TO STDOUT`, streamed), with the same
bytes as `csv.writer` writes on SQLite.
Only `PUBLIC_FIELDS` of published grants are exported (see selectors). The download views and
`bench/grants_export.py` use these generators.
"""

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import IO, Any

from django.db import connections
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
    public_rows,
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
    """A row ready for `csv.writer`: text that a spreadsheet would run as a formula gets an apostrophe.
    None becomes empty; most rows pass unchanged."""
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


def csv_chunks(grants: QuerySet[Grant], chunk_size: int = EXPORT_CHUNK_SIZE) -> Iterator[bytes]:
    """The CSV file (UTF-8 with a byte order mark, comma-separated, CRLF line breaks, header of
    `PUBLIC_FIELDS`, formula-like text defused) as pieces of a few thousand rows each: written by
    PostgreSQL's COPY on PostgreSQL, by `csv.writer` over rows read in chunks elsewhere (same bytes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PUBLIC_FIELDS)
    yield (BOM + buffer.getvalue()).encode()
    if connections[grants.db].vendor == "postgresql":
        yield from _copied_rows(grants)
        return
    rows = iter_public_rows(grants, chunk_size, text_amounts=True)
    while batch := list(islice(rows, ROWS_PER_WRITE)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(_defused, batch))
        yield buffer.getvalue().encode()


# For COPY: the SQL of each public column as the outer query gets it (`c<index>` from the public rows).
_NOT_TEXT = ("id", "year", "organisation_id", "call_id", "amount_awarded", "amount_settled", "published_at")
_FORMULA_CODES = ", ".join(str(ord(c)) for c in sorted(FORMULA_START))


def _copy_cell(index: int) -> str:
    """What COPY must get to write what `csv.writer` writes for a `_defused` row: an empty text as NULL
    (COPY quotes an empty string, csv.writer does not) and formula-like free text with an apostrophe."""
    cell = f"c{index}"
    if PUBLIC_FIELDS[index] in _NOT_TEXT:
        return cell
    if index in TEXT_COLUMNS:  # ascii(): the code of the first character, an integer test
        return f"CASE WHEN ascii({cell}) IN ({_FORMULA_CODES}) THEN '''' || {cell} ELSE NULLIF({cell}, '') END"
    return f"NULLIF({cell}, '')"


def _copy_order(field: Any) -> str:
    """A term of the queryset's ordering ("-year") as the outer query's column ("c1 DESC")."""
    if not isinstance(field, str) or field.removeprefix("-") not in PUBLIC_FIELDS:
        raise ValueError(f"the CSV can only be ordered by public fields, not {field!r}")
    return f"c{PUBLIC_FIELDS.index(field.removeprefix('-'))}" + (" DESC" if field.startswith("-") else "")


def _copied_rows(grants: QuerySet[Grant]) -> Iterator[bytes]:
    """The rows written by PostgreSQL: `COPY … (FORMAT csv)` quotes as `csv.writer` does (a cell holding
    a comma, a quote, CR or LF; quotes doubled) in C, and streams as the client reads. The public rows'
    SELECT runs unchanged as a subquery (the planner sorts the narrow rows, then joins); the outer
    query only defuses, and its ORDER BY repeats the subquery's, which the planner keeps without sorting
    again. Python turns each line's LF into CRLF. Reading the columns into Python and `csv.writer` over
    them cost about three times the COPY."""
    inner, params = public_rows(grants, text_amounts=True).query.get_compiler(using=grants.db).as_sql()
    columns = ", ".join(f"c{index}" for index in range(len(PUBLIC_FIELDS)))
    cells = ", ".join(_copy_cell(index) for index in range(len(PUBLIC_FIELDS)))
    order = ", ".join(_copy_order(field) for field in grants.query.order_by)
    # The SQL is the ORM's compiled query and fixed column names; every value is a parameter.
    sql = f"SELECT {cells} FROM ({inner}) AS public_rows({columns})"  # noqa: S608
    if order:
        sql += f" ORDER BY {order}"
    with (
        connections[grants.db].cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy,
    ):
        # One row each, ending with LF; made bytes at once, which frees libpq's buffer (holding a few thousand
        # memoryviews of them cost as much CPU as everything else here).
        lines = map(bytes, copy)
        while batch := list(islice(lines, ROWS_PER_WRITE)):
            data = b"".join(batch)
            if data.count(b"\n") == len(batch):  # no line break inside a quoted cell: every LF ends a row
                yield data.replace(b"\n", b"\r\n")
            else:
                yield b"".join(line[:-1] + b"\r\n" for line in batch)


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
    rows = iter_public_rows(grants, chunk_size, text_amounts=True)
    while batch := list(islice(rows, ROWS_PER_WRITE)):
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
