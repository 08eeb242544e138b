from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "pozytek.offers"
    label = "offers"
    verbose_name = _("Offers")

    def ready(self) -> None:
        from pozytek.offers import permissions  # noqa: F401, PLC0415 -- registers the rules
