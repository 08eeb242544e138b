"""Small grants follow the offers' lifecycle (registered in `SmallGrantsConfig.ready()`)."""

from pozytek.core.workflow import TransitionEvent, on_transition
from pozytek.smallgrants.services import register_received


def offer_submitted(event: TransitionEvent) -> None:
    """A small-grant offer came in: its publication for comments is due (in the submission's transaction)."""
    register_received(offer=event.obj, actor=event.actor)


def register() -> None:
    on_transition("offers.offer", offer_submitted, actions=("submit",))
