"""Error views with the site layout and a plain-Polish explanation."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forged or expired form: explain and let the person go back, never a bare 403."""
    return render(request, "403_csrf.html", status=403)


def health(request: HttpRequest) -> HttpResponse:
    """Liveness and database check for the reverse proxy or the process supervisor."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
