from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "pozytek.grants"
    label = "grants"
    verbose_name = _("Grants register")

    def ready(self) -> None:
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(NavEntry(plane=2, label=_("Grants register"), url_name="grants:register", order=50))
