"""What a council's (body's) history shows on the office page (core.selectors.history_of): its terms'
states and the edits of its data. Councils keep no frozen versions."""

from typing import Any

from django.utils.translation import gettext_lazy

from pozytek.core.selectors import HistoryEntry, HistoryHook, history_of
from pozytek.councils.models import Body, BodyAct
from pozytek.councils.states import BodyState

LABELS = {
    "council.body.create": gettext_lazy("Council created"),
    "council.body.update": gettext_lazy("Details edited"),
}
HOOK = HistoryHook(states=dict(BodyState.choices), labels=LABELS)


def body_history(body: Body, *, tenant: Any) -> list[HistoryEntry]:
    """The body's history for the office."""
    return history_of(body, tenant=tenant, hook=HOOK, audience="office")


ACT_HOOK = HistoryHook(
    states={},
    labels={
        "council.resolution.adopt": gettext_lazy("Resolution recorded"),
        "council.opinion.adopt": gettext_lazy("Opinion recorded"),
    },
)


def act_history(act: BodyAct, *, tenant: Any) -> list[HistoryEntry]:
    """A council act's history for the office: who recorded it and when (an act is not changed afterwards)."""
    return history_of(act, tenant=tenant, hook=ACT_HOOK, audience="office")
