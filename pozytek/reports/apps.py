from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports (sprawozdania)."""

    name = "pozytek.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.reports.models import Report  # noqa: PLC0415
        from pozytek.reports.transitions import TRANSITIONS  # noqa: PLC0415

        register_lifecycle(Report, TRANSITIONS)
        from pozytek.core.record_kinds import register_measure  # noqa: PLC0415
        from pozytek.reports.record_kinds import MEASURES  # noqa: PLC0415

        for measure in MEASURES:
            register_measure(measure)
        from pozytek.reports import permissions, worklist  # noqa: F401, PLC0415 -- registers the rules and its work source (core.worklist)
