"""The cooperation programme and its realisation report as DOCX (python-docx), for offices that keep the
documents in a word processor or publish them in the BIP. Same content and order as the PDF, from the same
context (`documents.programme_document`, `documents.report_context`)."""

import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.shared import Pt

from pozytek.core.record_kinds import Cooperation
from pozytek.documents.docx import add_letterhead, page_setup, polish_styles
from pozytek.programmes.documents import day, figure, money

DASH = "—"


def _document() -> Any:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    return document


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


def _text(document: Any, value: str) -> None:
    document.add_paragraph(value or DASH)


def _bytes(document: Any, footer: str) -> bytes:
    """A4 with the document's name and page numbers in the footer, Polish as its language."""
    page_setup(document, footer)
    polish_styles(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _adoption(doc: dict[str, Any]) -> str:
    if not doc.get("resolution_number"):
        return ""
    if doc.get("resolution_date"):
        text = _("Adopted by resolution no. %(number)s of %(date)s") % {
            "number": doc["resolution_number"],
            "date": day(doc["resolution_date"]),
        }
    else:
        text = _("Adopted by resolution no. %(number)s") % {"number": doc["resolution_number"]}
    return text + (f" ({doc['adopting_body']})" if doc.get("adopting_body") else "") + "."


def programme_docx(doc: dict[str, Any]) -> bytes:
    """Every element of art. 5a ust. 4 in the Act's order (`doc` from `documents.programme_document`)."""
    document = _document()
    add_letterhead(document, doc.get("letterhead"))
    document.add_heading(doc["title"], level=1)
    period = str(doc["year_from"]) if doc["year_from"] == doc["year_to"] else f"{doc['year_from']}–{doc['year_to']}"
    document.add_paragraph(f"{doc['tenant']} · {doc['kind_label']} · {period}")
    if adoption := _adoption(doc):
        document.add_paragraph(adoption)

    document.add_heading(_("1. Main goal and specific goals"), level=2)
    document.add_heading(_("Main goal"), level=3)
    _text(document, doc["main_goal"])
    document.add_heading(_("Specific goals"), level=3)
    for goal in doc["goals"]:
        document.add_paragraph(f"{goal['number']}. {goal['text']}")
    document.add_heading(_("2. Principles of cooperation"), level=2)
    _text(document, doc["principles"])
    document.add_heading(_("3. Subject scope"), level=2)
    _text(document, doc["subject_scope"])

    document.add_heading(_("4. Forms of cooperation"), level=2)
    for form in doc["forms"]:
        document.add_paragraph(f"{form['number']}. {form['text']}")
    _table(
        document,
        [_("Goals"), _("Forms of cooperation")],
        [
            [f"{row['goal']['number']}. {row['goal']['text']}", "\n".join(f["text"] for f in row["forms"]) or DASH]
            for row in doc["matrix"]
        ],
    )

    document.add_heading(_("5. Priority public tasks"), level=2)
    for sphere in doc["spheres"]:
        document.add_heading(sphere["name"], level=3)
        _table(
            document,
            [_("No."), _("Priority task"), _("Planned funds (PLN)")],
            [[str(t["number"]), t["title"], money(t["planned_funds"])] for t in sphere["tasks"]],
        )
    if doc["spheres"]:
        document.add_paragraph(
            _("Planned for the priority tasks in total: %(total)s zł.") % {"total": money(doc["tasks_total"])}
        )

    document.add_heading(_("6. Period of the programme"), level=2)
    document.add_paragraph(
        f"{doc['kind_label']}: "
        + _("from 1 January %(first)s to 31 December %(last)s.") % {"first": doc["year_from"], "last": doc["year_to"]}
    )
    document.add_heading(_("7. How the programme is implemented"), level=2)
    _text(document, doc["implementation"])
    document.add_heading(_("8. Funds planned for the programme"), level=2)
    document.add_paragraph(
        _("%(amount)s zł (in words: %(words)s).")
        % {"amount": money(doc["planned_funds"]), "words": doc["funds_in_words"]}
    )
    document.add_heading(_("9. How the implementation is evaluated"), level=2)
    _text(document, doc["evaluation_method"])
    if doc["indicators"]:
        _table(
            document,
            [_("No."), _("Indicator"), _("Goal"), pgettext("unit of measure", "Unit"), _("Baseline"), _("Target")],
            [
                [
                    str(i["number"]),
                    i["name"],
                    str(i["goal"] or DASH),
                    i["unit"] or DASH,
                    figure(i["baseline"]),
                    figure(i["target"]),
                ]
                for i in doc["indicators"]
            ],
        )
    document.add_heading(_("10. How the programme was created and how the consultation went"), level=2)
    _text(document, doc["creation_and_consultation"])
    if doc.get("consultation"):
        consultation = doc["consultation"]
        _text(
            document,
            f"{_('Consultation of the draft on the platform:')} {consultation['title']} "
            f"({day(consultation['starts_on'])} – {day(consultation['ends_on'])}).",
        )
    opinion = doc.get("council_opinion")
    if opinion and opinion["number"]:
        _text(
            document,
            _("Opinion of %(body)s no. %(number)s of %(day)s on the draft (attached):")
            % {"body": opinion["body"], "number": opinion["number"], "day": day(opinion["adopted_on"])},
        )
        _text(document, opinion["text"] or "")
    elif opinion and opinion["waived"]:
        _text(
            document,
            _(
                "%(body)s was asked for its opinion by %(day)s; none was given by then, so the right to give it was "
                "waived (art. 41i ust. 2)."
            )
            % {"body": opinion["body"], "day": day(opinion["due_on"])},
        )
    document.add_heading(_("11. How competition commissions are appointed and work"), level=2)
    _text(document, doc["commission_rules"])
    return _bytes(document, doc["title"])


def _records(document: Any, printed: dict[str, Any]) -> None:
    """A form's records as the PDF prints them (`documents._for_print`): a row each, the kinds with a
    public list only counted."""
    if printed["lines"]:
        _table(
            document,
            [_("Date"), _("Kind"), _("Title"), _("Amount (PLN)")],
            [
                [
                    r["on"].strftime("%d.%m.%Y") if r["on"] else DASH,
                    r["kind_label"],
                    r["title"],
                    money(r["amount"]),
                ]
                for r in printed["lines"]
            ],
        )
    for entry in printed["counted"]:
        document.add_paragraph(f"{entry['text']} {entry['pointer']}".strip())


def _cooperation(document: Any, data: dict[str, Any], key: str) -> None:
    rows = data.get(key, [])
    if rows:
        _table(document, [_("Figure"), _("Value")], [[row["label"], row["printed"]] for row in rows])
    if key == Cooperation.FINANCIAL and data["financial_kinds"]:
        document.add_heading(_("Records of financial cooperation by kind"), level=3)
        _table(
            document,
            [_("Kind of record"), _("Records"), _("Amount (PLN)")],
            [[k["label"], str(k["count"]), money(k["amount"])] for k in data["financial_kinds"]],
        )
    if key == Cooperation.NON_FINANCIAL and data["non_financial_kinds"]:
        document.add_heading(_("Records of non-financial cooperation by kind"), level=3)
        _table(
            document,
            [_("Kind of record"), _("Records")],
            [[k["label"], str(k["count"])] for k in data["non_financial_kinds"]],
        )


def _indicator_row(row: dict[str, Any]) -> list[str]:
    if row["met"]:
        met = _("yes")
    elif row["actual"] is None:
        met = _("no value yet")
    else:
        met = _("no")
    source = (
        _("computed: %(measure)s") % {"measure": row["measure_label"]}
        if row["source"] == "computed"
        else _("entered by the office")
    )
    return [
        str(row["number"]),
        row["name"] + (f" ({row['unit']})" if row["unit"] else ""),
        figure(row["baseline"]),
        figure(row["target"]),
        figure(row["actual"]),
        f"{row['progress']}%" if row["progress"] is not None else DASH,
        met,
        source,
    ]


def report_docx(context: dict[str, Any]) -> bytes:
    """The realisation report (`context` from `documents.report_context`): narrative, then the figures."""
    data = context["realisation"]
    programme = context["programme_data"]
    document = _document()
    add_letterhead(document, context.get("letterhead"))
    document.add_heading(context["title"], level=1)
    if not context["is_published"]:
        document.add_paragraph(_("Draft: this report has not been published yet."))
    document.add_paragraph(f"{programme['tenant']} · {programme['title']}")
    if adoption := _adoption(programme):
        document.add_paragraph(adoption)
    if context["sections"]:
        document.add_heading(_("The office's account of the year"), level=2)
        for section in context["sections"]:
            document.add_heading(section["label"], level=3)
            document.add_paragraph(section["text"])

    document.add_heading(_("Financial cooperation"), level=2)
    _cooperation(document, data, Cooperation.FINANCIAL)
    document.add_heading(_("Planned and actual funds per priority task"), level=3)
    if data["priority_tasks"]:
        rows = [
            [str(t["number"]), t["sphere"], t["title"], money(t["planned"]), money(t["actual"]), str(t["records"])]
            for t in data["priority_tasks"]
        ]
        rows.append(["", _("Total"), "", money(data["funds"]["planned"]), money(data["funds"]["actual"]), ""])
        _table(
            document,
            [
                _("No."),
                _("Sphere of public tasks"),
                _("Priority task"),
                _("Planned (PLN)"),
                _("Actual (PLN)"),
                _("Records"),
            ],
            rows,
        )
    document.add_heading(_("Non-financial cooperation"), level=2)
    _cooperation(document, data, Cooperation.NON_FINANCIAL)

    document.add_heading(_("Evaluation indicators against their targets"), level=2)
    if data["indicators"]:
        _table(
            document,
            [
                _("No."),
                _("Indicator"),
                _("Baseline"),
                _("Target"),
                _("Achieved"),
                _("Progress"),
                _("Target met"),
                _("Source of the value"),
            ],
            [_indicator_row(row) for row in data["indicators"]],
        )
    document.add_heading(_("Goals"), level=2)
    _table(
        document,
        [_("No."), _("Specific goal"), _("Forms"), _("Records")],
        [
            [
                str(g["number"]),
                g["text"]
                + (
                    " – " + _("No activity by %(day)s") % {"day": day(data["activity_check_on"])}
                    if g["without_activity"]
                    else ""
                ),
                ", ".join(str(n) for n in g["forms"]) or DASH,
                str(g["records"]),
            ]
            for g in data["goals"]
        ],
    )
    document.add_heading(_("Forms of cooperation and what was done under them"), level=2)
    for form in data["forms"]:
        document.add_heading(_("Form %(number)s. %(text)s") % {"number": form["number"], "text": form["text"]}, 3)
        if form["records"]:
            _records(document, form["printed"])
        else:
            document.add_paragraph(_("Nothing was recorded under this form."))
    if data["unassigned"]:
        document.add_heading(_("Records not under any form"), level=3)
        _records(document, data["unassigned_printed"])
    document.add_paragraph(_("Computed from the platform's records on %(day)s.") % {"day": day(data["computed_on"])})
    if context["is_published"]:
        document.add_paragraph(
            _("Published on %(day)s.") % {"day": day(context["published_at"])}
            + " "
            + _("SHA-256 of the report's data")
            + f": {context['checksum']}"
        )
    return _bytes(document, context["title"])
