from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    """Local initiative (inicjatywa lokalna, art. 19b–19h): residents' applications, the council's criteria,
    the agreement in which the office buys or lends, the execution and the public done page."""

    name = "pozytek.initiatives"
    label = "initiatives"
    verbose_name = _("Local initiative")

    def ready(self) -> None:
        from pozytek.core.record_kinds import register_kind, register_measure  # noqa: PLC0415
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.initiatives import permissions, worklist  # noqa: F401, PLC0415 -- registers rules, work
        from pozytek.initiatives.models import Initiative  # noqa: PLC0415
        from pozytek.initiatives.record_kinds import LOCAL_INITIATIVE, MEASURES  # noqa: PLC0415
        from pozytek.initiatives.transitions import TRANSITIONS  # noqa: PLC0415

        register_lifecycle(Initiative, TRANSITIONS)
        register_kind(LOCAL_INITIATIVE)
        for measure in MEASURES:
            register_measure(measure)
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(
            NavEntry(
                plane=2,
                label=_("Local initiative"),
                url_name="initiatives:index",
                order=16,
                description=_(
                    "Residents and the local government carry out a task together (art. 19b): how to apply, the "
                    "criteria, and initiatives done."
                ),
            )
        )
