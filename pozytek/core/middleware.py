"""Request id and access log: the outermost middleware, so every response carries the id and is logged."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from pozytek.core.logs import enter_request, leave_request

HEADER = "X-Request-ID"
# An id from the reverse proxy (nginx's $request_id: 32 hex digits) is kept so both logs share it; anything
# else a client sends (long, or with characters a log or a page could misread) is replaced.
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

access_log = logging.getLogger("pozytek.access")


class RequestIdMiddleware:
    """Gives each request an id (a safe incoming X-Request-ID, else a new one), puts it in the logging
    context and the response header, and writes one access log line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = enter_request(request_id, request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            if access_log.isEnabledFor(logging.INFO):
                # Time to the response object (a streamed export goes on after it); the path without its
                # query string, which may carry search words or tokens.
                duration_ms = round((time.perf_counter() - started) * 1000, 1)
                access_log.info(
                    "%s %s %s %.1f ms",
                    request.method,
                    request.path,
                    response.status_code,
                    duration_ms,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": duration_ms,
                    },
                )
            return response
        finally:
            leave_request(token)
