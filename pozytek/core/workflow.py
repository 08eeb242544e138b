"""The workflow engine: every state change of a domain record goes through `apply_transition`.

Each app declares the states of its models in `states.py` and their tables of `Transition`s in
`transitions.py`, and registers each table with its model (`register_lifecycle`, in the app's
`ready()`): the app that owns a model owns its lifecycle. Services of the owning app call
`apply_transition`, which locks the row, checks permission and guards, saves the new state, writes
the audit event and runs the listeners in the same transaction, and schedules side effects after
commit. Other apps never move a foreign record themselves: they call the owner's named services,
and they react to its transitions by subscribing with `on_transition` (e.g. the grants register
follows offers, agreements and settlement), so a lower app never imports a higher one.
"""

from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction
from django.db.models import signals
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.core.audit import record_event


@dataclass(frozen=True)
class Problem:
    """Something that blocks a transition, tied to the section of the form that must change."""

    message: str
    section: str = ""


class NoLifecycle(LookupError):
    """No transition table is registered for the model (its app's `ready()` registers it)."""


class TransitionNotAllowed(Exception):
    """The action does not exist from the record's current state (or someone changed it first)."""

    def __init__(self, action: str, state: str, *, label: str = "", state_label: str = "", kind: str = "") -> None:
        self.action, self.state = action, state
        if label and state_label:
            message = _(
                "“%(action)s” is not possible now (%(kind)s: %(state)s). Someone may have changed it already."
            ) % {
                "action": label,
                "kind": kind or _("record"),
                "state": state_label,
            }
        else:
            message = _("This action is not possible in the current state. Someone may have changed it already.")
        super().__init__(message)


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
class Notification:
    """An e-mail a transition sends, declared with it: `template` (plain text, first line the subject)
    rendered with `context(event)` and queued after commit to `recipients(event)` (no addresses: none)."""

    template: str
    recipients: Callable[["TransitionEvent"], Sequence[str]]
    context: Callable[["TransitionEvent"], dict[str, Any]] | None = None


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
    # Why a person who fails `may` is refused (shown to them): a text, or a function of (actor, obj).
    refusal: str | Promise | Callable[[Actor, Any], str | Promise | None] = ""
    # The e-mails this transition sends (queued in its transaction, delivered after commit).
    notify: Sequence[Notification] = field(default_factory=tuple)


@dataclass(frozen=True)
class TransitionEvent:
    """What a listener is told: the record after the move, who moved it, from where, and the data."""

    obj: Any
    actor: Any
    transition: Transition
    source: str
    reason: str
    data: dict[str, Any]


Phase = Literal["atomic", "commit"]


@dataclass(frozen=True)
class Listener:
    model_label: str
    actions: frozenset[str] | None
    handler: Callable[[TransitionEvent], None]
    phase: Phase


_LIFECYCLES: dict[str, tuple[Transition, ...]] = {}
_LISTENERS: list[Listener] = []


def model_label(model: type[models.Model] | models.Model) -> str:
    """'offers.offer': the lower-case label the audit trail and the registries use."""
    return str(model._meta.label_lower)


class StateWrittenOutsideEngine(RuntimeError):
    """A record's state was changed by something other than `apply_transition` (a bug, never data)."""


_MOVING: ContextVar[object | None] = ContextVar("pozytek_workflow_moving", default=None)


def _remember_state(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    instance.__dict__["_loaded_state"] = instance.__dict__.get("state")


def _refuse_foreign_state_write(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Saving a loaded record whose state changed outside the engine raises (setattr, assignment …).

    New records are created in their initial state by services; the engine marks the one record it moves.
    """
    if instance._state.adding:
        return
    loaded = instance.__dict__.get("_loaded_state")
    current = instance.__dict__.get("state")
    if loaded is not None and current != loaded and _MOVING.get() is not instance:
        raise StateWrittenOutsideEngine(
            f"{model_label(instance)} {instance.pk}: state changed outside apply_transition"
        )


def register_lifecycle(model: type[models.Model], transitions: Sequence[Transition]) -> None:
    """Declare the lifecycle of `model` (called once, from the owning app's `ready()`).

    From then on only `apply_transition` may change the model's `state`: a save of a record whose state
    was changed any other way raises `StateWrittenOutsideEngine`.
    """
    label = model_label(model)
    table = tuple(transitions)
    if label in _LIFECYCLES and _LIFECYCLES[label] != table:
        raise ImproperlyConfigured(f"A different lifecycle is already registered for {label}.")
    _LIFECYCLES[label] = table
    signals.post_init.connect(_remember_state, sender=model, dispatch_uid=f"workflow-init-{label}")
    signals.post_save.connect(_remember_state, sender=model, dispatch_uid=f"workflow-saved-{label}")
    signals.pre_save.connect(_refuse_foreign_state_write, sender=model, dispatch_uid=f"workflow-save-{label}")


def lifecycle(model: type[models.Model] | models.Model) -> tuple[Transition, ...]:
    """The registered transition table of `model` (a class or an instance)."""
    label = model_label(model)
    try:
        return _LIFECYCLES[label]
    except KeyError:
        raise NoLifecycle(label) from None


def registered_lifecycles() -> dict[str, tuple[Transition, ...]]:
    return dict(_LIFECYCLES)


def on_transition(
    model: str,
    handler: Callable[[TransitionEvent], None],
    *,
    actions: Iterable[str] | None = None,
    phase: Phase = "atomic",
) -> None:
    """Run `handler` whenever a record of `model` ('app_label.modelname') moves along one of `actions`.

    `phase="atomic"` runs it inside the transition's transaction (a failure undoes the move: for rows
    that must agree with the state, e.g. the grants register); `phase="commit"` after the commit (mail).
    Registered from the listening app's `ready()`; the model is named by label, so no import is needed.
    """
    listener = Listener(model.lower(), frozenset(actions) if actions is not None else None, handler, phase)
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _listeners_for(label: str, action: str, phase: Phase) -> list[Listener]:
    return [
        listener
        for listener in _LISTENERS
        if listener.model_label == label
        and listener.phase == phase
        and (listener.actions is None or action in listener.actions)
    ]


P = TypeVar("P")

OFFICE_ONLY = gettext_lazy("Only the office staff of this local government can do this.")
KEEPERS_ONLY = gettext_lazy("Only the people who keep the organisation's profile can do this.")


def refuses(message: str | Promise) -> Callable[[P], P]:
    """Say why a `may` predicate refuses someone: `@refuses(_("Only …"))` above the predicate. The engine
    shows it instead of a bare "not allowed" (a transition's own `refusal` wins)."""

    def mark(predicate: P) -> P:
        predicate.refusal = message  # type: ignore[attr-defined]  # an attribute on a function or rule
        return predicate

    return mark


def find_transition(transitions: Sequence[Transition], state: str, action: str) -> Transition:
    """The transition for `action` from `state`, or TransitionNotAllowed."""
    for transition in transitions:
        if transition.action == action and transition.source == state:
            return transition
    raise TransitionNotAllowed(action, state)


def not_allowed(record: models.Model, action: str) -> TransitionNotAllowed:
    """The refusal of `action` on `record` in its current state, naming the state and the action's label
    (from the record's registered lifecycle): for services that check the state before the engine does."""
    try:
        table: Sequence[Transition] = lifecycle(record)
    except NoLifecycle:
        table = ()
    return _not_allowed(table, record, str(record.state), action)  # type: ignore[attr-defined]


def _not_allowed(transitions: Sequence[Transition], record: Any, state: str, action: str) -> TransitionNotAllowed:
    """TransitionNotAllowed that names the record's state, e.g. "“Submit” is not possible now (offer: withdrawn)"."""
    label = next((t.label for t in transitions if t.action == action and t.label), "")
    shown = getattr(record, "get_state_display", lambda: state)()
    kind = record._meta.verbose_name if hasattr(record, "_meta") else ""
    return TransitionNotAllowed(action, state, label=str(label), state_label=str(shown), kind=str(kind))


def available_actions(transitions: Sequence[Transition], obj: Any, actor: Actor) -> list[Transition]:
    """Transitions from the record's state that the actor may take (guards not evaluated)."""
    return [t for t in transitions if t.source == obj.state and t.may(actor, obj)]


@transaction.atomic
def apply_transition(
    obj: S,
    action: str,
    *,
    actor: Actor,
    transitions: Sequence[Transition] | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    queryset: models.QuerySet[S] | None = None,
    lock: Callable[[S], S] | None = None,
    changes: dict[str, Any] | None = None,
) -> S:
    """Move `obj` along `action`; returns the refreshed, saved record.

    `transitions` defaults to the lifecycle registered for the model; passing a table is for the
    engine's own tests. `queryset` (optional) is what the row is read from, e.g. with `select_related`
    for what the guards and effects use; only the record's own row is locked (`of=("self",)`), never the
    joined ones. `lock` (optional, instead of `queryset`) locks and reads the row itself: `lock(obj)`
    returns the record under a row lock (e.g. a query compiled once, core/prepared.py). `changes`
    (optional): other fields of the record set once the move is allowed and saved with the state, in
    the same UPDATE (e.g. an offer's submission time).
    """
    model = type(obj)
    table = lifecycle(model) if transitions is None else transitions
    if lock is not None:
        locked = lock(obj)
    elif queryset is None:
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
    else:
        locked = queryset.select_for_update(of=("self",)).get(pk=obj.pk)
    state: str = locked.state  # type: ignore[attr-defined]
    try:
        transition = find_transition(table, state, action)
    except TransitionNotAllowed:
        raise _not_allowed(table, locked, state, action) from None
    if not transition.may(actor, locked):
        raise PermissionDenied(refusal_reason(transition, actor, locked))
    problems = list(transition.check(locked))
    if problems:
        raise TransitionBlocked(problems)
    locked.state = transition.target  # type: ignore[attr-defined]
    update_fields = ["state"]
    for name, value in (changes or {}).items():
        if name in ("state", "state_changed_at"):
            raise ValueError("The state is the transition's own.")
        setattr(locked, name, value)
        update_fields.append(name)
    if hasattr(locked, "state_changed_at"):
        locked.state_changed_at = timezone.now()
        update_fields.append("state_changed_at")
    token = _MOVING.set(locked)
    try:
        locked.save(update_fields=update_fields)
    finally:
        _MOVING.reset(token)
    record_event(
        actor=actor,
        subject=locked,
        action=f"{model._meta.model_name}.{action}",
        data={"from": state, "to": transition.target, "reason": reason, **(data or {})},
    )
    event = TransitionEvent(locked, actor, transition, state, reason, dict(data or {}))
    label = model_label(model)
    for listener in _listeners_for(label, action, "atomic"):
        listener.handler(event)
    for notification in transition.notify:
        send_notification(notification, event)
    for effect in transition.after_commit:
        transaction.on_commit(lambda effect=effect: effect(locked, actor))  # type: ignore[misc]
    for listener in _listeners_for(label, action, "commit"):
        transaction.on_commit(lambda handler=listener.handler: handler(event))  # type: ignore[misc]
    return locked


def send_notification(notification: Notification, event: TransitionEvent) -> None:
    """Render the declared e-mail now (in the request's language) and queue it for after the commit."""
    from pozytek.notifications.services import queue_email_text  # noqa: PLC0415 -- kernel sibling, loaded late

    addresses = _unique_addresses(notification.recipients(event))
    if not addresses:
        return
    context: dict[str, Any] = {
        "object": event.obj,
        "actor": event.actor,
        "reason": event.reason,
        "tenant": getattr(event.obj, "tenant", None),
    }
    if notification.context is not None:
        context.update(notification.context(event))
    queue_email_text(to=addresses, template=notification.template, context=context)


def _unique_addresses(addresses: Iterable[str]) -> list[str]:
    unique: list[str] = []
    for address in addresses:
        if address and address.lower() not in {a.lower() for a in unique}:
            unique.append(address)
    return unique


def refusal_reason(transition: Transition, actor: Actor, obj: Any) -> str:
    """Why `actor` may not take `transition`: the transition's `refusal` message when it has one."""
    if transition.refusal:
        message = transition.refusal(actor, obj) if callable(transition.refusal) else transition.refusal
        if message:
            return str(message)
    declared = getattr(transition.may, "refusal", "")
    if declared:
        return str(declared)
    return _("You are not allowed to do this.")
