"""Demo local initiative for Miasto Leszno (art. 19b–19h), written through the services.

1. The council's criteria (a sample resolution: social work weighs the most).
2. A residents' group's initiative of this season, done: four neighbours confirmed, scored and approved, the
   agreement in which the city buys plants and lends tools, the residents' work logged on three Saturdays, a
   photo, and its public done page (dates written as history).
3. A group's application submitted now, waiting for the office's assessment (on the office's dashboard).

Idempotent: nothing happens once the done initiative exists.
"""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.initiatives import services
from pozytek.initiatives.models import GroupMember, Initiative
from pozytek.initiatives.selectors import criteria_in_force, criteria_of
from pozytek.initiatives.states import ApplicantKind, ContributionKind, Provision, TaskArea, WorkKind
from pozytek.tenants.demo import DEMO_PASSWORD
from pozytek.tenants.models import Tenant

OFFICIAL = "urzednik.leszno@pozytek.localhost"
DONE_TITLE = "Zielony skwer przy ul. Lipowej"
OPEN_TITLE = "Plac zabaw na Zatorzu – odnowienie"
COORDINATOR = ("sasiedzi.lipowa@pozytek.localhost", "Maria Lipowa (mieszkanka Leszna)")
NEIGHBOURS = [
    ("Jan Kowalczyk", "jan.kowalczyk@pozytek.localhost"),
    ("Ewa Nowicka", "ewa.nowicka@pozytek.localhost"),
    ("Piotr Wiśniewski", "piotr.wisniewski@pozytek.localhost"),
]
OPEN_COORDINATOR = ("rodzice.zatorze@pozytek.localhost", "Tomasz Zatorski (mieszkaniec Leszna)")


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    return user


def _photo() -> SimpleUploadedFile:
    """A drawn picture of the square (green lawn, a bench, shrubs): the demo ships no binary files."""
    from PIL import Image, ImageDraw  # noqa: PLC0415 -- Pillow only for the demo's picture

    image = Image.new("RGB", (640, 400), (150, 200, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 230, 640, 400), fill=(90, 160, 70))
    draw.rectangle((250, 270, 390, 290), fill=(120, 80, 40))
    for x in range(40, 640, 90):
        draw.ellipse((x, 200, x + 60, 260), fill=(40, 120, 50))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("skwer-lipowa.png", buffer.getvalue(), content_type="image/png")


def _application(
    tenant: Tenant, coordinator: User, *, title: str, start: dt.date, neighbours: list[tuple[str, str]]
) -> Initiative:
    initiative = services.start_initiative(
        tenant=tenant, actor=coordinator, title=title, area=TaskArea.COMMUNITY, applicant_kind=ApplicantKind.GROUP
    )
    services.update_application(
        initiative=initiative,
        actor=coordinator,
        data={
            "description": "Mieszkańcy sami przygotują teren, posadzą krzewy i ustawią ławki; miasto kupi sadzonki "
            "i użyczy narzędzi. (dane przykładowe)",
            "place": "Leszno, skwer przy ul. Lipowej" if title == DONE_TITLE else "Leszno, osiedle Zatorze",
            "starts_on": start,
            "ends_on": start + dt.timedelta(days=75),
        },
    )
    for kind, description, work_kind, hours, value in (
        (ContributionKind.WORK, "Przygotowanie terenu i sadzenie", WorkKind.SIMPLE, Decimal(120), None),
        (ContributionKind.WORK, "Montaż ławek", WorkKind.SKILLED, Decimal(16), None),
        (ContributionKind.IN_KIND, "Sadzonki bylin z ogródków mieszkańców", "", None, Decimal(600)),
        (ContributionKind.CASH, "Zrzutka sąsiedzka na farbę", "", None, Decimal(300)),
    ):
        services.add_contribution(
            initiative=initiative,
            actor=coordinator,
            kind=kind,
            description=description,
            work_kind=work_kind,
            hours=hours,
            value=value,
        )
    for description, amount in (("Krzewy i drzewka (60 szt.)", "5400"), ("Ławki parkowe (2 szt.)", "3600")):
        services.add_estimate_item(
            initiative=initiative, actor=coordinator, description=description, amount=Decimal(amount)
        )
    for step, days in (("Przygotowanie terenu", 20), ("Sadzenie", 45), ("Montaż ławek i otwarcie skweru", 70)):
        services.add_milestone(
            initiative=initiative, actor=coordinator, title=step, due_on=start + dt.timedelta(days=days)
        )
    for name, email in neighbours:
        services.add_member(initiative=initiative, actor=coordinator, full_name=name, email=email)
    for member in GroupMember.objects.filter(initiative=initiative):
        services.confirm_member(member=member, adult=True, resident=True)
    return services.submit_initiative(initiative=initiative, actor=coordinator)


def load(*, admin: User) -> None:
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug="leszno").first()
        official = User.objects.filter(email=OFFICIAL).first()
        if tenant is None or official is None or Initiative.objects.filter(tenant=tenant, title=DONE_TITLE).exists():
            return
        today = timezone.localdate()
        if criteria_in_force(tenant) is None:
            services.save_criteria(
                tenant=tenant,
                actor=official,
                resolution_number="XXIV/310/2026 (przykład)",
                resolution_date=dt.date(today.year, 1, 28) if today >= dt.date(today.year, 2, 1) else today,
                effective_from=dt.date(today.year, 1, 1) if today >= dt.date(today.year, 2, 1) else today,
                procedure="Wnioski przyjmuje Biuro ds. Organizacji Pozarządowych przez cały rok; ocena w 30 dni. "
                "(dane przykładowe)",
                social_work_name="Wkład pracy społecznej mieszkańców",
                social_work_weight=40,
                criteria=[
                    ("Celowość dla społeczności lokalnej", 25),
                    ("Wkład rzeczowy i finansowy mieszkańców", 20),
                    ("Trwałość efektów", 15),
                ],
            )
        start = max(today - dt.timedelta(days=100), dt.date(today.year, 1, 1))
        coordinator = _user(*COORDINATOR)
        done = _application(tenant, coordinator, title=DONE_TITLE, start=start, neighbours=NEIGHBOURS)
        points = {c.pk: c.weight - (0 if c.social_work else 3) for c in criteria_of(done)}
        services.score_initiative(initiative=done, actor=official, points=points)
        services.decide_initiative(
            initiative=done,
            actor=official,
            approve=True,
            reason="Duży wkład pracy społecznej (136 godzin), skwer służy całemu osiedlu. (dane przykładowe)",
        )
        services.prepare_agreement(
            initiative=done,
            actor=official,
            data={
                "number": f"IL/1/{start.year}",
                "place_of_signing": "Leszno",
                "concluded_on": start,
                "starts_on": start,
                "ends_on": start + dt.timedelta(days=75),
                "office_representative": "Zastępca Prezydenta Miasta Leszna (przykład)",
                "residents_representative": COORDINATOR[1],
            },
        )
        for description, provision, value in (
            ("Krzewy i drzewka (60 szt.) – zakup", Provision.BUY, "5400"),
            ("Ławki parkowe (2 szt.) – zakup", Provision.BUY, "3600"),
            ("Narzędzia ogrodnicze i taczki – użyczenie z ZGM", Provision.LEND, "800"),
        ):
            services.add_office_item(
                initiative=done, actor=official, description=description, provision=provision, value=Decimal(value)
            )
        done = services.sign_agreement(initiative=done, actor=official)
        work = {c.description: c for c in done.contributions.all()}
        for days, hours in ((15, 48), (35, 44), (50, 28)):
            services.record_delivery(
                contribution=work["Przygotowanie terenu i sadzenie"],
                actor=official,
                on=start + dt.timedelta(days=days),
                hours=Decimal(hours),
                note="Sobota sąsiedzka",
            )
        services.record_delivery(
            contribution=work["Montaż ławek"], actor=official, on=start + dt.timedelta(days=68), hours=Decimal(16)
        )
        for description in ("Sadzonki bylin z ogródków mieszkańców", "Zrzutka sąsiedzka na farbę"):
            services.record_delivery(
                contribution=work[description],
                actor=official,
                on=start + dt.timedelta(days=40),
                value=work[description].value,
            )
        for milestone in done.milestones.all():
            services.mark_milestone_done(milestone=milestone, actor=official, done_on=min(milestone.due_on, today))
        services.add_photo(
            initiative=done, actor=official, upload=_photo(), caption="Skwer przy ul. Lipowej po pracach"
        )
        services.complete_initiative(
            initiative=done,
            actor=official,
            completed_on=min(start + dt.timedelta(days=72), today),
            public_summary="Sąsiedzi z ul. Lipowej w cztery soboty przygotowali teren, posadzili 60 krzewów i drzewek "
            "oraz ustawili dwie ławki. Miasto kupiło sadzonki i ławki oraz użyczyło narzędzi. (dane przykładowe)",
        )
        _application(
            tenant,
            _user(*OPEN_COORDINATOR),
            title=OPEN_TITLE,
            start=today + dt.timedelta(days=30),
            neighbours=[
                ("Karolina Zatorska", "karolina.zatorska@pozytek.localhost"),
                ("Adam Nowak", "adam.nowak@pozytek.localhost"),
            ],
        )
