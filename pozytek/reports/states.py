"""Kinds and life of a report on the delivery of a public task (sprawozdanie z wykonania zadania publicznego)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    PARTIAL = "partial", _("Partial report")  # sprawozdanie częściowe (one budget year of a multi-year task)
    FINAL = "final", _("Final report")  # sprawozdanie końcowe


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted: awaiting review")
    CORRECTIONS = "corrections", _("Returned for corrections")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


EDITABLE_STATES = (ReportState.DRAFT, ReportState.CORRECTIONS)
OPEN_STATES = (ReportState.DRAFT, ReportState.SUBMITTED, ReportState.CORRECTIONS, ReportState.ACCEPTED)


class ReminderStage(models.TextChoices):
    BEFORE = "before", _("Report due soon")
    LATE = "late", _("Report overdue")


# Rows of II.2 (funding sources) in the template's order.
SOURCE_LABELS = {
    "grant": _("Grant"),
    "own_financial": _("Own financial contribution"),
    "own_personal": _("Own personal contribution (volunteers' and members' work)"),
    "own_in_kind": _("Own in-kind contribution"),
    "beneficiary_fees": _("Payments from the task's beneficiaries"),
    "other_public_funds": _("Other public funds"),
}
