from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "pozytek.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation of offers")

    def ready(self) -> None:
        from pozytek.evaluation import permissions  # noqa: F401, PLC0415 -- registers the rules
