"""The annex (aneks do umowy) as a page, a PDF and a DOCX, built only from the annex's frozen snapshot.

"Aneks nr N do umowy nr … z dnia …": the parties, the changed clauses as before → after tables (term,
deadlines, cost lines, results), the other changes, the new cost plan and the final provisions. Each
approved annex keeps its own snapshot and SHA-256, so its document never changes when later annexes
are approved (versioned).
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from pozytek.agreements.documents import BLANK, _party, day, money
from pozytek.agreements.models import Annex
from pozytek.agreements.selectors_annexes import compare
from pozytek.agreements.selectors_terms import terms_from_json
from pozytek.documents.services import RenderedDocument, render_document

ANNEX_BODY = "agreements/annex_document.html"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NON_DECOMPOSING = str.maketrans({"Ł": "L", "ł": "l"})


@dataclass(frozen=True)
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    key: str
    numeric_from: int | None = None  # the index of the first column of amounts (right-aligned, never wrapped)


@dataclass
class AnnexText:
    title: str
    preamble: list[str]
    parties: list[str]
    changes: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    plan: Table | None = None
    final: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    footnote: str = ""
    checksum: str = ""


def _date(value: str | None) -> str:
    return day(dt.date.fromisoformat(value)) if value else BLANK


def annex_text(annex: Annex) -> AnnexText:
    """Every sentence and table of an approved annex, from its snapshot (never from live rows)."""
    snap = annex.snapshot
    info, agreement = snap["annex"], snap["agreement"]
    before, after = terms_from_json(snap["before"]), terms_from_json(snap["terms"])
    comparison = compare(before, after)
    title = _("Annex no. %(n)s to agreement no. %(number)s of %(date)s") % {
        "n": info["number"],
        "number": agreement["number"] or BLANK,
        "date": _date(agreement["concluded_on"]),
    }
    preamble = [
        _('to the agreement on the public task titled "%(task)s", concluded in %(place)s, between:')
        % {"task": agreement["task"], "place": agreement["place"] or BLANK},
    ]
    office = "; ".join(
        line.strip() for line in (agreement["office_representatives"] or "").splitlines() if line.strip()
    )
    parties = [
        _('%(authority)s, represented by: %(people)s, hereinafter the "Contracting Authority",')
        % {"authority": agreement["authority"], "people": office or BLANK},
        pgettext("between the parties", "and") + ":",
        *[_party(p) for p in agreement["parties"] or []],
        _('hereinafter the "Contractor".'),
    ]
    changes: list[str] = []
    tables: list[Table] = []
    if comparison.dates_changed:
        changes.append(
            _("§ 2 of the agreement (term) is amended: the task is delivered from %(start)s to %(end)s.")
            % {
                "start": day(after.start_date),
                "end": day(after.end_date),
            }
        )
        tables.append(
            Table(
                _("Term of the task"),
                [_("Clause"), _("Before"), _("After")],
                [
                    [_("The task starts"), day(before.start_date), day(after.start_date)],
                    [_("The task ends"), day(before.end_date), day(after.end_date)],
                ],
                "dates",
            )
        )
        deadlines = snap.get("deadlines") or {}
        old, new = deadlines.get("before") or {}, deadlines.get("after") or {}
        labels = [
            ("grant_use_deadline", _("Grant to be used by")),
            ("return_deadline", _("Unused grant to be returned by")),
            ("final_report_due", _("Final report due")),
        ]
        rows = [
            [label, _date(old.get(key)), _date(new.get(key))] for key, label in labels if old.get(key) != new.get(key)
        ]
        if rows:
            changes.append(_("The deadlines that follow from the end of the task change accordingly."))
            tables.append(Table(_("Deadlines"), [_("Clause"), _("Before"), _("After")], rows, "deadlines"))
    if comparison.lines:
        changes.append(
            _(
                "The cost calculation (section V.A of the offer) is amended as shown below; "
                "the grant stays %(grant)s PLN."
            )
            % {"grant": money(after.grant)}
        )
        tables.append(
            Table(
                _("Changed cost lines (PLN)"),
                [_("Line"), _("Cost"), _("Before"), _("After"), _("Difference")],
                [[c.number, c.name, money(c.before), money(c.after), money(c.difference)] for c in comparison.lines],
                "lines",
                numeric_from=2,
            )
        )
    if comparison.sources:
        tables.append(
            Table(
                _("Changed sources of funding (PLN)"),
                [_("Source"), _("Before"), _("After")],
                [[source_label(key), money(a), money(b)] for key, a, b in comparison.sources],
                "sources",
                numeric_from=1,
            )
        )
    if comparison.results:
        changes.append(_("The planned results of the task (section III.6 of the offer) are amended as shown below."))
        tables.append(
            Table(
                _("Changed results"),
                [_("Before"), _("After")],
                [
                    [f"{c.before.name}: {c.before.target}", f"{c.after.name}: {c.after.target}"]
                    for c in comparison.results
                ],
                "results",
            )
        )
    if info.get("other_changes"):
        changes.append(_("Other changes: %(text)s") % {"text": info["other_changes"]})
    plan = Table(
        _("The cost plan after the annex (PLN)"),
        [_("Line"), _("Cost"), _("Planned")],
        [[line.number, line.name, money(line.planned)] for line in after.lines]
        + [["", _("Total"), money(after.total)], ["", _("of which the grant"), money(after.grant)]],
        "plan",
        numeric_from=2,
    )
    final = [
        _("The Contractor requested the annex on %(date)s, giving the reasons: %(reasons)s")
        % {"date": _date(info["requested_at"][:10]), "reasons": info["justification"]},
        _("The other provisions of the agreement remain unchanged."),
        _("The annex forms an integral part of the agreement and enters into force on the day it is signed."),
    ]
    return AnnexText(
        title=title,
        preamble=preamble,
        parties=parties,
        changes=changes,
        tables=tables,
        plan=plan,
        final=final,
        signatories=[_("For the Contracting Authority"), _("For the Contractor")],
        footnote=_(
            "Annex generated from the approved request; its version is the SHA-256 checksum %(checksum)s. "
            "It must be checked by the office's lawyer before use."
        )
        % {"checksum": annex.checksum},
        checksum=annex.checksum,
    )


def source_label(key: str) -> str:
    return {
        "grant": _("Grant"),
        "own_financial": _("Own financial contribution"),
        "own_personal": _("Own personal contribution (volunteers, staff)"),
        "own_in_kind": _("Own contribution in kind"),
        "beneficiary_fees": _("Fees of the beneficiaries"),
        "other_public_funds": _("Other public funds"),
    }.get(key, key)


def annex_title(annex: Annex) -> str:
    return _("Annex %(n)s to agreement %(number)s") % {
        "n": annex.number,
        "number": annex.snapshot["agreement"]["number"],
    }


def annex_document(annex: Annex, *, request: HttpRequest | None = None) -> RenderedDocument:
    """The approved annex as a PDF (and the standalone HTML it was printed from)."""
    return render_document(
        ANNEX_BODY, {"text": annex_text(annex), "annex": annex}, title=annex_title(annex), request=request
    )


def _table(document: Any, table: Table) -> None:
    if table.caption:
        document.add_paragraph().add_run(table.caption).bold = True
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = text


def annex_docx(annex: Annex) -> tuple[bytes, str]:
    """(bytes, file name) of an approved annex, the same text as its PDF."""
    text = annex_text(annex)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    document.add_heading(text.title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in [*text.preamble, *text.parties]:
        document.add_paragraph(line)
    document.add_heading(f"§ 1. {_('Changes to the agreement')}", level=2)
    for n, line in enumerate(text.changes, start=1):
        document.add_paragraph(f"{n}. {line}")
    for table in text.tables:
        _table(document, table)
    if text.plan is not None:
        document.add_heading(f"§ 2. {_('The cost plan')}", level=2)
        _table(document, text.plan)
    document.add_heading(f"§ 3. {_('Final provisions')}", level=2)
    for n, line in enumerate(text.final, start=1):
        document.add_paragraph(f"{n}. {line}")
    document.add_paragraph("")
    _table(document, Table("", text.signatories, [["\n\n……………………………" for _who in text.signatories]], "signatures"))
    note = document.add_paragraph()
    run = note.add_run(f"* {text.footnote}")
    run.italic = True
    run.font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    name = f"{slugify(annex_title(annex).translate(_NON_DECOMPOSING)) or 'aneks'}.docx"
    return buffer.getvalue(), name
