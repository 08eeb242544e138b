"""An organisation starts a small-grant offer (art. 19a) from its profile: no call, the offer generator
does the rest (sections, budget, autosave, frozen versions, confirmation)."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from pozytek.legal.selectors import spheres_in_force
from pozytek.offers.services import start_offer
from pozytek.offers.states import FundingRoute
from pozytek.organisations.selectors import organisations_of
from pozytek.smallgrants.forms.small_grants import StartForm
from pozytek.smallgrants.selectors import published_scheme, today
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors


class StartView(LoginRequiredMixin, View):
    template_name = "smallgrants/member/start.html"

    def _form(self, request: HttpRequest, data: Any = None) -> StartForm:
        tenant = current_tenant(request)
        scheme = published_scheme(tenant, today().year)
        if scheme is None:
            raise Http404
        spheres = scheme.spheres.all() if scheme.spheres.exists() else spheres_in_force()
        organisations = [membership.organisation for membership in organisations_of(request.user)]
        return StartForm(data, organisations=organisations, spheres=spheres)

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        form = self._form(request)
        has_organisations = organisations_of(request.user).exists()
        return render(request, self.template_name, {"form": form, "has_organisations": has_organisations})

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        form = self._form(request, request.POST)
        if form.is_valid():
            chosen = form.cleaned_data["organisation"]
            organisation = next(m.organisation for m in organisations_of(request.user) if m.organisation_id == chosen)
            try:
                offer = start_offer(
                    organisation=organisation,
                    actor=request.user,
                    route=FundingRoute.SMALL_GRANT,
                    tenant=current_tenant(request),
                    mode=form.cleaned_data["mode"],
                    sphere=form.cleaned_data["sphere"],
                    title=form.cleaned_data["title"],
                )
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                return redirect("offers:overview", tenant_slug=tenant_slug, pk=offer.pk)
        return render(request, self.template_name, {"form": form, "has_organisations": True}, status=400)
