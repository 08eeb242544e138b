"""A consultation addressed to a council: only its current members take part; they are told on publication."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from pozytek.consultations import services
from pozytek.core.workflow import TransitionBlocked
from pozytek.councils.models import Body, BodyMember
from tests.consultations.consultation_helpers import draft
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _council(tenant, *, member=None, former=None):
    today = timezone.localdate()
    with scope(tenant=tenant):
        body = Body.objects.create(
            tenant=tenant,
            kind="council",
            name="Rada Działalności Pożytku Publicznego",
            slug="rdpp",
            term_start=today - dt.timedelta(days=300),
            term_end=today + dt.timedelta(days=400),
        )
        if member is not None:
            BodyMember.objects.create(
                tenant=tenant,
                body=body,
                full_name=member.full_name,
                user=member,
                side="executive",
                term_start=today - dt.timedelta(days=300),
                term_end=today + dt.timedelta(days=400),
            )
        if former is not None:
            BodyMember.objects.create(
                tenant=tenant,
                body=body,
                full_name=former.full_name,
                user=former,
                side="executive",
                term_start=today - dt.timedelta(days=300),
                term_end=today - dt.timedelta(days=10),
            )
    return body


def test_council_must_be_chosen_before_publishing(tenant, official):
    consultation = draft(tenant, official, audience="council")
    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        services.publish_consultation(consultation=consultation, actor=official)
    assert "council" in {p.section for p in blocked.value.problems}


def test_only_current_members_comment_and_members_are_notified(
    tenant, official, resident, django_capture_on_commit_callbacks
):
    member, former = UserFactory(), UserFactory()
    body = _council(tenant, member=member, former=former)
    consultation = draft(tenant, official, audience="council", council=body)
    with scope(tenant=tenant):
        with django_capture_on_commit_callbacks(execute=True):
            consultation = services.publish_consultation(consultation=consultation, actor=official)
        assert [m.to for m in mail.outbox] == [[member.email]]
        comment = services.submit_comment(
            consultation=consultation, actor=member, unit_id=None, organisation=None, justification="Opinia członka"
        )
        assert comment.author == member
        for outsider in (former, resident):
            with pytest.raises(ValidationError, match="Only members of the council"):
                services.submit_comment(
                    consultation=consultation, actor=outsider, unit_id=None, organisation=None, justification="x"
                )


def test_a_council_of_another_tenant_is_refused(tenant, other_tenant, official):
    foreign = _council(other_tenant)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.create_consultation(
            tenant=tenant,
            actor=official,
            data={"title": "X", "audience": "council", "council": foreign},
        )
    assert "council" in error.value.message_dict


def test_office_form_offers_only_this_tenants_councils(client, tenant, other_tenant, official):
    from tests.conftest import login_with_mfa

    own, foreign = _council(tenant), _council(other_tenant)
    login_with_mfa(client, official)
    page = client.get("/testowo/urzad/konsultacje/nowa/").content.decode()
    select = page[page.index('name="council"') : page.index("</select>", page.index('name="council"'))]
    assert f'value="{own.pk}"' in select and f'value="{foreign.pk}"' not in select
    response = client.post(
        "/testowo/urzad/konsultacje/nowa/", {"title": "Rada", "audience": "council", "council": foreign.pk}
    )
    assert response.status_code == 400
