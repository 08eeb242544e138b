from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "pozytek.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from pozytek.agreements import permissions  # noqa: F401, PLC0415 -- registers the rules
