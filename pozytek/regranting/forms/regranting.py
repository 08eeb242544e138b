"""Forms of regranting: naming an operator, the committee, a call, an application, a score, a decision,
signing and settling a micro-grant. Amounts go through core.money (the same messages everywhere)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.core.money import parse_amount, typed_amount
from pozytek.regranting.states import ApplicantKind
from pozytek.ui.widgets import DateInput, DateTimeInput


class AmountField(forms.CharField):
    """An amount typed by a person: at least 0, at most two decimals (core.money's messages)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        amount, error = parse_amount(typed_amount(text), missing=str(_("Give the amount.")))
        if error:
            raise forms.ValidationError(error)
        return amount


class OperatorForm(forms.Form):
    agreement = forms.TypedChoiceField(label=_("Agreement of the regranting call"), coerce=int)
    pool = AmountField(
        label=_("Pool for micro-grants (PLN)"),
        help_text=_("The part of the agreement's grant the operator gives on as micro-grants."),
    )

    def __init__(self, *args: Any, agreements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = [  # type: ignore[attr-defined]
            (a.pk, f"{a.number}: {a.offer.organisation.name} – {a.offer.title}") for a in agreements
        ]


class CommitteeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person's account"))
    name = forms.CharField(label=_("Name shown on the committee"), max_length=200, required=False)


class SubCallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    rules = forms.CharField(label=_("Rules"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    deadline = forms.DateTimeField(label=_("Applications until"), widget=DateTimeInput())
    pool_share = AmountField(label=_("Funds of this call (PLN)"))
    max_grant = AmountField(label=_("Largest micro-grant (PLN)"))


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Who applies"), choices=ApplicantKind.choices, widget=forms.RadioSelect)
    leader_name = forms.CharField(label=_("Leader of the project"), max_length=200)
    group_name = forms.CharField(label=_("Name of the group"), max_length=200, required=False)
    member_names = forms.CharField(
        label=_("Members of the group"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("A group of residents: one name per line, at least two."),
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation from the directory"), coerce=int, required=False, empty_value=None
    )
    organisation_name = forms.CharField(
        label=_("Or the organisation's name"),
        max_length=300,
        required=False,
        help_text=_("A small organisation not in the directory."),
    )
    title = forms.CharField(label=_("Title of the project"), max_length=300)
    description = forms.CharField(
        label=_("What you will do"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    amount = AmountField(label=_("Micro-grant requested (PLN)"))

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (o.pk, o.name) for o in organisations
        ]


class ScoreForm(forms.Form):
    points = forms.IntegerField(label=_("Points (0–100)"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class DecisionForm(forms.Form):
    award = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Award a micro-grant")), ("no", _("Do not award"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    amount = AmountField(label=_("Amount of the micro-grant (PLN)"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Agreement signed on"), widget=DateInput())


class SettleForm(forms.Form):
    amount_spent = AmountField(label=_("Spent (PLN)"))
    amount_returned = AmountField(label=_("Returned (PLN)"))
