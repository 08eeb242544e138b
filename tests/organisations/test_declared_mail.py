"""The e-mails of a proposed change's transitions (declared in organisations/transitions.py): the members
hear of the office's decision, with the profile as changed or the reason for refusing."""

import pytest
from django.core import mail

from pozytek.core.workflow import TransitionNotAllowed
from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.services import accept_change, refuse_change, update_profile
from pozytek.organisations.states import MemberRole
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(tenant):
    user = UserFactory()
    organisation = OrganisationFactory(name="Fundacja Zdrowia", listed_in=tenant)
    OrganisationMember.objects.create(organisation=organisation, user=user, role=MemberRole.OWNER)
    return user, organisation


def test_the_members_hear_of_an_accepted_change_under_the_new_name(
    tenant, official, owner, django_capture_on_commit_callbacks
):
    user, organisation = owner
    change = update_profile(organisation=organisation, actor=user, data={"name": "Fundacja Zdrowia i Sportu"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accept_change(tenant=tenant, change=change, actor=official)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "Fundacja Zdrowia i Sportu" in mail.outbox[0].subject


def test_the_members_hear_why_a_change_was_refused_once(tenant, official, owner, django_capture_on_commit_callbacks):
    user, organisation = owner
    change = update_profile(organisation=organisation, actor=user, data={"name": "Inna nazwa"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refuse_change(tenant=tenant, change=change, actor=official, reason="Nazwa niezgodna z KRS")
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "Nazwa niezgodna z KRS" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionNotAllowed):
        refuse_change(tenant=tenant, change=change, actor=official, reason="Drugi powód")
    change.refresh_from_db()
    assert (change.reason, mail.outbox) == ("Nazwa niezgodna z KRS", [])
