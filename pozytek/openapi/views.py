"""Our own page about the API (instead of ninja's Swagger UI, which needs a CDN), and the API's
answers that ninja leaves to Django: both JSON, shaped like ninja's own errors ({"detail": …})."""

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse

from pozytek.openapi.api import api
from pozytek.organisations.selectors_open_data import FIELD_DESCRIPTIONS, OPEN_DATA_LICENCE, PUBLIC_FIELDS
from pozytek.tenants.selectors import published_tenants


def index(request: HttpRequest) -> HttpResponse:
    context = {
        "openapi_url": reverse("api:openapi-json"),
        "fields": [(name, FIELD_DESCRIPTIONS[name]) for name in PUBLIC_FIELDS],
        "licence": OPEN_DATA_LICENCE,
        "example_tenant": published_tenants().first(),
    }
    return render(request, "openapi/index.html", context)


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    """Any other address under /api/v1/: a JSON 404 rather than the site's HTML page.

    This view matches every address, so CommonMiddleware no longer sees one that only lacks its
    trailing slash: as it would, such an address is redirected to the one with the slash."""
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return api.create_response(request, {"detail": "Not Found"}, status=404)


def json_method_not_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wraps one of ninja's views: its 405 (another method than GET) is plain text, ours is JSON."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
            return response
        allowed = response.get("Allow", "")
        response = api.create_response(request, {"detail": "Method Not Allowed"}, status=405)
        response["Allow"] = allowed
        return response

    return wrapper
