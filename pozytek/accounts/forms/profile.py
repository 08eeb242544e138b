from django import forms
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    """The person's own name as shown to offices and organisations."""

    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
