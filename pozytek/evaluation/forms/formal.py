"""The office's form of the formal check: one answer (met / not met) and a note per checklist item,
the sections to correct with the correction deadline, the reasons for a rejection.

The form parses; `services.formal.check_offer` decides the outcome and what it requires (its
ValidationError keys are this form's field names).
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.models import ChecklistItem
from pozytek.offers.sections import SECTIONS
from pozytek.ui.widgets import DateTimeInput

MET, NOT_MET = "met", "not_met"


class FormalCheckForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    sections = forms.MultipleChoiceField(
        label=_("Sections the offeror must correct"),
        choices=[(s.key, s.title) for s in SECTIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when a correctable requirement is not met."),
    )
    correction_deadline = forms.DateTimeField(
        label=_("Deadline for the correction"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Date and time in Polish time (Europe/Warsaw)."),
    )
    reasons = forms.CharField(
        label=_("Reasons for rejection"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when a requirement that cannot be corrected is not met; shown in the public list."),
    )

    def __init__(self, *args: Any, items: list[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        answers: dict[str, forms.Field] = {}
        for n, item in enumerate(items, start=1):
            label = item.text
            if item.correctable:
                label = _("%(text)s (can be corrected)") % {"text": item.text}
            answers[f"item_{item.pk}"] = forms.ChoiceField(
                label=label,
                choices=[(MET, _("Met")), (NOT_MET, _("Not met"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Say whether the offer meets this requirement.")},
            )
            answers[f"note_{item.pk}"] = forms.CharField(
                label=_("Note on requirement %(n)s") % {"n": n},
                required=False,
                max_length=2000,
            )
        # The checklist first, then the outcome's details.
        rest = {k: v for k, v in self.fields.items() if k != "version"}
        self.fields = {"version": self.fields["version"], **answers, **rest}

    def answer_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"item_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def outcome_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("sections", "correction_deadline", "reasons")]

    def answers(self) -> list[dict[str, Any]]:
        return [
            {
                "item": item.pk,
                "met": self.cleaned_data[f"item_{item.pk}"] == MET,
                "note": self.cleaned_data.get(f"note_{item.pk}", ""),
            }
            for item in self.items
        ]
