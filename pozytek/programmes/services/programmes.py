"""Writing the cooperation programme: its elements, goals ↔ forms, priority tasks, indicators, recorded
activities and assignments, and its lifecycle (consultation, adoption, coming into force)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, cast

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.consultations.drafting import UnitData
from pozytek.consultations.services import create_consultation, publish_consultation
from pozytek.core import files
from pozytek.core.audit import record_event
from pozytek.core.record_kinds import record_kind
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed, apply_transition
from pozytek.councils.services.acts import request_opinion
from pozytek.programmes.models import (
    TEXT_ELEMENTS,
    Activity,
    Attribution,
    CooperationForm,
    Goal,
    Indicator,
    PriorityTask,
    Programme,
)
from pozytek.programmes.permissions import is_programme_officer
from pozytek.programmes.selectors import realisation
from pozytek.programmes.states import EDITABLE_STATES, ActivityKind, ProgrammeKind, ProgrammeState
from pozytek.programmes.validation import funds_problem

PROGRAMME_FIELDS = (
    "kind",
    "title",
    "year_from",
    "year_to",
    "planned_funds",
    "adopting_body",
    *(field for field, _label, _point in TEXT_ELEMENTS),
)


def _require_officer(actor: Any, obj: Any) -> None:
    if not is_programme_officer(actor, obj):
        raise PermissionDenied(_("Only the office staff of this local government can do this."))


def _lock(programme: Programme) -> Programme:
    locked: Programme = Programme.objects.select_for_update().get(pk=programme.pk)
    return locked


def _require_editable(programme: Programme) -> None:
    if programme.state not in EDITABLE_STATES:
        raise ValidationError(
            _("An adopted programme can no longer be changed; start next year's programme as a copy of it.")
        )


def _clean_programme(programme: Programme) -> None:
    errors: dict[str, list[str]] = {}
    if programme.kind == ProgrammeKind.ANNUAL and programme.year_to != programme.year_from:
        errors["year_to"] = [_("An annual programme covers one year.")]
    elif programme.year_to < programme.year_from:
        errors["year_to"] = [_("The last year cannot come before the first.")]
    elif programme.kind == ProgrammeKind.MULTI_YEAR and programme.year_to == programme.year_from:
        errors["year_to"] = [_("A multi-year programme covers more than one year.")]
    if errors:
        raise ValidationError(errors)
    programme.full_clean(exclude=["created_by", "consultation", "opinion_request", "copied_from"])


def _assign(programme: Programme, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"Unknown programme fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(programme, name, value.strip() if isinstance(value, str) else value)
    if programme.kind == ProgrammeKind.ANNUAL and "year_to" not in data and programme.year_from:
        programme.year_to = programme.year_from


@transaction.atomic
def create_programme(*, tenant: Any, actor: Any, data: Mapping[str, Any]) -> Programme:
    """A draft programme (projekt programu współpracy)."""
    programme = Programme(tenant=tenant, created_by=actor)
    _require_officer(actor, programme)
    _assign(programme, data)
    _clean_programme(programme)
    programme.save()
    record_event(actor=actor, subject=programme, action="programme.create", data={"title": programme.title})
    return programme


@transaction.atomic
def update_programme(*, programme: Programme, actor: Any, data: Mapping[str, Any]) -> Programme:
    """Change the draft's elements (while a draft or in consultation)."""
    locked = _lock(programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    before = {name: str(getattr(locked, name)) for name in data}
    _assign(locked, data)
    _clean_programme(locked)
    message = funds_problem(locked)
    if message and "planned_funds" in data:
        raise ValidationError({"planned_funds": [message]})
    locked.save()
    changes = {n: [before[n], str(getattr(locked, n))] for n in data if before[n] != str(getattr(locked, n))}
    record_event(actor=actor, subject=locked, action="programme.update", data={"changes": sorted(changes)})
    return locked


def _next_position(rows: Any) -> int:
    last = rows.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _renumber(rows: Iterable[Any]) -> None:
    for n, row in enumerate(rows, start=1):
        if row.position != n:
            row.position = n
            row.save(update_fields=["position"])


# --- goals and forms ------------------------------------------------------------------------------


def _text(value: str, field: str, message: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationError({field: [message]})
    return cleaned


@transaction.atomic
def add_goal(*, programme: Programme, actor: Any, text: str) -> Goal:
    locked = _lock(programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    goal: Goal = Goal.objects.create(
        programme=locked, position=_next_position(locked.goals), text=_text(text, "text", _("Write the goal."))
    )
    record_event(actor=actor, subject=locked, action="programme.goal.add", data={"goal": goal.position})
    return goal


@transaction.atomic
def update_goal(*, goal: Goal, actor: Any, text: str) -> Goal:
    locked = _lock(goal.programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    goal.text = _text(text, "text", _("Write the goal."))
    goal.save(update_fields=["text"])
    record_event(actor=actor, subject=locked, action="programme.goal.update", data={"goal": goal.position})
    return goal


@transaction.atomic
def remove_goal(*, goal: Goal, actor: Any) -> None:
    _remove_numbered(goal, actor=actor, rows="goals", name="goal")


def _remove_numbered(item: Any, *, actor: Any, rows: str, name: str, refuse: str = "") -> None:
    """Remove a numbered row of a draft programme (goal, form, task, indicator) and number the rest again;
    `refuse` is the reason it may not go, when there is one."""
    locked = _lock(item.programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    if refuse:
        raise ValidationError(refuse)
    position = item.position
    item.delete()
    _renumber(getattr(locked, rows).all())
    record_event(actor=actor, subject=locked, action=f"programme.{name}.remove", data={name: position})


def _form_values(
    programme: Programme, text: str, kinds: Iterable[str], goals: Iterable[Goal]
) -> tuple[str, list[str], list[Goal]]:
    errors: dict[str, list[str]] = {}
    cleaned = (text or "").strip()
    if not cleaned:
        errors["text"] = [_("Describe the form of cooperation.")]
    kind_keys = list(dict.fromkeys(kinds))
    unknown = [k for k in kind_keys if record_kind(k) is None]
    if unknown:
        errors["kinds"] = [_("Choose kinds of record the platform keeps.")]
    elif not kind_keys:
        errors["kinds"] = [_("Choose at least one kind of record the report counts under this form.")]
    goal_list = list(goals)
    if any(g.programme_id != programme.pk for g in goal_list):
        errors["goals"] = [_("Choose goals of this programme.")]
    elif not goal_list:
        errors["goals"] = [_("Choose at least one goal the form serves.")]
    if errors:
        raise ValidationError(errors)
    return cleaned, kind_keys, goal_list


@transaction.atomic
def add_form(
    *, programme: Programme, actor: Any, text: str, kinds: Iterable[str], goals: Iterable[Goal]
) -> CooperationForm:
    """A form of cooperation serving goals of this programme and bound to registered kinds of record."""
    locked = _lock(programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    cleaned, kind_keys, goal_list = _form_values(locked, text, kinds, goals)
    form: CooperationForm = CooperationForm.objects.create(
        programme=locked, position=_next_position(locked.forms), text=cleaned, kinds=kind_keys
    )
    form.goals.set(goal_list)
    record_event(
        actor=actor,
        subject=locked,
        action="programme.form.add",
        data={"form": form.position, "kinds": kind_keys, "goals": sorted(g.position for g in goal_list)},
    )
    return form


@transaction.atomic
def update_form(
    *, form: CooperationForm, actor: Any, text: str, kinds: Iterable[str], goals: Iterable[Goal]
) -> CooperationForm:
    locked = _lock(form.programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    cleaned, kind_keys, goal_list = _form_values(locked, text, kinds, goals)
    form.text = cleaned
    form.kinds = kind_keys
    form.save(update_fields=["text", "kinds"])
    form.goals.set(goal_list)
    record_event(actor=actor, subject=locked, action="programme.form.update", data={"form": form.position})
    return form


@transaction.atomic
def remove_form(*, form: CooperationForm, actor: Any) -> None:
    refuse = _("Activities are recorded under this form; it cannot be removed.") if form.activities.exists() else ""
    _remove_numbered(form, actor=actor, rows="forms", name="form", refuse=refuse)


# --- priority tasks and indicators ----------------------------------------------------------------


def _task_values(title: str, sphere: Any, planned_funds: Decimal | None) -> tuple[str, Decimal]:
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("Name the priority task.")]
    if sphere is None:
        errors["sphere"] = [_("Choose the sphere of public tasks.")]
    if planned_funds is None or planned_funds < 0:
        errors["planned_funds"] = [_("Enter the planned funds (0 or more).")]
    if errors:
        raise ValidationError(errors)
    return title.strip(), Decimal(planned_funds or 0)


def _check_funds(programme: Programme) -> None:
    message = funds_problem(programme)
    if message:
        raise ValidationError({"planned_funds": [message]})


@transaction.atomic
def add_priority_task(
    *, programme: Programme, actor: Any, sphere: Any, title: str, planned_funds: Decimal | None
) -> PriorityTask:
    locked = _lock(programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    cleaned, funds = _task_values(title, sphere, planned_funds)
    task: PriorityTask = PriorityTask.objects.create(
        programme=locked,
        position=_next_position(locked.priority_tasks),
        sphere=sphere,
        title=cleaned,
        planned_funds=funds,
    )
    _check_funds(locked)
    record_event(actor=actor, subject=locked, action="programme.task.add", data={"task": task.position})
    return task


@transaction.atomic
def update_priority_task(
    *, task: PriorityTask, actor: Any, sphere: Any, title: str, planned_funds: Decimal | None
) -> PriorityTask:
    locked = _lock(task.programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    task.title, task.planned_funds = _task_values(title, sphere, planned_funds)
    task.sphere = sphere
    task.save(update_fields=["title", "planned_funds", "sphere"])
    _check_funds(locked)
    record_event(actor=actor, subject=locked, action="programme.task.update", data={"task": task.position})
    return task


@transaction.atomic
def remove_priority_task(*, task: PriorityTask, actor: Any) -> None:
    _remove_numbered(task, actor=actor, rows="priority_tasks", name="task")


INDICATOR_FIELDS = ("name", "unit", "baseline", "target", "measure", "goal")


def _indicator_values(programme: Programme, data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown indicator fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if not values.get("name"):
        errors["name"] = [_("Name the indicator.")]
    if values.get("target") is None:
        errors["target"] = [_("Every indicator needs a target value.")]
    goal = cast(Goal | None, values.get("goal"))
    if goal is not None and goal.programme_id != programme.pk:
        errors["goal"] = [_("Choose a goal of this programme.")]
    key = values.get("measure") or ""
    if key:
        from pozytek.core.record_kinds import measure  # noqa: PLC0415 -- the registry, read at call time

        if measure(key) is None:
            errors["measure"] = [_("Choose a figure the platform computes.")]
    if errors:
        raise ValidationError(errors)
    if "measure" in data:
        values["measure"] = key
    return values


@transaction.atomic
def add_indicator(*, programme: Programme, actor: Any, data: Mapping[str, Any]) -> Indicator:
    """An evaluation indicator with its target, computed from a registered measure or entered by the office."""
    locked = _lock(programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    values = _indicator_values(locked, data)
    indicator: Indicator = Indicator.objects.create(
        programme=locked, position=_next_position(locked.indicators), **values
    )
    record_event(actor=actor, subject=locked, action="programme.indicator.add", data={"indicator": indicator.position})
    return indicator


@transaction.atomic
def update_indicator(*, indicator: Indicator, actor: Any, data: Mapping[str, Any]) -> Indicator:
    locked = _lock(indicator.programme)
    _require_officer(actor, locked)
    _require_editable(locked)
    for name, value in _indicator_values(locked, data).items():
        setattr(indicator, name, value)
    indicator.save()
    record_event(
        actor=actor, subject=locked, action="programme.indicator.update", data={"indicator": indicator.position}
    )
    return indicator


@transaction.atomic
def remove_indicator(*, indicator: Indicator, actor: Any) -> None:
    _remove_numbered(indicator, actor=actor, rows="indicators", name="indicator")


@transaction.atomic
def record_indicator_value(*, indicator: Indicator, actor: Any, actual: Decimal | None) -> Indicator:
    """The value reached by an indicator the platform does not compute (entered during the programme)."""
    locked = _lock(indicator.programme)
    _require_officer(actor, locked)
    if locked.state not in (ProgrammeState.ADOPTED, ProgrammeState.IN_FORCE):
        raise ValidationError(_("Values are entered while the programme is in force."))
    if indicator.measure:
        raise ValidationError({"actual": [_("The platform computes this indicator from its records.")]})
    indicator.actual = actual
    indicator.save(update_fields=["actual"])
    record_event(
        actor=actor,
        subject=locked,
        action="programme.indicator.value",
        data={"indicator": indicator.position, "actual": None if actual is None else str(actual)},
    )
    return indicator


# --- what was done: recorded activities and assignments ------------------------------------------------


@transaction.atomic
def record_activity(
    *,
    programme: Programme,
    actor: Any,
    form: CooperationForm,
    on: dt.date | None,
    title: str,
    description: str = "",
    organisations: Iterable[Any] = (),
    goal: Goal | None = None,
    upload: Any = None,
    kind: str = ActivityKind.OTHER,
    ends_on: dt.date | None = None,
    partner: str = "",
    value: Decimal | None = None,
    social_clauses: bool = False,
) -> Activity:
    """An activity under a form recorded by hand (date, title, organisations, description, attachment); a
    purchase of services, a partnership project or an agreement without a grant also has its partner, value,
    period and (a purchase) whether it had social clauses (klauzule społeczne)."""
    locked = _lock(programme)
    _require_officer(actor, locked)
    errors: dict[str, list[str]] = {}
    if locked.state not in (ProgrammeState.ADOPTED, ProgrammeState.IN_FORCE):
        errors["__all__"] = [_("Activities are recorded under a programme that is adopted or in force.")]
    if form.programme_id != locked.pk:
        errors["form"] = [_("Choose a form of this programme.")]
    if goal is not None and (goal.programme_id != locked.pk or not form.goals.filter(pk=goal.pk).exists()):
        errors["goal"] = [_("Choose a goal this form serves.")]
    if on is None:
        errors["on"] = [_("Enter the date of the activity.")]
    elif on.year not in locked.years:
        errors["on"] = [
            _("The date must fall within the programme's period (%(period)s).") % {"period": locked.period_label}
        ]
    if not (title or "").strip():
        errors["title"] = [_("Name the activity.")]
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Choose the kind of cooperation.")]
    if on is not None and ends_on is not None and ends_on < on:
        errors["ends_on"] = [_("The end cannot come before the start.")]
    if value is not None and value < 0:
        errors["value"] = [_("The value cannot be negative.")]
    if social_clauses and kind != ActivityKind.SERVICE_PURCHASE:
        errors["social_clauses"] = [_("Social clauses are recorded for a purchase of services.")]
    content_type = ""
    if upload is not None:
        try:
            content_type = files.identify(upload)
        except ValidationError as error:
            errors["attachment"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    activity = Activity(
        tenant=locked.tenant,
        programme=locked,
        form=form,
        goal=goal,
        on=cast(dt.date, on),
        title=title.strip(),
        description=(description or "").strip(),
        created_by=actor,
        kind=kind,
        ends_on=ends_on,
        partner=(partner or "").strip(),
        value=value,
        social_clauses=social_clauses,
    )
    if upload is not None:
        activity.attachment_name = files.display_name(upload.name, content_type)
        activity.attachment_type = content_type
        activity.attachment.save(f"file{files.EXTENSIONS[content_type][0]}", upload, save=False)
    activity.save()
    activity.organisations.set(list(organisations))
    record_event(
        actor=actor,
        subject=locked,
        action="programme.activity.add",
        data={"activity": activity.pk, "form": form.position, "kind": kind, "value": str(value or "")},
    )
    return activity


@transaction.atomic
def remove_activity(*, activity: Activity, actor: Any) -> None:
    locked = _lock(activity.programme)
    _require_officer(actor, locked)
    if locked.state == ProgrammeState.REPORTED:
        raise ValidationError(_("The programme has been reported; its activities can no longer be removed."))
    title = activity.title
    if activity.attachment:
        # The file goes once the row is gone for good: a rolled-back removal keeps both.
        storage, name = activity.attachment.storage, str(activity.attachment.name)
        transaction.on_commit(lambda: storage.delete(name))
    activity.delete()
    record_event(actor=actor, subject=locked, action="programme.activity.remove", data={"title": title})


@transaction.atomic
def assign_record(
    *, programme: Programme, actor: Any, kind: str, object_id: int, form: CooperationForm, goal: Goal | None = None
) -> Attribution:
    """Say which form (and goal) of the programme a record serves (the office's choice wins over the default)."""
    locked = _lock(programme)
    _require_officer(actor, locked)
    errors: dict[str, list[str]] = {}
    registered = record_kind(kind)
    if registered is None or not registered.model_label:
        raise ValidationError({"kind": [_("Choose a kind of record the platform keeps.")]})
    model = apps.get_model(registered.model_label)
    if not model.objects.filter(tenant=locked.tenant, pk=object_id).exists():
        errors["object_id"] = [_("No such record in this local government.")]
    if form.programme_id != locked.pk:
        errors["form"] = [_("Choose a form of this programme.")]
    elif kind not in form.kinds:
        errors["form"] = [_("This form is not bound to records of this kind.")]
    if goal is not None and (goal.programme_id != locked.pk or not form.goals.filter(pk=goal.pk).exists()):
        errors["goal"] = [_("Choose a goal this form serves.")]
    if errors:
        raise ValidationError(errors)
    attribution: Attribution
    attribution, _created = Attribution.objects.update_or_create(
        programme=locked,
        kind=kind,
        object_id=object_id,
        defaults={"tenant": locked.tenant, "form": form, "goal": goal, "created_by": actor},
    )
    record_event(
        actor=actor,
        subject=locked,
        action="programme.assign",
        data={"kind": kind, "record": object_id, "form": form.position, "goal": goal.position if goal else None},
    )
    return attribution


@transaction.atomic
def clear_assignment(*, attribution: Attribution, actor: Any) -> None:
    locked = _lock(attribution.programme)
    _require_officer(actor, locked)
    data = {"kind": attribution.kind, "record": attribution.object_id}
    attribution.delete()
    record_event(actor=actor, subject=locked, action="programme.unassign", data=data)


# --- lifecycle -------------------------------------------------------------------------------------


def consultation_units(programme: Programme) -> list[UnitData]:
    """Each element of the draft becomes a unit the participants comment on (goals, forms, tasks apart)."""
    units = []
    number = 0

    def add(heading: str, text: str) -> None:
        nonlocal number
        if text.strip():
            number += 1
            units.append(UnitData(label=f"§ {number}", heading=heading, text=text.strip()))

    add(str(_("Main goal")), programme.main_goal)
    add(
        str(_("Specific goals and forms of cooperation")),
        "\n".join(
            f"{g.position}. {g.text}\n"
            + "\n".join(f"   – {f.text}" for f in programme.forms.filter(goals=g).order_by("position"))
            for g in programme.goals.all()
        ),
    )
    for field, label, _point in TEXT_ELEMENTS[1:3]:
        add(str(label), getattr(programme, field))
    add(
        str(_("Priority public tasks")),
        "\n".join(
            f"{t.position}. {t.sphere}: {t.title} ({t.planned_funds:.2f} zł)"
            for t in programme.priority_tasks.select_related("sphere")
        ),
    )
    add(str(_("Programme period")), programme.period_label)
    add(str(_("How the programme is implemented")), programme.implementation)
    add(str(_("Planned funds")), f"{programme.planned_funds:.2f} zł")
    add(
        str(_("How the implementation is evaluated")),
        programme.evaluation_method
        + "\n"
        + "\n".join(
            f"{i.position}. {i.name}: {i.baseline if i.baseline is not None else '—'} → {i.target} {i.unit}".rstrip()
            for i in programme.indicators.all()
        ),
    )
    add(str(_("How competition commissions are appointed and work")), programme.commission_rules)
    return units


@transaction.atomic
def send_to_consultation(
    *,
    programme: Programme,
    actor: Any,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    council: Any = None,
    delivered_on: dt.date | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Programme:
    """One action: the draft goes into a published consultation (one unit per element) and, when a council is
    named, to the Public Benefit Council for its opinion due `council.opinion_days` after delivery. The
    consultation's contact person is the one given, else the official who sends it."""
    locked = _lock(programme)
    _require_officer(actor, locked)
    errors: dict[str, list[str]] = {}
    if starts_on is None:
        errors["starts_on"] = [_("Enter the first day of the consultation.")]
    if ends_on is None:
        errors["ends_on"] = [_("Enter the last day of the consultation.")]
    if council is not None and council.tenant_id != locked.tenant_id:
        errors["council"] = [_("Choose a council of this local government.")]
    if errors:
        raise ValidationError(errors)
    consultation = create_consultation(
        tenant=locked.tenant,
        actor=actor,
        data={
            "title": _("Draft cooperation programme: %(title)s") % {"title": locked.title},
            "act_title": locked.title,
            "justification": locked.main_goal,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "contact_name": contact_name.strip() or actor.get_full_name(),
            "contact_email": contact_email.strip() or ("" if contact_phone.strip() else actor.email),
            "contact_phone": contact_phone.strip(),
        },
        units=consultation_units(locked),
    )
    publish_consultation(consultation=consultation, actor=actor)
    locked.consultation = consultation
    if council is not None:
        locked.opinion_request = request_opinion(
            body=council,
            actor=actor,
            subject=str(_("Draft cooperation programme: %(title)s") % {"title": locked.title}),
            delivered_on=delivered_on or timezone.localdate(),
            description=locked.main_goal,
            consultation=consultation,
        )
    locked.save(update_fields=["consultation", "opinion_request", "updated_at"])
    return apply_transition(
        locked,
        "consult",
        actor=actor,
        data={"consultation": consultation.pk, "opinion_request": locked.opinion_request_id},
    )


@transaction.atomic
def adopt_programme(
    *,
    programme: Programme,
    actor: Any,
    resolution_number: str,
    resolution_date: dt.date | None,
    adopting_body: str = "",
) -> Programme:
    """Record the council's resolution adopting the programme (number and date); art. 5a ust. 1."""
    locked = _lock(programme)
    _require_officer(actor, locked)
    errors: dict[str, list[str]] = {}
    if not (resolution_number or "").strip():
        errors["resolution_number"] = [_("Enter the resolution number.")]
    if resolution_date is None:
        errors["resolution_date"] = [_("Enter the date of the resolution.")]
    elif resolution_date > timezone.localdate():
        errors["resolution_date"] = [_("The resolution date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    if locked.state not in EDITABLE_STATES:
        raise ValidationError(_("The programme has already been adopted."))
    locked.resolution_number = resolution_number.strip()
    locked.resolution_date = resolution_date
    if adopting_body.strip():
        locked.adopting_body = adopting_body.strip()
    locked.save(update_fields=["resolution_number", "resolution_date", "adopting_body", "updated_at"])
    return apply_transition(
        locked,
        "adopt",
        actor=actor,
        data={"resolution_number": locked.resolution_number, "resolution_date": str(resolution_date)},
    )


def bring_into_force(*, programme: Programme, actor: Any) -> Programme:
    return apply_transition(programme, "enter_into_force", actor=actor)


def bring_programmes_into_force(*, on: dt.date | None = None) -> int:
    """Every adopted programme whose first year has begun comes into force (the scheduled command)."""
    day = on or timezone.localdate()
    moved = 0
    with scopes_disabled():
        due = Programme.objects.filter(state=ProgrammeState.ADOPTED, year_from__lte=day.year).order_by("pk")
        for programme in list(due):
            try:
                apply_transition(programme, "auto_enter_into_force", actor=None)
            except (TransitionBlocked, TransitionNotAllowed):
                continue
            moved += 1
    return moved


@transaction.atomic
def copy_programme(*, source: Programme, actor: Any, year_from: int, year_to: int | None = None) -> Programme:
    """Next year's draft as a copy of `source`: elements, goals ↔ forms, priority tasks and indicators; each
    indicator keeps last time's target and the value reached, so unmet targets are highlighted."""
    _require_officer(actor, source)
    span = source.year_to - source.year_from
    last = year_to if year_to is not None else year_from + span
    if year_from <= source.year_to:
        raise ValidationError({"year_from": [_("The copy must start after the programme it copies.")]})
    reached = {}
    # Only a programme that was carried out has results: a draft's targets are neither met nor unmet.
    carried_out = source.state != ProgrammeState.DRAFT
    if carried_out:
        reached = {row["number"]: row["actual"] for row in realisation(source, source.year_to)["indicators"]}
    data = {field: getattr(source, field) for field in PROGRAMME_FIELDS}
    data.update(
        year_from=year_from,
        year_to=last,
        title=source.title.replace(source.period_label, f"{year_from}" if last == year_from else f"{year_from}–{last}"),
        creation_and_consultation="",
    )
    copy = create_programme(tenant=source.tenant, actor=actor, data=data)
    copy.copied_from = source
    copy.save(update_fields=["copied_from"])
    goal_map = {}
    for goal in source.goals.all():
        goal_map[goal.pk] = Goal.objects.create(programme=copy, position=goal.position, text=goal.text)
    for form in source.forms.prefetch_related("goals"):
        new_form = CooperationForm.objects.create(
            programme=copy, position=form.position, text=form.text, kinds=list(form.kinds)
        )
        new_form.goals.set([goal_map[g.pk] for g in form.goals.all()])
    for task in source.priority_tasks.all():
        PriorityTask.objects.create(
            programme=copy,
            position=task.position,
            sphere_id=task.sphere_id,
            title=task.title,
            planned_funds=task.planned_funds,
        )
    for indicator in source.indicators.all():
        actual = reached.get(indicator.position)
        Indicator.objects.create(
            programme=copy,
            position=indicator.position,
            goal=goal_map.get(indicator.goal_id) if indicator.goal_id else None,
            name=indicator.name,
            unit=indicator.unit,
            baseline=Decimal(actual) if actual is not None else indicator.baseline,
            target=indicator.target,
            measure=indicator.measure,
            previous_target=indicator.target if carried_out else None,
            previous_actual=Decimal(actual) if actual is not None else None,
        )
    record_event(actor=actor, subject=copy, action="programme.copy", data={"from": source.pk})
    return copy
