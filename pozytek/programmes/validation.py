"""What a programme must hold before it goes into consultation or is adopted (art. 5a ust. 4)."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from pozytek.core.workflow import Problem
from pozytek.programmes.models import TEXT_ELEMENTS


def _spaced(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")


def funds_problem(programme: Any) -> str | None:
    """The priority tasks' planned funds may not exceed the programme's planned funds in total."""
    tasks_total = sum((t.planned_funds for t in programme.priority_tasks.all()), Decimal(0))
    if tasks_total > programme.planned_funds:
        return _(
            "The priority tasks plan %(tasks)s zł, more than the programme's planned funds of %(total)s zł: "
            "raise the total or lower the tasks."
        ) % {"tasks": _spaced(tasks_total), "total": _spaced(programme.planned_funds)}
    return None


def content_problems(programme: Any) -> list[Problem]:
    """Every element of art. 5a ust. 4 present, every form bound to a goal and a kind of record."""
    problems = []
    for field, label, point in TEXT_ELEMENTS:
        if field == "creation_and_consultation":
            continue  # written after the consultation
        if not getattr(programme, field).strip():
            problems.append(
                Problem(
                    _("Fill in “%(element)s” (art. 5a ust. 4 pkt %(point)d).") % {"element": label, "point": point},
                    field,
                )
            )
    goals = list(programme.goals.all())
    if not goals:
        problems.append(Problem(_("Add at least one specific goal."), "goals"))
    forms = list(programme.forms.prefetch_related("goals"))
    if not forms:
        problems.append(Problem(_("Add at least one form of cooperation."), "forms"))
    for form in forms:
        if not form.goals.all():
            problems.append(
                Problem(
                    _("Form %(number)d serves no goal: choose the goals it serves.") % {"number": form.position},
                    "forms",
                )
            )
        if not form.kinds:
            problems.append(
                Problem(
                    _("Form %(number)d is bound to no kind of record: choose what the report counts under it.")
                    % {"number": form.position},
                    "forms",
                )
            )
    served = {g.pk for f in forms for g in f.goals.all()}
    for goal in goals:
        if goal.pk not in served:
            problems.append(
                Problem(_("Goal %(number)d has no form of cooperation.") % {"number": goal.position}, "goals")
            )
    if not programme.priority_tasks.exists():
        problems.append(Problem(_("Add the priority public tasks."), "priority_tasks"))
    message = funds_problem(programme)
    if message:
        problems.append(Problem(message, "planned_funds"))
    if not programme.indicators.exists():
        problems.append(Problem(_("Add the indicators by which the programme is evaluated."), "indicators"))
    return problems
