"""Input of each offer section; drafts may be incomplete (completeness is checked at submission).

Each section form carries the section's `version` so that a concurrent edit is detected. Row
sections are formsets with one empty row to add without JavaScript; a row's `id` is the saved
row it updates (the service ignores ids of other offers' rows).
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pozytek.offers.budget import task_years
from pozytek.offers.models import Offer
from pozytek.offers.routes import route_of
from pozytek.offers.selectors import offeror_count
from pozytek.offers.states import CostCategory, PaidActivity
from pozytek.ui.form_fields import choice_field
from pozytek.ui.renderers import widget_renderer
from pozytek.ui.widgets import DateInput


def _money_field(label: Any, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_digits=12, decimal_places=2, localize=True
    )


class SectionModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """Parses a section of the offer; the service validates the model and saves it."""

    default_renderer = widget_renderer

    def _post_clean(self) -> None:
        """No model validation or assignment here: `save_section` does it under a row lock."""


class VersionForm(forms.Form):
    default_renderer = widget_renderer
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ContactForm(SectionModelForm):
    """II.2: the person authorised to give explanations about the offer."""

    class Meta:
        model = Offer
        fields = ("contact_name", "contact_phone", "contact_email")


class OfferorForm(forms.Form):
    """II.1: one offeror; the first row is the organisation writing the offer."""

    default_renderer = widget_renderer

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=300)
    legal_form = forms.CharField(label=_("Legal form"), max_length=200, required=False)
    register_number = forms.CharField(label=_("KRS or other register number"), max_length=60, required=False)
    address = forms.CharField(label=_("Registered address"), max_length=300, required=False)
    correspondence_address = forms.CharField(
        label=_("Correspondence address (if different)"), max_length=300, required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)


class BaseRowFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        self.offer = offer
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "offer": self.offer}


class OfferorRowForm(OfferorForm):
    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class OfferorFormSet(BaseRowFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.has_changed() or f.initial]
        first = self.forms[0] if self.forms else None
        if first is not None and self.can_delete and first.cleaned_data.get("DELETE"):
            raise forms.ValidationError(
                _("The first offeror is the organisation writing the offer; it cannot be removed.")
            )
        if not kept:
            raise forms.ValidationError(_("The offer needs at least one offeror."))


def _offeror_choices(offer: Offer) -> list[tuple[Any, Any]]:
    return [("", _("– choose –")), *((o.pk, o.name) for o in offer.offerors.all())]


class ActionForm(forms.Form):
    """III.4: an action in the plan and schedule of one year."""

    default_renderer = widget_renderer

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    name = forms.CharField(label=_("Name of the action"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    target_group = forms.CharField(label=_("Target group"), max_length=300, required=False)
    period = forms.CharField(label=_("Planned period"), max_length=100, required=False)
    external_part = forms.CharField(
        label=_("Part delivered by an entity that is not a party to the agreement"), max_length=300, required=False
    )
    offeror = forms.TypedChoiceField(label=_("Offeror responsible"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        delivery_start = route_of(offer).limits(offer).delivery_start
        years = task_years(offer.start_date, offer.end_date) or [delivery_start.year if delivery_start else 0]
        year_choices = [(y, str(y)) for y in years if y]
        choice_field(self, "year").choices = year_choices
        if year_choices:  # what the select shows on an empty row: untouched is unchanged
            self.fields["year"].initial = year_choices[0][0]
        if offeror_count(offer) > 1:
            choice_field(self, "offeror").choices = _offeror_choices(offer)
        else:
            del self.fields["offeror"]


class ResultForm(forms.Form):
    """III.6: a result with its target value and how it is monitored."""

    default_renderer = widget_renderer

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Result"), max_length=300)
    target = forms.CharField(label=_("Planned level (target value)"), max_length=300)
    monitoring = forms.CharField(label=_("How it is monitored (source of information)"), max_length=300)

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class CostLineForm(forms.Form):
    """V.A: one cost under an action (I) or an administrative cost (II), values per year."""

    default_renderer = widget_renderer

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The select shows its first option on an empty row: that is the initial value, so an untouched
    # "new row" is unchanged (and skipped), not a half-filled cost line.
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices, initial=CostCategory.ACTION)
    action = forms.TypedChoiceField(
        label=pgettext_lazy("part of a public task", "Action"), coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(label=_("Type of cost"), max_length=300)
    unit = forms.CharField(label=_("Unit of measure"), max_length=50)
    unit_cost = forms.DecimalField(
        label=_("Unit cost (PLN)"), min_value=0, max_digits=12, decimal_places=2, localize=True
    )
    quantity = forms.DecimalField(
        label=_("Number of units"), min_value=0, max_digits=10, decimal_places=2, localize=True
    )
    year1 = _money_field(_("Year 1"))
    year2 = _money_field(_("Year 2"))
    year3 = _money_field(_("Year 3"))
    offeror = forms.TypedChoiceField(label=_("Offeror"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = offer.actions.order_by("year", "order", "pk")
        choice_field(self, "action").choices = [
            ("", _("– none (administrative cost) –")),
            *((a.pk, f"{a.year}: {a.name}") for a in actions),
        ]
        years = task_years(offer.start_date, offer.end_date)
        for index in range(1, 4):
            if len(years) > 1 and index <= len(years):
                self.fields[f"year{index}"].label = _("Year %(n)d (%(year)d)") % {"n": index, "year": years[index - 1]}
            else:
                del self.fields[f"year{index}"]
        if offeror_count(offer) > 1:
            choice_field(self, "offeror").choices = _offeror_choices(offer)
        else:
            del self.fields["offeror"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") == CostCategory.ACTION and not data.get("action"):
            self.add_error("action", _("Choose the action this cost belongs to."))
        if data.get("category") == CostCategory.ADMIN:
            data["action"] = None
        return data


def row_formset(form: type[forms.Form], *, extra: int = 1, base: type[BaseRowFormSet] = BaseRowFormSet) -> Any:
    return forms.formset_factory(
        form, formset=base, extra=extra, can_delete=True, max_num=200, validate_max=True, renderer=widget_renderer
    )


OfferorsFormSet = row_formset(OfferorRowForm, base=OfferorFormSet)
ActionFormSet = row_formset(ActionForm)
ResultFormSet = row_formset(ResultForm)
CostLineFormSet = row_formset(CostLineForm, extra=2)


class TaskForm(SectionModelForm):
    """III.1–3 and III.5: title, delivery dates, summary, expected results."""

    class Meta:
        model = Offer
        fields = ("title", "start_date", "end_date", "summary", "expected_results")
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 8}),
            "expected_results": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("The task cannot end before it starts."))
        return data


class CharacteristicsForm(SectionModelForm):
    """IV: previous activity and resources."""

    class Meta:
        model = Offer
        fields = ("previous_activity", "resources")
        widgets = {
            "previous_activity": forms.Textarea(attrs={"rows": 8}),
            "resources": forms.Textarea(attrs={"rows": 8}),
        }


class SourcesForm(forms.Form):
    """V.B: the funding sources; the total cost comes from V.A."""

    default_renderer = widget_renderer

    requested_grant = _money_field(_("Planned grant"))
    own_financial = _money_field(_("Own financial contribution"))
    own_personal = _money_field(_("Own personal contribution (work of volunteers and members)"))
    own_in_kind = _money_field(_("Own in-kind contribution"))
    beneficiary_fees = _money_field(_("Cash payments from the task's beneficiaries"))
    other_public_funds = _money_field(_("Other public funds"))


class OtherForm(SectionModelForm):
    """VI: paid or free delivery, the joint offer's arrangements, other information."""

    class Meta:
        model = Offer
        fields = ("paid_activity", "joint_arrangements", "other_info")
        widgets = {
            "paid_activity": forms.RadioSelect,
            "joint_arrangements": forms.Textarea(attrs={"rows": 5}),
            "other_info": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "paid_activity").choices = PaidActivity.choices
        self.fields["paid_activity"].required = False
        if offeror_count(self.instance) < 2:
            del self.fields["joint_arrangements"]


ARREARS = ((False, _("has no arrears")), (True, _("has arrears")))


def _arrears(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=ARREARS,
        coerce=lambda v: v in (True, "True"),
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )


class StatementsForm(forms.Form):
    """VII: the offeror's statements."""

    default_renderer = widget_renderer

    statement_public_benefit = forms.BooleanField(
        label=_("The proposed task falls only within the offeror's public benefit activity."), required=False
    )
    statement_fees = forms.BooleanField(
        label=_("Payments from the task's beneficiaries are charged only within paid public benefit activity."),
        required=False,
    )
    tax_arrears = _arrears(_("Taxes"))
    social_insurance_arrears = _arrears(_("Social insurance contributions"))
    statement_register = forms.BooleanField(
        label=_("The data in part II match the National Court Register or another register."), required=False
    )
    statement_true = forms.BooleanField(
        label=_("All information in the offer and its attachments is true and current."), required=False
    )
    statement_gdpr = forms.BooleanField(
        label=_(
            "The offeror has collected the information required by the GDPR from the people whose personal data "
            "appear in the offer."
        ),
        required=False,
    )


class AttachmentForm(forms.Form):
    default_renderer = widget_renderer
    label = forms.ChoiceField(label=_("Which attachment"))
    other_label = forms.CharField(label=_("Name of another attachment"), max_length=300, required=False)
    file = forms.FileField(label=_("File (PDF, DOCX, ODT, JPG or PNG)"))

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "label").choices = [
            *((name, name) for name in route_of(offer).limits(offer).attachment_list),
            ("", _("Another attachment (name it below)")),
        ]
        self.fields["label"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        label = data.get("label") or (data.get("other_label") or "").strip()
        if not label:
            self.add_error("other_label", _("Name the attachment."))
        data["label"] = label
        return data


class WithdrawForm(forms.Form):
    default_renderer = widget_renderer
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
