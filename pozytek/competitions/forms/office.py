"""Input of a call: the announcement's fields, criteria and the formal checklist (formsets)."""

from typing import Any, cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.models import Call
from pozytek.competitions.services import CALL_FIELDS
from pozytek.competitions.states import CallMode, CallRoute, EligibleEntity
from pozytek.legal.selectors import LegalParameterMissing, legal_parameter, spheres_in_force
from pozytek.programmes.models import PriorityTask
from pozytek.programmes.selectors import priority_tasks_for
from pozytek.ui.form_fields import choice_field, model_choice_field
from pozytek.ui.widgets import DateInput, DateTimeInput

# The parameter the publication guard checks (competitions/transitions.py): art. 13 ust. 1 of the Act.
OFFER_PERIOD_KEY = "competition.offer_period_min_days"


def offer_deadline_help(tenant: Any) -> str:
    """The offer period the publication will enforce (the tenant's own row wins), with its legal basis."""
    help_text = str(_("Date and time in Polish time (Europe/Warsaw)."))
    try:
        period = legal_parameter(OFFER_PERIOD_KEY, tenant=tenant)
    except LegalParameterMissing:
        return help_text
    rule = _(
        "The call can be published only if the deadline is at least %(days)d days after the day of publication "
        "(%(basis)s)."
    ) % {"days": int(period.value), "basis": period.legal_basis}
    return f"{help_text} {rule}"


def call_years(call: Call) -> list[int]:
    """The years whose programmes a call may realise: the year it is (or would be) published and the year
    its delivery starts (a call announced in December is often for the next year's tasks)."""
    published = timezone.localtime(call.published_at).year if call.published_at else timezone.localdate().year
    years = {published}
    if call.delivery_start is not None:
        years.add(call.delivery_start.year)
    return sorted(years)


def priority_task_label(obj: models.Model) -> str:
    """A choice as "2027: 3. Support for seniors": the programme's period, the task's number and title."""
    task = cast(PriorityTask, obj)
    return f"{task.programme.period_label}: {task.position}. {task.title}"


def priority_task_field() -> forms.ModelChoiceField:  # type: ignore[type-arg]
    # Declared: the model's default choices would query priority tasks with no tenant scope (on import).
    return forms.ModelChoiceField(
        label=_("Priority task of the cooperation programme"),
        queryset=PriorityTask.objects.none(),
        required=False,
        help_text=_(
            "The priority public task of the cooperation programme that the call realises; suggested from "
            "the call's spheres. The programme's report counts the grants of the call under it."
        ),
        error_messages={
            "invalid_choice": _("Choose a priority task of an adopted cooperation programme of this local government.")
        },
    )


def offer_priority_tasks(form: forms.BaseForm, tenant: Any, call: Call) -> None:
    """Tasks of the tenant's adopted programmes for the call's years (and the one chosen, if any);
    without a choice yet, the first task in one of the call's spheres is suggested."""
    field = model_choice_field(form, "priority_task")
    first, *others = call_years(call)
    tasks = priority_tasks_for(tenant, first)
    for year in others:
        tasks = tasks | priority_tasks_for(tenant, year)
    if call.priority_task_id is not None:
        tasks = tasks | PriorityTask.objects.filter(pk=call.priority_task_id, programme__tenant=tenant)
    field.queryset = tasks
    field.empty_label = str(_("– choose –"))
    field.label_from_instance = priority_task_label  # type: ignore[method-assign]
    if form.is_bound or call.priority_task_id is not None or call.pk is None:
        return
    spheres = {sphere.pk for sphere in call.spheres.all()}
    suggested = next((task for task in tasks if task.sphere_id in spheres), None)
    if suggested is not None:
        form.initial["priority_task"] = suggested.pk


class PriorityTaskForm(forms.Form):
    """The priority task of a call already published (it classifies the call; the announcement stays)."""

    priority_task = priority_task_field()

    def __init__(self, *args: Any, tenant: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_priority_tasks(self, tenant, call)


class CallForm(forms.ModelForm):  # type: ignore[type-arg]
    """Parses the announcement; a draft may be incomplete (the publish guard checks completeness)."""

    spheres = forms.ModelMultipleChoiceField(
        label=_("Spheres of public tasks"),
        queryset=spheres_in_force(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    priority_task = priority_task_field()
    eligible_entities = forms.MultipleChoiceField(
        label=_("Who may submit offers"),
        choices=EligibleEntity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Call
        # The fields the services write, with the spheres (a relation) after the type of task.
        fields = (*CALL_FIELDS[:3], "spheres", *CALL_FIELDS[3:])
        widgets = {
            "delivery_start": DateInput(),
            "delivery_end": DateInput(),
            "choice_deadline": DateInput(),
            "order_date": DateInput(),
            "resolution_date": DateInput(),
            "offer_deadline": DateTimeInput(),
            "task_type": forms.Textarea(attrs={"rows": 3}),
            "award_rules": forms.Textarea(attrs={"rows": 4}),
            "delivery_conditions": forms.Textarea(attrs={"rows": 4}),
            "procedure": forms.Textarea(attrs={"rows": 4}),
            "previous_tasks": forms.Textarea(attrs={"rows": 4}),
            "required_attachments": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "min_own_total": _("Leave empty when no own contribution is required."),
            "resolution_number": _(
                "A Sport Act call (art. 27–28 of the Act on sport) is published only with the council's resolution "
                "that sets its conditions."
            ),
        }

    def __init__(self, *args: Any, tenant: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "mode").choices = [("", _("– choose –")), *CallMode.choices]
        self.fields["offer_deadline"].help_text = offer_deadline_help(tenant)
        # Posted without it (an older form), a call is an open competition of the Act.
        self.fields["route"].required = False
        offer_priority_tasks(self, tenant, self.instance)
        for name, field in self.fields.items():
            model_field = Call._meta.get_field(name)
            if isinstance(field, forms.DecimalField) and isinstance(model_field, models.Field):
                field.validators.extend(model_field.validators)

    def clean_offer_deadline(self) -> Any:
        deadline = self.cleaned_data.get("offer_deadline")
        if deadline is not None and deadline <= timezone.now():
            raise forms.ValidationError(_("The offer deadline cannot be in the past."))
        return deadline

    def clean_route(self) -> str:
        return str(self.cleaned_data.get("route") or CallRoute.COMPETITION)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_grant"), data.get("max_grant")
        if low is not None and high is not None and low > high:
            self.add_error("max_grant", _("The maximum grant cannot be lower than the minimum grant."))
        start, end = data.get("delivery_start"), data.get("delivery_end")
        if start and end and start > end:
            self.add_error("delivery_end", _("Delivery cannot end before it starts."))
        return data

    def _post_clean(self) -> None:
        """Model validation without building the instance: the service assigns the fields."""


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=300)
    max_points = forms.IntegerField(label=_("Maximum points"), min_value=1, max_value=1000)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistItemForm(forms.Form):
    text = forms.CharField(label=_("Requirement"), max_length=300)
    correctable = forms.BooleanField(label=_("Can be corrected"), required=False)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True, max_num=50, validate_max=True)
ChecklistFormSet = forms.formset_factory(ChecklistItemForm, extra=2, can_delete=True, max_num=50, validate_max=True)


def rows(formset: Any) -> list[dict[str, Any]]:
    """The filled, not deleted rows of a valid formset."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
