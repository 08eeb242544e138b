from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports (sprawozdania)."""

    name = "pozytek.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from pozytek.reports import permissions  # noqa: F401, PLC0415 -- registers the rules
