from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "pozytek.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from pozytek.organisations import lookups, permissions, signals  # noqa: F401, PLC0415 -- registers lookups, rules, signals
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415 -- app registry must be ready

        register(NavEntry(plane=3, label=_("Directory of organisations"), url_name="organisations:directory", order=10))
        # xgettext:no-python-format
        label = _("1.5% of tax")
        register(NavEntry(plane=3, label=label, url_name="organisations_stats:one-and-half", order=20))
