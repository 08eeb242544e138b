"""The consultations' Atom feed (consultations/feeds.py) is valid Atom (RFC 4287): the feed and every entry
carry an id, a title, an updated time and an author (the municipality's office), and a link."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from tests.consultations.consultation_helpers import draft, published

pytestmark = pytest.mark.integration

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/testowo/konsultacje/kanal.atom"


def parse(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 -- our own response, not untrusted input
    assert root.tag == f"{ATOM}feed"
    return root


def updated(element) -> dt.datetime:
    return dt.datetime.fromisoformat(element.findtext(f"{ATOM}updated"))


def author_of(element) -> tuple[str | None, str | None]:
    author = element.find(f"{ATOM}author")
    assert author is not None
    return author.findtext(f"{ATOM}name"), author.findtext(f"{ATOM}email")


def test_the_feed_and_every_entry_have_what_atom_requires(client, tenant, official):
    tenant.office_name = "Urząd Miasta Testowo"
    tenant.email = "urzad@testowo.example"
    tenant.save()
    published(tenant, official, title="Pierwsze")
    published(tenant, official, title="Drugie")
    draft(tenant, official, title="Szkic")
    root = parse(client)
    assert root.findtext(f"{ATOM}id")
    assert root.findtext(f"{ATOM}title")
    assert updated(root).tzinfo is not None
    assert author_of(root) == ("Urząd Miasta Testowo", "urzad@testowo.example")
    entries = root.findall(f"{ATOM}entry")
    assert sorted(e.findtext(f"{ATOM}title").split(" (")[0] for e in entries) == ["Drugie", "Pierwsze"]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert all(ids) and len(set(ids)) == len(ids)
    for entry in entries:
        assert updated(entry).tzinfo is not None
        assert author_of(entry) == ("Urząd Miasta Testowo", "urzad@testowo.example")
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href", "").startswith("http://testserver/testowo/konsultacje/")


def test_without_an_office_name_the_municipality_is_the_author(client, tenant, official):
    tenant.office_name = ""
    tenant.save()
    published(tenant, official)
    root = parse(client)
    assert author_of(root)[0] == "Miasto Testowo"
    assert author_of(root.find(f"{ATOM}entry"))[0] == "Miasto Testowo"


def test_an_empty_feed_is_valid_too(client, tenant):
    root = parse(client)
    assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated") and author_of(root)[0]
    assert root.findall(f"{ATOM}entry") == []
