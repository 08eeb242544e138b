from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pozytek.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from pozytek.core import lookups  # noqa: F401, PLC0415 -- registers the in_array lookup
