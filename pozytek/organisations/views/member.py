"""Pages of NGO members: register or claim an organisation, keep its profile, invite colleagues."""

from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_scopes import scope

from pozytek.core.worklist import member_work
from pozytek.organisations.forms.profile import (
    ClaimForm,
    InvitationForm,
    ListInDirectoryForm,
    ProfileForm,
    RegisterOrganisationForm,
)
from pozytek.organisations.models import Organisation
from pozytek.organisations.permissions import is_member, is_owner
from pozytek.organisations.selectors import (
    home_tenant_of,
    listings_of_organisation_across_tenants,
    members_of,
    organisation_by_id,
    organisations_of,
    pending_changes_of,
    profile_for_public,
)
from pozytek.organisations.services import (
    OPEN_FIELDS,
    VERIFIED_FIELDS,
    DuplicateOrganisation,
    accept_invitation,
    claim_organisation,
    invite_member,
    list_in_directory,
    register_organisation,
    remove_member,
    update_profile,
)
from pozytek.organisations.states import AreaBasis, OrganisationState
from pozytek.tenants.http import current_tenant
from pozytek.tenants.models import Tenant
from pozytek.tenants.selectors import tenant_is_open_to
from pozytek.ui.form_errors import attach_service_errors


def profile_initial(organisation: Organisation, tenant: Tenant | None) -> dict[str, Any]:
    """The profile form's initial values; districts only of `tenant` (run inside its scope)."""
    initial: dict[str, Any] = {f: getattr(organisation, f) for f in (*OPEN_FIELDS, *VERIFIED_FIELDS)}
    initial["legal_form"] = organisation.legal_form_id
    initial["spheres"] = list(organisation.spheres.values_list("pk", flat=True))
    if tenant is not None:
        initial["districts"] = list(organisation.districts.values_list("pk", flat=True))
    return initial


def home_scope(tenant: Tenant | None) -> AbstractContextManager[None]:
    """The home directory's tenant scope, activated once the organisation was found through the user's
    membership (its districts are that tenant's rows); no scope when no directory lists it."""
    return scope(tenant=tenant) if tenant is not None else nullcontext()


def safe_next(request: HttpRequest, value: str) -> str:
    """`value` when it is a path on this site (e.g. back to an offer's start page), else ""."""
    allowed = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if value and allowed else ""


class RegisterView(LoginRequiredMixin, View):
    """Register a new organisation in this local government's directory; `next` brings the person back."""

    template_name = "organisations/register.html"

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        context = {
            "form": RegisterOrganisationForm(tenant=current_tenant(request)),
            "next": safe_next(request, request.GET.get("next", "")),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        form = RegisterOrganisationForm(request.POST, request.FILES, tenant=tenant)
        next_url = safe_next(request, request.POST.get("next", ""))
        duplicate = None
        if form.is_valid():
            data = dict(form.cleaned_data)
            basis = data.pop("basis")
            if not data.get("logo"):
                data.pop("logo", None)
            try:
                organisation = register_organisation(tenant=tenant, actor=request.user, data=data, basis=basis)
            except DuplicateOrganisation as error:
                duplicate = error.existing
                attach_service_errors(form, error)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The organisation has been registered. An office will verify its data."))
                return redirect(next_url or reverse("organisations_member:edit", kwargs={"pk": organisation.pk}))
        context = {"form": form, "duplicate": duplicate, "next": next_url}
        return render(request, self.template_name, context, status=400)


class ClaimView(LoginRequiredMixin, View):
    """Ask to take over an existing profile (e.g. one imported by the office)."""

    template_name = "organisations/claim.html"

    def _organisation(self, request: HttpRequest, pk: int) -> Organisation:
        organisation = profile_for_public(current_tenant(request), pk)
        if organisation is None:
            raise Http404
        return organisation

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        organisation = self._organisation(request, pk)
        return render(request, self.template_name, {"organisation": organisation, "form": ClaimForm()})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        organisation = self._organisation(request, pk)
        form = ClaimForm(request.POST)
        if form.is_valid():
            try:
                claim_organisation(
                    tenant=current_tenant(request),
                    organisation=organisation,
                    actor=request.user,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("Your claim has been sent. An official will confirm it."))
                return redirect("organisations:profile", tenant_slug=tenant_slug, pk=organisation.pk)
        return render(request, self.template_name, {"organisation": organisation, "form": form}, status=400)


class MemberMixin(LoginRequiredMixin):
    """Resolves the organisation the logged-in person keeps; others get 404 (no leak of existence).

    The owner/editor predicates are tested directly, as the services do, not through `has_perm`: a
    platform admin passes every `has_perm` check but keeps no profile, so these pages are 404 for them."""

    owner_only = False

    def get_organisation(self, request: HttpRequest, pk: int) -> Organisation:
        organisation = organisation_by_id(pk)
        keeps = is_owner if self.owner_only else is_member
        if organisation is None or not keeps(request.user, organisation):
            raise Http404
        return organisation


class MyOrganisationsView(LoginRequiredMixin, View):
    """The organisations' dashboard: what they have to do or may join in every municipality (core.worklist),
    then the organisations the person keeps."""

    def get(self, request: HttpRequest) -> HttpResponse:
        memberships = list(organisations_of(request.user))
        work = member_work(request.user) if memberships else []
        return render(request, "organisations/member/list.html", {"memberships": memberships, "work": work})


class EditProfileView(MemberMixin, View):
    template_name = "organisations/member/edit.html"

    def _context(self, organisation: Organisation, form: ProfileForm) -> dict[str, Any]:
        return {
            "organisation": organisation,
            "form": form,
            "pending": pending_changes_of(organisation),
            "verified_fields": VERIFIED_FIELDS,
            # (listing, whether its public profile opens: an active organisation in a published directory)
            "listed_in": [
                (area, organisation.state == OrganisationState.ACTIVE and tenant_is_open_to(area.tenant, None))
                for area in listings_of_organisation_across_tenants(organisation)
            ],
            # Listing in another local government's directory (ListInDirectoryView); the page says
            # "listed everywhere" only when no published local government is left to choose.
            "list_form": ListInDirectoryForm(organisation=organisation),
            # the same predicate MembersView checks: editors would get 404 there
            "can_manage_members": is_owner(self.request.user, organisation),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self.get_organisation(request, pk)
        home = home_tenant_of(organisation)
        with home_scope(home):
            form = ProfileForm(initial=profile_initial(organisation, home), tenant=home)
            return render(request, self.template_name, self._context(organisation, form))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self.get_organisation(request, pk)
        home = home_tenant_of(organisation)
        with home_scope(home):
            return self._save(request, organisation, ProfileForm(request.POST, request.FILES, tenant=home))

    def _save(self, request: HttpRequest, organisation: Organisation, form: ProfileForm) -> HttpResponse:
        if form.is_valid():
            try:
                change = update_profile(organisation=organisation, actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                if change is not None:
                    messages.info(
                        request,
                        _(
                            "Saved. Changes to the name, identifiers, OPP status and bank account "
                            "will be applied after an office verifies them."
                        ),
                    )
                else:
                    messages.success(request, _("The profile has been saved."))
                return redirect("organisations_member:edit", pk=organisation.pk)
        return render(request, self.template_name, self._context(organisation, form), status=400)


class MembersView(MemberMixin, View):
    owner_only = True
    template_name = "organisations/member/members.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self.get_organisation(request, pk)
        return render(
            request,
            self.template_name,
            {"organisation": organisation, "members": members_of(organisation), "form": InvitationForm()},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self.get_organisation(request, pk)
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invite_member(organisation=organisation, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The invitation has been sent."))
                return redirect("organisations_member:members", pk=organisation.pk)
        context = {"organisation": organisation, "members": members_of(organisation), "form": form}
        return render(request, self.template_name, context, status=400)


class RemoveMemberView(MemberMixin, View):
    owner_only = True

    def post(self, request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
        organisation = self.get_organisation(request, pk)
        member = members_of(organisation).filter(pk=member_pk).first()
        if member is None:
            raise Http404
        try:
            remove_member(member=member, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The person no longer keeps this profile."))
        return redirect("organisations_member:members", pk=organisation.pk)


class AcceptInvitationView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return render(request, "organisations/member/invitation.html", {"token": token})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            member = accept_invitation(token=token, actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return render(request, "organisations/member/invitation.html", {"token": token}, status=400)
        messages.success(request, _("You now keep the profile of %(name)s.") % {"name": member.organisation.name})
        return redirect("organisations_member:edit", pk=member.organisation_id)


class ListInDirectoryView(MemberMixin, View):
    """Declare activity in another local government: the organisation appears in its directory."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = self.get_organisation(request, pk)
        form = ListInDirectoryForm(request.POST, organisation=organisation)
        if form.is_valid():
            tenant = form.cleaned_data["tenant"]
            try:
                list_in_directory(
                    tenant=tenant, organisation=organisation, actor=request.user, basis=AreaBasis.ACTIVITY
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("The organisation is now listed in the directory of %(name)s.") % {"name": tenant.name}
                )
        else:
            messages.error(request, _("Choose a local government from the list."))
        return redirect("organisations_member:edit", pk=organisation.pk)
