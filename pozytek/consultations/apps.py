from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations (konsultacje)."""

    name = "pozytek.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.consultations.models import Consultation  # noqa: PLC0415
        from pozytek.consultations.transitions import TRANSITIONS  # noqa: PLC0415
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415

        register_lifecycle(Consultation, TRANSITIONS)
        from pozytek.consultations.deadlines import CONSULTATIONS  # noqa: PLC0415
        from pozytek.core.deadlines import register_source  # noqa: PLC0415

        register_source(CONSULTATIONS)
        from pozytek.consultations.record_kinds import CONSULTATION, MEASURES  # noqa: PLC0415
        from pozytek.core.record_kinds import register_kind, register_measure  # noqa: PLC0415

        register_kind(CONSULTATION)
        for measure in MEASURES:
            register_measure(measure)
        from pozytek.consultations import permissions  # noqa: F401, PLC0415 -- registers the rules
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(
            NavEntry(
                plane=1,
                label=_("Consultations"),
                url_name="consultations:list",
                order=10,
                description=_("Draft acts under consultation: comments, surveys, meetings and reports."),
            )
        )
        from pozytek.consultations import worklist  # noqa: F401, PLC0415 -- registers its work source (core.worklist)
