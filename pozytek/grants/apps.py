from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "pozytek.grants"
    label = "grants"
    verbose_name = _("Grants register")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.grants import listeners  # noqa: PLC0415

        listeners.register()
        from pozytek.core.record_kinds import register_kind, register_measure  # noqa: PLC0415
        from pozytek.grants.record_kinds import MEASURES, OPEN_COMPETITION, SPORT_ACT_CALL  # noqa: PLC0415

        register_kind(OPEN_COMPETITION)
        register_kind(SPORT_ACT_CALL)
        for measure in MEASURES:
            register_measure(measure)
        from pozytek.grants.selectors import grants_of_organisation_across_tenants  # noqa: PLC0415
        from pozytek.organisations.profile_sections import ProfileSection  # noqa: PLC0415
        from pozytek.organisations.profile_sections import register as register_section  # noqa: PLC0415

        # Cooperation history: the organisation's published grants in every local government.
        register_section(
            ProfileSection(
                key="grants-history",
                template="grants/_history.html",
                context=lambda organisation: {"grants_history": grants_of_organisation_across_tenants(organisation)},
            )
        )
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(
            NavEntry(
                plane=2,
                label=_("Grants register"),
                url_name="grants:register",
                order=50,
                description=_(
                    "Grants awarded to organisations and the state of their settlement, with data to download."
                ),
            )
        )
