"""Error views with the site layout and a plain-Polish explanation; the health and readiness checks."""

import datetime as dt
import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Case, F, Min, When
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult, get_date_max

from pozytek.core.logs import current_request_id

logger = logging.getLogger(__name__)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forged or expired form: explain and let the person go back, never a bare 403."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page with the request id, which an official can quote to the administrator (the logs carry it).

    Rendered without the request's context processors: whatever failed must not fail the error page too.
    """
    return HttpResponseServerError(loader.get_template("500.html").render({"request_id": current_request_id()}))


def health(request: HttpRequest) -> HttpResponse:
    """Liveness and database check for the reverse proxy or the process supervisor."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness for the load balancer: the database and the cache answer, and the task worker keeps up
    (the oldest task waiting for it is younger than POZYTEK_READY_MAX_TASK_AGE_S). 503 names what failed."""
    checks: dict[str, Any] = {"database": "ok", "cache": "ok", "tasks": "ok", "oldest_pending_task_age_s": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Readiness: the database does not answer")
        checks["database"] = "failing"
    try:
        probe = uuid.uuid4().hex
        cache.set("pozytek:readyz", probe, timeout=30)
        if cache.get("pozytek:readyz") != probe:
            raise RuntimeError("the cache did not keep a value")
    except Exception:  # any backend's error: Redis, the database table
        logger.exception("Readiness: the cache does not answer")
        checks["cache"] = "failing"
    if checks["database"] == "ok":
        try:
            age = oldest_pending_task_age()
        except DatabaseError:
            logger.exception("Readiness: the task queue cannot be read")
            checks["tasks"] = "failing"
        else:
            checks["oldest_pending_task_age_s"] = age
            if age is not None and age > settings.POZYTEK_READY_MAX_TASK_AGE_S:
                checks["tasks"] = "failing"
    else:
        checks["tasks"] = "unknown"
    failing = [name for name in ("database", "cache", "tasks") if checks[name] != "ok"]
    body = {"status": "unavailable" if failing else "ready", "failing": failing, **checks}
    return JsonResponse(body, status=503 if failing else 200)


def oldest_pending_task_age() -> float | None:
    """Seconds the oldest task ready to run has been waiting (from its `run_after` when it was scheduled)."""
    waiting_since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    oldest: dt.datetime | None = DBTaskResult.objects.ready().aggregate(oldest=Min(waiting_since))["oldest"]
    if oldest is None:
        return None
    return round(max((timezone.now() - oldest).total_seconds(), 0.0), 1)
