"""The directory search the page uses: diacritics, case, inflection, typos, identifiers, filters."""

import pytest
from django_scopes import scopes_disabled

from pozytek.legal.models import LegalForm, SphereOfPublicTasks
from pozytek.organisations.selectors import CappedResults, DirectoryQuery, search_directory
from pozytek.organisations.states import OrganisationState
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import DistrictFactory

pytestmark = pytest.mark.integration


def names(tenant, **query):
    return [o.name for o in search_directory(tenant, DirectoryQuery(**query))]


@pytest.fixture
def directory(tenant):
    return {
        "lodz": OrganisationFactory(name="Stowarzyszenie Łódź Kaliska", listed_in=tenant),
        "zdrowia": OrganisationFactory(name="Fundacja Zdrowia", listed_in=tenant, opp=True),
        "teatr": OrganisationFactory(name="Teatr Ósmego Dnia", listed_in=tenant, keywords="kultura, scena"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lodz", ["Stowarzyszenie Łódź Kaliska"]),
        ("ŁÓDŹ", ["Stowarzyszenie Łódź Kaliska"]),
        ("fundacja zdrowie", ["Fundacja Zdrowia"]),
        ("fundacji zdrowia", ["Fundacja Zdrowia"]),
        ("fundcja", ["Fundacja Zdrowia"]),
        ("osmego", ["Teatr Ósmego Dnia"]),
        ("scena", ["Teatr Ósmego Dnia"]),
        ("zupełnie inne słowa", []),
    ],
)
def test_text_search_ignores_case_diacritics_inflection_and_small_typos(tenant, directory, text, expected):
    assert names(tenant, text=text) == expected


def test_search_by_krs_with_or_without_zeros_and_by_nip(tenant, directory):
    org = directory["teatr"]

    assert names(tenant, text=org.krs.lstrip("0")) == [org.name]
    assert names(tenant, text=org.krs) == [org.name]
    assert names(tenant, text=org.nip) == [org.name]


def test_directory_shows_only_active_organisations_listed_in_the_tenant(tenant, other_tenant, directory):
    OrganisationFactory(name="Fundacja Z Innej Gminy", listed_in=other_tenant)
    OrganisationFactory(name="Fundacja Nieaktywna", listed_in=tenant, state=OrganisationState.INACTIVE)

    assert names(tenant) == ["Fundacja Zdrowia", "Stowarzyszenie Łódź Kaliska", "Teatr Ósmego Dnia"]


def test_filters_by_legal_form_sphere_district_and_opp(tenant, directory):
    with scopes_disabled():
        district = DistrictFactory(tenant=tenant, name="Bałuty")
    sport = SphereOfPublicTasks.objects.get(code="17")
    OrganisationFactory(
        name="UKS Bałuty",
        listed_in=tenant,
        legal_form=LegalForm.objects.get(slug="uks"),
        spheres=[sport],
        districts=[district],
        krs="",
    )

    assert names(tenant, legal_form="uks") == ["UKS Bałuty"]
    assert names(tenant, sphere="17") == ["UKS Bałuty"]
    assert names(tenant, district=district.pk) == ["UKS Bałuty"]
    assert names(tenant, opp=True) == ["Fundacja Zdrowia"]
    assert names(tenant, opp=False, text="stowarzyszenie") == ["Stowarzyszenie Łódź Kaliska"]


def test_sort_orders(tenant, directory):
    assert names(tenant, sort="-name")[0] == "Teatr Ósmego Dnia"
    assert names(tenant, sort="newest")[0] == "Teatr Ósmego Dnia"
    assert names(tenant, sort="nonsense")[0] == "Fundacja Zdrowia"


@pytest.mark.parametrize(("sort", "text"), [("name", ""), ("-name", ""), ("name", "fundacja")])
def test_capped_results_give_the_searchs_count_and_pages_under_and_over_the_cap(tenant, directory, sort, text):
    OrganisationFactory(name="Fundacja Pomocy", listed_in=tenant)
    OrganisationFactory(name="Fundacja Teatru", listed_in=tenant)
    search = search_directory(tenant, DirectoryQuery(text=text, sort=sort))
    expected = [o.name for o in search]
    under, over = CappedResults(search, cap=len(expected)), CappedResults(search, cap=len(expected) - 2)

    assert (len(under), len(over)) == (len(expected), len(expected) - 1)  # over the cap: cap + 1
    for page in (slice(0, 2), slice(2, 4), slice(4, 6)):
        assert [o.name for o in under[page]] == expected[page]  # the matches' own rows, sorted
        assert [o.name for o in over[page]] == expected[page]  # a walk of the name order
