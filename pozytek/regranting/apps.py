from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegrantingConfig(AppConfig):
    """Regranting (art. 16a): operators chosen in open competitions run their own calls for micro-grants."""

    name = "pozytek.regranting"
    label = "regranting"
    verbose_name = _("Regranting")

    def ready(self) -> None:
        from pozytek.core.record_kinds import register_kind, register_measure  # noqa: PLC0415
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.regranting import permissions, worklist  # noqa: F401, PLC0415 -- registers rules, work
        from pozytek.regranting.models import Application, MicroGrant, SubCall  # noqa: PLC0415
        from pozytek.regranting.record_kinds import MEASURES, MICRO_GRANT  # noqa: PLC0415
        from pozytek.regranting.transitions import (  # noqa: PLC0415
            APPLICATION_TRANSITIONS,
            MICRO_GRANT_TRANSITIONS,
            SUB_CALL_TRANSITIONS,
        )

        register_lifecycle(SubCall, SUB_CALL_TRANSITIONS)
        register_lifecycle(Application, APPLICATION_TRANSITIONS)
        register_lifecycle(MicroGrant, MICRO_GRANT_TRANSITIONS)
        register_kind(MICRO_GRANT)
        from pozytek.grants.sub_grants import register_sub_grants  # noqa: PLC0415
        from pozytek.regranting.selectors import micro_grants_under_grants  # noqa: PLC0415

        register_sub_grants(micro_grants_under_grants)
        for measure in MEASURES:
            register_measure(measure)
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(
            NavEntry(
                plane=2,
                label=_("Regranting"),
                url_name="regranting:list",
                order=17,
                description=_(
                    "Micro-grants for groups of residents and small organisations, given by operators the "
                    "local government chose in a competition (art. 16a)."
                ),
            )
        )
