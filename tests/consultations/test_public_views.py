import datetime as dt
import io

import pytest
from django.utils import timezone
from django_scopes import scope
from docx import Document

from pozytek.consultations import services
from pozytek.consultations.models import Comment
from tests.consultations.consultation_helpers import draft, end_period, published, unit
from tests.factories.accounts import UserFactory
from tests.factories.offers import ngo_member

pytestmark = pytest.mark.django_db


def url(consultation, suffix=""):
    return f"/testowo/konsultacje/{consultation.pk}/{suffix}"


def _comment_count(consultation):
    with scope(tenant=consultation.tenant):
        return Comment.objects.filter(consultation=consultation).count()


def test_list_filters_by_status(client, tenant, official):
    today = timezone.localdate()
    published(tenant, official, title="Otwarte konsultacje")
    published(
        tenant,
        official,
        title="Planowane konsultacje",
        starts_on=today + dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=20),
    )
    draft(tenant, official, title="Szkic niepubliczny")
    page = client.get("/testowo/konsultacje/").content.decode()
    assert "Otwarte konsultacje" in page and "Planowane konsultacje" in page
    assert "Szkic niepubliczny" not in page
    open_only = client.get("/testowo/konsultacje/?status=open").content.decode()
    assert "Otwarte konsultacje" in open_only and "Planowane konsultacje" not in open_only
    assert client.get("/testowo/konsultacje/?status=bogus&sphere=x&year=99999999999").status_code == 200


def test_draft_and_other_tenants_consultation_give_404(client, tenant, other_tenant, official):
    consultation = draft(tenant, official)
    assert client.get(url(consultation)).status_code == 404
    opened = published(tenant, official)
    assert client.get(f"/inna/konsultacje/{opened.pk}/").status_code == 404


def test_detail_shows_units_with_comment_links_for_a_signed_in_resident(client, tenant, official, resident):
    consultation = published(tenant, official)
    client.force_login(resident)
    page = client.get(url(consultation)).content.decode()
    with scope(tenant=tenant):
        first = unit(consultation)
    assert "§ 1." in page
    assert f"uwagi/?jednostka={first.pk}" in page


def test_anonymous_is_sent_to_sign_in(client, tenant, official):
    consultation = published(tenant, official)
    response = client.get(url(consultation, "uwagi/"))
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_comment_through_the_form_is_published_escaped(client, tenant, official, resident):
    consultation = published(tenant, official)
    with scope(tenant=tenant):
        first = unit(consultation)
    client.force_login(resident)
    form = client.get(url(consultation, f"uwagi/?jednostka={first.pk}")).content.decode()
    assert f'<option value="{first.pk}" selected>' in form
    response = client.post(
        url(consultation, "uwagi/"),
        {"unit": first.pk, "organisation": "", "proposed_wording": "", "justification": "<script>alert('x')</script>"},
    )
    assert response.status_code == 302
    page = client.get(url(consultation)).content.decode()
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert(" not in page


def test_too_long_comment_keeps_the_text_and_explains(client, tenant, official, resident):
    consultation = published(tenant, official)
    client.force_login(resident)
    text = "Zdanie. " * 12_500
    response = client.post(url(consultation, "uwagi/"), {"unit": "whole", "justification": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The text has 99999 characters; at most 10000 are allowed." in page
    assert text.strip() in page
    assert _comment_count(consultation) == 0


def test_unit_that_does_not_exist_is_a_form_error(client, tenant, official, resident):
    consultation = published(tenant, official)
    client.force_login(resident)
    response = client.post(url(consultation, "uwagi/"), {"unit": "999999", "justification": "Uwaga"})
    assert response.status_code == 400
    assert "Uwaga" in response.content.decode()
    assert _comment_count(consultation) == 0


def test_comment_after_the_end_is_refused_with_a_message(client, tenant, official, resident):
    consultation = end_period(published(tenant, official))
    client.force_login(resident)
    response = client.post(url(consultation, "uwagi/"), {"unit": "whole", "justification": "Spóźniona"})
    assert response.status_code == 403
    assert _comment_count(consultation) == 0


def test_resident_is_told_when_only_ngos_may_comment(client, tenant, official, resident):
    consultation = published(tenant, official, audience="ngos")
    client.force_login(resident)
    response = client.post(url(consultation, "uwagi/"), {"unit": "whole", "justification": "Mieszkaniec"})
    assert response.status_code == 403
    assert "Only non-governmental organisations may take part" in response.content.decode()
    assert _comment_count(consultation) == 0


def test_ngo_member_comments_for_the_organisation(client, tenant, official):
    consultation = published(tenant, official, audience="ngos")
    member, organisation = ngo_member(tenant=tenant)
    client.force_login(member)
    response = client.post(
        url(consultation, "uwagi/"), {"unit": "whole", "organisation": organisation.pk, "justification": "Od NGO"}
    )
    assert response.status_code == 302
    assert organisation.name in client.get(url(consultation)).content.decode()


def test_comments_are_shown_without_answers_while_open(client, tenant, official, resident):
    consultation = published(tenant, official)
    with scope(tenant=tenant):
        services.submit_comment(
            consultation=consultation, actor=resident, unit_id=None, organisation=None, justification="Jawna uwaga"
        )
    page = client.get(url(consultation)).content.decode()
    assert "Jawna uwaga" in page and "a resident" in page
    assert resident.email not in page and resident.full_name not in page


def test_private_comments_wait_for_the_report(client, tenant, official, resident):
    consultation = published(tenant, official, comments_public=False)
    with scope(tenant=tenant):
        services.submit_comment(
            consultation=consultation, actor=resident, unit_id=None, organisation=None, justification="Ukryta uwaga"
        )
    assert "Ukryta uwaga" not in client.get(url(consultation)).content.decode()


def _reported(tenant, official, resident):
    consultation = published(tenant, official, survey=False)
    with scope(tenant=tenant):
        comment = services.submit_comment(
            consultation=consultation,
            actor=resident,
            unit_id=unit(consultation).pk,
            organisation=None,
            justification="Do raportu",
        )
    end_period(consultation)
    with scope(tenant=tenant):
        services.answer_comment(comment=comment, actor=official, response="accepted", reason="Przyjęto w całości")
        services.publish_report(consultation=consultation, actor=official, summary="Wpłynęła jedna uwaga.")
    return consultation


def test_report_page_pdf_and_docx(client, tenant, official, resident):
    consultation = _reported(tenant, official, resident)
    assert "Przyjęto w całości" in client.get(url(consultation)).content.decode()  # answers shown once reported
    page = client.get(url(consultation, "raport/")).content.decode()
    assert "Przyjęto w całości" in page and "Wpłynęła jedna uwaga." in page
    pdf = client.get(f"/testowo/konsultacje/{consultation.pk}/raport.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Przyjęto w całości" in text
    docx = client.get(f"/testowo/konsultacje/{consultation.pk}/raport.docx")
    document = Document(io.BytesIO(docx.content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any("Przyjęto w całości" in c for c in cells)


def test_report_is_404_before_publication(client, tenant, official):
    consultation = published(tenant, official)
    assert client.get(url(consultation, "raport/")).status_code == 404
    assert client.get(f"/testowo/konsultacje/{consultation.pk}/raport.pdf").status_code == 404


def test_atom_feed_lists_published_consultations(client, tenant, official):
    published(tenant, official, title="Konsultacje w kanale")
    draft(tenant, official, title="Szkic poza kanałem")
    response = client.get("/testowo/konsultacje/kanal.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Konsultacje w kanale" in body and "Szkic poza kanałem" not in body


def test_survey_page_and_registration(client, tenant, official, resident):
    consultation = draft(tenant, official, survey=True, meetings=True)
    with scope(tenant=tenant):
        services.set_questions(
            consultation=consultation, actor=official, questions=[{"text": "Czy popierasz projekt?", "kind": "scale"}]
        )
        meeting = services.add_meeting(
            consultation=consultation,
            actor=official,
            starts_at=timezone.now() + dt.timedelta(days=2),
            place="Ratusz",
            registration_required=True,
        )
        services.publish_consultation(consultation=consultation, actor=official)
        question = consultation.questions.get()
    client.force_login(resident)
    assert client.post(url(consultation, "ankieta/"), {f"q{question.pk}": "9"}).status_code == 400
    assert client.post(url(consultation, "ankieta/"), {f"q{question.pk}": "4"}).status_code == 302
    assert client.post(url(consultation, "ankieta/"), {f"q{question.pk}": "5"}).status_code == 403
    response = client.post(url(consultation, f"spotkania/{meeting.pk}/zapis/"), {"organisation": ""})
    assert response.status_code == 302
    with scope(tenant=tenant):  # child rows of a consultation: read in its tenant's scope
        assert meeting.registrations.filter(user=resident).exists()


def test_attachment_download(client, tenant, official, settings, tmp_path):
    from tests.factories.offers import pdf_upload

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    consultation = draft(tenant, official)
    with scope(tenant=tenant):
        item = services.add_attachment(
            consultation=consultation, actor=official, title="Uzasadnienie", upload=pdf_upload()
        )
    assert client.get(url(consultation, f"zalaczniki/{item.pk}/")).status_code == 404  # draft: not public yet
    with scope(tenant=tenant):
        services.publish_consultation(consultation=consultation, actor=official)
    response = client.get(url(consultation, f"zalaczniki/{item.pk}/"))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_forged_unit_of_other_consultation_via_http(client, tenant, official):
    consultation = published(tenant, official)
    other = published(tenant, official, title="Druga")
    user = UserFactory()
    client.force_login(user)
    with scope(tenant=tenant):
        foreign = unit(other)
    response = client.post(url(consultation, "uwagi/"), {"unit": foreign.pk, "justification": "Podstęp"})
    assert response.status_code == 400
    assert _comment_count(consultation) == 0 and _comment_count(other) == 0


def test_resident_registering_for_an_ngo_meeting_is_told_why_not(client, tenant, official, resident):
    consultation = draft(tenant, official, audience="ngos", meetings=True)
    with scope(tenant=tenant):
        meeting = services.add_meeting(
            consultation=consultation,
            actor=official,
            starts_at=timezone.now() + dt.timedelta(days=2),
            place="Ratusz",
            registration_required=True,
        )
        services.publish_consultation(consultation=consultation, actor=official)
    client.force_login(resident)
    response = client.post(url(consultation, f"spotkania/{meeting.pk}/zapis/"), {"organisation": ""})
    assert response.status_code == 403
    assert "Only non-governmental organisations may take part" in response.content.decode()
    with scope(tenant=tenant):
        assert not meeting.registrations.exists()


def test_absurd_ids_give_404_or_a_form_error_never_500(client, tenant, official, resident):
    consultation = published(tenant, official)
    huge = "9" * 30
    assert client.get(f"/testowo/konsultacje/{huge}/").status_code == 404
    assert client.get(url(consultation, f"zalaczniki/{huge}/")).status_code == 404
    client.force_login(resident)
    assert client.get(url(consultation, f"uwagi/?jednostka={huge}")).status_code == 200
    assert client.post(url(consultation, "uwagi/"), {"unit": huge, "justification": "x"}).status_code == 400
    assert client.post(url(consultation, f"spotkania/{huge}/zapis/")).status_code == 404
