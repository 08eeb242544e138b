"""What every DOCX document shares (python-docx): the municipality's letterhead at the top, as the PDFs print
it; an A4 page with a footer that names the document and numbers the pages; Polish as the text language."""

import contextlib
from typing import Any

from django.utils.translation import pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pozytek.documents.letterhead import Letterhead
from pozytek.documents.services import coat_of_arms_file


def add_letterhead(document: Any, head: Letterhead | None) -> None:
    """The coat of arms (when uploaded and readable), the name in bold, the office, address and contact."""
    if head is None:
        return
    if head.coat_of_arms_url:
        # A missing or unreadable file: the name suffices.
        with contextlib.suppress(OSError, ValueError, UnrecognizedImageError):
            document.add_picture(str(coat_of_arms_file(head.coat_of_arms_url)), height=Mm(18))
    name = document.add_paragraph()
    name.add_run(head.name).bold = True
    name.paragraph_format.space_after = Pt(0)
    for line in (head.office, head.address, head.contact):
        if line:
            document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    document.add_paragraph()


def set_language(style: Any, language: str = "pl-PL") -> None:
    """The style's text language (w:lang), so the word processor checks Polish spelling."""
    properties = style.element.get_or_add_rPr()
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)


def page_field(paragraph: Any, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) the word processor computes when it lays the pages out."""
    run = paragraph.add_run()
    begin, text, separate, shown, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
        OxmlElement("w:t"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate.set(qn("w:fldCharType"), "separate")
    shown.text = "1"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


def page_setup(document: Any, footer_text: str, *, own_template: bool = False) -> None:
    """A4 with the margins of an official letter (an office's own template keeps its page), and a footer with
    the document's name and the page numbers wherever the template has none."""
    for section in document.sections:
        if not own_template:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin, section.bottom_margin = Mm(20), Mm(22)
            section.left_margin, section.right_margin = Mm(25), Mm(20)
        if any(p.text.strip() for p in section.footer.paragraphs) or section.footer._element.xpath(".//w:fldChar"):
            continue  # the office's template has a footer of its own
        footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(f"{footer_text} – " + pgettext("page numbers in a footer", "page") + " ")
        page_field(footer, "PAGE")
        footer.add_run(" " + pgettext("page numbers in a footer", "of") + " ")
        page_field(footer, "NUMPAGES")
        for run in footer.runs:
            run.font.size = Pt(8)


def polish_styles(
    document: Any, names: tuple[str, ...] = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3")
) -> None:
    """Polish as the text language of the styles a document uses."""
    for name in names:
        with contextlib.suppress(KeyError):
            set_language(document.styles[name])
