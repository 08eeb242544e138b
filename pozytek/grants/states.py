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
    """How the grant was given: the funding route of its offer (offers.states.FundingRoute, same values)."""

    COMPETITION = "competition", _("Open competition (art. 11–15)")
    SMALL_GRANT = "small_grant", _("Outside competition (art. 19a)")
    SUB_CALL = "sub_call", _("An operator's call (regranting, art. 16a)")
    LOCAL_INITIATIVE = "local_initiative", _("Local initiative (art. 19b–19h)")
    SPORT = "sport", _("Sport Act call (art. 28 of the Sport Act)")
