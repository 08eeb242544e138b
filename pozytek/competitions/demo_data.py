"""Demo calls for `load_demo_data`, drawn from the priority areas of the seed programmes.

Each call is created and published through the services (audit events, the legal 21-day
guard), with dates relative to the day the demo is loaded; idempotent by title.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.competitions.models import Call
from pozytek.competitions.services import create_call, publish_call
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.tenants.models import Tenant

DEMO_NOTE = "Ogłoszenie przykładowe – dane demonstracyjne platformy Pożytek."


def _deadline(days: int) -> dt.datetime:
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=16, minute=0, second=0, microsecond=0)


def _base(title: str, task: str, *, funds: str, days: int, start: dt.date, end: dt.date) -> dict[str, Any]:
    return {
        "title": title,
        "task_type": task,
        "mode": "support",
        "total_funds": Decimal(funds),
        "award_rules": (
            "Dotacje przyznaje Prezydent po zapoznaniu się z opinią komisji konkursowej. Dotacja może być niższa "
            f"niż wnioskowana. {DEMO_NOTE}"
        ),
        "delivery_start": start,
        "delivery_end": end,
        "delivery_conditions": (
            "Zadanie realizuje się na terenie miasta, dla jego mieszkańców, z zachowaniem dostępności."
        ),
        "offer_deadline": _deadline(days),
        "procedure": (
            "Oceny formalnej dokonuje wydział; oceny merytorycznej komisja konkursowa z udziałem organizacji."
        ),
        "choice_deadline": (timezone.localdate() + dt.timedelta(days=days + 30)),
        "previous_tasks": "W roku bieżącym i ubiegłym zadania tego rodzaju zlecano w konkursach (dane przykładowe).",
        "min_grant": Decimal("5000.00"),
        "max_grant": Decimal("60000.00"),
        "min_own_total": Decimal("10.00"),
        "admin_costs_cap": Decimal("10.00"),
        "required_attachments": "Statut\nSprawozdanie merytoryczne za poprzedni rok",
        "eligible_entities": ["ngo", "art3_3"],
        # The announcement is the annex to the executive's order (zarządzenie), numbered as the offices do.
        "order_number": f"{100 + days}/{timezone.localdate().year}",
        "order_date": timezone.localdate(),
    }


CRITERIA = [
    {"name": "Możliwość realizacji zadania przez oferenta", "max_points": 10, "description": "Zasoby i doświadczenie."},
    {"name": "Kalkulacja kosztów", "max_points": 10, "description": "Rzetelność i celowość kosztów."},
    {"name": "Jakość proponowanych działań", "max_points": 15, "description": ""},
    {"name": "Wkład własny i praca wolontariuszy", "max_points": 5, "description": ""},
]
CHECKLIST = [
    {"text": "Oferta złożona w terminie", "correctable": False},
    {"text": "Oferent uprawniony do udziału w konkursie", "correctable": False},
    {"text": "Załączono statut", "correctable": True},
    {"text": "Oferta podpisana przez osoby uprawnione", "correctable": True},
]


def _calls() -> list[tuple[str, str, list[str], dict[str, Any], bool]]:
    year = timezone.localdate().year + 1
    return [
        (
            "poznan",
            "urzednik.poznan@pozytek.localhost",
            ["6", "10"],
            {
                **_base(
                    f"Zdrowy senior na osiedlu – profilaktyka i aktywność w latach {year}–{year + 1}",
                    "Programy profilaktyki zdrowotnej i aktywności fizycznej dla seniorów w dzielnicach.",
                    funds="240000.00",
                    days=25,
                    start=dt.date(year, 2, 1),
                    end=dt.date(year + 1, 11, 30),
                ),
                "requires_results_table": True,
            },
            True,
        ),
        (
            "poznan",
            "urzednik.poznan@pozytek.localhost",
            ["17"],
            _base(
                f"Upowszechnianie kultury fizycznej wśród dzieci i młodzieży w {year} r.",
                "Zajęcia sportowe i rekreacyjne dla dzieci i młodzieży szkolnej.",
                funds="150000.00",
                days=30,
                start=dt.date(year, 3, 1),
                end=dt.date(year, 12, 15),
            ),
            True,
        ),
        (
            "leszno",
            "urzednik.leszno@pozytek.localhost",
            ["16"],
            _base(
                f"Kultura, sztuka i ochrona dziedzictwa narodowego w {year} r.",
                "Wydarzenia kulturalne i edukacja artystyczna.",
                funds="80000.00",
                days=28,
                start=dt.date(year, 2, 15),
                end=dt.date(year, 12, 15),
            ),
            False,
        ),
        (
            "bialystok",
            "urzednik.bialystok@pozytek.localhost",
            ["32"],
            _base(
                f"Przeciwdziałanie uzależnieniom i patologiom społecznym w {year} r.",
                "Profilaktyka uzależnień wśród młodzieży, wsparcie rodzin.",
                funds="120000.00",
                days=22,
                start=dt.date(year, 1, 15),
                end=dt.date(year, 12, 20),
            ),
            True,
        ),
    ]


def load(*, admin: User) -> None:
    """Create the demo calls (drafts or published through the services); idempotent."""
    with scopes_disabled():
        for slug, official_email, spheres, data, publish in _calls():
            tenant = Tenant.objects.get(slug=slug)
            if Call.objects.filter(tenant=tenant, title=data["title"]).exists():
                continue
            official = User.objects.get(email=official_email)
            call = create_call(
                tenant=tenant,
                actor=official,
                data={**data, "spheres": list(SphereOfPublicTasks.objects.filter(code__in=spheres))},
                criteria=CRITERIA,
                checklist=CHECKLIST,
            )
            if publish:
                publish_call(call=call, actor=official)
