"""Reference data from DOMAIN.md: legal parameters, spheres of art. 4, legal forms.

Loaded by a data migration and by `sync_reference_data()`; rows are matched on their natural
keys, so running it again changes nothing and never overwrites an admin's later rows.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

ACT = "ustawa z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie"
ACT_IN_FORCE = dt.date(2003, 6, 29)
AMENDMENT_2026 = dt.date(2026, 9, 1)
EARLIEST_NOTE = (
    "Wartość potwierdzona w tekście jednolitym (Dz.U. 2024 poz. 1491); data, od której obowiązuje, "
    "nie została sprawdzona — przyjęto wejście w życie ustawy."
)
AMENDMENT_NOTE = (
    "Podwyższenie według źródeł wtórnych (Dz.U. 2026 poz. 1040, od 1 września 2026 r.); "
    "sprawdzić w ISAP przed stosowaniem."
)

# key, name, unit, value, effective_from, legal basis, needs_verification, note
LEGAL_PARAMETERS: list[tuple[str, str, str, Decimal, dt.date, str, bool, str]] = [
    (
        "competition.offer_period_min_days",
        "Minimalny termin na składanie ofert od ostatniej publikacji ogłoszenia",
        "days",
        Decimal(21),
        ACT_IN_FORCE,
        "art. 13 ust. 1",
        False,
        "",
    ),
    (
        "competition.justification_request_days",
        "Termin na żądanie uzasadnienia wyboru lub odrzucenia oferty",
        "days",
        Decimal(30),
        ACT_IN_FORCE,
        "art. 15 ust. 2j",
        True,
        "Termin nie został potwierdzony w tekście ustawy.",
    ),
    (
        "competition.justification_answer_days",
        "Termin udzielenia odpowiedzi na żądanie uzasadnienia wyniku konkursu",
        "days",
        Decimal(14),
        ACT_IN_FORCE,
        "art. 15 ust. 2j",
        True,
        "Ustawa nie podaje terminu odpowiedzi; przyjęto 14 dni jako wartość domyślną. "
        "Samorząd może ustalić własny termin (np. w programie współpracy) jako własny wiersz parametru.",
    ),
    (
        "agreement.final_report_days",
        "Termin złożenia sprawozdania końcowego od dnia zakończenia realizacji zadania",
        "days",
        Decimal(30),
        ACT_IN_FORCE,
        "wzór umowy (Dz.U. 2018 poz. 2057)",
        True,
        "Termin ze wzoru umowy (praktyka), niepotwierdzony w tekście rozporządzenia; umowa może ustalić inny.",
    ),
    (
        "agreement.grant_use_days",
        "Termin wykorzystania dotacji od dnia zakończenia realizacji zadania",
        "days",
        Decimal(14),
        ACT_IN_FORCE,
        "wzór umowy (Dz.U. 2018 poz. 2057)",
        True,
        "Typowa wartość z wzoru umowy; nie później niż 31 grudnia roku budżetowego (art. 251 ustawy o finansach publicznych).",
    ),
    (
        "agreement.unused_return_days",
        "Termin zwrotu niewykorzystanej dotacji od upływu terminu jej wykorzystania",
        "days",
        Decimal(15),
        ACT_IN_FORCE,
        "art. 251 ust. 1 ustawy o finansach publicznych",
        True,
        "Według wzoru umowy i ustawy o finansach publicznych; sprawdzić przed stosowaniem.",
    ),
    (
        "agreement.default_cost_shift_percent",
        "Domyślny dopuszczalny wzrost pozycji kosztorysu finansowanej z dotacji",
        "percent",
        Decimal(10),
        ACT_IN_FORCE,
        "wzór umowy (Dz.U. 2018 poz. 2057), § 10",
        True,
        "Wartość wpisuje organ w umowie (zwykle 10–20%); to tylko wartość domyślna formularza.",
    ),
    (
        "agreement.year_unused_return_days",
        "Termin zwrotu dotacji niewykorzystanej do końca roku budżetowego, od 31 grudnia",
        "days",
        Decimal(31),
        ACT_IN_FORCE,
        "art. 251 ust. 1 ustawy o finansach publicznych",
        True,
        "Zwrot do 31 stycznia roku następnego (DOMAIN.md §5d); sprawdzić przed stosowaniem.",
    ),
    (
        "report.correction_days",
        "Termin na poprawienie lub uzupełnienie sprawozdania od dnia wezwania",
        "days",
        Decimal(7),
        ACT_IN_FORCE,
        "wzór umowy (Dz.U. 2018 poz. 2057)",
        True,
        "Praktyka wzoru umowy (7 dni), niepotwierdzona w tekście rozporządzenia; umowa może ustalić inny.",
    ),
    (
        "consultation.min_days",
        "Minimalny czas trwania konsultacji projektu aktu",
        "days",
        Decimal(7),
        ACT_IN_FORCE,
        "art. 5 ust. 5 (uchwała organu stanowiącego o sposobie konsultowania)",
        True,
        "Czas ustala uchwała samorządu o konsultacjach (zwykle 7–14 dni); samorząd wpisuje własny wiersz parametru.",
    ),
    (
        "agreement.max_years",
        "Maksymalny okres umowy wieloletniej",
        "years",
        Decimal(5),
        ACT_IN_FORCE,
        "art. 16",
        True,
        "Numer ustępu niepotwierdzony.",
    ),
    (
        "small_grant.max_amount",
        "Maksymalna kwota dotacji w trybie pozakonkursowym (na zadanie)",
        "pln",
        Decimal(10000),
        ACT_IN_FORCE,
        "art. 19a ust. 1 pkt 1",
        True,
        EARLIEST_NOTE,
    ),
    (
        "small_grant.max_amount",
        "Maksymalna kwota dotacji w trybie pozakonkursowym (na zadanie)",
        "pln",
        Decimal(20000),
        AMENDMENT_2026,
        "art. 19a ust. 1 pkt 1",
        True,
        AMENDMENT_NOTE,
    ),
    (
        "small_grant.max_duration_days",
        "Maksymalny czas realizacji zadania w trybie pozakonkursowym",
        "days",
        Decimal(90),
        ACT_IN_FORCE,
        "art. 19a ust. 1 pkt 2",
        True,
        EARLIEST_NOTE,
    ),
    (
        "small_grant.max_per_organisation_year",
        "Maksymalna suma dotacji dla jednej organizacji w roku kalendarzowym",
        "pln",
        Decimal(20000),
        ACT_IN_FORCE,
        "art. 19a ust. 4",
        True,
        EARLIEST_NOTE,
    ),
    (
        "small_grant.max_per_organisation_year",
        "Maksymalna suma dotacji dla jednej organizacji w roku kalendarzowym",
        "pln",
        Decimal(40000),
        AMENDMENT_2026,
        "art. 19a ust. 4",
        True,
        AMENDMENT_NOTE,
    ),
    (
        "small_grant.max_budget_share_percent",
        "Maksymalny udział trybu pozakonkursowego w środkach na dotacje",
        "percent",
        Decimal(20),
        ACT_IN_FORCE,
        "art. 19a ust. 8",
        True,
        EARLIEST_NOTE,
    ),
    (
        "small_grant.max_budget_share_percent",
        "Maksymalny udział trybu pozakonkursowego w środkach na dotacje",
        "percent",
        Decimal(30),
        AMENDMENT_2026,
        "art. 19a ust. 8",
        True,
        AMENDMENT_NOTE,
    ),
    (
        "small_grant.publication_working_days",
        "Termin zamieszczenia oferty w trybie pozakonkursowym od jej wpływu",
        "working_days",
        Decimal(7),
        ACT_IN_FORCE,
        "art. 19a ust. 3",
        False,
        "",
    ),
    (
        "small_grant.comment_period_days",
        "Termin na uwagi do oferty w trybie pozakonkursowym",
        "days",
        Decimal(7),
        ACT_IN_FORCE,
        "art. 19a ust. 5",
        False,
        "",
    ),
    (
        "council.opinion_days",
        "Termin na opinię rady działalności pożytku publicznego",
        "days",
        Decimal(14),
        ACT_IN_FORCE,
        "art. 41i ust. 2",
        False,
        "",
    ),
    (
        "volunteer.written_agreement_threshold_days",
        "Czas świadczeń wolontariusza, powyżej którego porozumienie musi mieć formę pisemną",
        "days",
        Decimal(30),
        ACT_IN_FORCE,
        "art. 44 ust. 2",
        False,
        "",
    ),
    (
        "volunteer.accident_insurance_max_days",
        "Czas świadczeń, do którego korzystający ubezpiecza wolontariusza (NNW)",
        "days",
        Decimal(30),
        ACT_IN_FORCE,
        "art. 46 ust. 4",
        False,
        "",
    ),
]

SPHERES_VALID_FROM = dt.date(2003, 6, 29)
# code, short name, full Polish name ("zadania w zakresie …"), needs verification of the point number
SPHERES: list[tuple[str, str, str, bool]] = [
    (
        "1",
        "Pomoc społeczna",
        "pomocy społecznej, w tym pomocy rodzinom i osobom w trudnej sytuacji życiowej oraz wyrównywania szans tych rodzin i osób",
        True,
    ),
    ("1a", "Wspieranie rodziny i piecza zastępcza", "wspierania rodziny i systemu pieczy zastępczej", True),
    (
        "1b",
        "Nieodpłatna pomoc prawna",
        "udzielania nieodpłatnej pomocy prawnej oraz zwiększania świadomości prawnej społeczeństwa",
        True,
    ),
    (
        "2",
        "Integracja i reintegracja zawodowa i społeczna",
        "działalności na rzecz integracji i reintegracji zawodowej i społecznej osób zagrożonych wykluczeniem społecznym",
        True,
    ),
    ("3", "Działalność charytatywna", "działalności charytatywnej", True),
    (
        "4",
        "Tradycja narodowa i świadomość obywatelska",
        "podtrzymywania i upowszechniania tradycji narodowej, pielęgnowania polskości oraz rozwoju świadomości narodowej, obywatelskiej i kulturowej",
        True,
    ),
    (
        "5",
        "Mniejszości narodowe i etniczne, język regionalny",
        "działalności na rzecz mniejszości narodowych i etnicznych oraz języka regionalnego",
        True,
    ),
    ("5a", "Integracja cudzoziemców", "działalności na rzecz integracji cudzoziemców", True),
    ("6", "Ochrona i promocja zdrowia", "ochrony i promocji zdrowia, w tym działalności leczniczej", True),
    ("7", "Osoby z niepełnosprawnościami", "działalności na rzecz osób z niepełnosprawnościami", True),
    (
        "8",
        "Promocja zatrudnienia i aktywizacja zawodowa",
        "promocji zatrudnienia i aktywizacji zawodowej osób pozostających bez pracy i zagrożonych zwolnieniem z pracy",
        True,
    ),
    ("9", "Równe prawa kobiet i mężczyzn", "działalności na rzecz równych praw kobiet i mężczyzn", True),
    ("10", "Osoby w wieku emerytalnym", "działalności na rzecz osób w wieku emerytalnym", True),
    (
        "11",
        "Rozwój gospodarczy i przedsiębiorczość",
        "działalności wspomagającej rozwój gospodarczy, w tym rozwój przedsiębiorczości",
        True,
    ),
    (
        "12",
        "Rozwój techniki, wynalazczości i innowacyjności",
        "działalności wspomagającej rozwój techniki, wynalazczości i innowacyjności",
        True,
    ),
    (
        "13",
        "Rozwój wspólnot i społeczności lokalnych",
        "działalności wspomagającej rozwój wspólnot i społeczności lokalnych",
        True,
    ),
    (
        "14",
        "Nauka, edukacja, oświata i wychowanie",
        "nauki, szkolnictwa wyższego, edukacji, oświaty i wychowania",
        True,
    ),
    (
        "15",
        "Dzieci i młodzież, w tym wypoczynek",
        "działalności na rzecz dzieci i młodzieży, w tym wypoczynku dzieci i młodzieży",
        True,
    ),
    (
        "16",
        "Kultura, sztuka, dziedzictwo narodowe",
        "kultury, sztuki, ochrony dóbr kultury i dziedzictwa narodowego",
        True,
    ),
    ("17", "Kultura fizyczna", "wspierania i upowszechniania kultury fizycznej", False),
    (
        "18",
        "Ekologia, ochrona zwierząt i dziedzictwa przyrodniczego",
        "ekologii i ochrony zwierząt oraz ochrony dziedzictwa przyrodniczego",
        True,
    ),
    ("19", "Turystyka i krajoznawstwo", "turystyki i krajoznawstwa", True),
    ("20", "Porządek i bezpieczeństwo publiczne", "porządku i bezpieczeństwa publicznego", True),
    ("21", "Obronność państwa", "obronności państwa i działalności Sił Zbrojnych Rzeczypospolitej Polskiej", True),
    (
        "22",
        "Wolności i prawa człowieka, demokracja",
        "upowszechniania i ochrony wolności i praw człowieka oraz swobód obywatelskich, a także działań wspomagających rozwój demokracji",
        True,
    ),
    ("22a", "Nieodpłatne poradnictwo obywatelskie", "udzielania nieodpłatnego poradnictwa obywatelskiego", True),
    ("23", "Ratownictwo i ochrona ludności", "ratownictwa i ochrony ludności", True),
    (
        "24",
        "Pomoc ofiarom katastrof i konfliktów",
        "pomocy ofiarom katastrof, klęsk żywiołowych, konfliktów zbrojnych i wojen w kraju i za granicą",
        True,
    ),
    ("25", "Prawa konsumentów", "upowszechniania i ochrony praw konsumentów", True),
    (
        "26",
        "Integracja europejska i współpraca międzynarodowa",
        "działalności na rzecz integracji europejskiej oraz rozwijania kontaktów i współpracy między społeczeństwami",
        True,
    ),
    ("27", "Promocja i organizacja wolontariatu", "promocji i organizacji wolontariatu", True),
    ("28", "Pomoc Polonii i Polakom za granicą", "pomocy Polonii i Polakom za granicą", True),
    ("29", "Kombatanci i osoby represjonowane", "działalności na rzecz kombatantów i osób represjonowanych", True),
    ("30", "Promocja Polski za granicą", "promocji Rzeczypospolitej Polskiej za granicą", True),
    (
        "31",
        "Rodzina, macierzyństwo, prawa dziecka",
        "działalności na rzecz rodziny, macierzyństwa, rodzicielstwa, upowszechniania i ochrony praw dziecka",
        True,
    ),
    (
        "32",
        "Przeciwdziałanie uzależnieniom i patologiom społecznym",
        "przeciwdziałania uzależnieniom i patologiom społecznym",
        False,
    ),
    ("32a", "Rewitalizacja", "rewitalizacji", True),
    (
        "33",
        "Działalność na rzecz organizacji pozarządowych",
        "działalności na rzecz organizacji pozarządowych oraz podmiotów wymienionych w art. 3 ust. 3, w zakresie określonym w pkt 1–32a",
        False,
    ),
    (
        "34",
        "Podmioty ekonomii społecznej",
        "działalności na rzecz podmiotów ekonomii społecznej i przedsiębiorstw społecznych",
        True,
    ),
]

# slug, name, register, has legal personality (None = depends), status
LEGAL_FORMS: list[tuple[str, str, str, bool | None, str]] = [
    ("fundacja", "Fundacja", "krs", True, "ngo"),
    ("stowarzyszenie", "Stowarzyszenie (rejestrowe)", "krs", True, "ngo"),
    ("stowarzyszenie-zwykle", "Stowarzyszenie zwykłe", "starosta", False, "ngo"),
    ("oddzial-stowarzyszenia", "Oddział stowarzyszenia (terenowa jednostka organizacyjna)", "krs", None, "ngo"),
    ("zwiazek-stowarzyszen", "Związek stowarzyszeń", "krs", True, "ngo"),
    ("uks", "Uczniowski klub sportowy", "starosta", True, "ngo"),
    ("klub-sportowy", "Klub sportowy (stowarzyszenie)", "starosta", True, "ngo"),
    ("zwiazek-sportowy", "Związek sportowy", "krs", True, "ngo"),
    ("osp", "Ochotnicza straż pożarna", "krs", True, "ngo"),
    ("spoldzielnia-socjalna", "Spółdzielnia socjalna", "krs", True, "art_3_3"),
    ("koscielna-osoba-prawna", "Kościelna osoba prawna lub jednostka organizacyjna", "church", True, "art_3_3"),
    ("kgw", "Koło gospodyń wiejskich", "kgw", True, "art_3_3"),
    ("spolka-non-profit", "Spółka niedziałająca w celu osiągnięcia zysku", "krs", True, "art_3_3"),
    ("stowarzyszenie-jst", "Stowarzyszenie jednostek samorządu terytorialnego", "krs", True, "art_3_3"),
]


def sync_reference_data(legal_parameter: Any, sphere: Any, legal_form: Any) -> None:
    """Create missing reference rows; takes model classes so migrations can pass historical ones."""
    for key, name, unit, value, effective_from, basis, verify, note in LEGAL_PARAMETERS:
        legal_parameter.objects.get_or_create(
            key=key,
            effective_from=effective_from,
            tenant=None,
            defaults={
                "name": name,
                "unit": unit,
                "value": value,
                "legal_basis": f"{basis} {ACT}",
                "needs_verification": verify,
                "note": note,
            },
        )
    for order, (code, short_name, name, verify) in enumerate(SPHERES):
        sphere.objects.get_or_create(
            code=code,
            valid_from=SPHERES_VALID_FROM,
            defaults={"short_name": short_name, "name": name, "needs_verification": verify, "order": order},
        )
    for order, (slug, name, register, personality, status) in enumerate(LEGAL_FORMS):
        legal_form.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "register": register,
                "has_legal_personality": personality,
                "status": status,
                "order": order,
            },
        )
