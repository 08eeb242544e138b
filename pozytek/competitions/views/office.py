"""Office pages for calls: list, create and edit a draft, preview with publish/close/cancel, clone."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.competitions.forms.office import CallForm, ChecklistFormSet, CriterionFormSet, PriorityTaskForm, rows
from pozytek.competitions.models import Call
from pozytek.competitions.selectors import calls_of_tenant, office_call
from pozytek.competitions.services import (
    cancel_call,
    clone_call,
    close_call,
    create_call,
    publish_call,
    set_priority_task,
    update_call,
)
from pozytek.competitions.states import EDITABLE_STATES, CallState
from pozytek.competitions.transitions import closing_problems, publication_problems
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

BODY = "competitions/documents/call_announcement.html"
FORM = "competitions/office/call_form.html"


class CallListView(OfficeAccessMixin, View):
    permission_required = "competitions.manage_calls"

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        calls = calls_of_tenant(current_tenant(request))
        return render(request, "competitions/office/call_list.html", {"calls": calls})


def _bound(request: HttpRequest, call: Call | None) -> tuple[CallForm, Any, Any]:
    if request.method == "POST":
        return (
            CallForm(request.POST, instance=call, tenant=current_tenant(request)),
            CriterionFormSet(request.POST, prefix="criteria"),
            ChecklistFormSet(request.POST, prefix="checklist"),
        )
    criteria = (
        [{"name": c.name, "max_points": c.max_points, "description": c.description} for c in call.criteria.all()]
        if call
        else []
    )
    checklist = [{"text": i.text, "correctable": i.correctable} for i in call.checklist.all()] if call else []
    return (
        CallForm(instance=call, tenant=current_tenant(request)),
        CriterionFormSet(prefix="criteria", initial=criteria),
        ChecklistFormSet(prefix="checklist", initial=checklist),
    )


class CallFormView(OfficeAccessMixin, View):
    """Create (no pk) or edit a draft call; a normal POST form, criteria and checklist as formsets."""

    permission_required = "competitions.manage_calls"

    def _call(self, request: HttpRequest, pk: int | None) -> Call | None:
        return office_call(current_tenant(request), pk) if pk else None

    def get(self, request: HttpRequest, tenant_slug: str, pk: int | None = None) -> HttpResponse:
        call = self._call(request, pk)
        if call is not None and call.state not in EDITABLE_STATES:
            messages.error(request, _("Only a draft call can be changed."))
            return redirect("competitions_office:preview", tenant_slug=tenant_slug, pk=call.pk)
        form, criteria, checklist = _bound(request, call)
        return render(request, FORM, {"form": form, "criteria": criteria, "checklist": checklist, "call": call})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int | None = None) -> HttpResponse:
        call = self._call(request, pk)
        form, criteria, checklist = _bound(request, call)
        if form.is_valid() and criteria.is_valid() and checklist.is_valid():
            data = dict(form.cleaned_data)
            try:
                if call is None:
                    call = create_call(
                        tenant=current_tenant(request),
                        actor=request.user,
                        data=data,
                        criteria=rows(criteria),
                        checklist=rows(checklist),
                    )
                else:
                    call = update_call(
                        call=call, actor=request.user, data=data, criteria=rows(criteria), checklist=rows(checklist)
                    )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The call has been saved."))
                return redirect("competitions_office:preview", tenant_slug=tenant_slug, pk=call.pk)
        context = {"form": form, "criteria": criteria, "checklist": checklist, "call": call}
        return render(request, FORM, context, status=400)


class CancelCallForm(forms.Form):
    """The reason for cancelling a call (art. 18a): no offer was submitted, or none meets the requirements."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for cancelling the call"),
        help_text=gettext_lazy(
            "For example: no offer was submitted, or none of the offers meets the requirements of the "
            "announcement (art. 18a). Organisations with a submitted offer receive it by e-mail."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


CANCELLABLE_STATES = (CallState.PUBLISHED, CallState.CLOSED)
# A call's priority task is set in its form while a draft, by its own small form after publication.
TASK_STATES = (CallState.PUBLISHED, CallState.CLOSED, CallState.RESOLVED)


class CallPreviewView(OfficeAccessMixin, View):
    permission_required = "competitions.manage_calls"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        call = office_call(current_tenant(request), pk)
        problems = publication_problems(call) if call.state in EDITABLE_STATES else []
        return self.render(request, call, problems)

    def render(
        self,
        request: HttpRequest,
        call: Call,
        problems: list[Any],
        status: int = 200,
        cancel_form: CancelCallForm | None = None,
        task_form: PriorityTaskForm | None = None,
    ) -> HttpResponse:
        context = {
            "call": call,
            "problems": problems,
            "body_template": BODY,
            "editable": call.state in EDITABLE_STATES,
            "has_offers_page": call.state != CallState.DRAFT,
            "can_close": call.state == CallState.PUBLISHED and not closing_problems(call),
            "can_cancel": call.state in CANCELLABLE_STATES,
            "cancel_form": cancel_form or CancelCallForm(),
            "task_form": task_form
            or (PriorityTaskForm(tenant=call.tenant, call=call) if call.state in TASK_STATES else None),
        }
        return render(request, "competitions/office/call_preview.html", context, status=status)


class CallPriorityTaskView(CallPreviewView):
    """The priority task of a call once published (a draft's is chosen in its form)."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        call = office_call(current_tenant(request), pk)
        if call.state not in TASK_STATES:
            messages.error(request, _("Choose the priority task when editing the call."))
            return redirect("competitions_office:preview", tenant_slug=tenant_slug, pk=pk)
        form = PriorityTaskForm(request.POST, tenant=call.tenant, call=call)
        if form.is_valid():
            try:
                set_priority_task(call=call, actor=request.user, task=form.cleaned_data["priority_task"])
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The priority task of the call has been saved."))
                return redirect("competitions_office:preview", tenant_slug=tenant_slug, pk=pk)
        return self.render(request, call, [], status=400, task_form=form)


class CallPublishView(CallPreviewView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        call = office_call(current_tenant(request), pk)
        try:
            publish_call(call=call, actor=request.user)
        except TransitionBlocked as blocked:
            return self.render(request, call, blocked.problems, status=400)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("competitions_office:preview", tenant_slug=tenant_slug, pk=pk)
        messages.success(request, _("The call has been published."))
        return redirect("competitions_office:preview", tenant_slug=tenant_slug, pk=pk)


class CallCloneView(OfficeAccessMixin, View):
    permission_required = "competitions.manage_calls"

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        call = office_call(current_tenant(request), pk)
        copy = clone_call(call=call, actor=request.user)
        messages.success(request, _("A copy of the call has been created as a draft."))
        return redirect("competitions_office:edit", tenant_slug=tenant_slug, pk=copy.pk)


class CallCloseView(CallPreviewView):
    """Close the call to offers (only after its deadline; the guard says when that is)."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        call = office_call(current_tenant(request), pk)
        try:
            close_call(call=call, actor=request.user)
        except TransitionBlocked as blocked:
            for problem in blocked.problems:
                messages.error(request, problem.message)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The call has been closed. No more offers can be submitted."))
        return redirect("competitions_office:preview", tenant_slug=tenant_slug, pk=pk)


class CallCancelView(CallPreviewView):
    """Cancel the call with a reason; organisations with a submitted offer are told by e-mail."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        call = office_call(current_tenant(request), pk)
        form = CancelCallForm(request.POST)
        if not form.is_valid():
            return self.render(request, call, [], status=400, cancel_form=form)
        try:
            cancel_call(call=call, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            attach_service_errors(form, error)
            return self.render(request, call, [], status=400, cancel_form=form)
        except TransitionBlocked as blocked:
            for problem in blocked.problems:
                messages.error(request, problem.message)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The call has been cancelled."))
        return redirect("competitions_office:preview", tenant_slug=tenant_slug, pk=pk)
