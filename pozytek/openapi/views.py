"""Our own page about the API (instead of ninja's Swagger UI, which needs a CDN)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

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
