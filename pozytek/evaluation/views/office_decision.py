"""Office pages of the decision: record the executive's order, list and answer requests for justification.

Every object is read through a selector filtered by the request's tenant (another tenant's id: 404).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.core.workflow import TransitionNotAllowed
from pozytek.evaluation.forms.decision import AnswerForm, DecisionForm
from pozytek.evaluation.selectors import (
    call_of_tenant,
    commission_of,
    decision_of,
    justification_requests_of,
    proposals_of,
    requested_grant,
    scored_offers,
)
from pozytek.evaluation.selectors_results import awarded_total, is_overdue, request_of_tenant, result_rows
from pozytek.evaluation.services.decision import decision_problems, record_decision
from pozytek.evaluation.services.requests import answer_request
from pozytek.evaluation.states import RequestState
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

PERMISSION = "evaluation.manage_evaluation"


@dataclass(frozen=True)
class DecisionRow:
    offer: Offer
    requested: Decimal
    proposed: Decimal | None
    proposal_note: str


def _rows(call: Any) -> list[DecisionRow]:
    commission = commission_of(call)
    proposals = proposals_of(commission) if commission is not None else {}
    rows = []
    for offer in scored_offers(call).filter(state=OfferState.FORMALLY_ACCEPTED):
        proposal = proposals.get(offer.pk)
        rows.append(
            DecisionRow(
                offer=offer,
                requested=requested_grant(offer),
                proposed=proposal.amount if proposal else None,
                proposal_note=proposal.note if proposal else "",
            )
        )
    return rows


class DecisionFormView(OfficeAccessMixin, View):
    """The decision on the results: a form while the call awaits it, the recorded decision afterwards."""

    permission_required = PERMISSION
    template = "evaluation/decision/form.html"

    def get(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        call = call_of_tenant(current_tenant(request), call_pk)
        rows = _rows(call)
        form = DecisionForm(rows=rows, initial={"date": timezone.localdate()})
        return self._render(request, call, form)

    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        call = call_of_tenant(current_tenant(request), call_pk)
        if decision_of(call) is not None:
            messages.error(request, _("The call has already been resolved: the decision is recorded only once."))
            return redirect("evaluation_office_decision:form", tenant_slug=tenant_slug, call_pk=call.pk)
        form = DecisionForm(request.POST, rows=_rows(call))
        if form.is_valid():
            try:
                record_decision(
                    call=call,
                    actor=request.user,
                    number=form.cleaned_data["number"],
                    date=form.cleaned_data["date"],
                    note=form.cleaned_data["note"],
                    amounts=form.amounts(),
                    reasons=form.reasons(),
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The decision has been recorded and the results published."))
                return redirect("evaluation_office_decision:form", tenant_slug=tenant_slug, call_pk=call.pk)
        return self._render(request, call, form, status=400)

    def _render(self, request: HttpRequest, call: Any, form: DecisionForm, *, status: int = 200) -> HttpResponse:
        decision = decision_of(call)
        context: dict[str, Any] = {"call": call, "form": form, "decision": decision, "commission": commission_of(call)}
        if decision is not None:
            rows = result_rows(decision)
            context.update(results=rows, total=awarded_total(rows))
        else:
            context.update(problems=decision_problems(call), funds=call.total_funds)
        return render(request, self.template, context, status=status)


class RequestListView(OfficeAccessMixin, View):
    """Requests for the justification of the call's results, with their due dates."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        call = call_of_tenant(current_tenant(request), call_pk)
        today = timezone.localdate()
        requests = [(r, is_overdue(r, today=today)) for r in justification_requests_of(call)]
        context = {
            "call": call,
            "requests": requests,
            "open_count": sum(1 for r, _o in requests if r.state == RequestState.OPEN),
        }
        return render(request, "evaluation/decision/requests.html", context)


class AnswerView(OfficeAccessMixin, View):
    """One request for justification: what was asked, and the answer (recorded once)."""

    permission_required = PERMISSION
    template = "evaluation/decision/answer.html"

    def get(self, request: HttpRequest, tenant_slug: str, request_pk: int) -> HttpResponse:
        item = request_of_tenant(current_tenant(request), request_pk)
        return self._render(request, item, AnswerForm())

    def post(self, request: HttpRequest, tenant_slug: str, request_pk: int) -> HttpResponse:
        item = request_of_tenant(current_tenant(request), request_pk)
        if item.state != RequestState.OPEN:
            messages.error(request, _("This request has already been answered."))
            return redirect("evaluation_office_decision:answer", tenant_slug=tenant_slug, request_pk=item.pk)
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                answer_request(request=item, actor=request.user, answer=form.cleaned_data["answer"])
            except ValidationError as error:
                attach_service_errors(form, error)
            except TransitionNotAllowed:
                messages.error(request, _("This request has already been answered."))
                return redirect("evaluation_office_decision:answer", tenant_slug=tenant_slug, request_pk=item.pk)
            else:
                messages.success(request, _("The answer has been recorded and e-mailed."))
                return redirect("evaluation_office_decision:requests", tenant_slug=tenant_slug, call_pk=item.call_id)
        return self._render(request, item, form, status=400)

    def _render(self, request: HttpRequest, item: Any, form: AnswerForm, *, status: int = 200) -> HttpResponse:
        context = {"item": item, "call": item.call, "form": form, "overdue": is_overdue(item)}
        return render(request, self.template, context, status=status)
