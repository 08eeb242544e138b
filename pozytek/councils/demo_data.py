"""Demo: the Leszno Public Benefit Council (Leszczyńska Rada Działalności Pożytku Publicznego), through the services.

Eight members, half from organisations (art. 41f); the secretary is the volunteering foundation's
president (wolontariat.leszno@…, who records opinions in /leszno/rady/sekretariat/). One meeting held a
month ago with attendance, minutes, a resolution and the opinion on the draft cooperation programme for
the coming year (linked to the consultation of the consultations demo when it exists), one meeting
scheduled, and one request for opinion already overdue. Idempotent: nothing is made twice.

The held meeting is scheduled through the service (in the future) and moved to its real date
afterwards: that is history, which the service rightly refuses to schedule.
"""

import datetime as dt

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.consultations.models import Consultation
from pozytek.councils.models import Body, BodyMeeting
from pozytek.councils.services import acts, bodies, meetings
from pozytek.councils.states import ActKind, BodyKind, MemberRole, MemberSide
from pozytek.organisations.models import Organisation
from pozytek.tenants.models import Tenant

NAME = "Leszczyńska Rada Działalności Pożytku Publicznego"
SLUG = "rdpp"
OFFICIAL = "urzednik.leszno@pozytek.localhost"
# (name, side, organisation name or None, note, role, account e-mail or None)
MEMBERS = [
    (
        "Katarzyna Wiśniewska",
        MemberSide.NGO,
        "Leszczyńskie Stowarzyszenie Kultury – przykład",
        "",
        MemberRole.CHAIR,
        "kultura.leszno@pozytek.localhost",
    ),
    (
        "Magdalena Kaczmarek",
        MemberSide.NGO,
        "Fundacja Wolontariatu Leszczyńskiego – przykład",
        "",
        MemberRole.SECRETARY,
        "wolontariat.leszno@pozytek.localhost",
    ),
    ("Tomasz Nowicki", MemberSide.NGO, "Klub Sportowy Leszno – przykład", "", MemberRole.MEMBER, None),
    ("Joanna Zielińska", MemberSide.NGO, "Stowarzyszenie Zwykłe Sąsiedzi – przykład", "", MemberRole.MEMBER, None),
    ("Piotr Kowalczyk", MemberSide.EXECUTIVE, None, "Biuro ds. Organizacji Pozarządowych", MemberRole.DEPUTY, None),
    ("Anna Lewandowska", MemberSide.EXECUTIVE, None, "Wydział Kultury i Sportu", MemberRole.MEMBER, None),
    ("Marek Szymański", MemberSide.MUNICIPAL_COUNCIL, None, "Komisja Kultury Rady Miejskiej", MemberRole.MEMBER, None),
    ("Ewa Dąbrowska", MemberSide.MUNICIPAL_COUNCIL, None, "Komisja Społeczna Rady Miejskiej", MemberRole.MEMBER, None),
]
MINUTES = """Posiedzenie otworzyła Przewodnicząca Rady, stwierdzając kworum (7 z 8 członków).

Ad 1. Rada przyjęła porządek obrad bez uwag.
Ad 2. Rada przyjęła uchwałę w sprawie regulaminu pracy Rady (7 głosów za, jednogłośnie).
Ad 3. Przedstawiciel Biura ds. Organizacji Pozarządowych omówił projekt programu współpracy. W dyskusji
zgłoszono wnioski o zwiększenie środków na wkład własny do projektów i o jawne harmonogramy konkursów.
Rada pozytywnie zaopiniowała projekt z uwagami (6 za, 1 wstrzymujący się).
Ad 4. Wolne wnioski: termin kolejnego posiedzenia zostanie uzgodniony drogą elektroniczną.

Protokołowała: Magdalena Kaczmarek, sekretarz Rady."""
OPINION = """Rada Działalności Pożytku Publicznego opiniuje pozytywnie projekt programu współpracy, wnosząc o:
1) zwiększenie puli środków na wkład własny organizacji do projektów zewnętrznych,
2) publikowanie rocznego harmonogramu otwartych konkursów ofert do 31 stycznia,
3) uwzględnienie w programie konsultacji z Radą projektów uchwał dotyczących organizacji."""


def load(*, admin: User) -> None:
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug="leszno").first()
        official = User.objects.filter(email=OFFICIAL).first()
        if tenant is None or official is None or Body.objects.filter(tenant=tenant, slug=SLUG).exists():
            return
        today = timezone.localdate()
        body = bodies.create_body(
            tenant=tenant,
            actor=official,
            kind=BodyKind.PUBLIC_BENEFIT_COUNCIL,
            name=NAME,
            slug=SLUG,
            term_start=dt.date(today.year - 1, 3, 1),
            term_end=dt.date(today.year + 2, 2, 28),
            legal_basis=(
                "art. 41e ustawy o działalności pożytku publicznego i o wolontariacie; uchwała Rady Miejskiej "
                "Leszna w sprawie trybu powoływania członków oraz organizacji i trybu działania Rady (przykład)"
            ),
            contact_email="ngo@leszno.pl",
            description=(
                "Organ konsultacyjny i opiniodawczy Prezydenta Miasta Leszna w sprawach współpracy "
                "z organizacjami pozarządowymi. Dane demonstracyjne."
            ),
        )
        for name, side, org_name, note, role, email in MEMBERS:
            bodies.add_member(
                body=body,
                actor=official,
                full_name=name,
                side=side,
                organisation=Organisation.objects.filter(name=org_name).first() if org_name else None,
                represents_note=note,
                role=role,
                user=User.objects.filter(email=email).first() if email else None,
                email=email or "",
            )
        body = bodies.activate_body(body=body, actor=official)
        _held_meeting(body, official, today)
        meetings.schedule_meeting(
            body=body,
            actor=official,
            title="II posiedzenie Rady",
            starts_at=timezone.now().replace(hour=16, minute=0, second=0, microsecond=0) + dt.timedelta(days=21),
            place="Ratusz, ul. Kazimierza Karasia 15, sala sesyjna",
            agenda="Otwarcie posiedzenia\nInformacja o wynikach otwartych konkursów ofert\nWolne wnioski",
        )
        acts.request_opinion(
            body=body,
            actor=official,
            subject="Projekt Strategii Rozwoju Miasta Leszna do 2035 roku (przykład)",
            delivered_on=today - dt.timedelta(days=20),
            description="Rada nie przedstawiła opinii w terminie: wniosek jest widoczny jako przeterminowany.",
        )


def _held_meeting(body: Body, official: User, today: dt.date) -> None:
    held_on = timezone.now().replace(hour=16, minute=0, second=0, microsecond=0) - dt.timedelta(days=30)
    meeting = meetings.schedule_meeting(
        body=body,
        actor=official,
        title="I posiedzenie Rady",
        starts_at=timezone.now() + dt.timedelta(days=1),
        place="Ratusz, ul. Kazimierza Karasia 15, sala sesyjna",
        agenda=(
            "Otwarcie posiedzenia i przyjęcie porządku obrad\n"
            "Uchwała w sprawie regulaminu pracy Rady\n"
            "Opinia o projekcie programu współpracy z organizacjami pozarządowymi\n"
            "Wolne wnioski"
        ),
    )
    BodyMeeting.objects.filter(pk=meeting.pk).update(starts_at=held_on)  # history (see the module docstring)
    meeting = BodyMeeting.objects.get(pk=meeting.pk)
    members = list(body.members.order_by("pk"))
    meetings.record_minutes(
        meeting=meeting, actor=official, minutes=MINUTES, present_member_ids=[m.pk for m in members[:7]]
    )
    adopted = held_on.date()
    acts.adopt_act(
        body=body,
        actor=official,
        kind=ActKind.RESOLUTION,
        title="Uchwała w sprawie przyjęcia regulaminu pracy Rady",
        text=(
            "§ 1. Rada przyjmuje regulamin pracy stanowiący załącznik do uchwały.\n"
            "§ 2. Uchwała wchodzi w życie z dniem podjęcia."
        ),
        adopted_on=adopted,
        meeting=meeting,
    )
    consultation = (
        Consultation.objects.filter(tenant=body.tenant, title__icontains="programu współpracy").order_by("-pk").first()
    )
    subject = (
        consultation.title
        if consultation
        else f"Projekt programu współpracy Miasta Leszna z organizacjami pozarządowymi na {today.year + 1} rok"
    )
    request = acts.request_opinion(
        body=body,
        actor=official,
        subject=subject,
        delivered_on=adopted - dt.timedelta(days=5),
        consultation=consultation,
    )
    secretary = User.objects.filter(email="wolontariat.leszno@pozytek.localhost").first() or official
    acts.record_opinion(
        request=request,
        actor=secretary,
        title=f"Opinia w sprawie projektu programu współpracy na {today.year + 1} rok",
        text=OPINION,
        adopted_on=adopted,
        meeting=meeting,
    )
