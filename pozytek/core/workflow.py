"""The workflow engine: every state change of a domain record goes through `apply_transition`.

Each app declares its states and a table of `Transition`s in its `states.py`; services call
`apply_transition`, which locks the row, checks permission and guards, saves the new state,
writes the audit event in the same transaction and schedules side effects after commit.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event


@dataclass(frozen=True)
class Problem:
    """Something that blocks a transition, tied to the section of the form that must change."""

    message: str
    section: str = ""


class TransitionNotAllowed(Exception):
    """The action does not exist from the record's current state (or someone changed it first)."""

    def __init__(self, action: str, state: str) -> None:
        self.action, self.state = action, state
        super().__init__(_("This action is not possible in the current state. Someone may have changed it already."))


class TransitionBlocked(Exception):
    """The action exists but its guard found problems; `problems` lists them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))


class HasState(Protocol):
    pk: Any
    state: str


Actor = Any
S = TypeVar("S", bound=models.Model)


def _always(_actor: Actor, _obj: Any) -> bool:
    return True


def _no_problems(_obj: Any) -> list[Problem]:
    return []


@dataclass(frozen=True)
class Transition:
    """One row of a workflow table: `action` moves a record from `source` to `target`."""

    action: str
    source: str
    target: str
    may: Callable[[Actor, Any], bool] = _always
    check: Callable[[Any], Sequence[Problem]] = _no_problems
    label: str | Promise = ""
    public_label: str | Promise = ""
    after_commit: Sequence[Callable[[Any, Actor], None]] = field(default_factory=tuple)


def find_transition(transitions: Sequence[Transition], state: str, action: str) -> Transition:
    """The transition for `action` from `state`, or TransitionNotAllowed."""
    for transition in transitions:
        if transition.action == action and transition.source == state:
            return transition
    raise TransitionNotAllowed(action, state)


def available_actions(transitions: Sequence[Transition], obj: Any, actor: Actor) -> list[Transition]:
    """Transitions from the record's state that the actor may take (guards not evaluated)."""
    return [t for t in transitions if t.source == obj.state and t.may(actor, obj)]


@transaction.atomic
def apply_transition(
    obj: S,
    action: str,
    *,
    actor: Actor,
    transitions: Sequence[Transition],
    reason: str = "",
    data: dict[str, Any] | None = None,
    queryset: models.QuerySet[S] | None = None,
) -> S:
    """Move `obj` along `action`; returns the refreshed, saved record.

    `queryset` (optional) is what the row is read from, e.g. with `select_related` for what the guards
    and effects use; only the record's own row is locked (`of=("self",)`), never the joined ones.
    """
    model = type(obj)
    if queryset is None:
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
    else:
        locked = queryset.select_for_update(of=("self",)).get(pk=obj.pk)
    state: str = locked.state  # type: ignore[attr-defined]
    transition = find_transition(transitions, state, action)
    if not transition.may(actor, locked):
        raise PermissionDenied(_("You are not allowed to do this."))
    problems = list(transition.check(locked))
    if problems:
        raise TransitionBlocked(problems)
    locked.state = transition.target  # type: ignore[attr-defined]
    update_fields = ["state"]
    if hasattr(locked, "state_changed_at"):
        locked.state_changed_at = timezone.now()
        update_fields.append("state_changed_at")
    locked.save(update_fields=update_fields)
    record_event(
        actor=actor,
        subject=locked,
        action=f"{model._meta.model_name}.{action}",
        data={"from": state, "to": transition.target, "reason": reason, **(data or {})},
    )
    for effect in transition.after_commit:
        transaction.on_commit(lambda effect=effect: effect(locked, actor))  # type: ignore[misc]
    return locked
