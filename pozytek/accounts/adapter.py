"""allauth integration: e-mail goes through the task queue; e-mails are stored lower-case."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pozytek.notifications.services import queue_email

EMAIL_MAX_LENGTH = 254


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no type information
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = self.request
        ctx = {"request": request, "email": email, "current_site": None}
        from django.contrib.sites.shortcuts import get_current_site  # noqa: PLC0415 -- needs a request

        ctx["current_site"] = get_current_site(request)
        ctx.update(context)
        queue_email(self.render_mail(template_prefix, email, ctx))

    def clean_email(self, email: str) -> str:
        # allauth's field has no length limit; the column has 254 (PostgreSQL would refuse it with a 500).
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                _("An e-mail address can have at most %(n)d characters.") % {"n": EMAIL_MAX_LENGTH}
            )
        cleaned: str = super().clean_email(email)
        return cleaned.lower()

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the failed-login count by site domain and e-mail; without django.contrib.sites
        # the "domain" is the request's Host header, port included, so each Host value accepted by
        # ALLOWED_HOSTS ("host:1", "host:2", …) would get a fresh allowance. One installation, one count.
        login = credentials.get("email", credentials.get("username", ""))
        return f"login:{str(login).lower()}"
