"""Offers follow the lifecycle of the call they answer (registered in `OffersConfig.ready()`)."""

from pozytek.core.workflow import TransitionEvent, on_transition
from pozytek.notifications.services import queue_email_text
from pozytek.offers.selectors import submitted_offer_contacts


def call_cancelled(event: TransitionEvent) -> None:
    """The call was cancelled (art. 18a): every organisation with a submitted offer gets one e-mail."""
    call = event.obj
    for organisation, addresses in submitted_offer_contacts(call):
        if addresses:
            queue_email_text(
                to=addresses,
                template="offers/email/call_cancelled.txt",
                context={"call": call, "tenant": call.tenant, "organisation": organisation, "reason": event.reason},
            )


def register() -> None:
    on_transition("competitions.call", call_cancelled, actions=("cancel",))
