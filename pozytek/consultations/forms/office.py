"""Office input: the consultation's data, its draft (pasted or DOCX), attachments, survey, meetings,
answers to comments and the report's summary."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pozytek.consultations.drafting import UnitData, units_from_docx, units_from_text
from pozytek.consultations.models import Comment, Consultation
from pozytek.consultations.services import CONSULTATION_FIELDS
from pozytek.consultations.states import COMMENT_MAX_CHARS, Audience, QuestionKind, Response
from pozytek.legal.selectors import spheres_in_force
from pozytek.ui.form_fields import choice_field, model_choice_field
from pozytek.ui.widgets import DateInput, DateTimeInput


def council_model() -> Any:
    """The council model the consultation's audience names (councils.Body), read through the relation:
    councils sit above consultations in the layers, so this app imports nothing from them."""
    return Consultation._meta.get_field("council").related_model


class ConsultationForm(forms.ModelForm):  # type: ignore[type-arg]
    """The consultation's data; a draft may be incomplete (publishing checks completeness)."""

    spheres = forms.ModelMultipleChoiceField(
        label=_("Spheres of public tasks"),
        help_text=_("For the audience “organisations working in chosen spheres”; they are notified on publication."),
        queryset=spheres_in_force(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    # Councils are tenant-owned (a scoped manager): the queryset is set per request in __init__.
    council = forms.ModelChoiceField(
        label=_("Council consulted"),
        help_text=_("For the audience “a council”: its members take part."),
        queryset=council_model()._base_manager.none(),
        required=False,
    )

    class Meta:
        model = Consultation
        fields = tuple(f for f in (*CONSULTATION_FIELDS[:4], "spheres", *CONSULTATION_FIELDS[4:]) if f != "council")
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "justification": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, tenant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "spheres").queryset = spheres_in_force()
        model_choice_field(self, "council").queryset = council_model().objects.filter(tenant=tenant).order_by("name")
        if self.instance.pk and self.instance.council_id:
            self.initial["council"] = self.instance.council_id
        self.order_fields([*CONSULTATION_FIELDS[:4], "council", "spheres"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience") == Audience.COUNCIL and not data.get("council"):
            self.add_error("council", _("Choose the council consulted."))
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class DraftForm(forms.Form):
    """The draft's text: pasted, or a DOCX file; headings and § paragraphs become units."""

    text = forms.CharField(
        label=_("Text of the draft"),
        help_text=_(
            "Paste the draft. Each line starting with “§ 1.”, “Rozdział 2” or “Art. 3” starts a new unit; "
            "without such lines each paragraph (separated by an empty line) is a unit."
        ),
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
    )
    file = forms.FileField(
        label=_("…or a DOCX file"),
        help_text=_("Headings and paragraphs starting with § become units (at most 5 MB)."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, text = data.get("file"), (data.get("text") or "").strip()
        units: list[UnitData] = []
        try:
            if upload:
                units = units_from_docx(upload)
                data["source"] = "docx"
            elif text:
                units = units_from_text(text)
                data["source"] = "text"
            else:
                raise ValidationError(_("Paste the text of the draft or choose a DOCX file."))
        except ValidationError as error:
            self.add_error("file" if upload else "text", error)
        data["units"] = units
        return data


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title of the attachment"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, ODT, JPG or PNG."))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Answers to choose from"),
        help_text=_("One per line (for “one answer from a list”)."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=30, absolute_max=30, validate_max=True)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=300, help_text=_("An address or a link to an online meeting."))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    registration_required = forms.BooleanField(label=_("Registration required"), required=False)
    capacity = forms.IntegerField(label=_("Number of places"), min_value=1, max_value=100_000, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))
    attendance = forms.IntegerField(label=_("Number of participants"), min_value=0, max_value=100_000, required=False)


class LongTextField(forms.CharField):
    """Plain text with a length limit checked on the server (no maxlength attribute cutting pasted text)."""

    def __init__(self, *, limit: int = COMMENT_MAX_CHARS, **kwargs: Any) -> None:
        self.limit = limit
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and len(value) > self.limit:
            raise ValidationError(
                _("The text has %(length)d characters; at most %(max)d are allowed. Shorten it and send again.")
                % {"length": len(value), "max": self.limit},
                code="too_long",
            )


class AnswerForm(forms.Form):
    response = forms.ChoiceField(label=_("Answer"), choices=Response.choices, widget=forms.RadioSelect)
    response_reason = LongTextField(label=_("Reason"))


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Duplicate of comment"), coerce=int)

    def __init__(self, *args: Any, comment: Comment, others: list[Comment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "into").choices = [("", "—")] + [
            (c.pk, f"#{c.pk} {c.unit.label if c.unit else _('the whole draft')}: {c.justification[:60]}")
            for c in others
            if c.pk != comment.pk
        ]


class ReportForm(forms.Form):
    summary = LongTextField(
        label=_("Summary of the consultation"),
        help_text=_("Published at the top of the report."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
