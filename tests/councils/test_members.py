"""Composition of bodies: terms, duplicates, roles and the art. 41f NGO half of the Council."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope

from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked
from pozytek.councils.selectors import ngo_balance
from pozytek.councils.services import bodies
from pozytek.councils.states import BodyKind, BodyState, MemberRole, MemberSide
from tests.councils.helpers import balanced_council, make_body
from tests.factories.organisations import OrganisationFactory


def test_member_twice_in_overlapping_term_is_refused(tenant, official):
    body = make_body(tenant, official)
    with scope(tenant=tenant):
        bodies.add_member(body=body, actor=official, full_name="Ewa Nowak", side=MemberSide.EXECUTIVE)
        with pytest.raises(ValidationError) as exc:
            bodies.add_member(body=body, actor=official, full_name="  ewa nowak ", side=MemberSide.EXECUTIVE)
        assert "overlapping" in exc.value.message_dict["full_name"][0]
        assert body.members.count() == 1


def test_same_person_again_after_the_first_membership_ended(tenant, official):
    body = make_body(tenant, official)
    with scope(tenant=tenant):
        first_end = body.term_start + dt.timedelta(days=100)
        bodies.add_member(
            body=body, actor=official, full_name="Ewa Nowak", side=MemberSide.EXECUTIVE, term_end=first_end
        )
        second = bodies.add_member(
            body=body,
            actor=official,
            full_name="Ewa Nowak",
            side=MemberSide.EXECUTIVE,
            term_start=first_end + dt.timedelta(days=1),
        )
        assert second.term_end == body.term_end


def test_term_beyond_the_body_term_is_refused(tenant, official):
    body = make_body(tenant, official)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as exc:
            bodies.add_member(
                body=body,
                actor=official,
                full_name="Ewa Nowak",
                side=MemberSide.EXECUTIVE,
                term_end=body.term_end + dt.timedelta(days=1),
            )
        assert "term_end" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            bodies.add_member(
                body=body,
                actor=official,
                full_name="Ewa Nowak",
                side=MemberSide.EXECUTIVE,
                term_start=body.term_start - dt.timedelta(days=1),
            )
        assert "term_start" in exc.value.message_dict


def test_ngo_member_needs_an_organisation(tenant, official):
    body = make_body(tenant, official)
    with scope(tenant=tenant), pytest.raises(ValidationError) as exc:
        bodies.add_member(body=body, actor=official, full_name="Ewa Nowak", side=MemberSide.NGO)
    assert "organisation" in exc.value.message_dict


def test_one_chair_at_a_time(tenant, official):
    body = make_body(tenant, official)
    with scope(tenant=tenant):
        bodies.add_member(body=body, actor=official, full_name="A", side=MemberSide.EXECUTIVE, role=MemberRole.CHAIR)
        with pytest.raises(ValidationError) as exc:
            bodies.add_member(
                body=body, actor=official, full_name="B", side=MemberSide.EXECUTIVE, role=MemberRole.CHAIR
            )
        assert "role" in exc.value.message_dict


def test_council_cannot_start_its_term_with_fewer_than_half_ngo_members(tenant, official):
    body = balanced_council(tenant, official, ngo=1, others=2, activate=False)
    with scope(tenant=tenant):
        assert ngo_balance(body).ngo == 1
        assert not ngo_balance(body).ok
        with pytest.raises(TransitionBlocked) as exc:
            bodies.activate_body(body=body, actor=official)
        assert "art. 41f" in str(exc.value)
        body.refresh_from_db()
        assert body.state == BodyState.FORMING
        bodies.add_member(
            body=body,
            actor=official,
            full_name="Druga Organizacja",
            side=MemberSide.NGO,
            organisation=OrganisationFactory(listed_in=tenant),
        )
        body = bodies.activate_body(body=body, actor=official)
        assert body.state == BodyState.ACTIVE


def test_dialogue_commission_has_no_ngo_half_rule(tenant, official):
    body = make_body(tenant, official, kind=BodyKind.DIALOGUE_COMMISSION, name="KDO ds. sportu")
    with scope(tenant=tenant):
        bodies.add_member(body=body, actor=official, full_name="A", side=MemberSide.EXECUTIVE, role=MemberRole.CHAIR)
        bodies.add_member(body=body, actor=official, full_name="B", side=MemberSide.EXECUTIVE)
        assert bodies.activate_body(body=body, actor=official).state == BodyState.ACTIVE


def test_active_council_refuses_a_member_that_breaks_the_half(tenant, official):
    body = balanced_council(tenant, official, ngo=2, others=2)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as exc:
            bodies.add_member(body=body, actor=official, full_name="Radny", side=MemberSide.MUNICIPAL_COUNCIL)
        assert "side" in exc.value.message_dict
        assert body.members.count() == 4


def test_active_council_refuses_ending_an_ngo_membership_that_breaks_the_half(tenant, official):
    body = balanced_council(tenant, official, ngo=2, others=2)
    with scope(tenant=tenant):
        ngo_member = body.members.filter(side=MemberSide.NGO).first()
        with pytest.raises(ValidationError) as exc:
            bodies.end_membership(
                member=ngo_member, actor=official, last_day=timezone.localdate() + dt.timedelta(days=10)
            )
        assert "art. 41f" in exc.value.message_dict["last_day"][0]
        ngo_member.refresh_from_db()
        assert ngo_member.term_end == body.term_end
        office_member = body.members.filter(side=MemberSide.EXECUTIVE, role=MemberRole.MEMBER).get()
        bodies.end_membership(member=office_member, actor=official, last_day=timezone.localdate())
        office_member.refresh_from_db()
        assert office_member.term_end == timezone.localdate()


def test_activation_needs_a_chair(tenant, official):
    body = make_body(tenant, official)
    with scope(tenant=tenant):
        bodies.add_member(
            body=body,
            actor=official,
            full_name="A",
            side=MemberSide.NGO,
            organisation=OrganisationFactory(listed_in=tenant),
        )
        with pytest.raises(TransitionBlocked) as exc:
            bodies.activate_body(body=body, actor=official)
        assert "chair" in str(exc.value)


def test_resident_cannot_add_members(tenant, official, resident):
    body = make_body(tenant, official)
    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        bodies.add_member(body=body, actor=resident, full_name="A", side=MemberSide.EXECUTIVE)


def test_changes_are_audited(tenant, official):
    balanced_council(tenant, official)
    actions = set(AuditEvent.objects.filter(tenant=tenant).values_list("action", flat=True))
    assert {"council.body.create", "council.member.add", "body.activate"} <= actions


def test_body_term_cannot_shrink_below_members(tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant), pytest.raises(ValidationError) as exc:
        bodies.update_body(body=body, actor=official, term_end=body.term_end - dt.timedelta(days=10))
    assert "term_end" in exc.value.message_dict


def test_update_member_checks_like_an_appointment(tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        chair = body.members.get(role=MemberRole.CHAIR)
        other = body.members.filter(side=MemberSide.NGO).exclude(pk=chair.pk).first()
        with pytest.raises(ValidationError) as exc:
            bodies.update_member(member=other, actor=official, role=MemberRole.CHAIR)
        assert "role" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            bodies.update_member(member=other, actor=official, full_name=chair.full_name)
        assert "full_name" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            bodies.update_member(member=other, actor=official, side=MemberSide.EXECUTIVE)
        assert "art. 41f" in exc.value.message_dict["side"][0]
        other.refresh_from_db()
        assert other.side == MemberSide.NGO
        updated = bodies.update_member(member=other, actor=official, role=MemberRole.DEPUTY, full_name="Nowe Nazwisko")
        assert (updated.role, updated.full_name) == (MemberRole.DEPUTY, "Nowe Nazwisko")


def test_remove_member_only_while_forming(tenant, official):
    body = balanced_council(tenant, official, activate=False)
    with scope(tenant=tenant):
        member = body.members.first()
        bodies.remove_member(member=member, actor=official)
        assert not body.members.filter(pk=member.pk).exists()
    body = balanced_council(tenant, official)
    with scope(tenant=tenant), pytest.raises(ValidationError):
        bodies.remove_member(member=body.members.first(), actor=official)
