"""Read a municipality's spreadsheet: CSV (UTF-8 or Windows-1250, `;` or `,`) or XLSX.

The first non-empty row is the header. Rows keep the numbers the person sees in their
spreadsheet program (the header is usually row 1), so a problem "in row 7" can be found there.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from pozytek.organisations.imports.rows import FIELD_KEYS, MAX_ROWS, ImportFileError, SourceRow
from pozytek.organisations.text import fold

DELIMITERS = (";", ",")
ENCODINGS = ("utf-8", "cp1250")
MAX_COLUMNS = 200
MAX_CELL = 20_000
# An XLSX is a zip: refuse archives that unpack to much more than any real list of organisations.
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# Header names (folded: lower case, no diacritics, no punctuation) that preselect each field.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("nazwa", "nazwa organizacji", "pelna nazwa", "nazwa podmiotu", "nazwa pelna", "organizacja", "name"),
    "legal_form": ("forma prawna", "forma organizacyjna", "forma", "legal form"),
    "krs": ("krs", "nr krs", "numer krs", "krs number"),
    "nip": ("nip", "nr nip", "numer nip"),
    "regon": ("regon", "nr regon", "numer regon"),
    "register_number": (
        "numer w ewidencji",
        "nr w ewidencji",
        "nr ewidencji",
        "numer ewidencji",
        "numer ewidencyjny",
        "nr ewidencyjny",
        "ewidencja",
        "numer w ewidencji starosty",
    ),
    "email": ("e mail", "email", "adres e mail", "adres email", "mail", "poczta elektroniczna"),
    "phone": ("telefon", "tel", "nr telefonu", "numer telefonu", "telefon kontaktowy", "phone"),
    "website": ("strona www", "www", "strona internetowa", "adres strony", "adres www", "strona", "website"),
    "street": ("ulica", "ulica i numer", "adres", "adres siedziby", "ulica nr", "street"),
    "postal_code": ("kod pocztowy", "kod", "postal code"),
    "city": ("miejscowosc", "miasto", "miejscowosc siedziby", "siedziba", "town", "city"),
    "description": ("opis", "opis dzialalnosci", "cele", "cele statutowe", "description"),
    "opp": ("opp", "status opp", "organizacja pozytku publicznego", "pozytek publiczny", "czy opp"),
    "spheres": (
        "sfery",
        "sfera",
        "sfery zadan publicznych",
        "sfery pozytku publicznego",
        "obszary dzialalnosci",
        "spheres",
    ),
}


@dataclass
class Table:
    """A spreadsheet read into text: the header, numbered data rows and how the file was read."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    delimiter: str = ""

    @property
    def column_labels(self) -> list[str]:
        """Header names for the mapping page; an empty header cell gets "Column N"."""
        return [header or _("Column %(number)s") % {"number": index + 1} for index, header in enumerate(self.headers)]


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_table(data: bytes, *, encoding: str = "", delimiter: str = "", limit: int | None = None) -> Table:
    """The table in `data` (XLSX or CSV); `limit` stops after that many data rows (for samples)."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(_("This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload it again."))
    if is_xlsx(data):
        return _read_xlsx(data, limit=limit)
    return _read_csv(data, encoding=encoding, delimiter=delimiter, limit=limit)


def decode(data: bytes, encoding: str = "") -> tuple[str, str]:
    """Text of a CSV file and its encoding: UTF-8 (with or without BOM), else Windows-1250."""
    if b"\x00" in data:
        raise ImportFileError(_not_text_message())
    for candidate in (encoding,) if encoding else ENCODINGS:
        try:
            text = data.decode("utf-8-sig" if candidate == "utf-8" else candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        if _CONTROL.search(text):
            raise ImportFileError(_not_text_message())
        return text, candidate
    raise ImportFileError(_not_text_message())


def detect_delimiter(text: str) -> str:
    """`;` or `,`: counted in the header line, asking csv.Sniffer when both (or neither) occur."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    if counts[";"] and not counts[","]:
        return ";"
    if counts[","] and not counts[";"]:
        return ","
    try:
        return csv.Sniffer().sniff(text[:20_000], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return ";" if counts[";"] >= counts[","] else ","


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """Our field -> column index, for columns whose header is a known name (first match wins)."""
    folded = [fold(header) for header in headers]
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    for key in FIELD_KEYS:
        for alias in HEADER_ALIASES.get(key, ()):
            index = next((i for i, header in enumerate(folded) if header == alias and i not in taken), None)
            if index is not None:
                mapping[key] = index
                taken.add(index)
                break
    return mapping


def apply_mapping(table: Table, mapping: dict[str, int]) -> list[SourceRow]:
    """Rows of our fields: the mapped cells of each data row (unmapped fields are absent)."""
    rows = []
    for number, cells in table.rows:
        values = {key: (cells[index] if index < len(cells) else "") for key, index in mapping.items()}
        rows.append(SourceRow(number=number, values=values))
    return rows


def _read_csv(data: bytes, *, encoding: str, delimiter: str, limit: int | None) -> Table:
    text, encoding = decode(data, encoding)
    delimiter = delimiter if delimiter in DELIMITERS else detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            cells = [_clean_cell(cell) for cell in record[:MAX_COLUMNS]]
            if headers is None:
                if any(cells):
                    headers = _trim(cells)
                continue
            if not any(cells):
                continue
            rows.append((number, cells))
            _check_count(len(rows))
            if limit is not None and len(rows) >= limit:
                break
    except csv.Error as error:
        raise ImportFileError(
            _("The file could not be read as CSV (%(error)s). Save it again as CSV and upload it.") % {"error": error}
        ) from error
    return _finish(headers, rows, encoding=encoding, delimiter=delimiter, limit=limit)


def _read_xlsx(data: bytes, *, limit: int | None) -> Table:
    from openpyxl import load_workbook  # noqa: PLC0415 -- only for XLSX files

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise ImportFileError(_("This XLSX file is too large when unpacked. Save it as CSV and upload it."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged or foreign zip
        raise ImportFileError(
            _(
                "This file could not be read as an XLSX spreadsheet. Open it in your spreadsheet program, save it "
                "as .xlsx or CSV and upload it again."
            )
        ) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The spreadsheet has no sheets."))
        sheet = workbook.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for number, record in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            cells = _trim([_xlsx_cell(value) for value in record])  # read-only sheets pad rows to max_col
            if headers is None:
                if any(cells):
                    headers = _trim(cells)
                continue
            if not any(cells):
                continue
            rows.append((number, cells))
            _check_count(len(rows))
            if limit is not None and len(rows) >= limit:
                break
    except ImportFileError:
        raise
    except Exception as error:  # a damaged sheet inside a valid zip
        raise ImportFileError(
            _(
                "This file could not be read as an XLSX spreadsheet. Open it in your spreadsheet program, save it "
                "as .xlsx or CSV and upload it again."
            )
        ) from error
    finally:
        workbook.close()
    return _finish(headers, rows, encoding="", delimiter="", limit=limit)


def _finish(
    headers: list[str] | None, rows: list[tuple[int, list[str]]], *, encoding: str, delimiter: str, limit: int | None
) -> Table:
    if not headers:
        raise ImportFileError(_("The file has no header row with the names of the columns."))
    if not rows and limit != 0:
        raise ImportFileError(_("The file has a header row but no rows of data under it."))
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)


def _check_count(count: int) -> None:
    if count > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(limit)s rows of data. Split it into smaller files and import them one by one.")
            % {"limit": MAX_ROWS}
        )


def _trim(cells: list[str]) -> list[str]:
    """Without the empty cells at the end of the row."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _clean_cell(value: str) -> str:
    return value.strip()[:MAX_CELL]


def _xlsx_cell(value: Any) -> str:
    """Cell values as the person sees them: 5261040828 not 5261040828.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _clean_cell(str(value))


def _not_text_message() -> str:
    return _(
        "This file could not be read as text: save the spreadsheet as CSV in UTF-8 (or Windows-1250) encoding, "
        "or as XLSX, and upload it again."
    )
