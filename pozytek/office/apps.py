from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The office's own pages (dashboard, office data) and the demo loader: the top of the layers, the
    one place allowed to put every module together."""

    name = "pozytek.office"
    label = "office"
    verbose_name = _("Office workspace")
