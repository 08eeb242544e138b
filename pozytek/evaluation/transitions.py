"""Workflow tables of the evaluation: commission, score cards, recruitment, justification requests.

The offer's own evaluation transitions (formal check, award) are in `offers/transitions.py`, the
one table of the Offer model; the call's "resolve" is in `competitions/states.py`.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.core.workflow import Notification, Problem, Transition, TransitionEvent, refuses
from pozytek.evaluation.permissions import is_card_owner, is_chair_of, is_evaluation_officer
from pozytek.evaluation.selectors import compute_ranking, members_of, scoring_progress
from pozytek.evaluation.states import (
    CardState,
    CommissionState,
    MemberKind,
    MemberRole,
    RecruitmentState,
    RequestState,
)


def appointment_problems(commission: Any) -> list[Problem]:
    """Art. 15 ust. 2a–2da: the order's number and date, a chair, office members, and NGO members
    unless one of the cases allowing a commission without them is recorded."""
    problems = []
    if not commission.appointment_number.strip():
        problems.append(Problem(_("Enter the number of the appointing order."), "appointment_number"))
    if commission.appointment_date is None:
        problems.append(Problem(_("Enter the date of the appointing order."), "appointment_date"))
    members = list(members_of(commission))
    if not any(m.role == MemberRole.CHAIR for m in members):
        problems.append(Problem(_("Choose the chair of the commission."), "members"))
    if not any(m.kind == MemberKind.OFFICE for m in members):
        problems.append(Problem(_("Appoint at least one representative of the local government."), "members"))
    has_ngo = any(m.kind == MemberKind.NGO for m in members)
    if not has_ngo and not commission.without_ngo_reason:
        problems.append(
            Problem(
                _(
                    "Appoint persons nominated by organisations, or record why the commission works without "
                    "them (only the cases art. 15 ust. 2da allows)."
                ),
                "without_ngo_reason",
            )
        )
    if has_ngo and commission.without_ngo_reason:
        problems.append(
            Problem(
                _("The commission has NGO members: remove the reason for working without them."), "without_ngo_reason"
            )
        )
    return problems


def closing_problems(commission: Any) -> list[Problem]:
    """Every voting member declared and submitted a card for every offer they may score; the proposals
    are within the requested amounts and the call's funds."""
    problems = []
    for progress in scoring_progress(commission):
        if not progress.member.votes:
            continue
        if not progress.declared:
            problems.append(
                Problem(_("%(name)s has not signed the declaration.") % {"name": progress.member.user}, "progress")
            )
        elif not progress.complete:
            problems.append(
                Problem(
                    _("%(name)s has submitted %(done)d of %(expected)d score cards.")
                    % {"name": progress.member.user, "done": progress.submitted, "expected": progress.expected},
                    "progress",
                )
            )
    ranking = compute_ranking(commission)
    for row in ranking.rows:
        if row.proposed is None:
            problems.append(
                Problem(
                    _("Propose an amount (0 when not recommended) for “%(title)s”.") % {"title": row.title}, "proposals"
                )
            )
        problems.extend(Problem(w, "proposals") for w in row.warnings)
    if ranking.proposed_total > ranking.funds:
        problems.append(Problem(ranking.warnings[0], "proposals"))
    return problems


@refuses(gettext_lazy("Only the chair of the commission closes the scoring."))
def may_close(actor: Any, commission: Any) -> bool:
    """The chair closes the round."""
    return is_chair_of(actor, commission)


def card_problems(card: Any) -> list[Problem]:
    """Points for every criterion of the call and a written justification; scoring still open."""
    problems = []
    if card.member.commission.state != CommissionState.APPOINTED:
        problems.append(Problem(_("Scoring is closed."), "state"))
    if not card.justification.strip():
        problems.append(Problem(_("Write the justification of your assessment."), "justification"))
    scored = set(card.scores.values_list("criterion_id", flat=True))
    missing = card.offer.call.criteria.exclude(pk__in=scored)
    problems.extend(
        Problem(_("Give points for “%(criterion)s”.") % {"criterion": c.name}, f"criterion-{c.pk}") for c in missing
    )
    return problems


COMMISSION_TRANSITIONS = (
    Transition(
        "appoint",
        CommissionState.FORMING,
        CommissionState.APPOINTED,
        may=is_evaluation_officer,
        check=appointment_problems,
        label=gettext_lazy("Appoint the commission"),
    ),
    Transition(
        "close_round",
        CommissionState.APPOINTED,
        CommissionState.CLOSED,
        may=may_close,
        check=closing_problems,
        label=gettext_lazy("Close the scoring"),
    ),
)

CARD_TRANSITIONS = (
    Transition(
        "submit",
        CardState.DRAFT,
        CardState.SUBMITTED,
        may=is_card_owner,
        check=card_problems,
        label=gettext_lazy("Submit the score card"),
    ),
)

RECRUITMENT_TRANSITIONS = (
    Transition(
        "close",
        RecruitmentState.OPEN,
        RecruitmentState.CLOSED,
        may=is_evaluation_officer,
        label=gettext_lazy("Close the recruitment"),
    ),
)


def _asker(event: TransitionEvent) -> list[str]:
    return [event.obj.email]


def _answer_context(event: TransitionEvent) -> dict[str, Any]:
    request = event.obj
    return {"call": request.call, "tenant": request.tenant, "request": request}


REQUEST_TRANSITIONS = (
    Transition(
        "answer",
        RequestState.OPEN,
        RequestState.ANSWERED,
        may=is_evaluation_officer,
        label=gettext_lazy("Answer"),
        # The person who asked gets the answer (the service writes it before the move).
        notify=(Notification("evaluation/email/request_answer.txt", _asker, _answer_context),),
    ),
)
