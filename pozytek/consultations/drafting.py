"""The draft act split into numbered units (jednostki redakcyjne), from pasted text or a DOCX file.

A unit starts at a line (or a DOCX heading) such as "§ 1.", "Rozdział 2", "Art. 3" or "Chapter 4";
its number becomes the label and the rest of the line the heading. Text without such markers is
split into paragraphs at blank lines and numbered 1, 2, 3…. A broken or foreign file gives a
ValidationError with a message for the form, never an exception page.
"""

import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from pozytek.consultations.states import DOCX_MAX_BYTES, UNIT_MAX_CHARS

MAX_UNITS = 500
MARKER = re.compile(
    r"^\s*(?P<label>§\s*\d+[a-z]?\.?|(?:Rozdział|Dział|Chapter|Section)\s+[\dIVXLC]+[a-z]?\.?|Art\.\s*\d+[a-z]?\.?)"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
HEADING_STYLES = ("heading", "nagłówek", "title", "tytuł")


@dataclass
class UnitData:
    label: str
    heading: str
    text: str


def _clean(value: str) -> str:
    return value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _finish(units: list[UnitData]) -> list[UnitData]:
    units = [u for u in units if u.label or u.heading or u.text]
    if not units:
        raise ValidationError(_("No text was found in the draft."), code="empty")
    if len(units) > MAX_UNITS:
        raise ValidationError(_("The draft has more than %(max)d units.") % {"max": MAX_UNITS}, code="too_many")
    for unit in units:
        if len(unit.text) > UNIT_MAX_CHARS:
            raise ValidationError(
                _("Unit %(label)s is longer than %(max)d characters; split it.")
                % {"label": unit.label, "max": UNIT_MAX_CHARS},
                code="too_long",
            )
        unit.label, unit.heading = unit.label[:40], unit.heading[:300]
    return units


def _from_lines(lines: list[tuple[str, bool]]) -> list[UnitData]:
    """`lines` are (text, is_heading); markers or headings start units, other lines are their text."""
    units: list[UnitData] = []
    body: list[str] = []
    has_markers = any(MARKER.match(text) or heading for text, heading in lines)
    if not has_markers:
        paragraphs, current = [], []
        for text, _heading in [*lines, ("", False)]:
            if text.strip():
                current.append(text.strip())
            elif current:
                paragraphs.append("\n".join(current))
                current = []
        return _finish([UnitData(f"{n}.", "", p) for n, p in enumerate(paragraphs, start=1)])
    preamble: list[str] = []
    for text, heading in lines:
        match = MARKER.match(text)
        if match or heading:
            if units:
                units[-1].text = "\n".join(body).strip()
            elif body:
                preamble = body
            body = []
            if match:
                label, rest = re.sub(r"\s+", " ", match["label"]).strip(), match["rest"].strip()
            else:
                label, rest = "", text.strip()
            # "§ 1. Text of the paragraph" is text; "Rozdział 1 Postanowienia ogólne" is a heading.
            if heading or not label.startswith(("§", "Art", "art")):
                units.append(UnitData(label, rest, ""))
            else:
                units.append(UnitData(label, "", ""))
                if rest:
                    body.append(rest)
        else:
            body.append(text)
    if units:
        units[-1].text = "\n".join(body).strip()
    if "\n".join(preamble).strip():
        units.insert(0, UnitData(_("Preamble"), "", "\n".join(preamble).strip()))
    for n, unit in enumerate(units, start=1):
        unit.label = unit.label or f"{n}."
    return _finish(units)


def units_from_text(text: str) -> list[UnitData]:
    """Units from pasted text."""
    return _from_lines([(line.rstrip(), False) for line in _clean(text).split("\n")])


def units_from_docx(upload: Any) -> list[UnitData]:
    """Units from an uploaded DOCX: headings and §/chapter lines start units; other paragraphs are text."""
    from docx import Document  # noqa: PLC0415 -- python-docx is only needed here

    if upload.size > DOCX_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(max)s.") % {"max": filesizeformat(DOCX_MAX_BYTES)}, code="too_large"
        )
    upload.seek(0)
    not_docx = ValidationError(_("This is not a DOCX document (or the file is damaged)."), code="type")
    if not zipfile.is_zipfile(upload):
        raise not_docx
    upload.seek(0)
    try:
        document = Document(upload)
        lines = []
        for paragraph in document.paragraphs:
            style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
            text = _clean(paragraph.text)
            if text:
                lines.append((text, style.startswith(HEADING_STYLES)))
            else:
                lines.append(("", False))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, AttributeError) as error:
        raise not_docx from error
    except Exception as error:  # python-docx raises lxml and package errors of many kinds
        raise not_docx from error
    return _from_lines(lines)
