import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope

from pozytek.consultations import services
from pozytek.consultations.models import Comment, Consultation
from pozytek.consultations.selectors import phase
from pozytek.consultations.states import COMMENT_MAX_CHARS, ConsultationState
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked
from pozytek.legal.models import LegalParameter
from tests.consultations.consultation_helpers import data, draft, end_period, published, unit
from tests.factories.accounts import UserFactory
from tests.factories.offers import ngo_member
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_create_keeps_units_in_order_and_audits(tenant, official):
    consultation = draft(tenant, official)
    with scope(tenant=tenant):
        labels = list(consultation.units.values_list("label", flat=True))
        assert labels == ["§ 1.", "§ 2.", "§ 3."]
        assert AuditEvent.objects.filter(action="consultation.create", subject_id=str(consultation.pk)).exists()


def test_a_resident_cannot_create_a_consultation(tenant, resident):
    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        services.create_consultation(tenant=tenant, actor=resident, data=data())


def test_publish_checks_the_minimum_length_from_the_legal_parameter(tenant, official):
    today = timezone.localdate()
    consultation = draft(tenant, official, ends_on=today + dt.timedelta(days=6))
    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        services.publish_consultation(consultation=consultation, actor=official)
    assert any("at least 7 days" in p.message for p in blocked.value.problems)


def test_a_tenants_own_minimum_wins(tenant, official):
    today = timezone.localdate()
    LegalParameter.objects.create(
        key="consultation.min_days", value=21, unit="days", effective_from=today - dt.timedelta(days=400), tenant=tenant
    )
    consultation = draft(tenant, official, ends_on=today + dt.timedelta(days=14))
    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        services.publish_consultation(consultation=consultation, actor=official)
    assert any("at least 21 days" in p.message for p in blocked.value.problems)


def test_publish_blocks_an_incomplete_draft(tenant, official):
    with scope(tenant=tenant):
        consultation = services.create_consultation(
            tenant=tenant,
            actor=official,
            data=data(contact_name="", starts_on=None, ends_on=None, audience="ngo_spheres", meetings=True),
        )
        with pytest.raises(TransitionBlocked) as blocked:
            services.publish_consultation(consultation=consultation, actor=official)
    sections = {p.section for p in blocked.value.problems}
    assert {"units", "starts_on", "spheres", "meetings", "contact_name"} <= sections


def test_publish_notifies_organisations_of_the_chosen_spheres(tenant, official, django_capture_on_commit_callbacks):
    from pozytek.legal.models import SphereOfPublicTasks

    culture, sport = SphereOfPublicTasks.objects.all()[:2]
    OrganisationFactory(listed_in=tenant, email="kultura@example.org", spheres=[culture])
    OrganisationFactory(listed_in=tenant, email="sport@example.org", spheres=[sport])
    consultation = draft(tenant, official, audience="ngo_spheres")
    with scope(tenant=tenant):
        consultation.spheres.set([culture])
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_consultation(consultation=consultation, actor=official)
    assert [m.to for m in mail.outbox] == [["kultura@example.org"]]
    assert consultation.title in mail.outbox[0].body


def test_comment_on_a_unit_and_double_submit_returns_the_first(tenant, official, resident):
    consultation = published(tenant, official)
    with scope(tenant=tenant):
        kwargs = {
            "consultation": consultation,
            "actor": resident,
            "unit_id": unit(consultation).pk,
            "organisation": None,
            "proposed_wording": "Nowe brzmienie",
            "justification": "Uzasadnienie",
        }
        first = services.submit_comment(**kwargs)
        second = services.submit_comment(**kwargs)
        assert first.pk == second.pk
        assert Comment.objects.filter(consultation=consultation).count() == 1


def test_comment_on_a_unit_of_another_consultation_is_refused(tenant, official, resident):
    consultation = published(tenant, official)
    other = published(tenant, official, title="Inna")
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.submit_comment(
            consultation=consultation,
            actor=resident,
            unit_id=unit(other).pk,
            organisation=None,
            justification="Uwaga",
        )
    assert "unit" in error.value.message_dict


def test_comment_after_the_end_is_refused(tenant, official, resident):
    consultation = end_period(published(tenant, official))
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.submit_comment(
            consultation=consultation, actor=resident, unit_id=None, organisation=None, justification="x"
        )
    assert "not open" in str(error.value)


def test_comment_before_the_start_is_refused(tenant, official, resident):
    today = timezone.localdate()
    consultation = published(
        tenant, official, starts_on=today + dt.timedelta(days=3), ends_on=today + dt.timedelta(days=20)
    )
    assert phase(consultation) == "planned"
    with scope(tenant=tenant), pytest.raises(ValidationError):
        services.submit_comment(
            consultation=consultation, actor=resident, unit_id=None, organisation=None, justification="x"
        )


def test_resident_cannot_comment_when_the_audience_is_ngos(tenant, official, resident):
    consultation = published(tenant, official, audience="ngos")
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.submit_comment(
            consultation=consultation, actor=resident, unit_id=None, organisation=None, justification="x"
        )
    assert "organisation" in error.value.message_dict


def test_ngo_member_comments_on_behalf_of_own_organisation_only(tenant, official):
    consultation = published(tenant, official, audience="ngos")
    member, organisation = ngo_member(tenant=tenant)
    stranger = OrganisationFactory(listed_in=tenant)
    with scope(tenant=tenant):
        comment = services.submit_comment(
            consultation=consultation, actor=member, unit_id=None, organisation=organisation, justification="Uwaga"
        )
        assert comment.organisation == organisation
        with pytest.raises(ValidationError):
            services.submit_comment(
                consultation=consultation, actor=member, unit_id=None, organisation=stranger, justification="Uwaga 2"
            )


def test_spheres_audience_refuses_an_organisation_of_another_sphere(tenant, official):
    from pozytek.legal.models import SphereOfPublicTasks

    culture, sport = SphereOfPublicTasks.objects.all()[:2]
    consultation = draft(tenant, official, audience="ngo_spheres")
    with scope(tenant=tenant):
        consultation.spheres.set([culture])
        consultation = services.publish_consultation(consultation=consultation, actor=official)
    member, organisation = ngo_member(OrganisationFactory(listed_in=tenant, spheres=[sport]))
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.submit_comment(
            consultation=consultation, actor=member, unit_id=None, organisation=organisation, justification="x"
        )
    assert "spheres" in str(error.value)


def test_too_long_comment_is_refused_and_nothing_is_stored(tenant, official, resident):
    consultation = published(tenant, official)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as error:
            services.submit_comment(
                consultation=consultation,
                actor=resident,
                unit_id=None,
                organisation=None,
                justification="a" * (COMMENT_MAX_CHARS + 1),
            )
        assert "justification" in error.value.message_dict
        assert not Comment.objects.filter(consultation=consultation).exists()


def test_comment_text_is_stored_as_plain_text_without_nul(tenant, official, resident):
    consultation = published(tenant, official)
    with scope(tenant=tenant):
        comment = services.submit_comment(
            consultation=consultation,
            actor=resident,
            unit_id=None,
            organisation=None,
            justification="<script>alert(1)</script>\x00\r\nok",
        )
    assert comment.justification == "<script>alert(1)</script>\nok"


def _answerable(tenant, official, resident):
    consultation = published(tenant, official)
    with scope(tenant=tenant):
        first = services.submit_comment(
            consultation=consultation,
            actor=resident,
            unit_id=unit(consultation).pk,
            organisation=None,
            justification="A",
        )
        second = services.submit_comment(
            consultation=consultation,
            actor=UserFactory(),
            unit_id=unit(consultation).pk,
            organisation=None,
            justification="A too",
        )
    return end_period(consultation), first, second


def test_answers_only_after_the_end(tenant, official, resident):
    consultation = published(tenant, official)
    with scope(tenant=tenant):
        comment = services.submit_comment(
            consultation=consultation, actor=resident, unit_id=None, organisation=None, justification="A"
        )
        with pytest.raises(ValidationError):
            services.answer_comment(comment=comment, actor=official, response="accepted", reason="Tak")


def test_answering_closes_the_consultation_and_requires_a_reason(tenant, official, resident):
    consultation, first, _second = _answerable(tenant, official, resident)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as error:
            services.answer_comment(comment=first, actor=official, response="accepted", reason="  ")
        assert "response_reason" in error.value.message_dict
        services.answer_comment(comment=first, actor=official, response="partly", reason="Częściowo")
        consultation.refresh_from_db()
        assert consultation.state == ConsultationState.CLOSED
        first.refresh_from_db()
        assert (first.response, first.response_reason) == ("partly", "Częściowo")


def test_a_resident_cannot_answer(tenant, official, resident):
    _consultation, first, _second = _answerable(tenant, official, resident)
    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        services.answer_comment(comment=first, actor=resident, response="accepted", reason="Sam sobie")


def test_merge_then_report_needs_only_the_main_answer(tenant, official, resident, django_capture_on_commit_callbacks):
    consultation, first, second = _answerable(tenant, official, resident)
    with scope(tenant=tenant):
        services.merge_comment(comment=second, into=first, actor=official)
        with pytest.raises(TransitionBlocked):
            services.publish_report(consultation=consultation, actor=official)
        services.answer_comment(comment=first, actor=official, response="rejected", reason="Nie")
        with pytest.raises(ValidationError):
            services.answer_comment(comment=second, actor=official, response="accepted", reason="Tak")
        with django_capture_on_commit_callbacks(execute=True):
            reported = services.publish_report(consultation=consultation, actor=official, summary="Podsumowanie")
    assert reported.state == ConsultationState.REPORTED
    assert reported.report_published_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.author.email, second.author.email])


def test_merge_into_itself_or_another_consultation_is_refused(tenant, official, resident):
    _consultation, first, _second = _answerable(tenant, official, resident)
    _other, foreign, _ = _answerable(tenant, official, UserFactory())
    with scope(tenant=tenant):
        with pytest.raises(ValidationError):
            services.merge_comment(comment=first, into=first, actor=official)
        with pytest.raises(ValidationError):
            services.merge_comment(comment=first, into=foreign, actor=official)


def test_meeting_in_the_past_is_refused(tenant, official):
    consultation = draft(tenant, official)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.add_meeting(
            consultation=consultation, actor=official, starts_at=timezone.now() - dt.timedelta(hours=1), place="Ratusz"
        )
    assert "starts_at" in error.value.message_dict


def test_meeting_registration_respects_capacity(tenant, official, resident):
    consultation = draft(tenant, official, meetings=True)
    with scope(tenant=tenant):
        meeting = services.add_meeting(
            consultation=consultation,
            actor=official,
            starts_at=timezone.now() + dt.timedelta(days=3),
            place="Ratusz, sala 1",
            registration_required=True,
            capacity=1,
        )
        services.publish_consultation(consultation=consultation, actor=official)
        first = services.register_for_meeting(meeting=meeting, actor=resident, organisation=None)
        assert services.register_for_meeting(meeting=meeting, actor=resident, organisation=None) == first
        with pytest.raises(ValidationError, match="no places left"):
            services.register_for_meeting(meeting=meeting, actor=UserFactory(), organisation=None)


def test_survey_once_per_person_and_answers_checked(tenant, official, resident):
    consultation = draft(tenant, official, survey=True)
    with scope(tenant=tenant):
        services.set_questions(
            consultation=consultation,
            actor=official,
            questions=[
                {"text": "Czy popierasz?", "kind": "choice", "choices": "Tak\nNie"},
                {"text": "Uwagi", "kind": "text"},
            ],
        )
        services.publish_consultation(consultation=consultation, actor=official)
        q1, q2 = consultation.questions.all()
        with pytest.raises(ValidationError):
            services.submit_survey(
                consultation=consultation, actor=resident, organisation=None, answers={q1.pk: "Może"}
            )
        services.submit_survey(
            consultation=consultation, actor=resident, organisation=None, answers={q1.pk: "Tak", q2.pk: "ok"}
        )
        with pytest.raises(ValidationError, match="already"):
            services.submit_survey(consultation=consultation, actor=resident, organisation=None, answers={q1.pk: "Nie"})


def test_choice_question_needs_two_answers(tenant, official):
    consultation = draft(tenant, official, survey=True)
    with scope(tenant=tenant), pytest.raises(ValidationError):
        services.set_questions(
            consultation=consultation, actor=official, questions=[{"text": "?", "kind": "choice", "choices": "Tak"}]
        )


def test_units_cannot_be_replaced_after_publication(tenant, official):
    from pozytek.consultations.drafting import units_from_text

    consultation = published(tenant, official)
    with scope(tenant=tenant), pytest.raises(ValidationError):
        services.replace_units(consultation=consultation, actor=official, units=units_from_text("§ 1. Nowy"))


def test_another_tenants_staff_cannot_publish(tenant, other_tenant, official):
    from tests.conftest import with_totp
    from tests.factories.accounts import MembershipFactory

    outsider = with_totp(MembershipFactory(tenant=other_tenant).user)
    consultation = draft(tenant, official)
    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        services.publish_consultation(consultation=consultation, actor=outsider)
    with scope(tenant=tenant):
        assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.DRAFT
