"""An upload handler that stops storing a file once it exceeds the attachment limit."""

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.forms import BaseForm
from django.http import HttpRequest

from pozytek.core.files import too_large_message


class SizeLimitUploadHandler(FileUploadHandler):
    """Placed first: counts bytes and drops the file (keeping nothing of it) past the limit.

    The rest of the file is read and discarded, and the form's other fields, before or after the
    file, are still read, so the page can answer with the size message and keep what was typed.
    """

    def __init__(self, request: HttpRequest | None = None, *, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = settings.POZYTEK_MAX_ATTACHMENT_BYTES if limit is None else limit
        self.received = 0
        self.too_large = False
        self.dropped_file = False

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        if content_length and content_length > self.limit + 65536:
            self.too_large = True  # a file cannot fit: it is dropped from its first chunk

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.too_large or self.received > self.limit:
            self.too_large = True
            self.dropped_file = True
            raise SkipFile  # the parser closes what the other handlers stored and goes on with the fields
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_uploads(request: HttpRequest, *, limit: int | None = None) -> None:
    """Put the size limit in front of the request's upload handlers (before the body is read)."""
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit=limit))


def refuse_too_large(request: HttpRequest, form: BaseForm, field: str, *, limit: int | None = None) -> bool:
    """True if the request's file was dropped for its size: the form then holds the other fields'
    errors and, on `field`, only the size message (not "this field is required")."""
    if not any(
        isinstance(handler, SizeLimitUploadHandler) and handler.dropped_file for handler in request.upload_handlers
    ):
        return False
    form.is_valid()
    form.errors.pop(field, None)
    form.add_error(field, too_large_message(limit))
    return True
