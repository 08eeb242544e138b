from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    """Councils and teams (ciała konsultacyjno-doradcze)."""

    name = "pozytek.councils"
    label = "councils"
    verbose_name = _("Councils")

    def ready(self) -> None:
        from pozytek.councils import permissions  # noqa: F401, PLC0415 -- registers the rules
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415

        register(NavEntry(plane=1, label=_("Councils and teams"), url_name="councils:list", order=20))
