"""The chair's form: a proposed amount and remarks per offer, and the commission's opinion."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.evaluation.selectors import RankedOffer
from pozytek.evaluation.services.protocol import amount_field, note_field

AMOUNT_ERRORS = {
    "invalid": _("Enter an amount in złoty, e.g. 12500.00."),
    "min_value": _("The amount cannot be negative."),
    "max_decimal_places": _("Enter the amount with at most 2 decimal places (grosze)."),
    "max_digits": _("The amount is too large."),
    "max_whole_digits": _("The amount is too large."),
}


class ProposalsForm(forms.Form):
    """One amount field (`amount-<offer id>`, blank = no proposal yet) and one remark per ranked offer."""

    opinion = forms.CharField(
        label=_("Opinion of the commission"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The commission's opinion on the offers, printed in the protocol."),
    )

    def __init__(self, *args: Any, rows: list[RankedOffer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[amount_field(row.offer_id)] = forms.DecimalField(
                label=_("Proposed amount for “%(title)s” (zł)") % {"title": row.title},
                required=False,
                min_value=Decimal(0),
                max_digits=12,
                decimal_places=2,
                error_messages=AMOUNT_ERRORS,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 12}),
            )
            self.fields[note_field(row.offer_id)] = forms.CharField(
                label=_("Remarks on “%(title)s”") % {"title": row.title},
                required=False,
                max_length=2000,
            )
        # Opinion last in the form's field order (after the table).
        self.order_fields([f for f in self.fields if f != "opinion"] + ["opinion"])

    def amounts(self) -> dict[int, Decimal | None]:
        return {row.offer_id: self.cleaned_data.get(amount_field(row.offer_id)) for row in self.rows}

    def notes(self) -> dict[int, str]:
        return {row.offer_id: self.cleaned_data.get(note_field(row.offer_id)) or "" for row in self.rows}

    def bound_rows(self) -> list[tuple[RankedOffer, forms.BoundField, forms.BoundField]]:
        return [(row, self[amount_field(row.offer_id)], self[note_field(row.offer_id)]) for row in self.rows]


def initial_for(rows: list[RankedOffer], opinion: str) -> dict[str, Any]:
    initial: dict[str, Any] = {"opinion": opinion}
    for row in rows:
        initial[amount_field(row.offer_id)] = row.proposed
        initial[note_field(row.offer_id)] = row.proposal_note
    return initial
