"""Reads of the audit trail."""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import BooleanField, ExpressionWrapper, Model, Q, QuerySet, Value
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from pozytek.core.models import AuditEvent
from pozytek.core.record_kinds import WARSAW
from pozytek.core.workflow import NoLifecycle, lifecycle


def audit_events_of_tenant(tenant: Model, *, limit: int = 50) -> QuerySet[AuditEvent]:
    """The latest events recorded in a local government, newest first."""
    return AuditEvent.objects.filter(tenant_id=tenant.pk).select_related("actor")[:limit]


def audit_events_of(subject: Model) -> QuerySet[AuditEvent]:
    """Every event about one record, oldest first."""
    return AuditEvent.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk)).order_by(
        "created_at", "id"
    )


# History of one record (the "Historia" table on office and member pages) ---------------------------------


@dataclass(frozen=True)
class FrozenLink:
    """A frozen version an event made: its label, where to read it (may be empty) and its SHA-256."""

    label: str
    url: str = ""
    sha256: str = ""


def _no_links(action: str, data: Mapping[str, Any]) -> Sequence[FrozenLink]:
    return ()


@dataclass(frozen=True)
class HistoryHook:
    """What one kind of record's history shows (each app gives one per audience).

    `states`: the state values and their labels (the model's choices); `labels`: the events other than
    transitions worth showing ('offer.freeze' → label), every other non-transition event is left out;
    `links(action, data)`: the frozen versions an event made, read from its data (no query);
    `office_only`: actions never shown to an organisation.
    """

    states: Mapping[str, str | Promise]
    labels: Mapping[str, str | Promise] = field(default_factory=dict)
    links: Callable[[str, Mapping[str, Any]], Sequence[FrozenLink]] = _no_links
    office_only: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a record's history: when (Polish time), who, which change, from which state to which."""

    at: dt.datetime
    who: str
    label: str
    source: str
    target: str
    reason: str
    links: tuple[FrozenLink, ...]


Audience = Literal["office", "member"]


def _transition_labels(subject: Model) -> dict[tuple[str, str], str]:
    """('offer.submit', source state) → the transition's label, from the record's registered lifecycle
    (one action may carry another label from another state)."""
    try:
        table = lifecycle(subject)
    except NoLifecycle:
        return {}
    name = subject._meta.model_name
    return {(f"{name}.{t.action}", str(t.source)): str(t.label or t.action) for t in table}


def history_of(
    subject: Model,
    *,
    tenant: Model,
    hook: HistoryHook,
    audience: Audience,
    named_people: QuerySet[Any] | None = None,
) -> list[HistoryEntry]:
    """The history of one record from the audit trail, oldest first, in one query whatever its length.

    Only this tenant's events about this record. The office sees every shown event with the person's
    name and the reason given. An organisation (`audience="member"`) sees no office-only action and no
    reasons (they may hold the office's notes: what the organisation is told reaches it by the record's
    own page and e-mail); its own people (`named_people`: a query of user ids, run as a subquery) are
    named, anyone else acting (an official, the platform) is shown as the office of the local government.
    """
    transitions = _transition_labels(subject)
    moves = {action for action, _source in transitions}
    labels = {key: str(value) for key, value in hook.labels.items()}
    labels.update({action: label for (action, _source), label in transitions.items() if action not in labels})
    shown = set(labels) - (hook.office_only if audience == "member" else frozenset())
    events = audit_events_of(subject).filter(tenant_id=tenant.pk, action__in=sorted(shown)).select_related("actor")
    if audience == "member":
        named = Q(actor_id__in=named_people) if named_people is not None else Q(pk__in=[])
        events = events.annotate(named=ExpressionWrapper(named, output_field=BooleanField()))
    else:
        events = events.annotate(named=Value(True, output_field=BooleanField()))
    office = str(getattr(tenant, "office_name", "") or "") or _("Office of %(name)s") % {"name": tenant}
    states = {key: str(value) for key, value in hook.states.items()}
    entries: list[HistoryEntry] = []
    for event in events:
        data: Mapping[str, Any] = event.data if isinstance(event.data, dict) else {}
        # Only a transition's event states the move (an edit's data may hold "from"/"to" of its own fields).
        is_transition = event.action in moves and isinstance(data.get("from"), str)
        source = str(data.get("from", "")) if is_transition else ""
        target = str(data.get("to", "")) if is_transition else ""
        entries.append(
            HistoryEntry(
                at=event.created_at.astimezone(WARSAW),
                who=_who(event, office=office),
                label=transitions.get((event.action, source), labels[event.action]),
                source=states.get(source, source),
                target=states.get(target, target),
                reason=str(data.get("reason", "") or "") if audience == "office" else "",
                links=tuple(hook.links(event.action, data)),
            )
        )
    return entries


def _who(event: AuditEvent, *, office: str) -> str:
    if event.actor is None:
        return _("the platform")
    if not getattr(event, "named", True):
        return office
    return str(event.actor.get_full_name())
