"""Office pages of regranting: the operators (naming one for a signed agreement of a regranting call, with
its pool) and, read-only, everything an operator does: calls, applications with scores, micro-grants."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.regranting.forms.regranting import OperatorForm
from pozytek.regranting.selectors import (
    agreements_to_name_operators,
    applications_of_operator,
    committee_of,
    micro_grants_of,
    operator_in,
    operators_of_tenant,
    pool_use,
    sub_calls_of,
)
from pozytek.regranting.services import name_operator
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors


class ListView(OfficeAccessMixin, View):
    permission_required = "regranting.view_office"
    template_name = "regranting/office/list.html"

    def _render(self, request: HttpRequest, form: OperatorForm, status: int = 200) -> HttpResponse:
        context = {"operators": list(operators_of_tenant(current_tenant(request))), "form": form}
        return render(request, self.template_name, context, status=status)

    def _form(self, request: HttpRequest, data: object = None) -> OperatorForm:
        return OperatorForm(data, agreements=list(agreements_to_name_operators(current_tenant(request))))

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        if not request.user.has_perm("regranting.name_operators", tenant):
            raise PermissionDenied
        form = self._form(request, request.POST)
        if form.is_valid():
            agreement = agreements_to_name_operators(tenant).filter(pk=form.cleaned_data["agreement"]).first()
            try:
                if agreement is None:
                    raise ValidationError({"agreement": [_("Choose a signed agreement of this local government.")]})
                operator = name_operator(
                    tenant=tenant, agreement=agreement, pool=form.cleaned_data["pool"], actor=request.user
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The operator has been named."))
                return redirect("regranting_office:operator", tenant_slug=tenant_slug, pk=operator.pk)
        return self._render(request, form, status=400)


class OperatorView(OfficeAccessMixin, View):
    permission_required = "regranting.view_office"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        operator = operator_in(current_tenant(request), pk)
        if operator is None:
            raise Http404
        context = {
            "operator": operator,
            "use": pool_use(operator),
            "committee": list(committee_of(operator)),
            "sub_calls": list(sub_calls_of(operator)),
            "applications": list(applications_of_operator(operator)),
            "micro_grants": list(micro_grants_of(operator)),
        }
        return render(request, "regranting/office/operator.html", context)
