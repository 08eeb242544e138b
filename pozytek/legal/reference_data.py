"""Reference data from DOMAIN.md: legal parameters, spheres of art. 4, legal forms.

Loaded by a data migration and by `sync_reference_data()`; rows are matched on their natural
keys, so running it again changes nothing and never overwrites an admin's later rows. The
parameters' articles and verification states follow the check against sources of December 2026
(DOMAIN.md §14); migration 0007 brought existing installations to the same values.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

ACT = "ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie"
PUBLIC_FINANCE_ACT = "ustawy o finansach publicznych"
AGREEMENT_TEMPLATE = "wzór umowy (Dz.U. 2018 poz. 2057)"
ACT_IN_FORCE = dt.date(2003, 6, 29)
AMENDMENT_2026 = dt.date(2026, 9, 1)
CONFIRMED_NOTE = "Sprawdzone w tekstach ustawy w grudniu 2026 r. (Dziennik Ustaw w PDF nie był dostępny)."
CONFIRMED_PRE_2026_NOTE = (
    "Wartość i przepis potwierdzone w tekście sprzed nowelizacji z 2026 r.; data, od której obowiązuje, "
    "nie została sprawdzona — przyjęto wejście w życie ustawy."
)
SECONDARY_NOTE = "Wartość według źródeł wtórnych; numer ustępu niepotwierdzony."
AMENDMENT_NOTE = (
    "Podwyższenie według źródeł wtórnych (Dz.U. 2026 poz. 1040, od 1 września 2026 r.); "
    "sprawdzić w ISAP przed stosowaniem."
)


def act(article: str) -> str:
    """The legal basis of a number set by the Act: "art. 13 ust. 1 ustawy z dnia 24 kwietnia 2003 r. …"."""
    return f"{article} {ACT}"


# key, name, unit, value, effective_from, legal basis, needs_verification, note
LEGAL_PARAMETERS: list[tuple[str, str, str, Decimal, dt.date, str, bool, str]] = [
    (
        "competition.offer_period_min_days",
        "Minimalny termin na składanie ofert od ostatniej publikacji ogłoszenia",
        "days",
        Decimal(21),
        ACT_IN_FORCE,
        act("art. 13 ust. 1"),
        False,
        CONFIRMED_NOTE,
    ),
    (
        "competition.justification_request_days",
        "Termin na żądanie uzasadnienia wyboru lub odrzucenia oferty",
        "days",
        Decimal(30),
        ACT_IN_FORCE,
        act("art. 15 ust. 2j"),
        True,
        "Termin nie został potwierdzony w tekście ustawy.",
    ),
    (
        "competition.justification_answer_days",
        "Termin udzielenia odpowiedzi na żądanie uzasadnienia wyniku konkursu",
        "days",
        Decimal(14),
        ACT_IN_FORCE,
        act("art. 15 ust. 2j"),
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
        act("art. 18 ust. 1"),
        False,
        "Termin ustawowy, potwierdzony w tekście ustawy obowiązującym do 30.06.2024 r.",
    ),
    (
        "agreement.grant_use_days",
        "Termin wykorzystania dotacji od dnia zakończenia realizacji zadania",
        "days",
        Decimal(14),
        ACT_IN_FORCE,
        AGREEMENT_TEMPLATE,
        True,
        "Typowa wartość z wzoru umowy; nie później niż 31 grudnia roku budżetowego (art. 251 ustawy o finansach publicznych).",
    ),
    (
        "agreement.unused_return_days",
        "Termin zwrotu niewykorzystanej dotacji od upływu terminu jej wykorzystania",
        "days",
        Decimal(15),
        ACT_IN_FORCE,
        f"art. 251 ust. 3 {PUBLIC_FINANCE_ACT}",
        False,
        "Gdy termin wykorzystania dotacji jest krótszy niż rok budżetowy: 15 dni od jego upływu.",
    ),
    (
        "agreement.default_cost_shift_percent",
        "Domyślny dopuszczalny wzrost pozycji kosztorysu finansowanej z dotacji",
        "percent",
        Decimal(10),
        ACT_IN_FORCE,
        f"{AGREEMENT_TEMPLATE}, § 10",
        True,
        "Wartość wpisuje organ w umowie (zwykle 10–20%); to tylko wartość domyślna formularza.",
    ),
    (
        "agreement.year_unused_return_days",
        "Termin zwrotu dotacji niewykorzystanej do końca roku budżetowego, od 31 grudnia",
        "days",
        Decimal(31),
        ACT_IN_FORCE,
        f"art. 251 ust. 1 {PUBLIC_FINANCE_ACT}",
        False,
        "Zwrot do 31 stycznia roku następnego; odsetki od zwrotu po terminie jak dla zaległości podatkowych "
        "(art. 251 ust. 5 ustawy o finansach publicznych).",
    ),
    (
        "agreement.records_retention_years",
        "Okres przechowywania dokumentacji zadania, od początku roku po roku jego realizacji",
        "years",
        Decimal(5),
        ACT_IN_FORCE,
        AGREEMENT_TEMPLATE,
        True,
        "Wartość z wzoru umowy (5 lat); umowa może ustalić inny okres.",
    ),
    (
        "agreement.control_years",
        "Okres, w którym zleceniodawca może kontrolować zadanie po jego zakończeniu",
        "years",
        Decimal(5),
        ACT_IN_FORCE,
        AGREEMENT_TEMPLATE,
        True,
        "Wartość z wzoru umowy (5 lat od zakończenia zadania); umowa może ustalić inny okres.",
    ),
    (
        "agreement.asset_sale_ban_years",
        "Okres zakazu zbycia rzeczy zakupionych z dotacji, od ich nabycia",
        "years",
        Decimal(5),
        ACT_IN_FORCE,
        AGREEMENT_TEMPLATE,
        True,
        "Wartość z wzoru umowy (5 lat); umowa może ustalić inny okres.",
    ),
    (
        "report.correction_days",
        "Termin na poprawienie lub uzupełnienie sprawozdania od dnia wezwania",
        "days",
        Decimal(7),
        ACT_IN_FORCE,
        AGREEMENT_TEMPLATE,
        True,
        "Praktyka wzoru umowy (7 dni), niepotwierdzona w tekście rozporządzenia; umowa może ustalić inny.",
    ),
    (
        "consultation.min_days",
        "Domyślny minimalny czas trwania konsultacji projektu aktu (ustala uchwała samorządu)",
        "days",
        Decimal(7),
        ACT_IN_FORCE,
        act("art. 5 ust. 5") + " (uchwała organu stanowiącego o sposobie konsultowania)",
        False,
        "Ustawa nie określa czasu konsultacji: ustala go uchwała organu stanowiącego o szczegółowym sposobie "
        "konsultowania (art. 5 ust. 5). 7 dni to częsty wybór lokalny; samorząd wpisuje własny wiersz "
        "parametru zgodnie ze swoją uchwałą.",
    ),
    (
        "agreement.max_years",
        "Maksymalny okres umowy wieloletniej",
        "years",
        Decimal(5),
        ACT_IN_FORCE,
        act("art. 16"),
        True,
        "Numer ustępu niepotwierdzony.",
    ),
    (
        "small_grant.max_amount",
        "Maksymalna kwota dotacji w trybie pozakonkursowym (na zadanie)",
        "pln",
        Decimal(10000),
        ACT_IN_FORCE,
        act("art. 19a ust. 1 pkt 1"),
        False,
        CONFIRMED_PRE_2026_NOTE,
    ),
    (
        "small_grant.max_amount",
        "Maksymalna kwota dotacji w trybie pozakonkursowym (na zadanie)",
        "pln",
        Decimal(20000),
        AMENDMENT_2026,
        act("art. 19a ust. 1 pkt 1"),
        True,
        AMENDMENT_NOTE,
    ),
    (
        "small_grant.max_duration_days",
        "Maksymalny czas realizacji zadania w trybie pozakonkursowym",
        "days",
        Decimal(90),
        ACT_IN_FORCE,
        act("art. 19a ust. 1 pkt 2"),
        False,
        f"{CONFIRMED_PRE_2026_NOTE} Limit uchylony od 1 września 2026 r. (Dz.U. 2026 poz. 1040, źródła wtórne); "
        "oferty złożone przed tym dniem zachowują dotychczasowe zasady.",
    ),
    (
        "small_grant.max_per_organisation_year",
        "Maksymalna suma dotacji dla jednej organizacji w roku kalendarzowym",
        "pln",
        Decimal(20000),
        ACT_IN_FORCE,
        act("art. 19a"),
        True,
        SECONDARY_NOTE,
    ),
    (
        "small_grant.max_per_organisation_year",
        "Maksymalna suma dotacji dla jednej organizacji w roku kalendarzowym",
        "pln",
        Decimal(40000),
        AMENDMENT_2026,
        act("art. 19a"),
        True,
        AMENDMENT_NOTE,
    ),
    (
        "small_grant.max_budget_share_percent",
        "Maksymalny udział trybu pozakonkursowego w środkach na dotacje",
        "percent",
        Decimal(20),
        ACT_IN_FORCE,
        act("art. 19a"),
        True,
        f"{SECONDARY_NOTE} Strona jednego z urzędów wskazuje ust. 7.",
    ),
    (
        "small_grant.max_budget_share_percent",
        "Maksymalny udział trybu pozakonkursowego w środkach na dotacje",
        "percent",
        Decimal(30),
        AMENDMENT_2026,
        act("art. 19a"),
        True,
        AMENDMENT_NOTE,
    ),
    (
        "task_proposal.answer_months",
        "Termin rozpatrzenia wniosku organizacji o realizację zadania publicznego z własnej inicjatywy",
        "months",
        Decimal(1),
        ACT_IN_FORCE,
        act("art. 12 ust. 2"),
        False,
        CONFIRMED_NOTE,
    ),
    (
        "small_grant.publication_working_days",
        "Termin zamieszczenia oferty w trybie pozakonkursowym od jej wpływu",
        "working_days",
        Decimal(7),
        ACT_IN_FORCE,
        act("art. 19a ust. 3"),
        False,
        CONFIRMED_NOTE,
    ),
    (
        "small_grant.comment_period_days",
        "Termin na uwagi do oferty w trybie pozakonkursowym",
        "days",
        Decimal(7),
        ACT_IN_FORCE,
        act("art. 19a ust. 4"),
        False,
        CONFIRMED_NOTE,
    ),
    (
        "council.opinion_days",
        "Termin na opinię rady działalności pożytku publicznego",
        "days",
        Decimal(14),
        ACT_IN_FORCE,
        act("art. 41i ust. 2"),
        False,
        "Liczony od dnia doręczenia projektu; brak opinii w terminie oznacza rezygnację z prawa do jej wyrażenia.",
    ),
    (
        "volunteer.written_agreement_threshold_days",
        "Czas świadczeń wolontariusza, powyżej którego porozumienie musi mieć formę pisemną",
        "days",
        Decimal(30),
        ACT_IN_FORCE,
        act("art. 44 ust. 4"),
        False,
        CONFIRMED_NOTE,
    ),
    (
        "volunteer.accident_insurance_max_days",
        "Czas świadczeń, do którego korzystający ubezpiecza wolontariusza (NNW)",
        "days",
        Decimal(30),
        ACT_IN_FORCE,
        act("art. 46 ust. 3"),
        False,
        CONFIRMED_NOTE,
    ),
    (
        "programme.adoption_deadline",
        "Termin uchwalenia rocznego programu współpracy (dzień roku poprzedzającego, MM.DD)",
        "month_day",
        Decimal("11.30"),
        ACT_IN_FORCE,
        act("art. 5a ust. 1"),
        False,
        "Do 30 listopada roku poprzedzającego okres obowiązywania programu.",
    ),
    (
        "programme.report_deadline",
        "Termin przedłożenia i opublikowania sprawozdania z realizacji programu (dzień roku następnego, MM.DD)",
        "month_day",
        Decimal("5.31"),
        ACT_IN_FORCE,
        act("art. 5a ust. 3"),
        False,
        "Do 31 maja za rok poprzedni; starszy tekst ustawy podawał 30 kwietnia.",
    ),
    (
        "programme.warning_days",
        "Z ilu dni wyprzedzeniem pulpit urzędu ostrzega o terminie programu i sprawozdania",
        "days",
        Decimal(60),
        ACT_IN_FORCE,
        "ustawienie samorządu",
        False,
        "Nie jest to termin ustawowy: samorząd może wpisać własny wiersz parametru.",
    ),
    (
        "programme.activity_check",
        "Dzień roku, od którego cele programu bez żadnych działań są oznaczane (MM.DD)",
        "month_day",
        Decimal("9.30"),
        ACT_IN_FORCE,
        "ustawienie samorządu",
        False,
        "Nie jest to termin ustawowy: koniec września zostawia kwartał na działania; samorząd może go zmienić.",
    ),
    # Local initiative (art. 19b–19h): the Act leaves the procedure and the criteria to the council's resolution
    # (art. 19c), so these are defaults each local government replaces with its own rows.
    (
        "initiative.min_group_members",
        "Najmniejsza liczba pełnoletnich mieszkańców we wniosku grupy nieformalnej o inicjatywę lokalną",
        "persons",
        Decimal(3),
        ACT_IN_FORCE,
        act("art. 19c ust. 1") + " (uchwała organu stanowiącego o trybie i kryteriach oceny wniosków)",
        False,
        "Ustawa nie określa liczby wnioskodawców: ustala ją uchwała rady (art. 19c ust. 1). 3 osoby to częsty "
        "wybór lokalny; samorząd wpisuje własny wiersz parametru zgodnie ze swoją uchwałą.",
    ),
    (
        "initiative.work_rate_simple",
        "Wartość godziny pracy społecznej przy inicjatywie lokalnej: prace proste (zł/godz.)",
        "pln",
        Decimal("31.40"),
        ACT_IN_FORCE,
        act("art. 19c ust. 1") + " (uchwała organu stanowiącego)",
        True,
        "Wartość przykładowa (minimalna stawka godzinowa 2026 r.); samorząd ustala stawki w swojej uchwale.",
    ),
    (
        "initiative.work_rate_skilled",
        "Wartość godziny pracy społecznej przy inicjatywie lokalnej: prace fachowe (zł/godz.)",
        "pln",
        Decimal("45.00"),
        ACT_IN_FORCE,
        act("art. 19c ust. 1") + " (uchwała organu stanowiącego)",
        True,
        "Wartość przykładowa; samorząd ustala stawki w swojej uchwale.",
    ),
    (
        "initiative.work_rate_specialist",
        "Wartość godziny pracy społecznej przy inicjatywie lokalnej: prace specjalistyczne (zł/godz.)",
        "pln",
        Decimal("60.00"),
        ACT_IN_FORCE,
        act("art. 19c ust. 1") + " (uchwała organu stanowiącego)",
        True,
        "Wartość przykładowa (np. projekt, nadzór); samorząd ustala stawki w swojej uchwale.",
    ),
    (
        "initiative.member_confirmation_days",
        "Ważność odnośnika, którym członek grupy mieszkańców potwierdza udział we wniosku (dni)",
        "days",
        Decimal(14),
        ACT_IN_FORCE,
        "ustawienie samorządu",
        False,
        "Nie jest to termin ustawowy; samorząd może wpisać własny wiersz parametru.",
    ),
]

# Numbers that are not the statute's own: a default the local government (by its resolution) or each
# agreement replaces. Every other parameter is statutory.
PARAMETER_KINDS: dict[str, str] = {
    "consultation.min_days": "tenant_default",
    "programme.warning_days": "tenant_default",
    "programme.activity_check": "tenant_default",
    "competition.justification_answer_days": "tenant_default",
    "initiative.min_group_members": "tenant_default",
    "initiative.work_rate_simple": "tenant_default",
    "initiative.work_rate_skilled": "tenant_default",
    "initiative.work_rate_specialist": "tenant_default",
    "initiative.member_confirmation_days": "tenant_default",
    "agreement.grant_use_days": "agreement_default",
    "agreement.default_cost_shift_percent": "agreement_default",
    "report.correction_days": "agreement_default",
    "agreement.records_retention_years": "agreement_default",
    "agreement.control_years": "agreement_default",
    "agreement.asset_sale_ban_years": "agreement_default",
}
# (key, effective_from) → the last day of a rule repealed without a new value.
VALID_TO: dict[tuple[str, dt.date], dt.date] = {
    ("small_grant.max_duration_days", ACT_IN_FORCE): AMENDMENT_2026 - dt.timedelta(days=1),
}

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


# The short names of the spheres in English and Ukrainian, by point code (the Polish wording of the Act
# is the canonical one; these are for the interface in those languages).
SPHERE_NAMES: dict[str, tuple[str, str]] = {
    "1": ("Social assistance", "Соціальна допомога"),
    "1a": ("Family support and foster care", "Підтримка сім’ї та прийомна опіка"),
    "1b": ("Free legal aid", "Безоплатна правова допомога"),
    "2": ("Vocational and social integration and reintegration", "Професійна та соціальна інтеграція і реінтеграція"),
    "3": ("Charitable activity", "Благодійна діяльність"),
    "4": ("National tradition and civic awareness", "Національні традиції та громадянська свідомість"),
    "5": ("National and ethnic minorities, regional language", "Національні та етнічні меншини, регіональна мова"),
    "5a": ("Integration of foreigners", "Інтеграція іноземців"),
    "6": ("Health protection and promotion", "Охорона та зміцнення здоров’я"),
    "7": ("People with disabilities", "Особи з інвалідністю"),
    "8": ("Employment promotion and vocational activation", "Сприяння зайнятості та професійна активізація"),
    "9": ("Equal rights of women and men", "Рівні права жінок і чоловіків"),
    "10": ("People of retirement age", "Особи пенсійного віку"),
    "11": ("Economic development and entrepreneurship", "Економічний розвиток і підприємництво"),
    "12": ("Technology, invention and innovation", "Розвиток техніки, винахідництва та інновацій"),
    "13": ("Development of local communities", "Розвиток місцевих громад"),
    "14": ("Science, education and upbringing", "Наука, освіта та виховання"),
    "15": ("Children and youth, including holidays", "Діти та молодь, зокрема відпочинок"),
    "16": ("Culture, arts, national heritage", "Культура, мистецтво, національна спадщина"),
    "17": ("Physical culture and sport", "Фізична культура та спорт"),
    "18": ("Ecology, animal protection and natural heritage", "Екологія, захист тварин і природної спадщини"),
    "19": ("Tourism and sightseeing", "Туризм і краєзнавство"),
    "20": ("Public order and safety", "Громадський порядок і безпека"),
    "21": ("National defence", "Обороноздатність держави"),
    "22": ("Human rights and freedoms, democracy", "Права і свободи людини, демократія"),
    "22a": ("Free civic counselling", "Безоплатне громадянське консультування"),
    "23": ("Rescue and civil protection", "Рятувальна справа та захист населення"),
    "24": ("Aid to victims of disasters and conflicts", "Допомога постраждалим від катастроф і конфліктів"),
    "25": ("Consumer rights", "Права споживачів"),
    "26": ("European integration and international cooperation", "Європейська інтеграція та міжнародна співпраця"),
    "27": ("Promotion and organisation of volunteering", "Популяризація та організація волонтерства"),
    "28": ("Aid to the Polish diaspora and Poles abroad", "Допомога полонії та полякам за кордоном"),
    "29": ("Veterans and victims of repression", "Ветерани та репресовані особи"),
    "30": ("Promotion of Poland abroad", "Популяризація Польщі за кордоном"),
    "31": ("Family, motherhood, children’s rights", "Сім’я, материнство, права дитини"),
    "32": ("Prevention of addictions and social pathologies", "Протидія залежностям і соціальним патологіям"),
    "32a": ("Urban regeneration", "Ревіталізація"),
    "33": ("Support for non-governmental organisations", "Підтримка неурядових організацій"),
    "34": ("Social economy entities", "Суб’єкти соціальної економіки"),
}

# The legal forms in English and Ukrainian, by slug.
LEGAL_FORM_NAMES: dict[str, tuple[str, str]] = {
    "fundacja": ("Foundation", "Фонд"),
    "stowarzyszenie": ("Association (registered)", "Товариство (зареєстроване)"),
    "stowarzyszenie-zwykle": ("Ordinary association", "Звичайне товариство"),
    "oddzial-stowarzyszenia": (
        "Branch of an association (local organisational unit)",
        "Відділення товариства (територіальний підрозділ)",
    ),
    "zwiazek-stowarzyszen": ("Union of associations", "Союз товариств"),
    "uks": ("Student sports club", "Учнівський спортивний клуб"),
    "klub-sportowy": ("Sports club (association)", "Спортивний клуб (товариство)"),
    "zwiazek-sportowy": ("Sports federation", "Спортивна федерація"),
    "osp": ("Volunteer fire brigade", "Добровільна пожежна команда"),
    "spoldzielnia-socjalna": ("Social cooperative", "Соціальний кооператив"),
    "koscielna-osoba-prawna": (
        "Church legal person or organisational unit",
        "Церковна юридична особа або організаційна одиниця",
    ),
    "kgw": ("Rural housewives’ circle", "Гурток сільських господинь"),
    "spolka-non-profit": ("Non-profit company", "Неприбуткова компанія"),
    "stowarzyszenie-jst": ("Association of local government units", "Асоціація органів місцевого самоврядування"),
}


def sync_reference_data(legal_parameter: Any, sphere: Any, legal_form: Any) -> None:
    """Create missing reference rows; takes model classes so migrations can pass historical ones.

    The historical model of migrations 0002–0005 has no `kind` nor `valid_to` yet: those are set
    only when the model has them (migration 0007 sets them on rows created before).
    """
    fields = {field.name for field in legal_parameter._meta.get_fields()}
    for key, name, unit, value, effective_from, basis, verify, note in LEGAL_PARAMETERS:
        defaults: dict[str, Any] = {
            "name": name,
            "unit": unit,
            "value": value,
            "legal_basis": basis,
            "needs_verification": verify,
            "note": note,
        }
        if "kind" in fields:
            defaults["kind"] = PARAMETER_KINDS.get(key, "statutory")
        if "valid_to" in fields:
            defaults["valid_to"] = VALID_TO.get((key, effective_from))
        legal_parameter.objects.get_or_create(key=key, effective_from=effective_from, tenant=None, defaults=defaults)
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
    translate_reference_names(sphere, legal_form)


def translate_reference_names(sphere: Any, legal_form: Any) -> None:
    """Give the reference spheres and legal forms their English and Ukrainian names where they have none.

    A name an admin has already written stays. The historical models of migrations before 0008 have
    no such fields: then nothing happens (migration 0008 fills the rows created before it).
    """
    for model, key, names in (
        (sphere, "code", {code: {"short_name_en": en, "short_name_uk": uk} for code, (en, uk) in SPHERE_NAMES.items()}),
        (legal_form, "slug", {slug: {"name_en": en, "name_uk": uk} for slug, (en, uk) in LEGAL_FORM_NAMES.items()}),
    ):
        fields = {field.name for field in model._meta.get_fields()}
        if not {"short_name_en", "name_en"} & fields:
            continue
        for row in model.objects.filter(**{f"{key}__in": list(names)}):
            missing = {field: value for field, value in names[getattr(row, key)].items() if not getattr(row, field)}
            if missing:
                model.objects.filter(pk=row.pk).update(**missing)
