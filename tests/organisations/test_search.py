"""The directory search the page uses: diacritics, case, inflection, typos, identifiers, filters."""

import pytest
from django_scopes import scopes_disabled

from pozytek.legal.models import LegalForm, SphereOfPublicTasks
from pozytek.organisations.models import Organisation, SearchTerm
from pozytek.organisations.selectors import CappedResults, DirectoryQuery, search_directory
from pozytek.organisations.services import refresh_search_fields
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


@pytest.mark.parametrize(("sort", "text"), [("name", ""), ("-name", ""), ("newest", ""), ("name", "fundacja")])
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


def rename(organisation, name):
    """As the services do: new name, refreshed search fields (the vocabulary learns them), saved."""
    organisation.name = name
    refresh_search_fields(organisation)
    organisation.save()


def test_a_broad_search_whose_matches_sort_late_pages_like_the_full_sorted_list(tenant):
    for n in range(4):
        OrganisationFactory(name=f"Fundacja Aktywności {n}", listed_in=tenant)
    late = [OrganisationFactory(name=f"Stowarzyszenie Zielonych {n}", listed_in=tenant) for n in range(5)]
    early = OrganisationFactory(name="Fundacja Aktywności 9", listed_in=tenant)

    search = search_directory(tenant, DirectoryQuery(text="zielonych"))
    over = CappedResults(search, cap=2)  # a walk of the name order from the word's first name

    assert len(over) == 3
    assert [o.name for o in over[0:2]] == [late[0].name, late[1].name]

    rename(early, "Fundacja Aktywności Zielonych")  # sorts before every earlier match now
    search = search_directory(tenant, DirectoryQuery(text="zielonych"))

    assert [o.name for o in CappedResults(search, cap=2)[0:2]] == ["Fundacja Aktywności Zielonych", late[0].name]
    assert [o.name for o in search] == ["Fundacja Aktywności Zielonych", *(o.name for o in late)]


def test_a_misspelt_word_finds_its_corrections_matches_from_their_first_name(tenant):
    OrganisationFactory(name="Fundacja Aktywności", listed_in=tenant)
    names_ = ["Oddział Stowarzyszenia Kultury", "Stowarzyszenie Kultury", "Stowarzyszenie Sportu"]
    for name in names_:
        OrganisationFactory(name=name, listed_in=tenant)
    search = search_directory(tenant, DirectoryQuery(text="stowarzyszneie"))

    assert [o.name for o in search] == names_
    assert [o.name for o in CappedResults(search, cap=1)[0:2]] == names_[:2]


def test_a_words_first_name_only_moves_down(tenant):
    OrganisationFactory(name="Stowarzyszenie Kultury", listed_in=tenant)
    later = OrganisationFactory(name="Towarzystwo Kultury", listed_in=tenant)
    first = SearchTerm.objects.get(word="kultury").first_sort_name

    rename(later, "Klub Kultury")
    rename(later, "Związek Kultury")  # the bound stays low: it is only ever a lower bound

    assert first == "stowarzyszenie kultury"
    assert SearchTerm.objects.get(word="kultury").first_sort_name == "klub kultury"
    assert names(tenant, text="kultury") == ["Stowarzyszenie Kultury", "Związek Kultury"]


def test_a_search_within_a_sphere_follows_the_organisations_spheres(tenant):
    sport, culture = SphereOfPublicTasks.objects.get(code="17"), SphereOfPublicTasks.objects.get(code="16")
    club = OrganisationFactory(name="Klub Sportowy Orzeł", listed_in=tenant, spheres=[sport])
    OrganisationFactory(name="Klub Seniora", listed_in=tenant, spheres=[culture])

    assert names(tenant, text="klub", sphere="17") == ["Klub Sportowy Orzeł"]
    club.spheres.set([culture])
    assert names(tenant, text="klub", sphere="17") == []
    assert names(tenant, text="klub", sphere="16") == ["Klub Seniora", "Klub Sportowy Orzeł"]
    club.spheres.add(sport)
    assert names(tenant, text="klub", sphere="17") == ["Klub Sportowy Orzeł"]
    club.spheres.clear()
    assert names(tenant, text="klub", sphere="16") == ["Klub Seniora"]
    Organisation.spheres.through.objects.bulk_create(
        [Organisation.spheres.through(organisation_id=club.pk, sphereofpublictasks_id=sport.pk)]
    )
    assert names(tenant, sphere="17") == ["Klub Sportowy Orzeł"]
    assert names(tenant, sphere="99") == []
