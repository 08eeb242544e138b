from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "pozytek.tenants"
    label = "tenants"
    verbose_name = _("Local governments")

    def ready(self) -> None:
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(NavEntry(plane=3, label=_("Contact and NGO liaison"), url_name="tenants:contact", order=900))
