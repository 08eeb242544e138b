"""The municipality's letterhead at the top of a DOCX document (python-docx), as the PDFs print it."""

import contextlib
from typing import Any

from docx.image.exceptions import UnrecognizedImageError
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
