"""The member's forms: the declaration on the grounds of art. 24 KPA and the score card."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.models import Criterion
from pozytek.evaluation.services.scoring import JUSTIFICATION_MAX_LENGTH, NOTE_MAX_LENGTH, points_problem
from pozytek.ui.form_fields import choice_field


class DeclarationForm(forms.Form):
    conflicts = forms.MultipleChoiceField(
        label=_("Offers whose offerors I have a tie with"),
        help_text=_("Tick an offer if any of the grounds above applies to you and any of its offerors."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose only offers listed in the declaration.")},
    )
    confirm = forms.BooleanField(
        label=_("I declare that the above is true and that I will not score the offers I ticked."),
        error_messages={"required": _("Confirm the declaration to continue.")},
    )

    def __init__(self, *args: Any, listing: Sequence[dict[str, Any]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "conflicts").choices = [
            (str(row["offer"]), f"{row['offer']}. {row['title']}: {', '.join(row['offerors'])}") for row in listing
        ]

    def conflicted_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("conflicts", [])]


def points_field(pk: int) -> str:
    return f"points_{pk}"


def note_field(pk: int) -> str:
    return f"note_{pk}"


def parse_points(text: str) -> Decimal | None:
    """A number as typed: a decimal comma is accepted ("7,5"); None when not a number."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


class ScoreCardForm(forms.Form):
    """Points and a comment per criterion, then the justification; draft or submit by the button pressed."""

    justification = forms.CharField(
        label=_("Justification of the assessment"),
        help_text=_("Required to submit the card."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=JUSTIFICATION_MAX_LENGTH,
    )

    def __init__(self, *args: Any, criteria: Sequence[Criterion] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields: dict[str, forms.Field] = {}
        for criterion in self.criteria:
            fields[points_field(criterion.pk)] = forms.CharField(
                label=_("%(name)s: points (0–%(max)s)") % {"name": criterion.name, "max": criterion.max_points},
                help_text=criterion.description,
                required=False,
                max_length=50,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 8}),
            )
            fields[note_field(criterion.pk)] = forms.CharField(
                label=_("Comment on “%(name)s” (optional)") % {"name": criterion.name},
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**fields, "justification": self.fields["justification"]}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for criterion in self.criteria:
            name = points_field(criterion.pk)
            text = (self.data.get(self.add_prefix(name)) or "").strip()
            if name in self.errors or not text:
                cleaned[name] = None
                continue
            value = parse_points(text)
            problem = points_problem(value if value is not None else text, criterion.max_points)
            if problem:
                self.add_error(name, problem)
                cleaned.pop(name, None)
            else:
                cleaned[name] = value
        return cleaned

    def points(self) -> dict[int, Decimal]:
        return {
            c.pk: self.cleaned_data[points_field(c.pk)]
            for c in self.criteria
            if self.cleaned_data.get(points_field(c.pk)) is not None
        }

    def notes(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(note_field(c.pk), "") or "" for c in self.criteria}

    def add_service_error(self, key: str, message: str) -> None:
        """Tie a service's error key ("criterion-<pk>", "note-<pk>", "justification") to its field."""
        if key.startswith("criterion-"):
            field: str | None = points_field(int(key.removeprefix("criterion-")))
        elif key.startswith("note-"):
            field = note_field(int(key.removeprefix("note-")))
        else:
            field = key
        self.add_error(field if field in self.fields else None, message)
