"""The agreement as a DOCX (python-docx), for offices that finish agreements in a word processor.

The text is the same as the PDF's (`documents.agreement_text`). `docx_problems` lists the fields the
document needs; the views refuse to generate it (with that message) while any is missing, so a
missing field never ends in an error page.
"""

import io

from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from pozytek.agreements.documents import AgreementText, agreement_text, agreement_title
from pozytek.agreements.models import Agreement
from pozytek.agreements.selectors import document_problems

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NON_DECOMPOSING = str.maketrans({"Ł": "L", "ł": "l"})


def docx_problems(agreement: Agreement) -> list[str]:
    return document_problems(agreement)


def _table(document: object, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def build_docx(text: AgreementText) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    heading = document.add_heading(text.title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in text.preamble:
        document.add_paragraph(line)
    for line in text.parties:
        document.add_paragraph(line)
    for clause in text.clauses:
        document.add_heading(f"§ {clause.number}. {clause.heading}", level=2)
        for n, paragraph in enumerate(clause.paragraphs, start=1):
            document.add_paragraph(f"{n}. {paragraph}")
        if clause.table == "tranches":
            _table(
                document,
                [_("Tranche"), _("To be paid by"), _("Amount (PLN)")],
                [[row["number"], row["due"], row["amount"]] for row in text.tranches],
            )
        elif clause.table == "years":
            _table(document, [_("Year"), _("Amount (PLN)")], [[row["year"], row["amount"]] for row in text.years])
    document.add_paragraph("")
    _table(document, text.signatories, [["\n\n……………………………" for _who in text.signatories]])
    note = document.add_paragraph()
    run = note.add_run(f"* {text.footnote}")
    run.italic = True
    run.font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def agreement_docx(agreement: Agreement) -> tuple[bytes, str]:
    """(bytes, file name); call only when `docx_problems` is empty."""
    title = agreement_title(agreement)
    name = f"{slugify(title.translate(_NON_DECOMPOSING)) or 'umowa'}.docx"
    return build_docx(agreement_text(agreement)), name
