"""Office, secretariat and public pages through HTTP: forms keep input, bad input gets messages, no leaks."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from pozytek.councils.models import Body, BodyMeeting, BodyMember
from pozytek.councils.services import acts, meetings
from pozytek.councils.states import BodyState, MeetingState, MemberSide, RequestState
from tests.conftest import login_with_mfa, with_totp
from tests.councils.helpers import balanced_council, make_body
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def o(name, tenant, **kwargs):
    return reverse(f"councils_office:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def p(name, tenant, **kwargs):
    return reverse(f"councils:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def test_create_body_and_add_members_through_the_office(office, tenant):
    response = office.post(
        o("body-new", tenant),
        {"kind": "council", "name": "Rada Pożytku", "term_start": "2026-01-01", "term_end": "2025-01-01"},
    )
    assert response.status_code == 400
    assert "The term must end after it starts." in response.content.decode()
    assert 'value="Rada Pożytku"' in response.content.decode()
    response = office.post(
        o("body-new", tenant),
        {"kind": "council", "name": "Rada Pożytku", "term_start": "2026-01-01", "term_end": "2028-12-31"},
    )
    with scopes_disabled():
        body = Body.objects.get(name="Rada Pożytku")
    assert response.status_code == 302
    organisation = OrganisationFactory(listed_in=tenant)
    data = {
        "full_name": "Ewa Nowak",
        "side": "ngo",
        "organisation": organisation.pk,
        "role": "chair",
        "term_end": "2029-06-30",
    }
    response = office.post(o("member-add", tenant, pk=body.pk), data)
    assert response.status_code == 400
    assert "cannot end after the body" in response.content.decode()
    assert 'value="Ewa Nowak"' in response.content.decode()
    data["term_end"] = ""
    assert office.post(o("member-add", tenant, pk=body.pk), data).status_code == 302
    response = office.post(o("member-add", tenant, pk=body.pk), {**data, "role": "member"})
    assert response.status_code == 400
    assert "already a member of this body" in response.content.decode()
    page = office.get(o("body", tenant, pk=body.pk)).content.decode()
    assert "1 of 1 members represent organisations" in page


def test_activation_refused_with_message_when_ngo_below_half(office, tenant, official):
    body = balanced_council(tenant, official, ngo=1, others=2, activate=False)
    response = office.post(o("body-transition", tenant, pk=body.pk), {"action": "activate"}, follow=True)
    assert "art. 41f" in response.content.decode()
    with scopes_disabled():
        assert Body.objects.get(pk=body.pk).state == BodyState.FORMING


def test_meeting_in_the_past_gives_a_field_error(office, tenant, official):
    body = balanced_council(tenant, official)
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = office.post(
        o("meeting-new", tenant, pk=body.pk),
        {"title": "Posiedzenie", "starts_at": past, "place": "Ratusz", "agenda": "A"},
    )
    assert response.status_code == 400
    assert "A meeting can only be scheduled in the future." in response.content.decode()
    with scopes_disabled():
        assert not BodyMeeting.objects.exists()


def test_schedule_upload_and_record_minutes_then_public_minutes_and_pdf(office, tenant, official, client):
    body = balanced_council(tenant, official)
    future = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = office.post(
        o("meeting-new", tenant, pk=body.pk),
        {"title": "I posiedzenie", "starts_at": future, "place": "Ratusz", "agenda": "Otwarcie\nProgram 2027"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        meeting = BodyMeeting.objects.get()
    upload = SimpleUploadedFile("projekt.pdf", PDF, content_type="application/pdf")
    response = office.post(
        o("document-upload", tenant, pk=meeting.pk), {"title": "Projekt", "upload": upload, "public": "on"}
    )
    assert response.status_code == 302
    bad = SimpleUploadedFile("zly.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = office.post(o("document-upload", tenant, pk=meeting.pk), {"title": "Zły", "upload": bad})
    assert response.status_code == 400
    assert "not one of the allowed types" in response.content.decode()
    with scopes_disabled():
        BodyMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
        present = list(BodyMember.objects.filter(body=body).values_list("pk", flat=True))[:3]
    response = office.post(o("minutes", tenant, pk=meeting.pk), {"present": present, "minutes": ""})
    assert response.status_code == 400
    response = office.post(
        o("minutes", tenant, pk=meeting.pk), {"present": present, "minutes": "Rada <b>przyjęła</b> opinię."}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert BodyMeeting.objects.get(pk=meeting.pk).state == MeetingState.HELD
    client.logout()
    page = client.get(p("minutes", tenant, slug=body.slug, pk=meeting.pk)).content.decode()
    assert "Rada &lt;b&gt;przyjęła&lt;/b&gt; opinię." in page
    pdf = client.get(p("minutes-pdf", tenant, slug=body.slug, pk=meeting.pk))
    assert pdf["Content-Type"] == "application/pdf"
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Program 2027" in text
    assert "Anna Organizacyjna 0" in text
    meeting_page = client.get(p("meeting", tenant, slug=body.slug, pk=meeting.pk)).content.decode()
    assert "Projekt" in meeting_page


def test_public_pages_hide_forming_bodies_and_private_documents(client, tenant, official):
    forming = make_body(tenant, official, name="Zespół w budowie")
    assert client.get(p("body", tenant, slug=forming.slug)).status_code == 404
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(
            body=body, actor=official, title="P", starts_at=timezone.now() + dt.timedelta(days=1), place="R"
        )
        private = meetings.add_document(
            meeting=meeting, actor=official, title="Poufne", upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert client.get(p("document", tenant, slug=body.slug, pk=private.pk)).status_code == 404
    listing = client.get(p("list", tenant)).content.decode()
    assert body.name in listing
    assert "Zespół w budowie" not in listing


def test_opinion_request_overdue_on_office_and_public_pages(office, tenant, official, client):
    body = balanced_council(tenant, official)
    response = office.post(
        o("request-new", tenant, pk=body.pk),
        {
            "subject": "Projekt programu współpracy 2027",
            "delivered_on": (timezone.localdate() - dt.timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert "overdue" in office.get(o("list", tenant)).content.decode()
    assert "Projekt programu współpracy 2027" in office.get(o("list", tenant)).content.decode()
    public = client.get(p("body", tenant, slug=body.slug)).content.decode()
    assert "overdue" in public or "po terminie" in public


def test_secretary_records_an_opinion_in_the_secretariat(client, tenant, official):
    secretary = with_totp(UserFactory())
    body = balanced_council(tenant, official, secretary_user=secretary)
    with scope(tenant=tenant):
        request = acts.request_opinion(
            body=body, actor=official, subject="Program 2027", delivered_on=timezone.localdate()
        )
    login_with_mfa(client, secretary)
    home = client.get(reverse("councils_workspace:home", kwargs={"tenant_slug": tenant.slug}))
    assert home.status_code == 200
    assert "Program 2027" in home.content.decode()
    url = reverse("councils_workspace:opinion", kwargs={"tenant_slug": tenant.slug, "pk": request.pk})
    response = client.post(
        url, {"title": "Opinia", "text": "Pozytywna", "adopted_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    with scopes_disabled():
        request.refresh_from_db()
        assert request.state == RequestState.ANSWERED
    act_page = client.get(p("act", tenant, slug=body.slug, pk=request.opinion_id)).content.decode()
    assert "Pozytywna" in act_page


def test_ordinary_member_with_account_has_no_secretariat(client, tenant, official):
    member_user = with_totp(UserFactory())
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        BodyMember.objects.filter(body=body, side=MemberSide.EXECUTIVE, role="member").update(user=member_user)
        request = acts.request_opinion(body=body, actor=official, subject="P", delivered_on=timezone.localdate())
    login_with_mfa(client, member_user)
    assert client.get(reverse("councils_workspace:home", kwargs={"tenant_slug": tenant.slug})).status_code == 404
    url = reverse("councils_workspace:opinion", kwargs={"tenant_slug": tenant.slug, "pk": request.pk})
    assert (
        client.post(url, {"title": "x", "text": "y", "adopted_on": timezone.localdate().isoformat()}).status_code == 404
    )


def test_office_pages_need_a_role_and_another_tenants_ids_give_404(client, tenant, other_tenant, official, resident):
    body = balanced_council(tenant, official)
    assert client.get(o("list", tenant)).status_code == 302  # to the login page
    login_with_mfa(client, resident)
    assert client.get(o("body", tenant, pk=body.pk)).status_code == 403
    from pozytek.accounts.models import Role
    from tests.factories.accounts import MembershipFactory

    other_official = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    login_with_mfa(client, other_official)
    assert client.get(o("body", other_tenant, pk=body.pk)).status_code == 404
    assert (
        client.post(o("member-add", other_tenant, pk=body.pk), {"full_name": "X", "side": "executive"}).status_code
        == 404
    )
    assert (
        client.get(reverse("councils:body", kwargs={"tenant_slug": other_tenant.slug, "slug": body.slug})).status_code
        == 404
    )


def test_nomination_by_an_organisation_editor(client, tenant, official):
    from pozytek.councils.services import recruitment
    from pozytek.organisations.models import OrganisationMember

    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        call = recruitment.open_call(
            body=body, actor=official, title="Nabór do Rady", seats=2, deadline=timezone.now() + dt.timedelta(days=5)
        )
    url = p("call", tenant, pk=call.pk)
    assert "Sign in to nominate" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    editor = UserFactory()
    organisation = OrganisationFactory(listed_in=tenant, name="Stowarzyszenie Kandydatów")
    OrganisationMember.objects.create(organisation=organisation, user=editor, role="owner")
    client.force_login(editor)
    response = client.post(url, {"organisation": organisation.pk, "candidate_name": "Maria", "candidate_email": "zly"})
    assert response.status_code == 400
    response = client.post(
        url, {"organisation": organisation.pk, "candidate_name": "Maria", "candidate_email": "maria@example.org"}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"organisation": organisation.pk, "candidate_name": "Jan", "candidate_email": "jan@example.org"}
    )
    assert response.status_code == 400
    other = OrganisationFactory(listed_in=tenant)
    response = client.post(url, {"organisation": other.pk, "candidate_name": "X", "candidate_email": "x@example.org"})
    assert response.status_code == 400


def test_request_about_a_consultation_takes_its_subject(office, tenant, official):
    from pozytek.consultations.models import Consultation
    from pozytek.councils.models import OpinionRequest

    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        consultation = Consultation.objects.create(tenant=tenant, title="Projekt programu współpracy na 2027 rok")
    response = office.post(
        o("request-new", tenant, pk=body.pk),
        {"consultation": consultation.pk, "subject": "", "delivered_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    with scopes_disabled():
        request = OpinionRequest.objects.get()
    assert request.consultation == consultation
    assert request.subject == consultation.title
    assert request.due_on == timezone.localdate() + dt.timedelta(days=14)


def test_request_refuses_another_tenants_consultation(office, tenant, other_tenant, official):
    from pozytek.consultations.models import Consultation

    body = balanced_council(tenant, official)
    with scope(tenant=other_tenant):
        foreign = Consultation.objects.create(tenant=other_tenant, title="Obca")
    response = office.post(
        o("request-new", tenant, pk=body.pk),
        {"consultation": foreign.pk, "subject": "x", "delivered_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400


def test_secretary_records_minutes_in_the_secretariat_and_platform_admin_cannot(
    client, tenant, official, platform_admin
):
    secretary = with_totp(UserFactory())
    body = balanced_council(tenant, official, secretary_user=secretary)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(
            body=body, actor=official, title="P", starts_at=timezone.now() + dt.timedelta(days=1), place="R"
        )
        BodyMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    url = reverse("councils_workspace:minutes", kwargs={"tenant_slug": tenant.slug, "pk": meeting.pk})
    login_with_mfa(client, with_totp(platform_admin))
    assert client.get(url).status_code == 404
    login_with_mfa(client, secretary)
    assert "P" in client.get(reverse("councils_workspace:home", kwargs={"tenant_slug": tenant.slug})).content.decode()
    response = client.post(url, {"minutes": "Protokół", "present": []})
    assert response.status_code == 302
    assert response["Location"] == p("meeting", tenant, slug=body.slug, pk=meeting.pk)
    with scopes_disabled():
        assert BodyMeeting.objects.get(pk=meeting.pk).state == MeetingState.HELD
    again = client.post(url, {"minutes": "Znowu", "present": []})
    assert again.status_code == 400
    assert "already been recorded" in again.content.decode()


def test_oversized_document_gives_a_message(office, tenant, official, settings):
    settings.POZYTEK_MAX_ATTACHMENT_BYTES = 1000
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(
            body=body, actor=official, title="P", starts_at=timezone.now() + dt.timedelta(days=1), place="R"
        )
    big = SimpleUploadedFile("duzy.pdf", PDF + b"0" * 5000, content_type="application/pdf")
    response = office.post(o("document-upload", tenant, pk=meeting.pk), {"title": "Duży", "upload": big})
    assert response.status_code == 413
    assert "The file is larger than" in response.content.decode()
    with scopes_disabled():
        assert not meeting.documents.exists()


def test_user_text_is_escaped_on_public_pages(client, tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        acts.adopt_act(
            body=body,
            actor=official,
            kind="resolution",
            title="<script>alert(1)</script>",
            text="<img src=x onerror=alert(1)>",
            adopted_on=timezone.localdate(),
        )
        act = body.acts.get()
    page = client.get(p("body", tenant, slug=body.slug)).content.decode()
    assert "<script>alert(1)</script>" not in page
    act_page = client.get(p("act", tenant, slug=body.slug, pk=act.pk)).content.decode()
    assert "<img src=x" not in act_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in act_page


def test_edit_body_page_keeps_the_kind_and_refuses_a_shorter_term(office, tenant, official):
    body = balanced_council(tenant, official)
    data = {
        "kind": "team",
        "name": "Nowa nazwa",
        "term_start": body.term_start.isoformat(),
        "term_end": (body.term_end - dt.timedelta(days=5)).isoformat(),
    }
    response = office.post(o("body-edit", tenant, pk=body.pk), data)
    assert response.status_code == 400
    assert "outside this term" in response.content.decode()
    data["term_end"] = body.term_end.isoformat()
    assert office.post(o("body-edit", tenant, pk=body.pk), data).status_code == 302
    with scopes_disabled():
        body.refresh_from_db()
    assert body.name == "Nowa nazwa"
    assert body.kind == "council"


def test_office_runs_a_call_for_candidates_to_appointment(office, tenant, official):
    from pozytek.councils.models import Candidacy, CandidateCall
    from pozytek.organisations.models import OrganisationMember

    body = balanced_council(tenant, official)
    deadline = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = office.post(
        o("call-new", tenant, pk=body.pk), {"title": "Nabór uzupełniający", "seats": "1", "deadline": deadline}
    )
    assert response.status_code == 302
    with scopes_disabled():
        call = CandidateCall.objects.get()
        organisation = OrganisationFactory(listed_in=tenant)
        editor = UserFactory()
        OrganisationMember.objects.create(organisation=organisation, user=editor, role="owner")
    with scope(tenant=tenant):
        from pozytek.councils.services import recruitment

        recruitment.nominate(
            call=call,
            actor=editor,
            organisation=organisation,
            candidate_name="Zofia Nowa",
            candidate_email="z@example.org",
        )
    url = o("call", tenant, pk=call.pk)
    office.post(url, {"action": "close"}, follow=True)
    with scopes_disabled():
        assert CandidateCall.objects.get().state == "open"  # the deadline has not passed
        CandidateCall.objects.update(deadline=timezone.now() - dt.timedelta(minutes=1))
    office.post(url, {"action": "close"})
    with scopes_disabled():
        candidacy = Candidacy.objects.get()
    response = office.post(url, {"method": "vote", "chosen": [candidacy.pk], "note": ""})
    assert response.status_code == 400
    response = office.post(url, {"method": "vote", "chosen": [candidacy.pk], "note": "Wybrana 9 głosami"})
    assert response.status_code == 302
    with scopes_disabled():
        member = BodyMember.objects.get(full_name="Zofia Nowa")
        assert member.organisation == organisation
        assert CandidateCall.objects.get().state == "decided"


def test_edit_member_page(office, tenant, official):
    body = balanced_council(tenant, official)
    with scopes_disabled():
        member = BodyMember.objects.filter(body=body, side=MemberSide.EXECUTIVE, role="member").get()
    url = o("member-edit", tenant, pk=body.pk, member_pk=member.pk)
    page = office.get(url).content.decode()
    assert f'value="{member.full_name}"' in page
    response = office.post(url, {"full_name": member.full_name, "side": "executive", "role": "chair"})
    assert response.status_code == 400
    assert "already holds this role" in response.content.decode()
    response = office.post(url, {"full_name": "Jan Poprawiony", "side": "executive", "role": "deputy"})
    assert response.status_code == 302
    with scopes_disabled():
        member.refresh_from_db()
    assert (member.full_name, member.role) == ("Jan Poprawiony", "deputy")


@override_settings(POZYTEK_MAX_ATTACHMENT_BYTES=524_288)
def test_an_oversize_document_gets_only_the_size_message_and_keeps_the_other_fields(office, tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(
            body=body, actor=official, title="P", starts_at=timezone.now() + dt.timedelta(days=1), place="R"
        )
    # under the limit plus the margin for other fields: stopped while it streams in, not from its length
    big = SimpleUploadedFile("duzy.pdf", PDF + b"0" * 550_000, content_type="application/pdf")

    response = office.post(
        o("document-upload", tenant, pk=meeting.pk),
        {"title": "Projekt uchwały", "upload": big, "public": "on"},
        HTTP_ACCEPT_LANGUAGE="pl",
    )

    assert response.status_code == 413
    form = response.context["document_form"]
    assert form.errors == {"upload": ["Plik jest za duży: limit wynosi 0,5 MB."]}
    assert (form["title"].value(), form["public"].value()) == ("Projekt uchwały", True)
    assert "To pole jest wymagane" not in response.content.decode()
    with scopes_disabled():
        assert not meeting.documents.exists()


def test_an_acts_page_shows_the_office_who_recorded_it_and_the_public_nothing_more(client, tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        act = acts.adopt_act(
            body=body,
            actor=official,
            kind="resolution",
            title="Opinia o programie współpracy",
            text="Rada opiniuje pozytywnie.",
            adopted_on=timezone.localdate(),
        )
    url = reverse("councils:act", kwargs={"tenant_slug": tenant.slug, "slug": body.slug, "pk": act.pk})
    public = client.get(url).content.decode()
    assert 'id="history-heading"' not in public
    login_with_mfa(client, official)
    page = client.get(url).content.decode()
    assert 'id="history-heading"' in page
    assert str(official) in page.split('id="history-heading"')[1]
