"""Writes about calls: create, edit a draft, criteria and checklist, publish, clone."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.competitions.models import Call, ChecklistItem, Criterion
from pozytek.competitions.states import EDITABLE_STATES, TRANSITIONS
from pozytek.core.audit import field_diff, record_event
from pozytek.core.workflow import apply_transition
from pozytek.notifications.services import queue_email_text
from pozytek.organisations.selectors import in_directory_of

CALL_FIELDS = (
    "number",
    "title",
    "task_type",
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
)


def _check_officer(actor: Any, tenant: Any) -> None:
    if not actor.has_perm("competitions.manage_calls", tenant):
        raise PermissionDenied(_("You do not have a role in this office that allows this."))


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


_TEXT = {
    "number",
    "title",
    "task_type",
    "mode",
    "award_rules",
    "delivery_conditions",
    "procedure",
    "previous_tasks",
    "required_attachments",
}


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
    call.full_clean()
    call.save()
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
    before = {f: _plain(getattr(locked, f)) for f in CALL_FIELDS}
    _assign(locked, data)
    locked.full_clean()
    locked.save()
    if "spheres" in data:
        locked.spheres.set(data["spheres"])
    _replace_rows(locked, criteria, checklist)
    after = {f: _plain(getattr(locked, f)) for f in CALL_FIELDS}
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
    published = apply_transition(call, "publish", actor=actor, transitions=TRANSITIONS)
    now = timezone.now()
    published.published_at = now
    if not published.number:
        year = timezone.localtime(now).year
        count = Call.objects.filter(tenant=published.tenant, published_at__year=year).exclude(pk=published.pk).count()
        published.number = f"{count + 1}/{year}"
    published.save(update_fields=["published_at", "number"])
    record_event(actor=actor, subject=published, action="call.announce", data={"number": published.number})
    organisations = (
        in_directory_of(published.tenant)
        .filter(spheres__in=published.spheres.all())
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    for organisation in organisations:
        queue_email_text(
            to=[organisation.email],
            template="competitions/email/call_published.txt",
            context={"call": published, "tenant": published.tenant, "organisation": organisation},
        )
    return published


@transaction.atomic
def clone_call(*, call: Call, actor: Any) -> Call:
    """A new draft copying an earlier call with its criteria and checklist (dates are cleared)."""
    _check_officer(actor, call.tenant)
    copy = Call(tenant=call.tenant, cloned_from=call)
    for field in CALL_FIELDS:
        setattr(copy, field, getattr(call, field))
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
