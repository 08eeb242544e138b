"""Reads of the cooperation programme: lists, the realisation computed from the records, deadlines.

`realisation(programme, year)` is the report: every registered record kind lists its records of the
year once and every registered measure is computed once, so the number of queries does not grow with
the number of records. The result is plain JSON (amounts as strings), the same dictionary the published
report freezes and its page, PDF, DOCX and open data render.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.core.record_kinds import Cooperation, Record, measure, measures, record_kind, record_kinds
from pozytek.councils.states import BodyState
from pozytek.legal.selectors import legal_parameter
from pozytek.programmes.models import (
    Activity,
    Attribution,
    CooperationForm,
    Indicator,
    PriorityTask,
    Programme,
    RealisationReport,
)
from pozytek.programmes.states import ADOPTED_STATES, ProgrammeState, ReportState
from pozytek.tenants.states import TenantState

TWO_PLACES = Decimal("0.01")


def _money(value: Decimal | int | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(TWO_PLACES))


def month_day(key: str, year: int, *, tenant: Any = None) -> dt.date:
    """A day of the year kept as a legal parameter in MM.DD form (e.g. 11.30 → 30 November of `year`)."""
    value = legal_parameter(key, on=dt.date(year, 1, 1), tenant=tenant).value
    month = int(value)
    day = int((value - month) * 100)
    return dt.date(year, month, day)


def adoption_deadline(programme_year: int, *, tenant: Any = None) -> dt.date:
    """Art. 5a ust. 1: adopted by this day of the year before the programme year (30 November)."""
    return month_day("programme.adoption_deadline", programme_year - 1, tenant=tenant)


def report_deadline(report_year: int, *, tenant: Any = None) -> dt.date:
    """Art. 5a ust. 3: the report on a year is published by this day of the next year (31 May)."""
    return month_day("programme.report_deadline", report_year + 1, tenant=tenant)


# --- lists ---------------------------------------------------------------------------------------


def programmes_of(tenant: Any) -> QuerySet[Programme]:
    return Programme.objects.filter(tenant=tenant).order_by("-year_from", "-pk")


def public_programmes(tenant: Any) -> QuerySet[Programme]:
    """What the council adopted (the public sees no drafts; a draft in consultation is the consultation's)."""
    return programmes_of(tenant).filter(state__in=ADOPTED_STATES)


def activities_of_organisation_across_tenants(organisation: Any, *, limit: int = 50) -> list[Activity]:
    """The organisation's cooperation outside grants on its profile: activities recorded under adopted
    programmes of published local governments that name it, newest first (bounded). Crosses tenants on
    purpose (the programmes' pages are public), filtered by the organisation."""
    with scopes_disabled():
        return list(
            Activity.objects.filter(
                organisations=organisation.pk,
                programme__state__in=ADOPTED_STATES,
                tenant__state=TenantState.PUBLISHED,
            )
            .select_related("tenant")
            .order_by("-on", "-pk")[:limit]
        )


def programme_for_year(tenant: Any, year: int) -> Programme | None:
    """The adopted programme that covers `year` (one at most: adoption refuses an overlap)."""
    return (
        Programme.objects.filter(tenant=tenant, state__in=ADOPTED_STATES, year_from__lte=year, year_to__gte=year)
        .order_by("-year_from")
        .first()
    )


def priority_tasks_for(tenant: Any, year: int) -> QuerySet[PriorityTask]:
    """Priority tasks of the tenant's adopted programmes covering `year`: what a call of that year may realise."""
    return (
        PriorityTask.objects.filter(
            programme__tenant=tenant,
            programme__state__in=ADOPTED_STATES,
            programme__year_from__lte=year,
            programme__year_to__gte=year,
        )
        .select_related("programme", "sphere")
        .order_by("-programme__year_from", "programme_id", "position", "pk")
    )


def overlapping_adopted(programme: Programme) -> QuerySet[Programme]:
    """Other adopted programmes of the tenant whose years overlap `programme`'s."""
    return (
        Programme.objects.filter(
            tenant=programme.tenant,
            state__in=ADOPTED_STATES,
            year_from__lte=programme.year_to,
            year_to__gte=programme.year_from,
        )
        .exclude(pk=programme.pk)
        .filter(kind=programme.kind)
    )


def published_reports(tenant: Any) -> QuerySet[RealisationReport]:
    return (
        RealisationReport.objects.filter(tenant=tenant, state=ReportState.PUBLISHED)
        .select_related("programme")
        .order_by("-year")
    )


def reports_of(programme: Programme) -> QuerySet[RealisationReport]:
    return RealisationReport.objects.filter(programme=programme).order_by("-year")


def _consultation_of(programme: Programme) -> dict[str, Any] | None:
    """The consultation the draft went through on the platform (art. 5a ust. 1), once it was published."""
    consultation = programme.consultation
    if consultation is None or consultation.published_at is None:
        return None
    return {
        "title": consultation.title,
        "starts_on": consultation.starts_on.isoformat() if consultation.starts_on else None,
        "ends_on": consultation.ends_on.isoformat() if consultation.ends_on else None,
        "url": reverse("consultations:detail", kwargs={"tenant_slug": programme.tenant.slug, "pk": consultation.pk}),
    }


def _opinion_of(programme: Programme) -> dict[str, Any] | None:
    """The Public Benefit Council's opinion on the draft (art. 5a ust. 2a: attached to the draft), or that
    the council was asked and gave none in time (art. 41i ust. 2: the right is then waived)."""
    request = programme.opinion_request
    if request is None:
        return None
    body = request.body
    act = request.opinion
    return {
        "body": body.name,
        "delivered_on": request.delivered_on.isoformat(),
        "due_on": request.due_on.isoformat(),
        "state": request.state,
        "waived": act is None and request.state == "pending" and request.due_on < timezone.localdate(),
        "number": act.number if act else None,
        "adopted_on": act.adopted_on.isoformat() if act else None,
        "text": act.text if act else None,
        "url": reverse("councils:act", kwargs={"tenant_slug": programme.tenant.slug, "slug": body.slug, "pk": act.pk})
        if act and body.state != BodyState.FORMING
        else None,
    }


def structure(programme: Programme) -> dict[str, Any]:
    """The programme as open data: every element of art. 5a ust. 4 and the goals ↔ forms matrix."""
    goals = list(programme.goals.all())
    forms = list(programme.forms.prefetch_related("goals"))
    tasks = list(programme.priority_tasks.select_related("sphere"))
    indicators = list(programme.indicators.select_related("goal"))
    kind_labels = {k.key: str(k.label) for k in record_kinds()}
    return {
        "tenant": programme.tenant.name,
        "id": programme.pk,
        "title": programme.title,
        "kind": programme.kind,
        "kind_label": str(programme.get_kind_display()),
        "year_from": programme.year_from,
        "year_to": programme.year_to,
        "state": programme.state,
        "state_label": str(programme.get_state_display()),
        "adopting_body": programme.adopting_body,
        "resolution_number": programme.resolution_number,
        "resolution_date": programme.resolution_date.isoformat() if programme.resolution_date else None,
        "main_goal": programme.main_goal,
        "principles": programme.principles,
        "subject_scope": programme.subject_scope,
        "implementation": programme.implementation,
        "evaluation_method": programme.evaluation_method,
        "creation_and_consultation": programme.creation_and_consultation,
        "commission_rules": programme.commission_rules,
        "consultation": _consultation_of(programme),
        "council_opinion": _opinion_of(programme),
        "planned_funds": _money(programme.planned_funds),
        "goals": [{"number": g.position, "text": g.text} for g in goals],
        "forms": [
            {
                "number": f.position,
                "text": f.text,
                "goals": sorted(g.position for g in f.goals.all()),
                "kinds": list(f.kinds),
                "kind_labels": [kind_labels.get(k, k) for k in f.kinds],
            }
            for f in forms
        ],
        "priority_tasks": [
            {
                "number": t.position,
                "sphere": t.sphere.code,
                "sphere_name": str(t.sphere),
                "title": t.title,
                "planned_funds": _money(t.planned_funds),
            }
            for t in tasks
        ],
        "indicators": [
            {
                "number": i.position,
                "goal": i.goal.position if i.goal else None,
                "name": i.name,
                "unit": i.unit,
                "baseline": _money(i.baseline),
                "target": _money(i.target),
                "measure": i.measure,
                "previous_target": _money(i.previous_target),
                "previous_actual": _money(i.previous_actual),
                "previous_unmet": i.previous_unmet,
            }
            for i in indicators
        ],
    }


# --- the realisation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    form_id: int | None
    goal_id: int | None
    chosen: bool


def _place(
    record: Record,
    attributions: dict[tuple[str, int], Attribution],
    first_form_of_kind: dict[str, int],
    form_ids: set[int],
) -> Placement:
    chosen = attributions.get((record.kind, record.pk))
    if chosen is not None:
        return Placement(chosen.form_id, chosen.goal_id, True)
    if record.form_id is not None and record.form_id in form_ids:
        return Placement(record.form_id, record.goal_id, True)
    return Placement(first_form_of_kind.get(record.kind), None, False)


def _indicator_row(indicator: Indicator, computed: dict[str, Decimal]) -> dict[str, Any]:
    if indicator.measure and indicator.measure in computed:
        actual: Decimal | None = computed[indicator.measure]
        source = "computed"
    else:
        actual = indicator.actual
        source = "entered"
    progress = None
    if actual is not None and indicator.target:
        base = indicator.baseline or Decimal(0)
        if indicator.target != base:
            progress = int(((actual - base) / (indicator.target - base) * 100).quantize(Decimal(1)))
    return {
        "number": indicator.position,
        "goal": indicator.goal.position if indicator.goal else None,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": _money(indicator.baseline),
        "target": _money(indicator.target),
        "actual": _money(actual),
        "source": source,
        "measure_label": str(m.label) if (m := measure(indicator.measure)) else "",
        "progress": progress,
        "met": actual is not None and actual >= indicator.target,
    }


def realisation(programme: Programme, year: int, *, on: dt.date | None = None) -> dict[str, Any]:
    """What was done under the programme in `year`, per goal and per form, with the figures of every
    registered measure, the indicators against their targets and plan vs actual funds per priority task."""
    today = on or timezone.localdate()
    tenant = programme.tenant
    goals = list(programme.goals.all())
    forms = list(programme.forms.prefetch_related("goals"))
    tasks = list(programme.priority_tasks.select_related("sphere"))
    indicators = list(programme.indicators.select_related("goal"))
    attributions = {(a.kind, a.object_id): a for a in Attribution.objects.filter(programme=programme)}
    form_ids = {f.pk for f in forms}
    first_form_of_kind: dict[str, int] = {}
    for form in forms:
        for key in form.kinds:
            first_form_of_kind.setdefault(key, form.pk)

    by_form: dict[int, list[dict[str, Any]]] = defaultdict(list)
    goal_hits: dict[int, int] = defaultdict(int)
    unassigned: list[dict[str, Any]] = []
    task_actual: dict[int, Decimal] = defaultdict(Decimal)
    task_records: dict[int, int] = defaultdict(int)
    sphere_task = {t.sphere_id: t.pk for t in reversed(tasks)}
    task_ids = {t.pk for t in tasks}
    goals_of_form = {f.pk: [g.pk for g in f.goals.all()] for f in forms}
    kind_totals: dict[str, dict[str, Any]] = {}

    for kind in record_kinds():
        # A record filed under a form by nature (an activity) belongs to that form's programme only.
        rows = [r for r in kind.list_records(tenant, year) if r.form_id is None or r.form_id in form_ids]
        kind_totals[kind.key] = {
            "key": kind.key,
            "label": str(kind.label),
            "cooperation": kind.cooperation,
            "count": len(rows),
            "amount": _money(sum((r.amount or Decimal(0) for r in rows), Decimal(0)))
            if kind.cooperation == Cooperation.FINANCIAL
            else None,
        }
        for record in rows:
            placement = _place(record, attributions, first_form_of_kind, form_ids)
            row = {
                "kind": kind.key,
                "kind_label": str(kind.label),
                "cooperation": kind.cooperation,
                "title": record.title,
                "on": record.on.isoformat() if record.on else None,
                "url": record.url,
                "amount": _money(record.amount),
                "chosen": placement.chosen,
            }
            if record.amount is not None:
                task_id = record.priority_task_id if record.priority_task_id in task_ids else None
                if task_id is None:
                    task_id = next((sphere_task[s] for s in record.spheres if s in sphere_task), None)
                if task_id is not None:
                    task_actual[task_id] += record.amount
                    task_records[task_id] += 1
            if placement.form_id is None:
                unassigned.append(row)
                continue
            by_form[placement.form_id].append(row)
            served = [placement.goal_id] if placement.goal_id else goals_of_form.get(placement.form_id, [])
            for goal_id in served:
                goal_hits[goal_id] += 1

    computed: dict[str, Decimal] = {}
    figures: dict[str, list[dict[str, Any]]] = {Cooperation.FINANCIAL: [], Cooperation.NON_FINANCIAL: []}
    for m in measures():
        value = Decimal(m.compute(tenant, year))
        computed[m.key] = value
        figures.setdefault(m.cooperation, []).append(
            {
                "key": m.key,
                "label": str(m.label),
                "unit": m.unit,
                "value": _money(value)
                if m.unit == "pln"
                else str(value.quantize(Decimal(1)) if value == value.to_integral() else value),
            }
        )

    check_day = month_day("programme.activity_check", year, tenant=tenant)
    check_passed = today >= check_day
    goal_rows = []
    for goal in goals:
        records = goal_hits.get(goal.pk, 0)
        goal_rows.append(
            {
                "number": goal.position,
                "text": goal.text,
                "forms": sorted(f.position for f in forms if goal.pk in goals_of_form[f.pk]),
                "records": records,
                "without_activity": records == 0 and check_passed,
            }
        )
    form_rows = []
    for form in forms:
        listed = sorted(by_form.get(form.pk, []), key=lambda r: (r["on"] or "", r["title"]))
        counts: dict[str, int] = defaultdict(int)
        for item in listed:
            counts[item["kind_label"]] += 1
        amounts = [Decimal(item["amount"]) for item in listed if item["amount"] is not None]
        form_rows.append(
            {
                "number": form.position,
                "text": form.text,
                "goals": sorted(g.position for g in form.goals.all()),
                "kind_labels": [str(k.label) if (k := record_kind(key)) else key for key in form.kinds],
                "records": listed,
                "counts": [{"label": label, "count": n} for label, n in counts.items()],
                "amount": _money(sum(amounts, Decimal(0))) if amounts else None,
            }
        )
    planned_total = sum((t.planned_funds for t in tasks), Decimal(0))
    actual_total = sum(task_actual.values(), Decimal(0))
    return {
        "programme": {
            "id": programme.pk,
            "title": programme.title,
            "tenant": tenant.name,
            "period": programme.period_label,
            "adopting_body": programme.adopting_body,
            "resolution_number": programme.resolution_number,
            "resolution_date": programme.resolution_date.isoformat() if programme.resolution_date else None,
            "planned_funds": _money(programme.planned_funds),
        },
        "year": year,
        "computed_on": today.isoformat(),
        "activity_check_on": check_day.isoformat(),
        "kinds": list(kind_totals.values()),
        "financial": figures.get(Cooperation.FINANCIAL, []),
        "non_financial": figures.get(Cooperation.NON_FINANCIAL, []),
        "goals": goal_rows,
        "forms": form_rows,
        "unassigned": unassigned,
        "indicators": [_indicator_row(i, computed) for i in indicators],
        "priority_tasks": [
            {
                "number": t.position,
                "sphere": str(t.sphere),
                "title": t.title,
                "planned": _money(t.planned_funds),
                "actual": _money(task_actual.get(t.pk, Decimal(0))),
                "records": task_records.get(t.pk, 0),
            }
            for t in tasks
        ],
        "funds": {"planned": _money(planned_total), "actual": _money(actual_total)},
    }


# --- what the office must do next ---------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineWarning:
    message: str
    due_on: dt.date
    overdue: bool
    url_name: str


def deadline_warnings(tenant: Any, *, on: dt.date | None = None) -> list[DeadlineWarning]:
    """No programme for this year (overdue since 30 November of the last); the programme for next year not
    adopted as 30 November nears; last year's report not published as 31 May nears (both warned
    `programme.warning_days` ahead; a tenant's own row wins)."""
    today = on or timezone.localdate()
    warnings: list[DeadlineWarning] = []
    lead = int(legal_parameter("programme.warning_days", on=today, tenant=tenant).value)
    if programme_for_year(tenant, today.year) is None:
        due = adoption_deadline(today.year, tenant=tenant)
        warnings.append(
            DeadlineWarning(
                _("No cooperation programme is adopted for %(year)d: it was due by %(day)s (art. 5a ust. 1).")
                % {"year": today.year, "day": due.strftime("%d.%m.%Y")},
                due,
                True,
                "programmes_office:list",
            )
        )
    next_year = today.year + 1
    due = adoption_deadline(next_year, tenant=tenant)
    if today >= due - dt.timedelta(days=lead) and programme_for_year(tenant, next_year) is None:
        warnings.append(
            DeadlineWarning(
                _("The cooperation programme for %(year)d must be adopted by %(day)s (art. 5a ust. 1).")
                % {"year": next_year, "day": due.strftime("%d.%m.%Y")},
                due,
                today > due,
                "programmes_office:list",
            )
        )
    last_year = today.year - 1
    due = report_deadline(last_year, tenant=tenant)
    covering = programme_for_year(tenant, last_year)
    if covering is not None and today >= due - dt.timedelta(days=lead) and today.month <= 12:
        published = RealisationReport.objects.filter(
            programme=covering, year=last_year, state=ReportState.PUBLISHED
        ).exists()
        if not published:
            warnings.append(
                DeadlineWarning(
                    _(
                        "The report on the programme's realisation in %(year)d must be published by %(day)s "
                        "(art. 5a ust. 3)."
                    )
                    % {"year": last_year, "day": due.strftime("%d.%m.%Y")},
                    due,
                    today > due,
                    "programmes_office:list",
                )
            )
    return warnings


def records_to_attribute(programme: Programme, year: int) -> list[dict[str, Any]]:
    """The year's records of every kind with their current goal and form (for the office's assignment page)."""
    attributions = {(a.kind, a.object_id): a for a in Attribution.objects.filter(programme=programme)}
    forms = list(programme.forms.all())
    first_form_of_kind: dict[str, CooperationForm] = {}
    for form in forms:
        for key in form.kinds:
            first_form_of_kind.setdefault(key, form)
    rows = []
    for kind in record_kinds():
        if kind.key == "other_activity":
            continue
        for record in kind.list_records(programme.tenant, year):
            chosen = attributions.get((kind.key, record.pk))
            rows.append(
                {
                    "kind": kind.key,
                    "kind_label": str(kind.label),
                    "record": record,
                    "attribution": chosen,
                    "suggested_form": first_form_of_kind.get(kind.key),
                }
            )
    return rows


def programme_is_public(programme: Programme) -> bool:
    return programme.state in ADOPTED_STATES


def in_force_programmes(tenant: Any) -> QuerySet[Programme]:
    return Programme.objects.filter(tenant=tenant).filter(
        Q(state=ProgrammeState.IN_FORCE) | Q(state=ProgrammeState.ADOPTED)
    )
