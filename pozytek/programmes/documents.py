"""The cooperation programme and its realisation report as documents: one context for the page, the PDF
and the DOCX (`docx.py`).

Both are read from plain data only: the programme from its open-data `selectors.structure()`, the report
from `services.reports.report_content()` (the frozen snapshot once published), so what was published is
exactly what is printed, whatever happens to the rows later. The ISO dates of that data become dates
here and the measures get their printed values; the templates only lay the data out.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pozytek.core.money import amount_in_words, format_amount
from pozytek.core.record_kinds import Cooperation, MeasureUnit, record_kinds
from pozytek.documents.letterhead import letterhead_of
from pozytek.documents.services import RenderedDocument, render_document
from pozytek.programmes.models import Programme, RealisationReport
from pozytek.programmes.selectors import structure
from pozytek.programmes.services.reports import report_content
from pozytek.programmes.states import ReportSection, ReportState

PROGRAMME_BODY = "programmes/public_programme_document.html"
REPORT_BODY = "programmes/report_document.html"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DATE_KEYS = frozenset(
    {
        "on",
        "resolution_date",
        "computed_on",
        "activity_check_on",
        "starts_on",
        "ends_on",
        "delivered_on",
        "due_on",
        "adopted_on",
    }
)
_NON_DECOMPOSING = str.maketrans({"Ł": "L", "ł": "l"})


# --- how values are written ------------------------------------------------------------------------


def money(value: str | Decimal | None) -> str:
    """12 500,00 (grouped, two decimal places, as every document writes amounts); a dash for none."""
    return "—" if value is None or value == "" else format_amount(Decimal(value))


def figure(value: str | Decimal | None) -> str:
    """A count or an indicator's value: grouped, decimals only when it has them ("3", "12,50")."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(formats.number_format(number, 0, use_l10n=True, force_grouping=True))
    return money(number)


def day(value: dt.date | dt.datetime | str | None) -> str:
    """30 listopada 2026 (the day as the agreements and minutes write it)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    parsed = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return str(formats.date_format(parsed, "j E Y"))


def _dated(value: Any) -> Any:
    """A copy of plain data with the ISO dates under DATE_KEYS turned into dates (for the |date filter)."""
    if isinstance(value, dict):
        return {
            key: (dt.date.fromisoformat(item) if key in DATE_KEYS and isinstance(item, str) else _dated(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_dated(item) for item in value]
    return value


def file_name(title: str, extension: str) -> str:
    return f"{slugify(title.translate(_NON_DECOMPOSING))[:80] or 'dokument'}.{extension}"


# --- the programme -----------------------------------------------------------------------------------


def programme_title(data: dict[str, Any]) -> str:
    return str(data["title"])


def programme_document(data: dict[str, Any]) -> dict[str, Any]:
    """The programme as the partial `_programme_body.html` prints it, from `selectors.structure()`:
    the goals ↔ forms matrix, the priority tasks grouped by sphere, the funds in figures and in words."""
    doc: dict[str, Any] = _dated(data)
    forms = doc["forms"]
    doc["matrix"] = [
        {"goal": goal, "forms": [form for form in forms if goal["number"] in form["goals"]]} for goal in doc["goals"]
    ]
    spheres: dict[str, dict[str, Any]] = {}
    for task in doc["priority_tasks"]:
        group = spheres.setdefault(task["sphere"], {"name": task["sphere_name"], "tasks": [], "total": Decimal(0)})
        group["tasks"].append(task)
        group["total"] += Decimal(task["planned_funds"] or 0)
    doc["spheres"] = list(spheres.values())
    doc["tasks_total"] = sum((Decimal(t["planned_funds"] or 0) for t in doc["priority_tasks"]), Decimal(0))
    doc["funds_in_words"] = amount_in_words(doc["planned_funds"] or "0")
    return doc


def programme_context(programme: Programme) -> dict[str, Any]:
    """What the programme's page, PDF and the office's detail page include: `programme_doc` (with the
    municipality's letterhead for the DOCX)."""
    doc = programme_document(structure(programme))
    doc["letterhead"] = letterhead_of(programme.tenant)
    return {"programme_doc": doc}


def programme_pdf(programme: Programme, *, request: HttpRequest | None = None) -> RenderedDocument:
    context = programme_context(programme)
    return render_document(
        PROGRAMME_BODY,
        context,
        title=programme_title(context["programme_doc"]),
        request=request,
        tenant=programme.tenant,
    )


# --- the realisation report -------------------------------------------------------------------------


def _measure_value(row: dict[str, Any]) -> str:
    if row["unit"] == MeasureUnit.PLN:
        return money(row["value"])
    if row["unit"] == MeasureUnit.PERCENT:
        return f"{figure(row['value'])} %"
    return figure(row["value"])


def _public_lists(tenant: Any) -> dict[str, str]:
    """The printed pointer of each kind that the printed report counts instead of listing
    (`RecordKind.public_list`): kind key → "Its public page: https://…" ("" without a tenant)."""
    pointers = {}
    for kind in record_kinds():
        if kind.public_list is not None:
            pointers[kind.key] = ""
            if tenant is not None:
                title, path = kind.public_list(tenant)
                pointers[kind.key] = f"{title}: {settings.POZYTEK_BASE_URL}{path}"
    return pointers


def _for_print(records: list[dict[str, Any]], pointers: dict[str, str]) -> dict[str, Any]:
    """What the PDF and the DOCX print of a list of records: a line each (`lines`), except the kinds with
    a public list, whose records are only counted (`counted`: "Label: 667." and where they are listed).
    The web page lists every record with its link."""
    lines: list[dict[str, Any]] = []
    counted: dict[str, dict[str, Any]] = {}
    for record in records:
        if record["kind"] not in pointers:
            lines.append(record)
            continue
        entry = counted.setdefault(record["kind"], {"label": record["kind_label"], "count": 0})
        entry["count"] += 1
    return {
        "lines": lines,
        "counted": [
            {"count": entry["count"], "text": f"{entry['label']}: {figure(entry['count'])}.", "pointer": pointers[key]}
            for key, entry in counted.items()
        ],
    }


def realisation_document(data: dict[str, Any], *, tenant: Any = None) -> dict[str, Any]:
    """The realisation (`selectors.realisation()`, live or frozen) as the partial `_realisation.html`
    prints it: financial and non-financial cooperation apart, dates as dates, measures with their values;
    under each form (and for the records under none) `printed`, what the PDF and the DOCX list (`_for_print`;
    `tenant` gives the addresses of the public lists they point to)."""
    doc: dict[str, Any] = _dated(data)
    for key in (Cooperation.FINANCIAL, Cooperation.NON_FINANCIAL):
        for row in doc.get(key, []):
            row["printed"] = _measure_value(row)
    kinds = doc.get("kinds", [])
    doc["financial_kinds"] = [k for k in kinds if k["cooperation"] == Cooperation.FINANCIAL]
    doc["non_financial_kinds"] = [k for k in kinds if k["cooperation"] == Cooperation.NON_FINANCIAL]
    doc["goals_without_activity"] = [g for g in doc.get("goals", []) if g["without_activity"]]
    pointers = _public_lists(tenant)
    for form in doc.get("forms", []):
        form["printed"] = _for_print(form["records"], pointers)
    doc["unassigned_printed"] = _for_print(doc.get("unassigned", []), pointers)
    doc["printed_lines"] = bool(doc["unassigned_printed"]["lines"]) or any(
        f["printed"]["lines"] for f in doc.get("forms", [])
    )
    return doc


def report_title(content: dict[str, Any]) -> str:
    return _("Report on the realisation of “%(title)s” in %(year)d") % {
        "title": content["programme"]["title"],
        "year": content["realisation"]["year"],
    }


def narrative_sections(narrative: dict[str, str]) -> list[dict[str, str]]:
    """The office's texts in the order of the report's sections (sections left empty are left out)."""
    return [
        {"key": value, "label": str(label), "text": narrative[value]}
        for value, label in ReportSection.choices
        if narrative.get(value)
    ]


def report_context(report: RealisationReport) -> dict[str, Any]:
    """The report's page, PDF and DOCX: frozen content once published, computed from the records before."""
    content = report_content(report)
    return {
        "report": report,
        "is_published": report.state == ReportState.PUBLISHED,
        "title": report_title(content),
        "programme_data": _dated(content["programme"]),
        "realisation": realisation_document(content["realisation"], tenant=report.tenant),
        "sections": narrative_sections(content.get("narrative") or {}),
        "checksum": report.checksum,
        "published_at": report.published_at,
        "letterhead": letterhead_of(report.tenant),
    }


def report_pdf(report: RealisationReport, *, request: HttpRequest | None = None) -> RenderedDocument:
    context = report_context(report)
    return render_document(REPORT_BODY, context, title=context["title"], request=request)
