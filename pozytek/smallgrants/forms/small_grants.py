"""Forms of small grants: the scheme of a year, starting an offer, a comment, the decision."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.states import CallMode
from pozytek.legal.selectors import spheres_in_force
from pozytek.smallgrants.models import SmallGrantScheme


class SchemeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SmallGrantScheme
        fields = ["grants_budget", "spheres", "how_to_apply", "contact", "published"]
        widgets = {"spheres": forms.CheckboxSelectMultiple}
        help_texts = {
            "grants_budget": _(
                "The year's planned funds for grants to organisations (the budget resolution or the programme): "
                "the small-grants pool is the share of it that the law allows."
            ),
            "published": _("Shows the page, the pool meter and the way to apply to everyone."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["spheres"].queryset = spheres_in_force()  # type: ignore[attr-defined]


class StartForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    title = forms.CharField(label=_("Title of the public task"), max_length=300)
    sphere: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Sphere of public tasks"), queryset=None)
    mode = forms.ChoiceField(label=_("Mode"), choices=CallMode.choices)

    def __init__(self, *args: Any, organisations: list[Any], spheres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]  # type: ignore[attr-defined]
        self.fields["sphere"].queryset = spheres  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    author_name = forms.CharField(
        label=_("Signed as"),
        max_length=200,
        help_text=_("Your name or the organisation's: it is shown with the comment."),
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)


class DecisionForm(forms.Form):
    purposeful = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[
            ("yes", _("The task is purposeful: award the grant requested")),
            ("no", _("Not purposeful: no grant")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Why the task is (or is not) purposeful, with regard to the comments received."),
    )
    number = forms.CharField(label=_("Number of the order"), max_length=60, required=False)
    date = forms.DateField(label=_("Date of the order"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class TakeDownForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)
