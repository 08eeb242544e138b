"""Office pages of small grants: offers received with their publication term (late ones flagged), one
offer with its comments and the organisation's history, publish, take down, decide; the year's scheme."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.smallgrants.forms.small_grants import DecisionForm, SchemeForm, TakeDownForm
from pozytek.smallgrants.models import Publication
from pozytek.smallgrants.selectors import (
    awaits_decision,
    comments_of,
    is_late,
    office_publication,
    organisation_history,
    pool_meter,
    publications_for_office,
    scheme_of,
    today,
    window_open,
)
from pozytek.smallgrants.services import decide_small_grant, publish_for_comments, save_scheme, take_down, task_year
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

PERMISSION = "smallgrants.manage"


class ListView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        year = today().year
        rows = [(p, is_late(p), window_open(p)) for p in publications_for_office(tenant)]
        context = {"rows": rows, "year": year, "scheme": scheme_of(tenant, year), "meter": pool_meter(tenant, year)}
        return render(request, "smallgrants/office/list.html", context)


class DetailView(OfficeAccessMixin, View):
    permission_required = PERMISSION
    template_name = "smallgrants/office/detail.html"

    def _publication(self, request: HttpRequest, pk: int) -> Publication:
        publication = office_publication(current_tenant(request), pk)
        if publication is None:
            raise Http404
        return publication

    def _render(self, request: HttpRequest, publication: Publication, **forms: object) -> HttpResponse:
        offer = publication.offer
        context = {
            "publication": publication,
            "offer": offer,
            "late": is_late(publication),
            "open": window_open(publication),
            "comments": list(comments_of(publication)),
            "history": list(organisation_history(publication.tenant, offer.organisation)),
            "meter": pool_meter(publication.tenant, task_year(offer)),
            "decision_form": forms.get("decision_form") or DecisionForm(),
            "take_down_form": forms.get("take_down_form") or TakeDownForm(),
            "decidable": awaits_decision(offer),
        }
        status = 400 if forms else 200
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self._render(request, self._publication(request, pk))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        publication = self._publication(request, pk)
        action = request.POST.get("action", "")
        try:
            if action == "publish":
                publish_for_comments(publication=publication, actor=request.user)
                messages.success(request, _("The offer is published for comments."))
            elif action == "take_down":
                form = TakeDownForm(request.POST)
                if not form.is_valid():
                    return self._render(request, publication, take_down_form=form)
                take_down(publication=publication, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("The offer has been taken down."))
            elif action == "decide":
                decision = DecisionForm(request.POST)
                if not decision.is_valid():
                    return self._render(request, publication, decision_form=decision)
                try:
                    decide_small_grant(publication=publication, actor=request.user, **decision.cleaned_data)
                except ValidationError as error:
                    attach_service_errors(decision, error)
                    return self._render(request, publication, decision_form=decision)
                messages.success(request, _("The decision has been recorded."))
            else:  # no action named: the page again (a forged or empty POST)
                return self._render(request, publication, decision_form=DecisionForm())
        except (TransitionNotAllowed, PermissionDenied) as refusal:
            messages.error(request, str(refusal))
        except TransitionBlocked as blocked:
            for problem in blocked.problems:
                messages.error(request, problem.message)
        return redirect("smallgrants_office:detail", tenant_slug=tenant_slug, pk=pk)


class SchemeEditView(OfficeAccessMixin, View):
    permission_required = PERMISSION
    template_name = "smallgrants/office/scheme_form.html"

    def get(self, request: HttpRequest, tenant_slug: str, year: int) -> HttpResponse:
        scheme = scheme_of(current_tenant(request), year)
        return render(request, self.template_name, {"form": SchemeForm(instance=scheme), "year": year})

    def post(self, request: HttpRequest, tenant_slug: str, year: int) -> HttpResponse:
        tenant = current_tenant(request)
        if not 2000 <= year <= today().year + 1:
            raise Http404
        form = SchemeForm(request.POST, instance=scheme_of(tenant, year))
        if form.is_valid():
            try:
                save_scheme(tenant=tenant, year=year, actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The small-grants scheme has been saved."))
                return redirect("smallgrants_office:list", tenant_slug=tenant_slug)
        return render(request, self.template_name, {"form": form, "year": year}, status=400)
