"""Office pages of the cooperation programme (/<tenant>/urzad/program-wspolpracy/): the list, a new draft or a
copy of last year's, its elements, goals ↔ forms, priority tasks and indicators, the consultation, the adoption
and coming into force, and the values of the indicators the platform does not compute.

Every programme is read within the request's tenant (another tenant's id: 404) and every child row within its
programme; a service's ValidationError is shown next to the fields, a blocked transition lists its problems.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.core.record_kinds import measure, record_kind
from pozytek.core.workflow import (
    Problem,
    TransitionBlocked,
    TransitionNotAllowed,
    available_actions,
    lifecycle,
    not_allowed,
)
from pozytek.councils.selectors import bodies_of
from pozytek.councils.states import BodyKind, BodyState
from pozytek.programmes.forms.office import (
    AdoptForm,
    ConsultForm,
    CooperationFormForm,
    CopyForm,
    GoalForm,
    IndicatorForm,
    IndicatorValueForm,
    PriorityTaskForm,
    ProgrammeForm,
)
from pozytek.programmes.models import TEXT_ELEMENTS, Programme
from pozytek.programmes.selectors import deadline_warnings, programmes_of
from pozytek.programmes.services import programmes as services
from pozytek.programmes.states import ADOPTED_STATES, EDITABLE_STATES, ProgrammeKind, ProgrammeState
from pozytek.programmes.validation import funds_problem
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

PERMISSION = "programmes.manage"
# The actions of the programme's lifecycle an official takes on these pages: (url name, needs a form page).
ACTION_PAGES = {"consult": ("consult", True), "adopt": ("adopt", True), "enter_into_force": ("force", False)}
# Problems the action's own form answers (the resolution is typed on the adoption page).
ANSWERED_BY_FORM = {"adopt": {"resolution"}}
# Where on the detail page a problem's section is mended.
SECTION_ANCHORS = {
    **{field: "elements" for field, _label, _point in TEXT_ELEMENTS},
    "goals": "goals",
    "forms": "forms",
    "priority_tasks": "tasks",
    "planned_funds": "tasks",
    "indicators": "indicators",
}


def adopted_message() -> str:
    return _("An adopted programme can no longer be changed; start next year's programme as a copy of it.")


class Office(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def programme(self, request: HttpRequest, pk: int) -> Programme:
        programme: Programme = get_object_or_404(programmes_of(current_tenant(request)), pk=pk)
        return programme

    def back(self, programme: Programme, anchor: str = "") -> HttpResponse:
        url = reverse("programmes_office:detail", kwargs={"tenant_slug": programme.tenant.slug, "pk": programme.pk})
        return redirect(f"{url}#{anchor}" if anchor else url)

    def refuse_adopted(self, request: HttpRequest, programme: Programme) -> HttpResponse | None:
        """An adopted programme's content is not edited: back to its page with the reason."""
        if programme.state in EDITABLE_STATES:
            return None
        messages.error(request, adopted_message())
        return self.back(programme)


def _blocked(form: forms.BaseForm, problems: list[Problem], fields: dict[str, str] | None = None) -> None:
    """A blocked transition's problems next to the fields they concern (else above the form)."""
    for problem in problems:
        name = (fields or {}).get(problem.section, problem.section)
        form.add_error(name if name in form.fields else None, problem.message)


# --- the list, a new draft, a copy, the elements ---------------------------------------------------


class ListView(Office):
    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        context = {"programmes": list(programmes_of(tenant)), "warnings": deadline_warnings(tenant)}
        return render(request, "programmes/office_list.html", context)


def _programme_data(form: ProgrammeForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.PROGRAMME_FIELDS}


class CreateView(Office):
    template = "programmes/office_programme_form.html"

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        year = timezone.localdate().year + 1
        form = ProgrammeForm(
            initial={
                "kind": ProgrammeKind.ANNUAL,
                "year_from": year,
                "title": _("Programme of cooperation with non-governmental organisations for %(year)d")
                % {"year": year},
            }
        )
        return render(request, self.template, {"form": form})

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            try:
                programme = services.create_programme(
                    tenant=current_tenant(request), actor=request.user, data=_programme_data(form)
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The draft has been created. Add its goals and forms of cooperation."))
                return self.back(programme)
        return render(request, self.template, {"form": form}, status=400)


class EditView(Office):
    template = "programmes/office_programme_form.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self.refuse_adopted(request, programme):
            return refused
        initial = {name: getattr(programme, name) for name in services.PROGRAMME_FIELDS}
        return render(request, self.template, {"form": ProgrammeForm(initial=initial), "programme": programme})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self.refuse_adopted(request, programme):
            return refused
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            try:
                services.update_programme(programme=programme, actor=request.user, data=_programme_data(form))
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return self.back(programme, "elements")
        return render(request, self.template, {"form": form, "programme": programme}, status=400)


class CopyView(Office):
    """Next year's draft as a copy of this programme (unmet targets are highlighted in the copy)."""

    template = "programmes/office_copy.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        source = self.programme(request, pk)
        form = CopyForm(initial={"year_from": source.year_to + 1})
        return render(request, self.template, {"form": form, "source": source})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        source = self.programme(request, pk)
        form = CopyForm(request.POST)
        if form.is_valid():
            try:
                copy = services.copy_programme(
                    source=source, actor=request.user, year_from=form.cleaned_data["year_from"]
                )
            except ValidationError as error:
                attach_service_errors(form, error, field="year_from")
            else:
                messages.success(
                    request, _("The copy has been created as a draft. Check its goals, tasks and targets.")
                )
                return self.back(copy)
        return render(request, self.template, {"form": form, "source": source}, status=400)


# --- the detail page --------------------------------------------------------------------------------


def _action_rows(programme: Programme, user: Any) -> list[dict[str, Any]]:
    """The lifecycle actions open to the official now, each with what still blocks it."""
    rows = []
    for transition in available_actions(lifecycle(programme), programme, user):
        if transition.action not in ACTION_PAGES:
            continue
        url_name, has_form = ACTION_PAGES[transition.action]
        answered = ANSWERED_BY_FORM.get(transition.action, set())
        problems = [p for p in transition.check(programme) if p.section not in answered]
        rows.append(
            {
                "action": transition.action,
                "label": transition.label,
                "url_name": url_name,
                "has_form": has_form,
                "problems": [{"message": p.message, "anchor": SECTION_ANCHORS.get(p.section, "")} for p in problems],
            }
        )
    return rows


class DetailView(Office):
    """Every element, the goals ↔ forms matrix, tasks and funds, indicators, what blocks the next step."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        tenant = current_tenant(request)
        programme = self.programme(request, pk)
        goals = list(programme.goals.all())
        forms_: list[dict[str, Any]] = [
            {
                "obj": form,
                "kind_labels": [str(k.label) if (k := record_kind(key)) else key for key in form.kinds],
                "goals": [g.position for g in form.goals.all()],
            }
            for form in programme.forms.prefetch_related("goals")
        ]
        matrix = [(goal, [f for f in forms_ if goal.position in f["goals"]]) for goal in goals]
        tasks = list(programme.priority_tasks.select_related("sphere"))
        indicators = [
            {"obj": i, "measure_label": str(m.label) if i.measure and (m := measure(i.measure)) else i.measure}
            for i in programme.indicators.select_related("goal")
        ]
        user: Any = request.user
        adopted = programme.state in ADOPTED_STATES
        context = {
            "programme": programme,
            "editable": programme.state in EDITABLE_STATES,
            "adopted": adopted,
            "values_open": programme.state in (ProgrammeState.ADOPTED, ProgrammeState.IN_FORCE),
            "elements": [(label, point, getattr(programme, field)) for field, label, point in TEXT_ELEMENTS],
            "goals": goals,
            "forms": forms_,
            "matrix": matrix,
            "tasks": tasks,
            "tasks_total": sum((t.planned_funds for t in tasks), Decimal(0)),
            "funds_problem": funds_problem(programme),
            "indicators": indicators,
            "actions": _action_rows(programme, user),
            "can_see_consultation": programme.consultation_id is not None
            and user.has_perm("consultations.manage_consultations", tenant),
            "can_see_council": programme.opinion_request_id is not None
            and user.has_perm("councils.manage_bodies", tenant),
            "opinion_request": programme.opinion_request,
            "years": list(programme.years),
        }
        return render(request, "programmes/office_detail.html", context)


# --- goals, forms of cooperation, priority tasks, indicators -----------------------------------------


class ItemView(Office):
    """Add (no item in the URL) or edit one row of an editable programme; subclasses say which."""

    template = "programmes/office_item_form.html"
    item_kwarg = ""
    anchor = ""
    add_title: Any = ""
    edit_title: Any = ""

    def rows(self, programme: Programme) -> Any:
        raise NotImplementedError

    def build(self, programme: Programme, data: Any = None, item: Any = None) -> forms.Form:
        raise NotImplementedError

    def save(self, request: HttpRequest, programme: Programme, item: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def item(self, programme: Programme, kwargs: dict[str, Any]) -> Any:
        if self.item_kwarg not in kwargs:
            return None
        return get_object_or_404(self.rows(programme), pk=kwargs[self.item_kwarg])

    def _render(
        self, request: HttpRequest, programme: Programme, item: Any, form: forms.Form, status: int = 200
    ) -> HttpResponse:
        context = {
            "programme": programme,
            "item": item,
            "form": form,
            "title": self.edit_title if item is not None else self.add_title,
            "anchor": self.anchor,
        }
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, **kwargs: Any) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self.refuse_adopted(request, programme):
            return refused
        item = self.item(programme, kwargs)
        return self._render(request, programme, item, self.build(programme, None, item))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, **kwargs: Any) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self.refuse_adopted(request, programme):
            return refused
        item = self.item(programme, kwargs)
        form = self.build(programme, request.POST, item)
        if form.is_valid():
            try:
                self.save(request, programme, item, form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return self.back(programme, self.anchor)
        return self._render(request, programme, item, form, status=400)


class GoalView(ItemView):
    item_kwarg = "goal"
    anchor = "goals"
    add_title = gettext_lazy("Add a specific goal")
    edit_title = gettext_lazy("Edit the specific goal")

    def rows(self, programme: Programme) -> Any:
        return programme.goals.all()

    def build(self, programme: Programme, data: Any = None, item: Any = None) -> forms.Form:
        return GoalForm(data, initial={"text": item.text} if item else None)

    def save(self, request: HttpRequest, programme: Programme, item: Any, data: dict[str, Any]) -> None:
        if item is None:
            services.add_goal(programme=programme, actor=request.user, text=data["text"])
        else:
            services.update_goal(goal=item, actor=request.user, text=data["text"])


class FormView(ItemView):
    item_kwarg = "form"
    anchor = "forms"
    add_title = gettext_lazy("Add a form of cooperation")
    edit_title = gettext_lazy("Edit the form of cooperation")

    def rows(self, programme: Programme) -> Any:
        return programme.forms.all()

    def build(self, programme: Programme, data: Any = None, item: Any = None) -> forms.Form:
        initial = None
        if item is not None:
            initial = {"text": item.text, "kinds": list(item.kinds), "goals": [g.pk for g in item.goals.all()]}
        return CooperationFormForm(data, programme=programme, initial=initial)

    def save(self, request: HttpRequest, programme: Programme, item: Any, data: dict[str, Any]) -> None:
        values = {"text": data["text"], "kinds": data["kinds"], "goals": list(data["goals"])}
        if item is None:
            services.add_form(programme=programme, actor=request.user, **values)
        else:
            services.update_form(form=item, actor=request.user, **values)


class TaskView(ItemView):
    item_kwarg = "task"
    anchor = "tasks"
    add_title = gettext_lazy("Add a priority public task")
    edit_title = gettext_lazy("Edit the priority public task")

    def rows(self, programme: Programme) -> Any:
        return programme.priority_tasks.all()

    def build(self, programme: Programme, data: Any = None, item: Any = None) -> forms.Form:
        if item is None:
            return PriorityTaskForm(data)
        initial = {"sphere": item.sphere_id, "title": item.title, "planned_funds": item.planned_funds}
        return PriorityTaskForm(data, initial=initial, current_sphere=item.sphere_id)

    def save(self, request: HttpRequest, programme: Programme, item: Any, data: dict[str, Any]) -> None:
        values = {"sphere": data["sphere"], "title": data["title"], "planned_funds": data["planned_funds"]}
        if item is None:
            services.add_priority_task(programme=programme, actor=request.user, **values)
        else:
            services.update_priority_task(task=item, actor=request.user, **values)


class IndicatorView(ItemView):
    item_kwarg = "indicator"
    anchor = "indicators"
    add_title = gettext_lazy("Add an indicator")
    edit_title = gettext_lazy("Edit the indicator")

    def rows(self, programme: Programme) -> Any:
        return programme.indicators.all()

    def build(self, programme: Programme, data: Any = None, item: Any = None) -> forms.Form:
        initial = None
        if item is not None:
            initial = {name: getattr(item, name) for name in services.INDICATOR_FIELDS}
        return IndicatorForm(data, programme=programme, initial=initial)

    def save(self, request: HttpRequest, programme: Programme, item: Any, data: dict[str, Any]) -> None:
        values = {name: data[name] for name in services.INDICATOR_FIELDS}
        if item is None:
            services.add_indicator(programme=programme, actor=request.user, data=values)
        else:
            services.update_indicator(indicator=item, actor=request.user, data=values)


class RemoveView(Office):
    """GET: what will be removed and a button; POST: remove it (an adopted programme keeps everything)."""

    template = "programmes/office_confirm_remove.html"
    item_kwarg = ""
    anchor = ""
    question: Any = ""

    def rows(self, programme: Programme) -> Any:
        raise NotImplementedError

    def remove(self, request: HttpRequest, item: Any) -> None:
        raise NotImplementedError

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, **kwargs: Any) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self.refuse_adopted(request, programme):
            return refused
        item = get_object_or_404(self.rows(programme), pk=kwargs[self.item_kwarg])
        context = {"programme": programme, "item": item, "question": self.question, "anchor": self.anchor}
        return render(request, self.template, context)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, **kwargs: Any) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self.refuse_adopted(request, programme):
            return refused
        item = get_object_or_404(self.rows(programme), pk=kwargs[self.item_kwarg])
        try:
            self.remove(request, item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Removed: %(item)s") % {"item": str(item)[:120]})
        return self.back(programme, self.anchor)


class GoalRemoveView(RemoveView):
    item_kwarg, anchor = "goal", "goals"
    question = gettext_lazy("Remove this specific goal? The forms of cooperation no longer serve it.")

    def rows(self, programme: Programme) -> Any:
        return programme.goals.all()

    def remove(self, request: HttpRequest, item: Any) -> None:
        services.remove_goal(goal=item, actor=request.user)


class FormRemoveView(RemoveView):
    item_kwarg, anchor = "form", "forms"
    question = gettext_lazy("Remove this form of cooperation?")

    def rows(self, programme: Programme) -> Any:
        return programme.forms.all()

    def remove(self, request: HttpRequest, item: Any) -> None:
        services.remove_form(form=item, actor=request.user)


class TaskRemoveView(RemoveView):
    item_kwarg, anchor = "task", "tasks"
    question = gettext_lazy("Remove this priority public task?")

    def rows(self, programme: Programme) -> Any:
        return programme.priority_tasks.all()

    def remove(self, request: HttpRequest, item: Any) -> None:
        services.remove_priority_task(task=item, actor=request.user)


class IndicatorRemoveView(RemoveView):
    item_kwarg, anchor = "indicator", "indicators"
    question = gettext_lazy("Remove this indicator?")

    def rows(self, programme: Programme) -> Any:
        return programme.indicators.all()

    def remove(self, request: HttpRequest, item: Any) -> None:
        services.remove_indicator(indicator=item, actor=request.user)


class IndicatorValueView(Office):
    """The value reached by an indicator the platform does not compute (while adopted or in force)."""

    template = "programmes/office_indicator_value.html"

    def _indicator(self, programme: Programme, indicator: int) -> Any:
        return get_object_or_404(programme.indicators.all(), pk=indicator)

    def _closed(self, request: HttpRequest, programme: Programme, item: Any) -> HttpResponse | None:
        if programme.state not in (ProgrammeState.ADOPTED, ProgrammeState.IN_FORCE):
            messages.error(request, _("Values are entered while the programme is in force."))
        elif item.measure:
            messages.error(request, _("The platform computes this indicator from its records."))
        else:
            return None
        return self.back(programme, "indicators")

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, indicator: int) -> HttpResponse:
        programme = self.programme(request, pk)
        item = self._indicator(programme, indicator)
        if closed := self._closed(request, programme, item):
            return closed
        form = IndicatorValueForm(initial={"actual": item.actual})
        return render(request, self.template, {"programme": programme, "indicator": item, "form": form})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, indicator: int) -> HttpResponse:
        programme = self.programme(request, pk)
        item = self._indicator(programme, indicator)
        if closed := self._closed(request, programme, item):
            return closed
        form = IndicatorValueForm(request.POST)
        if form.is_valid():
            try:
                services.record_indicator_value(indicator=item, actor=request.user, actual=form.cleaned_data["actual"])
            except ValidationError as error:
                attach_service_errors(form, error, field="actual")
            else:
                messages.success(request, _("The value has been saved."))
                return self.back(programme, "indicators")
        context = {"programme": programme, "indicator": item, "form": form}
        return render(request, self.template, context, status=400)


# --- consultation, adoption, coming into force --------------------------------------------------------


def _councils(tenant: Any) -> Any:
    return bodies_of(tenant).filter(kind=BodyKind.PUBLIC_BENEFIT_COUNCIL).exclude(state=BodyState.ENDED)


class ConsultView(Office):
    """One action: the draft into a published consultation and, optionally, to the council for its opinion."""

    template = "programmes/office_consult.html"

    def _refused(self, request: HttpRequest, programme: Programme) -> HttpResponse | None:
        if programme.state == ProgrammeState.DRAFT:
            return None
        messages.error(request, str(not_allowed(programme, "consult")))
        return self.back(programme)

    def _render(self, request: HttpRequest, programme: Programme, form: ConsultForm, status: int = 200) -> HttpResponse:
        context = {"programme": programme, "form": form, "problems": services_problems(programme, "consult")}
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self._refused(request, programme):
            return refused
        user: Any = request.user
        today = timezone.localdate()
        councils = list(_councils(current_tenant(request))[:2])
        initial = {
            "starts_on": today,
            "contact_name": user.get_full_name(),
            "contact_email": user.email,
            # The Public Benefit Council gives its opinion on the draft programme: the only one is preselected.
            "council": councils[0].pk if len(councils) == 1 else None,
            "delivered_on": today,
        }
        form = ConsultForm(initial=initial, councils=_councils(current_tenant(request)))
        return self._render(request, programme, form)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self._refused(request, programme):
            return refused
        form = ConsultForm(request.POST, councils=_councils(current_tenant(request)))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.send_to_consultation(
                    programme=programme,
                    actor=request.user,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    council=data["council"],
                    delivered_on=data["delivered_on"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            except TransitionBlocked as blocked:
                _blocked(form, blocked.problems)
            except TransitionNotAllowed as refusal:
                messages.error(request, str(refusal))
                return self.back(programme)
            else:
                messages.success(request, _("The draft is in consultation."))
                return self.back(programme)
        return self._render(request, programme, form, status=400)


def services_problems(programme: Programme, action: str) -> list[Problem]:
    """What still blocks `action` from the programme's state (empty when the action is not open)."""
    for transition in lifecycle(programme):
        if transition.action == action and transition.source == programme.state:
            answered = ANSWERED_BY_FORM.get(action, set())
            return [p for p in transition.check(programme) if p.section not in answered]
    return []


class AdoptView(Office):
    """The council's resolution (number, date, body): from the consultation, or from a draft consulted elsewhere."""

    template = "programmes/office_adopt.html"

    def _refused(self, request: HttpRequest, programme: Programme) -> HttpResponse | None:
        if programme.state in EDITABLE_STATES:
            return None
        messages.error(request, _("The programme has already been adopted."))
        return self.back(programme)

    def _render(self, request: HttpRequest, programme: Programme, form: AdoptForm, status: int = 200) -> HttpResponse:
        context = {"programme": programme, "form": form, "problems": services_problems(programme, "adopt")}
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self._refused(request, programme):
            return refused
        form = AdoptForm(initial={"adopting_body": programme.adopting_body})
        return self._render(request, programme, form)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        if refused := self._refused(request, programme):
            return refused
        form = AdoptForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.adopt_programme(
                    programme=programme,
                    actor=request.user,
                    resolution_number=data["resolution_number"],
                    resolution_date=data["resolution_date"],
                    adopting_body=data["adopting_body"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            except TransitionBlocked as blocked:
                _blocked(form, blocked.problems, {"resolution": "resolution_number"})
            except TransitionNotAllowed as refusal:
                messages.error(request, str(refusal))
                return self.back(programme)
            else:
                messages.success(request, _("The adoption has been recorded; the programme is public."))
                return self.back(programme)
        return self._render(request, programme, form, status=400)


class ForceView(Office):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        try:
            services.bring_into_force(programme=programme, actor=request.user)
        except TransitionBlocked as blocked:
            for problem in blocked.problems:
                messages.error(request, problem.message)
        except TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The programme is in force."))
        return self.back(programme)


def year_of(programme: Programme, year: int) -> int:
    """A year of the programme's period (another year: 404)."""
    if year not in programme.years:
        raise Http404
    return year
