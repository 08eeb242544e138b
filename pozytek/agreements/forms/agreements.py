"""Forms of the agreement: its terms (with rows of yearly amounts and tranches), signing, a payment,
termination.

The forms check types and lengths; the rules (amounts against the grant, dates against the offer and
the call, the legal parameters) are the services'. `add_service_errors` ties a service's
ValidationError to the fields; errors about the rows ("years", "tranches") show above their tables.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pozytek.agreements.services.agreements import MAX_TRANCHES, REASON_MAX_LENGTH, ProposedTerms
from pozytek.ui.widgets import DateInput

DATE_WIDGET = DateInput()
MAX_YEAR_ROWS = 5
SEPARATORS = (" – ", " — ", " - ", ", ")


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET)


def _amount_field(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, localize=True)


def parse_people(text: str) -> list[dict[str, str]]:
    """ "Jan Kowalski – Prezes Zarządu" per line → [{"name": …, "function": …}]."""
    people = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        name, function = line, ""
        for separator in SEPARATORS:
            if separator in line:
                name, function = (part.strip() for part in line.split(separator, 1))
                break
        people.append({"name": name, "function": function})
    return people


def format_people(people: list[dict[str, str]]) -> str:
    return "\n".join(f"{p['name']} – {p['function']}" if p.get("function") else p.get("name", "") for p in people)


class YearRowForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    amount = _amount_field(_("Grant in the year (PLN)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, amount = data.get("year"), data.get("amount")
        if (year is None) != (amount is None) and not self.errors:
            raise ValidationError(_("Give both the year and the amount, or leave the row empty."))
        return data


class TrancheRowForm(forms.Form):
    due_date = _date_field(_("To be paid by"), required=False)
    amount = _amount_field(_("Amount (PLN)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due, amount = data.get("due_date"), data.get("amount")
        if (due is None) != (amount is None) and not self.errors:
            raise ValidationError(_("Give both the date and the amount, or leave the row empty."))
        return data


YearFormSet = forms.formset_factory(
    YearRowForm, extra=0, max_num=MAX_YEAR_ROWS, validate_max=True, absolute_max=MAX_YEAR_ROWS
)
TrancheFormSet = forms.formset_factory(
    TrancheRowForm, extra=0, max_num=MAX_TRANCHES, validate_max=True, absolute_max=MAX_TRANCHES
)


def _pad(rows: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    return rows + [{} for _n in range(max(0, size - len(rows)))]


class AgreementForm(forms.Form):
    """The terms of an agreement; one "who represents" field per party of the offer."""

    number = forms.CharField(label=_("Number of the agreement"), max_length=60)
    place = forms.CharField(label=_("Place of conclusion"), max_length=100, required=False)
    office_representatives = forms.CharField(
        label=_("Representatives of the local government"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One person per line, e.g. Jan Kowalski – Mayor."),
    )
    bank_account = forms.CharField(
        label=_("Bank account for the grant"),
        required=False,
        max_length=60,
        help_text=_("26 digits (NRB). Required before the agreement is printed or signed."),
    )
    start_date = _date_field(_("Task starts"))
    end_date = _date_field(_("Task ends"))
    cost_shift_percent = forms.DecimalField(
        label=_("Allowed increase of a cost line financed by the grant (%)"),
        required=False,
        localize=True,
        help_text=_("Leave empty for the default of the legal parameters."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        parties: list[dict[str, Any]],
        initial: dict[str, Any] | None = None,
        years: dict[int, Decimal] | None = None,
        tranches: list[tuple[dt.date | None, Decimal]] | None = None,
    ) -> None:
        initial = dict(initial or {})
        for index, party in enumerate(parties):
            initial.setdefault(self.party_field(index), format_people(party.get("representatives") or []))
        super().__init__(data, initial=initial)
        self.parties = parties
        for index, party in enumerate(parties):
            self.fields[self.party_field(index)] = forms.CharField(
                label=_("Who represents %(name)s") % {"name": party.get("name") or _("the organisation")},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("From the organisation's profile (KRS); one person per line: name – function."),
            )
        year_rows = [{"year": y, "amount": a} for y, a in sorted((years or {}).items())]
        tranche_rows = [{"due_date": d, "amount": a} for d, a in tranches or []]
        if data is None:
            self.years = YearFormSet(prefix="years", initial=_pad(year_rows, MAX_YEAR_ROWS))
            self.tranches = TrancheFormSet(prefix="tranches", initial=_pad(tranche_rows, len(tranche_rows) + 3))
        else:
            self.years = YearFormSet(data, prefix="years")
            self.tranches = TrancheFormSet(data, prefix="tranches")
        self.years_errors: list[str] = []
        self.tranches_errors: list[str] = []

    @staticmethod
    def party_field(index: int) -> str:
        return f"representatives_{index}"

    def party_fields(self) -> list[forms.BoundField]:
        return [self[self.party_field(index)] for index in range(len(self.parties))]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        rows_valid = self.years.is_valid() & self.tranches.is_valid()
        return valid and rows_valid

    def _rows(self, formset: Any, first: str) -> list[tuple[Any, Any]]:
        rows = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", {}) or {}
            if data.get(first) is not None and data.get("amount") is not None:
                rows.append((data[first], data["amount"]))
        return rows

    def terms(self) -> ProposedTerms:
        """The terms as typed, for prepare_agreement / update_agreement."""
        data = self.cleaned_data
        return ProposedTerms(
            number=data["number"],
            place=data.get("place", ""),
            office_representatives=data.get("office_representatives", ""),
            representatives=[parse_people(data.get(self.party_field(i), "")) for i in range(len(self.parties))],
            bank_account=data.get("bank_account", ""),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            years=dict(self._rows(self.years, "year")),
            tranches=self._rows(self.tranches, "due_date"),
            cost_shift_percent=data.get("cost_shift_percent"),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            if key == "years":
                self.years_errors.extend(messages)
            elif key == "tranches":
                self.tranches_errors.extend(messages)
            elif key == "representatives" and self.parties:
                self.add_error(self.party_field(0), messages)
            else:
                self.add_error(key if key in self.fields else None, messages)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.errors
            or self.years_errors
            or self.tranches_errors
            or self.years.total_error_count()
            or self.tranches.total_error_count()
        )


class SignForm(forms.Form):
    concluded_on = _date_field(_("Date of conclusion"))
    upload = forms.FileField(
        label=_("Signed agreement"),
        help_text=_(
            "A scan (PDF, JPG, PNG) or the electronically signed file (PAdES PDF or XAdES XML), kept exactly as "
            "received."
        ),
    )


class PaymentForm(forms.Form):
    paid_on = _date_field(_("Paid on"))
    amount = _amount_field(_("Amount paid (PLN)"))


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))
