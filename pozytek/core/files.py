"""Uploaded files, for every app: the private storage, allowed types identified by content, size, a safe
name, the checksum."""

import hashlib
from decimal import ROUND_DOWN, Decimal
from pathlib import PurePath
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "image/jpeg": "JPG",
    "image/png": "PNG",
}
# File name extensions that match each allowed content type; the first is the one given to files.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
SNIFF_BYTES = 8192


def private_storage() -> FileSystemStorage:
    """Files only served through permission-checked views: kept under POZYTEK_PRIVATE_ROOT, no URL.

    A callable, so tests can point PRIVATE_MEDIA_ROOT elsewhere; every model's private FileField uses it
    (each models module keeps the name `private_storage`, which its migrations refer to).
    """
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


NAME_LENGTH = 150


def max_size() -> int:
    return int(settings.POZYTEK_MAX_ATTACHMENT_BYTES)


def megabytes(size: int) -> str:
    """A limit in MB as the language writes it ("10 MB", "0,5 MB"), never rounded up past the limit."""
    value = Decimal(size) / Decimal(1_048_576)
    places = 1 if value >= 1 else 1 - value.adjusted()  # two significant digits below 1 MB
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    text = f"{value:f}".rstrip("0").rstrip(".")
    return _("%s MB") % number_format(Decimal(text))


def too_large_message(limit: int | None = None) -> str:
    """The message next to a file field when the file is over `limit` bytes (the attachment limit)."""
    return _("The file is larger than %(max)s.") % {"max": megabytes(max_size() if limit is None else limit)}


def identify(upload: Any) -> str:
    """The content type read from the file's first bytes; ValidationError when not an allowed type."""
    if upload.size > max_size():
        raise ValidationError(too_large_message(), code="too_large")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("This file is not one of the allowed types (%(types)s), whatever its name says.")
            % {"types": ", ".join(ALLOWED_TYPES.values())},
            code="type",
        )
    return str(kind.mime)


def safe_name(name: str) -> str:
    """The original file name without any path, reduced to safe characters (kept only for display)."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    try:
        cleaned = get_valid_filename(base)
    except SuspiciousFileOperation:  # nothing usable is left ("***", "..", "")
        cleaned = ""
    if not cleaned.strip("."):
        cleaned = "plik"
    return cleaned[-NAME_LENGTH:]


def display_name(name: str, content_type: str) -> str:
    """The safe name with an extension that matches the content, under which the file is downloaded.

    A file is only as harmless as the program that opens it: "%PDF…" content uploaded as
    "oferta.bat" or "oferta.html" would be handed to a shell or a browser by the official's
    computer. The user's name is kept, and the right extension is appended when it is missing.
    """
    name = safe_name(name)
    extensions = EXTENSIONS[content_type]
    if PurePath(name).suffix.lower() in extensions:
        return name
    return f"{name[: NAME_LENGTH - len(extensions[0])]}{extensions[0]}"


def sha256_of(upload: Any) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def private_download(file: Any, *, filename: str, content_type: str = "") -> FileResponse:
    """A private file exactly as received, as a download that browsers do not sniff. A record whose file is
    gone (e.g. after restoring the database without the files) gives 404, never a 500."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
