"""Demo of the Sport Act route (art. 27–28 of the Act of 25 June 2010 on sport): a Leszno call on the
council's resolution, published, with one application of the demo sports club, the formal check and the
decision, so that the grants register shows one grant from the source "Sport Act call".

It runs through the same services as production (competitions, offers, evaluation); the offer period is
written as history (as the reports' demo does). It lives here, in the register's app, because the
competitions' own demo loads before the offers and the evaluation it needs. Idempotent: nothing happens
once the call exists.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.competitions.demo_data import CHECKLIST, CRITERIA, DEMO_NOTE
from pozytek.competitions.models import Call
from pozytek.competitions.services import close_call, create_call, publish_call
from pozytek.competitions.states import CallRoute
from pozytek.evaluation.demo_data import OFFICIAL, write_demo_offer
from pozytek.evaluation.services import decision, formal
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.offers import services as offer_services
from pozytek.offers.models import Offer
from pozytek.organisations.models import Organisation
from pozytek.tenants.models import Tenant

TITLE = "Wspieranie rozwoju sportu w Lesznie w {year} r."
RESOLUTION = "XL/512/{year}"
CLUB = "Klub Sportowy Leszno – przykład"
AUTHOR = "sport.leszno@pozytek.localhost"
APPLICATION: dict[str, Any] = {
    "title": "Szkolenie dzieci i młodzieży w sekcji lekkoatletycznej",
    "summary": "Treningi grup młodzieżowych trzy razy w tygodniu i udział w zawodach okręgowych.",
    "results": "120 treningów, 35 zawodników w wieku 10–17 lat, start w 6 zawodach.",
    "actions": [("Szkolenie sportowe", "Treningi z trenerem klubu i wyjazdy na zawody.")],
    "costs": [
        ("Szkolenie sportowe", "Wynagrodzenie trenera", "godz.", "120", "180"),
        ("Szkolenie sportowe", "Wynajem obiektu sportowego", "godz.", "80", "60"),
        ("Szkolenie sportowe", "Przejazdy na zawody", "wyjazd", "600", "6"),
        (None, "Obsługa administracyjna", "mies.", "200", "9"),
    ],
    "grant": "25000",
    "own_financial": "6800",
    "experience": "Klub od 1995 r. prowadzi szkolenie dzieci i młodzieży w lekkoatletyce.",
    "resources": "Dwóch trenerów z uprawnieniami, sprzęt treningowy klubu.",
}


def _call(official: User, tenant: Tenant, year: int) -> Call:
    today = timezone.localdate()
    local = timezone.localtime() + dt.timedelta(days=22)
    call = create_call(
        tenant=tenant,
        actor=official,
        data={
            "title": TITLE.format(year=year),
            "route": CallRoute.SPORT,
            "resolution_number": RESOLUTION.format(year=today.year),
            "resolution_date": today - dt.timedelta(days=30),
            "task_type": "Wspieranie rozwoju sportu: szkolenie sportowe dzieci i młodzieży w klubach sportowych.",
            "mode": "support",
            "total_funds": Decimal("120000.00"),
            "award_rules": (
                "Dotacje celowe przyznaje Prezydent Miasta Leszna na warunkach uchwały Rady Miejskiej, po ocenie "
                f"komisji. {DEMO_NOTE}"
            ),
            "delivery_start": dt.date(year, 3, 1),
            "delivery_end": dt.date(year, 11, 30),
            "delivery_conditions": "Zadanie realizuje klub sportowy działający na terenie Leszna.",
            "offer_deadline": local.replace(hour=15, minute=0, second=0, microsecond=0),
            "procedure": "Ocena formalna w Wydziale Sportu, ocena merytoryczna komisji powołanej przez Prezydenta.",
            "choice_deadline": today + dt.timedelta(days=60),
            "previous_tasks": "W roku ubiegłym: 8 dotacji dla klubów, 110 000 zł (dane przykładowe).",
            "min_grant": Decimal("5000.00"),
            "max_grant": Decimal("40000.00"),
            "min_own_total": Decimal("10.00"),
            "admin_costs_cap": Decimal("10.00"),
            "required_attachments": "Statut",
            "eligible_entities": ["ngo"],
            "spheres": list(SphereOfPublicTasks.objects.filter(code__in=["17"])),
        },
        criteria=CRITERIA,
        checklist=CHECKLIST,
    )
    return publish_call(call=call, actor=official)


def load(*, admin: User) -> None:
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug="leszno").first()
        official = User.objects.filter(email=OFFICIAL).first()
        author = User.objects.filter(email=AUTHOR).first()
        club = Organisation.objects.filter(name=CLUB).first()
        if tenant is None or official is None or author is None or club is None:
            return
        if Call.objects.filter(
            tenant=tenant, route=CallRoute.SPORT, title__startswith="Wspieranie rozwoju sportu w Lesznie"
        ).exists():
            return
        # The season the call funds: next year from November, else this year.
        today = timezone.localdate()
        year = today.year + 1 if today.month >= 11 else today.year
        call = _call(official, tenant, year)
        offer = offer_services.start_offer(call=call, organisation=club, actor=author)
        offer = write_demo_offer(offer, author, APPLICATION)
        offer_services.submit_offer(offer=offer, actor=author)
        # History: the application period is over.
        Call.objects.filter(pk=call.pk).update(offer_deadline=timezone.now() - dt.timedelta(days=1))
        call = close_call(call=Call.objects.get(pk=call.pk), actor=official)
        items = [{"item": item.pk, "met": True, "note": ""} for item in call.checklist.order_by("order", "pk")]
        formal.check_offer(
            offer=Offer.objects.get(pk=offer.pk),
            actor=official,
            answers=items,
            sections=[],
            correction_deadline=None,
            reasons="",
        )
        decision.record_decision(
            call=Call.objects.get(pk=call.pk),
            actor=official,
            number=f"ZAR/SPORT/1/{today.year}",
            date=today,
            note="",
            amounts={offer.pk: Offer.objects.get(pk=offer.pk).requested_grant},
            reasons={offer.pk: ""},
        )
