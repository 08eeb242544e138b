"""Writes about calls: create, edit a draft, criteria and checklist, publish, close, cancel, clone."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call, ChecklistItem, Criterion, TaskProposal
from pozytek.competitions.selectors import organisations_to_notify
from pozytek.competitions.states import EDITABLE_STATES, CallState, ProposalState, is_call_officer
from pozytek.core.audit import field_diff, record_event
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed, apply_transition
from pozytek.legal.selectors import LegalParameterMissing, legal_value
from pozytek.legal.working_days import add_months
from pozytek.notifications.services import queue_email_text
from pozytek.organisations.permissions import is_member
from pozytek.programmes.states import ADOPTED_STATES

# Attempts at a free automatic number when parallel publications race for the same one.
NUMBERING_ATTEMPTS = 20

CALL_FIELDS = (
    "number",
    "title",
    "task_type",
    "priority_task",
    "mode",
    "total_funds",
    "award_rules",
    "delivery_start",
    "delivery_end",
    "delivery_conditions",
    "offer_deadline",
    "procedure",
    "choice_deadline",
    "previous_tasks",
    "min_grant",
    "max_grant",
    "min_own_total",
    "min_own_financial",
    "min_own_personal",
    "admin_costs_cap",
    "requires_results_table",
    "required_attachments",
    "eligible_entities",
    # The executive's order (zarządzenie) the announcement is an annex to.
    "order_number",
    "order_date",
    # The act the call is announced under; a Sport Act call names the council's resolution.
    "route",
    "resolution_number",
    "resolution_date",
)


def _check_officer(actor: Any, tenant: Any) -> None:
    if not actor.has_perm("competitions.manage_calls", tenant):
        raise PermissionDenied(_("You do not have a role in this office that allows this."))


# Column names of the fields: a related row by its id (priority_task_id), read and copied without a query.
_ATTNAMES = {field.name: field.attname for field in Call._meta.concrete_fields}


def _values(call: Call) -> dict[str, Any]:
    """The call's fields as the audit trail keeps them (a related row by its id)."""
    return {f: _plain(getattr(call, _ATTNAMES[f])) for f in CALL_FIELDS}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _assign(call: Call, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(CALL_FIELDS) - {"spheres"}
    if unknown:
        raise TypeError(f"Unknown call fields: {sorted(unknown)}")
    for field in CALL_FIELDS:
        if field in data:
            value = data[field]
            setattr(
                call,
                field,
                list(value) if field == "eligible_entities" else ("" if value is None and field in _TEXT else value),
            )


def _check_priority_task(call: Call) -> None:
    """The priority task must be one of an adopted programme of the call's own local government."""
    if call.priority_task_id is None:
        return
    task = call.priority_task
    if task is None or task.programme.tenant_id != call.tenant_id or task.programme.state not in ADOPTED_STATES:
        raise ValidationError(
            {
                "priority_task": _(
                    "Choose a priority task of an adopted cooperation programme of this local government."
                )
            },
            code="priority_task",
        )


@transaction.atomic
def set_priority_task(*, call: Call, actor: Any, task: Any) -> Call:
    """Say which priority task of the cooperation programme a call realises, also once it is published: it
    classifies the call for the programme's report and changes nothing the announcement promised.
    A cancelled call keeps what it had."""
    _check_officer(actor, call.tenant)
    locked: Call = Call.objects.select_for_update().get(pk=call.pk)
    if locked.state == CallState.CANCELLED:
        raise ValidationError(_("A cancelled call can no longer be changed."))
    before = locked.priority_task_id
    locked.priority_task = task
    _check_priority_task(locked)
    locked.save(update_fields=["priority_task", "updated_at"])
    record_event(
        actor=actor,
        subject=locked,
        action="call.priority_task",
        data={"changes": {"priority_task_id": [before, locked.priority_task_id]}},
    )
    return locked


_TEXT = {
    "number",
    "resolution_number",
    "title",
    "task_type",
    "mode",
    "award_rules",
    "delivery_conditions",
    "procedure",
    "previous_tasks",
    "required_attachments",
}


def _number_taken(call: Call) -> bool:
    """Another call of the same tenant already has this (non-empty) number."""
    if not call.number:
        return False
    return Call.objects.filter(tenant=call.tenant, number=call.number).exclude(pk=call.pk).exists()


def _duplicate_number() -> ValidationError:
    return ValidationError({"number": _("This number is already used by another call.")}, code="duplicate_number")


def _save_numbered(call: Call) -> None:
    """Validate and save `call`; a number another call of the tenant uses is a field error, not a 500.

    The query catches the usual case; the savepoint catches a parallel save that took the number
    between the query and the insert (the database's unique constraint decides).
    """
    if _number_taken(call):
        raise _duplicate_number()
    call.full_clean()
    try:
        with transaction.atomic():
            call.save()
    except IntegrityError:
        if _number_taken(call):
            raise _duplicate_number() from None
        raise


def _replace_rows(
    call: Call, criteria: Iterable[Mapping[str, Any]] | None, checklist: Iterable[Mapping[str, Any]] | None
) -> None:
    if criteria is not None:
        call.criteria.all().delete()
        for order, row in enumerate(criteria):
            Criterion(
                call=call, order=order, **{k: row[k] for k in ("name", "max_points", "description") if k in row}
            ).save()
    if checklist is not None:
        call.checklist.all().delete()
        for order, row in enumerate(checklist):
            ChecklistItem(call=call, order=order, text=row["text"], correctable=bool(row.get("correctable"))).save()


@transaction.atomic
def create_call(
    *,
    tenant: Any,
    actor: Any,
    data: Mapping[str, Any],
    criteria: Iterable[Mapping[str, Any]] | None = None,
    checklist: Iterable[Mapping[str, Any]] | None = None,
) -> Call:
    """Start a draft call in the tenant's office."""
    _check_officer(actor, tenant)
    call = Call(tenant=tenant)
    _assign(call, data)
    _check_priority_task(call)
    _save_numbered(call)
    if "spheres" in data:
        call.spheres.set(data["spheres"])
    _replace_rows(call, criteria, checklist)
    record_event(actor=actor, subject=call, action="call.create", data={"title": call.title})
    return call


@transaction.atomic
def update_call(
    *,
    call: Call,
    actor: Any,
    data: Mapping[str, Any],
    criteria: Iterable[Mapping[str, Any]] | None = None,
    checklist: Iterable[Mapping[str, Any]] | None = None,
) -> Call:
    """Change a draft call; a published call can no longer be edited."""
    _check_officer(actor, call.tenant)
    locked: Call = Call.objects.select_for_update().get(pk=call.pk)
    if locked.state not in EDITABLE_STATES:
        raise ValidationError(_("Only a draft call can be changed."))
    before = _values(locked)
    _assign(locked, data)
    _check_priority_task(locked)
    _save_numbered(locked)
    if "spheres" in data:
        locked.spheres.set(data["spheres"])
    _replace_rows(locked, criteria, checklist)
    after = _values(locked)
    record_event(actor=actor, subject=locked, action="call.update", data={"changes": field_diff(before, after)})
    return locked


@transaction.atomic
def add_criterion(*, call: Call, actor: Any, name: str, max_points: int, description: str = "") -> Criterion:
    _check_officer(actor, call.tenant)
    if call.state not in EDITABLE_STATES:
        raise ValidationError(_("Only a draft call can be changed."))
    criterion = Criterion(
        call=call, name=name, max_points=max_points, description=description, order=call.criteria.count()
    )
    criterion.full_clean()
    criterion.save()
    record_event(actor=actor, subject=call, action="call.add_criterion", data={"name": name, "max_points": max_points})
    return criterion


@transaction.atomic
def add_checklist_item(*, call: Call, actor: Any, text: str, correctable: bool = False) -> ChecklistItem:
    _check_officer(actor, call.tenant)
    if call.state not in EDITABLE_STATES:
        raise ValidationError(_("Only a draft call can be changed."))
    item = ChecklistItem(call=call, text=text, correctable=correctable, order=call.checklist.count())
    item.full_clean()
    item.save()
    record_event(actor=actor, subject=call, action="call.add_checklist_item", data={"text": text})
    return item


@transaction.atomic
def publish_call(*, call: Call, actor: Any) -> Call:
    """Publish the call (guarded by `states.publication_problems`) and tell matching organisations.

    Each organisation of the tenant's directory with a matching sphere and an e-mail address gets
    one message after the transaction commits.
    """
    published = apply_transition(call, "publish", actor=actor)
    now = timezone.now()
    published.published_at = now
    if published.number:
        published.save(update_fields=["published_at"])
    else:
        _save_with_free_number(published, year=timezone.localtime(now).year)
    record_event(actor=actor, subject=published, action="call.announce", data={"number": published.number})
    for organisation in organisations_to_notify(published):
        queue_email_text(
            to=[organisation.email],
            template="competitions/email/call_published.txt",
            context={"call": published, "tenant": published.tenant, "organisation": organisation},
        )
    return published


def _save_with_free_number(call: Call, *, year: int) -> None:
    """Give the call the next free number "N/year" of its tenant and save it.

    N starts after the count of the tenant's calls published this year and skips numbers already
    taken (typed by hand, or left by a call published in another year with this year's number).
    """
    taken = Call.objects.filter(tenant=call.tenant).exclude(pk=call.pk)
    n = taken.filter(published_at__year=year).count() + 1
    for _attempt in range(NUMBERING_ATTEMPTS):
        while taken.filter(number=f"{n}/{year}").exists():
            n += 1
        call.number = f"{n}/{year}"
        try:
            with transaction.atomic():
                call.save(update_fields=["published_at", "number"])
        except IntegrityError:  # a parallel publication took the number first
            n += 1
        else:
            return
    raise RuntimeError(f"No free call number found after {NUMBERING_ATTEMPTS} attempts.")


@transaction.atomic
def close_call(*, call: Call, actor: Any) -> Call:
    """Close the call to offers; refused (TransitionBlocked) before its offer deadline."""
    return apply_transition(call, "close", actor=actor)


@transaction.atomic
def cancel_call(*, call: Call, actor: Any, reason: str) -> Call:
    """Cancel (unieważnić) the call, art. 18a: no offer was submitted, or none meets the requirements.

    The reason is required and kept in the audit event. The offers app follows the call's
    cancellation (`offers.listeners`): every organisation with a submitted offer gets one e-mail
    after the transaction commits.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the call.")}, code="reason")
    return apply_transition(call, "cancel", actor=actor, reason=reason)


@transaction.atomic
def resolve_call(*, call: Call, actor: Any, data: dict[str, Any] | None = None) -> Call:
    """Resolve (rozstrzygnąć) the call, art. 15 ust. 2g–2h: asked by the evaluation's decision, which
    checks the decision itself and publishes the results in the same transaction."""
    return apply_transition(call, "resolve", actor=actor, data=data)


def close_expired_calls(*, now: dt.datetime | None = None) -> int:
    """Close every published call of every tenant whose offer deadline has passed; returns how many.

    Runs as the system (actor None) through the "auto_close" transition, the only one a system
    actor may take; each call is closed in its own transaction, so one failure leaves the others
    closed. A call an official closed or cancelled meanwhile is skipped. `now` only selects the
    candidates: the transition's guard always checks the real clock, so no call closes early.

    Closing is bookkeeping, not the legal cut-off: offer submission refuses after the deadline
    by itself (to the second), so a call whose state lags a minute behind its deadline is harmless.
    The `close_expired_calls` management command runs this every minute (cron or systemd timer).
    """
    moment = now or timezone.now()
    closed = 0
    with scopes_disabled():
        expired = Call.objects.filter(state=CallState.PUBLISHED, offer_deadline__lte=moment).order_by("pk")
        for call in list(expired):
            try:
                apply_transition(call, "auto_close", actor=None)
            except (TransitionNotAllowed, TransitionBlocked):
                continue
            closed += 1
    return closed


@transaction.atomic
def clone_call(*, call: Call, actor: Any) -> Call:
    """A new draft copying an earlier call with its criteria, checklist and priority task (dates are cleared)."""
    _check_officer(actor, call.tenant)
    copy = Call(tenant=call.tenant, cloned_from=call)
    for field in CALL_FIELDS:
        setattr(copy, _ATTNAMES[field], getattr(call, _ATTNAMES[field]))
    copy.number = ""
    copy.offer_deadline = None
    copy.choice_deadline = None
    copy.title = _("%(title)s (copy)") % {"title": call.title}
    copy.title = copy.title[: Call._meta.get_field("title").max_length]
    copy.save()
    copy.spheres.set(call.spheres.all())
    _replace_rows(
        copy,
        [{"name": c.name, "max_points": c.max_points, "description": c.description} for c in call.criteria.all()],
        [{"text": i.text, "correctable": i.correctable} for i in call.checklist.all()],
    )
    record_event(actor=actor, subject=copy, action="call.clone", data={"from": call.pk})
    return copy


# Own-initiative proposals (art. 12) ----------------------------------------------------------------------


@transaction.atomic
def submit_proposal(
    *,
    tenant: Any,
    organisation: Any,
    actor: Any,
    title: str,
    sphere: Any,
    description: str,
    expected_results: str = "",
    estimated_cost: Decimal | None = None,
) -> TaskProposal:
    """An organisation proposes a public task on its own initiative (art. 12 ust. 1); the office must answer
    within `task_proposal.answer_months` of the day it was received (art. 12 ust. 2)."""
    if not is_member(actor, organisation):
        raise PermissionDenied(_("Only the people who keep the organisation's profile can do this."))
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("Name the public task.")]
    if not (description or "").strip():
        errors["description"] = [_("Describe the task: what, for whom, where and when.")]
    if sphere is None:
        errors["sphere"] = [_("Choose the sphere of public tasks.")]
    if estimated_cost is not None and estimated_cost < 0:
        errors["estimated_cost"] = [_("The cost cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    received = timezone.localdate()
    try:
        months = int(legal_value("task_proposal.answer_months", on=received, tenant=tenant))
    except LegalParameterMissing:
        months = 1
    proposal: TaskProposal = TaskProposal.objects.create(
        tenant=tenant,
        organisation=organisation,
        submitted_by=actor,
        title=title.strip(),
        sphere=sphere,
        description=description.strip(),
        expected_results=(expected_results or "").strip(),
        estimated_cost=estimated_cost,
        received_on=received,
        answer_due=add_months(received, months),
    )
    record_event(
        actor=actor,
        subject=proposal,
        action="proposal.submit",
        data={"organisation": organisation.pk, "answer_due": proposal.answer_due.isoformat()},
    )
    return proposal


def answer_proposal(*, proposal: TaskProposal, actor: Any, accept: bool, reason: str) -> TaskProposal:
    """The office's answer (art. 12 ust. 2): whether a competition will be announced, with the reason; the
    organisation is e-mailed. A late answer is still recorded (the overdue term shows on the dashboard)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the answer.")]})
    moved: TaskProposal = apply_transition(
        proposal,
        "accept" if accept else "decline",
        actor=actor,
        reason=reason.strip(),
        changes={"answered_at": timezone.now(), "answer_reason": reason.strip()},
        queryset=TaskProposal.objects.select_related("organisation", "submitted_by", "tenant"),
        data={"late": timezone.localdate() > proposal.answer_due},
    )
    return moved


def withdraw_proposal(*, proposal: TaskProposal, actor: Any) -> TaskProposal:
    """The organisation withdraws its proposal before the office answers."""
    moved: TaskProposal = apply_transition(
        proposal, "withdraw", actor=actor, queryset=TaskProposal.objects.select_related("organisation")
    )
    return moved


@transaction.atomic
def link_proposal_to_call(*, proposal: TaskProposal, actor: Any, call: Call | None) -> TaskProposal:
    """Name the competition that followed an accepted proposal (or clear it)."""
    locked: TaskProposal = TaskProposal.objects.select_for_update().select_related("tenant").get(pk=proposal.pk)
    if not is_call_officer(actor, locked):
        raise PermissionDenied(_("You do not have a role in this office that allows this."))
    if locked.state != ProposalState.ACCEPTED:
        raise ValidationError({"call": [_("Only a proposal answered with a competition is linked to one.")]})
    if call is not None and (call.tenant_id != locked.tenant_id or call.state == CallState.DRAFT):
        raise ValidationError({"call": [_("Choose a published competition of this local government.")]})
    locked.call = call
    locked.save(update_fields=["call", "updated_at"])
    record_event(actor=actor, subject=locked, action="proposal.link_call", data={"call": call.pk if call else None})
    return locked
