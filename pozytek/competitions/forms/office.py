"""Input of a call: the announcement's fields, criteria and the formal checklist (formsets)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.models import Call
from pozytek.competitions.services import CALL_FIELDS
from pozytek.competitions.states import EligibleEntity
from pozytek.legal.selectors import spheres_in_force


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CallForm(forms.ModelForm):  # type: ignore[type-arg]
    """Parses the announcement; a draft may be incomplete (the publish guard checks completeness)."""

    spheres = forms.ModelMultipleChoiceField(
        label=_("Spheres of public tasks"),
        queryset=spheres_in_force(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
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
            "offer_deadline": DateTimeInput(),
            "task_type": forms.Textarea(attrs={"rows": 3}),
            "award_rules": forms.Textarea(attrs={"rows": 4}),
            "delivery_conditions": forms.Textarea(attrs={"rows": 4}),
            "procedure": forms.Textarea(attrs={"rows": 4}),
            "previous_tasks": forms.Textarea(attrs={"rows": 4}),
            "required_attachments": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "offer_deadline": _("Date and time in Polish time (Europe/Warsaw)."),
            "min_own_total": _("Leave empty when no own contribution is required."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = [("", _("– choose –")), *self.fields["mode"].choices[1:]]
        for name, field in self.fields.items():
            model_field = Call._meta.get_field(name)
            if isinstance(field, forms.DecimalField):
                field.validators.extend(model_field.validators)

    def clean_offer_deadline(self) -> Any:
        deadline = self.cleaned_data.get("offer_deadline")
        if deadline is not None and deadline <= timezone.now():
            raise forms.ValidationError(_("The offer deadline cannot be in the past."))
        return deadline

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
