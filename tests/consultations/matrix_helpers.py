"""A local government's consultations in every state, written through the services (for the permission matrix).

`prepare(tenant, official, people)` gives, in one tenant:

- `open`: a consultation for organisations (audience "NGOs"), open now, with online comments, a survey,
  a meeting that needs registration (still to come), an attachment, and a comment of `people.ngo`'s
  organisation;
- `council`: a consultation addressed to the tenant's council, in which `people.councillor` holds a seat,
  with its own meeting (`council_meeting`) and a comment of the councillor (`council_comment`);
- `draft`: a draft with an attachment (not public);
- `reported`: a consultation for everyone whose period ended and whose report is published.

The only direct writes are the ones the services cannot do in a test: the period of `reported` is moved
to the past (consultation_helpers.end_period), and TOTP is activated for people.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.consultations import services
from pozytek.consultations.models import Attachment, Comment, Consultation, Meeting
from pozytek.councils.models import Body
from pozytek.councils.services import bodies
from pozytek.councils.states import BodyKind, MemberSide
from tests.conftest import with_totp
from tests.consultations.consultation_helpers import draft, end_period, published
from tests.factories.accounts import UserFactory
from tests.factories.offers import ngo_member, pdf_upload


@dataclass
class People:
    """Everyone but the tenants' officials."""

    resident: object  # signed in, no roles, no organisation, no authenticator
    ngo: object  # keeps `organisation` (listed in tenant A)
    organisation: object
    councillor: object  # holds a seat in the council of both tenants
    superuser: object  # platform admin with TOTP

    @classmethod
    def create(cls, tenant) -> "People":
        ngo, organisation = ngo_member(tenant=tenant)
        return cls(
            resident=UserFactory(),
            ngo=ngo,
            organisation=organisation,
            councillor=UserFactory(full_name="Rafał Radny"),
            superuser=with_totp(UserFactory(is_superuser=True, is_staff=True)),
        )


@dataclass
class Prepared:
    tenant: object
    official: object
    open: Consultation
    council: Consultation
    draft: Consultation
    reported: Consultation
    meeting: Meeting
    attachment: Attachment  # of `open`
    draft_attachment: Attachment  # of `draft`
    comment: Comment  # on `open`
    council_meeting: Meeting
    council_comment: Comment


def council_of(tenant, official, councillor) -> Body:
    today = timezone.localdate()
    with scope(tenant=tenant):
        body = bodies.create_body(
            tenant=tenant,
            actor=official,
            kind=BodyKind.PUBLIC_BENEFIT_COUNCIL,
            name="Rada Działalności Pożytku Publicznego",
            term_start=today - dt.timedelta(days=30),
            term_end=today + dt.timedelta(days=3 * 365),
        )
        bodies.add_member(
            body=body, actor=official, full_name="Rafał Radny", side=MemberSide.EXECUTIVE, user=councillor
        )
    return body


def prepare(tenant, official, people: People) -> Prepared:
    """Every state of a consultation in `tenant` (see the module's docstring)."""
    council = council_of(tenant, official, people.councillor)
    open_one = draft(tenant, official, title="Program współpracy", audience="ngos", survey=True, meetings=True)
    with scope(tenant=tenant):
        services.set_questions(
            consultation=open_one,
            actor=official,
            questions=[{"text": "Czy program jest potrzebny?", "kind": "choice", "choices": "Tak\nNie"}],
        )
        meeting = services.add_meeting(
            consultation=open_one,
            actor=official,
            starts_at=timezone.now() + dt.timedelta(days=3),
            place="Ratusz, sala 1",
            registration_required=True,
            capacity=20,
        )
        attachment = services.add_attachment(
            consultation=open_one, actor=official, title="Uzasadnienie", upload=pdf_upload()
        )
        open_one = services.publish_consultation(consultation=open_one, actor=official)
        comment = services.submit_comment(
            consultation=open_one,
            actor=people.ngo,
            unit_id=None,
            organisation=people.organisation,
            justification="Prosimy o więcej środków na wkład własny.",
        )
    council_one = draft(tenant, official, title="Regulamin rady", audience="council", council=council, meetings=True)
    with scope(tenant=tenant):
        council_meeting = services.add_meeting(
            consultation=council_one,
            actor=official,
            starts_at=timezone.now() + dt.timedelta(days=4),
            place="Ratusz, sala 2",
            registration_required=True,
        )
        council_one = services.publish_consultation(consultation=council_one, actor=official)
        council_comment = services.submit_comment(
            consultation=council_one, actor=people.councillor, unit_id=None, organisation=None, justification="Opinia."
        )
    draft_one = draft(tenant, official, title="Szkic")
    with scope(tenant=tenant):
        draft_attachment = services.add_attachment(
            consultation=draft_one, actor=official, title="Szkic uzasadnienia", upload=pdf_upload()
        )
    reported = end_period(published(tenant, official, title="Program na rok 2026"))
    with scope(tenant=tenant):
        reported = services.publish_report(consultation=reported, actor=official, summary="Bez uwag.")
    with scopes_disabled():
        open_one = Consultation.objects.get(pk=open_one.pk)
    return Prepared(
        tenant=tenant,
        official=official,
        open=open_one,
        council=council_one,
        draft=draft_one,
        reported=reported,
        meeting=meeting,
        attachment=attachment,
        draft_attachment=draft_attachment,
        comment=comment,
        council_meeting=council_meeting,
        council_comment=council_comment,
    )
