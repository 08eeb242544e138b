"""Office forms about the local government itself."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pozytek.tenants.models import Tenant
from pozytek.tenants.services import PROFILE_FIELDS
from pozytek.ui.widgets import DateInput


class TenantProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    """Contact data of the office; parsed here, written by `update_tenant_profile`."""

    class Meta:
        model = Tenant
        # The fields the service writes (one list), with the coat of arms after the NGO contact.
        fields = [*PROFILE_FIELDS[:8], "coat_of_arms", *PROFILE_FIELDS[8:]]
        widgets = {
            "accessibility_published_on": DateInput(),
            "accessibility_reviewed_on": DateInput(),
            "ngo_contact_details": forms.Textarea(attrs={"rows": 4}),
            "coat_of_arms": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def clean_coat_of_arms(self) -> Any:
        image = self.cleaned_data.get("coat_of_arms")
        if image and getattr(image, "size", 0) > settings.POZYTEK_MAX_LOGO_BYTES:
            raise forms.ValidationError(_("The file is too large: the limit is 1 MB."))
        if (
            image
            and hasattr(image, "content_type")
            and image.content_type not in {"image/png", "image/jpeg", "image/webp"}
        ):
            raise forms.ValidationError(_("Upload a PNG, JPEG or WebP image."))
        return image
