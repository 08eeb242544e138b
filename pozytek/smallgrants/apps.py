from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmallGrantsConfig(AppConfig):
    """Small grants outside competition (małe granty, art. 19a): the standing page and its pool, the
    publication of each offer for comments, and the decision on purposefulness within the yearly limits."""

    name = "pozytek.smallgrants"
    label = "smallgrants"
    verbose_name = _("Small grants")

    def ready(self) -> None:
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.offers.routes import register_submission_check  # noqa: PLC0415
        from pozytek.offers.states import FundingRoute  # noqa: PLC0415
        from pozytek.smallgrants import listeners, permissions, worklist  # noqa: F401, PLC0415 -- registers rules, work
        from pozytek.smallgrants.models import Publication  # noqa: PLC0415
        from pozytek.smallgrants.services import submission_limit_problems  # noqa: PLC0415
        from pozytek.smallgrants.transitions import TRANSITIONS  # noqa: PLC0415

        register_lifecycle(Publication, TRANSITIONS)
        listeners.register()
        register_submission_check(FundingRoute.SMALL_GRANT, submission_limit_problems)
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(
            NavEntry(
                plane=2,
                label=_("Small grants"),
                url_name="smallgrants:scheme",
                order=15,
                description=_(
                    "Grants for small tasks without a competition (art. 19a): how to apply, the year's pool, and "
                    "offers open for comments."
                ),
            )
        )
