"""Life of an offer (oferta realizacji zadania publicznego) and the names of its sections."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OfferState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("state of an offer", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Formal check (ocena formalna) after the deadline:
    CORRECTION = "correction", _("Awaiting correction of formal defects")
    FORMALLY_ACCEPTED = "formally_accepted", _("Formally correct")
    FORMALLY_REJECTED = "formally_rejected", _("Rejected on formal grounds")
    # The executive's decision (rozstrzygnięcie):
    AWARDED = "awarded", _("Grant awarded")
    UPDATE_REQUIRED = "update_required", _("Grant awarded: offer update required")
    NOT_AWARDED = "not_awarded", _("Not awarded")
    # Offer update (aktualizacja) when less was awarded than requested, before the agreement:
    UPDATE_SUBMITTED = "update_submitted", _("Update submitted: awaiting the office")


class FundingRoute(models.TextChoices):
    """How the offer reaches a grant (tryb): the rules of each route live in offers/routes.py."""

    COMPETITION = "competition", _("Open competition (art. 11–15)")
    SMALL_GRANT = "small_grant", _("Outside competition (art. 19a)")
    SUB_CALL = "sub_call", _("An operator's call (regranting, art. 16a)")
    LOCAL_INITIATIVE = "local_initiative", _("Local initiative (art. 19b–19h)")
    SPORT = "sport", _("Sport Act call (art. 28 of the Sport Act)")


class CostCategory(models.TextChoices):
    """Groups of section V.A: I. costs of actions, II. administrative costs."""

    ACTION = "action", _("I. Costs of actions")
    ADMIN = "admin", _("II. Administrative costs")


class PaidActivity(models.TextChoices):
    """Section VI.1: the task is delivered free of charge, for payment, or partly for payment."""

    FREE = "free", _("free of charge (nieodpłatnie)")
    PAID = "paid", _("for payment (odpłatnie)")
    MIXED = "mixed", _("partly for payment")


# Every state but "withdrawn": an organisation has at most one such offer in a call (competitions).
ACTIVE_STATES = tuple(s for s in OfferState if s != OfferState.WITHDRAWN)
EDITABLE_STATES = (OfferState.DRAFT,)
# Submitted at least once and not withdrawn: what the office evaluates.
EVALUATED_STATES = (
    OfferState.SUBMITTED,
    OfferState.CORRECTION,
    OfferState.FORMALLY_ACCEPTED,
    OfferState.FORMALLY_REJECTED,
    OfferState.AWARDED,
    OfferState.UPDATE_REQUIRED,
    OfferState.UPDATE_SUBMITTED,
    OfferState.NOT_AWARDED,
)
# Passed the formal check: what the commission scores and the decision covers.
SCORED_STATES = (
    OfferState.FORMALLY_ACCEPTED,
    OfferState.AWARDED,
    OfferState.UPDATE_REQUIRED,
    OfferState.UPDATE_SUBMITTED,
    OfferState.NOT_AWARDED,
)
# Sections an offer update (aktualizacja) revises: schedule, results and the cost calculation.
UPDATE_SECTIONS = ("actions", "results", "costs", "sources")

# The 2018 template has three year columns (Rok 1, Rok 2, Rok 3) in V.A and V.C.
TEMPLATE_YEAR_COLUMNS = 3
