"""Life of an agreement (umowa o wsparcie / powierzenie realizacji zadania publicznego)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Prepared: awaiting signatures")
    SIGNED = "signed", _("Signed")
    SETTLED = "settled", _("Settled")
    TERMINATED = "terminated", _("Terminated")


class AnnexState(models.TextChoices):
    """An annex (aneks) to a signed agreement, requested by the organisation and decided by the office."""

    REQUESTED = "requested", _("Requested: awaiting the office's decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn by the organisation")
