"""Funding routes: an offer that answers no competition (small grant, art. 19a) goes the whole way through
the services: started without a call, filled, submitted (frozen version, confirmation), decided by the
office, contracted, signed, reported on, and shown in the public register, its exports and the API."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from pozytek.agreements.documents import agreement_document, agreement_text
from pozytek.agreements.docx import agreement_docx
from pozytek.competitions.states import CallMode
from pozytek.evaluation.services.direct import record_direct_decision
from pozytek.grants.models import Grant
from pozytek.grants.states import GrantSource, GrantStatus
from pozytek.offers import completeness, services
from pozytek.offers.documents import confirmation_document, offer_document
from pozytek.offers.models import Offer
from pozytek.offers.routes import route_of
from pozytek.offers.states import FundingRoute, OfferState
from pozytek.reports.dossier import build_dossier
from tests.agreements.agreement_helpers import signed
from tests.conftest import login_with_mfa
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import fill, ngo_member, save
from tests.factories.organisations import OrganisationFactory
from tests.grants.register_helpers import sphere
from tests.reports.report_helpers import started

SMALL_GRANT_BASIS = "art. 19a ustawy z dnia 24 kwietnia 2003 r."


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def small_grant_offer(tenant, **kwargs):
    """(offer, author): a draft small-grant offer of "Klub Sportowy Orzeł" addressed to `tenant`, no call."""
    organisation = OrganisationFactory(
        listed_in=tenant,
        name="Klub Sportowy Orzeł",
        email="klub@example.org",
        bank_account="61109010140000071219812874",
    )
    author, organisation = ngo_member(organisation)
    with scopes_disabled():
        offer = services.start_offer(
            route=FundingRoute.SMALL_GRANT,
            call=None,
            tenant=tenant,
            organisation=organisation,
            actor=author,
            mode=CallMode.SUPPORT,
            sphere=sphere("1"),
            title="Mały grant: zajęcia sportowe",
            **kwargs,
        )
    return offer, author


def test_a_small_grant_goes_from_the_offer_to_the_register_without_a_call(client, tenant, official):
    offer, author = small_grant_offer(tenant)
    assert (offer.route, offer.call_id, offer.tenant_id) == (FundingRoute.SMALL_GRANT, None, tenant.pk)

    # Filled and submitted through the services: a frozen version that names the route, not a call.
    offer = fill(offer, author)
    with scopes_disabled():
        assert completeness.problems(offer) == []
        version = services.submit_offer(offer=offer, actor=author)
    assert version.snapshot["call"] is None
    assert version.snapshot["route"]["code"] == "small_grant"
    assert version.snapshot["route"]["legal_basis"].startswith(SMALL_GRANT_BASIS)
    with scopes_disabled():
        confirmation = pdf_text(confirmation_document(version).pdf)
        printed = pdf_text(offer_document(version.snapshot, checksum=version.checksum).pdf)
    assert SMALL_GRANT_BASIS in confirmation
    assert version.checksum in confirmation.replace(" ", "")
    assert SMALL_GRANT_BASIS in printed

    # The office decides directly (no call, no commission): the offer is awarded, the register has its row.
    with scope(tenant=tenant):
        awarded = record_direct_decision(
            offer=offer, actor=official, number="ZAR/19a/1/2027", date=timezone.localdate(), amount="9000.00"
        )
    assert awarded.state == OfferState.AWARDED
    with scopes_disabled():
        grant = Grant.objects.select_related("offer", "tenant", "organisation").get(offer=offer)
    assert grant.source == GrantSource.SMALL_GRANT
    assert grant.call_id is None
    assert grant.mode == CallMode.SUPPORT
    assert grant.sphere == sphere("1")
    assert grant.year == offer.start_date.year
    assert grant.amount_awarded == Decimal("9000.00")
    assert grant.published_at is not None

    # The agreement names the route's article; it is prepared, printed (PDF, DOCX) and signed.
    agreement = signed(grant, official)
    with scopes_disabled():
        text = agreement_text(agreement)
        assert any("19a" in line for line in text.preamble)
        assert "19a" in pdf_text(agreement_document(agreement).pdf)
        assert agreement_docx(agreement)[0]
        assert Grant.objects.get(pk=grant.pk).status == GrantStatus.AGREEMENT

    # The organisation starts its report; the audit dossier builds without a call.
    report = started(agreement, author)
    assert report.pk is not None
    with scope(tenant=tenant):
        dossier = build_dossier(agreement, issued_by=official)
    with zipfile.ZipFile(dossier.file) as archive:
        index = archive.read("index.html").decode()
    assert SMALL_GRANT_BASIS in index

    # The public register, its exports and the API show the grant (no call to link to).
    register = reverse("grants:register", kwargs={"tenant_slug": tenant.slug})
    page = client.get(register)
    assert page.status_code == 200
    assert "Sportowe wakacje" in page.content.decode()
    for name in ("register_csv", "register_xlsx", "register_json"):
        response = client.get(reverse(f"grants:{name}", kwargs={"tenant_slug": tenant.slug}))
        assert response.status_code == 200, name
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if name != "register_xlsx":
            assert b"Sportowe wakacje" in content, name
    api = client.get(f"/api/v1/grants/?tenant={tenant.slug}")
    assert api.status_code == 200
    rows = api.json()["items"]
    assert [(row["task_title"], row["call_id"]) for row in rows] == [("Sportowe wakacje", None)]


def test_an_offer_has_a_call_exactly_when_it_answers_a_competition(tenant):
    offer, _author = small_grant_offer(tenant)
    call = PublishedCallFactory(tenant=tenant)
    with scopes_disabled():
        with pytest.raises(IntegrityError), transaction.atomic():
            Offer.objects.filter(pk=offer.pk).update(call=call)
        with pytest.raises(IntegrityError), transaction.atomic():
            Offer.objects.filter(pk=offer.pk).update(route=FundingRoute.COMPETITION)


def test_a_small_grant_is_capped_by_the_law_and_has_no_call_deadline(tenant):
    offer, author = small_grant_offer(tenant)
    offer = fill(offer, author)
    with scopes_disabled():
        rules = route_of(offer)
        assert rules.deadline(offer) is None and rules.open_problems(offer) == []
        cap = rules.limits(offer).max_grant  # small_grant.max_amount in force today
        assert cap is not None
        offer = save(
            offer,
            "sources",
            author,
            data={"requested_grant": cap + 1, "own_financial": Decimal("1000"), "own_personal": Decimal("500")},
        )
        problems = completeness.problems(offer)
    assert [p.section for p in problems if p.section == "sources"]
    with pytest.raises(Exception), scopes_disabled():  # noqa: B017 -- the submit guard refuses it
        services.submit_offer(offer=offer, actor=author)


def test_the_direct_decision_refuses_a_competition_offer_and_a_partial_amount(tenant, official):
    from tests.factories.offers import complete_offer

    call = PublishedCallFactory(tenant=tenant)
    competition_offer, _author = complete_offer(call)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        record_direct_decision(
            offer=competition_offer, actor=official, number="Z/1", date=timezone.localdate(), amount="100"
        )
    assert "__all__" in error.value.message_dict

    offer, author = small_grant_offer(tenant)
    offer = fill(offer, author)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=author)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        record_direct_decision(offer=offer, actor=official, number="Z/2", date=timezone.localdate(), amount="100")
    assert "amount" in error.value.message_dict
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED
        assert not Grant.objects.filter(offer=offer).exists()


def test_the_existing_pages_show_an_offer_and_agreement_without_a_call(client, tenant, official):
    """No new pages yet, but the offer's and the agreement's pages reached from lists do not fail."""
    offer, author = small_grant_offer(tenant)
    offer = fill(offer, author)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=author)
    with scope(tenant=tenant):
        record_direct_decision(
            offer=offer, actor=official, number="ZAR/19a/2/2027", date=timezone.localdate(), amount="9000.00"
        )
    with scopes_disabled():
        grant = Grant.objects.select_related("offer", "tenant", "organisation").get(offer=offer)
    agreement = signed(grant, official)
    started(agreement, author)
    slug = {"tenant_slug": tenant.slug}

    client.force_login(author)
    for url in (
        reverse("offers_member:list"),
        reverse("offers:overview", kwargs={**slug, "pk": offer.pk}),
        reverse("offers:section", kwargs={**slug, "pk": offer.pk, "slug": "zrodla"}),
        reverse("offers:version_pdf", kwargs={**slug, "pk": offer.pk, "number": 1}),
        reverse("offers:confirmation_pdf", kwargs={**slug, "pk": offer.pk, "number": 1}),
        reverse("agreements_member:detail", kwargs={"pk": agreement.pk}),
        reverse("agreements_member:pdf", kwargs={"pk": agreement.pk}),
        reverse("reports_member:list", kwargs={"agreement_pk": agreement.pk}),
    ):
        assert client.get(url).status_code == 200, url
    # The list of one's offers names the route where a competition's offer names its call.
    mine = client.get(reverse("offers_member:list")).content.decode()
    with translation.override("pl"):
        assert str(FundingRoute.SMALL_GRANT.label) in mine

    login_with_mfa(client, official)
    for url in (
        reverse("offers_office:detail", kwargs={**slug, "pk": offer.pk}),
        reverse("agreements_office:list", kwargs=slug),
        reverse("agreements_office:detail", kwargs={**slug, "pk": agreement.pk}),
        reverse("agreements_office:docx", kwargs={**slug, "pk": agreement.pk}),
    ):
        assert client.get(url).status_code == 200, url
