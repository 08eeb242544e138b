"""States of regranting (art. 16a): an operator's sub-calls, the applications to them and the micro-grants."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubCallState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("sub-call", "Draft")
    PUBLISHED = "published", pgettext_lazy("sub-call", "Open for applications")
    CLOSED = "closed", pgettext_lazy("sub-call", "Closed: scoring and decisions")


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("micro-grant application", "Submitted")
    AWARDED = "awarded", pgettext_lazy("micro-grant application", "Micro-grant awarded")
    REJECTED = "rejected", pgettext_lazy("micro-grant application", "Not awarded")


class MicroGrantState(models.TextChoices):
    AWARDED = "awarded", _("Awarded: agreement to sign")
    SIGNED = "signed", pgettext_lazy("micro-grant", "Agreement signed")
    SETTLED = "settled", pgettext_lazy("micro-grant", "Settled")


class ApplicantKind(models.TextChoices):
    GROUP = "group", _("A group of residents")
    ORGANISATION = "organisation", _("A small organisation")
