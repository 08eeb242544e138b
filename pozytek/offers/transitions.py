"""The offer's workflow table: submit and withdraw only before the call's deadline, to the second."""

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.competitions.states import CallState
from pozytek.core.workflow import Problem, Transition
from pozytek.offers import completeness
from pozytek.offers.permissions import is_offer_editor
from pozytek.offers.selectors import deadline_passed
from pozytek.offers.states import OfferState


def closed_message(call: Any) -> str:
    """“The call closed on 15 December 2026 at 16:00:00 (Warsaw time).”"""
    local = timezone.localtime(call.offer_deadline)
    return _("Offers could be submitted until %(date)s, %(time)s (Warsaw time). The deadline has passed.") % {
        "date": formats.date_format(local, "j E Y"),
        "time": local.strftime("%H:%M:%S"),
    }


def deadline_problems(offer: Any) -> list[Problem]:
    if deadline_passed(offer.call):
        return [Problem(closed_message(offer.call), "deadline")]
    return []


def call_state_problems(offer: Any) -> list[Problem]:
    """A call that is no longer published (cancelled under art. 18a, or closed) takes no offers,
    even before its deadline."""
    if offer.call.state != CallState.PUBLISHED:
        return [Problem(_("This call is not open for offers."), "deadline")]
    return []


def open_problems(offer: Any) -> list[Problem]:
    """The deadline, then the call's state: both tied to the "deadline" section."""
    return deadline_problems(offer) or call_state_problems(offer)


def submission_problems(offer: Any) -> list[Problem]:
    """The deadline and the call's state first (nothing else matters then), then completeness."""
    return open_problems(offer) or completeness.problems(offer)


TRANSITIONS = (
    Transition(
        "submit",
        OfferState.DRAFT,
        OfferState.SUBMITTED,
        may=is_offer_editor,
        check=submission_problems,
        label=gettext_lazy("Submit"),
    ),
    Transition(
        "withdraw",
        OfferState.SUBMITTED,
        OfferState.WITHDRAWN,
        may=is_offer_editor,
        check=deadline_problems,
        label=gettext_lazy("Withdraw"),
    ),
    Transition(
        "reopen",
        OfferState.WITHDRAWN,
        OfferState.DRAFT,
        may=is_offer_editor,
        check=open_problems,
        label=gettext_lazy("Edit again"),
    ),
)
