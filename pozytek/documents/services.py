"""One template, two outputs: the HTML page and the PDF of an official document.

A document is a body template. The page view includes it inside the site layout; the PDF wraps
the same body in `documents/base_document.html` and prints it with WeasyPrint using the fonts
and stylesheet shipped in `documents/static/documents/` (no network access at render time).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

PDF_STYLESHEET = "documents/print.css"
# Letters that Unicode normalisation does not reduce to ASCII, so slugify would drop them.
_NON_DECOMPOSING = str.maketrans({"Ł": "L", "ł": "l"})


@dataclass(frozen=True)
class RenderedDocument:
    """An official document rendered once as HTML and as PDF bytes."""

    html: str
    pdf: bytes
    filename: str


def _static_path(name: str) -> str:
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(name)
    return str(found if isinstance(found, str) else found[0])


def _url_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Resolve /static/ URLs to files; refuse everything else (no network at render time)."""
    from weasyprint.urls import default_url_fetcher  # noqa: PLC0415 -- WeasyPrint is heavy to import

    if url.startswith("file://"):
        return default_url_fetcher(url, *args, **kwargs)  # type: ignore[no-any-return]
    if "/static/" in url:
        name = url.split("/static/", 1)[1]
        return {"file_obj": Path(_static_path(name)).open("rb"), "mime_type": None}
    raise ValueError(f"Document resources must be local, got {url!r}")


def render_document(
    body_template: str, context: dict[str, Any], *, title: str, request: HttpRequest | None = None
) -> RenderedDocument:
    """Render the document body `body_template` to standalone HTML and PDF; `title` names the file."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 -- WeasyPrint is heavy to import

    html = render_to_string(
        "documents/base_document.html",
        {**context, "body_template": body_template, "document_title": title, "for_print": True},
        request=request,
    )
    stylesheet = CSS(filename=_static_path(PDF_STYLESHEET), url_fetcher=_url_fetcher)
    pdf = HTML(string=html, base_url="/", url_fetcher=_url_fetcher).write_pdf(stylesheets=[stylesheet])
    return RenderedDocument(
        html=html, pdf=pdf, filename=f"{slugify(title.translate(_NON_DECOMPOSING)) or 'dokument'}.pdf"
    )


def pdf_response(document: RenderedDocument, *, inline: bool = True) -> HttpResponse:
    """An HTTP response carrying the document's PDF."""
    response = HttpResponse(document.pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}"'
    return response
