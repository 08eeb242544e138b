"""Log records that say which request they belong to: request id, tenant and user, as JSON lines or text.

`RequestIdMiddleware` (core/middleware.py) puts the request in a context variable for the time of the
request; `RequestContextFilter` copies its request id, tenant slug and user id onto every record the
handler writes, and `JsonFormatter` writes each record as one JSON object on one line. Configured in
config/settings.py (`POZYTEK_LOG_FORMAT`). Imported by the logging configuration, before the app registry
is ready: no models here.
"""

import datetime as dt
import json
import logging
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import LazyObject, empty


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    request: HttpRequest


_current: ContextVar[RequestContext | None] = ContextVar("pozytek_request", default=None)


def enter_request(request_id: str, request: HttpRequest) -> Token[RequestContext | None]:
    """For RequestIdMiddleware: the request whose id, tenant and user the records carry until `leave_request`."""
    return _current.set(RequestContext(request_id, request))


def leave_request(token: Token[RequestContext | None]) -> None:
    _current.reset(token)


def current_request_id() -> str | None:
    context = _current.get()
    return context.request_id if context is not None else None


def tenant_slug(request: HttpRequest) -> str | None:
    """The slug TenantScopeMiddleware found, once it has run (never looked up here)."""
    return getattr(getattr(request, "tenant", None), "slug", None)


def user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id if the request has already loaded its user: a log line never costs a query."""
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        user = user.__dict__.get("_wrapped", empty)
        if user is empty:
            return None
    pk = getattr(user, "pk", None)
    return pk if isinstance(pk, int) else None


class RequestContextFilter(logging.Filter):
    """Adds `request_id`, `tenant` and `user_id` to every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        if context is None:
            record.request_id = record.tenant = record.user_id = None
        else:
            record.request_id = context.request_id
            record.tenant = tenant_slug(context.request)
            record.user_id = user_id(context.request)
        return True


# Attributes that callers pass with `extra=` and the JSON line keeps (the access log's, Django's own).
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "status_code")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, tenant and user
    id when known, the access log's fields and, for an error, the traceback (escaped, still one line)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if not hasattr(record, "request_id"):  # a handler without the filter: read the context here
            RequestContextFilter().filter(record)
        for name in ("request_id", "tenant", "user_id", *EXTRA_FIELDS):
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The development format: time, level, logger, [request id, tenant, user id] when known, message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(context)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            RequestContextFilter().filter(record)
        known = [str(getattr(record, name)) for name in ("request_id", "tenant", "user_id") if getattr(record, name)]
        record.context = f" [{' '.join(known)}]" if known else ""
        return super().format(record)
