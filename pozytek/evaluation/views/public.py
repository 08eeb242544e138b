"""Public pages of a call's outcome: the formal results, results (page, PDF, CSV, JSON), cancellation notice,
requests for justification.

Results exist only for a resolved call of the request's tenant, the notice only for a cancelled
one: anything else (a call still open, a draft, another tenant's id) gives 404. The page and the
PDF include the same body template; CSV and JSON are open data (UTF-8, decimal point, amounts as
strings in JSON).
"""

import csv
import io
import json
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.competitions.selectors import public_call
from pozytek.core.db_router import replica_reads
from pozytek.documents.services import pdf_response, render_document
from pozytek.evaluation.documents import RESULTS_BODY, results_context, results_document
from pozytek.evaluation.forms.decision import JustificationRequestForm
from pozytek.evaluation.selectors import evaluated_offers, offers_with_history
from pozytek.evaluation.selectors_results import (
    cancellation_of,
    cancelled_call,
    justification_deadline,
    justification_open,
    offers_with_award,
    resolved_call,
)
from pozytek.evaluation.services.requests import request_justification
from pozytek.offers.states import SCORED_STATES, OfferState
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

CANCELLATION_BODY = "evaluation/public/cancellation_document.html"
FORMAL_RESULTS_TEMPLATE = "evaluation/formal/results.html"
FORMAL_PUBLIC_STATES = (*SCORED_STATES, OfferState.FORMALLY_REJECTED)
BOM = "\ufeff"
CSV_FIELDS = (
    "call_number",
    "call_title",
    "decision_number",
    "decision_date",
    "offer_id",
    "offerors",
    "task_title",
    "requested_grant",
    "points",
    "awarded_amount",
    "awarded",
)
# A spreadsheet runs a cell starting with one of these as a formula ("CSV injection").
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def _results_context(request: HttpRequest, call_pk: int) -> dict[str, Any]:
    tenant = current_tenant(request)
    call, decision = resolved_call(tenant, call_pk)
    return {**results_context(call, decision), "justification_open": justification_open(call, decision)}


@replica_reads
def results(request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
    context = _results_context(request, call_pk)
    return render(request, "evaluation/public/results.html", {**context, "body_template": RESULTS_BODY})


@replica_reads
def results_pdf(request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
    call, decision = resolved_call(current_tenant(request), call_pk)
    return pdf_response(results_document(call, decision, request=request))


def _file_name(context: dict[str, Any], extension: str) -> str:
    return f"wyniki-konkursu-{context['call'].pk}.{extension}"


def _records(context: dict[str, Any]) -> list[dict[str, Any]]:
    call, decision = context["call"], context["decision"]
    return [
        {
            "call_number": call.number,
            "call_title": call.title,
            "decision_number": decision.number,
            "decision_date": decision.date.isoformat(),
            "offer_id": row.offer_id,
            "offerors": row.offerors,
            "task_title": row.title,
            "requested_grant": str(row.requested),
            "points": None if row.points is None else str(row.points),
            "awarded_amount": str(row.amount),
            "awarded": row.awarded,
        }
        for row in context["rows"]
    ]


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "|".join(value)
    text = str(value)
    if _FORMULA_START.match(text) and not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return "'" + text
    return text


@replica_reads
def results_csv(request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
    context = _results_context(request, call_pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_FIELDS)
    for record in _records(context):
        writer.writerow([_csv_value(record[name]) for name in CSV_FIELDS])
    response = HttpResponse(BOM + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(context, "csv")}"'
    return response


@replica_reads
def results_json(request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
    context = _results_context(request, call_pk)
    call, decision, tenant = context["call"], context["decision"], context["tenant"]
    document = {
        "authority": {"name": tenant.name, "slug": tenant.slug, "teryt": tenant.teryt},
        "call": {"id": call.pk, "number": call.number, "title": call.title, "total_funds": str(call.total_funds)},
        "decision": {
            "number": decision.number,
            "date": decision.date.isoformat(),
            "published_at": timezone.localtime(decision.published_at).isoformat(),
        },
        "awarded_total": str(context["total"]),
        "results": _records(context),
    }
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{_file_name(context, "json")}"'
    return response


def _cancellation_context(request: HttpRequest, call_pk: int) -> dict[str, Any]:
    tenant = current_tenant(request)
    call = cancelled_call(tenant, call_pk)
    return {"call": call, "cancellation": cancellation_of(call), "tenant": tenant}


def cancellation(request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
    context = _cancellation_context(request, call_pk)
    return render(request, "evaluation/public/cancellation.html", {**context, "body_template": CANCELLATION_BODY})


def cancellation_pdf(request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
    context = _cancellation_context(request, call_pk)
    title = _("Cancellation of the open competition %(number)s") % {
        "number": context["call"].number or context["call"].pk
    }
    return pdf_response(render_document(CANCELLATION_BODY, context, title=title, request=request))


def justification(request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
    """Anyone may ask for the justification of the results while the period for requests lasts."""
    tenant = current_tenant(request)
    call, decision = resolved_call(tenant, call_pk)
    offers = list(offers_with_award(call).select_related("organisation"))
    is_open = justification_open(call, decision)
    form = JustificationRequestForm(request.POST if request.method == "POST" else None, offers=offers)
    status = 200
    if request.method == "POST":
        if not is_open:
            status = 400
        elif form.is_valid():
            try:
                request_justification(
                    call=call,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    offer=form.chosen_offer(),
                    question=form.cleaned_data["question"],
                    actor=request.user if request.user.is_authenticated else None,
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(
                    request, _("Your request has been sent. The answer will come by e-mail to the address you gave.")
                )
                return redirect("evaluation_public_results:results", tenant_slug=tenant_slug, call_pk=call.pk)
        status = 400
    context = {
        "call": call,
        "decision": decision,
        "form": form,
        "is_open": is_open,
        "until": justification_deadline(call, decision),
    }
    return render(request, "evaluation/public/justification.html", context, status=status)


@replica_reads
def formal_results(request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
    """Public: the offers after the formal check (formally correct, or rejected with the reasons)."""
    call = public_call(current_tenant(request), call_pk)
    if call.formal_results_published_at is None:
        raise Http404
    rows = []
    for offer in offers_with_history(evaluated_offers(call).filter(state__in=FORMAL_PUBLIC_STATES), snapshots=True):
        version = offer.version_list[0] if offer.version_list else None  # type: ignore[attr-defined]
        check = offer.check_list[0] if offer.check_list else None  # type: ignore[attr-defined]
        snapshot = version.snapshot if version is not None else {}
        names = [o.get("name", "") for o in snapshot.get("offerors", [])] or [offer.organisation.name]
        rows.append(
            {
                "offer": offer,
                "offerors": names,
                "title": snapshot.get("task", {}).get("title") or offer.title,
                "accepted": offer.state in SCORED_STATES,
                "reasons": check.reasons if check is not None and offer.state not in SCORED_STATES else "",
            }
        )
    return render(request, FORMAL_RESULTS_TEMPLATE, {"call": call, "rows": rows})
