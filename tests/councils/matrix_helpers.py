"""A local government's councils at every stage, written through the services (for the permission matrix).

`prepare(tenant, official, people, name=…)` gives, in one tenant:

- `body`: an active council (its slug from `name`, so tenants differ) whose chair, secretary and an
  ordinary member are `people.chair`, `people.secretary`, `people.member` (the same persons in every
  tenant), with a fourth member without an account;
- `forming`: a body still being formed (not public);
- `held`: a meeting that took place, minutes recorded, with a public and a private document and a
  resolution adopted at it; `past`: a meeting that took place, minutes not yet recorded; `future`: a
  meeting still to come;
- `request`: a request for the council's opinion, pending; `call`: a call for candidates, open;
- of the team being formed, in which none of `people` holds a seat: `other_member` (without an account),
  `other_meeting` (taken place, no minutes) with a public document `other_document`, a resolution
  `other_act`, and `other_request` (pending).

The only direct writes are the ones the services cannot do in a test: the meetings that took place are
scheduled in the future and moved to the past (as demo_data.py does), and TOTP is activated for people.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope

from pozytek.councils.models import (
    Body,
    BodyAct,
    BodyMeeting,
    BodyMember,
    CandidateCall,
    MeetingDocument,
    OpinionRequest,
)
from pozytek.councils.services import acts, bodies, meetings, recruitment
from pozytek.councils.states import ActKind, BodyKind, MemberRole, MemberSide
from tests.conftest import with_totp
from tests.factories.accounts import UserFactory
from tests.factories.offers import ngo_member
from tests.factories.organisations import OrganisationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class People:
    """Everyone but the tenants' officials; the same persons sit in the councils of both tenants."""

    resident: object  # signed in, no roles, no organisation, no authenticator
    ngo: object  # keeps `organisation` (listed in tenant A)
    organisation: object
    chair: object  # with TOTP, as the body's officers and members
    secretary: object
    member: object
    superuser: object  # platform admin with TOTP

    @classmethod
    def create(cls, tenant) -> "People":
        ngo, organisation = ngo_member(tenant=tenant)
        return cls(
            resident=UserFactory(),
            ngo=ngo,
            organisation=organisation,
            chair=with_totp(UserFactory(full_name="Anna Przewodnicząca")),
            secretary=with_totp(UserFactory(full_name="Sława Sekretarz")),
            member=with_totp(UserFactory(full_name="Jan Członek")),
            superuser=with_totp(UserFactory(is_superuser=True, is_staff=True)),
        )


@dataclass
class Prepared:
    tenant: object
    official: object
    body: Body
    forming: Body
    member: BodyMember  # the ordinary member's seat in `body`
    held: BodyMeeting
    past: BodyMeeting
    future: BodyMeeting
    public_document: MeetingDocument
    private_document: MeetingDocument
    act: BodyAct
    request: OpinionRequest
    call: CandidateCall
    other_member: BodyMember
    other_meeting: BodyMeeting
    other_document: MeetingDocument
    other_act: BodyAct
    other_request: OpinionRequest


def _term() -> tuple[dt.date, dt.date]:
    start = timezone.localdate() - dt.timedelta(days=60)
    return start, start + dt.timedelta(days=3 * 365)


def _meeting(body: Body, official, title: str, *, days: int) -> BodyMeeting:
    """A meeting `days` from now (negative: in the past, scheduled in the future and moved there)."""
    meeting = meetings.schedule_meeting(
        body=body, actor=official, title=title, starts_at=timezone.now() + dt.timedelta(days=1), place="Ratusz"
    )
    BodyMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + dt.timedelta(days=days))
    return BodyMeeting.objects.get(pk=meeting.pk)


def prepare(tenant, official, people: People, *, name: str) -> Prepared:
    """Every stage of a council in `tenant` (see the module's docstring)."""
    start, end = _term()
    with scope(tenant=tenant):
        body = bodies.create_body(
            tenant=tenant,
            actor=official,
            kind=BodyKind.PUBLIC_BENEFIT_COUNCIL,
            name=name,
            term_start=start,
            term_end=end,
        )
        seats = [
            ("Anna Przewodnicząca", MemberSide.NGO, MemberRole.CHAIR, people.chair),
            ("Sława Sekretarz", MemberSide.EXECUTIVE, MemberRole.SECRETARY, people.secretary),
            ("Jan Członek", MemberSide.NGO, MemberRole.MEMBER, people.member),
            ("Piotr Urzędowy", MemberSide.EXECUTIVE, MemberRole.MEMBER, None),
        ]
        members = {}
        for full_name, side, role, user in seats:
            members[full_name] = bodies.add_member(
                body=body,
                actor=official,
                full_name=full_name,
                side=side,
                role=role,
                user=user,
                email=f"{full_name.split()[0].lower()}@{tenant.slug}.example",
                organisation=OrganisationFactory(listed_in=tenant) if side == MemberSide.NGO else None,
            )
        body = bodies.activate_body(body=body, actor=official)
        forming = bodies.create_body(
            tenant=tenant,
            actor=official,
            kind=BodyKind.JOINT_TEAM,
            name=f"Zespół – {name}",
            term_start=start,
            term_end=end,
        )

        held = _meeting(body, official, "I posiedzenie", days=-20)
        public_document = meetings.add_document(
            meeting=held, actor=official, title="Porządek", upload=SimpleUploadedFile("p.pdf", PDF), public=True
        )
        private_document = meetings.add_document(
            meeting=held, actor=official, title="Wewnętrzny", upload=SimpleUploadedFile("w.pdf", PDF), public=False
        )
        held = meetings.record_minutes(
            meeting=held,
            actor=official,
            minutes="Rada przyjęła porządek obrad.",
            present_member_ids=[m.pk for m in members.values()],
        )
        act = acts.adopt_act(
            body=body,
            actor=official,
            kind=ActKind.RESOLUTION,
            title="Uchwała w sprawie regulaminu",
            text="§ 1. Rada przyjmuje regulamin.",
            adopted_on=timezone.localdate() - dt.timedelta(days=20),
            meeting=held,
        )
        past = _meeting(body, official, "II posiedzenie", days=-1)
        future = _meeting(body, official, "III posiedzenie", days=10)
        request = acts.request_opinion(
            body=body, actor=official, subject="Projekt programu współpracy", delivered_on=timezone.localdate()
        )
        call = recruitment.open_call(
            body=body, actor=official, title="Nabór", seats=1, deadline=timezone.now() + dt.timedelta(days=7)
        )
        other_member = bodies.add_member(
            body=forming, actor=official, full_name="Olga Zespołowa", side=MemberSide.EXECUTIVE
        )
        other_meeting = _meeting(forming, official, "Spotkanie zespołu", days=-1)
        other_document = meetings.add_document(
            meeting=other_meeting, actor=official, title="Notatka", upload=SimpleUploadedFile("n.pdf", PDF), public=True
        )
        other_act = acts.adopt_act(
            body=forming,
            actor=official,
            kind=ActKind.RESOLUTION,
            title="Stanowisko zespołu",
            text="§ 1. Zespół przyjmuje stanowisko.",
            adopted_on=timezone.localdate(),
        )
        other_request = acts.request_opinion(
            body=forming, actor=official, subject="Projekt regulaminu", delivered_on=timezone.localdate()
        )
    return Prepared(
        tenant=tenant,
        official=official,
        body=body,
        forming=forming,
        member=members["Jan Członek"],
        held=held,
        past=past,
        future=future,
        public_document=public_document,
        private_document=private_document,
        act=act,
        request=request,
        call=call,
        other_member=other_member,
        other_meeting=other_meeting,
        other_document=other_document,
        other_act=other_act,
        other_request=other_request,
    )
