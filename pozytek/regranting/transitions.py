"""The workflow tables of regranting: an operator publishes and closes its calls, decides applications after
the close, and signs and settles micro-grants; only the people who keep the operator's profile may."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.core.workflow import Problem, Transition
from pozytek.regranting.permissions import is_operator_keeper
from pozytek.regranting.selectors import shared_out_sum
from pozytek.regranting.states import ApplicationState, MicroGrantState, SubCallState


def publication_problems(sub_call: Any) -> list[Problem]:
    problems = []
    if sub_call.deadline <= timezone.now():
        problems.append(Problem(_("The deadline for applications has passed: set a later one first."), "deadline"))
    operator = sub_call.operator
    if shared_out_sum(operator, excluding=sub_call) + sub_call.pool_share > operator.pool:
        problems.append(Problem(_("The calls' funds would exceed the operator's pool."), "pool_share"))
    return problems


def closing_problems(sub_call: Any) -> list[Problem]:
    if sub_call.deadline > timezone.now():
        return [Problem(_("The call can be closed only after its deadline for applications."), "deadline")]
    return []


def decision_problems(application: Any) -> list[Problem]:
    if application.sub_call.state != SubCallState.CLOSED:
        return [Problem(_("Decide after the call is closed."), "")]
    return []


SUB_CALL_TRANSITIONS = (
    Transition(
        "publish",
        SubCallState.DRAFT,
        SubCallState.PUBLISHED,
        may=is_operator_keeper,
        check=publication_problems,
        label=gettext_lazy("Publish the call"),
    ),
    Transition(
        "close",
        SubCallState.PUBLISHED,
        SubCallState.CLOSED,
        may=is_operator_keeper,
        check=closing_problems,
        label=gettext_lazy("Close the call"),
    ),
)

APPLICATION_TRANSITIONS = (
    Transition(
        "award",
        ApplicationState.SUBMITTED,
        ApplicationState.AWARDED,
        may=is_operator_keeper,
        check=decision_problems,
        label=gettext_lazy("Award a micro-grant"),
    ),
    Transition(
        "reject",
        ApplicationState.SUBMITTED,
        ApplicationState.REJECTED,
        may=is_operator_keeper,
        check=decision_problems,
        label=gettext_lazy("Do not award"),
    ),
)

MICRO_GRANT_TRANSITIONS = (
    Transition(
        "sign",
        MicroGrantState.AWARDED,
        MicroGrantState.SIGNED,
        may=is_operator_keeper,
        label=gettext_lazy("Record the signed agreement"),
    ),
    Transition(
        "settle",
        MicroGrantState.SIGNED,
        MicroGrantState.SETTLED,
        may=is_operator_keeper,
        label=gettext_lazy("Settle the micro-grant"),
    ),
)
