"""States of a call for offers (ogłoszenie otwartego konkursu ofert); its lifecycle is in transitions.py."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from pozytek.core.workflow import OFFICE_ONLY, refuses


class CallState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Open for offers")
    CLOSED = "closed", _("Closed")
    RESOLVED = "resolved", _("Resolved")
    CANCELLED = "cancelled", _("Cancelled")


class CallMode(models.TextChoices):
    SUPPORT = "support", _("Supporting the task (wspieranie)")
    ENTRUST = "entrust", _("Entrusting the task (powierzanie)")


class CallRoute(models.TextChoices):
    """The act a call is announced under (the same values as offers.states.FundingRoute): an open
    competition of the Act on public benefit activity (art. 11–15), or a call under the Sport Act
    (art. 27–28 of the Act of 25 June 2010 on sport), whose conditions come from a council resolution."""

    COMPETITION = "competition", _("Open competition (art. 11–15 of the Act on public benefit activity)")
    SPORT = "sport", _("Sport Act call (art. 27–28 of the Act on sport)")


class EligibleEntity(models.TextChoices):
    NGO = "ngo", _("Non-governmental organisations (art. 3 ust. 2)")
    ART_3_3 = "art3_3", _("Entities listed in art. 3 ust. 3")


EDITABLE_STATES = (CallState.DRAFT,)
PUBLIC_STATES = (CallState.PUBLISHED, CallState.CLOSED, CallState.RESOLVED, CallState.CANCELLED)

REQUIRED_FOR_PUBLICATION = (
    ("title", _("Enter the title of the call.")),
    ("task_type", _("Describe the type of task.")),
    ("mode", _("Choose the mode of the task.")),
    ("total_funds", _("Enter the public funds for the task.")),
    ("award_rules", _("Enter the rules for awarding grants.")),
    ("delivery_start", _("Enter the earliest start of delivery.")),
    ("delivery_end", _("Enter the latest end of delivery.")),
    ("delivery_conditions", _("Enter the conditions of delivery.")),
    ("offer_deadline", _("Enter the offer deadline.")),
    ("procedure", _("Describe the procedure for choosing offers.")),
    ("choice_deadline", _("Enter the deadline for the choice of offers.")),
    ("previous_tasks", _("Describe the same tasks carried out this year and last year, with their costs.")),
    ("eligible_entities", _("Choose who may submit offers.")),
)


@refuses(OFFICE_ONLY)
def is_call_officer(actor: Any, call: Any) -> bool:
    """Office staff of the call's local government."""
    return bool(getattr(actor, "is_authenticated", False) and actor.has_perm("tenants.view_office", call.tenant))


class ProposalState(models.TextChoices):
    """An organisation's own-initiative proposal of a public task (art. 12) and the office's answer."""

    SUBMITTED = "submitted", _("Awaiting the office's answer")
    ACCEPTED = "accepted", _("A competition will be announced")
    DECLINED = "declined", _("No competition")
    WITHDRAWN = "withdrawn", _("Withdrawn by the organisation")
