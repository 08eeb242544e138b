"""An upload handler that stops storing a file once it exceeds the attachment limit."""

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    """Placed first: counts bytes and aborts the upload (keeping nothing) past the limit.

    The rest of the request body is read and discarded, so the response can still be a page
    with a clear error rather than a reset connection.
    """

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0
        self.too_large = False

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        if content_length and content_length > settings.POZYTEK_MAX_ATTACHMENT_BYTES + 65536:
            self._mark()  # StopUpload is only honoured once parsing has begun (first file chunk)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.too_large or self.received > settings.POZYTEK_MAX_ATTACHMENT_BYTES:
            self._mark()
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _mark(self) -> None:
        self.too_large = True
        if self.request is not None:
            self.request.upload_too_large = True
