"""The office's forms for an offer update: accept it, or return it with reasons.

Both carry the number of the version the official saw, so that a decision is never taken on a version
other than the one on the screen. `services.updates` decides; its ValidationError keys are field names.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.agreements.services.updates import REASONS_MAX_LENGTH


class AcceptUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReturnUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reasons = forms.CharField(
        label=_("Reasons for returning the update"),
        max_length=REASONS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the organisation by e-mail and shown with its offer: say what must change."),
        error_messages={"required": _("Give the reasons why the update is returned.")},
    )
