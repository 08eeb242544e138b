from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "pozytek.offers"
    label = "offers"
    verbose_name = _("Offers")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.offers import listeners  # noqa: PLC0415
        from pozytek.offers.models import Offer  # noqa: PLC0415
        from pozytek.offers.transitions import TRANSITIONS  # noqa: PLC0415

        register_lifecycle(Offer, TRANSITIONS)
        listeners.register()
        from pozytek.core.record_kinds import register_measure  # noqa: PLC0415
        from pozytek.offers.record_kinds import MEASURES  # noqa: PLC0415

        for measure in MEASURES:
            register_measure(measure)
        from pozytek.offers import permissions, worklist  # noqa: F401, PLC0415 -- registers the rules and its work source (core.worklist)
