"""The offer update (aktualizacja) after a lower award, the organisation's side: only the schedule, results,
costs and sources change; the update asks for exactly the awarded grant; it is frozen as a new version and
the office is told; the draft path is unchanged."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from pypdf import PdfReader

from pozytek.agreements.services.updates import return_update
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.grants.states import GrantStatus
from pozytek.offers import services
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState
from tests.agreements.update_helpers import (
    AWARD_REASON,
    AWARDED,
    awarded_less,
    cost_rows,
    fresh,
    grant_of,
    revise,
    versions,
)
from tests.factories.offers import ngo_member, pdf_upload, save
from tests.factories.organisations import OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def case(tenant, official):
    return awarded_less(tenant, official)


def url(name: str, offer: Offer, **kwargs) -> str:
    return reverse(f"offers:{name}", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk, **kwargs})


def sources_post(offer: Offer, grant: str) -> dict[str, str]:
    return {
        "section-version": str(services.section_version(offer, "sources")),
        "f-requested_grant": grant,
        "f-own_financial": "1000",
        "f-own_personal": "500",
    }


# --- the services ---------------------------------------------------------------------------------------------


def test_the_decision_leaves_the_offer_awaiting_its_update(case):
    assert case.offer.state == OfferState.UPDATE_REQUIRED and case.full.state == OfferState.AWARDED
    assert grant_of(case.offer).status == GrantStatus.UPDATE


def test_only_the_update_sections_can_be_changed(case):
    offer = case.offer
    with scopes_disabled():
        for section in ("task", "characteristics", "other", "statements", "offerors"):
            with pytest.raises(ValidationError) as error:
                save(offer, section, case.author, data={})
            assert error.value.code == "not_listed"
        with pytest.raises(ValidationError) as error:
            services.add_attachment(offer=offer, label="Nowy", upload=pdf_upload(), actor=case.author)
        assert error.value.code == "not_listed"
        saved = save(offer, "costs", case.author, rows=cost_rows(offer, trainer_hours="75"))
    assert saved.state == OfferState.UPDATE_REQUIRED
    with scopes_disabled():
        assert fresh(offer).cost_lines.get(name="Wynagrodzenie trenera").quantity == Decimal("75")


def test_only_members_of_the_organisation_change_the_update(case, resident):
    with scopes_disabled(), pytest.raises(PermissionDenied):
        save(case.offer, "sources", resident, data={"requested_grant": AWARDED})


def test_a_grant_other_than_the_awarded_blocks_the_submission_on_the_sources_section(case):
    revise(case, grant=Decimal("6500.00"), trainer_hours="68.75")  # balanced (8 000), but not the awarded grant
    with scopes_disabled(), pytest.raises(TransitionBlocked) as blocked:
        services.submit_update(offer=fresh(case.offer), actor=case.author)
    problems = [p for p in blocked.value.problems if p.section == "sources"]
    assert problems and "7000.00" in problems[0].message
    assert fresh(case.offer).state == OfferState.UPDATE_REQUIRED and len(versions(case.offer)) == 1


def test_an_unchanged_offer_cannot_be_submitted_as_the_update(case):
    with scopes_disabled(), pytest.raises(TransitionBlocked) as blocked:
        services.submit_update(offer=case.offer, actor=case.author)
    assert any(p.section == "sources" for p in blocked.value.problems)


def test_submitting_the_update_freezes_a_new_version_and_tells_the_office(
    case, tenant, django_capture_on_commit_callbacks
):
    revise(case)
    mail.outbox.clear()
    with scopes_disabled(), translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        version = services.submit_update(offer=fresh(case.offer), actor=case.author)
        again = services.submit_update(offer=fresh(case.offer), actor=case.author)
    assert again == version and version.number == 2 and len(versions(case.offer)) == 2
    assert version.snapshot["costs"]["total"] == "8500.00"
    assert fresh(case.offer).state == OfferState.UPDATE_SUBMITTED
    assert grant_of(case.offer).status == GrantStatus.UPDATE
    office = [m for m in mail.outbox if m.to == [tenant.email]]
    assert len(office) == 1 and "Offer update submitted" in office[0].subject
    review = reverse("agreements_office_updates:review", kwargs={"tenant_slug": tenant.slug, "offer_pk": case.offer.pk})
    assert review in office[0].body


def test_only_an_offer_awaiting_its_update_can_submit_one(case):
    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        services.submit_update(offer=case.full, actor=case.full_author)


def test_a_member_of_another_organisation_cannot_submit_the_update(case):
    revise(case)
    stranger, _organisation = ngo_member(OrganisationFactory())
    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.submit_update(offer=fresh(case.offer), actor=stranger)
    assert fresh(case.offer).state == OfferState.UPDATE_REQUIRED


# --- pages ----------------------------------------------------------------------------------------------------


def test_the_overview_shows_the_amounts_the_reasons_and_the_sections(client, case):
    client.force_login(case.author)
    page = client.get(url("overview", case.offer), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="update-amounts"' in html and "7,000.00" in html and "9,000.00" in html
    assert AWARD_REASON in html
    for slug in ("dzialania", "rezultaty", "koszty", "zrodla"):
        assert url("section", case.offer, slug=slug) in html
    assert url("submit_update", case.offer) in html


def test_an_update_section_is_editable_over_http(client, case):
    client.force_login(case.author)
    page = client.get(url("section", case.offer, slug="zrodla")).content.decode()
    assert 'name="save"' in page
    response = client.post(url("section", case.offer, slug="zrodla"), sources_post(case.offer, "7000"))
    assert response.status_code == 302
    assert fresh(case.offer).requested_grant == AWARDED


def test_the_sources_page_says_the_grant_must_be_the_awarded_one(client, case):
    client.force_login(case.author)
    page = client.get(url("section", case.offer, slug="zrodla"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "must request exactly the awarded grant: 7000.00 PLN" in page


def test_an_unlisted_section_is_read_only_and_a_forged_post_is_refused(client, case):
    client.force_login(case.author)
    page = client.get(url("section", case.offer, slug="charakterystyka")).content.decode()
    assert 'name="save"' not in page
    response = client.post(
        url("section", case.offer, slug="charakterystyka"),
        {"section-version": "1", "f-previous_activity": "Inaczej", "f-resources": "Inaczej"},
    )
    assert response.status_code == 400 and fresh(case.offer).previous_activity != "Inaczej"


def test_bad_amounts_in_the_sources_are_field_messages(client, case):
    client.force_login(case.author)
    for bad in ("-5", "12.123456", "dużo"):
        response = client.post(url("section", case.offer, slug="zrodla"), sources_post(case.offer, bad))
        assert response.status_code == 400
    assert fresh(case.offer).requested_grant == Decimal("9000.00")


def test_submitting_with_the_wrong_grant_over_http_links_to_the_sources(client, case):
    client.force_login(case.author)
    response = client.post(url("submit_update", case.offer), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="update-problems"' in html and url("section", case.offer, slug="zrodla") in html
    assert "exactly the awarded grant" in html
    assert fresh(case.offer).state == OfferState.UPDATE_REQUIRED


def test_submitting_the_update_over_http_twice(client, case):
    revise(case)
    client.force_login(case.author)
    first = client.post(url("submit_update", case.offer))
    assert first.status_code == 302 and first.url == url("overview", case.offer)
    second = client.post(url("submit_update", case.offer))
    assert second.status_code == 302
    assert len(versions(case.offer)) == 2 and fresh(case.offer).state == OfferState.UPDATE_SUBMITTED
    page = client.get(url("overview", case.offer), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the office is reviewing it" in page and url("submit_update", case.offer) not in page
    assert 'name="save"' not in client.get(url("section", case.offer, slug="koszty")).content.decode()


def test_a_returned_update_shows_the_reasons_and_can_be_submitted_again(client, case, official):
    revise(case)
    with scopes_disabled():
        services.submit_update(offer=fresh(case.offer), actor=case.author)
        return_update(offer=fresh(case.offer), actor=official, reasons="Brakuje rezultatu dla 45 dzieci.")
    client.force_login(case.author)
    html = client.get(url("overview", case.offer)).content.decode()
    assert 'id="update-returned-reasons"' in html and "Brakuje rezultatu dla 45 dzieci." in html
    with scopes_disabled():
        save(
            fresh(case.offer),
            "results",
            case.author,
            rows=[{"name": "Uczestnicy", "target": "45", "monitoring": "listy"}],
        )
    response = client.post(url("submit_update", case.offer))
    assert response.status_code == 302 and len(versions(case.offer)) == 3


def test_the_pdf_preview_of_an_offer_being_updated_is_the_current_text(client, case):
    revise(case)
    client.force_login(case.author)
    response = client.get(url("pdf", case.offer))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.replace("\xa0", " ").split())
    assert "godz. 80,00 75 6 000,00" in flat and "Suma wszystkich kosztów realizacji zadania 8 500,00" in flat


@pytest.mark.parametrize("who", ["anonymous", "resident", "other_member", "official"])
def test_nobody_else_submits_the_update(client, case, resident, official, who):
    revise(case)
    users = {"resident": resident, "official": official, "other_member": ngo_member(OrganisationFactory())[0]}
    if who != "anonymous":
        client.force_login(users[who])
    response = client.post(url("submit_update", case.offer))
    if who == "anonymous":
        assert response.status_code == 302 and "/login" in response.url
    else:
        assert response.status_code == 404
    assert fresh(case.offer).state == OfferState.UPDATE_REQUIRED


def test_the_update_of_another_tenants_offer_is_not_found(client, case, other_tenant):
    revise(case)
    client.force_login(case.author)
    wrong = reverse("offers:submit_update", kwargs={"tenant_slug": other_tenant.slug, "pk": case.offer.pk})
    assert client.post(wrong).status_code == 404
    assert fresh(case.offer).state == OfferState.UPDATE_REQUIRED
