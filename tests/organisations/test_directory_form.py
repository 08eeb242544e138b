"""The directory's search form: its filter choices (one query) and its <select>s (written in Python)."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation
from django_scopes import scopes_disabled

from pozytek.legal.models import LegalForm, SphereOfPublicTasks
from pozytek.legal.selectors import legal_forms, spheres_in_force
from pozytek.organisations.forms.directory import DirectorySearchForm, PlainSelect, filter_choices
from tests.factories.tenants import DistrictFactory

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("language", ["pl", "en"])
def test_filter_choices_are_the_selectors_in_their_order_and_language(tenant, other_tenant, language):
    with scopes_disabled():
        for name in ("Żoliborz", "Bałuty", "Wilda"):
            DistrictFactory(tenant=tenant, name=name)
        DistrictFactory(tenant=other_tenant, name="Jeżyce")
    with translation.override(language):
        choices = filter_choices(tenant)

        assert choices["legal_form"] == [(f.slug, f.display_name) for f in legal_forms()]
        assert choices["sphere"] == [(s.code, str(s)) for s in spheres_in_force()]
    with scopes_disabled():
        assert choices["district"] == [(d.pk, d.name) for d in tenant.districts.order_by("name")]


def test_the_form_reads_its_choices_from_the_cache_in_one_query(tenant, django_assert_num_queries):
    DirectorySearchForm({}, tenant=tenant)

    with django_assert_num_queries(1):
        form = DirectorySearchForm({"sphere": "17"}, tenant=tenant)

    assert form.to_query().sphere == "17"


def test_cached_choices_follow_changes_of_districts_legal_forms_and_spheres(tenant, other_tenant):
    filter_choices(tenant)
    filter_choices(other_tenant)
    with scopes_disabled():
        district = DistrictFactory(tenant=tenant, name="Bałuty")
    form = LegalForm.objects.get(slug="fundacja")
    form.name = "Fundacja (nazwa zmieniona)"
    form.save()
    sphere = SphereOfPublicTasks.objects.get(code="17")
    sphere.valid_to = dt.date(2000, 1, 1)
    sphere.save()

    with translation.override("pl"):
        choices = filter_choices(tenant)

    assert choices["district"] == [(district.pk, "Bałuty")]
    assert filter_choices(other_tenant)["district"] == []
    assert ("fundacja", "Fundacja (nazwa zmieniona)") in choices["legal_form"]
    assert "17" not in [code for code, _label in choices["sphere"]]
    with scopes_disabled():
        district.delete()
    assert filter_choices(tenant)["district"] == []


@pytest.mark.parametrize("value", ["", "a&b", None, "unknown"])
def test_plain_select_writes_djangos_markup(value):
    choices = [("", "any"), ("a&b", "A <b>"), ("x", "X")]
    attrs = {"aria-invalid": "true", "required": True, "hidden": False}

    plain = PlainSelect(choices=choices, attrs=attrs).render("f", value, {"id": "id_f"})

    assert plain == forms.Select(choices=choices, attrs=attrs).render("f", value, {"id": "id_f"})
    assert "A &lt;b&gt;" in plain
