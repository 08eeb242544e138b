"""Forms of annexes: the organisation's request (one field per cost line and result of the terms in force)
and the office's decision (approve, refuse with a reason).

The forms check types and lengths; the rules are `services.annexes`' whose ValidationError keys
("line:I.1.2", "result:0:name", …) `add_service_errors` ties to the fields here.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pozytek.agreements.selectors_terms import Terms
from pozytek.agreements.services.annexes import RESULT_MAX_LENGTH, TEXT_MAX_LENGTH
from pozytek.core.money import typed_amount
from pozytek.ui.widgets import DateInput

DATE_WIDGET = DateInput()
AMOUNT_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "input--amount"})


class AnnexRequestForm(forms.Form):
    """The organisation's request: why, the new dates, the new value of each cost line, changed results."""

    justification = forms.CharField(
        label=_("Justification of the change"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why the agreement must change; the office reads it before deciding."),
        error_messages={"required": _("Explain why the agreement must change.")},
    )
    start_date = forms.DateField(label=_("The task starts"), required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("The task ends"), required=False, widget=DATE_WIDGET)
    other_changes = forms.CharField(
        label=_("Other changes"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anything else the annex should change (e.g. the description of an action)."),
    )

    def __init__(self, *args: Any, terms: Terms, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms = terms
        self.fields["start_date"].initial = terms.start_date
        self.fields["end_date"].initial = terms.end_date
        self.line_fields: dict[str, str] = {}
        for index, line in enumerate(terms.lines):
            name = f"line_{index}"
            label = f"{line.number} {line.name}" + (f" ({line.group})" if line.group else "")
            self.fields[name] = forms.CharField(
                label=_("%(line)s – planned cost (PLN)") % {"line": label},
                required=False,
                max_length=32,
                initial=f"{line.planned:.2f}",
                widget=AMOUNT_WIDGET,
            )
            self.line_fields[line.number] = name
        self.result_fields: list[tuple[str, str]] = []
        for index, result in enumerate(terms.results):
            name_field, target_field = f"result_{index}_name", f"result_{index}_target"
            self.fields[name_field] = forms.CharField(
                label=_("Result %(n)d: name") % {"n": index + 1},
                required=False,
                max_length=RESULT_MAX_LENGTH,
                initial=result.name,
            )
            self.fields[target_field] = forms.CharField(
                label=_("Result %(n)d: planned value") % {"n": index + 1},
                required=False,
                max_length=RESULT_MAX_LENGTH,
                initial=result.target,
            )
            self.result_fields.append((name_field, target_field))

    def line_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.line_fields.values()]

    def result_bound_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[a], self[b]) for a, b in self.result_fields]

    def request_data(self) -> dict[str, Any]:
        """The service's keyword arguments from the cleaned data."""
        data = self.cleaned_data
        return {
            "justification": data["justification"],
            "start_date": data.get("start_date"),
            "end_date": data.get("end_date"),
            "lines": {number: typed_amount(data.get(name)) for number, name in self.line_fields.items()},
            "results": [
                {"index": i, "name": data.get(a, ""), "target": data.get(b, "")}
                for i, (a, b) in enumerate(self.result_fields)
            ],
            "other_changes": data.get("other_changes", ""),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        for key, messages in error.message_dict.items():
            field: str | None = key
            if key.startswith("line:"):
                field = self.line_fields.get(key.removeprefix("line:"))
            elif key.startswith("result:"):
                _prefix, index, part = [*key.split(":"), "", ""][:3]
                field = f"result_{index}_{part}"
            if field not in self.fields:
                field = None
            self.add_error(field, messages)


class ApproveAnnexForm(forms.Form):
    """Approval carries nothing but the CSRF token; the annex's state is checked by the service."""


class RefuseAnnexForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusing the annex"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the organisation by e-mail and shown with its request."),
        error_messages={"required": _("Give the reason for refusing the annex.")},
    )
