"""The offer's history on the office page and on the organisation's page: transitions in order with
who, the states and the frozen versions; only this record's, this tenant's events; one query."""

import datetime as dt
import re

import pytest
from django.db import transaction
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call
from pozytek.core.audit import record_event
from pozytek.offers import services
from pozytek.offers.history import offer_history
from pozytek.offers.models import Offer, Offeror
from tests.conftest import login_with_mfa
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer, ngo_member

pytestmark = pytest.mark.integration

OFFICE_NOTE = "Notatka urzędu: brak podpisu skarbnika"


def history_section(html: str) -> str:
    match = re.search(r'<section class="history".*?</section>', html, re.S)
    assert match, "the page has no history section"
    return match.group(0)


def rows(section: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]
    ]


@pytest.fixture(autouse=True)
def _english(client):
    """Labels are asserted as their msgids."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def call(tenant):
    return PublishedCallFactory(tenant=tenant, number="12/2027")


@pytest.fixture
def foreign(call):
    """Another organisation's offer in the same call (made before the deadline passes): its events are its own."""
    return complete_offer(call)


@pytest.fixture
def moved(call, official):
    """An offer submitted, withdrawn, reopened, submitted again and formally rejected by the office."""
    offer, author = complete_offer(call)
    author.full_name = "Anna Skarbnik"
    author.save()
    official.full_name = "Jan Urzędnik"
    official.save()
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=author)
        services.withdraw_offer(offer=Offer.objects.get(pk=offer.pk), actor=author)
        services.reopen_offer(offer=Offer.objects.get(pk=offer.pk), actor=author)
        services.submit_offer(offer=Offer.objects.get(pk=offer.pk), actor=author)
        Call.objects.filter(pk=call.pk).update(offer_deadline=timezone.now() - dt.timedelta(seconds=1))
        services.record_formal_outcome(
            offer=Offer.objects.get(pk=offer.pk), outcome="reject_formally", actor=official, reasons=OFFICE_NOTE
        )
        return Offer.objects.get(pk=offer.pk), author


def test_the_office_sees_every_change_in_order_with_names_states_and_versions(client, official, moved, tenant):
    offer, _author = moved
    login_with_mfa(client, official)
    response = client.get(f"/testowo/urzad/oferty/{offer.pk}/")
    assert response.status_code == 200
    section = history_section(response.content.decode())
    lines = rows(section)
    changes = [
        ("Anna Skarbnik", "Offer started"),
        ("Anna Skarbnik", "Submit"),
        ("Anna Skarbnik", "Version frozen"),
        ("Anna Skarbnik", "Withdraw"),
        ("Anna Skarbnik", "Edit again"),
        ("Anna Skarbnik", "Submit"),
        ("Anna Skarbnik", "Version frozen"),
        ("Jan Urzędnik", "Reject on formal grounds"),
    ]
    assert len(lines) == len(changes)
    for line, (who, label) in zip(lines, changes, strict=True):
        assert who in line and label in line
    with scopes_disabled():
        entries = offer_history(offer, tenant=tenant, audience="office")
        versions = list(offer.versions.order_by("number"))
    assert [(e.source, e.target) for e in entries if e.source] == [
        ("Draft", "Submitted"),
        ("Submitted", "Withdrawn"),
        ("Withdrawn", "Draft"),
        ("Draft", "Submitted"),
        ("Submitted", "Rejected on formal grounds"),
    ]
    assert entries[-1].reason == OFFICE_NOTE and OFFICE_NOTE in section
    for version in versions:
        assert f"/testowo/urzad/oferty/{offer.pk}/wersja/{version.number}.pdf" in section
        assert version.checksum in section
    assert all(e.at.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2)) for e in entries)


def test_the_organisation_sees_its_offer_history_with_the_office_not_the_official(client, moved, tenant):
    offer, author = moved
    client.force_login(author)
    response = client.get(f"/testowo/oferty/{offer.pk}/")
    assert response.status_code == 200
    section = history_section(response.content.decode())
    assert "Anna Skarbnik" in section and "Reject on formal grounds" in section
    assert "Jan Urzędnik" not in section and tenant.office_name in section
    assert OFFICE_NOTE not in section
    assert f"/testowo/oferty/{offer.pk}/wersja/1.pdf" in section and "/urzad/" not in section


def test_other_records_other_organisations_and_other_tenants_never_appear(foreign, moved, tenant, other_tenant):
    offer, _author = moved
    with transaction.atomic():
        # An event filed under another tenant about a record with the same id must not leak in.
        record_event(actor=None, subject=offer, action="offer.start", data={}, tenant=other_tenant)
    with scopes_disabled():
        for audience in ("office", "member"):
            entries = offer_history(offer, tenant=tenant, audience=audience)
            assert len(entries) == 8
            assert all("Anna Skarbnik" in e.who or e.target == "Rejected on formal grounds" for e in entries)


def test_the_history_is_one_query_whatever_its_length(call, moved, tenant, django_assert_num_queries):
    offer, author = moved
    for audience in ("office", "member"):
        with scopes_disabled(), django_assert_num_queries(1):
            short = offer_history(offer, tenant=tenant, audience=audience)
    with scopes_disabled(), transaction.atomic():
        for _ in range(20):
            record_event(actor=author, subject=offer, action="offer.freeze", data={"version": 9, "checksum": "0" * 64})
    for audience in ("office", "member"):
        with scopes_disabled(), django_assert_num_queries(1):
            longer = offer_history(offer, tenant=tenant, audience=audience)
        assert len(longer) == len(short) + 20


def test_a_partner_of_a_joint_offer_is_named_to_the_organisation_not_shown_as_the_office(moved, tenant):
    offer, _author = moved
    partner_person, partner = ngo_member(tenant=tenant)
    partner_person.full_name = "Ewa Partnerska"
    partner_person.save()
    stranger, _elsewhere = ngo_member(tenant=tenant)
    with scopes_disabled():
        Offeror.objects.filter(offer=offer, order=0).update(organisation=offer.organisation)
        Offeror.objects.create(offer=offer, order=1, name=partner.name, organisation=partner)
    with transaction.atomic():
        record_event(actor=partner_person, subject=offer, action="offer.start", data={})
        record_event(actor=stranger, subject=offer, action="offer.start", data={})
    with scopes_disabled():
        entries = offer_history(offer, tenant=tenant, audience="member")
    assert [e.who for e in entries[-2:]] == ["Ewa Partnerska", tenant.office_name]
