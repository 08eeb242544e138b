"""The publication's workflow table: the office publishes a received small-grant offer for comments, or
takes it down (the offer was withdrawn before or during the window)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.core.workflow import Problem, Transition
from pozytek.smallgrants.permissions import is_small_grants_officer
from pozytek.smallgrants.selectors import DECIDABLE_STATES
from pozytek.smallgrants.states import PublicationState


def publication_problems(publication: Any) -> list[Problem]:
    if publication.offer.state not in DECIDABLE_STATES:
        return [Problem(_("Only a submitted offer that is still awaiting a decision can be published."), "offer")]
    return []


TRANSITIONS = (
    Transition(
        "publish",
        PublicationState.PENDING,
        PublicationState.PUBLISHED,
        may=is_small_grants_officer,
        check=publication_problems,
        label=gettext_lazy("Publish for comments"),
    ),
    Transition(
        "withdraw",
        PublicationState.PENDING,
        PublicationState.WITHDRAWN,
        may=is_small_grants_officer,
        label=gettext_lazy("Take down"),
    ),
    Transition(
        "withdraw",
        PublicationState.PUBLISHED,
        PublicationState.WITHDRAWN,
        may=is_small_grants_officer,
        label=gettext_lazy("Take down"),
    ),
)
