"""Access to commission pages: signed in, two-step verification configured (members must use MFA).

Which commission and which offer a member may open is decided by the views with the predicates of
`permissions.py` on objects read through tenant-filtered selectors (another tenant's ids give 404).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from pozytek.accounts.access import needs_mfa_setup


class CommissionAccessMixin(AccessMixin):
    """A signed-in person with a configured authenticator (TOTP); object checks are the view's."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if needs_mfa_setup(user):
            messages.warning(
                request, _("Commission pages require two-step verification. Set up an authenticator app first.")
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]
