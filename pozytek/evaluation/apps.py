from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "pozytek.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation of offers")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.evaluation.models import Commission, JustificationRequest, Recruitment, ScoreCard  # noqa: PLC0415
        from pozytek.evaluation.transitions import (  # noqa: PLC0415
            CARD_TRANSITIONS,
            COMMISSION_TRANSITIONS,
            RECRUITMENT_TRANSITIONS,
            REQUEST_TRANSITIONS,
        )

        register_lifecycle(Commission, COMMISSION_TRANSITIONS)
        register_lifecycle(ScoreCard, CARD_TRANSITIONS)
        register_lifecycle(Recruitment, RECRUITMENT_TRANSITIONS)
        register_lifecycle(JustificationRequest, REQUEST_TRANSITIONS)
        from pozytek.core.record_kinds import register_kind, register_measure  # noqa: PLC0415
        from pozytek.evaluation.record_kinds import COMPETITION_COMMISSION, MEASURES  # noqa: PLC0415

        register_kind(COMPETITION_COMMISSION)
        for measure in MEASURES:
            register_measure(measure)
        from pozytek.evaluation import permissions  # noqa: F401, PLC0415 -- registers the rules
        from pozytek.evaluation.selectors import seats_of_user  # noqa: PLC0415
        from pozytek.ui.workspaces import Workspace  # noqa: PLC0415
        from pozytek.ui.workspaces import register as register_workspace  # noqa: PLC0415

        register_workspace(
            Workspace(
                key="commissions",
                label=_("My commissions"),
                url_name="evaluation_workspace:index",
                has_seat=lambda user, tenant: seats_of_user(user, tenant).exists(),
            )
        )
        from pozytek.evaluation import worklist  # noqa: F401, PLC0415 -- registers its work source (core.worklist)
