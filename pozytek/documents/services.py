"""One template, two outputs: the HTML page and the PDF of an official document.

A document is a body template. The page view includes it inside the site layout; the PDF wraps
the same body in `documents/base_document.html` and prints it with WeasyPrint using the fonts
and stylesheet shipped in `documents/static/documents/` (no network access at render time).

Printing is CPU-bound (bench/documents.py). What does not depend on the document is made once per
thread and reused: the parsed stylesheet and the WeasyPrint font configuration that its `@font-face`
rules load the shipped fonts into (which also keeps Pango's font lookups and line metrics warm), and
Python's cyclic garbage collector is paused while WeasyPrint works (see `_collector_paused`).
"""

import atexit
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

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


def _static_name(url: str) -> str:
    """The static file a document refers to as /static/<name> (WeasyPrint resolves the URLs of the
    stylesheet and of the document against a file: base, so they arrive as file:///static/<name>)."""
    path = unquote(urlsplit(url).path)
    if urlsplit(url).scheme not in ("", "file") or not path.startswith("/static/"):
        raise ValueError(f"Document resources must be local static files, got {url!r}")
    return path.removeprefix("/static/")


def _url_fetcher_v62(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint before the URLFetcher class: a function returning the file."""
    return {"file_obj": Path(_static_path(_static_name(url))).open("rb"), "mime_type": None}


@cache
def _url_fetcher_class() -> Any:
    """A fetcher that gives WeasyPrint static files only and refuses every other URL (so no network
    access and no other local file at render time), for the WeasyPrint installed."""
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415 -- heavy to import
    except ImportError:  # WeasyPrint older than the URLFetcher class
        return None

    class StaticFilesFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return URLFetcherResponse(url, Path(_static_path(_static_name(url))).open("rb"))

    return StaticFilesFetcher


def _new_url_fetcher() -> Any:
    fetcher_class = _url_fetcher_class()
    return _url_fetcher_v62 if fetcher_class is None else fetcher_class()


class _Printer(threading.local):
    """What WeasyPrint reuses between documents, one per thread (Pango's objects are not thread-safe).

    Parsing print.css and loading the fonts of its `@font-face` rules into a new font configuration
    for every document cost a few milliseconds each time, and a new configuration starts with cold
    caches (fonts, line metrics). The stylesheet is parsed again when its file changes.
    """

    def __init__(self) -> None:
        self.key: tuple[str, int] | None = None
        self.stylesheet: Any = None
        self.font_config: Any = None
        self.url_fetcher: Any = None

    def prepared(self) -> tuple[Any, Any, Any]:
        """(stylesheet, font configuration, URL fetcher), made on first use in this thread."""
        from weasyprint import CSS  # noqa: PLC0415 -- WeasyPrint is heavy to import
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

        path = _stylesheet_path()
        key = (path, Path(path).stat().st_mtime_ns)
        if key != self.key:
            self.url_fetcher = _new_url_fetcher()
            self.font_config = FontConfiguration()
            self.stylesheet = CSS(filename=path, url_fetcher=self.url_fetcher, font_config=self.font_config)
            self.key = key
        return self.stylesheet, self.font_config, self.url_fetcher

    def forget(self) -> None:
        """Drop this thread's objects (at exit, while WeasyPrint can still delete its font files)."""
        self.key = self.stylesheet = self.font_config = self.url_fetcher = None


@cache
def _stylesheet_path() -> str:
    return _static_path(PDF_STYLESHEET)


_printer = _Printer()
atexit.register(_printer.forget)


class _Collector:
    """How many renders have the garbage collector paused, and whether it ran before the first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.renders = 0
        self.was_enabled = False


_collector = _Collector()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while WeasyPrint lays a document out and writes it.

    A render allocates hundreds of thousands of objects that live until it ends (boxes, styles, Pango
    layouts); the collections their allocation triggers walk every object of the process, Django's
    included, and free next to nothing: a quarter of a 5-page offer's time, and its variance.
    Reference counting still frees what it can; the few cycles a render leaves are collected by the
    first collection after it (a 126-page document peaks a few MB higher, out of about 200 MB).
    Counted across threads: the collector runs again when the last render ends, if it ran before.
    """
    with _collector.lock:
        if _collector.renders == 0:
            _collector.was_enabled = gc.isenabled()
            gc.disable()
        _collector.renders += 1
    try:
        yield
    finally:
        with _collector.lock:
            _collector.renders -= 1
            if _collector.renders == 0 and _collector.was_enabled:
                gc.enable()


def render_document(
    body_template: str, context: dict[str, Any], *, title: str, request: HttpRequest | None = None
) -> RenderedDocument:
    """Render the document body `body_template` to standalone HTML and PDF; `title` names the file."""
    from weasyprint import HTML  # noqa: PLC0415 -- WeasyPrint is heavy to import

    html = render_to_string(
        "documents/base_document.html",
        {**context, "body_template": body_template, "document_title": title, "for_print": True},
        request=request,
    )
    stylesheet, font_config, url_fetcher = _printer.prepared()
    with _collector_paused():
        pdf = HTML(string=html, base_url="/", url_fetcher=url_fetcher).write_pdf(
            stylesheets=[stylesheet], font_config=font_config
        )
    return RenderedDocument(
        html=html, pdf=pdf, filename=f"{slugify(title.translate(_NON_DECOMPOSING)) or 'dokument'}.pdf"
    )


def pdf_response(document: RenderedDocument, *, inline: bool = True) -> HttpResponse:
    """An HTTP response carrying the document's PDF."""
    response = HttpResponse(document.pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}"'
    return response
