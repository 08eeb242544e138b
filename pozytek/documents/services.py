"""One template, two outputs: the HTML page and the PDF of an official document.

A document is a body template. The page view includes it inside the site layout; the PDF wraps
the same body in `documents/base_document.html` and prints it with WeasyPrint using the fonts
and stylesheet shipped in `documents/static/documents/` (no network access at render time).

Printing is CPU-bound (bench/documents.py). What does not depend on the document is made once per
thread and reused: the parsed stylesheet and the WeasyPrint font configuration that its `@font-face`
rules load the shipped fonts into (which also keeps Pango's font lookups and line metrics warm), and
Python's cyclic garbage collector is paused while WeasyPrint works (see `_collector_paused`).

Every PDF carries the issuing municipality's letterhead (letterhead.py), printed by the base template; the
only upload a document may show is the tenant's coat of arms, which the URL fetcher reads from
MEDIA_ROOT/tenants/ (nothing else of MEDIA_ROOT, never the network).
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

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

from pozytek.documents.letterhead import COAT_OF_ARMS_DIR, MEDIA_PREFIX, letterhead_of

PDF_STYLESHEET = "documents/print.css"
# A coat of arms larger than this is left out of the document (an upload, not a static file we ship).
MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
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


def _local_path(url: str) -> str:
    """The path of a URL a document refers to (WeasyPrint resolves the URLs of the stylesheet and of the
    document against a file: base, so /static/<name> arrives as file:///static/<name>)."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "file") or parts.netloc or parts.query:
        raise ValueError(f"Document resources must be local files, got {url!r}")
    return unquote(parts.path)


def _static_name(url: str) -> str:
    """The static file a document refers to as /static/<name>."""
    path = _local_path(url)
    if not path.startswith("/static/"):
        raise ValueError(f"Document resources must be local static files, got {url!r}")
    return path.removeprefix("/static/")


def _coat_of_arms_path(path: str) -> tuple[Path, str]:
    """MEDIA_ROOT/tenants/<file> for /media/tenants/<file>, with its type: an image in that folder (its real
    path, symbolic links followed, must stay inside), of a known raster type and at most MAX_IMAGE_BYTES."""
    root = (Path(settings.MEDIA_ROOT) / COAT_OF_ARMS_DIR).resolve()
    found = (Path(settings.MEDIA_ROOT) / path.removeprefix(MEDIA_PREFIX)).resolve()
    mime_type = IMAGE_TYPES.get(found.suffix.lower())
    if not found.is_relative_to(root) or found == root or mime_type is None or not found.is_file():
        raise ValueError(f"Not a coat of arms: {path!r}")
    if found.stat().st_size > MAX_IMAGE_BYTES:
        raise ValueError(f"The coat of arms is larger than {MAX_IMAGE_BYTES} bytes: {path!r}")
    return found, mime_type


def coat_of_arms_file(url: str) -> Path:
    """The file of a letterhead's coat of arms (`Letterhead.coat_of_arms_url`), for the DOCX documents; raises
    ValueError for anything but an image under MEDIA_ROOT/tenants/."""
    return _coat_of_arms_path(_local_path(url))[0]


def _resource(url: str) -> tuple[Path, str | None]:
    """The file (and type, when known) a document may load: a static file, or a tenant's coat of arms."""
    path = _local_path(url)
    if path.startswith(f"{MEDIA_PREFIX}{COAT_OF_ARMS_DIR}/"):
        return _coat_of_arms_path(path)
    return Path(_static_path(_static_name(url))), None


def _url_fetcher_v62(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint before the URLFetcher class: a function returning the file."""
    path, mime_type = _resource(url)
    return {"file_obj": path.open("rb"), "mime_type": mime_type}


@cache
def _url_fetcher_class() -> Any:
    """A fetcher that gives WeasyPrint static files and the tenant's coat of arms only and refuses every
    other URL (so no network access and no other local file at render time), for the WeasyPrint installed."""
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415 -- heavy to import
    except ImportError:  # WeasyPrint older than the URLFetcher class
        return None

    class StaticFilesFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path, mime_type = _resource(url)
            return URLFetcherResponse(url, path.open("rb"), headers={"Content-Type": mime_type} if mime_type else None)

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


def _document_tenant(context: dict[str, Any], request: HttpRequest | None) -> Any:
    """The local government that issues the document: the context's `tenant`, the request's, or that of the
    first model in the context that belongs to one (an agreement read on a platform page, an annex)."""
    if context.get("tenant") is not None:
        return context["tenant"]
    if getattr(request, "tenant", None) is not None:
        return getattr(request, "tenant", None)
    for value in context.values():
        if isinstance(value, Model) and any(f.name == "tenant" for f in value._meta.concrete_fields):
            return getattr(value, "tenant", None)
    return None


def render_document(
    body_template: str,
    context: dict[str, Any],
    *,
    title: str,
    request: HttpRequest | None = None,
    tenant: Any = None,
) -> RenderedDocument:
    """Render the document body `body_template` to standalone HTML and PDF; `title` names the file. The
    letterhead is `tenant`'s (found in the context or the request when not given)."""
    from weasyprint import HTML  # noqa: PLC0415 -- WeasyPrint is heavy to import

    if "letterhead" in context:  # given by the caller (None: a document without one)
        letterhead = context["letterhead"]
    else:
        letterhead = letterhead_of(tenant if tenant is not None else _document_tenant(context, request))
    html = render_to_string(
        "documents/base_document.html",
        {
            **context,
            "body_template": body_template,
            "document_title": title,
            "for_print": True,
            "letterhead": letterhead,
        },
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
