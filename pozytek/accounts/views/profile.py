"""The person's own account page."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.forms.profile import ProfileForm
from pozytek.accounts.selectors import office_roles_across_tenants
from pozytek.accounts.services import update_own_profile
from pozytek.tenants.selectors import tenant_is_open_to


class ProfileView(LoginRequiredMixin, View):
    template_name = "accounts/profile.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ProfileForm(initial={"full_name": request.user.full_name})  # type: ignore[union-attr]
        return render(request, self.template_name, self._context(request, form))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProfileForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self._context(request, form), status=400)
        update_own_profile(user=request.user, full_name=form.cleaned_data["full_name"])  # type: ignore[arg-type]
        messages.success(request, _("Your data has been saved."))
        return redirect("accounts:profile")

    def _context(self, request: HttpRequest, form: ProfileForm) -> dict[str, object]:
        return {
            "form": form,
            # (role, whether its office pages open: a local government still being prepared has none yet)
            "memberships": [
                (membership, tenant_is_open_to(membership.tenant, request.user))
                for membership in office_roles_across_tenants(request.user)  # type: ignore[arg-type]
            ],
            "mfa_enabled": is_mfa_enabled(request.user),
        }
