"""Lifecycles of organisations, claims and profile changes, registered with their models in `ready()`."""

from typing import Any

from django.utils.translation import gettext_lazy

from pozytek.core.workflow import OFFICE_ONLY, Notification, Transition, TransitionEvent, refuses
from pozytek.organisations.states import OrganisationState, ReviewState


@refuses(OFFICE_ONLY)
def _is_staff_of_claim_tenant(actor: Any, claim: Any) -> bool:
    return bool(getattr(actor, "has_perm", None) and actor.has_perm("tenants.view_office", claim.tenant))


@refuses(gettext_lazy("Only the person who made the claim can withdraw it."))
def _is_claimant(actor: Any, claim: Any) -> bool:
    return bool(getattr(actor, "pk", None) == claim.user_id)


@refuses(gettext_lazy("Only the person who proposed the change can withdraw it."))
def _is_author(actor: Any, change: Any) -> bool:
    return bool(getattr(actor, "pk", None) == change.author_id)


def _always(actor: Any, obj: Any) -> bool:
    """Services check the office role against the tenant before calling the engine."""
    return bool(getattr(actor, "is_authenticated", False))


def _claimant(event: TransitionEvent) -> list[str]:
    return [event.obj.user.email]


def _claim_context(event: TransitionEvent) -> dict[str, Any]:
    return {"claim": event.obj}


def _members(event: TransitionEvent) -> list[str]:
    return list(event.obj.organisation.members.values_list("user__email", flat=True))


def _change_context(event: TransitionEvent) -> dict[str, Any]:
    return {"organisation": event.obj.organisation, "change": event.obj}


# The claimant learns the office's decision on the claim, the organisation's members on a proposed change
# (the services record the reason, and apply an accepted change to the profile, before the move).
CLAIM_TRANSITIONS = (
    Transition(
        "accept",
        ReviewState.PENDING,
        ReviewState.ACCEPTED,
        may=_is_staff_of_claim_tenant,
        notify=(Notification("organisations/email/claim_accepted.txt", _claimant, _claim_context),),
    ),
    Transition(
        "refuse",
        ReviewState.PENDING,
        ReviewState.REFUSED,
        may=_is_staff_of_claim_tenant,
        notify=(Notification("organisations/email/claim_refused.txt", _claimant, _claim_context),),
    ),
    Transition("withdraw", ReviewState.PENDING, ReviewState.WITHDRAWN, may=_is_claimant),
)
CHANGE_TRANSITIONS = (
    Transition(
        "accept",
        ReviewState.PENDING,
        ReviewState.ACCEPTED,
        may=_always,
        notify=(Notification("organisations/email/change_accepted.txt", _members, _change_context),),
    ),
    Transition(
        "refuse",
        ReviewState.PENDING,
        ReviewState.REFUSED,
        may=_always,
        notify=(Notification("organisations/email/change_refused.txt", _members, _change_context),),
    ),
    Transition("withdraw", ReviewState.PENDING, ReviewState.WITHDRAWN, may=_is_author),
    Transition("supersede", ReviewState.PENDING, ReviewState.WITHDRAWN, may=_always),
)
ORGANISATION_TRANSITIONS = (
    Transition("deactivate", OrganisationState.ACTIVE, OrganisationState.INACTIVE, may=_always),
    Transition("reactivate", OrganisationState.INACTIVE, OrganisationState.ACTIVE, may=_always),
    Transition("merge", OrganisationState.ACTIVE, OrganisationState.MERGED, may=_always),
    Transition("merge", OrganisationState.INACTIVE, OrganisationState.MERGED, may=_always),
)
