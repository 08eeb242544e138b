"""allauth integration: e-mail goes through the task queue; e-mails are stored lower-case."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from pozytek.notifications.services import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = self.request
        ctx = {"request": request, "email": email, "current_site": None}
        from django.contrib.sites.shortcuts import get_current_site  # noqa: PLC0415 -- needs a request

        ctx["current_site"] = get_current_site(request)
        ctx.update(context)
        queue_email(self.render_mail(template_prefix, email, ctx))

    def clean_email(self, email: str) -> str:
        return super().clean_email(email).lower()
