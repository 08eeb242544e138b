"""Life of an offer (oferta realizacji zadania publicznego) and the names of its sections."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OfferState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("state of an offer", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CostCategory(models.TextChoices):
    """Groups of section V.A: I. costs of actions, II. administrative costs."""

    ACTION = "action", _("I. Costs of actions")
    ADMIN = "admin", _("II. Administrative costs")


class PaidActivity(models.TextChoices):
    """Section VI.1: the task is delivered free of charge, for payment, or partly for payment."""

    FREE = "free", _("free of charge (nieodpłatnie)")
    PAID = "paid", _("for payment (odpłatnie)")
    MIXED = "mixed", _("partly for payment")


ACTIVE_STATES = (OfferState.DRAFT, OfferState.SUBMITTED)
EDITABLE_STATES = (OfferState.DRAFT,)

# The 2018 template has three year columns (Rok 1, Rok 2, Rok 3) in V.A and V.C.
TEMPLATE_YEAR_COLUMNS = 3
