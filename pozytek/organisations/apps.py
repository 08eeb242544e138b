from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "pozytek.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.organisations.imports.services import IMPORT_TRANSITIONS  # noqa: PLC0415
        from pozytek.organisations.models import Claim, ImportJob, Organisation, ProfileChange  # noqa: PLC0415
        from pozytek.organisations.transitions import CHANGE_TRANSITIONS, CLAIM_TRANSITIONS, ORGANISATION_TRANSITIONS  # noqa: PLC0415

        register_lifecycle(Organisation, ORGANISATION_TRANSITIONS)
        register_lifecycle(Claim, CLAIM_TRANSITIONS)
        register_lifecycle(ProfileChange, CHANGE_TRANSITIONS)
        register_lifecycle(ImportJob, IMPORT_TRANSITIONS)
        from pozytek.core.record_kinds import register_kind, register_measure  # noqa: PLC0415
        from pozytek.organisations.record_kinds import DIRECTORY_LISTING, MEASURES  # noqa: PLC0415

        register_kind(DIRECTORY_LISTING)
        for measure in MEASURES:
            register_measure(measure)
        from pozytek.organisations import lookups, permissions, signals  # noqa: F401, PLC0415 -- registers lookups, rules, signals
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(
            NavEntry(
                plane=3,
                label=_("Directory of organisations"),
                url_name="organisations:directory",
                order=10,
                description=_(
                    "Organisations working in the area: profiles, spheres of activity and contact; an organisation "
                    "can register or claim its profile."
                ),
            )
        )
        # xgettext:no-python-format
        label = _("1.5% of tax")
        description = _(
            "Public benefit organisations of the area with their KRS numbers, to which taxpayers may give part of "
            "their income tax."
        )
        register(
            NavEntry(
                plane=3,
                label=label,
                url_name="organisations_stats:one-and-half",
                order=20,
                description=description,
            )
        )
        from pozytek.organisations import worklist  # noqa: F401, PLC0415 -- registers its work source (core.worklist)
