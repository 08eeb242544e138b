"""Life of an agreement (umowa o wsparcie / powierzenie realizacji zadania publicznego)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Prepared: awaiting signatures")
    SIGNED = "signed", _("Signed")
    SETTLED = "settled", _("Settled")
    TERMINATED = "terminated", _("Terminated")
