"""Demo small grants for Miasto Leszno (art. 19a), written through the services.

1. The rules and pools of last season and of the coming year (the funds planned for grants: the Leszno
   programme's 250 000 zł).
2. A small grant of last season, decided and settled: filed in May, published for comments, found
   purposeful after the window, contracted, reported on and settled (dates written as history, as the
   reports' demo does).
3. A small grant in its comment window now: filed today, published today for 7 days.

Idempotent: nothing happens once the open offer exists.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.agreements.demo_data import prepare_demo_agreement
from pozytek.agreements.models import Tranche
from pozytek.agreements.services import agreements as agreement_services
from pozytek.competitions.demo_data import DEMO_NOTE
from pozytek.competitions.states import CallMode
from pozytek.core.record_kinds import WARSAW
from pozytek.evaluation.demo_data import OFFICIAL
from pozytek.grants.models import Grant
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.offers import services as offer_services
from pozytek.offers.demo_data import DEMO_PDF, STATEMENTS
from pozytek.offers.models import Offer
from pozytek.offers.states import FundingRoute
from pozytek.organisations.models import Organisation
from pozytek.reports import services as report_services
from pozytek.reports.demo_data import demo_final_report
from pozytek.smallgrants.models import Publication
from pozytek.smallgrants.services import decide_small_grant, publish_for_comments, save_scheme
from pozytek.tenants.models import Tenant

HOW_TO_APPLY = (
    "Ofertę na zadanie o charakterze lokalnym (do 20 000 zł dotacji) składa się przez generator ofert, "
    "wybierając „Złóż ofertę w trybie małego grantu”. Biuro ds. Organizacji Pozarządowych publikuje ofertę na 7 dni "
    "do uwag, a po tym terminie Prezydent Miasta decyduje o celowości realizacji zadania. (dane przykładowe)"
)
OPEN_TITLE = "Sąsiedzki festyn na Zatorzu"
OPEN = {
    "author": "kultura.leszno@pozytek.localhost",
    "organisation": "Leszczyńskie Stowarzyszenie Kultury – przykład",
    "title": OPEN_TITLE,
    "summary": "Jednodniowy festyn sąsiedzki z koncertem, warsztatami dla dzieci i kiermaszem organizacji.",
    "results": "1 festyn, co najmniej 500 uczestników, 10 organizacji na kiermaszu.",
    "actions": [("Festyn sąsiedzki", "Przygotowanie i przeprowadzenie festynu na osiedlu Zatorze.")],
    # IV.1 of the simplified offer: type of cost, value, of which from the grant
    "costs": [
        ("Nagłośnienie i scena", "2500", "2500"),
        ("Honoraria prowadzących warsztaty (20 godz. × 150 zł)", "3000", "3000"),
        ("Praca wolontariuszy (40 godz. × 40 zł)", "1600", "0"),
        ("Koordynacja", "400", "0"),
    ],
    "grant": "5500",
    "own_financial": "400",
    "own_personal": "1600",
}
SETTLED = {
    "author": "wolontariat.leszno@pozytek.localhost",
    "organisation": "Fundacja Wolontariatu Leszczyńskiego – przykład",
    "title": "Wakacyjna akcja wolontariuszy w świetlicach osiedlowych",
    "summary": "Wolontariusze prowadzą zajęcia dla dzieci w trzech świetlicach przez wakacje.",
    "results": "3 świetlice, 36 dni zajęć, co najmniej 60 dzieci.",
    "actions": [("Zajęcia wakacyjne", "Zajęcia plastyczne, sportowe i czytelnicze w świetlicach.")],
    "costs": [
        ("Materiały plastyczne i sportowe (12 kompletów × 300 zł)", "3600", "3600"),
        ("Koordynator wolontariatu (3 mies. × 1200 zł)", "3600", "3600"),
        ("Praca wolontariuszy (60 godz. × 40 zł)", "2400", "0"),
        ("Obsługa księgowa (3 mies. × 200 zł)", "600", "600"),
    ],
    "grant": "7800",
    "own_financial": "400",
    "own_personal": "2000",
}


def load(*, admin: User) -> None:
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug="leszno").first()
        official = User.objects.filter(email=OFFICIAL).first()
        authors = {spec["author"]: User.objects.filter(email=spec["author"]).first() for spec in (OPEN, SETTLED)}
        if tenant is None or official is None or None in authors.values():
            return
        if Offer.objects.filter(tenant=tenant, title=OPEN_TITLE).exists():
            return
        today = timezone.localdate()
        season = today.year if today >= dt.date(today.year, 11, 1) else today.year - 1
        for year in sorted({season, today.year, today.year + 1}):
            save_scheme(
                tenant=tenant,
                year=year,
                actor=official,
                data={
                    "grants_budget": Decimal("250000.00"),
                    "how_to_apply": HOW_TO_APPLY,
                    "contact": "Biuro ds. Organizacji Pozarządowych, ngo@leszno.pl, 65 529 81 00",
                    "published": True,
                    "spheres": list(SphereOfPublicTasks.objects.filter(code__in=["16", "17", "27"])),
                },
            )
        _settled(tenant, official, authors[SETTLED["author"]], season)  # type: ignore[arg-type]
        _open(tenant, official, authors[OPEN["author"]], today)  # type: ignore[arg-type]


def _offer(tenant: Tenant, author: User, spec: dict[str, Any], start: dt.date, end: dt.date) -> Offer:
    offer = offer_services.start_offer(
        route=FundingRoute.SMALL_GRANT,
        tenant=tenant,
        organisation=Organisation.objects.get(name=spec["organisation"]),
        actor=author,
        mode=CallMode.SUPPORT,
        sphere=SphereOfPublicTasks.objects.filter(code="16").first(),
        title=spec["title"],
    )
    offer = _write_simplified(offer, author, spec, start, end)
    offer_services.submit_offer(offer=offer, actor=author)
    submitted: Offer = Offer.objects.get(pk=offer.pk)
    return submitted


def _save(offer: Offer, section: str, actor: User, **kwargs: Any) -> Offer:
    return offer_services.save_section(
        offer=offer, section=section, actor=actor, version=offer_services.section_version(offer, section), **kwargs
    )


def _write_simplified(offer: Offer, author: User, spec: dict[str, Any], start: dt.date, end: dt.date) -> Offer:
    """The simplified offer (Dz.U. 2018 poz. 2055) of a single organisation, section by section."""
    lead = offer.offerors.get(order=0)
    lead_row = {"id": lead.pk, **{f: getattr(lead, f) for f in offer_services.OFFEROR_FIELDS}}
    lead_row["address"] = lead_row["address"] or "ul. Przykładowa 1, 64-100 Leszno (adres przykładowy)"
    contact = {"contact_name": author.full_name, "contact_phone": "65 000 00 00", "contact_email": author.email}
    offer = _save(offer, "offerors", author, data=contact, rows=[lead_row])
    task = {
        "title": spec["title"],
        "start_date": start,
        "end_date": end,
        "summary": f"{spec['summary']} {DEMO_NOTE}",
        "expected_results": spec["results"],
    }
    offer = _save(offer, "task", author, data=task)
    period = f"{start:%d.%m}–{end:%d.%m.%Y}"
    actions = [{"name": name, "description": text, "period": period} for name, text in spec["actions"]]
    offer = _save(offer, "actions", author, rows=actions)
    costs = [{"name": name, "value": Decimal(value), "grant": Decimal(grant)} for name, value, grant in spec["costs"]]
    offer = _save(offer, "costs", author, rows=costs)
    sources = {
        "requested_grant": Decimal(spec["grant"]),
        "own_financial": Decimal(spec["own_financial"]),
        "own_personal": Decimal(spec["own_personal"]),
        "own_in_kind": None,
        "beneficiary_fees": None,
    }
    offer = _save(offer, "sources", author, data=sources)
    return _save(offer, "statements", author, data=STATEMENTS)


def _open(tenant: Tenant, official: User, author: User, today: dt.date) -> None:
    start = dt.date(today.year + 1, 6, 13)
    offer = _offer(tenant, author, OPEN, start, start)
    publish_for_comments(publication=Publication.objects.get(offer=offer), actor=official)


def _settled(tenant: Tenant, official: User, author: User, year: int) -> None:
    offer = _offer(tenant, author, SETTLED, dt.date(year, 7, 1), dt.date(year, 8, 28))
    # History: filed on 5 May, published on 8 May for comments until 15 May.
    filed = dt.datetime(year, 5, 5, 10, 12, tzinfo=WARSAW)
    Offer.objects.filter(pk=offer.pk).update(submitted_at=filed)
    publication = Publication.objects.get(offer=offer)
    Publication.objects.filter(pk=publication.pk).update(received_on=filed.date())
    publication = publish_for_comments(publication=Publication.objects.get(pk=publication.pk), actor=official)
    Publication.objects.filter(pk=publication.pk).update(
        published_at=dt.datetime(year, 5, 8, 9, 0, tzinfo=WARSAW), comments_until=dt.date(year, 5, 15)
    )
    decide_small_grant(
        publication=Publication.objects.select_related("offer").get(pk=publication.pk),
        actor=official,
        purposeful=True,
        reason="Zadanie odpowiada celom programu współpracy; uwag nie zgłoszono. (dane przykładowe)",
        number=f"ZAR/19a/4/{year}",
        date=dt.date(year, 5, 20),
    )
    grant = Grant.objects.get(offer=offer)
    agreement = prepare_demo_agreement(
        grant, official, f"WK.526.19a.1.{year}", tranches=[(dt.date(year, 7, 1), grant.amount_awarded)]
    )
    agreement = agreement_services.sign_agreement(
        agreement=agreement,
        actor=official,
        concluded_on=dt.date(year, 6, 20),
        upload=ContentFile(DEMO_PDF, name="umowa-podpisana.pdf"),
    )
    for tranche in Tranche.objects.filter(agreement=agreement):
        agreement_services.record_payment(
            tranche=tranche, actor=official, paid_on=dt.date(year, 7, 1), amount=tranche.amount
        )
    report = demo_final_report(agreement, author)
    report_services.accept_report(report=report, actor=official)
    report_services.settle_grant(agreement=agreement, actor=official, returned_amount="0", returned_on=None)
