from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    """Councils and teams (ciała konsultacyjno-doradcze)."""

    name = "pozytek.councils"
    label = "councils"
    verbose_name = _("Councils")
