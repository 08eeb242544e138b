from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "pozytek.tenants"
    label = "tenants"
    verbose_name = _("Local governments")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.tenants.models import Tenant  # noqa: PLC0415
        from pozytek.tenants.transitions import TRANSITIONS  # noqa: PLC0415

        register_lifecycle(Tenant, TRANSITIONS)
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(
            NavEntry(
                plane=3,
                label=_("Contact and NGO liaison"),
                url_name="tenants:contact",
                order=900,
                description=_("Contact details of the office and of its NGO liaison."),
            )
        )
