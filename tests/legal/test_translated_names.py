"""Spheres of public tasks and legal forms are named in the reader's language; Polish stays canonical.

The Act's Polish wording is the stored value; English and Ukrainian names come with the reference data
(and can be edited in the admin). Pages in English or Ukrainian show them wherever they list spheres
or legal forms: the directory and its filters, a profile, the statistics, calls and the grants register.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from pozytek.legal.models import LegalForm, LegalParameter, SphereOfPublicTasks
from pozytek.legal.reference_data import sync_reference_data
from tests.factories.competitions import PublishedCallFactory
from tests.factories.organisations import OrganisationFactory
from tests.grants.register_helpers import make_grant

pytestmark = pytest.mark.integration

NAMES = {
    "pl": ("Fundacja", "Pomoc społeczna", "Kultura fizyczna"),
    "en": ("Foundation", "Social assistance", "Physical culture and sport"),
    "uk": ("Фонд", "Соціальна допомога", "Фізична культура та спорт"),
}


def sphere(code: str) -> SphereOfPublicTasks:
    return SphereOfPublicTasks.objects.get(code=code)


@pytest.fixture
def listed(tenant):
    organisation = OrganisationFactory(name="Fundacja Ruchu", listed_in=tenant, spheres=[sphere("1")])
    call = PublishedCallFactory(tenant=tenant)
    call.spheres.set([sphere("17")])
    make_grant(tenant, organisation=organisation, sphere=sphere("17"))
    return organisation


def page(client, name, tenant, language, **kwargs):
    url = reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "uk", "pl"])
def test_pages_name_spheres_and_legal_forms_in_the_interface_language(client, tenant, listed, language):
    form, social, sport = NAMES[language]

    directory = page(client, "organisations:directory", tenant, language)
    profile = page(client, "organisations:profile", tenant, language, pk=listed.pk)
    statistics = page(client, "organisations_stats:statistics", tenant, language)
    calls = page(client, "competitions:list", tenant, language)
    register = page(client, "grants:register", tenant, language)

    assert f">{form}</option>" in directory  # the legal-form filter
    assert f">1. {social}</option>" in directory  # the sphere filter
    assert f'<p class="result__meta">{form}' in directory
    assert f'<p class="result__spheres">{social}</p>' in directory
    assert form in profile and f"1. {social}" in profile
    assert f"1. {social}" in statistics and form in statistics
    assert f">17. {sport}</option>" in calls and sport in calls
    assert f'title="{sport}"' in register
    if language != "pl":
        for polish in NAMES["pl"]:
            for html in (directory, profile, statistics, calls, register):
                assert f">{polish}<" not in html
                assert f" {polish}<" not in html


def test_choice_labels_of_forms_follow_the_language(db):
    with translation.override("en"):
        assert str(sphere("1")) == "1. Social assistance"
        assert str(LegalForm.objects.get(slug="osp")) == "Volunteer fire brigade"
    with translation.override("uk"):
        assert str(LegalForm.objects.get(slug="fundacja")) == "Фонд"
    with translation.override("pl"):
        assert str(sphere("1")) == "1. Pomoc społeczna"
        assert str(LegalForm.objects.get(slug="osp")) == "Ochotnicza straż pożarna"


def test_a_missing_translation_falls_back_to_the_polish_name(db):
    added = SphereOfPublicTasks.objects.create(
        code="99", name="nowej sfery", short_name="Nowa sfera", valid_from="2030-01-01"
    )

    with translation.override("en"):
        assert str(added) == "99. Nowa sfera"


def test_the_reference_data_fills_missing_translations_and_keeps_edited_ones(db):
    SphereOfPublicTasks.objects.filter(code="1").update(short_name_en="", short_name_uk="")
    LegalForm.objects.filter(slug="fundacja").update(name_en="Foundation (edited)", name_uk="")

    sync_reference_data(LegalParameter, SphereOfPublicTasks, LegalForm)

    social = sphere("1")
    foundation = LegalForm.objects.get(slug="fundacja")
    assert (social.short_name_en, social.short_name_uk) == ("Social assistance", "Соціальна допомога")
    assert (foundation.name_en, foundation.name_uk) == ("Foundation (edited)", "Фонд")
    assert (social.short_name, foundation.name) == ("Pomoc społeczna", "Fundacja")
