"""Input of each offer section; drafts may be incomplete (completeness is checked at submission).

Each section form carries the section's `version` so that a concurrent edit is detected. Row
sections are formsets with one empty row to add without JavaScript; a row's `id` is the saved
row it updates (the service ignores ids of other offers' rows).
"""

import copy
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pozytek.offers.budget import money, task_years
from pozytek.offers.models import Offer
from pozytek.offers.routes import route_of
from pozytek.offers.selectors import offeror_count
from pozytek.offers.states import CostCategory, PaidActivity
from pozytek.ui.form_fields import choice_field
from pozytek.ui.renderers import widget_renderer
from pozytek.ui.widgets import DateInput

SPACES = re.compile(r"[\s\u00a0\u202f]")


class AmountField(forms.DecimalField):
    """A localised amount that may group its thousands with spaces, as "1 234,50" is written and copied."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = SPACES.sub("", value)
        return super().to_python(value)


def _money_field(label: Any, required: bool = False, help_text: Any = "") -> forms.DecimalField:
    return AmountField(
        label=label,
        required=required,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=help_text,
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
        help_texts = {
            "contact_name": _(
                "The person authorised to give explanations about the offer (name, telephone, e-mail address)."
            ),
        }


class OfferorForm(forms.Form):
    """II.1: one offeror; the first row is the organisation writing the offer."""

    default_renderer = widget_renderer

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Name"), max_length=300, help_text=_("In a joint offer each offeror gives its own data.")
    )
    legal_form = forms.CharField(label=_("Legal form"), max_length=200, required=False)
    register_number = forms.CharField(
        label=_("KRS or other register number"),
        max_length=60,
        required=False,
        help_text=_("The number in the National Court Register (KRS) or in another register or record."),
    )
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
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        help_text=_("A task lasting longer than one budget year has a plan and schedule for each year."),
    )
    name = forms.CharField(
        label=_("Name of the action"),
        max_length=300,
        help_text=_("List all the actions planned in the offer, in a logical order."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe the action, its participants and where it takes place."),
    )
    target_group = forms.CharField(label=_("Target group"), max_length=300, required=False)
    period = forms.CharField(label=_("Planned period"), max_length=100, required=False)
    external_part = forms.CharField(
        label=_("Part delivered by an entity that is not a party to the agreement"),
        max_length=300,
        required=False,
        help_text=_(
            "Only for a part of the action delivered by an entity that is not a party to the agreement "
            "(art. 16 ust. 4 of the Act on public benefit activity and volunteering)."
        ),
    )
    offeror = forms.TypedChoiceField(
        label=_("Offeror responsible"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("In a joint offer, the offeror responsible for delivering the action."),
    )

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
    name = forms.CharField(
        label=_("Result"),
        max_length=300,
        help_text=_("The call may ask for additional information on the results of the task."),
    )
    target = forms.CharField(
        label=_("Planned level (target value)"),
        max_length=300,
        help_text=_("The level of the result planned to be achieved."),
    )
    monitoring = forms.CharField(
        label=_("How it is monitored (source of information)"),
        max_length=300,
        help_text=_("How the result will be monitored and where the information that it was achieved comes from."),
    )

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


# The 2018 template's guidance for V.A, shown next to each field (the grid's column headers describe their cells).
COST_GUIDANCE: dict[str, Any] = {
    "category": _("I. Costs of delivering the actions, or II. administrative costs of the task."),
    "action": _("A cost of delivering the actions is listed under its action from the plan and schedule (III.4)."),
    "name": _("What is paid for, e.g. remuneration, a service, a purchase."),
    "unit": _("E.g. hour, month, piece, service."),
    "unit_cost": _("The cost of one unit."),
    "quantity": _("How many units."),
    "year": _("A task lasting longer than one year shows the value of the line in each year."),
    "offeror": _("In a joint offer, the offeror who bears the cost (V.C: division of costs between offerors)."),
}


@dataclass(frozen=True)
class CostChoices:
    """The action and offeror choices of a cost line, read once for all the rows of the table."""

    actions: list[tuple[Any, Any]]
    offerors: list[tuple[Any, Any]]  # empty unless the offer is joint

    @classmethod
    def of(cls, offer: Offer) -> "CostChoices":
        actions = offer.actions.order_by("year", "order", "pk")
        return cls(
            actions=[("", _("– none (administrative cost) –")), *((a.pk, f"{a.year}: {a.name}") for a in actions)],
            offerors=_offeror_choices(offer) if offeror_count(offer) > 1 else [],
        )


class CostLineForm(forms.Form):
    """V.A: one cost under an action (I) or an administrative cost (II), values per year."""

    default_renderer = widget_renderer

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The select shows its first option on an empty row: that is the initial value, so an untouched
    # "new row" is unchanged (and skipped), not a half-filled cost line.
    category = forms.ChoiceField(
        label=_("Category"),
        choices=CostCategory.choices,
        initial=CostCategory.ACTION,
        help_text=COST_GUIDANCE["category"],
    )
    action = forms.TypedChoiceField(
        label=pgettext_lazy("part of a public task", "Action"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=COST_GUIDANCE["action"],
    )
    name = forms.CharField(label=_("Type of cost"), max_length=300, help_text=COST_GUIDANCE["name"])
    unit = forms.CharField(label=_("Unit of measure"), max_length=50, help_text=COST_GUIDANCE["unit"])
    unit_cost = AmountField(
        label=_("Unit cost (PLN)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=COST_GUIDANCE["unit_cost"],
    )
    quantity = AmountField(
        label=_("Number of units"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=COST_GUIDANCE["quantity"],
    )
    year1 = _money_field(_("Year 1"))
    year2 = _money_field(_("Year 2"))
    year3 = _money_field(_("Year 3"))
    offeror = forms.TypedChoiceField(
        label=_("Offeror"), coerce=int, required=False, empty_value=None, help_text=COST_GUIDANCE["offeror"]
    )

    def __init__(self, *args: Any, offer: Offer, choices: "CostChoices | None" = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = choices or CostChoices.of(offer)
        choice_field(self, "action").choices = choices.actions
        years = task_years(offer.start_date, offer.end_date)
        for index in range(1, 4):
            if len(years) > 1 and index <= len(years):
                self.fields[f"year{index}"].label = _("Year %(n)d (%(year)d)") % {"n": index, "year": years[index - 1]}
                self.fields[f"year{index}"].help_text = COST_GUIDANCE["year"]
            else:
                del self.fields[f"year{index}"]
        if choices.offerors:
            choice_field(self, "offeror").choices = choices.offerors
        else:
            del self.fields["offeror"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") == CostCategory.ACTION and not data.get("action"):
            self.add_error("action", _("Choose the action this cost belongs to."))
        if data.get("category") == CostCategory.ADMIN:
            data["action"] = None
        return data

    def line_total(self) -> Decimal | None:
        """Unit cost × number of units of the row as typed (bound) or saved (initial); None until both are known."""
        data = self.initial
        if self.is_bound:  # the fields that are valid (an error elsewhere in the row does not hide the total)
            self.is_valid()
            data = self.cleaned_data
        unit_cost, quantity = data.get("unit_cost"), data.get("quantity")
        if unit_cost is None or quantity is None:
            return None
        return money(Decimal(unit_cost) * Decimal(quantity))


@dataclass(frozen=True)
class GridColumn:
    name: str
    label: Any
    hint: Any
    numeric: bool


class CostLineGridFormSet(BaseRowFormSet):
    """V.A as a table: one row per cost line, a column per field; the column headers carry the guidance."""

    # "Add rows" without JavaScript: how many empty rows it adds.
    ADD_ROWS = 5

    @cached_property
    def choices(self) -> CostChoices:
        return CostChoices.of(self.offer)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "choices": self.choices}

    def columns(self) -> list[GridColumn]:
        """The visible columns, from the empty form (per-year columns and the offeror only where they apply)."""
        form = self.empty_form
        return [
            GridColumn(name, field.label, field.help_text, isinstance(field, forms.DecimalField))
            for name, field in form.fields.items()
            if not field.widget.is_hidden and name != "DELETE"
        ]

    def grid_rows(self) -> list[tuple[Any, Decimal | None]]:
        """(form, line total) per row; each input is described by its column's guidance and its own errors."""
        for form in self.forms:
            self._describe(form)
        return [(form, form.line_total()) for form in self.forms]

    def grid_template(self) -> Any:
        """The empty row the page clones when a row is added in the browser."""
        return self._describe(self.empty_form)

    def _describe(self, form: Any) -> Any:
        errors = form.errors if form.is_bound else {}
        for name, field in form.fields.items():
            if field.widget.is_hidden or name == "DELETE":
                continue
            describedby = [f"costs-hint-{name}"]
            if name in errors:
                describedby.append(f"{form[name].auto_id}_errors")
            field.widget.attrs["aria-describedby"] = " ".join(describedby)
        return form

    def with_more_rows(self) -> "CostLineGridFormSet":
        """The same bound rows and `ADD_ROWS` empty ones after them (their selects at their first option)."""
        data: Any = copy.copy(self.data)  # the POST's QueryDict copies as a mutable one
        total = self.total_form_count()
        for index in range(total, total + self.ADD_ROWS):
            for name, field in self.empty_form.fields.items():
                if field.initial not in (None, ""):
                    data[f"{self.prefix}-{index}-{name}"] = str(field.initial)
        data[f"{self.prefix}-TOTAL_FORMS"] = str(total + self.ADD_ROWS)
        return type(self)(data, prefix=self.prefix, offer=self.offer)


def row_formset(form: type[forms.Form], *, extra: int = 1, base: type[BaseRowFormSet] = BaseRowFormSet) -> Any:
    return forms.formset_factory(
        form, formset=base, extra=extra, can_delete=True, max_num=200, validate_max=True, renderer=widget_renderer
    )


OfferorsFormSet = row_formset(OfferorRowForm, base=OfferorFormSet)
ActionFormSet = row_formset(ActionForm)
ResultFormSet = row_formset(ResultForm)
CostLineFormSet = row_formset(CostLineForm, extra=2, base=CostLineGridFormSet)


class TaskForm(SectionModelForm):
    """III.1–3 and III.5: title, delivery dates, summary, expected results."""

    class Meta:
        model = Offer
        fields = ("title", "start_date", "end_date", "summary", "expected_results")
        help_texts = {
            "start_date": _("The task is delivered between these dates, within the period the call allows."),
        }
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
        help_texts = {
            "previous_activity": _("The offeror's earlier activity, especially in the field of the public task."),
            "resources": _("The offeror's human, material and financial resources that will be used in the task."),
        }
        widgets = {
            "previous_activity": forms.Textarea(attrs={"rows": 8}),
            "resources": forms.Textarea(attrs={"rows": 8}),
        }


class SourcesForm(forms.Form):
    """V.B: the funding sources; the total cost comes from V.A."""

    default_renderer = widget_renderer

    requested_grant = _money_field(_("Planned grant"), help_text=_("The grant requested in this offer."))
    own_financial = _money_field(
        _("Own financial contribution"),
        help_text=_(
            "The own contribution is the sum of the financial and the non-financial (personal and in-kind) one."
        ),
    )
    own_personal = _money_field(
        _("Own personal contribution (work of volunteers and members)"),
        help_text=_("The work of volunteers and the unpaid work of the organisation's members."),
    )
    own_in_kind = _money_field(
        _("Own in-kind contribution"),
        help_text=_(
            "E.g. real estate, vehicles, machines, equipment; also a resource made available or a service provided "
            "free of charge by another entity (e.g. transport, accommodation, printing) used in the task."
        ),
    )
    beneficiary_fees = _money_field(
        _("Cash payments from the task's beneficiaries"),
        help_text=_("Charged only within the offeror's paid public benefit activity."),
    )
    other_public_funds = _money_field(
        _("Other public funds"),
        help_text=_("E.g. grants of other public administration bodies or funds of the European Union."),
    )


class OtherForm(SectionModelForm):
    """VI: paid or free delivery, the joint offer's arrangements, other information."""

    class Meta:
        model = Offer
        fields = ("paid_activity", "joint_arrangements", "other_info")
        help_texts = {
            "paid_activity": _("Whether the offeror intends to deliver the task for payment or free of charge."),
            "joint_arrangements": _(
                "The actions each offeror will carry out and how the offerors will be represented before the public "
                "administration body."
            ),
            "other_info": _(
                "Other actions that may matter in assessing the offer, including those concerning the cost "
                "calculation and the statements in section VII."
            ),
        }
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


# The simplified offer (art. 19a, Dz.U. 2018 poz. 2055) -------------------------------------------------------


class SimplifiedOfferorFormSet(OfferorFormSet):
    """II.1 of the simplified offer: one offeror, no joint offer."""

    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if (f.has_changed() or f.initial) and not f.cleaned_data.get("DELETE")]
        if len(kept) > 1:
            raise forms.ValidationError(_("A simplified offer has a single offeror (it cannot be a joint offer)."))


class SimplifiedActionForm(forms.Form):
    """III.4 of the simplified offer: an action of the plan and schedule, with its period (no years)."""

    default_renderer = widget_renderer

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Name of the action"),
        max_length=300,
        help_text=_("List all the actions planned in the offer, in a logical order."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe the action, its participants and where it takes place."),
    )
    period = forms.CharField(
        label=_("Planned period"),
        max_length=100,
        required=False,
        help_text=_("When the action takes place, within the delivery period of the task."),
    )

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class SimplifiedCostLineForm(forms.Form):
    """IV.1 of the simplified offer: a type of cost, its value and the part of it paid from the grant."""

    default_renderer = widget_renderer

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Type of cost"), max_length=300, help_text=COST_GUIDANCE["name"])
    value = AmountField(
        label=_("Value (PLN)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=_("The whole cost, from every source."),
    )
    grant = AmountField(
        label=_("Of which from the grant (PLN)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=_("The part of the cost paid from the grant requested in this offer (0 when none of it is)."),
    )

    def __init__(self, *args: Any, offer: Offer, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value, grant = data.get("value"), data.get("grant")
        if value is not None and grant is not None and grant > value:
            self.add_error("grant", _("The part paid from the grant cannot exceed the value of the cost."))
        return data

    def line_total(self) -> Decimal | None:
        """The value of the row as typed (bound) or saved (initial)."""
        data = self.initial
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        value = data.get("value")
        return None if value is None else money(Decimal(value))


class SimplifiedCostLineGridFormSet(CostLineGridFormSet):
    """IV.1 as a table: type of cost, value, of which from the grant; no categories, years or offerors."""

    @cached_property
    def choices(self) -> Any:
        return None


class SimplifiedSourcesForm(SourcesForm):
    """IV.2 of the simplified offer: the grant, the own contribution, the beneficiaries' payments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["other_public_funds"]


SimplifiedOfferorsFormSet = forms.formset_factory(
    OfferorRowForm,
    formset=SimplifiedOfferorFormSet,
    extra=0,
    min_num=1,
    can_delete=False,
    max_num=1,
    validate_max=True,
    renderer=widget_renderer,
)
SimplifiedActionFormSet = row_formset(SimplifiedActionForm)
SimplifiedCostLineFormSet = row_formset(SimplifiedCostLineForm, extra=2, base=SimplifiedCostLineGridFormSet)
