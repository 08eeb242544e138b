"""Demo cooperation programmes for `load_demo_data`, typed in through the services.

* Poznań: the goals ↔ forms matrix of seed 000 (Załącznik nr 1 do uchwały Nr LVII/1066/VII/2017 Rady
  Miasta Poznania z dnia 21 listopada 2017 r., the programme for 2018) exactly as the seed prints it: nine
  goals, one form serving goals 1 and 9. Recorded as this year's programme, in force; the resolution's
  number and date are examples (the programme says so in how it was created and consulted).
* Leszno: the principles and groups of forms of seed 001 and the main goal and goals ↔ forms table of
  seed 002 (a form printed under several goals is one form serving them all), with priority tasks in the
  spheres of the demo's Leszno competitions and indicators computed from the platform's measures. This
  year's programme is adopted and in force; activities are recorded by hand under forms no module keeps
  yet; the report on this year (the year of the demo's competitions, consultation and council) is
  generated from those records and published, which closes the programme as reported; next year's draft
  starts as a copy of it.

Each form is bound to the record kinds the platform keeps (kinds not registered are left out, so the
demo loads whatever modules are installed; a form left with none is an "other recorded activity").
Amounts, resolution numbers and recorded activities are examples. Idempotent by title.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.core.record_kinds import measure, record_kind
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.organisations.models import Organisation
from pozytek.programmes.models import CooperationForm, Goal, Programme
from pozytek.programmes.services import programmes as services
from pozytek.programmes.services import reports
from pozytek.programmes.states import ActivityKind, ProgrammeKind
from pozytek.tenants.models import Tenant

DEMO_NOTE = "Dane demonstracyjne platformy Pożytek: kwoty, numery uchwał i działania są przykładowe."

COMPETITION = ("open_competition",)
COMMISSION = ("competition_commission",)
CONSULTATION = ("consultation",)
COUNCIL = ("council_act", "council_meeting")
DIRECTORY = ("directory_listing",)
OTHER = ("other_activity",)

# --- Poznań (seed 000) ------------------------------------------------------------------------------

POZNAN_SEED_RESOLUTION = "Nr LVII/1066/VII/2017 Rady Miasta Poznania z dnia 21 listopada 2017 r."

POZNAN_GOALS = [
    "Zwiększanie roli organizacji pozarządowych w realizacji zadań publicznych Miasta",
    "Stałe usprawnianie wzajemnej komunikacji między Urzędem Miasta a organizacjami pozarządowymi",
    "Zwiększanie udziału organizacji pozarządowych w konsultacjach ogłaszanych przez Miasto",
    "Ułatwianie procesu składania ofert i sprawozdań z realizacji zadań publicznych",
    "Zwiększanie roli Miasta w promocji działań organizacji pozarządowych",
    "Zwiększanie roli rad osiedli we współpracy z organizacjami pozarządowymi",
    "Tworzenie warunków do społecznej aktywności",
    (
        "Tworzenie warunków do współpracy między organizacjami pozarządowymi oraz nawiązywania relacji "
        "międzysektorowych organizacji z samorządem, biznesem, jednostkami naukowymi i podmiotami działającymi "
        "w ich otoczeniu"
    ),
    "Wspieranie stabilności organizacji pozarządowych oraz dbanie o ich rozwój",
]

POZNAN_INNOVATION = (
    "współpraca organizacji pozarządowych z Urzędem Miasta Poznania w procesie przygotowywania i realizacji "
    "innowacji społecznych"
)

# (text as the seed prints it, the goals it serves (1-based), the kinds of record it is bound to)
POZNAN_FORMS: list[tuple[str, tuple[int, ...], tuple[str, ...]]] = [
    (
        "zlecanie realizacji zadań publicznych organizacjom pozarządowym poprzez otwarte konkursy ofert, tryb "
        "pozakonkursowy, regranting, zakup usług (w tym wykorzystanie klauzul społecznych)",
        (1,),
        COMPETITION,
    ),
    (
        "udział przedstawicieli organizacji pozarządowych w opiniowaniu ofert w ramach otwartych konkursów ofert",
        (1,),
        COMMISSION,
    ),
    ("przygotowywanie i realizacja projektów partnerskich finansowanych ze środków zewnętrznych", (1,), OTHER),
    (POZNAN_INNOVATION, (1, 9), OTHER),
    ("partnerstwo pozafinansowe między Miastem a organizacjami pozarządowymi", (1,), OTHER),
    (
        "wzajemne informowanie o planach, zamierzeniach i kierunkach działań, w szczególności: współprowadzenie "
        "portalu Pozarządowy Poznań i profilu na Facebooku o tej samej nazwie, prowadzenie Poznańskiej Bazy "
        "Organizacji Pozarządowych, wysyłanie newslettera, zapewnienie funkcjonowania portalu dedykowanego "
        "wolontariatowi w Poznaniu",
        (2,),
        DIRECTORY + OTHER,
    ),
    (
        "funkcjonowanie ciał konsultacyjno-doradczych i inicjatywno-doradczych, w szczególności Poznańskiej Rady "
        "Działalności Pożytku Publicznego i Komisji Dialogu Obywatelskiego oraz stałe rozwijanie współpracy "
        "pomiędzy nimi",
        (3,),
        COUNCIL,
    ),
    (
        "współtworzenie i konsultowanie projektów aktów normatywnych z organizacjami pozarządowymi w dziedzinach "
        "dotyczących działalności statutowej danych organizacji pozarządowych na podstawie uchwały określającej "
        "szczegółowy sposób konsultowania",
        (3,),
        CONSULTATION,
    ),
    ("doradztwo i udzielanie pomocy merytorycznej organizacjom pozarządowym", (4,), OTHER),
    (
        "wzmacnianie kompetencji organizacji w zakresie składania ofert na realizację zadań publicznych",
        (4,),
        OTHER,
    ),
    (
        "obejmowanie patronatem Prezydenta i Poznańskiej Rady Działalności Pożytku Publicznego przedsięwzięć "
        "podejmowanych przez organizacje pozarządowe",
        (5,),
        OTHER,
    ),
    ("współrealizacja inicjatyw organizacji pozarządowych z radami osiedli", (6,), OTHER),
    ("realizacja przedsięwzięć z udziałem mieszkańców poprzez inicjatywę lokalną", (7,), OTHER),
    (
        "dbałość o rolę organizacji pozarządowych w estetyzacji i funkcjonowaniu społecznym przestrzeni publicznej",
        (7,),
        OTHER,
    ),
    (
        "umożliwienie nawiązywania partnerstw biznesu, organizacji pozarządowych, samorządu, jednostek naukowych "
        "i podmiotów działających w ich otoczeniu, na rzecz Miasta i jego mieszkańców",
        (8,),
        OTHER,
    ),
    (
        "udzielanie rekomendacji i listów intencyjnych organizacjom współpracującym z Urzędem Miasta Poznania, "
        "które ubiegają się o dofinansowanie projektów finansowanych z innych źródeł zewnętrznych",
        (9,),
        OTHER,
    ),
    (
        "zapewnienie ciągłości funkcjonowania Poznańskiego Centrum Wspierania Organizacji Pozarządowych "
        "i Wolontariatu oraz rozwijanie jego oferty szkoleniowej i doradczej",
        (9,),
        OTHER,
    ),
    (
        "udostępnianie/wynajmowanie wolnych lokali użytkowych, z uwzględnieniem różnej formy tytułu prawnego, "
        "w tym najmu na preferencyjnych warunkach, adekwatnie do zapisów obowiązującego programu dedykowanego "
        "organizacjom pozarządowym lub zgodnie z procedurami wynajmu obowiązującymi u dysponenta lokali",
        (9,),
        OTHER,
    ),
]

ACT_PRINCIPLES = (
    "Współpraca odbywa się na zasadach pomocniczości, suwerenności stron, partnerstwa, efektywności, uczciwej "
    "konkurencji i jawności (art. 5 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie)."
)

# --- Leszno (seeds 001 and 002) ---------------------------------------------------------------------

LESZNO_MAIN_GOAL = (
    "Celem głównym Programu jest rozwój społeczeństwa obywatelskiego oraz wspieranie różnych form i płaszczyzn "
    "współpracy międzysektorowej dla lepszego zaspokajania potrzeb i podnoszenia poziomu życia mieszkańców "
    "Leszna."
)

LESZNO_PRINCIPLES = "\n".join(
    [
        "Współpraca Miasta Leszna z organizacjami pozarządowymi odbywa się na zasadach:",
        (
            "Pomocniczości – zgodnie z którą Miasto przekazuje zadania do bezpośredniej realizacji organizacjom "
            "pozarządowym, które posiadają odpowiednie zasoby kadrowe oraz warunki organizacyjne i finansowe."
        ),
        (
            "Suwerenności stron – gwarantującej niezależność, prawo do wymiany opinii, równość, autonomię oraz "
            "własną reprezentację podmiotów realizujących Program."
        ),
        (
            "Partnerstwa – gwarantujące podejmowanie działań we współpracy opartej na wzajemnym szacunku, "
            "zaufaniu i uznaniu równorzędności stron."
        ),
        (
            "Efektywności – polegające na wspólnym dążeniu do osiągnięcia możliwie jak najlepszych efektów przy "
            "jak najmniejszych nakładach, przy równoczesnym poszanowaniu publicznych i prywatnych zasobów."
        ),
        (
            "Uczciwej konkurencji – zgodnie z którą wszystkie odpowiednio przygotowane podmioty mają szansę "
            "rywalizować o możliwość wykonywania zadań publicznych w oparciu o obiektywne kryteria."
        ),
        (
            "Jawności – gwarantującej fakt, że wszystkie aspekty współpracy są dostępne dla zainteresowanych, "
            "a wyniki współpracy są upowszechniane w sposób zapewniający dostęp do nich."
        ),
        (
            "Równości szans – wyrażającą się w dążeniu do określenia i uwzględnienia potrzeb grup "
            "dyskryminowanych oraz ich wzmocnienia i bezpośredniego włączenia w procesy podejmowania decyzji."
        ),
        (
            "Współodpowiedzialności – rozumianej jako wspólne dążenie do polepszania życia mieszkańców Leszna "
            "poprzez odpowiedzialność względem partnerów za działania podejmowane przez sektor pozarządowy "
            "i administrację samorządową. Wszelkie podejmowane wspólnie działania wiążą się tym samym "
            "z ponoszeniem przez partnerów współpracy odpowiedzialności względem mieszkańców."
        ),
        "Solidarności – dobro wspólne stanowi wartość nadrzędną nad partykularnymi interesami partnerów.",
    ]
)

LESZNO_IMPLEMENTATION = "\n".join(
    [
        (
            "Wzajemną współpracę podzielić można na dwie kategorie: współpracę finansową i pozafinansową "
            "(merytoryczną). Współpraca Miasta Leszna z organizacjami pozarządowymi odbywa się w szczególności "
            "w trzech grupach form:"
        ),
        (
            "1) współpraca w zakresie tworzenia polityk publicznych – konsultowanie aktów normatywnych, "
            "funkcjonowanie Rad powołanych przez Prezydenta Miasta Leszna, wspólne zespoły doradcze i inicjatywne, "
            "wzajemne informowanie się, portal dla organizacji, doradztwo, analiza sytuacji organizacji;"
        ),
        (
            "2) współpraca w zakresie realizacji zadań publicznych – zlecanie zadań w otwartych konkursach ofert, "
            "trybie pozakonkursowym i regrantingu (podstawowym trybem jest otwarty konkurs ofert), udział "
            "przedstawicieli organizacji w opiniowaniu ofert, projekty partnerskie, rekomendacje, inicjatywa "
            "lokalna;"
        ),
        (
            "3) infrastruktura współpracy i tworzenie warunków do społecznej aktywności – baza danych "
            "o organizacjach, promocja ich działalności i przekazywania 1,5% podatku, szkolenia, wymiana dobrych "
            "praktyk, udostępnianie lokali, patronaty i wyróżnienia Prezydenta Miasta Leszna, wolontariat."
        ),
        (
            "Program realizuje Prezydent Miasta Leszna przy pomocy Biura ds. Organizacji Pozarządowych oraz "
            "wydziałów i jednostek organizacyjnych Urzędu, w oparciu o Model Współpracy Administracji Publicznej "
            "i Organizacji Pozarządowych."
        ),
    ]
)

LESZNO_GOALS = [
    (
        "kształtowanie lokalnego społeczeństwa obywatelskiego rozumianego jako społeczność aktywne i zdolne do "
        "samoorganizacji oraz wzmacnianie leszczyńskiego sektora pozarządowego w celu wzrostu efektywności "
        "realizacji zadań publicznych przez organizacje pozarządowe"
    ),
    (
        "rozwój aktywności społecznej w zakresie podejmowania inicjatyw i działań na rzecz rozwiązywania "
        "problemów lokalnych i zaspokajania potrzeb mieszkańców Leszna, a także zwiększenie wpływu sektora "
        "pozarządowego w kreowanie polityki społecznej w Lesznie"
    ),
    (
        "tworzenie warunków do współpracy między organizacjami pozarządowymi oraz nawiązywania relacji "
        "międzysektorowych organizacji z samorządem, biznesem, jednostkami naukowymi i podmiotami działającymi "
        "w ich otoczeniu"
    ),
    (
        "umacnianie w świadomości społecznej poczucia odpowiedzialności za siebie i swoje otoczenie, w tym "
        "przestrzeń publiczną, wspólnotę lokalną oraz jej tradycje"
    ),
    (
        "rozwój edukacji obywatelskiej i patriotycznej poprzez realizację inicjatyw związanych ze 100-leciem "
        "powrotu Leszna do macierzy"
    ),
    (
        "stałe usprawnianie wzajemnej komunikacji między Urzędem Miasta Leszna, a organizacjami pozarządowymi "
        "oraz zwiększenie roli Miasta w promocji działań organizacji pozarządowych"
    ),
    "ułatwianie procesu składania ofert i sprawozdań z realizacji zadań publicznych",
    (
        "wzrost liczby partnerstw lokalnych i projektów partnerskich realizowanych w Mieście oraz zwiększenie "
        "aktywności organizacji w pozyskiwaniu środków zewnętrznych na realizację ich zadań statutowych"
    ),
    "wzmocnienie potencjału organizacji oraz rozwój i promocję wolontariatu",
]

LESZNO_TRAINING = (
    "inicjowanie lub współorganizowanie szkoleń wzmacniających organizacje pozarządowe działające na rzecz "
    "mieszkańców i Miasta Leszna"
)
LESZNO_PATRONAGE = (
    "obejmowanie patronatem Prezydenta Miasta Leszna przedsięwzięć organizowanych przez organizacje pozarządowe"
)
LESZNO_GOOD_PRACTICE = (
    "wymiana dobrych praktyk pomiędzy organizacjami pozarządowymi i organami samorządowymi Miasta Leszna"
)

# The table of seed 002: each form once, with every goal (1-based) under which the table prints it. The
# table breaks across pages; a cell continued on the next page is the same form. Under goal 3 the table
# prints two forms in one bullet ("wspieranie inicjatyw…; pośredniczenie…"), which it lists apart under
# goals 4, 6, 8 and 9: they are two forms here too. Under goal 9 the training form adds "w tym dotyczących
# stosowania społecznie odpowiedzialnych zamówień publicznych": printed differently, kept as its own form.
LESZNO_FORMS: list[tuple[str, tuple[int, ...], tuple[str, ...]]] = [
    (
        "zlecenie realizacji zadań publicznych organizacjom pozarządowym poprzez otwarte konkursy ofert, tryb "
        "pozakonkursowy, regranting, zakup usług; podstawowym trybem przekazywania środków finansowych "
        "organizacjom jest otwarty konkurs ofert, dopuszczalne jest stosowanie innych trybów w przypadkach "
        "wskazanych przez ustawę, a także zlecenie zadań na podstawie przepisów innych niż ustawa "
        "o działalności pożytku publicznego i o wolontariacie",
        (1,),
        COMPETITION,
    ),
    (LESZNO_TRAINING, (1, 7), OTHER),
    (
        "udział przedstawicieli organizacji pozarządowych w opiniowaniu ofert w ramach otwartych konkursów ofert",
        (2, 4),
        COMMISSION,
    ),
    (
        "konsultowanie z organizacjami pozarządowymi aktów normatywnych w dziedzinach dotyczących działalności "
        "statutowej tych organizacji",
        (2,),
        CONSULTATION,
    ),
    (
        "funkcjonowanie ciał konsultacyjno-doradczych oraz inicjatywno-doradczych, w szczególności powołanych "
        "przez Prezydenta Miasta Leszna Rad jako organów konsultacyjnych, opiniotwórczych, doradczych "
        "i inicjatywnych, których tryb funkcjonowania i zasady powoływania określają odrębne uchwały Rady "
        "Miejskiej Leszna oraz stałe rozwijanie współpracy pomiędzy nimi",
        (2, 4),
        COUNCIL,
    ),
    (
        "wypracowanie w razie potrzeby wspólnych stanowisk, opinii, projektów poprzez tworzenie wspólnych "
        "zespołów o charakterze doradczym i inicjatywnym złożonych m.in. z przedstawicieli organizacji "
        "pozarządowych oraz przedstawicieli właściwych organów administracji publicznej",
        (2, 4),
        OTHER,
    ),
    (
        "wspieranie inicjatyw obywatelskich i organizacji pozarządowych oraz procesów integracji sektora "
        "pozarządowego, m.in. poprzez wspólne organizowanie imprez mających na celu promocję działań "
        "podejmowanych przez te podmioty np. targów, festynów",
        (3, 4, 9),
        OTHER,
    ),
    (
        "pośredniczenie w nawiązywaniu kontaktów i współpracy pomiędzy organizacjami i poszczególnymi Wydziałami "
        "i Jednostkami Organizacyjnymi Urzędu Miasta Leszna",
        (3, 6, 8),
        OTHER,
    ),
    (
        "wspieranie w nawiązywaniu kontaktów zagranicznych z organizacjami o podobnym profilu działania, "
        "w szczególności z organizacjami w miastach partnerskich",
        (3, 8),
        OTHER,
    ),
    (
        "umożliwienie nawiązywania partnerstw trójsektorowych biznesu, organizacji pozarządowych i samorządu na "
        "rzecz Miasta Leszna i jego mieszkańców",
        (3, 8),
        OTHER,
    ),
    ("uczestnictwo oraz organizowanie wspólnych imprez, narad, spotkań, konferencji itp.", (3, 5), OTHER),
    (
        "wzajemne informowanie się o planowanych działaniach, inicjatywach i osiągniętych efektach poprzez "
        "stosowanie różnorodnych form komunikacji przedstawicieli administracji publicznej i organizacji "
        "pozarządowych",
        (3,),
        OTHER,
    ),
    (
        "realizacja przedsięwzięć z udziałem mieszkańców poprzez inicjatywę lokalną; szczegółowy tryb i kryteria "
        "oceny wniosków o realizację zadań publicznych w ramach inicjatyw lokalnych określa odrębna uchwała Rady "
        "Miejskiej Leszna",
        (5,),
        OTHER,
    ),
    ("prowadzenie i aktualizowanie bazy danych o organizacjach pozarządowych", (6,), DIRECTORY),
    ("promowanie działalności organizacji pozarządowych", (6, 9), OTHER),
    (
        "promowanie przekazywania 1% podatku dla organizacji pozarządowych, które działają na terenie Miasta "
        "Leszna lub na rzecz jego mieszkańców",
        (6, 9),
        OTHER,
    ),
    (LESZNO_GOOD_PRACTICE, (6, 7), OTHER),
    (
        "doskonalenie współpracy pomiędzy organizacjami a samorządem Miasta w zakresie merytorycznym, rzeczowym "
        "i lokalowym, wspieranie w długofalowym planowaniu działań",
        (6, 9),
        OTHER,
    ),
    (
        "udostępnianie lokali z miejskich zasobów lokalowych organizacjom pozarządowym i informowanie "
        "o możliwości pozyskania takich lokali",
        (6,),
        OTHER,
    ),
    ("doradztwo i udzielanie pomocy merytorycznej organizacjom pozarządowym", (7,), OTHER),
    (
        "przygotowywanie i realizacja projektów partnerskich finansowanych ze środków zewnętrznych, a także "
        "udzielanie informacji o racjonalnym wykorzystaniu i dysponowaniu środkami publicznymi",
        (8,),
        OTHER,
    ),
    (
        "udzielanie rekomendacji organizacjom współpracującym z Urzędem Miasta Leszna, które ubiegają się "
        "o dofinansowanie projektów finansowanych z innych źródeł zewnętrznych",
        (8,),
        OTHER,
    ),
    (
        "współpraca oraz udzielanie pomocy w zakresie dywersyfikowania źródeł finansowania – w szczególności "
        "poprzez informowanie o aktualnych konkursach",
        (8,),
        OTHER,
    ),
    ("analiza sytuacji organizacji pozarządowych", (9,), OTHER),
    (
        "prowadzenie portalu internetowego dla organizacji pozarządowych na stronie Urzędu Miasta Leszna "
        "i Miejskiego Ośrodka Pomocy Rodzinie oraz kont na portalach społecznościowych, jako profili tematycznie "
        "związanych z leszczyńskimi organizacjami pozarządowymi, a także rozwijanie nowych form dialogu",
        (9,),
        OTHER,
    ),
    ("wspieranie działalności na rzecz organizacji i promocji wolontariatu", (9,), OTHER),
    (
        f"{LESZNO_TRAINING}, w tym dotyczących stosowania społecznie odpowiedzialnych zamówień publicznych",
        (9,),
        OTHER,
    ),
    (LESZNO_PATRONAGE, (9,), OTHER),
    (
        "wyróżnianie przez Prezydenta Miasta Leszna najlepszych działaczy organizacji pozarządowych lub samych "
        "organizacji za wybitne osiągnięcia w zakresie działalności pożytku publicznego",
        (9,),
        OTHER,
    ),
]

LESZNO_ORGANISATIONS = {
    "culture": "Leszczyńskie Stowarzyszenie Kultury – przykład",
    "sport": "Klub Sportowy Leszno – przykład",
    "volunteers": "Fundacja Wolontariatu Leszczyńskiego – przykład",
    "neighbours": "Stowarzyszenie Zwykłe Sąsiedzi – przykład",
}


def _kinds(keys: tuple[str, ...]) -> list[str]:
    """The keys registered on this installation (a form with none left is an other recorded activity)."""
    found = [key for key in keys if record_kind(key) is not None]
    return found or list(OTHER)


def _measure(key: str) -> str:
    """The measure's key when a module registers it on this installation, else "" (entered by hand)."""
    return key if measure(key) is not None else ""


def _elements(city: str, body: str) -> dict[str, str]:
    return {
        "subject_scope": (
            "Przedmiotem współpracy są zadania publiczne określone w art. 4 ust. 1 ustawy o działalności pożytku "
            f"publicznego i o wolontariacie, należące do zadań własnych {city}."
        ),
        "evaluation_method": (
            "Realizację Programu ocenia się na podstawie wskaźników z wartością bazową i docelową, obliczanych "
            "z rejestrów prowadzonych na platformie (konkursy, oferty, dotacje, konsultacje, opinie Rady) "
            "i uzupełnianych przez Urząd. Sprawozdanie z realizacji Programu Prezydent przedkłada "
            f"{body} i publikuje w Biuletynie Informacji Publicznej do 31 maja roku następnego."
        ),
        "commission_rules": (
            "Komisje konkursowe powołuje Prezydent zarządzeniem. W skład komisji wchodzą przedstawiciele "
            "organu wykonawczego oraz osoby wskazane przez organizacje pozarządowe, z wyłączeniem osób "
            "reprezentujących organizacje biorące udział w konkursie (art. 15 ust. 2a–2d ustawy). Nabór "
            "kandydatów ogłasza się na platformie. Członkowie podpisują oświadczenie o braku przesłanek z art. 24 "
            "KPA; komisja ocenia oferty według kryteriów ogłoszenia i sporządza protokół."
        ),
    }


def _build(
    *,
    tenant: Tenant,
    official: User,
    data: dict[str, Any],
    goals: list[str],
    forms: list[tuple[str, tuple[int, ...], tuple[str, ...]]],
    tasks: list[tuple[str, str, Decimal]],
    indicators: list[dict[str, Any]],
) -> Programme:
    programme = services.create_programme(tenant=tenant, actor=official, data=data)
    goal_rows: list[Goal] = [services.add_goal(programme=programme, actor=official, text=text) for text in goals]
    for text, served, kinds in forms:
        services.add_form(
            programme=programme,
            actor=official,
            text=text,
            kinds=_kinds(kinds),
            goals=[goal_rows[n - 1] for n in served],
        )
    for code, title, funds in tasks:
        services.add_priority_task(
            programme=programme,
            actor=official,
            sphere=SphereOfPublicTasks.objects.filter(code=code, valid_from__lte=timezone.localdate())
            .order_by("-valid_from")
            .first(),
            title=title,
            planned_funds=funds,
        )
    for spec in indicators:
        values = dict(spec)
        goal_number = values.pop("goal", None)
        values["goal"] = goal_rows[goal_number - 1] if goal_number else None
        services.add_indicator(programme=programme, actor=official, data=values)
    return programme


def _in_force(programme: Programme, official: User, *, number: str, on: dt.date, body: str) -> Programme:
    programme = services.adopt_programme(
        programme=programme, actor=official, resolution_number=number, resolution_date=on, adopting_body=body
    )
    return services.bring_into_force(programme=programme, actor=official)


def _poznan(tenant: Tenant, official: User, year: int) -> None:
    title = f"Program współpracy Miasta Poznania z organizacjami pozarządowymi na rok {year}"
    if Programme.objects.filter(tenant=tenant, title=title).exists():
        return
    programme = _build(
        tenant=tenant,
        official=official,
        data={
            "kind": ProgrammeKind.ANNUAL,
            "title": title,
            "year_from": year,
            "planned_funds": Decimal("900000.00"),
            "adopting_body": "Rada Miasta Poznania",
            "main_goal": (
                "Budowanie partnerstwa między Miastem Poznań a organizacjami pozarządowymi oraz wzmacnianie ich "
                "roli w realizacji zadań publicznych Miasta, zgodnie z celami określonymi w tabeli celów i form "
                "współpracy."
            ),
            "principles": ACT_PRINCIPLES,
            "implementation": (
                "Program realizują Prezydent Miasta Poznania, wydziały i jednostki organizacyjne Urzędu we "
                "współpracy z Poznańską Radą Działalności Pożytku Publicznego i Komisjami Dialogu Obywatelskiego, "
                "w formach przypisanych do każdego celu."
            ),
            "creation_and_consultation": (
                "Cele i formy współpracy odpowiadają załącznikowi nr 1 do uchwały "
                f"{POZNAN_SEED_RESOLUTION} (program na rok 2018). Projekt konsultowano z organizacjami "
                "pozarządowymi i zaopiniowała go Poznańska Rada Działalności Pożytku Publicznego przed "
                f"wprowadzeniem platformy. {DEMO_NOTE}"
            ),
            **_elements("Miasta Poznania", "Radzie Miasta Poznania"),
        },
        goals=POZNAN_GOALS,
        forms=POZNAN_FORMS,
        tasks=[
            ("10", "Profilaktyka zdrowotna i aktywność fizyczna seniorów w dzielnicach", Decimal("240000.00")),
            ("17", "Upowszechnianie kultury fizycznej wśród dzieci i młodzieży", Decimal("150000.00")),
            ("6", "Promocja zdrowia i profilaktyka chorób cywilizacyjnych", Decimal("120000.00")),
        ],
        indicators=[
            {
                "name": "Liczba ofert złożonych w otwartych konkursach ofert",
                "unit": "szt.",
                "baseline": Decimal(40),
                "target": Decimal(50),
                "measure": _measure("offers.submitted"),
                "goal": 1,
            },
            {
                "name": "Liczba przeprowadzonych konsultacji z organizacjami",
                "unit": "szt.",
                "baseline": Decimal(6),
                "target": Decimal(8),
                "measure": _measure("consultations.held"),
                "goal": 3,
            },
            {
                "name": "Liczba przedsięwzięć objętych patronatem",
                "unit": "szt.",
                "baseline": Decimal(25),
                "target": Decimal(30),
                "goal": 5,
            },
        ],
    )
    _in_force(programme, official, number="XX/300/IX/2025 (przykład)", on=dt.date(year - 1, 11, 18), body="")


LESZNO_NARRATIVE = {
    "introduction": (
        "Sprawozdanie przedstawia realizację Programu współpracy Miasta Leszna z organizacjami pozarządowymi "
        "w roku {year}. Dane o konkursach, konsultacjach i pracach Rady pochodzą z rejestrów platformy; "
        "działania pozafinansowe wpisało Biuro ds. Organizacji Pozarządowych."
    ),
    "financial": (
        "Miasto ogłosiło otwarte konkursy ofert na działania na rzecz seniorów oraz w sferze kultury. "
        "Zadania dla seniorów zrealizowano od kwietnia do października, a ich sprawozdania końcowe są "
        "rozliczane; konkurs kulturalny dotyczy zadań realizowanych latem przyszłego roku."
    ),
    "non_financial": (
        "Projekt programu na kolejny rok skonsultowano z organizacjami i zaopiniowała go Leszczyńska Rada "
        "Działalności Pożytku Publicznego. Prezydent objął patronatem festyn organizacji, a Biuro "
        "zorganizowało szkolenie z rozliczania dotacji i spotkanie wymiany dobrych praktyk."
    ),
    "conclusions": (
        "Rada wnioskowała o zwiększenie środków na wkład własny do projektów zewnętrznych i o roczny "
        "harmonogram konkursów; wnioski uwzględniono w projekcie programu na kolejny rok."
    ),
}


def _leszno(tenant: Tenant, official: User, year: int) -> None:
    title = f"Program współpracy Miasta Leszna z organizacjami pozarządowymi na rok {year}"
    if Programme.objects.filter(tenant=tenant, title=title).exists():
        return
    programme = _build(
        tenant=tenant,
        official=official,
        data={
            "kind": ProgrammeKind.ANNUAL,
            "title": title,
            "year_from": year,
            "planned_funds": Decimal("250000.00"),
            "adopting_body": "Rada Miejska Leszna",
            "main_goal": LESZNO_MAIN_GOAL,
            "principles": LESZNO_PRINCIPLES,
            "implementation": LESZNO_IMPLEMENTATION,
            "creation_and_consultation": (
                "Projekt Programu skonsultowano z organizacjami pozarządowymi w trybie uchwały Rady Miejskiej "
                "Leszna nr XLVI/570/2010 z dnia 30.09.2010 r. i zaopiniowała go Leszczyńska Rada Działalności "
                f"Pożytku Publicznego, przed wprowadzeniem platformy. {DEMO_NOTE}"
            ),
            **_elements("Miasta Leszna", "Radzie Miejskiej Leszna"),
        },
        goals=LESZNO_GOALS,
        forms=LESZNO_FORMS,
        # The spheres of the demo's Leszno competitions (seniors; culture), and volunteering.
        tasks=[
            ("10", "Aktywność ruchowa i kulturalna osób starszych", Decimal("50000.00")),
            ("16", "Wydarzenia kulturalne i edukacja artystyczna w przestrzeni miasta", Decimal("140000.00")),
            ("27", "Leszczyńskie Centrum Wolontariatu – promocja i organizacja wolontariatu", Decimal("30000.00")),
        ],
        indicators=[
            {
                "name": "Liczba ofert złożonych w otwartych konkursach ofert",
                "unit": "szt.",
                "baseline": Decimal(4),
                "target": Decimal(6),
                "measure": _measure("offers.submitted"),
                "goal": 1,
            },
            {
                "name": "Kwota dotacji przyznanych organizacjom",
                "unit": "zł",
                "baseline": Decimal("40000.00"),
                "target": Decimal("60000.00"),
                "measure": _measure("grants.amount"),
                "goal": 1,
            },
            {
                "name": "Liczba konsultacji projektów aktów z organizacjami",
                "unit": "szt.",
                "baseline": Decimal(1),
                "target": Decimal(2),
                "measure": _measure("consultations.held"),
                "goal": 2,
            },
            {
                "name": "Liczba opinii Rady Działalności Pożytku Publicznego i innych ciał",
                "unit": "szt.",
                "baseline": Decimal(1),
                "target": Decimal(3),
                "measure": _measure("councils.opinions"),
                "goal": 2,
            },
            {
                "name": "Liczba szkoleń dla organizacji",
                "unit": "szt.",
                "baseline": Decimal(2),
                "target": Decimal(4),
                "goal": 7,
            },
        ],
    )
    programme = _in_force(programme, official, number="XX/250/2025 (przykład)", on=dt.date(year - 1, 11, 27), body="")
    _activities(programme, official, year)
    entered = programme.indicators.get(name="Liczba szkoleń dla organizacji")
    services.record_indicator_value(indicator=entered, actor=official, actual=Decimal(3))
    report = reports.start_report(programme=programme, actor=official, year=year)
    reports.save_narrative(
        report=report,
        actor=official,
        texts={key: text.format(year=year) for key, text in LESZNO_NARRATIVE.items()},
    )
    reports.publish_report(report=report, actor=official)
    services.copy_programme(source=Programme.objects.get(pk=programme.pk), actor=official, year_from=year + 1)


def _activities(programme: Programme, official: User, year: int) -> None:
    today = timezone.localdate()
    orgs = {key: Organisation.objects.filter(name=name).first() for key, name in LESZNO_ORGANISATIONS.items()}

    def form(text: str) -> CooperationForm:
        found: CooperationForm = programme.forms.get(text=text)
        return found

    def day(month: int, number: int) -> dt.date:
        return min(dt.date(year, month, number), today)

    # (form, goal it served, date, title, description, organisations)
    for text, goal, on, title, description, who in [
        (
            LESZNO_PATRONAGE,
            9,
            day(6, 13),
            "Patronat Prezydenta nad festynem „Leszno dla sąsiadów”",
            "Festyn organizacji pozarządowych na Rynku: stoiska organizacji, występy, zbiórka na rzecz świetlicy.",
            ("neighbours", "culture"),
        ),
        (
            LESZNO_TRAINING,
            7,
            day(3, 18),
            "Szkolenie: oferta i sprawozdanie z realizacji zadania publicznego",
            "Warsztaty dla 24 osób z 14 organizacji: generator ofert, kosztorys, rozliczenie dotacji.",
            ("volunteers", "sport", "culture"),
        ),
        (
            LESZNO_GOOD_PRACTICE,
            6,
            day(10, 8),
            "Spotkanie wymiany dobrych praktyk organizacji i wydziałów Urzędu",
            "Organizacje przedstawiły projekty z seniorami i wolontariuszami; wydziały – plan konkursów.",
            ("volunteers", "neighbours"),
        ),
    ]:
        chosen = form(text)
        services.record_activity(
            programme=programme,
            actor=official,
            form=chosen,
            goal=chosen.goals.get(position=goal),
            on=on,
            title=title,
            description=f"{description} (przykład)",
            organisations=[orgs[key] for key in who if orgs[key] is not None],
        )
    # A purchase of services with social clauses under the commissioning form (seed 002: "zakup usług").
    commissioning = programme.forms.get(position=1)
    services.record_activity(
        programme=programme,
        actor=official,
        form=commissioning,
        goal=commissioning.goals.order_by("position").first(),
        on=day(2, 2),
        ends_on=dt.date(year, 12, 31),
        title="Usługa opieki wytchnieniowej dla rodzin osób z niepełnosprawnościami",
        description="Zamówienie z klauzulą społeczną: zatrudnienie osób zagrożonych wykluczeniem (przykład)",
        kind=ActivityKind.SERVICE_PURCHASE,
        partner="Spółdzielnia Socjalna „Razem” w Lesznie (przykład)",
        value=Decimal("48000.00"),
        social_clauses=True,
        organisations=[orgs["volunteers"]] if orgs["volunteers"] is not None else [],
    )


def load(*, admin: User) -> None:
    """Poznań's and Leszno's programmes for this year, Leszno's report and next year's draft; idempotent."""
    year = timezone.localdate().year
    with scopes_disabled():
        for slug, email, build in (
            ("poznan", "urzednik.poznan@pozytek.localhost", _poznan),
            ("leszno", "urzednik.leszno@pozytek.localhost", _leszno),
        ):
            tenant = Tenant.objects.filter(slug=slug).first()
            official = User.objects.filter(email=email).first()
            if tenant is not None and official is not None:
                build(tenant, official, year)
