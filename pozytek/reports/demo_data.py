"""Demo reports and settlements: last season's Leszno competition for seniors, from the call to settlement.

The tasks of the evaluation's demo competition run next summer, so nothing can be reported on them yet.
This module adds a competition whose tasks ran this year (April–October), through the same services as
production: call, offers, formal check, decision, agreements signed in March, tranches paid in April, and
final reports in three states: settled (nothing to return), accepted with an amount to return (a cost line
grew beyond the allowed share and part of the grant was not used), and submitted, awaiting the office's
review. Dates that lie in the past are written as history (the offer deadline, as the evaluation's demo
does). Idempotent: nothing happens once the call exists.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.agreements.demo_data import prepare_demo_agreement
from pozytek.agreements.models import Agreement, Tranche
from pozytek.agreements.services import agreements as agreement_services
from pozytek.competitions.demo_data import CHECKLIST, CRITERIA, DEMO_NOTE
from pozytek.competitions.models import Call
from pozytek.competitions.services import close_call, create_call, publish_call
from pozytek.evaluation.demo_data import OFFICIAL, write_demo_offer
from pozytek.evaluation.services import decision, formal
from pozytek.grants.models import Grant
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.offers import services as offer_services
from pozytek.offers.demo_data import DEMO_PDF
from pozytek.offers.models import Offer
from pozytek.organisations.models import Organisation
from pozytek.reports import services
from pozytek.reports.selectors import lines_of, results_of
from pozytek.tenants.models import Tenant

TITLE = "Aktywni seniorzy – zajęcia ruchowe i kulturalne dla osób starszych"
OFFERS: list[dict[str, Any]] = [
    {
        "author": "kultura.leszno@pozytek.localhost",
        "organisation": "Leszczyńskie Stowarzyszenie Kultury – przykład",
        "title": "Senioralne popołudnia z kulturą",
        "summary": "Cotygodniowe spotkania seniorów z muzyką, teatrem i warsztatami w domach kultury.",
        "results": "28 spotkań, co najmniej 60 stałych uczestników.",
        "actions": [("Spotkania z kulturą", "Koncerty kameralne, czytania teatralne i warsztaty.")],
        "costs": [
            ("Spotkania z kulturą", "Honoraria artystów", "spotkanie", "500", "28"),
            ("Spotkania z kulturą", "Materiały warsztatowe", "komplet", "100", "28"),
            ("Spotkania z kulturą", "Praca wolontariuszy", "godz.", "40", "50"),
            (None, "Koordynacja i księgowość", "mies.", "250", "7"),
        ],
        "grant": "15000",
        "own_financial": "3550",
        "own_personal": "2000",
        "experience": "Stowarzyszenie od 2010 r. prowadzi zajęcia kulturalne dla seniorów.",
        "resources": "Koordynatorka, sala w domu kultury, 8 wolontariuszy.",
    },
    {
        "author": "wolontariat.leszno@pozytek.localhost",
        "organisation": "Fundacja Wolontariatu Leszczyńskiego – przykład",
        "title": "Wolontariusze dla seniorów – odwiedziny i wsparcie",
        "summary": "Przeszkoleni wolontariusze odwiedzają samotnych seniorów i pomagają w codziennych sprawach.",
        "results": "30 przeszkolonych wolontariuszy, 50 seniorów objętych wsparciem.",
        "actions": [("Wsparcie wolontariackie", "Szkolenia wolontariuszy i regularne odwiedziny seniorów.")],
        "costs": [
            ("Wsparcie wolontariackie", "Prowadzenie szkoleń", "godz.", "200", "20"),
            ("Wsparcie wolontariackie", "Koordynator wolontariatu", "mies.", "1500", "7"),
            ("Wsparcie wolontariackie", "Praca wolontariuszy", "godz.", "40", "60"),
            (None, "Obsługa administracyjna", "mies.", "200", "7"),
        ],
        "grant": "13000",
        "own_financial": "2900",
        "own_personal": "2400",
        "experience": "Fundacja prowadzi Leszczyńskie Centrum Wolontariatu.",
        "resources": "Koordynatorka wolontariatu, baza 200 wolontariuszy.",
    },
    {
        "author": "sport.leszno@pozytek.localhost",
        "organisation": "Klub Sportowy Leszno – przykład",
        "title": "Senior w ruchu – gimnastyka i nordic walking",
        "summary": "Zajęcia ruchowe dwa razy w tygodniu w parkach Leszna, prowadzone przez trenerów klubu.",
        "results": "56 zajęć, co najmniej 40 uczestników.",
        "actions": [("Zajęcia ruchowe", "Gimnastyka i nordic walking z trenerem.")],
        "costs": [
            ("Zajęcia ruchowe", "Wynagrodzenie trenera", "godz.", "120", "112"),
            ("Zajęcia ruchowe", "Kijki i sprzęt", "komplet", "150", "20"),
            (None, "Obsługa administracyjna", "mies.", "200", "7"),
        ],
        "grant": "15000",
        "own_financial": "2840",
        "experience": "Klub prowadzi sekcje rekreacyjne dla dorosłych.",
        "resources": "Trenerzy klubu z uprawnieniami instruktora.",
    },
]


def _call(official: User, tenant: Tenant, year: int) -> Call:
    local = timezone.localtime() + dt.timedelta(days=22)
    call = create_call(
        tenant=tenant,
        actor=official,
        data={
            "title": TITLE,
            "task_type": "Działalność na rzecz osób w wieku emerytalnym: aktywność ruchowa i kulturalna seniorów.",
            "mode": "support",
            "total_funds": Decimal("50000.00"),
            "award_rules": f"Dotacje przyznaje Prezydent Miasta Leszna po zapoznaniu się z opinią komisji. {DEMO_NOTE}",
            "delivery_start": dt.date(year, 4, 1),
            "delivery_end": dt.date(year, 10, 31),
            "delivery_conditions": "Zajęcia w obiektach dostępnych dla osób z niepełnosprawnościami.",
            "offer_deadline": local.replace(hour=15, minute=30, second=0, microsecond=0),
            "procedure": "Ocena formalna w Biurze ds. Organizacji Pozarządowych, ocena merytoryczna komisji.",
            "choice_deadline": timezone.localdate() + dt.timedelta(days=60),
            "previous_tasks": "W roku ubiegłym: 3 zadania, 40 000 zł (dane przykładowe).",
            "min_grant": Decimal("5000.00"),
            "max_grant": Decimal("20000.00"),
            "min_own_total": Decimal("10.00"),
            "admin_costs_cap": Decimal("10.00"),
            "required_attachments": "Statut",
            "eligible_entities": ["ngo", "art3_3"],
            "spheres": list(SphereOfPublicTasks.objects.filter(code__in=["10"])),
        },
        criteria=CRITERIA,
        checklist=CHECKLIST,
    )
    return publish_call(call=call, actor=official)


def demo_agreement(grant: Grant, official: User, number: str, year: int) -> Agreement:
    agreement = prepare_demo_agreement(grant, official, number, tranches=[(dt.date(year, 4, 1), grant.amount_awarded)])
    agreement = agreement_services.sign_agreement(
        agreement=agreement,
        actor=official,
        concluded_on=dt.date(year, 3, 25),
        upload=ContentFile(DEMO_PDF, name="umowa-podpisana.pdf"),
    )
    for tranche in Tranche.objects.filter(agreement=agreement):
        agreement_services.record_payment(
            tranche=tranche, actor=official, paid_on=dt.date(year, 4, 2), amount=tranche.amount
        )
    return agreement


def demo_final_report(agreement: Agreement, author: User, *, overrun: str = "", unused: Decimal = Decimal(0)) -> Any:
    """A final report: costs as planned (the line named `overrun` 25% higher, paid from the grant, and
    `unused` of the grant not spent: the own financial contribution covers the difference)."""
    report = services.start_report(agreement=agreement, kind="final", year=None, actor=author)
    lines = lines_of(report)
    grant = report.planned_grant - unused
    actual = {line.pk: line.planned * (Decimal("1.25") if line.name == overrun else 1) for line in lines}
    total = sum(actual.values(), Decimal(0))
    grant_parts: dict[int, Decimal] = {}
    left = grant
    for line in lines:  # the grant spread over the lines in proportion, the rest on the last line
        part = min((actual[line.pk] * grant / total).quantize(Decimal("0.01")), left)
        grant_parts[line.pk] = part
        left -= part
    grant_parts[lines[-1].pk] += left
    sources = {
        "grant": grant,
        "own_personal": report.planned_own_personal,
        "own_in_kind": report.planned_own_in_kind,
        "beneficiary_fees": report.planned_beneficiary_fees,
        "other_public_funds": report.planned_other_public_funds,
    }
    sources["own_financial"] = total - sum(sources.values(), Decimal(0))
    data = services.ReportInput(
        texts={
            "results_summary": "Zadanie zrealizowano zgodnie z umową; rezultaty osiągnięto w pełni. (dane przykładowe)",
            "actions_description": "Działania prowadzono od kwietnia do października zgodnie z harmonogramem.",
            "documents_list": "FV 12/2026 – honoraria\nFV 27/2026 – materiały\nLista obecności uczestników",
        },
        statements=dict.fromkeys(services.STATEMENTS, True),
        lines={pk: (str(actual[pk]), str(grant_parts[pk])) for pk in actual},
        results={result.pk: "osiągnięto" for result in results_of(report)},
        sources={key: str(value) for key, value in sources.items()},
        other_revenue="0",
    )
    report = services.save_report(report=report, actor=author, data=data)
    return services.submit_report(report=report, actor=author)


def load(*, admin: User) -> None:
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug="leszno").first()
        official = User.objects.filter(email=OFFICIAL).first()
        found = {spec["author"]: User.objects.filter(email=spec["author"]).first() for spec in OFFERS}
        authors = {email: user for email, user in found.items() if user is not None}
        if tenant is None or official is None or len(authors) < len(found):
            return
        if Call.objects.filter(tenant=tenant, title=TITLE).exists():
            return
        # The last season whose tasks (April–October) are over: this year from November, else last year.
        today = timezone.localdate()
        year = today.year if today >= dt.date(today.year, 11, 1) else today.year - 1
        call = _call(official, tenant, year)
        offers = []
        for spec in OFFERS:
            author = authors[spec["author"]]
            organisation = Organisation.objects.get(name=spec["organisation"])
            offer = offer_services.start_offer(call=call, organisation=organisation, actor=author)
            offer = write_demo_offer(offer, author, spec)
            offer_services.submit_offer(offer=offer, actor=author)
            offers.append(offer)
        # History: the offer period ended in winter.
        Call.objects.filter(pk=call.pk).update(offer_deadline=timezone.now() - dt.timedelta(days=1))
        call = close_call(call=Call.objects.get(pk=call.pk), actor=official)
        items = [{"item": item.pk, "met": True, "note": ""} for item in call.checklist.order_by("order", "pk")]
        for offer in offers:
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
            number=f"ZAR/NGO/3/{year}",
            date=dt.date(year, 3, 15),
            note="",
            amounts={offer.pk: Offer.objects.get(pk=offer.pk).requested_grant for offer in offers},
            reasons={offer.pk: "" for offer in offers},
        )
        agreements = [
            demo_agreement(Grant.objects.get(offer=offer), official, f"WK.526.{10 + i}.{year}", year)
            for i, offer in enumerate(offers)
        ]
        culture, volunteers, sport = agreements
        settled = demo_final_report(culture, authors[OFFERS[0]["author"]])
        services.accept_report(report=settled, actor=official)
        services.settle_grant(agreement=culture, actor=official, returned_amount="0", returned_on=None)
        to_return = demo_final_report(
            volunteers, authors[OFFERS[1]["author"]], overrun="Prowadzenie szkoleń", unused=Decimal(500)
        )
        services.accept_report(report=to_return, actor=official)
        demo_final_report(sport, authors[OFFERS[2]["author"]])
