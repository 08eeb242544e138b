"""Forming the commission: the office page, recruitment, nominations, members, appointment (H2)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.accounts.models import Role
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.evaluation.models import Commission, CommissionMember, Nomination, Recruitment
from pozytek.evaluation.services import commission as services
from pozytek.evaluation.states import CommissionState, MemberKind, MemberRole, RecruitmentState, WithoutNgoReason
from pozytek.organisations.models import OrganisationMember
from tests.conftest import login_with_mfa, with_totp
from tests.evaluation.commission_helpers import closed_call, commission_for, seat
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.competitions import default_sphere
from tests.factories.offers import ngo_member
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def data(tenant):
    return closed_call(tenant, offers=1)


@pytest.fixture
def commission(data):
    return commission_for(data.call)


def office_url(call, tenant_slug="testowo", action=""):
    return f"/{tenant_slug}/urzad/ocena/komisja/{call.pk}/{action}"


def recruitment_for(commission, *, deadline=None, actor=None):
    with scopes_disabled():
        return Recruitment.objects.create(
            tenant=commission.tenant,
            commission=commission,
            deadline=deadline or timezone.now() + dt.timedelta(days=7),
            opened_by=actor or UserFactory(),
        )


def nomination_for(recruitment, organisation=None, candidate=None):
    organisation = organisation or OrganisationFactory(listed_in=recruitment.tenant)
    candidate = candidate or with_totp(UserFactory())
    with scopes_disabled():
        return Nomination.objects.create(
            tenant=recruitment.tenant,
            recruitment=recruitment,
            organisation=organisation,
            candidate=candidate,
            nominated_by=candidate,
        )


# --- office page: access --------------------------------------------------------------------------


def test_official_opening_the_page_creates_the_commission_once(client, official, data):
    login_with_mfa(client, official)

    assert client.get(office_url(data.call)).status_code == 200
    assert client.get(office_url(data.call)).status_code == 200

    with scopes_disabled():
        assert Commission.objects.filter(call=data.call).count() == 1
        assert AuditEvent.objects.filter(action="commission.create").count() == 1


@pytest.mark.parametrize("who", ["anonymous", "resident", "ngo_member", "chair"])
def test_non_staff_cannot_open_the_office_page(client, data, who):
    if who != "anonymous":
        if who == "ngo_member":
            user = with_totp(data.authors[0])
        elif who == "chair":
            user = seat(commission_for(data.call), role=MemberRole.CHAIR).user
        else:
            user = with_totp(UserFactory())
        login_with_mfa(client, user)

    response = client.get(office_url(data.call))

    if who == "anonymous":
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
    else:
        assert response.status_code == 403


def test_another_tenants_call_is_not_found(client, data, other_tenant):
    stranger = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    login_with_mfa(client, stranger)

    assert client.get(office_url(data.call, "inna")).status_code == 404
    assert client.post(office_url(data.call, "inna", "powolaj/"), {}).status_code == 404


def test_the_page_flags_nominees_of_participating_organisations(client, official, data, commission):
    recruitment = recruitment_for(commission)
    participating = nomination_for(recruitment, organisation=data.offers[0].organisation)
    free = nomination_for(recruitment)
    login_with_mfa(client, official)

    html = client.get(office_url(data.call)).content.decode()

    assert f'id="nomination-{participating.pk}" data-excluded="true"' in html
    assert f'id="nomination-{free.pk}">' in html


# --- recruitment ----------------------------------------------------------------------------------


def test_open_recruitment_mails_each_organisation_of_the_calls_spheres_once(
    client, official, data, tenant, other_tenant, django_capture_on_commit_callbacks
):
    sphere = default_sphere()
    OrganisationFactory(listed_in=tenant, spheres=[sphere], email="klub@example.org")
    OrganisationFactory(listed_in=tenant, spheres=[sphere], email="")
    OrganisationFactory(listed_in=other_tenant, spheres=[sphere], email="obca@example.org")
    login_with_mfa(client, official)
    deadline = timezone.localtime() + dt.timedelta(days=5)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            office_url(data.call, action="nabor/"),
            {"recruitment-deadline": deadline.strftime("%Y-%m-%dT%H:%M"), "recruitment-description": "Zapraszamy"},
        )

    assert response.status_code == 302
    with scopes_disabled():
        recruitment = Recruitment.objects.get(commission__call=data.call)
    assert recruitment.state == RecruitmentState.OPEN
    assert [m.to for m in mail.outbox] == [["klub@example.org"]]
    assert f"/testowo/komisja/nabor/{recruitment.pk}/zglos/" in mail.outbox[0].body


def test_open_recruitment_refuses_a_past_deadline(client, official, data):
    login_with_mfa(client, official)
    past = timezone.localtime() - dt.timedelta(hours=1)

    response = client.post(
        office_url(data.call, action="nabor/"), {"recruitment-deadline": past.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 400
    assert "deadline" in response.context["recruitment_form"].errors
    with scopes_disabled():
        assert not Recruitment.objects.exists()


def test_open_recruitment_service_refuses_past_deadline_and_second_recruitment(official, commission):
    with scopes_disabled():
        with pytest.raises(ValidationError) as error:
            services.open_recruitment(
                commission=commission, actor=official, deadline=timezone.now() - dt.timedelta(seconds=1), description=""
            )
        assert "deadline" in error.value.message_dict
        services.open_recruitment(
            commission=commission, actor=official, deadline=timezone.now() + dt.timedelta(days=1), description=""
        )
        with pytest.raises(ValidationError):
            services.open_recruitment(
                commission=commission, actor=official, deadline=timezone.now() + dt.timedelta(days=2), description=""
            )


def test_close_recruitment_twice_gives_a_message(client, official, data, commission):
    recruitment = recruitment_for(commission)
    login_with_mfa(client, official)

    first = client.post(office_url(data.call, action="nabor/zamknij/"))
    second = client.post(office_url(data.call, action="nabor/zamknij/"))

    assert first.status_code == second.status_code == 302
    with scopes_disabled():
        recruitment.refresh_from_db()
    assert recruitment.state == RecruitmentState.CLOSED


# --- nominations ----------------------------------------------------------------------------------


def nominate_url(recruitment):
    return f"/testowo/komisja/nabor/{recruitment.pk}/zglos/"


@pytest.fixture
def keeper(tenant):
    """(user, organisation): an owner of an organisation not taking part in the call."""
    return ngo_member(tenant=tenant)


def test_an_organisation_nominates_one_candidate(client, commission, keeper):
    recruitment = recruitment_for(commission)
    user, organisation = keeper
    candidate = UserFactory(email="kandydat@example.org")
    client.force_login(user)

    first = client.post(
        nominate_url(recruitment),
        {"organisation": organisation.pk, "candidate_email": "Kandydat@example.org", "statement": "10 lat"},
    )
    second = client.post(
        nominate_url(recruitment), {"organisation": organisation.pk, "candidate_email": "kandydat@example.org"}
    )

    assert first.status_code == 302
    assert second.status_code == 400
    assert "organisation" in second.context["form"].errors
    with scopes_disabled():
        nomination = Nomination.objects.get()
    assert nomination.candidate == candidate and nomination.organisation == organisation
    assert nomination.statement == "10 lat"


def test_the_candidate_must_have_an_account(client, commission, keeper):
    recruitment = recruitment_for(commission)
    user, organisation = keeper
    client.force_login(user)

    response = client.post(
        nominate_url(recruitment), {"organisation": organisation.pk, "candidate_email": "nikt@example.org"}
    )

    assert response.status_code == 400
    assert "candidate_email" in response.context["form"].errors
    with scopes_disabled():
        assert not Nomination.objects.exists()


def test_no_nomination_after_the_deadline_or_closing(client, commission, keeper):
    recruitment = recruitment_for(commission)
    user, organisation = keeper
    candidate = UserFactory()
    client.force_login(user)
    with scopes_disabled():
        Recruitment.objects.filter(pk=recruitment.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))

    page = client.get(nominate_url(recruitment))
    response = client.post(
        nominate_url(recruitment), {"organisation": organisation.pk, "candidate_email": candidate.email}
    )

    assert page.status_code == 200 and page.context["form"] is None
    assert response.status_code == 400
    with scopes_disabled():
        assert not Nomination.objects.exists()
        Recruitment.objects.filter(pk=recruitment.pk).update(
            deadline=timezone.now() + dt.timedelta(days=1), state=RecruitmentState.CLOSED
        )
        recruitment.refresh_from_db()
        with pytest.raises(ValidationError):
            services.nominate_candidate(
                recruitment=recruitment,
                organisation=organisation,
                actor=user,
                candidate_email=candidate.email,
                statement="",
            )


def test_only_members_of_the_organisation_nominate(client, commission, keeper, tenant):
    recruitment = recruitment_for(commission)
    _owner, organisation = keeper
    outsider, own = ngo_member(tenant=tenant)
    candidate = UserFactory()

    client.force_login(outsider)  # a forged POST naming someone else's organisation
    forged = client.post(
        nominate_url(recruitment), {"organisation": organisation.pk, "candidate_email": candidate.email}
    )
    client.force_login(with_totp(UserFactory()))  # no organisation at all
    resident = client.get(nominate_url(recruitment))
    client.logout()
    anonymous = client.get(nominate_url(recruitment))

    assert forged.status_code == 400 and "organisation" in forged.context["form"].errors
    assert resident.status_code == 403
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"]
    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.nominate_candidate(
            recruitment=recruitment,
            organisation=organisation,
            actor=outsider,
            candidate_email=candidate.email,
            statement="",
        )
    assert own.pk != organisation.pk


def test_a_participating_organisation_may_nominate_with_a_warning(client, data, commission):
    recruitment = recruitment_for(commission)
    author = data.authors[0]
    organisation = data.offers[0].organisation
    candidate = UserFactory()
    client.force_login(author)

    page = client.get(nominate_url(recruitment))
    response = client.post(
        nominate_url(recruitment), {"organisation": organisation.pk, "candidate_email": candidate.email}, follow=True
    )

    assert 'id="participating-warning"' in page.content.decode()
    assert response.status_code == 200
    assert any(m.level_tag == "warning" for m in response.context["messages"])
    with scopes_disabled():
        assert Nomination.objects.filter(organisation=organisation).exists()


def test_another_tenants_recruitment_is_not_found(client, commission, keeper, other_tenant):
    recruitment = recruitment_for(commission)
    client.force_login(keeper[0])

    assert client.get(f"/inna/komisja/nabor/{recruitment.pk}/zglos/").status_code == 404


# --- members --------------------------------------------------------------------------------------


def add(commission, actor, **kwargs):
    defaults = {"user_email": "", "role": MemberRole.MEMBER, "kind": MemberKind.OFFICE, "represents": ""}
    with scope(tenant=commission.tenant):
        return services.add_member(commission=commission, actor=actor, **{**defaults, **kwargs})


def test_an_ngo_member_comes_only_from_a_nomination_of_a_non_participating_organisation(data, commission, official):
    recruitment = recruitment_for(commission)
    participating = nomination_for(recruitment, organisation=data.offers[0].organisation)
    free = nomination_for(recruitment)
    person = UserFactory()

    with pytest.raises(ValidationError) as no_nomination:
        add(commission, official, user_email=person.email, kind=MemberKind.NGO)
    with pytest.raises(ValidationError) as excluded:
        add(commission, official, kind=MemberKind.NGO, nomination=participating)
    member = add(commission, official, kind=MemberKind.NGO, nomination=free)

    assert "nomination" in no_nomination.value.message_dict
    assert "nomination" in excluded.value.message_dict
    assert member.user == free.candidate and member.represents == free.organisation.name


def test_one_chair_a_person_once_and_experts_advisory(commission, official):
    first, second = UserFactory(), UserFactory()
    chair = add(commission, official, user_email=first.email, role=MemberRole.CHAIR)

    with pytest.raises(ValidationError) as two_chairs:
        add(commission, official, user_email=second.email, role=MemberRole.CHAIR)
    with pytest.raises(ValidationError) as twice:
        add(commission, official, user_email=first.email)
    with pytest.raises(ValidationError) as expert_mismatch:
        add(commission, official, user_email=second.email, role=MemberRole.EXPERT, kind=MemberKind.OFFICE)
    with pytest.raises(ValidationError) as unknown:
        add(commission, official, user_email="nikt@example.org")

    assert chair.represents == commission.tenant.name
    assert "role" in two_chairs.value.message_dict
    assert "user_email" in twice.value.message_dict
    assert "role" in expert_mismatch.value.message_dict
    assert "user_email" in unknown.value.message_dict
    with scopes_disabled():
        assert CommissionMember.objects.count() == 1


def test_add_member_through_the_page_shows_field_errors(client, official, data, commission):
    login_with_mfa(client, official)
    person = UserFactory()

    bad = client.post(
        office_url(data.call, action="czlonkowie/"),
        {"member-user_email": "nikt@example.org", "member-role": "member", "member-kind": "office"},
    )
    forged = client.post(
        office_url(data.call, action="czlonkowie/"),
        {"member-user_email": person.email, "member-role": "boss", "member-kind": "office"},
    )
    good = client.post(
        office_url(data.call, action="czlonkowie/"),
        {"member-user_email": person.email, "member-role": "chair", "member-kind": "office"},
    )

    assert bad.status_code == 400 and "user_email" in bad.context["member_form"].errors
    assert forged.status_code == 400 and "role" in forged.context["member_form"].errors
    assert good.status_code == 302
    with scopes_disabled():
        assert CommissionMember.objects.get().role == MemberRole.CHAIR


def test_remove_member_only_while_forming(client, official, data, commission):
    member = seat(commission)
    other_commission_member = seat(commission_for(closed_call(commission.tenant, offers=0).call))
    login_with_mfa(client, official)

    foreign = client.post(office_url(data.call, action=f"czlonkowie/{other_commission_member.pk}/usun/"))
    removed = client.post(office_url(data.call, action=f"czlonkowie/{member.pk}/usun/"))

    assert foreign.status_code == 404
    assert removed.status_code == 302
    with scopes_disabled():
        assert not CommissionMember.objects.filter(pk=member.pk).exists()
        assert AuditEvent.objects.filter(action="commission.remove_member").exists()


# --- appointment ----------------------------------------------------------------------------------


def appoint(commission, actor, number="15/2027", date=None):
    with scope(tenant=commission.tenant):
        return services.appoint_commission(
            commission=commission, actor=actor, number=number, date=date or timezone.localdate()
        )


def test_appointment_needs_a_chair_an_office_member_and_ngo_members_or_a_reason(commission, official):
    with pytest.raises(TransitionBlocked) as empty:
        appoint(commission, official)
    seat(commission, role=MemberRole.CHAIR)
    with pytest.raises(TransitionBlocked) as without_ngo:
        appoint(commission, official)

    assert {p.section for p in empty.value.problems} == {"members", "without_ngo_reason"}
    assert {p.section for p in without_ngo.value.problems} == {"without_ngo_reason"}
    with scopes_disabled():
        commission.refresh_from_db()
    assert commission.state == CommissionState.FORMING
    assert commission.appointment_number == ""  # rolled back with the refused transition


def test_appointment_with_a_recorded_reason_mails_members(commission, official, django_capture_on_commit_callbacks):
    chair = seat(commission, role=MemberRole.CHAIR)
    expert = seat(commission, role=MemberRole.EXPERT, kind=MemberKind.EXPERT)
    with scope(tenant=commission.tenant):
        services.set_without_ngo_reason(
            commission=commission, actor=official, reason=WithoutNgoReason.NONE_NOMINATED, note="Brak zgłoszeń"
        )

    with django_capture_on_commit_callbacks(execute=True):
        appointed = appoint(commission, official)

    assert appointed.state == CommissionState.APPOINTED
    assert appointed.appointment_number == "15/2027"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([chair.user.email, expert.user.email])
    assert f"/testowo/komisja/{commission.pk}/" in mail.outbox[0].body
    with scopes_disabled():
        event = AuditEvent.objects.get(action="commission.appoint")
    assert event.data["to"] == CommissionState.APPOINTED


def test_appointment_with_an_ngo_member_through_the_page(client, official, data, commission):
    recruitment = recruitment_for(commission)
    nomination = nomination_for(recruitment)
    seat(commission, role=MemberRole.CHAIR)
    seat(commission, kind=MemberKind.NGO, user=nomination.candidate, nomination=nomination)
    login_with_mfa(client, official)
    today = timezone.localdate().isoformat()

    future = client.post(
        office_url(data.call, action="powolaj/"),
        {"appoint-number": "1/2027", "appoint-date": (timezone.localdate() + dt.timedelta(days=1)).isoformat()},
    )
    response = client.post(
        office_url(data.call, action="powolaj/"), {"appoint-number": "1/2027", "appoint-date": today}
    )
    again = client.post(office_url(data.call, action="powolaj/"), {"appoint-number": "1/2027", "appoint-date": today})

    assert future.status_code == 400 and "date" in future.context["appoint_form"].errors
    assert response.status_code == 302 and again.status_code == 302
    with scopes_disabled():
        commission.refresh_from_db()
        assert AuditEvent.objects.filter(action="commission.appoint").count() == 1
    assert commission.state == CommissionState.APPOINTED


def test_appointment_blocked_shows_problems_on_the_page(client, official, data, commission):
    login_with_mfa(client, official)

    response = client.post(
        office_url(data.call, action="powolaj/"),
        {"appoint-number": "1/2027", "appoint-date": timezone.localdate().isoformat()},
    )

    assert response.status_code == 400
    assert response.context["appoint_form"].non_field_errors()


def test_the_reason_without_ngo_members_is_refused_when_there_are_some(commission, official):
    recruitment = recruitment_for(commission)
    nomination = nomination_for(recruitment)
    seat(commission, kind=MemberKind.NGO, user=nomination.candidate, nomination=nomination)

    with scope(tenant=commission.tenant), pytest.raises(ValidationError) as error:
        services.set_without_ngo_reason(
            commission=commission, actor=official, reason=WithoutNgoReason.ALL_EXCLUDED, note=""
        )

    assert "reason" in error.value.message_dict


def test_composition_is_frozen_after_appointment(data, official):
    commission = commission_for(data.call, state=CommissionState.APPOINTED)
    member = seat(commission)

    with pytest.raises(ValidationError):
        add(commission, official, user_email=UserFactory().email)
    with scope(tenant=commission.tenant), pytest.raises(ValidationError):
        services.remove_member(member=member, actor=official)
    with pytest.raises(TransitionNotAllowed):
        appoint(commission, official)


def test_only_office_staff_form_the_commission(data, commission, tenant):
    outsider, _organisation = ngo_member(tenant=tenant)

    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        services.ensure_commission(call=data.call, actor=outsider)
    with pytest.raises(PermissionDenied):
        add(commission, outsider, user_email=outsider.email)
    with scopes_disabled():
        assert OrganisationMember.objects.filter(user=outsider).exists()
