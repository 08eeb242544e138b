"""The offeror's correction after the formal check: only the listed sections, only until the correction
deadline, then a new frozen version; the draft path (save, submit) is unchanged."""

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.offers import services
from pozytek.offers.deadlines import correction_closed_message
from pozytek.offers.models import Attachment, Offer, OfferVersion
from pozytek.offers.services import OfferClosed
from pozytek.offers.states import OfferState
from tests.evaluation.formal_helpers import (
    CORRECTABLE,
    closed_call_with_offers,
    fresh,
    pass_correction_deadline,
    request_correction,
)
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer, pdf_upload, save

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def correcting(tenant, official):
    """(offer awaiting correction of sections III and attachments, NGO member)."""
    _call, offers = closed_call_with_offers(tenant)
    offer, ngo = offers[0]
    request_correction(offer, official, sections=("task", "attachments"))
    return fresh(offer), ngo


def versions(offer) -> list[OfferVersion]:
    with scopes_disabled():
        return list(OfferVersion.objects.filter(offer=offer).order_by("number"))


def url(name: str, offer: Offer, **kwargs) -> str:
    return reverse(f"offers:{name}", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk, **kwargs})


def task_post(offer: Offer, title: str) -> dict[str, str]:
    return {
        "section-version": str(services.section_version(offer, "task")),
        "f-title": title,
        "f-start_date": offer.start_date.isoformat(),
        "f-end_date": offer.end_date.isoformat(),
        "f-summary": offer.summary,
        "f-expected_results": offer.expected_results,
    }


# --- the service ---------------------------------------------------------------------------------------------


def test_a_listed_section_can_be_corrected_after_the_call_closed(correcting):
    offer, ngo = correcting
    with scopes_disabled():
        saved = save(offer, "task", ngo, data={"title": "Poprawiony tytuł"})
    assert saved.title == "Poprawiony tytuł" and fresh(offer).state == OfferState.CORRECTION


def test_a_section_not_listed_cannot_be_changed(correcting):
    offer, ngo = correcting
    with pytest.raises(ValidationError) as error, scopes_disabled():
        save(offer, "characteristics", ngo, data={"previous_activity": "Inaczej"})
    assert error.value.code == "not_listed"
    assert fresh(offer).previous_activity != "Inaczej"


def test_after_the_correction_deadline_nothing_changes_and_the_message_names_the_deadline(correcting):
    offer, ngo = correcting
    offer = pass_correction_deadline(offer)
    with pytest.raises(OfferClosed) as closed, scopes_disabled():
        save(offer, "task", ngo, data={"title": "Za późno"})
    assert closed.value.messages == [correction_closed_message(offer)]
    assert fresh(offer).title != "Za późno"
    with pytest.raises(TransitionBlocked) as blocked, scopes_disabled():
        services.submit_correction(offer=offer, actor=ngo)
    assert blocked.value.problems[0].section == "deadline"
    assert len(versions(offer)) == 1


def test_attachments_follow_the_list_too(tenant, official):
    _call, offers = closed_call_with_offers(tenant, count=2)
    (listed, ngo), (unlisted, other_ngo) = offers
    request_correction(listed, official, sections=("attachments",))
    request_correction(unlisted, official, sections=("task",))
    with scopes_disabled():
        added = services.add_attachment(offer=fresh(listed), label="Podpisana oferta", upload=pdf_upload(), actor=ngo)
        assert added.offer_id == listed.pk
        with pytest.raises(ValidationError):
            services.add_attachment(offer=fresh(unlisted), label="X", upload=pdf_upload(), actor=other_ngo)
        assert not Attachment.objects.filter(offer=unlisted, label="X").exists()


def test_submit_correction_freezes_version_two_with_a_new_checksum(correcting, django_capture_on_commit_callbacks):
    offer, ngo = correcting
    first_submitted_at = offer.submitted_at
    with scopes_disabled():
        save(offer, "task", ngo, data={"title": "Poprawiony tytuł"})
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        version = services.submit_correction(offer=fresh(offer), actor=ngo)
    first, second = versions(offer)
    assert version == second and second.number == 2
    assert second.checksum != first.checksum and second.snapshot["task"]["title"] == "Poprawiony tytuł"
    offer = fresh(offer)
    assert offer.state == OfferState.SUBMITTED
    assert offer.submitted_at == first_submitted_at  # the submission in time stays the offer's; v2 has its own
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments  # the confirmation PDF


def test_submitting_the_correction_twice_gives_one_version(correcting, django_capture_on_commit_callbacks):
    offer, ngo = correcting
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        one = services.submit_correction(offer=fresh(offer), actor=ngo)
        two = services.submit_correction(offer=fresh(offer), actor=ngo)
    assert one == two and len(versions(offer)) == 2 and len(mail.outbox) == 1


def test_only_the_offerors_members_submit_the_correction(correcting, resident):
    offer, _ngo = correcting
    with pytest.raises(PermissionDenied), scopes_disabled():
        services.submit_correction(offer=fresh(offer), actor=resident)
    assert fresh(offer).state == OfferState.CORRECTION


def test_submit_correction_needs_an_offer_awaiting_correction(tenant):
    call = PublishedCallFactory(tenant=tenant)
    offer, ngo = complete_offer(call)
    with pytest.raises(TransitionNotAllowed), scopes_disabled():
        services.submit_correction(offer=offer, actor=ngo)


# --- the draft path is unchanged -----------------------------------------------------------------------------


def test_the_draft_path_keeps_its_rules_and_query_counts(tenant, django_assert_num_queries):
    """The deadline-rush benchmark measures these: an autosave and a submission of a draft."""
    call = PublishedCallFactory(tenant=tenant)
    offer, ngo = complete_offer(call)
    with scopes_disabled():
        offer = Offer.objects.get(pk=offer.pk)
        with django_assert_num_queries(6):
            services.save_section(
                offer=offer,
                section="task",
                actor=ngo,
                version=services.section_version(offer, "task"),
                data={"title": "Inny tytuł"},
            )
        offer = Offer.objects.get(pk=offer.pk)
        with django_assert_num_queries(15):  # the submission time is saved with the state (one UPDATE)
            version = services.submit_offer(offer=offer, actor=ngo)
        offer = Offer.objects.get(pk=offer.pk)
        with django_assert_num_queries(10):
            assert services.submit_offer(offer=offer, actor=ngo) == version
        assert offer.submitted_at == version.submitted_at
        with pytest.raises(ValidationError) as error:
            save(offer, "task", ngo, data={"title": "Po złożeniu"})
        assert error.value.code == "state"


# --- pages ----------------------------------------------------------------------------------------------------


def test_the_overview_shows_the_defects_and_the_sections_to_correct(client, correcting):
    offer, ngo = correcting
    client.force_login(ngo)
    page = client.get(url("overview", offer))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="correction-defects"' in html and CORRECTABLE in html and "Brak podpisu skarbnika" in html
    assert url("section", offer, slug="zadanie") in html and url("attachments", offer) in html
    assert url("submit_correction", offer) in html


def test_a_listed_section_is_editable_and_saves_over_http(client, correcting):
    offer, ngo = correcting
    client.force_login(ngo)
    page = client.get(url("section", offer, slug="zadanie")).content.decode()
    assert 'name="save"' in page
    response = client.post(url("section", offer, slug="zadanie"), task_post(offer, "Tytuł po korekcie"))
    assert response.status_code == 302
    assert fresh(offer).title == "Tytuł po korekcie"


def test_an_unlisted_section_is_read_only_and_a_forged_post_is_refused(client, correcting):
    offer, ngo = correcting
    client.force_login(ngo)
    page = client.get(url("section", offer, slug="charakterystyka")).content.decode()
    assert 'name="save"' not in page
    response = client.post(
        url("section", offer, slug="charakterystyka"),
        {"section-version": "1", "f-previous_activity": "Inaczej", "f-resources": "Inaczej"},
    )
    assert response.status_code == 400 and fresh(offer).previous_activity != "Inaczej"


def test_after_the_correction_deadline_the_section_post_redirects_with_the_deadline(client, correcting):
    offer, ngo = correcting
    offer = pass_correction_deadline(offer)
    client.force_login(ngo)
    response = client.post(url("section", offer, slug="zadanie"), task_post(offer, "Za późno"))
    assert response.status_code == 302 and response.url == url("overview", offer)
    assert fresh(offer).title != "Za późno"
    overview = client.get(response.url).content.decode()
    local = timezone.localtime(offer.correction_deadline)
    assert local.strftime("%H:%M:%S") in overview
    assert url("submit_correction", offer) not in overview


def test_submitting_the_correction_over_http_twice(client, correcting):
    offer, ngo = correcting
    client.force_login(ngo)
    first = client.post(url("submit_correction", offer))
    assert first.status_code == 302 and first.url == url("overview", offer)
    second = client.post(url("submit_correction", offer))
    assert second.status_code == 302
    assert len(versions(offer)) == 2 and fresh(offer).state == OfferState.SUBMITTED


def test_the_correction_page_of_another_tenants_offer_is_not_found(client, correcting, other_tenant):
    offer, ngo = correcting
    client.force_login(ngo)
    wrong = reverse("offers:submit_correction", kwargs={"tenant_slug": other_tenant.slug, "pk": offer.pk})
    assert client.post(wrong).status_code == 404
    assert fresh(offer).state == OfferState.CORRECTION


def test_the_pdf_preview_of_an_offer_being_corrected_is_the_current_text(client, correcting):
    offer, ngo = correcting
    with scopes_disabled():
        save(offer, "task", ngo, data={"title": "Nowy tytuł w PDF"})
    client.force_login(ngo)
    response = client.get(url("pdf", offer))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Nowy tytuł w PDF" in " ".join(text.split())
