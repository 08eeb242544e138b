"""The agreement as a DOCX (python-docx), for offices that finish agreements in a word processor.

The text is the same as the PDF's (`documents.agreement_text`), the office's notes left out. The document
starts from a template the office can replace: `agreements/documents/agreement.docx`, looked up like any
template (a deployment's template directory first, so an office's own file with its styles, margins and
letterhead wins); without one, python-docx's blank document. Either way the page is A4, the text Polish
(pl-PL, for spelling and hyphenation), the paragraphs justified, and every page's footer names the agreement
and counts pages ("strona 2 z 5", as fields the word processor updates).

`docx_problems` lists the fields the document needs; the views refuse to generate it (with that message)
while any is missing, so a missing field never ends in an error page.
"""

import contextlib
import io
from pathlib import Path
from typing import Any

from django.template import engines
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from pozytek.agreements.documents import AgreementText, agreement_text, agreement_title
from pozytek.agreements.models import Agreement
from pozytek.agreements.selectors import document_problems
from pozytek.documents.docx import page_setup, set_language

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_TEMPLATE = "agreements/documents/agreement.docx"
_NON_DECOMPOSING = str.maketrans({"Ł": "L", "ł": "l"})
_PICTURE_TYPES = (".png", ".jpg", ".jpeg")


def docx_problems(agreement: Agreement) -> list[str]:
    return document_problems(agreement)


def template_path() -> Path | None:
    """The office's DOCX template, found through the template loaders (filesystem and app directories)."""
    for backend in engines.all():
        engine: Any = getattr(backend, "engine", None)  # Django's own template backends
        for loader in engine.template_loaders if engine is not None else ():
            for origin in loader.get_template_sources(DOCX_TEMPLATE):
                path = Path(origin.name)
                if path.is_file():
                    return path
    return None


def _page_setup(document: Any, text: AgreementText, *, own_template: bool) -> None:
    """A4, and a footer with the agreement and the page numbers wherever the template has none."""
    page_setup(document, text.footer, own_template=own_template)


def _styles(document: Any, *, own_template: bool) -> None:
    """Polish text in every style the agreement uses; without an office's template, the fonts and black
    headings of an official document (an office's template keeps its own look)."""
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        set_language(style)
        if not own_template:
            style.font.name = "Times New Roman"
            style.font.color.rgb = RGBColor(0, 0, 0)
    if not own_template:
        normal = document.styles["Normal"]
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(4)
        document.styles["Heading 1"].font.size = Pt(14)
        document.styles["Heading 2"].font.size = Pt(11.5)


def _table(document: Any, header: list[str], rows: list[list[str]], *, numeric: int | None = None) -> None:
    table = document.add_table(rows=1, cols=len(header))
    with contextlib.suppress(KeyError, ValueError):  # an office's template without the style
        table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if index == numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _letterhead(document: Any, text: AgreementText) -> None:
    head = text.letterhead
    if head is None:
        return
    emblem = head.coat_of_arms
    if emblem and Path(emblem.name).suffix.lower() in _PICTURE_TYPES:
        try:
            with emblem.open("rb") as image:
                document.add_picture(io.BytesIO(image.read()), height=Mm(18))
        except (OSError, ValueError):  # a missing file or an image python-docx cannot read: the name suffices
            pass
    name = document.add_paragraph()
    name.add_run(head.name).bold = True
    for line in (head.office, head.address, head.contact):
        if line:
            document.add_paragraph(line).paragraph_format.space_after = Pt(0)


def build_docx(text: AgreementText) -> bytes:
    path = template_path()
    document = Document(str(path)) if path is not None else Document()
    _styles(document, own_template=path is not None)
    _page_setup(document, text, own_template=path is not None)
    _letterhead(document, text)
    heading = document.add_heading(text.title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in [*text.preamble, *text.parties]:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for clause in text.clauses:
        title = document.add_heading(f"§ {clause.number}\n{clause.heading}", level=2)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for n, paragraph in enumerate(clause.paragraphs, start=1):
            numbered = f"{n}. {paragraph}" if len(clause.paragraphs) > 1 else paragraph  # one paragraph: no "1."
            document.add_paragraph(numbered).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            for after, table in clause.tables:
                if after != n:
                    continue
                if table == "tranches":
                    _table(
                        document,
                        [_("Tranche"), _("To be paid by"), _("Amount (PLN)")],
                        [[row["number"], row["due"], row["amount"]] for row in text.tranches],
                        numeric=2,
                    )
                elif table == "years":
                    _table(
                        document,
                        [_("Year"), _("Amount (PLN)")],
                        [[row["year"], row["amount"]] for row in text.years],
                        numeric=1,
                    )
    document.add_paragraph("")
    _table(document, text.signatories, [["\n\n……………………………" for _who in text.signatories]])
    if text.attachments:
        document.add_heading(_("Attachments"), level=2)
        for n, line in enumerate(text.attachments, start=1):
            document.add_paragraph(f"{n}. {line}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def agreement_docx(agreement: Agreement) -> tuple[bytes, str]:
    """(bytes, file name); call only when `docx_problems` is empty."""
    title = agreement_title(agreement)
    name = f"{slugify(title.translate(_NON_DECOMPOSING)) or 'umowa'}.docx"
    return build_docx(agreement_text(agreement)), name
