"""The public search form of the directory (GET, bookmarkable)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.legal.selectors import legal_forms, spheres_in_force
from pozytek.organisations.selectors import DirectoryQuery
from pozytek.tenants.selectors import districts_of
from pozytek.ui.form_fields import choice_field

SORT_CHOICES = [("name", _("name A–Z")), ("-name", _("name Z–A")), ("newest", _("recently added"))]
OPP_CHOICES = [("", _("any")), ("1", _("only public benefit organisations")), ("0", _("without OPP status"))]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Name, keyword, KRS or NIP"), max_length=200, required=False)
    legal_form = forms.ChoiceField(label=_("Legal form"), required=False)
    sphere = forms.ChoiceField(label=_("Sphere of public tasks"), required=False)
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int, empty_value=None)
    opp = forms.ChoiceField(label=_("OPP status"), choices=OPP_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, tenant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["type"] = "search"
        choice_field(self, "legal_form").choices = [("", _("any"))] + [(f.slug, f.display_name) for f in legal_forms()]
        choice_field(self, "sphere").choices = [("", _("any"))] + [(s.code, str(s)) for s in spheres_in_force()]
        choice_field(self, "district").choices = [("", _("any"))] + [(d.pk, d.name) for d in districts_of(tenant)]

    def to_query(self) -> DirectoryQuery:
        """The query to run; an invalid parameter is ignored rather than failing the page."""
        data = self.cleaned_data if self.is_valid() else {}
        opp = data.get("opp")
        return DirectoryQuery(
            text=data.get("q", ""),
            legal_form=data.get("legal_form", ""),
            sphere=data.get("sphere", ""),
            district=data.get("district"),
            opp=None if not opp else opp == "1",
            sort=data.get("sort") or "name",
        )
