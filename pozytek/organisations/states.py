"""States of organisations, claims and profile changes, with their workflow tables."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pozytek.core.workflow import Transition


class OrganisationState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("organisation", "active")
    INACTIVE = "inactive", pgettext_lazy("organisation", "inactive")
    MERGED = "merged", pgettext_lazy("organisation", "merged into another profile")


class ReviewState(models.TextChoices):
    """A claim or a profile change waiting for an official."""

    PENDING = "pending", _("awaiting verification")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AreaBasis(models.TextChoices):
    """Why an organisation is in a local government's directory."""

    SEAT = "seat", _("seat in the area")
    ACTIVITY = "activity", _("declared activity in the area")
    OFFICE = "office", _("added by the office")


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded")
    MAPPED = "mapped", _("columns mapped")
    PREVIEWED = "previewed", _("checked (dry run)")
    QUEUED = "queued", _("waiting to run")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed: nothing imported")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("owner")
    EDITOR = "editor", _("editor")


class Source(models.TextChoices):
    SELF = "self", _("registered by the organisation")
    OFFICE = "office", _("added by an official")
    KRS = "krs", _("imported from a KRS extract")
    SPREADSHEET = "spreadsheet", _("imported from a spreadsheet")


def _is_staff_of_claim_tenant(actor: Any, claim: Any) -> bool:
    return bool(getattr(actor, "has_perm", None) and actor.has_perm("tenants.view_office", claim.tenant))


def _is_claimant(actor: Any, claim: Any) -> bool:
    return bool(getattr(actor, "pk", None) == claim.user_id)


def _is_author(actor: Any, change: Any) -> bool:
    return bool(getattr(actor, "pk", None) == change.author_id)


def _always(actor: Any, obj: Any) -> bool:
    """Services check the office role against the tenant before calling the engine."""
    return bool(getattr(actor, "is_authenticated", False))


CLAIM_TRANSITIONS = (
    Transition("accept", ReviewState.PENDING, ReviewState.ACCEPTED, may=_is_staff_of_claim_tenant),
    Transition("refuse", ReviewState.PENDING, ReviewState.REFUSED, may=_is_staff_of_claim_tenant),
    Transition("withdraw", ReviewState.PENDING, ReviewState.WITHDRAWN, may=_is_claimant),
)
CHANGE_TRANSITIONS = (
    Transition("accept", ReviewState.PENDING, ReviewState.ACCEPTED, may=_always),
    Transition("refuse", ReviewState.PENDING, ReviewState.REFUSED, may=_always),
    Transition("withdraw", ReviewState.PENDING, ReviewState.WITHDRAWN, may=_is_author),
    Transition("supersede", ReviewState.PENDING, ReviewState.WITHDRAWN, may=_always),
)
ORGANISATION_TRANSITIONS = (
    Transition("deactivate", OrganisationState.ACTIVE, OrganisationState.INACTIVE, may=_always),
    Transition("reactivate", OrganisationState.INACTIVE, OrganisationState.ACTIVE, may=_always),
    Transition("merge", OrganisationState.ACTIVE, OrganisationState.MERGED, may=_always),
    Transition("merge", OrganisationState.INACTIVE, OrganisationState.MERGED, may=_always),
)
