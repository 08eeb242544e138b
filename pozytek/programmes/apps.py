from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """The cooperation programme (program współpracy) and its realisation report."""

    name = "pozytek.programmes"
    label = "programmes"
    verbose_name = _("Cooperation programme")

    def ready(self) -> None:
        from pozytek.core.record_kinds import register_kind  # noqa: PLC0415
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.programmes import permissions  # noqa: F401, PLC0415 -- registers the rules
        from pozytek.programmes.models import Programme, RealisationReport  # noqa: PLC0415
        from pozytek.programmes.record_kinds import OTHER_ACTIVITY  # noqa: PLC0415
        from pozytek.programmes.transitions import PROGRAMME_TRANSITIONS, REPORT_TRANSITIONS  # noqa: PLC0415
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415

        register_lifecycle(Programme, PROGRAMME_TRANSITIONS)
        register_lifecycle(RealisationReport, REPORT_TRANSITIONS)
        register_kind(OTHER_ACTIVITY)
        register(
            NavEntry(
                plane=1,
                label=_("Cooperation programme"),
                url_name="programmes:list",
                order=5,
                description=_(
                    "The programme of cooperation with organisations as adopted: goals, forms of cooperation, "
                    "priority tasks and funds, and the yearly reports on how it was carried out."
                ),
            )
        )
        from pozytek.organisations.profile_sections import ProfileSection  # noqa: PLC0415
        from pozytek.organisations.profile_sections import register as register_section  # noqa: PLC0415
        from pozytek.programmes.selectors import activities_of_organisation_across_tenants  # noqa: PLC0415

        # Cooperation history beside the grants: purchases of services, partnerships, agreements without a grant.
        register_section(
            ProfileSection(
                key="programme-activities",
                template="programmes/_cooperation_history.html",
                context=lambda organisation: {
                    "programme_activities": activities_of_organisation_across_tenants(organisation)
                },
                order=110,
            )
        )
