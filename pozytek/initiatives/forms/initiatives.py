"""Forms of local initiatives: the application and its lists, a member's confirmation, the council's criteria,
the office's scores, decision, agreement and the execution's records."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.initiatives.models import Initiative, LocalAgreement
from pozytek.initiatives.states import ApplicantKind, ContributionKind, Provision, TaskArea, WorkKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CRITERIA_ROWS = 5


def _money(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_digits=12, decimal_places=2, localize=True, required=required
    )


class StartForm(forms.Form):
    title = forms.CharField(label=_("Title of the initiative"), max_length=300)
    area = forms.ChoiceField(label=_("Task (art. 19b ust. 1 of the Act)"), choices=TaskArea.choices)
    applicant_kind = forms.ChoiceField(
        label=_("Who applies"), choices=ApplicantKind.choices, widget=forms.RadioSelect, initial=ApplicantKind.GROUP
    )
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—")] + [(o.pk, o.name) for o in organisations]  # type: ignore[attr-defined]
        self.fields["organisation"].help_text = _("Only when an organisation applies on the residents' behalf.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("applicant_kind") == ApplicantKind.ORGANISATION and not data.get("organisation"):
            self.add_error("organisation", _("Choose the organisation that applies."))
        return data


class ApplicationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Initiative
        fields = ["title", "area", "description", "place", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea(attrs={"rows": 5})}


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The member gets a link to confirm by e-mail."))


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contribution"), choices=ContributionKind.choices)
    description = forms.CharField(label=_("What is given"), max_length=300)
    work_kind = forms.ChoiceField(
        label=_("Kind of work"),
        choices=[("", "—"), *WorkKind.choices],
        required=False,
        help_text=_("Social work only: each kind has its hourly value set by the council."),
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0, max_digits=8, decimal_places=1, localize=True, required=False
    )
    value = _money(_("Value (PLN), for things or money"), required=False)


class EstimateForm(forms.Form):
    description = forms.CharField(label=_("Cost item"), max_length=300)
    amount = _money(_("Amount (PLN)"))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=300)
    due_on = forms.DateField(label=_("Planned by"), widget=DATE)


class ConfirmForm(forms.Form):
    """The member's own statement: an adult resident of the municipality (art. 19b ust. 1)."""

    resident = forms.BooleanField(required=False)
    adult = forms.BooleanField(label=_("I am 18 or older."), required=False)

    def __init__(self, *args: Any, tenant_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].label = _("I live in %(name)s.") % {"name": tenant_name}


class CriteriaForm(forms.Form):
    resolution_number = forms.CharField(label=_("Number of the council's resolution"), max_length=60)
    resolution_date = forms.DateField(label=_("Date of the resolution"), widget=DATE)
    effective_from = forms.DateField(label=_("In force from"), widget=DATE)
    procedure = forms.CharField(
        label=_("Procedure (as the resolution sets it)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    social_work_name = forms.CharField(
        label=_("Criterion of social work"), max_length=300, initial=_("Social work of the residents")
    )
    social_work_weight = forms.IntegerField(
        label=_("Weight of social work (most points)"),
        min_value=0,
        max_value=1000,
        help_text=_("The Act requires the criteria to take social work into account first of all: it weighs the most."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, CRITERIA_ROWS + 1):
            self.fields[f"name_{row}"] = forms.CharField(
                label=_("Criterion %(n)d") % {"n": row}, max_length=300, required=False
            )
            self.fields[f"weight_{row}"] = forms.IntegerField(
                label=_("Weight of criterion %(n)d") % {"n": row}, min_value=0, max_value=1000, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, CRITERIA_ROWS + 1):
            if data.get(f"name_{row}") and data.get(f"weight_{row}") is None:
                self.add_error(f"weight_{row}", _("Give the weight."))
        return data

    def criteria(self) -> list[tuple[str, int]]:
        data = self.cleaned_data
        return [
            (data[f"name_{row}"], data[f"weight_{row}"])
            for row in range(1, CRITERIA_ROWS + 1)
            if data.get(f"name_{row}") and data.get(f"weight_{row}") is not None
        ]


class ScoreForm(forms.Form):
    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.weight})", min_value=0, max_value=criterion.weight
            )


def points_of(data: dict[str, Any]) -> dict[int, int | None]:
    """The points of a ScoreForm's cleaned data, by criterion."""
    return {int(name.split("_")[1]): value for name, value in data.items() if name.startswith("criterion_")}


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve: the agreement follows")), ("no", _("Do not approve"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("The scores and how the initiative meets the local community's needs."),
    )


class AgreementForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LocalAgreement
        fields = [
            "number",
            "place_of_signing",
            "concluded_on",
            "starts_on",
            "ends_on",
            "office_representative",
            "residents_representative",
        ]
        widgets = {"concluded_on": DATE, "starts_on": DATE, "ends_on": DATE}


class OfficeItemForm(forms.Form):
    description = forms.CharField(label=_("Item"), max_length=300)
    provision = forms.ChoiceField(label=_("How"), choices=Provision.choices)
    value = _money(_("Value (PLN)"))


class DeliveryForm(forms.Form):
    contribution = forms.TypedChoiceField(label=_("Promised contribution"), coerce=int)
    on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(
        label=_("Hours worked"), min_value=0, max_digits=8, decimal_places=1, localize=True, required=False
    )
    value = _money(_("Value (PLN), for things or money"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, contributions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contribution"].choices = [(c.pk, c.description) for c in contributions]  # type: ignore[attr-defined]


class MilestoneDoneForm(forms.Form):
    milestone = forms.TypedChoiceField(label=_("Step"), coerce=int)
    done_on = forms.DateField(label=_("Done on"), widget=DATE)

    def __init__(self, *args: Any, milestones: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [(m.pk, m.title) for m in milestones]  # type: ignore[attr-defined]


class PhotoForm(forms.Form):
    file = forms.FileField(
        label=_("Photo (JPG or PNG)"), widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"})
    )
    caption = forms.CharField(label=_("Caption"), max_length=300)


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Done on"), widget=DATE)
    public_summary = forms.CharField(
        label=_("What was done (shown on the public page)"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
