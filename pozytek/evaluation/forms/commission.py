"""Forms of the commission's formation: recruitment, members, the case without NGO members, the appointment,
and an organisation's nomination of a candidate."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pozytek.evaluation.models import Nomination
from pozytek.evaluation.states import MemberKind, MemberRole, WithoutNgoReason
from pozytek.ui.form_fields import choice_field
from pozytek.ui.widgets import DateInput, DateTimeInput

TEXT_MAX_LENGTH = 5_000


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class RecruitmentForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Nominations until (Warsaw time)"),
        widget=DateTimeInput(),
        input_formats=DATETIME_FORMATS,
        error_messages={"required": _("Enter the deadline for nominations."), "invalid": _("Enter a date and time.")},
    )
    description = forms.CharField(
        label=_("Information for candidates"),
        help_text=_("What the commission does, the expected experience, when it will meet."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )

    def clean_deadline(self) -> dt.datetime:
        deadline: dt.datetime = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline for nominations must be in the future."))
        return deadline


def nomination_label(nomination: Nomination, excluded: bool) -> str:
    label = f"{nomination.candidate} – {nomination.organisation.name}"
    if excluded:
        label = _("%(label)s (excluded: the organisation takes part in this call)") % {"label": label}
    return label


class MemberForm(forms.Form):
    user_email = forms.EmailField(
        label=_("E-mail address of the person's account"),
        help_text=_("The person must have an account on the platform. For a nominated person you may leave it empty."),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MemberRole.choices,
        initial=MemberRole.MEMBER,
        error_messages={"required": _("Choose a role.")},
    )
    kind = forms.ChoiceField(
        label=_("Represents"),
        choices=MemberKind.choices,
        error_messages={"required": _("Choose whom the member represents.")},
    )
    nomination = forms.TypedChoiceField(
        label=_("Nomination"),
        help_text=_("Required for a person representing organisations."),
        required=False,
        coerce=int,
        empty_value=None,
    )
    represents = forms.CharField(
        label=_("Office unit or organisation"),
        help_text=_("Filled in from the nomination or the office when left empty."),
        required=False,
        max_length=300,
    )

    def __init__(self, *args: Any, nominations: Sequence[tuple[Nomination, bool]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "nomination").choices = [("", _("— none —"))] + [
            (n.pk, nomination_label(n, excluded)) for n, excluded in nominations
        ]


class WithoutNgoForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why the commission works without NGO members"),
        help_text=_("Only the cases art. 15 ust. 2da allows. Choose “none” to clear it."),
        choices=[("", _("— none —")), *WithoutNgoReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_MAX_LENGTH
    )


class AppointForm(forms.Form):
    number = forms.CharField(
        label=_("Number of the appointing order"),
        max_length=60,
        error_messages={"required": _("Enter the number of the appointing order.")},
    )
    date = forms.DateField(
        label=_("Date of the appointing order"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date of the appointing order."), "invalid": _("Enter a valid date.")},
    )

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date of the order cannot be in the future."))
        return date


class NominationForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Nominating organisation"), coerce=int, error_messages={"required": _("Choose the organisation.")}
    )
    candidate_email = forms.EmailField(
        label=_("E-mail address of the candidate's account"),
        help_text=_("The candidate must already have an account on the platform."),
        max_length=254,
        error_messages={
            "required": _("Enter the e-mail address of the candidate's account."),
            "invalid": _("Enter a valid e-mail address."),
        },
    )
    statement = forms.CharField(
        label=_("Experience of the candidate"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )

    def __init__(self, *args: Any, organisations: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "organisation").choices = [(o.pk, o.name) for o in organisations]
