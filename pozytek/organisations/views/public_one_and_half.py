"""The "1.5% of tax" page: local public benefit organisations with their KRS numbers, searchable."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pozytek.organisations.selectors import opp_organisations
from pozytek.tenants.http import current_tenant

PAGE_SIZE = 50
MAX_QUERY_LENGTH = 200


def one_and_half(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page = Paginator(opp_organisations(tenant, text), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"page_obj": page, "q": text, "query_string": params.urlencode()}
    return render(request, "organisations/one_and_half.html", context)
