from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "pozytek.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.agreements.models import Agreement, Annex  # noqa: PLC0415
        from pozytek.agreements.transitions import ANNEX_TRANSITIONS, TRANSITIONS  # noqa: PLC0415
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415

        register_lifecycle(Agreement, TRANSITIONS)
        register_lifecycle(Annex, ANNEX_TRANSITIONS)
        from pozytek.agreements.record_kinds import MEASURES  # noqa: PLC0415
        from pozytek.core.record_kinds import register_measure  # noqa: PLC0415

        for measure in MEASURES:
            register_measure(measure)
        from pozytek.agreements import permissions, worklist  # noqa: F401, PLC0415 -- registers the rules and its work source (core.worklist)
