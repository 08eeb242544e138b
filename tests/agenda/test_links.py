"""Where the calendar is offered: the public lists of calls, consultations and councils, the account page."""

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize("path", ["konkursy/", "konsultacje/", "rady/"])
def test_the_public_lists_link_the_municipalitys_ical_feed(client, tenant, path):
    page = client.get(f"/{tenant.slug}/{path}").content.decode()

    assert f'href="/{tenant.slug}/kalendarz.ics"' in page


def test_the_account_page_links_the_persons_calendar(client, official):
    client.force_login(official)

    page = client.get("/konto/profil/").content.decode()

    assert 'href="/konto/terminarz/"' in page
