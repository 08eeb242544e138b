"""Forms of an organisation's profile: registration, editing, claims, invitations, office actions."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pozytek.legal.models import LegalForm, SphereOfPublicTasks
from pozytek.legal.selectors import legal_forms, spheres_in_force
from pozytek.organisations.identifiers import clean_bank_account, clean_krs, clean_nip, clean_regon
from pozytek.organisations.selectors import listings_of_organisation_across_tenants
from pozytek.organisations.states import AreaBasis, MemberRole
from pozytek.tenants.models import District, Tenant
from pozytek.tenants.selectors import districts_of, published_tenants
from pozytek.ui.form_fields import model_choice_field
from pozytek.ui.widgets import DateInput

MAX_DESCRIPTION = 5000


class ProfileForm(forms.Form):
    """Every field of a profile; identifiers are checked here, duplicates by the service."""

    name = forms.CharField(label=_("Full name of the organisation"), max_length=300)
    short_name = forms.CharField(label=_("Short name"), max_length=150, required=False)
    legal_form: forms.ModelChoiceField[LegalForm] = forms.ModelChoiceField(
        label=_("Legal form"), queryset=None, required=False
    )
    krs = forms.CharField(
        label=_("KRS number"),
        max_length=14,
        required=False,
        help_text=_("10 digits; leave empty for an ordinary association or a pupils' sports club."),
    )
    register_number = forms.CharField(label=_("Number in the starosta's register"), max_length=50, required=False)
    nip = forms.CharField(label=_("NIP"), max_length=16, required=False)
    regon = forms.CharField(label=_("REGON"), max_length=17, required=False)
    opp = forms.BooleanField(label=_("Public benefit organisation (OPP)"), required=False)
    opp_since = forms.DateField(label=_("OPP since"), required=False, widget=DateInput())
    spheres: forms.ModelMultipleChoiceField[SphereOfPublicTasks] = forms.ModelMultipleChoiceField(
        label=_("Spheres of public tasks"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts: forms.ModelMultipleChoiceField[District] = forms.ModelMultipleChoiceField(
        label=_("Districts where you work"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description of activities"),
        max_length=MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        max_length=500,
        required=False,
        help_text=_("Words people may search for, separated by commas."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{2}-\d{3}$",
        required=False,
        error_messages={"invalid": _("Enter a postal code like 60-101.")},
    )
    city = forms.CharField(label=_("Town"), max_length=100, required=False)
    bank_account = forms.CharField(
        label=_("Bank account (not public)"),
        max_length=40,
        required=False,
        help_text=_("Visible only to the organisation and to offices."),
    )
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    def __init__(self, *args: Any, tenant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "legal_form").queryset = legal_forms()
        model_choice_field(self, "spheres").queryset = spheres_in_force()
        if tenant is None:  # listed in no directory: no districts to choose from (and none to replace)
            del self.fields["districts"]
        else:
            model_choice_field(self, "districts").queryset = districts_of(tenant)

    def clean_krs(self) -> str:
        return clean_krs(self.cleaned_data["krs"])

    def clean_nip(self) -> str:
        return clean_nip(self.cleaned_data["nip"])

    def clean_regon(self) -> str:
        return clean_regon(self.cleaned_data["regon"])

    def clean_bank_account(self) -> str:
        return clean_bank_account(self.cleaned_data["bank_account"])

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > settings.POZYTEK_MAX_LOGO_BYTES:
            raise forms.ValidationError(_("The file is too large: the limit is 1 MB."))
        return logo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        form = data.get("legal_form")
        if form is not None and form.register == "krs" and not data.get("krs") and not self.errors.get("krs"):
            self.add_error("krs", _("Organisations of this legal form are registered in the KRS: enter the number."))
        if form is not None and form.register == "starosta" and not data.get("register_number") and not data.get("krs"):
            self.add_error("register_number", _("Enter the number in the starosta's register."))
        if data.get("opp") and not data.get("krs"):
            self.add_error("opp", _("Public benefit organisations are entered in the KRS: enter the KRS number."))
        return data


class RegisterOrganisationForm(ProfileForm):
    basis = forms.ChoiceField(
        label=_("Connection with this local government"),
        choices=[
            (AreaBasis.SEAT, _("our seat is here")),
            (AreaBasis.ACTIVITY, _("we work here, our seat is elsewhere")),
        ],
        widget=forms.RadioSelect,
        initial=AreaBasis.SEAT,
    )


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("How do you represent the organisation?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. member of the board named in the KRS. The office may contact you."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the colleague"))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.EDITOR)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note (visible only in this office)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MergeForm(forms.Form):
    keep = forms.IntegerField(
        label=_("Number of the profile to keep"),
        min_value=1,
        help_text=_("This profile's listings, members and notes move to the profile you keep."),
    )


class ListInDirectoryForm(forms.Form):
    """Members declare activity in another local government's area."""

    tenant: forms.ModelChoiceField[Tenant] = forms.ModelChoiceField(
        label=_("Also list us in the directory of"), queryset=None
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed = [area.tenant_id for area in listings_of_organisation_across_tenants(organisation)]
        model_choice_field(self, "tenant").queryset = published_tenants().exclude(pk__in=listed)


class ExclusionForm(forms.Form):
    excluded = forms.BooleanField(label=_("Excluded by art. 3 ust. 4 (not eligible for grants)"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
