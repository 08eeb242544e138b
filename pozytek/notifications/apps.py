from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "pozytek.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # django-tasks-db names its app and its model with plain strings ("Tasks Database Backend", "Task
        # Results"), not translatable: name them here, in our catalogue (runtime names only: no migration).
        config = apps.get_app_config("django_tasks_database")
        config.verbose_name = _("Background tasks")
        for model in config.get_models():
            model._meta.verbose_name = _("task result")
            model._meta.verbose_name_plural = _("task results")
