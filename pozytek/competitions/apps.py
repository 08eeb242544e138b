from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "pozytek.competitions"
    label = "competitions"
    verbose_name = _("Open competitions")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.competitions.models import Call, TaskProposal  # noqa: PLC0415
        from pozytek.competitions.transitions import PROPOSAL_TRANSITIONS, TRANSITIONS  # noqa: PLC0415
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415

        register_lifecycle(Call, TRANSITIONS)
        register_lifecycle(TaskProposal, PROPOSAL_TRANSITIONS)
        from pozytek.competitions.deadlines import CALLS  # noqa: PLC0415
        from pozytek.core.deadlines import register_source  # noqa: PLC0415

        register_source(CALLS)
        from pozytek.competitions.record_kinds import MEASURES, TASK_PROPOSAL  # noqa: PLC0415
        from pozytek.core.record_kinds import register_kind, register_measure  # noqa: PLC0415

        register_kind(TASK_PROPOSAL)
        for measure in MEASURES:
            register_measure(measure)
        from pozytek.competitions import permissions  # noqa: F401, PLC0415 -- registers the rules
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(
            NavEntry(
                plane=2,
                label=_("Open competitions"),
                url_name="competitions:list",
                order=10,
                description=_(
                    "Calls for offers with their terms; organisations submit offers online and the results are "
                    "published here."
                ),
            )
        )
        from pozytek.competitions import worklist  # noqa: F401, PLC0415 -- registers its work source (core.worklist)
