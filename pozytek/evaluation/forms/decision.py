"""Forms of the decision, the answer to a request for justification, and the public request itself.

The forms check types and lengths; the rules (amounts against the requests, the proposals and the
call's funds, the request period) are the services'. The views tie a service's
ValidationError to the form's fields with `ui.form_errors.attach_service_errors`.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.evaluation.services.decision import amount_field, reason_field
from pozytek.evaluation.services.requests import ANSWER_MAX_LENGTH, NAME_MAX_LENGTH, QUESTION_MAX_LENGTH
from pozytek.ui.form_fields import choice_field
from pozytek.ui.widgets import DateInput


class DecisionForm(forms.Form):
    """The order's number, date and remarks, and per formally correct offer an amount and a reason."""

    number = forms.CharField(label=_("Number of the order"), max_length=60)
    date = forms.DateField(label=_("Date of the order"), widget=DateInput())
    note = forms.CharField(
        label=_("Remarks"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, data: Mapping[str, Any] | None = None, *, rows: list[Any], **kwargs: Any) -> None:
        """`rows`: objects with `offer`, `requested` and `proposed` (None without a proposal)."""
        initial = dict(kwargs.pop("initial", None) or {})
        for row in rows:
            if row.proposed is not None:
                initial.setdefault(amount_field(row.offer.pk), row.proposed)
        super().__init__(data, initial=initial, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[amount_field(row.offer.pk)] = forms.DecimalField(
                label=_("Awarded amount (PLN)"),
                min_value=0,
                max_digits=12,
                decimal_places=2,
                localize=True,
                error_messages={"required": _("Enter the awarded amount (0 when the offer is not chosen).")},
            )
            self.fields[reason_field(row.offer.pk)] = forms.CharField(
                label=_("Reason for departing from the proposal"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def offer_fields(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(row, self[amount_field(row.offer.pk)], self[reason_field(row.offer.pk)]) for row in self.rows]

    def amounts(self) -> dict[int, Decimal]:
        return {row.offer.pk: self.cleaned_data[amount_field(row.offer.pk)] for row in self.rows}

    def reasons(self) -> dict[int, str]:
        return {row.offer.pk: self.cleaned_data.get(reason_field(row.offer.pk), "") for row in self.rows}


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer (justification of the result)"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("The answer is e-mailed to the person who asked and kept in the record."),
    )


class JustificationRequestForm(forms.Form):
    """Anyone's request for the reasons of a result; the offer is optional."""

    name = forms.CharField(label=_("Your name or your organisation's name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(label=_("E-mail for the answer"))
    offer = forms.TypedChoiceField(label=_("Offer the request is about"), required=False, coerce=int, empty_value=None)
    question = forms.CharField(
        label=_("Your request"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 5,000 characters."),
    )

    def __init__(self, *args: Any, offers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offers = {offer.pk: offer for offer in offers}
        choice_field(self, "offer").choices = [("", _("The results in general"))] + [
            (offer.pk, f"{offer.title} – {offer.organisation.name}") for offer in offers
        ]

    def chosen_offer(self) -> Any:
        pk = self.cleaned_data.get("offer")
        return self.offers.get(pk) if pk is not None else None
