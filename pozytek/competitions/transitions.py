"""The lifecycle of a call for offers: publication guard (art. 13), closing, cancelling (art. 18a),
resolving. Registered with `Call` in the app's `ready()`; other apps call competitions' services."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pozytek.competitions.states import REQUIRED_FOR_PUBLICATION, CallRoute, CallState, ProposalState, is_call_officer
from pozytek.core.workflow import KEEPERS_ONLY, Notification, Problem, Transition, refuses
from pozytek.legal.selectors import legal_days
from pozytek.organisations.permissions import is_member

OFFER_PERIOD_KEY = "competition.offer_period_min_days"


def offer_period_problems(call: Any, *, published_on: dt.date) -> list[Problem]:
    """The offer deadline must leave at least N full calendar days after publication (art. 13 ust. 1).

    N is the legal parameter `competition.offer_period_min_days` in force on the publication day
    (a tenant's own row wins). Days are counted from the day after publication, on dates in
    Europe/Warsaw: published on 1 March with N = 21, the earliest allowed deadline falls on
    22 March (any time that day); a deadline on 21 March is too early.
    """
    deadline = getattr(call, "offer_deadline", None)
    if deadline is None:
        return []
    days = legal_days(OFFER_PERIOD_KEY, on=published_on, tenant=call.tenant)
    earliest = published_on + dt.timedelta(days=days)
    if timezone.localtime(deadline).date() < earliest:
        message = _("The offer deadline must be at least %(days)d days after publication, on %(date)s or later.") % {
            "days": days,
            "date": earliest.isoformat(),
        }
        return [Problem(message=str(message), section="offer_deadline")]
    return []


def publication_problems(call: Any) -> list[Problem]:
    """Everything art. 13 ust. 2 requires, consistent amounts and dates, criteria, offer period."""
    problems = [
        Problem(message=str(message), section=field)
        for field, message in REQUIRED_FOR_PUBLICATION
        if getattr(call, field) in (None, "", [])
    ]
    if call.pk is None or not call.criteria.exists():
        problems.append(Problem(message=str(_("Add at least one criterion for choosing offers.")), section="criteria"))
    if call.pk is not None and not call.spheres.exists():
        problems.append(Problem(message=str(_("Choose at least one sphere of public tasks.")), section="spheres"))
    if call.min_grant is not None and call.max_grant is not None and call.min_grant > call.max_grant:
        problems.append(
            Problem(message=str(_("The minimum grant cannot exceed the maximum grant.")), section="max_grant")
        )
    if call.delivery_start and call.delivery_end and call.delivery_start > call.delivery_end:
        problems.append(Problem(message=str(_("Delivery cannot end before it starts.")), section="delivery_end"))
    problems.extend(offer_period_problems(call, published_on=timezone.localdate()))
    problems.extend(sport_act_problems(call))
    return problems


def sport_act_problems(call: Any) -> list[Problem]:
    """A Sport Act call (art. 27–28 of the Act on sport) takes its conditions from the council's resolution
    (art. 27 ust. 2): it is published only with the resolution's number and date."""
    if getattr(call, "route", "") != CallRoute.SPORT:
        return []
    problems = []
    if not (call.resolution_number or "").strip():
        message = _("Enter the number of the council resolution that sets the conditions of this Sport Act call.")
        problems.append(Problem(message=str(message), section="resolution_number"))
    if call.resolution_date is None:
        message = _("Enter the date of the council resolution that sets the conditions of this Sport Act call.")
        problems.append(Problem(message=str(message), section="resolution_date"))
    return problems


@refuses(_("Only the platform itself closes a call automatically after its deadline."))
def is_system(actor: Any, call: Any) -> bool:
    """The platform itself (no person): only the scheduled closing after the deadline runs as it."""
    return actor is None


def closing_problems(call: Any) -> list[Problem]:
    """A call may be closed only once its offer deadline has passed (to the second, server clock).

    Closing earlier would shorten the offer period the announcement promised (art. 13 ust. 1).
    """
    deadline = getattr(call, "offer_deadline", None)
    if deadline is None or timezone.now() >= deadline:
        return []
    local = timezone.localtime(deadline)
    until = {"date": formats.date_format(local, "j E Y"), "time": local.strftime("%H:%M:%S")}
    message = _("Offers may be submitted until %(date)s, %(time)s (Warsaw time); the call can be closed after that.")
    return [Problem(message=str(message) % until, section="offer_deadline")]


# Cancelling (unieważnienie, art. 18a) is possible while offers are being received and after the
# deadline, when no offer was submitted or none meets the announcement's requirements; the service
# requires the reason and the audit event keeps it.
# "auto_close" is the only transition a system actor (None) may take: the scheduled
# `close_expired_calls` closes published calls whose deadline has passed. Officials use "close".
TRANSITIONS = (
    Transition(
        "publish",
        CallState.DRAFT,
        CallState.PUBLISHED,
        may=is_call_officer,
        check=publication_problems,
        label=_("Publish"),
    ),
    Transition(
        "close", CallState.PUBLISHED, CallState.CLOSED, may=is_call_officer, check=closing_problems, label=_("Close")
    ),
    Transition(
        "auto_close",
        CallState.PUBLISHED,
        CallState.CLOSED,
        may=is_system,
        check=closing_problems,
        label=_("Closed automatically after the offer deadline"),
    ),
    Transition(
        "cancel",
        CallState.PUBLISHED,
        CallState.CANCELLED,
        may=is_call_officer,
        label=pgettext_lazy("cancel a call", "Cancel"),
    ),
    Transition(
        "cancel",
        CallState.CLOSED,
        CallState.CANCELLED,
        may=is_call_officer,
        label=pgettext_lazy("cancel a call", "Cancel"),
    ),
    # Resolving (rozstrzygnięcie, art. 15 ust. 2g–2h) happens only through the evaluation app's
    # `record_decision`, which checks the decision itself and publishes the results in the same
    # transaction; it is not offered as a button of its own.
    Transition(
        "resolve",
        CallState.CLOSED,
        CallState.RESOLVED,
        may=is_call_officer,
        label=_("Resolve"),
    ),
)


# Own-initiative proposals (art. 12) ----------------------------------------------------------------------


def _proposal_addresses(event: Any) -> list[str]:
    proposal = event.obj
    return [address for address in (proposal.organisation.email, proposal.submitted_by.email) if address]


def _proposal_context(event: Any) -> dict[str, Any]:
    return {"proposal": event.obj, "tenant": event.obj.tenant, "base_url": settings.POZYTEK_BASE_URL}


def _is_proposal_keeper(actor: Any, proposal: Any) -> bool:
    return bool(is_member(actor, proposal.organisation))


PROPOSAL_ANSWERED_MAIL = Notification(
    "competitions/email/proposal_answered.txt", _proposal_addresses, _proposal_context
)

PROPOSAL_TRANSITIONS = (
    Transition(
        "accept",
        ProposalState.SUBMITTED,
        ProposalState.ACCEPTED,
        may=is_call_officer,
        label=_("A competition will be announced"),
        notify=(PROPOSAL_ANSWERED_MAIL,),
    ),
    Transition(
        "decline",
        ProposalState.SUBMITTED,
        ProposalState.DECLINED,
        may=is_call_officer,
        label=_("No competition"),
        notify=(PROPOSAL_ANSWERED_MAIL,),
    ),
    Transition(
        "withdraw",
        ProposalState.SUBMITTED,
        ProposalState.WITHDRAWN,
        may=_is_proposal_keeper,
        label=_("Withdraw the proposal"),
        refusal=KEEPERS_ONLY,
    ),
)
