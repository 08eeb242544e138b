"""Office input of the cooperation programme: its elements, goals, forms of cooperation, priority tasks,
indicators, the consultation and adoption, recorded activities and assignments of records.

The forms check types and lengths and keep choices to the programme and the tenant (a forged id is a field
error, never a 500); the rules are the services'. Amounts are typed as people type them ("12 500,50") and
checked with `core.money.parse_amount`, so the messages are the same everywhere.
"""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pozytek.core.money import format_amount, parse_amount, typed_amount
from pozytek.core.record_kinds import kind_choices, measure_choices
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.legal.selectors import spheres_in_force
from pozytek.programmes.models import TEXT_ELEMENTS, CooperationForm, Goal, Programme
from pozytek.programmes.states import ActivityKind, ProgrammeKind
from pozytek.ui.form_fields import choice_field, model_choice_field
from pozytek.ui.widgets import DateInput

DATE_ERRORS = {"invalid": _("Enter a date.")}
# Above this many organisations in the directory the choice is a list box instead of checkboxes.
CHECKBOX_LIMIT = 60


def _date(label: Any, *, required: bool = True, help_text: Any = "", missing: Any = None) -> forms.DateField:
    errors = {**DATE_ERRORS, "required": missing} if missing else DATE_ERRORS
    return forms.DateField(
        label=label, required=required, widget=DateInput(), error_messages=errors, help_text=help_text
    )


def _required(message: Any) -> dict[str, Any]:
    """The field's "required" message: the one the service gives, so it reads the same either way."""
    return {"required": message}


class AmountField(forms.CharField):
    """An amount in złoty as people type it (spaces, a decimal comma), ≥ 0 with at most two decimals."""

    def __init__(self, *, missing: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        self.missing = missing or _("Enter the amount.")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_amount(value, grouping=False)
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = typed_amount(value)
        if not text and not self.required:
            return None
        amount, message = parse_amount(text, missing=str(self.missing))
        if amount is None:
            raise ValidationError(message, code="amount")
        return amount


class NumberField(forms.CharField):
    """A figure of an indicator (a count, a percentage, an amount): a number with at most two decimals."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            text = format_amount(value, grouping=False)
            return text[:-3] if text[-3:] in (",00", ".00") else text
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = typed_amount(value)
        if not text:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            raise ValidationError(_("Enter a number, e.g. 12 or 12,5."), code="invalid") from None
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValidationError(_("Enter a number, e.g. 12 or 12,5."), code="invalid")
        if number != number.quantize(Decimal("0.01")):
            raise ValidationError(_("Use at most two decimal places."), code="places")
        return number.quantize(Decimal("0.01"))


class FormChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A form of cooperation offered by its number and text."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.position}. {obj.text}"


class ProgrammeForm(forms.Form):
    """The programme's kind, title, period, planned funds, adopting body and the text elements of art. 5a ust. 4."""

    kind = forms.ChoiceField(
        label=_("Kind of programme"),
        choices=ProgrammeKind.choices,
        initial=ProgrammeKind.ANNUAL,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    year_from = forms.IntegerField(label=_("First year"), min_value=2004, max_value=2200)
    year_to = forms.IntegerField(
        label=_("Last year"),
        min_value=2004,
        max_value=2200,
        required=False,
        help_text=_("Only for a multi-year programme; an annual programme covers its first year."),
    )
    planned_funds = AmountField(
        label=_("Planned funds in total (PLN)"),
        missing=_("Enter the planned funds (0 or more)."),
        help_text=_("Art. 5a ust. 4 pkt 8. The priority tasks' planned funds may not add up to more."),
    )
    adopting_body = forms.CharField(
        label=_("Adopted by"), max_length=200, required=False, help_text=_("E.g. Rada Miasta Leszna.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, label, point in TEXT_ELEMENTS:
            self.fields[field] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("Art. 5a ust. 4 pkt %(point)d.") % {"point": point},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ProgrammeKind.ANNUAL:
            if data.get("year_from") is not None:
                data["year_to"] = data["year_from"]
        elif (
            data.get("kind") == ProgrammeKind.MULTI_YEAR
            and data.get("year_to") is None
            and "year_to" not in self.errors
        ):
            self.add_error("year_to", _("Enter the last year of a multi-year programme."))
        return data


class CopyForm(forms.Form):
    year_from = forms.IntegerField(
        label=_("First year of the new programme"),
        min_value=2004,
        max_value=2200,
        help_text=_("A multi-year programme keeps its length."),
    )


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Specific goal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Write the goal.")),
    )


class CooperationFormForm(forms.Form):
    """A form of cooperation: what it is, which kinds of record the report counts under it, which goals it serves."""

    text = forms.CharField(
        label=_("Form of cooperation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Describe the form of cooperation.")),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of record counted under this form"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose kinds of record the platform keeps."),
            "required": _("Choose at least one kind of record the report counts under this form."),
        },
        help_text=_("Choose “Other recorded activity” for what no module keeps yet: the office records it by hand."),
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals it serves"),
        queryset=Goal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose goals of this programme."),
            "invalid_pk_value": _("Choose goals of this programme."),
            "required": _("Choose at least one goal the form serves."),
        },
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kinds").choices = kind_choices()
        model_choice_field(self, "goals").queryset = programme.goals.all()


class PriorityTaskForm(forms.Form):
    sphere = forms.ModelChoiceField(
        label=_("Sphere of public tasks"),
        queryset=SphereOfPublicTasks.objects.none(),
        empty_label=_("— choose —"),
        error_messages={
            "invalid_choice": _("Choose a sphere of public tasks from the list."),
            "required": _("Choose the sphere of public tasks."),
        },
    )
    title = forms.CharField(
        label=_("Priority task"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Name the priority task.")),
    )
    planned_funds = AmountField(label=_("Planned funds (PLN)"), missing=_("Enter the planned funds (0 or more)."))

    def __init__(self, *args: Any, current_sphere: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spheres = spheres_in_force()
        if current_sphere is not None:  # a task's sphere since repealed stays choosable for that task
            spheres = SphereOfPublicTasks.objects.filter(
                pk__in=spheres.values("pk")
            ) | SphereOfPublicTasks.objects.filter(pk=current_sphere)
        model_choice_field(self, "sphere").queryset = spheres.order_by("order")


class IndicatorForm(forms.Form):
    goal = forms.ModelChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("— the programme as a whole —"),
        error_messages={"invalid_choice": _("Choose a goal of this programme.")},
    )
    name = forms.CharField(label=_("Indicator"), max_length=300, error_messages=_required(_("Name the indicator.")))
    unit = forms.CharField(
        label=pgettext_lazy("unit of measure", "Unit"),
        max_length=40,
        required=False,
        help_text=_("E.g. number, PLN, %."),
    )
    baseline = NumberField(label=_("Baseline value"), required=False)
    target = NumberField(label=_("Target value"), error_messages=_required(_("Every indicator needs a target value.")))
    measure = forms.ChoiceField(
        label=_("Computed from"),
        required=False,
        error_messages={"invalid_choice": _("Choose a figure the platform computes.")},
        help_text=_("A figure the platform computes from its records, or empty: the office enters the value."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "goal").queryset = programme.goals.all()
        choice_field(self, "measure").choices = [("", _("— entered by the office —")), *measure_choices()]


class IndicatorValueForm(forms.Form):
    actual = NumberField(
        label=_("Value achieved"), required=False, help_text=_("Leave empty while the value is not known.")
    )


class ConsultForm(forms.Form):
    """Send the draft into a consultation and, optionally, to the Public Benefit Council for its opinion."""

    starts_on = _date(_("First day of the consultation"), missing=_("Enter the first day of the consultation."))
    ends_on = _date(_("Last day of the consultation"), missing=_("Enter the last day of the consultation."))
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    council: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Ask the Public Benefit Council for its opinion"),
        queryset=None,
        required=False,
        empty_label=_("— no request on the platform —"),
        error_messages={"invalid_choice": _("Choose a council of this local government.")},
    )
    delivered_on = _date(
        _("Day the draft is delivered to the council"),
        required=False,
        help_text=_("The council's deadline for its opinion runs from this day."),
    )

    def __init__(self, *args: Any, councils: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "council").queryset = councils

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class AdoptForm(forms.Form):
    resolution_number = forms.CharField(
        label=_("Resolution number"),
        max_length=100,
        help_text=_("E.g. XX/245/2026."),
        error_messages=_required(_("Enter the resolution number.")),
    )
    resolution_date = _date(_("Date of the resolution"), missing=_("Enter the date of the resolution."))
    adopting_body = forms.CharField(label=_("Adopted by"), max_length=200, required=False)


class ActivityForm(forms.Form):
    """An activity recorded by hand under a form of cooperation."""

    form = FormChoiceField(
        label=_("Form of cooperation"),
        queryset=CooperationForm.objects.none(),
        empty_label=_("— choose —"),
        error_messages={
            "invalid_choice": _("Choose a form of this programme."),
            "required": _("Choose the form of cooperation the activity comes under."),
        },
    )
    goal = forms.ModelChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("— every goal the form serves —"),
        error_messages={"invalid_choice": _("Choose a goal of this programme.")},
        help_text=_("Optional: one of the goals the chosen form serves."),
    )
    kind = forms.TypedChoiceField(
        label=_("Kind of cooperation"),
        choices=ActivityKind.choices,
        initial=ActivityKind.OTHER,
        required=False,
        empty_value=ActivityKind.OTHER,
        help_text=_(
            "A purchase of services, a partnership project or an agreement without a grant counts in the report "
            "with its value; anything else (a meeting, a training, patronage…) is an other activity."
        ),
    )
    on = _date(_("Date"), missing=_("Enter the date of the activity."))
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a service, project or agreement that lasts: its last day."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, error_messages=_required(_("Name the activity.")))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    value = forms.DecimalField(
        label=_("Value (PLN)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("The contract's or project's value, when there is one."),
    )
    partner = forms.CharField(
        label=_("Other partner or contractor"),
        max_length=300,
        required=False,
        help_text=_("When it is not in the directory, e.g. a social cooperative or a partner abroad."),
    )
    social_clauses = forms.BooleanField(
        label=_("The purchase had social clauses (klauzule społeczne)"),
        required=False,
    )
    organisations: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Organisations involved"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose organisations from the directory."),
            "invalid_pk_value": _("Choose organisations from the directory."),
        },
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_(
            "Optional: PDF, DOCX, ODT, JPG or PNG. It is published with the activity on the programme's public page."
        ),
    )

    def __init__(self, *args: Any, programme: Programme, organisations: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "form").queryset = programme.forms.all()
        model_choice_field(self, "goal").queryset = programme.goals.all()
        field = model_choice_field(self, "organisations")
        listed = organisations.count()
        if not listed:
            field.help_text = _("No organisation is listed in the directory of this local government yet.")
        elif listed > CHECKBOX_LIMIT:  # a long directory: a list box, not hundreds of checkboxes
            field.widget = forms.SelectMultiple(attrs={"size": 10})
            field.help_text = _("Hold Ctrl (Cmd on a Mac) to choose more than one.")
        field.queryset = organisations.order_by("name")  # also gives the widget its choices


class AssignForm(forms.Form):
    """One record's form and goal on the assignment page: the choices are the programme's forms bound to the
    record's kind and the goals they serve, read once for the whole page (`forms_` with their goals)."""

    kind = forms.CharField(widget=forms.HiddenInput)
    object_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    form = forms.TypedChoiceField(
        label=_("Form of cooperation"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Choose a form bound to records of this kind.")},
    )
    goal = forms.TypedChoiceField(
        label=_("Goal"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a goal this form serves.")},
    )

    def __init__(self, *args: Any, forms_: Sequence[CooperationForm], kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bound_forms = {f.pk: f for f in forms_ if kind in f.kinds}
        self.goals = {g.pk: g for f in self.bound_forms.values() for g in f.goals.all()}
        choice_field(self, "form").choices = [
            ("", _("— choose —")),
            *((f.pk, f"{f.position}. {f.text}") for f in self.bound_forms.values()),
        ]
        choice_field(self, "goal").choices = [
            ("", _("— every goal the form serves —")),
            *((g.pk, str(g)) for g in sorted(self.goals.values(), key=lambda g: g.position)),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "form" in data:
            if data["form"] in (None, ""):
                self.add_error("form", _("Choose the form of cooperation this record serves."))
            else:
                data["form"] = self.bound_forms[data["form"]]
        if data.get("goal") is not None:
            data["goal"] = self.goals[data["goal"]]
        return data
