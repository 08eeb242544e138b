"""HTTP: an NGO member writes an offer section by section, attaches files, submits, withdraws."""

import datetime as dt
import hashlib
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from pozytek.competitions.models import Call
from pozytek.core.models import AuditEvent
from pozytek.offers.models import Attachment, CostLine, Offer, OfferVersion
from pozytek.offers.services import section_version
from pozytek.offers.states import OfferState
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import PDF_BYTES, complete_offer, ngo_member, start

pytestmark = pytest.mark.integration


def url(name: str, offer: Offer, **kwargs) -> str:
    return reverse(f"offers:{name}", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk, **kwargs})


def section_url(offer: Offer, slug: str) -> str:
    return url("section", offer, slug=slug)


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def call(tenant):
    return PublishedCallFactory(tenant=tenant)


@pytest.fixture
def writer(call, client):
    offer, actor = start(call)
    client.force_login(actor)
    return offer, actor


def task_post(offer: Offer, **overrides) -> dict[str, str]:
    call = offer.call
    data = {
        "section-version": str(section_version(offer, "task")),
        "f-title": "Sportowe wakacje",
        "f-start_date": call.delivery_start.isoformat(),
        "f-end_date": call.delivery_start.isoformat(),
        "f-summary": "Zajęcia dla dzieci",
        "f-expected_results": "60 dzieci ćwiczy",
    }
    data.update(overrides)
    return data


def test_start_from_the_call_page_prefills_section_two(call, client, tenant):
    actor, organisation = ngo_member(tenant=tenant)
    client.force_login(actor)
    detail = client.get(reverse("competitions:detail", kwargs={"tenant_slug": tenant.slug, "pk": call.pk}))
    start_url = reverse("offers:start", kwargs={"tenant_slug": tenant.slug, "call_pk": call.pk})
    assert start_url in detail.content.decode()
    response = client.post(start_url, {"organisation": organisation.pk})
    with scopes_disabled():
        offer = Offer.objects.get(call=call, organisation=organisation)
        assert offer.offerors.get().name == organisation.name
    assert response.status_code == 302 and response.url == url("overview", offer)
    again = client.post(start_url, {"organisation": organisation.pk})
    assert again.url == url("overview", offer)
    with scopes_disabled():
        assert Offer.objects.filter(call=call).count() == 1


def test_cannot_start_for_someone_elses_organisation(call, client, tenant):
    actor, _own = ngo_member(tenant=tenant)
    _other_user, foreign = ngo_member(tenant=tenant)
    client.force_login(actor)
    start_url = reverse("offers:start", kwargs={"tenant_slug": tenant.slug, "call_pk": call.pk})
    response = client.post(start_url, {"organisation": foreign.pk})
    assert response.status_code == 400
    with scopes_disabled():
        assert not Offer.objects.filter(organisation=foreign).exists()


def test_every_section_page_renders(writer, client):
    offer, _actor = writer
    for slug in (
        "oferenci",
        "zadanie",
        "dzialania",
        "rezultaty",
        "charakterystyka",
        "koszty",
        "zrodla",
        "inne",
        "oswiadczenia",
    ):
        response = client.get(section_url(offer, slug))
        assert response.status_code == 200, slug
        assert 'name="section-version"' in response.content.decode()
    assert client.get(url("attachments", offer)).status_code == 200
    assert client.get(url("overview", offer)).status_code == 200
    assert client.get(section_url(offer, "nie-ma-takiej")).status_code == 404


def test_saving_a_section_without_javascript(writer, client):
    offer, _actor = writer
    response = client.post(section_url(offer, "zadanie"), task_post(offer))
    assert response.status_code == 302
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.title == "Sportowe wakacje" and offer.summary == "Zajęcia dla dzieci"
    assert section_version(offer, "task") == 1


def test_htmx_save_returns_the_fragment(writer, client):
    offer, _actor = writer
    response = client.post(section_url(offer, "zadanie"), task_post(offer), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="offer-section"' in body and "<html" not in body


def test_concurrent_edit_is_detected_and_nothing_is_overwritten(writer, client, tenant):
    offer, _actor = writer
    colleague = ngo_member(offer.organisation)[0]
    opened = task_post(offer)  # both opened version 0
    other = client.__class__()
    other.force_login(colleague)
    assert other.post(section_url(offer, "zadanie"), {**opened, "f-title": "Wersja kolegi"}).status_code == 302
    response = client.post(section_url(offer, "zadanie"), {**opened, "f-title": "Moja wersja"})
    assert response.status_code == 409
    body = response.content.decode()
    assert colleague.email in body
    assert "Moja wersja" in body  # the user's text is kept in the form
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.title == "Wersja kolegi"
    # saving again on purpose (the form now carries the new version) replaces it
    again = client.post(section_url(offer, "zadanie"), {**opened, "section-version": "1", "f-title": "Moja wersja"})
    assert again.status_code == 302
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.title == "Moja wersja"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("f-requested_grant", "-5"),
        ("f-requested_grant", "1.123456789012345678901234567890123456789"),
        ("f-own_financial", "1e20"),
    ],
)
def test_bad_amounts_get_field_errors_and_nothing_is_saved(writer, client, field, value):
    offer, _actor = writer
    data = {"section-version": "0", "f-requested_grant": "100", field: value}
    response = client.post(section_url(offer, "zrodla"), data)
    assert response.status_code == 400
    assert 'aria-describedby="' in response.content.decode()
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.requested_grant is None


def test_dates_outside_the_call_are_listed_as_problems(writer, client):
    offer, _actor = writer
    early = (offer.call.delivery_start - dt.timedelta(days=5)).isoformat()
    assert client.post(section_url(offer, "zadanie"), task_post(offer, **{"f-start_date": early})).status_code == 302
    response = client.get(url("overview", offer))
    assert response.status_code == 200
    assert offer.call.delivery_start.strftime("%Y") in response.content.decode()


def test_budget_preview_computes_totals_on_the_server(writer, client):
    offer, _actor = writer
    client.post(section_url(offer, "zadanie"), task_post(offer))
    client.post(
        section_url(offer, "dzialania"),
        {
            "section-version": "0",
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-0-year": str(offer.call.delivery_start.year),
            "rows-0-name": "Zajęcia",
        },
    )
    with scopes_disabled():
        action = offer.actions.get()
    response = client.post(
        url("budget_preview", offer, slug="koszty"),
        {
            "section-version": "0",
            "rows-TOTAL_FORMS": "2",
            "rows-INITIAL_FORMS": "0",
            "rows-0-category": "action",
            "rows-0-action": str(action.pk),
            "rows-0-name": "Trener",
            "rows-0-unit": "godz.",
            "rows-0-unit_cost": "80,50",
            "rows-0-quantity": "3",
            "rows-1-category": "admin",
            "rows-1-name": "Księgowość",
            "rows-1-unit": "mies.",
            "rows-1-unit_cost": "0,335",
            "rows-1-quantity": "1",
        },
        HTTP_HX_REQUEST="true",
    )
    body = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "241,50" in body  # 80.50 × 3; the invalid second row (3 decimals) is not counted
    with scopes_disabled():
        assert not CostLine.objects.filter(offer=offer).exists()  # preview saves nothing


def test_other_members_and_other_tenants_get_404(writer, client, other_tenant, tenant):
    offer, _actor = writer
    stranger, _org = ngo_member(tenant=tenant)
    client.force_login(stranger)
    assert client.get(url("overview", offer)).status_code == 404
    assert client.post(section_url(offer, "zadanie"), task_post(offer)).status_code == 404
    wrong_tenant = reverse("offers:overview", kwargs={"tenant_slug": other_tenant.slug, "pk": offer.pk})
    client.force_login(_actor)
    assert client.get(wrong_tenant).status_code == 404


def test_anonymous_is_sent_to_login(writer, client):
    offer, _actor = writer
    client.logout()
    response = client.get(url("overview", offer))
    assert response.status_code == 302 and "login" in response.url


def test_attachments_are_identified_by_content(writer, client, settings):
    offer, _actor = writer
    good = SimpleUploadedFile("statut.pdf", PDF_BYTES)
    response = client.post(url("attachments", offer), {"label": "Statut", "file": good})
    assert response.status_code == 302
    exe = SimpleUploadedFile("statut.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(url("attachments", offer), {"label": "Statut", "file": exe})
    assert response.status_code == 400
    settings.POZYTEK_MAX_ATTACHMENT_BYTES = 1024
    big = SimpleUploadedFile("duzy.pdf", PDF_BYTES + b"0" * 5000)
    response = client.post(url("attachments", offer), {"label": "Statut", "file": big})
    assert response.status_code == 413
    with scopes_disabled():
        stored = list(Attachment.objects.filter(offer=offer))
    assert len(stored) == 1 and stored[0].original_name == "statut.pdf"
    download = client.get(url("attachment", offer, attachment_pk=stored[0].pk))
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["X-Content-Type-Options"] == "nosniff"


def test_submit_twice_creates_one_version_and_mails_the_confirmation(call, client, django_capture_on_commit_callbacks):
    offer, actor = complete_offer(call, joint=True)
    client.force_login(actor)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url("submit", offer))
        second = client.post(url("submit", offer))
    assert first.status_code == 302 and second.status_code == 302
    with scopes_disabled():
        versions = list(OfferVersion.objects.filter(offer=offer))
        assert len(versions) == 1
        assert AuditEvent.objects.filter(action="offer.submit", subject_id=str(offer.pk)).count() == 1
    version = versions[0]
    raw = client.get(url("version_json", offer, number=1)).content
    assert hashlib.sha256(raw).hexdigest() == version.checksum
    confirmation = client.get(url("confirmation_pdf", offer, number=1))
    assert confirmation["Content-Type"] == "application/pdf"
    assert version.checksum in pdf_text(confirmation.content).replace(" ", "")
    assert len([m for m in mail.outbox if actor.email in m.to]) == 1
    # no edits after submission
    response = client.post(
        section_url(offer, "zadanie"), task_post(offer, **{"section-version": "1", "f-title": "Zmiana"})
    )
    assert response.status_code == 400
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.title != "Zmiana"


def test_incomplete_offer_is_not_submitted_and_problems_link_to_sections(writer, client):
    offer, _actor = writer
    response = client.post(url("submit", offer))
    assert response.status_code == 400
    assert section_url(offer, "koszty") in response.content.decode()
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).state == OfferState.DRAFT


def test_late_submission_is_told_when_the_call_closed(call, client):
    offer, actor = complete_offer(call)
    client.force_login(actor)
    deadline = timezone.now() - dt.timedelta(seconds=1)
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(offer_deadline=deadline)
    response = client.post(url("submit", offer))
    assert response.status_code == 400
    assert timezone.localtime(deadline).strftime("%H:%M:%S") in response.content.decode()
    with scopes_disabled():
        assert not OfferVersion.objects.filter(offer=offer).exists()
    edit = client.post(section_url(offer, "zadanie"), task_post(offer, **{"section-version": "1"}))
    assert edit.status_code == 302 and edit.url == url("overview", offer)


def test_withdraw_and_submit_again(call, client):
    offer, actor = complete_offer(call)
    client.force_login(actor)
    client.post(url("submit", offer))
    assert client.post(url("withdraw", offer), {"reason": "Poprawka budżetu"}).status_code == 302
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).state == OfferState.WITHDRAWN
    client.post(url("reopen", offer))
    client.post(url("submit", offer))
    with scopes_disabled():
        assert list(OfferVersion.objects.filter(offer=offer).values_list("number", flat=True)) == [1, 2]


def test_draft_pdf_and_my_offers_list(writer, client):
    offer, _actor = writer
    response = client.get(url("pdf", offer))
    assert response["Content-Type"] == "application/pdf"
    listing = client.get(reverse("offers_member:list"))
    assert url("overview", offer) in listing.content.decode()


@override_settings(POZYTEK_MAX_ATTACHMENT_BYTES=524_288)
def test_an_oversize_attachment_gets_only_the_size_message_and_keeps_what_was_typed(writer, client):
    offer, _actor = writer
    big = SimpleUploadedFile("duzy.pdf", PDF_BYTES + b"0" * 600_000)

    # the file first: fields sent after a stopped upload must survive too
    response = client.post(url("attachments", offer), {"file": big, "label": "", "other_label": "Statut organizacji"})

    assert response.status_code == 413
    form = response.context["form"]
    assert form.errors == {"file": ["Plik jest za duży: limit wynosi 0,5 MB."]}
    assert form["other_label"].value() == "Statut organizacji"
    html = response.content.decode()
    assert '<ul class="errorlist" id="id_file_errors"><li>Plik jest za duży: limit wynosi 0,5 MB.</li></ul>' in html
    assert "To pole jest wymagane" not in html
    assert 'value="Statut organizacji"' in html
    with scopes_disabled():
        assert not Attachment.objects.filter(offer=offer).exists()
