"""Where a grant stands in the register (rejestr dotacji)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GrantStatus(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    UPDATE = "update", _("Awarded: offer update in progress")
    AGREEMENT = "agreement", _("Agreement signed")
    SETTLED = "settled", _("Settled")
    WITHDRAWN = "withdrawn", _("Withdrawn or terminated")


class GrantSource(models.TextChoices):
    """How the grant was given."""

    COMPETITION = "competition", _("Open competition (art. 11–15)")
    SMALL_GRANT = "small_grant", _("Outside competition (art. 19a)")
