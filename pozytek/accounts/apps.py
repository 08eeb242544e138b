from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pozytek.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from pozytek.accounts import permissions  # noqa: F401, PLC0415 -- registers the rules predicates

        name_authenticators()


def name_authenticators() -> None:
    """allauth's Authenticator model has no translatable name (the admin showed "Authenticators").

    Only the runtime names change; `_meta.original_attrs` stays as it is, so no migration follows.
    """
    from allauth.mfa.models import Authenticator  # noqa: PLC0415 -- models are ready only here

    Authenticator._meta.verbose_name = _("authenticator")
    Authenticator._meta.verbose_name_plural = _("authenticators")
