"""Participants' input: a comment on a unit or the whole draft, the survey, meeting registration."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.consultations.forms.office import LongTextField
from pozytek.consultations.models import Consultation
from pozytek.consultations.selectors import eligible_organisations, may_take_part_personally
from pozytek.consultations.states import Audience, QuestionKind
from pozytek.ui.form_fields import choice_field

WHOLE = "whole"


def organisation_field(consultation: Consultation, user: Any) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    personally = may_take_part_personally(consultation, user)
    myself = (
        _("Myself (as a member of the council)")
        if consultation.audience == Audience.COUNCIL
        else _("Myself (as a resident)")
    )
    return forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=eligible_organisations(consultation, user),
        required=not personally,
        empty_label=str(myself) if personally else None,
        help_text=_("Comments are published with the name of the organisation; residents' names are not published."),
    )


class CommentForm(forms.Form):
    """A comment: the unit (or the whole draft), proposed wording and justification."""

    unit = forms.ChoiceField(label=_("Part of the draft"))
    proposed_wording = LongTextField(
        label=_("Proposed wording"),
        help_text=_("Optional: how the unit should read."),
        required=False,
    )
    justification = LongTextField(
        label=_("Comment and justification"),
        error_messages={"required": _("Write your comment and its justification.")},
    )

    def __init__(self, *args: Any, consultation: Consultation, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = [(str(u.pk), f"{u.label} {u.heading}".strip()) for u in consultation.units.all()]
        choice_field(self, "unit").choices = [(WHOLE, _("The whole draft")), *units]
        self.fields["organisation"] = organisation_field(consultation, user)
        self.order_fields(["unit", "organisation", "proposed_wording", "justification"])

    def unit_id(self) -> int | None:
        value = self.cleaned_data["unit"]
        return None if value == WHOLE else int(value)


class SurveyForm(forms.Form):
    """The consultation's survey, one field per question (all optional, at least one answer)."""

    def __init__(self, *args: Any, consultation: Consultation, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = organisation_field(consultation, user)
        self.questions = list(consultation.questions.all())
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.TEXT:
                self.fields[name] = LongTextField(label=question.text, required=False)
            else:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    choices=[(c, c) for c in question.choice_list],
                    widget=forms.RadioSelect,
                    required=False,
                )

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") or "" for q in self.questions}


class RegistrationForm(forms.Form):
    def __init__(self, *args: Any, consultation: Consultation, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = organisation_field(consultation, user)
