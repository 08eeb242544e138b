"""The report as a document (Annex 5 of Dz.U. 2018 poz. 2057): one body template for the page and the PDF."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from pozytek.documents.services import RenderedDocument, render_document
from pozytek.reports.models import Report
from pozytek.reports.selectors import lines_of, report_figures, results_of
from pozytek.reports.states import SOURCE_LABELS

REPORT_BODY = "reports/documents/report.html"


def report_title(report: Report) -> str:
    kind = _("Final report") if report.kind == "final" else _("Partial report %(year)s") % {"year": report.year}
    return _("%(kind)s on agreement %(number)s") % {"kind": kind, "number": report.agreement.number}


def report_context(report: Report) -> dict[str, Any]:
    """What the report's page, PDF and the office's review show: the report, its rows and every figure."""
    lines = lines_of(report)
    figures = report_figures(report, lines)
    return {
        "report": report,
        "agreement": report.agreement,
        "results": results_of(report),
        "figures": figures,
        "line_rows": list(zip(lines, figures.lines, strict=True)),
        "source_rows": [(SOURCE_LABELS[s.key], s) for s in figures.sources],
        "document_body": REPORT_BODY,
        "title": report_title(report),
    }


def report_document(report: Report, *, request: HttpRequest | None = None) -> RenderedDocument:
    return render_document(
        REPORT_BODY,
        report_context(report),
        title=report_title(report),
        request=request,
        tenant=report.agreement.tenant,
    )
