"""HTTP: a person without an organisation opens "Write an offer in this call" and learns what to do."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from pozytek.organisations.models import Claim, Organisation
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def call(tenant):
    return PublishedCallFactory(tenant=tenant)


def start_url(call) -> str:
    return reverse("offers:start", kwargs={"tenant_slug": call.tenant.slug, "call_pk": call.pk})


@pytest.mark.parametrize("person", ["resident", "official"])
def test_start_page_explains_how_to_register_or_claim_an_organisation(request, client, call, person):
    client.force_login(request.getfixturevalue(person))
    tenant = call.tenant
    register = reverse("organisations_join:register", kwargs={"tenant_slug": tenant.slug})
    directory = reverse("organisations:directory", kwargs={"tenant_slug": tenant.slug})
    detail = reverse("competitions:detail", kwargs={"tenant_slug": tenant.slug, "pk": call.pk})

    response = client.get(start_url(call))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Zarejestruj organizację" in html
    assert "Zgłoś przejęcie profilu" in html
    assert f'href="{register}?next={quote(start_url(call))}"' in html
    assert f'href="{directory}"' in html
    assert f'href="{detail}"' in html
    for link in (f"{register}?next={quote(start_url(call))}", directory, detail):
        assert client.get(link).status_code == 200, link


def test_registering_from_the_start_page_comes_back_to_the_call(client, call, resident):
    client.force_login(resident)
    register = reverse("organisations_join:register", kwargs={"tenant_slug": call.tenant.slug})

    form = client.get(f"{register}?next={quote(start_url(call))}")
    response = client.post(
        register, {"name": "Stowarzyszenie Nowe", "nip": "8567346215", "basis": "seat", "next": start_url(call)}
    )

    assert f'name="next" value="{start_url(call)}"' in form.content.decode()
    assert response.status_code == 302 and response["Location"] == start_url(call)
    organisation = Organisation.objects.get(name="Stowarzyszenie Nowe")
    assert f'value="{organisation.pk}"' in client.get(start_url(call)).content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_registration_ignores_a_next_to_another_site(client, call, resident, target):
    client.force_login(resident)
    register = reverse("organisations_join:register", kwargs={"tenant_slug": call.tenant.slug})

    response = client.post(register, {"name": "Stowarzyszenie Nowe", "basis": "seat", "next": target})

    organisation = Organisation.objects.get(name="Stowarzyszenie Nowe")
    assert response["Location"] == f"/moje-organizacje/{organisation.pk}/"


def test_start_page_shows_a_pending_claim(client, call, resident):
    organisation = OrganisationFactory(name="Fundacja Oczekująca", listed_in=call.tenant)
    with scopes_disabled():
        Claim.objects.create(tenant=call.tenant, organisation=organisation, user=resident, message="Prezes")
    client.force_login(resident)

    html = client.get(start_url(call)).content.decode()

    assert "Fundacja Oczekująca" in html
    assert "czeka na potwierdzenie" in html


def test_anonymous_visitor_logs_in_and_comes_back_to_the_start_page(client, call):
    user = UserFactory()

    response = client.get(start_url(call))
    login = client.post(response["Location"], {"login": user.email, "password": PASSWORD, "next": start_url(call)})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={quote(start_url(call))}"
    assert login.status_code == 302 and login["Location"] == start_url(call)
    assert client.get(start_url(call)).status_code == 200
