"""The consultation report (raport z konsultacji): one context for the page, the PDF and the DOCX.

Participants (organisations by name, residents counted), every comment with its answer (merged
duplicates point to the comment that carries the answer), meeting minutes and survey results with
bar charts drawn as inline SVG (no scripts, nothing fetched).
"""

import io
from collections import Counter
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.shared import Pt

from pozytek.consultations.models import Consultation
from pozytek.consultations.selectors import comments_of, participants, survey_response_count, survey_results
from pozytek.consultations.states import Response
from pozytek.documents.docx import add_letterhead, page_setup, polish_styles
from pozytek.documents.letterhead import letterhead_of

BODY = "consultations/documents/report.html"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NON_DECOMPOSING = str.maketrans({"Ł": "L", "ł": "l"})


def report_title(consultation: Consultation) -> str:
    return _("Consultation report – %(title)s") % {"title": consultation.title}


def report_context(consultation: Consultation) -> dict[str, Any]:
    comments = list(comments_of(consultation))
    counts = Counter(c.response for c in comments if c.duplicate_of_id is None)
    return {
        "consultation": consultation,
        "tenant": consultation.tenant,
        "participants": participants(consultation),
        "comments": comments,
        "answer_counts": [(label, counts.get(value, 0)) for value, label in Response.choices],
        "meetings": list(consultation.meeting_set.all()),
        "survey": survey_results(consultation) if consultation.survey else [],
        "survey_responses": survey_response_count(consultation),
        "units": list(consultation.units.all()),
    }


def file_name(consultation: Consultation, extension: str) -> str:
    return f"{slugify(report_title(consultation).translate(_NON_DECOMPOSING)) or 'raport'}.{extension}"


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def report_docx(consultation: Consultation) -> bytes:
    """The report as a DOCX for the office's records and the BIP."""
    ctx = report_context(consultation)
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    add_letterhead(document, letterhead_of(consultation.tenant))
    document.add_heading(report_title(consultation), level=1)
    document.add_paragraph(
        _("Period: %(start)s – %(end)s") % {"start": consultation.starts_on, "end": consultation.ends_on}
    )
    if consultation.report_summary:
        document.add_heading(_("Summary"), level=2)
        document.add_paragraph(consultation.report_summary)
    document.add_heading(_("Participants"), level=2)
    _table(
        document,
        [_("Participant"), _("Comments"), _("Survey"), _("Meetings")],
        [[p.name, str(p.comments), _("yes") if p.survey else "", str(p.meetings)] for p in ctx["participants"]],
    )
    document.add_heading(_("Comments and answers"), level=2)
    rows = []
    for c in ctx["comments"]:
        if c.duplicate_of_id:
            answer = _("Merged with comment no. %(number)d") % {"number": c.duplicate_of_id}
        else:
            answer = f"{c.get_response_display()}: {c.response_reason}"
        rows.append(
            [
                str(c.pk),
                c.unit.label if c.unit else _("The whole draft"),
                c.organisation.name if c.organisation else _("Resident"),
                "\n".join(filter(None, [c.proposed_wording, c.justification])),
                answer,
            ]
        )
    _table(
        document, [_("No."), _("Unit"), _("Author"), pgettext("consultation", "Comment"), _("Answer and reason")], rows
    )
    if ctx["meetings"]:
        document.add_heading(_("Meetings"), level=2)
        for meeting in ctx["meetings"]:
            document.add_heading(f"{meeting.starts_at:%Y-%m-%d %H:%M}, {meeting.place}", level=3)
            document.add_paragraph(meeting.minutes)
    if ctx["survey"]:
        document.add_heading(_("Survey results"), level=2)
        document.add_paragraph(_("Responses: %(count)d") % {"count": ctx["survey_responses"]})
        for result in ctx["survey"]:
            document.add_heading(result.question.text, level=3)
            if result.bars:
                _table(document, [_("Answer"), _("Count"), "%"], [[a, str(n), f"{p}%"] for a, n, p in result.bars])
            for text in result.texts:
                document.add_paragraph(text, style="List Bullet")
    page_setup(document, report_title(consultation))
    polish_styles(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
