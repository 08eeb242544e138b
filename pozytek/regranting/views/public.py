"""Public pages of regranting: the operators of the local government, one operator's calls and the
micro-grants it has given (the public list of micro-grants), one call with its rules, and applying."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.organisations.selectors import in_directory_of
from pozytek.regranting.forms.regranting import ApplicationForm
from pozytek.regranting.models import Operator, SubCall
from pozytek.regranting.permissions import is_operator_keeper, sits_on_committee
from pozytek.regranting.selectors import (
    micro_grants_of,
    open_sub_calls,
    operator_in,
    operators_kept_by,
    operators_of_tenant,
    pool_use,
    public_sub_call,
    public_sub_calls,
    taking_applications,
)
from pozytek.regranting.services import submit_application
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors


def public_operator(request: HttpRequest, pk: int) -> Operator:
    operator = operator_in(current_tenant(request), pk)
    if operator is None:
        raise Http404
    return operator


class ListView(View):
    """Regranting: who the operators are and the calls open now."""

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        context = {
            "operators": list(operators_of_tenant(tenant)),
            "open_calls": list(open_sub_calls(tenant)),
            "workspaces": list(operators_kept_by(request.user, tenant)),
        }
        return render(request, "regranting/public/list.html", context)


class OperatorView(View):
    """One operator: its calls and the micro-grants it has given."""

    def get(self, request: HttpRequest, tenant_slug: str, operator: int) -> HttpResponse:
        found = public_operator(request, operator)
        context = {
            "operator": found,
            "use": pool_use(found),
            "sub_calls": list(public_sub_calls(found)),
            "micro_grants": list(micro_grants_of(found)),
            "can_enter": is_operator_keeper(request.user, found) or sits_on_committee(request.user, found),
        }
        return render(request, "regranting/public/operator.html", context)


def _sub_call(request: HttpRequest, operator: int, pk: int) -> SubCall:
    sub_call = public_sub_call(public_operator(request, operator), pk)
    if sub_call is None:
        raise Http404
    return sub_call


class SubCallView(View):
    def get(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        sub_call = _sub_call(request, operator, pk)
        context = {"sub_call": sub_call, "operator": sub_call.operator, "open": taking_applications(sub_call)}
        return render(request, "regranting/public/sub_call.html", context)


class ApplyView(LoginRequiredMixin, View):
    """A simplified application: a group of residents led by the signed-in person, or a small organisation."""

    template_name = "regranting/public/apply.html"

    def _form(self, request: HttpRequest, data: object = None) -> ApplicationForm:
        name = getattr(request.user, "full_name", "")
        organisations = in_directory_of(current_tenant(request)).order_by("sort_name")[:500]
        return ApplicationForm(data, organisations=organisations, initial={"leader_name": name, "kind": "group"})

    def _render(
        self, request: HttpRequest, sub_call: SubCall, form: ApplicationForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "sub_call": sub_call,
            "operator": sub_call.operator,
            "form": form,
            "open": taking_applications(sub_call),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        return self._render(request, _sub_call(request, operator, pk), self._form(request))

    def post(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        sub_call = _sub_call(request, operator, pk)
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            chosen = data["organisation"]
            organisation = in_directory_of(current_tenant(request)).filter(pk=chosen).first() if chosen else None
            try:
                submit_application(
                    sub_call=sub_call,
                    actor=request.user,
                    kind=data["kind"],
                    leader_name=data["leader_name"],
                    group_name=data["group_name"],
                    member_names=data["member_names"],
                    organisation=organisation,
                    organisation_name=data["organisation_name"],
                    title=data["title"],
                    description=data["description"],
                    amount=data["amount"],
                )
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your application has been received."))
                return redirect("regranting:sub_call", tenant_slug=tenant_slug, operator=operator, pk=pk)
        return self._render(request, sub_call, form, status=400)
