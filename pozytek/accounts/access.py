"""Access to office (staff) pages: a staff role in the tenant and a configured second factor."""

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from pozytek.tenants.http import current_tenant


def needs_mfa_setup(user: Any) -> bool:
    """Office staff must have TOTP configured before they reach any office page."""
    return not is_mfa_enabled(user)


class OfficeAccessMixin(AccessMixin):
    """Office view of the request's tenant guarded by a rules permission checked on the tenant."""

    permission_required: str = "tenants.view_office"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        tenant = current_tenant(request)
        if not user.has_perm(self.permission_required, tenant):
            raise PermissionDenied(_("You do not have a role in this office that allows this."))
        if needs_mfa_setup(user):
            messages.warning(
                request, _("Office pages require two-step verification. Set up an authenticator app first.")
            )
            return redirect(f"{_mfa_setup_url()}?next={request.get_full_path()}")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


def _mfa_setup_url() -> str:
    from django.urls import reverse  # noqa: PLC0415 -- URLconf is loaded lazily

    return reverse("mfa_activate_totp")
