"""Checks on an uploaded attachment: allowed types identified by content, size, a safe name."""

import hashlib
from pathlib import PurePath
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "image/jpeg": "JPG",
    "image/png": "PNG",
}
SNIFF_BYTES = 8192


def max_size() -> int:
    return int(settings.POZYTEK_MAX_ATTACHMENT_BYTES)


def too_large_message() -> str:
    return _("The file is larger than %(max)s.") % {"max": filesizeformat(max_size())}


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
    base = PurePath(name.replace("\\", "/")).name or "plik"
    cleaned = get_valid_filename(base) if base.strip(". ") else "plik"
    return cleaned[-150:]


def sha256_of(upload: Any) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
