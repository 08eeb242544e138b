"""The public search form of the directory (GET, bookmarkable)."""

import datetime as dt
from functools import lru_cache
from typing import Any

from django import forms
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from pozytek.legal.models import in_active_language
from pozytek.legal.selectors import legal_forms, spheres_in_force
from pozytek.organisations.selectors import DirectoryQuery
from pozytek.tenants.selectors import districts_of
from pozytek.ui.form_fields import choice_field

SORT_CHOICES = [("name", _("name A–Z")), ("-name", _("name Z–A")), ("newest", _("recently added"))]
OPP_CHOICES = [("", _("any")), ("1", _("only public benefit organisations")), ("0", _("without OPP status"))]


class PlainSelect(forms.Select):
    """Django's <select> markup written in Python: the directory's filters have some 70 options, and one
    template include per option was a fifth of the page's time.

    The options' markup depends only on the choices: it is written once per process for each list of
    choices (the labels are in the active language, so each language has its own), and the chosen option
    is marked in a copy, as Django's `optgroups` marks it (the first option whose value is chosen).
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        choices = tuple((str(option), str(label)) for option, label in self.choices)
        options = _options_markup(choices)
        chosen = set(self.format_value(value))
        for option, _label in choices:
            if option in chosen:
                plain = format_html('<option value="{}">', option)
                options = SafeString(options.replace(plain, plain[:-1] + " selected>", 1))
                break
        return format_html('<select name="{}"{}>{}\n</select>', name, _attrs(final_attrs), options)


@lru_cache(maxsize=256)
def _options_markup(choices: tuple[tuple[str, str], ...]) -> SafeString:
    """The <option>s of flat choices, none chosen, as django/forms/widgets/select_option.html writes them."""
    return format_html_join("", '\n  <option value="{}">{}</option>\n', choices)


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """Attributes as django/forms/widgets/attrs.html writes them (True: the name alone, False: left out)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, str(v)),)
            for k, v in attrs.items()
            if v is not False
        ),
    )


# The filters' choices are reference data read by every directory page: kept in the shared cache (every
# server sees the same), dropped when a legal form, sphere or district is saved or deleted (signals.py),
# and at most this long in any case (a write that sends no signal, a save racing a page's refill).
FILTER_CHOICES_TIMEOUT = 600


def reference_choices_key(day: dt.date) -> str:
    """The cache key of the legal forms and of the spheres in force on `day` (labels in every language)."""
    return f"organisations:directory-filters:reference:{day.isoformat()}"


def district_choices_key(tenant_id: int) -> str:
    return f"organisations:directory-filters:districts:{tenant_id}"


def filter_choices(tenant: Any) -> dict[str, list[tuple[Any, str]]]:
    """The legal forms, the spheres in force and the tenant's districts, in their selectors' order, labelled
    in the active language; from the shared cache (one read), the database when it has not got them."""
    day = timezone.localdate()
    reference_key, districts_key = reference_choices_key(day), district_choices_key(tenant.pk)
    cached = cache.get_many([reference_key, districts_key])
    missing: dict[str, Any] = {}
    reference = cached.get(reference_key)
    if reference is None:
        reference = missing[reference_key] = (
            list(legal_forms().values_list("slug", "name", "name_en", "name_uk")),
            list(spheres_in_force(on=day).values_list("code", "short_name", "short_name_en", "short_name_uk")),
        )
    districts = cached.get(districts_key)
    if districts is None:
        with scopes_disabled():
            districts = missing[districts_key] = list(districts_of(tenant).values_list("pk", "name"))
    if missing:
        cache.set_many(missing, FILTER_CHOICES_TIMEOUT)
    forms_, spheres = reference
    return {
        "legal_form": [(slug, in_active_language(*names)) for slug, *names in forms_],
        "sphere": [(code, f"{code}. {in_active_language(*names)}") for code, *names in spheres],  # as str(sphere)
        "district": list(districts),
    }


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Name, keyword, KRS or NIP"), max_length=200, required=False)
    legal_form = forms.ChoiceField(label=_("Legal form"), required=False, widget=PlainSelect)
    sphere = forms.ChoiceField(label=_("Sphere of public tasks"), required=False, widget=PlainSelect)
    district = forms.TypedChoiceField(
        label=_("District"), required=False, coerce=int, empty_value=None, widget=PlainSelect
    )
    opp = forms.ChoiceField(label=_("OPP status"), choices=OPP_CHOICES, required=False, widget=PlainSelect)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False, widget=PlainSelect)

    def __init__(self, *args: Any, tenant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["type"] = "search"
        choices = filter_choices(tenant)
        for name in ("legal_form", "sphere", "district"):
            choice_field(self, name).choices = [("", _("any")), *choices[name]]

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
