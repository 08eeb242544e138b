from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    """One calendar (terminarz): a municipality's public iCal feed and each person's own deadlines and
    meetings, a page and a private iCal feed. A composition app at the top of the layers: it reads the
    dated items every module registers in core.deadlines."""

    name = "pozytek.agenda"
    label = "agenda"
    verbose_name = _("Calendar")

    def ready(self) -> None:
        from pozytek.agenda.deadlines import ORGANISATIONS  # noqa: PLC0415
        from pozytek.core.deadlines import register_source  # noqa: PLC0415

        register_source(ORGANISATIONS)
