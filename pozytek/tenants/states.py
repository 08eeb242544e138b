"""States of a local government on the platform: prepared, published, suspended (lifecycle: transitions.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TenantState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    PUBLISHED = "published", _("Published")
    SUSPENDED = "suspended", _("Suspended")


VISIBLE_STATES = (TenantState.PUBLISHED,)
