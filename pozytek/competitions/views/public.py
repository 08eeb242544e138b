"""Public pages of calls: the list with filters, a call's page and its announcement as PDF."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.competitions.selectors import public_call, public_calls, public_years
from pozytek.competitions.states import PUBLIC_STATES, CallState
from pozytek.core.db_router import replica_reads
from pozytek.documents.services import pdf_response, render_document
from pozytek.legal.selectors import spheres_in_force
from pozytek.tenants.http import current_tenant

BODY = "competitions/documents/call_announcement.html"
PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@replica_reads
def call_list(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    sphere, year = _int(request.GET.get("sphere")), _int(request.GET.get("year"))
    state = request.GET.get("status", "")
    state = state if state in PUBLIC_STATES else ""
    calls = public_calls(tenant, sphere=sphere, state=state, year=year)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page_obj": page,
        "query_string": params.urlencode(),
        "spheres": spheres_in_force(),
        "states": [(s, CallState(s).label) for s in PUBLIC_STATES],
        "years": public_years(tenant),
        "selected": {"sphere": sphere, "status": state, "year": year},
    }
    return render(request, "competitions/call_list.html", context)


def call_detail(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    call = public_call(current_tenant(request), pk)
    open_for_offers = call.offer_deadline is not None and timezone.now() < call.offer_deadline
    context = {"call": call, "body_template": BODY, "deadline_passed": not open_for_offers}
    return render(request, "competitions/call_detail.html", context)


def call_pdf(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    tenant = current_tenant(request)
    call = public_call(tenant, pk)
    title = _("Announcement of an open competition – %(title)s") % {"title": call.title}
    return pdf_response(render_document(BODY, {"call": call, "tenant": tenant}, title=title, request=request))
