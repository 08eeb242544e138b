"""The local initiative's workflow table: the coordinator submits a complete application (every member of a
residents' group confirmed); the office approves (scored) or rejects it with a reason, signs the agreement
it prepared, and marks the initiative done."""

from django.utils.translation import gettext_lazy

from pozytek.core.workflow import Transition
from pozytek.initiatives.permissions import is_coordinator, is_initiative_officer
from pozytek.initiatives.selectors import agreement_problems, scoring_problems, submission_problems
from pozytek.initiatives.states import InitiativeState

TRANSITIONS = (
    Transition(
        "submit",
        InitiativeState.DRAFT,
        InitiativeState.SUBMITTED,
        may=is_coordinator,
        check=submission_problems,
        label=gettext_lazy("Submit the application"),
    ),
    Transition(
        "approve",
        InitiativeState.SUBMITTED,
        InitiativeState.APPROVED,
        may=is_initiative_officer,
        check=scoring_problems,
        label=gettext_lazy("Approve"),
    ),
    Transition(
        "reject",
        InitiativeState.SUBMITTED,
        InitiativeState.REJECTED,
        may=is_initiative_officer,
        label=gettext_lazy("Reject"),
    ),
    Transition(
        "sign",
        InitiativeState.APPROVED,
        InitiativeState.CONTRACTED,
        may=is_initiative_officer,
        check=agreement_problems,
        label=gettext_lazy("Record the signed agreement"),
    ),
    Transition(
        "complete",
        InitiativeState.CONTRACTED,
        InitiativeState.COMPLETED,
        may=is_initiative_officer,
        label=gettext_lazy("Mark as done"),
    ),
)
