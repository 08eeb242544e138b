import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from django_scopes import scope
from docx import Document

from pozytek.consultations import services
from pozytek.consultations.models import Consultation
from pozytek.consultations.states import ConsultationState
from tests.conftest import login_with_mfa, with_totp
from tests.consultations.consultation_helpers import draft, end_period, published, unit
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.django_db
BASE = "/testowo/urzad/konsultacje/"


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


def _get(consultation_id, tenant):
    with scope(tenant=tenant):
        return Consultation.objects.get(pk=consultation_id)


def test_office_pages_need_a_staff_role(client, tenant, official, resident):
    consultation = draft(tenant, official)
    login_with_mfa(client, resident)
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{consultation.pk}/").status_code == 403


def test_another_tenants_consultation_is_404(client, tenant, other_tenant, official):
    consultation = draft(tenant, official)
    outsider = with_totp(MembershipFactory(tenant=other_tenant).user)
    login_with_mfa(client, outsider)
    assert client.get(f"/inna/urzad/konsultacje/{consultation.pk}/").status_code == 404


def test_create_paste_draft_and_publish(office, tenant, official):
    today = timezone.localdate()
    response = office.post(
        f"{BASE}nowa/",
        {
            "title": "Projekt uchwały o konsultacjach",
            "audience": "everyone",
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=10)).isoformat(),
            "online_comments": "on",
            "comments_public": "on",
            "contact_name": "Anna Nowak",
            "contact_email": "anna@urzad.example",
        },
    )
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    response = office.post(f"{BASE}{pk}/projekt/", {"text": "§ 1. Pierwszy\n§ 2. Drugi"})
    assert response.status_code == 302
    response = office.post(f"{BASE}{pk}/publikuj/")
    assert response.status_code == 302
    assert _get(pk, tenant).state == ConsultationState.PUBLISHED


def test_publish_with_problems_shows_them(office, tenant, official):
    consultation = draft(tenant, official, contact_name="")
    response = office.post(f"{BASE}{consultation.pk}/publikuj/")
    assert response.status_code == 400
    assert "Enter the contact person" in response.content.decode()


def test_end_before_start_is_a_field_error(office, tenant):
    today = timezone.localdate()
    response = office.post(
        f"{BASE}nowa/",
        {
            "title": "X",
            "audience": "everyone",
            "starts_on": today.isoformat(),
            "ends_on": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "The end cannot be before the start." in response.content.decode()


def test_docx_upload_and_broken_file(office, tenant, official):
    consultation = draft(tenant, official)
    broken = SimpleUploadedFile("projekt.docx", b"this is not a docx")
    response = office.post(f"{BASE}{consultation.pk}/projekt/", {"text": "", "file": broken})
    assert response.status_code == 400
    assert "This is not a DOCX document" in response.content.decode()
    document = Document()
    document.add_paragraph("§ 1. Z pliku.")
    buffer = io.BytesIO()
    document.save(buffer)
    good = SimpleUploadedFile("projekt.docx", buffer.getvalue())
    assert office.post(f"{BASE}{consultation.pk}/projekt/", {"text": "", "file": good}).status_code == 302
    with scope(tenant=tenant):
        assert list(consultation.units.values_list("text", flat=True)) == ["Z pliku."]


def test_meeting_in_the_past_is_a_field_error(office, tenant, official):
    consultation = draft(tenant, official)
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = office.post(f"{BASE}{consultation.pk}/spotkania/", {"starts_at": past, "place": "Ratusz"})
    assert response.status_code == 400
    assert "The meeting cannot be in the past." in response.content.decode()


def test_answering_and_publishing_the_report(office, tenant, official, resident, django_capture_on_commit_callbacks):
    consultation = published(tenant, official)
    with scope(tenant=tenant):
        comment = services.submit_comment(
            consultation=consultation,
            actor=resident,
            unit_id=unit(consultation).pk,
            organisation=None,
            justification="Uwaga",
        )
    answer_url = f"{BASE}{consultation.pk}/uwagi/{comment.pk}/"
    assert (
        office.post(answer_url, {"action": "answer", "response": "accepted", "response_reason": "Tak"}).status_code
        == 400
    )
    end_period(consultation)
    response = office.post(answer_url, {"action": "answer", "response": "accepted", "response_reason": ""})
    assert response.status_code == 400
    response = office.post(answer_url, {"action": "answer", "response": "accepted", "response_reason": "Przyjmujemy"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(f"{BASE}{consultation.pk}/raport/", {"summary": "Dziękujemy"})
    assert response.status_code == 302
    assert _get(consultation.pk, tenant).state == ConsultationState.REPORTED
    assert [m.to for m in mail.outbox] == [[resident.email]]


def test_comment_of_another_consultation_is_404(office, tenant, official, resident):
    consultation = published(tenant, official)
    other = published(tenant, official, title="Inna")
    with scope(tenant=tenant):
        comment = services.submit_comment(
            consultation=other, actor=resident, unit_id=None, organisation=None, justification="x"
        )
    assert office.get(f"{BASE}{consultation.pk}/uwagi/{comment.pk}/").status_code == 404


def test_office_pages_render(office, tenant, official, resident):
    consultation = end_period(published(tenant, official))
    for suffix in ("", "edycja/", "uwagi/", "raport/"):
        assert office.get(f"{BASE}{consultation.pk}/{suffix}").status_code == 200, suffix
    fresh = draft(tenant, official, survey=True)
    for suffix in ("projekt/", "ankieta/"):
        assert office.get(f"{BASE}{fresh.pk}/{suffix}").status_code == 200, suffix
    assert office.get(BASE).status_code == 200
    assert office.get(f"{BASE}nowa/").status_code == 200


def test_survey_questions_formset(office, tenant, official):
    consultation = draft(tenant, official, survey=True)
    data = {
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "Czy popierasz?",
        "questions-0-kind": "choice",
        "questions-0-choices": "Tak",
        "questions-1-text": "",
        "questions-1-kind": "text",
    }
    response = office.post(f"{BASE}{consultation.pk}/ankieta/", data)
    assert response.status_code == 400
    assert "at least two answers" in response.content.decode()
    data["questions-0-choices"] = "Tak\nNie"
    assert office.post(f"{BASE}{consultation.pk}/ankieta/", data).status_code == 302
    with scope(tenant=tenant):
        assert consultation.questions.get().choice_list == ["Tak", "Nie"]


def test_merge_and_unmerge_through_the_answer_page(office, tenant, official, resident):
    from tests.factories.accounts import UserFactory

    consultation = published(tenant, official)
    with scope(tenant=tenant):
        first = services.submit_comment(
            consultation=consultation, actor=resident, unit_id=None, organisation=None, justification="Kwota"
        )
        second = services.submit_comment(
            consultation=consultation, actor=UserFactory(), unit_id=None, organisation=None, justification="Kwota też"
        )
    end_period(consultation)
    url = f"{BASE}{consultation.pk}/uwagi/{second.pk}/"
    assert office.post(url, {"action": "merge", "into": str(second.pk)}).status_code == 400
    assert office.post(url, {"action": "merge", "into": str(first.pk)}).status_code == 302
    with scope(tenant=tenant):
        second.refresh_from_db()
        assert second.duplicate_of_id == first.pk
    assert "shares its answer" in office.get(url).content.decode()
    assert office.post(url, {"action": "unmerge"}).status_code == 302
    with scope(tenant=tenant):
        second.refresh_from_db()
        assert second.duplicate_of_id is None


def test_oversized_attachment_is_refused_with_a_message(office, tenant, official, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.POZYTEK_MAX_ATTACHMENT_BYTES = 1000
    consultation = draft(tenant, official)
    big = SimpleUploadedFile("duzy.pdf", b"%PDF-1.4\n" + b"x" * 5000, content_type="application/pdf")
    response = office.post(f"{BASE}{consultation.pk}/zalaczniki/", {"title": "Duży", "file": big})
    assert response.status_code == 413
    assert 'id="id_file_errors"><li>The file is larger than' in response.content.decode()
    with scope(tenant=tenant):
        assert not consultation.attachments.exists()
    assert list(tmp_path.rglob("*.pdf")) == []


def test_attachment_upload_still_checks_csrf(tenant, official, settings, tmp_path):
    from django.test import Client

    from tests.factories.offers import pdf_upload

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    consultation = draft(tenant, official)
    client = Client(enforce_csrf_checks=True)
    login_with_mfa(client, official)
    response = client.post(f"{BASE}{consultation.pk}/zalaczniki/", {"title": "Bez tokenu", "file": pdf_upload()})
    assert response.status_code == 403
    with scope(tenant=tenant):
        assert not consultation.attachments.exists()


def test_wrong_attachment_type_is_a_field_error(office, tenant, official, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    consultation = draft(tenant, official)
    fake = SimpleUploadedFile("skrypt.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = office.post(f"{BASE}{consultation.pk}/zalaczniki/", {"title": "Zły", "file": fake})
    assert response.status_code == 400
    assert 'id="id_file_errors"><li>This file is not one of the allowed types' in response.content.decode()


@override_settings(POZYTEK_MAX_ATTACHMENT_BYTES=524_288)
def test_an_oversize_attachment_gets_only_the_size_message_and_keeps_the_title(office, tenant, official, tmp_path):
    consultation = draft(tenant, official)
    big = SimpleUploadedFile("duzy.pdf", b"%PDF-1.4\n" + b"x" * 600_000, content_type="application/pdf")

    # the file first: fields sent after a stopped upload must survive too
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path):
        response = office.post(
            f"{BASE}{consultation.pk}/zalaczniki/", {"file": big, "title": "Mapa osiedla"}, HTTP_ACCEPT_LANGUAGE="pl"
        )

    assert response.status_code == 413
    form = response.context["attachment_form"]
    assert form.errors == {"file": ["Plik jest za duży: limit wynosi 0,5 MB."]}
    assert form["title"].value() == "Mapa osiedla"
    assert "To pole jest wymagane" not in response.content.decode()
    with scope(tenant=tenant):
        assert not consultation.attachments.exists()
    assert list(tmp_path.rglob("*")) == []


@override_settings(POZYTEK_MAX_ATTACHMENT_BYTES=524_288)
def test_an_oversize_draft_file_gets_only_the_size_message_and_keeps_the_text(office, tenant, official):
    consultation = draft(tenant, official)
    big = SimpleUploadedFile("projekt.docx", b"PK\x03\x04" + b"x" * 600_000)

    response = office.post(
        f"{BASE}{consultation.pk}/projekt/", {"file": big, "text": "§ 1. Nowy tekst"}, HTTP_ACCEPT_LANGUAGE="pl"
    )

    assert response.status_code == 413
    form = response.context["form"]
    assert form.errors == {"file": ["Plik jest za duży: limit wynosi 0,5 MB."]}
    assert form["text"].value() == "§ 1. Nowy tekst"


def test_the_office_page_links_to_the_public_page_only_while_there_is_one(office, tenant, official):
    consultation = published(tenant, official)
    public = f"/testowo/konsultacje/{consultation.pk}/"
    assert f'href="{public}"' in office.get(f"{BASE}{consultation.pk}/").content.decode()

    with scope(tenant=tenant):
        services.cancel_consultation(consultation=consultation, actor=official, reason="Projekt wycofany.")

    assert f'href="{public}"' not in office.get(f"{BASE}{consultation.pk}/").content.decode()
    assert office.get(public).status_code == 404  # what the link would have led to
