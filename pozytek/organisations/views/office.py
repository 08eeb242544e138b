"""Office pages of the directory: list, add, verify claims and changes, notes, merge, deactivate."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.core.selectors import audit_events_of
from pozytek.core.workflow import TransitionNotAllowed
from pozytek.organisations.forms.profile import ExclusionForm, MergeForm, NoteForm, ProfileForm, ReasonForm
from pozytek.organisations.models import Claim, OfficeNote, Organisation, OrganisationArea, ProfileChange
from pozytek.organisations.selectors import match_text, organisation_by_id, pending_changes_for, pending_claims
from pozytek.organisations.services import (
    DuplicateOrganisation,
    accept_change,
    accept_claim,
    add_office_note,
    add_organisation,
    deactivate_organisation,
    list_in_directory,
    merge_organisations,
    reactivate_organisation,
    refuse_change,
    refuse_claim,
    set_grant_eligibility,
    verify_organisation,
)
from pozytek.organisations.states import AreaBasis, OrganisationState, ReviewState
from pozytek.tenants.http import current_tenant
from pozytek.tenants.models import Tenant
from pozytek.ui.form_errors import attach_service_errors


def office_organisations(tenant: Tenant) -> QuerySet[Organisation]:
    """Every organisation listed in the tenant's directory, whatever its state."""
    listed = OrganisationArea.objects.filter(tenant=tenant).values("organisation_id")  # in the tenant's scope
    return Organisation.objects.filter(id__in=listed).select_related("legal_form")


class OfficeOrganisationMixin(OfficeAccessMixin):
    def get_organisation(self, request: HttpRequest, pk: int) -> Organisation:
        organisation = office_organisations(current_tenant(request)).filter(pk=pk).first()
        if organisation is None:
            raise Http404
        return organisation


class OfficeListView(OfficeAccessMixin, View):
    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        queryset = office_organisations(tenant)
        text = request.GET.get("q", "")[:200]
        state = request.GET.get("state", "")
        if text:
            queryset = match_text(queryset, text)
        if state == "unverified":
            queryset = queryset.filter(verified_at=None, state=OrganisationState.ACTIVE)
        elif state in OrganisationState.values:
            queryset = queryset.filter(state=state)
        page = Paginator(queryset.order_by("sort_name", "id"), 50).get_page(request.GET.get("page"))
        return render(
            request,
            "organisations/office/list.html",
            {
                "page_obj": page,
                "q": text,
                "state": state,
                "states": OrganisationState.choices,
                "pending_count": pending_claims(tenant).count() + pending_changes_for(tenant).count(),
            },
        )


class AddOrganisationView(OfficeAccessMixin, View):
    template_name = "organisations/office/add.html"

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        return render(request, self.template_name, {"form": ProfileForm(tenant=current_tenant(request))})

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        form = ProfileForm(request.POST, request.FILES, tenant=tenant)
        duplicate = None
        if form.is_valid():
            data = dict(form.cleaned_data)
            if not data.get("logo"):
                data.pop("logo", None)
            try:
                organisation = add_organisation(tenant=tenant, actor=request.user, data=data)
            except DuplicateOrganisation as error:
                duplicate = error.existing
                attach_service_errors(form, error)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The organisation has been added to the directory."))
                return redirect("organisations_office:detail", tenant_slug=tenant_slug, pk=organisation.pk)
        return render(request, self.template_name, {"form": form, "duplicate": duplicate}, status=400)


class OfficeDetailView(OfficeOrganisationMixin, View):
    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        organisation = self.get_organisation(request, pk)
        tenant = current_tenant(request)
        return render(request, "organisations/office/detail.html", self.context(request, organisation, tenant))

    def context(self, request: HttpRequest, organisation: Organisation, tenant: Any, **forms: Any) -> dict[str, Any]:
        return {
            "organisation": organisation,
            "notes": OfficeNote.objects.filter(organisation=organisation).select_related("author"),
            "members": organisation.members.select_related("user"),
            "changes": organisation.changes.filter(state=ReviewState.PENDING).select_related("author"),
            "events": audit_events_of(organisation).select_related("actor"),
            "note_form": forms.get("note_form") or NoteForm(),
            "reason_form": forms.get("reason_form") or ReasonForm(),
            "merge_form": forms.get("merge_form") or MergeForm(),
            "exclusion_form": forms.get("exclusion_form")
            or ExclusionForm(initial={"excluded": organisation.excluded_art_3_4}),
        }


class _OfficeAction(OfficeOrganisationMixin, View):
    """POST-only action on one organisation; errors re-render the detail page next to the field."""

    form_class: Any = None
    form_name = ""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        organisation = self.get_organisation(request, pk)
        tenant = current_tenant(request)
        form = self.form_class(request.POST) if self.form_class else None
        if form is None or form.is_valid():
            try:
                message = self.act(request, tenant, organisation, form.cleaned_data if form else {})
            except ValidationError as error:
                if form is None:
                    messages.error(request, " ".join(error.messages))
                else:
                    attach_service_errors(form, error)
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
            else:
                messages.success(request, message)
                return redirect("organisations_office:detail", tenant_slug=tenant_slug, pk=organisation.pk)
        context = OfficeDetailView().context(request, organisation, tenant, **({self.form_name: form} if form else {}))
        return render(request, "organisations/office/detail.html", context, status=400)

    def act(self, request: HttpRequest, tenant: Any, organisation: Organisation, data: dict[str, Any]) -> str:
        raise NotImplementedError


class VerifyView(_OfficeAction):
    def act(self, request: HttpRequest, tenant: Any, organisation: Organisation, data: dict[str, Any]) -> str:
        verify_organisation(tenant=tenant, organisation=organisation, actor=request.user)
        return _("The organisation's data has been marked as verified.")


class NoteView(_OfficeAction):
    form_class = NoteForm
    form_name = "note_form"

    def act(self, request: HttpRequest, tenant: Any, organisation: Organisation, data: dict[str, Any]) -> str:
        add_office_note(tenant=tenant, organisation=organisation, actor=request.user, text=data["text"])
        return _("The note has been saved.")


class DeactivateView(_OfficeAction):
    form_class = ReasonForm
    form_name = "reason_form"

    def act(self, request: HttpRequest, tenant: Any, organisation: Organisation, data: dict[str, Any]) -> str:
        deactivate_organisation(tenant=tenant, organisation=organisation, actor=request.user, reason=data["reason"])
        return _("The organisation has been marked inactive.")


class ReactivateView(_OfficeAction):
    def act(self, request: HttpRequest, tenant: Any, organisation: Organisation, data: dict[str, Any]) -> str:
        reactivate_organisation(tenant=tenant, organisation=organisation, actor=request.user)
        return _("The organisation is active again.")


class MergeView(_OfficeAction):
    form_class = MergeForm
    form_name = "merge_form"

    def act(self, request: HttpRequest, tenant: Any, organisation: Organisation, data: dict[str, Any]) -> str:
        keep = office_organisations(tenant).filter(pk=data["keep"]).first()
        if keep is None:
            raise ValidationError({"keep": _("There is no such organisation in this directory.")})
        merge_organisations(tenant=tenant, duplicate=organisation, keep=keep, actor=request.user)
        return _("The profiles have been merged into %(name)s.") % {"name": keep.name}


class VerificationQueueView(OfficeAccessMixin, View):
    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        unverified = office_organisations(tenant).filter(verified_at=None, state=OrganisationState.ACTIVE)
        return render(
            request,
            "organisations/office/queue.html",
            {
                "claims": pending_claims(tenant),
                "changes": pending_changes_for(tenant),
                "unverified": unverified.order_by("created_at")[:100],
                "reason_form": ReasonForm(),
            },
        )


class _Decision(OfficeAccessMixin, View):
    """Accept or refuse (with a reason) a claim or a profile change."""

    def decide(self, request: HttpRequest, obj: Any, accept: Any, refuse: Any) -> HttpResponse:
        tenant_slug = current_tenant(request).slug
        if request.POST.get("decision") == "accept":
            try:
                accept()
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Accepted."))
            return redirect("organisations_office:queue", tenant_slug=tenant_slug)
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                refuse(form.cleaned_data["reason"])
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Refused; the reason has been sent."))
            return redirect("organisations_office:queue", tenant_slug=tenant_slug)
        tenant = current_tenant(request)
        return render(
            request,
            "organisations/office/queue.html",
            {
                "claims": pending_claims(tenant),
                "changes": pending_changes_for(tenant),
                "unverified": [],
                "reason_form": form,
                "failed_pk": obj.pk,
                "failed_kind": obj._meta.model_name,
            },
            status=400,
        )


class ClaimDecisionView(_Decision):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        tenant = current_tenant(request)
        claim = Claim.objects.filter(pk=pk, tenant=tenant).select_related("organisation", "user").first()
        if claim is None:
            raise Http404
        return self.decide(
            request,
            claim,
            lambda: accept_claim(claim=claim, actor=request.user),
            lambda reason: refuse_claim(claim=claim, actor=request.user, reason=reason),
        )


class ChangeDecisionView(_Decision):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        tenant = current_tenant(request)
        change = (
            pending_changes_for(tenant).filter(pk=pk).first()
            or ProfileChange.objects.filter(Q(pk=pk) & Q(organisation__areas__tenant=tenant)).first()
        )
        if change is None:
            raise Http404
        return self.decide(
            request,
            change,
            lambda: accept_change(tenant=tenant, change=change, actor=request.user),
            lambda reason: refuse_change(tenant=tenant, change=change, actor=request.user, reason=reason),
        )


class ExclusionView(_OfficeAction):
    form_class = ExclusionForm
    form_name = "exclusion_form"

    def act(self, request: HttpRequest, tenant: Any, organisation: Organisation, data: dict[str, Any]) -> str:
        set_grant_eligibility(
            tenant=tenant,
            organisation=organisation,
            actor=request.user,
            excluded=data["excluded"],
            reason=data["reason"],
        )
        return _("Saved.")


class ListExistingView(OfficeAccessMixin, View):
    """Add an organisation that is already on the platform to this office's directory."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        organisation = organisation_by_id(pk)
        if organisation is None:
            raise Http404
        try:
            list_in_directory(
                tenant=current_tenant(request),
                organisation=organisation,
                actor=request.user,
                basis=AreaBasis.OFFICE,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("organisations_office:list", tenant_slug=tenant_slug)
        messages.success(request, _("The organisation has been added to the directory."))
        return redirect("organisations_office:detail", tenant_slug=tenant_slug, pk=organisation.pk)
