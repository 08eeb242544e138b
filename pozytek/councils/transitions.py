"""Workflow tables of councils and teams: the body's term, meetings, calls for candidates, opinion requests."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.core.workflow import Problem, Transition
from pozytek.councils.permissions import acts_for_body, is_council_officer
from pozytek.councils.selectors import members_on, ngo_balance
from pozytek.councils.states import (
    BodyState,
    CandidateCallState,
    MeetingState,
    MemberRole,
    RequestState,
)

OFFICE_OR_SECRETARIAT = gettext_lazy("Only the office staff or the body's chair or secretary can do this.")


def balance_problems(body: Any) -> list[Problem]:
    """Art. 41f: at least half of the Public Benefit Council's members represent organisations."""
    if not body.is_public_benefit_council:
        return []
    balance = ngo_balance(body)
    if balance.ok:
        return []
    return [
        Problem(
            _(
                "At least half of the members of a Public Benefit Council must represent organisations "
                "(art. 41f): on %(day)s it has %(ngo)d of %(total)d; appoint %(missing)d more organisation "
                "representatives or fewer others."
            )
            % {
                "day": balance.on.isoformat(),
                "ngo": balance.ngo,
                "total": balance.total,
                "missing": balance.ngo_missing,
            },
            "members",
        )
    ]


def activation_problems(body: Any) -> list[Problem]:
    """Members in office, a chair, and (for the Council) the NGO balance."""
    balance = ngo_balance(body)
    if balance.total == 0:
        return [Problem(_("Appoint the members first."), "members")]
    problems = []
    if not members_on(body, balance.on).filter(role=MemberRole.CHAIR).exists():
        problems.append(Problem(_("Choose the chair among the members."), "members"))
    return problems + balance_problems(body)


def minutes_problems(meeting: Any) -> list[Problem]:
    problems = []
    if meeting.starts_at > timezone.now():
        problems.append(Problem(_("Minutes can be recorded once the meeting has taken place."), "minutes"))
    if not meeting.minutes.strip():
        problems.append(Problem(_("Write the minutes."), "minutes"))
    return problems


def call_closing_problems(call: Any) -> list[Problem]:
    if call.deadline > timezone.now():
        return [Problem(_("Nominations can be closed only after the deadline."), "deadline")]
    return []


def answer_problems(request: Any) -> list[Problem]:
    if request.opinion_id is None:
        return [Problem(_("Record the opinion first."), "opinion")]
    return []


BODY_TRANSITIONS = (
    Transition(
        "activate",
        BodyState.FORMING,
        BodyState.ACTIVE,
        may=is_council_officer,
        check=activation_problems,
        label=gettext_lazy("Start the term"),
    ),
    Transition(
        "end_term",
        BodyState.ACTIVE,
        BodyState.ENDED,
        may=is_council_officer,
        label=gettext_lazy("End the term"),
    ),
)

MEETING_TRANSITIONS = (
    Transition(
        "record_minutes",
        MeetingState.SCHEDULED,
        MeetingState.HELD,
        may=is_council_officer | acts_for_body,
        refusal=OFFICE_OR_SECRETARIAT,
        check=minutes_problems,
        label=gettext_lazy("Record the minutes"),
    ),
    Transition(
        "cancel",
        MeetingState.SCHEDULED,
        MeetingState.CANCELLED,
        may=is_council_officer,
        label=gettext_lazy("Cancel the meeting"),
    ),
)

CALL_TRANSITIONS = (
    Transition(
        "close",
        CandidateCallState.OPEN,
        CandidateCallState.CLOSED,
        may=is_council_officer,
        check=call_closing_problems,
        label=gettext_lazy("Close nominations"),
    ),
    Transition(
        "decide",
        CandidateCallState.CLOSED,
        CandidateCallState.DECIDED,
        may=is_council_officer,
        label=gettext_lazy("Record the result"),
    ),
)

REQUEST_TRANSITIONS = (
    Transition(
        "answer",
        RequestState.PENDING,
        RequestState.ANSWERED,
        may=is_council_officer | acts_for_body,
        refusal=OFFICE_OR_SECRETARIAT,
        check=answer_problems,
        label=gettext_lazy("Record the opinion"),
    ),
    Transition(
        "withdraw",
        RequestState.PENDING,
        RequestState.WITHDRAWN,
        may=is_council_officer,
        label=gettext_lazy("Withdraw the request"),
    ),
)
