from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "pozytek.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # django-tasks-db names its app with a plain string ("Tasks Database Backend"), not translatable;
        # its model's names ("Task Results") are translated in our catalogue.
        apps.get_app_config("django_tasks_database").verbose_name = _("Background tasks")
