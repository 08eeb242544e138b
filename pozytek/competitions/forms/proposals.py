"""Forms of own-initiative proposals (art. 12): the organisation's proposal and the office's answer."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.legal.selectors import spheres_in_force


class ProposalForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    title = forms.CharField(label=_("Title of the public task"), max_length=300)
    sphere: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Sphere of public tasks"), queryset=spheres_in_force(), empty_label=_("— choose —")
    )
    description = forms.CharField(
        label=_("Description of the task"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("What the task is, for whom, where and when; why it matters to the community (art. 12 ust. 1)."),
    )
    expected_results = forms.CharField(
        label=_("Expected results"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost (PLN)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("yes", _("A competition will be announced")), ("no", _("No competition"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class LinkCallForm(forms.Form):
    call: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Competition that followed"), queryset=None, required=False, empty_label=_("— none yet —")
    )

    def __init__(self, *args: Any, calls: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls  # type: ignore[attr-defined]
