"""Meetings, minutes, numbered acts, requests for opinion with the legal deadline, reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope

from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.councils.models import BodyMeeting
from pozytek.councils.selectors import overdue_requests
from pozytek.councils.services import acts, meetings, recruitment
from pozytek.councils.services.reminders import send_term_reminders
from pozytek.councils.states import ActKind, MeetingState, RequestState
from pozytek.legal.models import LegalParameter
from tests.councils.helpers import balanced_council
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _future(days=7):
    return timezone.now() + dt.timedelta(days=days)


def test_meeting_in_the_past_is_refused(tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as exc:
            meetings.schedule_meeting(
                body=body,
                actor=official,
                title="Posiedzenie",
                starts_at=timezone.now() - dt.timedelta(hours=1),
                place="Ratusz",
            )
        assert "future" in exc.value.message_dict["starts_at"][0]
        assert not BodyMeeting.objects.exists()


def test_schedule_with_agenda_and_invite_members(tenant, official, django_capture_on_commit_callbacks):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(
            body=body,
            actor=official,
            title="I posiedzenie",
            starts_at=_future(),
            place="Ratusz, sala 1",
            agenda="Otwarcie\n- Opinia o programie\n\nWolne wnioski",
        )
        assert [a.title for a in meeting.agenda.all()] == ["Otwarcie", "Opinia o programie", "Wolne wnioski"]
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert meetings.send_invitations(meeting=meeting, actor=official) == 4
    assert len(mail.outbox) == 4
    assert "Opinia o programie" in mail.outbox[0].body


def test_minutes_only_after_the_meeting_and_with_attendance(tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(body=body, actor=official, title="P", starts_at=_future(1), place="R")
        with pytest.raises(ValidationError) as exc:
            meetings.record_minutes(meeting=meeting, actor=official, minutes="x", present_member_ids=[])
        assert "minutes" in exc.value.message_dict
        BodyMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
        members = list(body.members.all())
        with pytest.raises(ValidationError):
            meetings.record_minutes(meeting=meeting, actor=official, minutes="  ", present_member_ids=[])
        meeting = meetings.record_minutes(
            meeting=meeting,
            actor=official,
            minutes="Rada obradowała.",
            present_member_ids=[members[0].pk, members[1].pk],
        )
        assert meeting.state == MeetingState.HELD
        assert meeting.attendance.filter(present=True).count() == 2
        assert meeting.attendance.filter(present=False).count() == 2
        with pytest.raises(ValidationError):
            meetings.record_minutes(meeting=meeting, actor=official, minutes="again", present_member_ids=[])


def test_minutes_refuse_a_stranger_in_attendance(tenant, official, other_tenant):
    body = balanced_council(tenant, official)
    other_official = UserFactory()
    from pozytek.accounts.models import Role
    from tests.factories.accounts import MembershipFactory

    MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL, user=other_official)
    other_body = balanced_council(other_tenant, other_official)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(body=body, actor=official, title="P", starts_at=_future(1), place="R")
        BodyMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    with scope(tenant=other_tenant):
        stranger = other_body.members.first().pk
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as exc:
            meetings.record_minutes(meeting=meeting, actor=official, minutes="ok", present_member_ids=[stranger])
        assert "present" in exc.value.message_dict
        with pytest.raises(PermissionDenied):
            meetings.record_minutes(meeting=meeting, actor=other_official, minutes="ok", present_member_ids=[])


def test_document_upload_checks_content_type(tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(body=body, actor=official, title="P", starts_at=_future(), place="R")
        with pytest.raises(ValidationError) as exc:
            meetings.add_document(
                meeting=meeting, actor=official, title="Projekt", upload=SimpleUploadedFile("a.pdf", b"MZ not a pdf")
            )
        assert "upload" in exc.value.message_dict
        doc = meetings.add_document(
            meeting=meeting, actor=official, title="Projekt", upload=SimpleUploadedFile("projekt.exe", PDF), public=True
        )
        assert doc.original_name.endswith(".pdf")
        assert doc.content_type == "application/pdf"


def test_acts_are_numbered_per_body_kind_and_year(tenant, official):
    body = balanced_council(tenant, official)
    today = timezone.localdate()
    with scope(tenant=tenant):
        a1 = acts.adopt_act(
            body=body, actor=official, kind=ActKind.RESOLUTION, title="Regulamin", text="t", adopted_on=today
        )
        a2 = acts.adopt_act(
            body=body, actor=official, kind=ActKind.RESOLUTION, title="Plan", text="t", adopted_on=today
        )
        o1 = acts.adopt_act(body=body, actor=official, kind=ActKind.OPINION, title="Opinia", text="t", adopted_on=today)
        assert (a1.number, a2.number, o1.number) == (f"1/{today.year}", f"2/{today.year}", f"1/{today.year}")
        with pytest.raises(ValidationError) as exc:
            acts.adopt_act(
                body=body,
                actor=official,
                kind=ActKind.RESOLUTION,
                title="x",
                text="t",
                adopted_on=today + dt.timedelta(days=1),
            )
        assert "adopted_on" in exc.value.message_dict


def test_request_due_date_follows_the_legal_parameter(tenant, official):
    body = balanced_council(tenant, official)
    delivered = timezone.localdate()
    with scope(tenant=tenant):
        request = acts.request_opinion(
            body=body, actor=official, subject="Program współpracy 2027", delivered_on=delivered
        )
        assert request.due_on == delivered + dt.timedelta(days=14)
    LegalParameter.objects.create(
        key="council.opinion_days",
        value=21,
        unit="days",
        effective_from=delivered - dt.timedelta(days=400),
        tenant=tenant,
        **_legal_extra(),
    )
    with scope(tenant=tenant):
        request = acts.request_opinion(body=body, actor=official, subject="Strategia", delivered_on=delivered)
        assert request.due_on == delivered + dt.timedelta(days=21)


def _legal_extra():
    from pozytek.legal.models import LegalParameter as LP

    fields = {f.name for f in LP._meta.get_fields()}
    extra = {}
    if "source" in fields:
        extra["source"] = "uchwała rady"
    return extra


def test_secretary_records_the_opinion_and_request_is_answered(tenant, official):
    secretary = UserFactory(email="sekretarz@example.org")
    body = balanced_council(tenant, official, secretary_user=secretary)
    with scope(tenant=tenant):
        request = acts.request_opinion(
            body=body, actor=official, subject="Program", delivered_on=timezone.localdate() - dt.timedelta(days=2)
        )
        request = acts.record_opinion(
            request=request,
            actor=secretary,
            title="Opinia o programie",
            text="Pozytywna.",
            adopted_on=timezone.localdate(),
        )
        assert request.state == RequestState.ANSWERED
        assert request.opinion.number.startswith("1/")
        with pytest.raises(ValidationError):
            acts.record_opinion(request=request, actor=secretary, title="x", text="y", adopted_on=timezone.localdate())


def test_ordinary_member_or_stranger_cannot_record_the_opinion(tenant, official, resident):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        request = acts.request_opinion(body=body, actor=official, subject="Program", delivered_on=timezone.localdate())
        with pytest.raises(PermissionDenied):
            acts.record_opinion(request=request, actor=resident, title="x", text="y", adopted_on=timezone.localdate())
        with pytest.raises(PermissionDenied):
            acts.request_opinion(body=body, actor=resident, subject="x", delivered_on=timezone.localdate())


def test_overdue_requests_are_listed(tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        late = acts.request_opinion(
            body=body,
            actor=official,
            subject="Stary projekt",
            delivered_on=timezone.localdate() - dt.timedelta(days=20),
        )
        acts.request_opinion(body=body, actor=official, subject="Nowy", delivered_on=timezone.localdate())
        assert list(overdue_requests(tenant)) == [late]
        acts.withdraw_request(request=late, actor=official, reason="Projekt wycofany")
        assert list(overdue_requests(tenant)) == []
        with pytest.raises(TransitionNotAllowed):
            acts.withdraw_request(request=late, actor=official, reason="again")


def test_term_reminders_list_each_member_once(tenant, official, django_capture_on_commit_callbacks):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        body.contact_email = "rada@example.org"
        body.save()
        # The office member first: the Council keeps its NGO half after both leave.
        members = list(body.members.filter(role="member").order_by("side"))
        from pozytek.councils.services.bodies import end_membership

        for member in members:
            end_membership(member=member, actor=official, last_day=timezone.localdate() + dt.timedelta(days=10))
        far = body.members.get(role="chair")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_term_reminders(days=30) == len(members)
    assert len(mail.outbox) == 1
    assert "rada@example.org" in mail.outbox[0].to
    assert "office0@example.org" in mail.outbox[0].to  # the secretary
    for member in members:
        assert member.full_name in mail.outbox[0].body
    assert far.full_name not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_council_terms", "--days", "30")
    assert len(mail.outbox) == 1


def test_recruitment_nominate_and_appoint(tenant, official):
    from pozytek.councils.models import CandidateCall
    from pozytek.organisations.models import OrganisationMember

    body = balanced_council(tenant, official)
    editor = UserFactory()
    organisation = OrganisationFactory(listed_in=tenant)
    OrganisationMember.objects.create(organisation=organisation, user=editor, role="owner")
    with scope(tenant=tenant):
        with pytest.raises(ValidationError):
            recruitment.open_call(body=body, actor=official, title="Nabór", seats=2, deadline=timezone.now())
        call = recruitment.open_call(body=body, actor=official, title="Nabór", seats=2, deadline=_future(3))
        with pytest.raises(ValidationError) as exc:
            recruitment.nominate(
                call=call,
                actor=UserFactory(),
                organisation=organisation,
                candidate_name="X",
                candidate_email="x@example.org",
            )
        assert "organisation" in exc.value.message_dict
        candidacy = recruitment.nominate(
            call=call,
            actor=editor,
            organisation=organisation,
            candidate_name="Maria Kandydatka",
            candidate_email="maria@example.org",
        )
        with pytest.raises(ValidationError):
            recruitment.nominate(
                call=call,
                actor=editor,
                organisation=organisation,
                candidate_name="Drugi",
                candidate_email="d@example.org",
            )
        with pytest.raises(TransitionBlocked):
            recruitment.close_call(call=call, actor=official)
        CandidateCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
        call = recruitment.close_call(call=call, actor=official)
        with pytest.raises(ValidationError) as exc:
            recruitment.record_result(call=call, actor=official, method="vote", chosen=[], note="")
        assert {"chosen", "note"} <= set(exc.value.message_dict)
        call = recruitment.record_result(
            call=call, actor=official, method="vote", chosen=[candidacy.pk], note="12 głosów", votes={candidacy.pk: 12}
        )
        member = body.members.get(full_name="Maria Kandydatka")
        assert member.organisation == organisation
        assert member.candidacy == candidacy
