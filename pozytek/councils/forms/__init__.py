"""Forms of councils and teams: they check types and lengths; the rules are the services'.

`add_service_errors` ties a service's ValidationError to the fields (unknown keys go above the form).
"""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pozytek.councils.states import ActKind, BodyKind, DecisionMethod, MemberRole, MemberSide
from pozytek.ui.widgets import DateInput, DateTimeInput

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DATE_ERRORS = {"invalid": _("Enter a date.")}
DATETIME_ERRORS = {"invalid": _("Enter a date and time.")}


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), error_messages=DATE_ERRORS, help_text=help_text
    )


class ServiceErrorsMixin:
    def add_service_errors(self, error: ValidationError) -> None:
        form: Any = self
        if not hasattr(error, "error_dict"):
            form.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            form.add_error(key if key in form.fields else None, messages)


class BodyForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    term_start = date_field(_("Term starts"))
    term_end = date_field(_("Term ends"))
    legal_basis = forms.CharField(
        label=_("Legal basis (appointing act)"),
        max_length=500,
        required=False,
        help_text=_("E.g. the mayor's order and the council's resolution on how members are appointed."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail (secretariat)"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class MemberForm(ServiceErrorsMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    side = forms.ChoiceField(label=_("Represents"), choices=MemberSide.choices)
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        help_text=_("Required for representatives of organisations."),
    )
    represents_note = forms.CharField(label=_("Office, department or club"), max_length=300, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    term_start = date_field(_("Member from"), required=False, help_text=_("Empty: from the start of the term."))
    term_end = date_field(_("Member until"), required=False, help_text=_("Empty: until the end of the term."))
    email = forms.EmailField(label=_("E-mail for invitations"), required=False)
    account_email = forms.EmailField(
        label=_("Platform account (e-mail)"),
        required=False,
        help_text=_("Optional: a chair or secretary with an account can record the body's minutes and opinions."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = organisations.order_by("name")

    def clean_account_email(self) -> Any:
        email = (self.cleaned_data.get("account_email") or "").strip()
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No platform account has this e-mail address."))
        return user


class EndMembershipForm(ServiceErrorsMixin, forms.Form):
    last_day = date_field(_("Last day of the membership"))
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class MeetingForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Date and time (Warsaw time)"),
        widget=DateTimeInput(),
        input_formats=DATETIME_FORMATS,
        error_messages=DATETIME_ERRORS,
    )
    place = forms.CharField(label=_("Place"), max_length=300)
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
        help_text=_("One item per line."),
    )


class DocumentForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("What document is it"), max_length=300)
    upload = forms.FileField(label=_("File (PDF, DOCX, ODT, JPG or PNG)"))
    public = forms.BooleanField(label=_("Publish on the body's page"), required=False)


class MinutesForm(ServiceErrorsMixin, forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Members present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["present"]
        field.choices = [(m.pk, f"{m.full_name} ({m.get_side_display()})") for m in members]


class ReasonForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ActForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActKind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    adopted_on = date_field(_("Adopted on"))
    meeting: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("At the meeting"), queryset=None, required=False
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, meetings: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["meeting"]
        field.queryset = meetings


class OpinionForm(ActForm):
    kind = None  # type: ignore[assignment]


class OpinionRequestForm(ServiceErrorsMixin, forms.Form):
    consultation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Consultation of the draft"),
        queryset=None,
        required=False,
        help_text=_("Optional: the consultation in which the draft is consulted."),
    )
    subject = forms.CharField(
        label=_("Draft to give an opinion on"),
        max_length=500,
        required=False,
        help_text=_("Empty: the subject of the chosen consultation."),
    )
    link = forms.URLField(label=_("Link to the draft"), required=False, max_length=200)
    delivered_on = date_field(
        _("Delivered to the body on"),
        help_text=_("The opinion is due the number of days the law gives after this day."),
    )
    description = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, consultations: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["consultation"]
        field.queryset = consultations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("subject") or "").strip() and data.get("consultation") is not None:
            data["subject"] = data["consultation"].title
        return data


class CandidateCallForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    seats = forms.IntegerField(label=_("Number of seats for organisations"), min_value=1, max_value=100)
    deadline = forms.DateTimeField(
        label=_("Nominations until (Warsaw time)"),
        widget=DateTimeInput(),
        input_formats=DATETIME_FORMATS,
        error_messages=DATETIME_ERRORS,
    )
    description = forms.CharField(
        label=_("Information for candidates"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class NominationForm(ServiceErrorsMixin, forms.Form):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)
    candidate_name = forms.CharField(label=_("Candidate's name"), max_length=200)
    candidate_email = forms.EmailField(label=_("Candidate's e-mail"))
    statement = forms.CharField(
        label=_("Experience of the candidate"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args: Any, organisations: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = organisations


class ResultForm(ServiceErrorsMixin, forms.Form):
    method = forms.ChoiceField(label=_("How members were chosen"), choices=DecisionMethod.choices)
    chosen = forms.TypedMultipleChoiceField(
        label=_("Chosen candidates"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Result (vote count or appointing act)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args: Any, candidacies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["chosen"]
        field.choices = [(c.pk, f"{c.candidate_name} ({c.organisation})") for c in candidacies]
