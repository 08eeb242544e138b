"""HTTP: a small-grant offer (art. 19a) is written on the simplified template (Dz.U. 2018 poz. 2055) through the
generator's pages: only its sections, one offeror, one list of costs with the grant's part, saved, complete,
submitted and frozen as a version that names the template; its PDF prints the template's headings. A
competition's offer keeps the full template (Annex 1 of Dz.U. 2018 poz. 2057)."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from pypdf import PdfReader

from pozytek.competitions.states import CallMode
from pozytek.offers import completeness, services
from pozytek.offers.documents import offer_document
from pozytek.offers.models import CostLine, Offer, OfferVersion
from pozytek.offers.routes import FULL_OFFER_TEMPLATE, SIMPLIFIED_OFFER_TEMPLATE, route_of
from pozytek.offers.sections import SECTIONS, SIMPLIFIED_SECTIONS
from pozytek.offers.services import section_version
from pozytek.offers.snapshot import offer_snapshot
from pozytek.offers.states import FundingRoute, OfferState
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer, fill, ngo_member
from tests.factories.organisations import OrganisationFactory
from tests.grants.register_helpers import sphere

pytestmark = pytest.mark.integration

SIMPLIFIED_SLUGS = ["oferenci", "zadanie", "dzialania", "koszty", "zrodla", "oswiadczenia"]


def url(name: str, offer: Offer, **kwargs) -> str:
    return reverse(f"offers:{name}", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk, **kwargs})


def section_url(offer: Offer, slug: str) -> str:
    return url("section", offer, slug=slug)


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def polish(message: str) -> str:
    """What the pages (in Polish) say for `message`: its translation, or the English source until there is one."""
    with translation.override("pl"):
        return translation.gettext(message)


def text(content: bytes) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content.decode())).split())


def errors_of(content: bytes, field_id: str) -> str:
    """The error list shown next to the field `field_id` (in its cell or under its label)."""
    page = content.decode()
    found = re.search(rf'id="{re.escape(field_id)}_errors"[^>]*>(.*?)</ul>', page, re.S) or re.search(
        rf'id="{re.escape(field_id)}_error"[^>]*>(.*?)</', page, re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()) if found else ""


@pytest.fixture
def small_grant(tenant, client):
    """(offer, author): a small-grant draft of a new organisation, its author signed in."""
    organisation = OrganisationFactory(listed_in=tenant, name="Klub Sportowy Orzeł", email="klub@example.org")
    author, organisation = ngo_member(organisation)
    with scopes_disabled():
        offer = services.start_offer(
            route=FundingRoute.SMALL_GRANT,
            tenant=tenant,
            organisation=organisation,
            actor=author,
            mode=CallMode.SUPPORT,
            sphere=sphere("1"),
            title="Festyn sąsiedzki",
        )
    client.force_login(author)
    return offer, author


def fresh(offer: Offer) -> Offer:
    with scopes_disabled():
        return Offer.objects.get(pk=offer.pk)


def grid(offer: Offer, rows: list[dict], **extra: str) -> dict[str, str]:
    data = {
        "section-version": str(section_version(offer, "costs")),
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
        **extra,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = value
    return data


def write_through_the_pages(client, offer: Offer) -> Offer:
    """Every section of the simplified template, as the forms post them."""
    with scopes_disabled():
        lead = offer.offerors.get()
    offer = fresh(offer)
    response = client.post(
        section_url(offer, "oferenci"),
        {
            "section-version": str(section_version(offer, "offerors")),
            "f-contact_name": "Anna Nowak",
            "f-contact_phone": "600 100 200",
            "f-contact_email": "anna@example.org",
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "1",
            "rows-MIN_NUM_FORMS": "1",
            "rows-MAX_NUM_FORMS": "1",
            "rows-0-id": str(lead.pk),
            "rows-0-name": lead.name,
            "rows-0-address": "ul. Długa 1, 64-100 Leszno",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = fresh(offer)
    response = client.post(
        section_url(offer, "zadanie"),
        {
            "section-version": str(section_version(offer, "task")),
            "f-title": "Festyn sąsiedzki",
            "f-start_date": "2027-06-01",
            "f-end_date": "2027-06-30",
            "f-summary": "Festyn dla mieszkańców osiedla.",
            "f-expected_results": "300 uczestników festynu.",
        },
    )
    assert response.status_code == 302
    offer = fresh(offer)
    response = client.post(
        section_url(offer, "dzialania"),
        {
            "section-version": str(section_version(offer, "actions")),
            "rows-TOTAL_FORMS": "2",
            "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "200",
            "rows-0-name": "Przygotowanie festynu",
            "rows-0-description": "Zamówienia, plakaty",
            "rows-0-period": "1–20 czerwca 2027",
            "rows-1-name": "Festyn",
            "rows-1-period": "27 czerwca 2027",
        },
    )
    assert response.status_code == 302
    offer = fresh(offer)
    costs = [
        {"name": "Scena i nagłośnienie", "value": "4 000,00", "grant": "3 500,00"},
        {"name": "Plakaty", "value": "500,00", "grant": "500,00"},
    ]
    response = client.post(section_url(offer, "koszty"), grid(offer, costs, save="1"))
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = fresh(offer)
    response = client.post(
        section_url(offer, "zrodla"),
        {
            "section-version": str(section_version(offer, "sources")),
            "f-requested_grant": "4000,00",
            "f-own_financial": "300,00",
            "f-own_personal": "200,00",
        },
    )
    assert response.status_code == 302
    offer = fresh(offer)
    response = client.post(
        section_url(offer, "oswiadczenia"),
        {
            "section-version": str(section_version(offer, "statements")),
            "f-statement_public_benefit": "on",
            "f-statement_fees": "on",
            "f-tax_arrears": "False",
            "f-social_insurance_arrears": "False",
            "f-statement_register": "on",
            "f-statement_true": "on",
            "f-statement_gdpr": "on",
        },
    )
    assert response.status_code == 302
    return fresh(offer)


def test_a_small_grant_offer_shows_only_the_simplified_sections(small_grant, client):
    offer, _author = small_grant
    assert route_of(offer).template == SIMPLIFIED_OFFER_TEMPLATE
    overview = client.get(url("overview", offer))
    assert overview.status_code == 200
    page = overview.content.decode()
    for section in SIMPLIFIED_SECTIONS:
        with translation.override("pl"):
            assert str(section.title) in text(overview.content)
    # The checklist asks what the simplified template asks, in its own numbering.
    checklist = text(overview.content)
    assert polish("Confirm every statement of section V.") in checklist
    assert polish("Add at least one cost.") in checklist
    for full_only in (
        "Confirm every statement of section VII.",
        "Describe the offeror's previous activity.",
        "Say whether the task is delivered free of charge or for payment.",
    ):
        assert polish(full_only) not in checklist
    for slug in ("rezultaty", "charakterystyka", "inne"):  # sections of the full offer only
        assert section_url(offer, slug) not in page
        assert client.get(section_url(offer, slug)).status_code == 404
    for slug in SIMPLIFIED_SLUGS:
        assert client.get(section_url(offer, slug)).status_code == 200, slug
    costs = client.get(section_url(offer, "koszty")).content.decode()
    # One list of costs: type, value, of which from the grant; no categories, actions, units, years or offerors.
    for name in ("name", "value", "grant"):
        assert 'name="rows-0-' + name + '"' in costs
    for name in ("category", "action", "unit", "unit_cost", "quantity", "year1", "offeror"):
        assert 'name="rows-0-' + name + '"' not in costs
    sources = client.get(section_url(offer, "zrodla")).content.decode()
    assert 'name="f-requested_grant"' in sources and 'name="f-other_public_funds"' not in sources
    actions = client.get(section_url(offer, "dzialania")).content.decode()
    assert 'name="rows-0-period"' in actions and 'name="rows-0-year"' not in actions


def test_a_small_grant_offer_is_written_completed_submitted_and_frozen_on_the_2055_template(small_grant, client):
    offer, _author = small_grant
    offer = write_through_the_pages(client, offer)

    with scopes_disabled():
        lines = list(CostLine.objects.filter(offer=offer).order_by("order"))
    assert [(line.name, line.unit_cost * line.quantity, line.grant) for line in lines] == [
        ("Scena i nagłośnienie", Decimal("4000.00"), Decimal("3500.00")),
        ("Plakaty", Decimal("500.00"), Decimal("500.00")),
    ]
    overview = client.get(url("overview", offer))
    assert 'action="' + url("submit", offer) + '"' in overview.content.decode()
    assert 'class="error-summary"' not in overview.content.decode()  # nothing left to complete

    response = client.post(url("submit", offer))
    assert response.status_code == 302
    with scopes_disabled():
        version = OfferVersion.objects.get(offer=offer)
        assert fresh(offer).state == OfferState.SUBMITTED
    snapshot = version.snapshot
    assert snapshot["template"] == SIMPLIFIED_OFFER_TEMPLATE == "Dz.U. 2018 poz. 2055, załącznik nr 1"
    assert snapshot["costs"]["total"] == "4500.00" and snapshot["costs"]["grant_total"] == "4000.00"
    assert [
        (line["no"], line["name"], line["total"], line["grant"]) for line in snapshot["costs"]["groups"][0]["lines"]
    ] == [
        ("1", "Scena i nagłośnienie", "4000.00", "3500.00"),
        ("2", "Plakaty", "500.00", "500.00"),
    ]
    assert [row["key"] for row in snapshot["sources"]] == [
        "total",
        "grant",
        "own_total",
        "own_financial",
        "own_non_financial",
        "own_personal",
        "own_in_kind",
        "beneficiary_fees",
    ]
    assert [(a["name"], a["period"]) for a in snapshot["actions"]] == [
        ("Przygotowanie festynu", "1–20 czerwca 2027"),
        ("Festyn", "27 czerwca 2027"),
    ]

    printed = pdf_text(client.get(url("version_pdf", offer, number=1)).content)
    for heading in (
        "Simplified offer for the delivery of a public task",
        "I. Basic information about the offer",
        "II. Data of the offeror(s)",
        "III. Scope of the public task",
        "4. Plan and schedule of actions",
        "5. Expected results",
        "IV. Estimated calculation of the costs of the public task",
        "IV.1 Summary of the costs of the task",
        "IV.2 Sources of financing of the costs of the task",
        "V. Statements",
    ):
        assert polish(heading) in printed, heading
    for full_only in (
        "IV. Characteristics of the offeror(s)",
        "V.A Summary of the costs of the task",
        "VI. Other information",
        "VII. Statements",
    ):
        assert polish(full_only) not in printed, full_only
    assert "Dz.U. 2018 poz. 2055" in printed
    assert "Scena i nagłośnienie" in printed and "3 500,00" in printed.replace("\xa0", " ")

    confirmation = pdf_text(client.get(url("confirmation_pdf", offer, number=1)).content)
    assert polish("Simplified offer for the delivery of a public task") in confirmation
    assert "Dz.U. 2018 poz. 2055" in confirmation
    assert version.checksum in confirmation.replace(" ", "")


def test_bad_input_is_refused_with_a_message_next_to_the_field(small_grant, client):
    offer, _author = small_grant
    response = client.post(
        section_url(offer, "koszty"),
        grid(offer, [{"name": "Scena", "value": "1000,00", "grant": "1500,00"}], save="1"),
    )
    assert response.status_code == 400
    assert polish("The part paid from the grant cannot exceed the value of the cost.") in errors_of(
        response.content, "id_rows-0-grant"
    )
    with scopes_disabled():
        assert not CostLine.objects.filter(offer=offer).exists()

    # A second offeror: the simplified offer is never a joint one.
    with scopes_disabled():
        lead = offer.offerors.get()
    response = client.post(
        section_url(offer, "oferenci"),
        {
            "section-version": str(section_version(offer, "offerors")),
            "f-contact_name": "Anna Nowak",
            "f-contact_phone": "600 100 200",
            "rows-TOTAL_FORMS": "2",
            "rows-INITIAL_FORMS": "1",
            "rows-MIN_NUM_FORMS": "1",
            "rows-MAX_NUM_FORMS": "1",
            "rows-0-id": str(lead.pk),
            "rows-0-name": lead.name,
            "rows-1-name": "Stowarzyszenie Partnerskie",
        },
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert offer.offerors.count() == 1

    # The grant's parts must add up to the planned grant: said in section IV.1 until they do.
    offer = fresh(offer)
    client.post(section_url(offer, "koszty"), grid(offer, [{"name": "Scena", "value": "1000,00", "grant": "800,00"}]))
    offer = fresh(offer)
    client.post(
        section_url(offer, "zrodla"),
        {"section-version": str(section_version(offer, "sources")), "f-requested_grant": "900,00"},
    )
    costs = client.get(section_url(fresh(offer), "koszty"))
    expected = polish(
        "The parts of the costs paid from the grant add up to %(parts)s but the planned grant (IV.2) is %(grant)s."
    ).split("%(parts)s")[0]
    assert expected in text(costs.content)


def test_rows_written_for_the_full_offer_still_make_a_complete_simplified_offer(small_grant):
    """Callers written for the full offer (the demo data) keep working: a cost of unit cost × number of units is
    kept as such; a list that names no grant part is not checked against the planned grant."""
    offer, author = small_grant
    with scopes_disabled():
        offer = fill(offer, author)
        lines = [{"name": "Sala", "unit": "godz.", "unit_cost": Decimal("100"), "quantity": Decimal("105")}]
        offer = services.save_section(
            offer=offer, section="costs", actor=author, version=section_version(offer, "costs"), rows=lines
        )
        line = offer.cost_lines.get()
        assert (line.unit, line.unit_cost * line.quantity, line.grant) == ("godz.", Decimal("10500.00"), None)
        assert completeness.problems(offer) == []
        version = services.submit_offer(offer=offer, actor=author)
    assert version.snapshot["template"] == SIMPLIFIED_OFFER_TEMPLATE
    assert version.snapshot["costs"]["total"] == "10500.00"


def test_a_competition_offer_keeps_the_full_template(tenant, client):
    call = PublishedCallFactory(tenant=tenant)
    offer, actor = complete_offer(call)
    client.force_login(actor)
    assert route_of(offer).template == FULL_OFFER_TEMPLATE
    overview = client.get(url("overview", offer)).content.decode()
    for section in SECTIONS:
        if section.key != "attachments":
            assert section_url(offer, section.slug) in overview
    costs = client.get(section_url(offer, "koszty")).content.decode()
    assert 'name="rows-0-unit_cost"' in costs and 'name="rows-0-grant"' not in costs
    with scopes_disabled():
        snapshot = offer_snapshot(offer)
        assert "grant_total" not in snapshot["costs"]
        printed = pdf_text(offer_document(snapshot, draft=True).pdf)
    assert snapshot["template"] == FULL_OFFER_TEMPLATE
    assert polish("V.A Summary of the costs of the task") in printed
    assert polish("Simplified offer for the delivery of a public task") not in printed


def test_a_version_frozen_before_the_template_was_named_prints_as_a_full_offer(tenant):
    call = PublishedCallFactory(tenant=tenant)
    offer, _actor = complete_offer(call)
    with scopes_disabled():
        snapshot = offer_snapshot(offer)
    del snapshot["template"]
    with scopes_disabled():
        printed = pdf_text(offer_document(snapshot, draft=True).pdf)
    assert polish("VII. Statements") in printed
