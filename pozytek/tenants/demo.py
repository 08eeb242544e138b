"""Demo local governments built from the seed documents (`shared/seeds/`).

Contacts come from the seeds where they give them (Białystok's NGO centre, Leszno's NGO
e-mail) and otherwise only the seat of the office; nothing here is invented. The powiat stands
for the Zachodniopomorskie project of seed 004, which does not name its six JSTs.
"""

from typing import Any

# Tenant fields as keyword arguments, plus "districts": [(name, kind)].
DEMO_TENANTS: list[dict[str, Any]] = [
    {
        "name": "Miasto Poznań",
        "slug": "poznan",
        "kind": "miasto_npp",
        "teryt": "3064011",
        "office_name": "Urząd Miasta Poznania",
        "address": "pl. Kolegiacki 17, 61-841 Poznań",
        "website": "https://www.poznan.pl",
        "bip_url": "https://bip.poznan.pl",
        "ngo_contact_name": "Poznańska Rada Działalności Pożytku Publicznego i Komisje Dialogu Obywatelskiego",
        "ngo_contact_details": "Portal „Pozarządowy Poznań”, Poznańska Baza Organizacji Pozarządowych.",
        "districts": [
            ("Stare Miasto", "dzielnica"),
            ("Nowe Miasto", "dzielnica"),
            ("Jeżyce", "dzielnica"),
            ("Grunwald", "dzielnica"),
            ("Wilda", "dzielnica"),
        ],
    },
    {
        "name": "Miasto Leszno",
        "slug": "leszno",
        "kind": "miasto_npp",
        "teryt": "3062011",
        "office_name": "Urząd Miasta Leszna",
        "address": "ul. Kazimierza Karasia 15, 64-100 Leszno",
        "email": "ngo@leszno.pl",
        "website": "https://www.leszno.pl",
        "ngo_contact_name": "Współpraca Miasta z NGO",
        "ngo_contact_details": "ngo@leszno.pl",
        "districts": [],
    },
    {
        "name": "Miasto Białystok",
        "slug": "bialystok",
        "kind": "miasto_npp",
        "teryt": "2061011",
        "office_name": "Urząd Miejski w Białymstoku",
        "address": "ul. Słonimska 1, 15-950 Białystok",
        "email": "centrum@um.bialystok.pl",
        "phone": "85 732 82 20",
        "website": "https://www.bialystok.pl",
        "ngo_contact_name": "Pełnomocnik Prezydenta Miasta Białegostoku ds. współpracy z organizacjami pozarządowymi",
        "ngo_contact_details": "Centrum Współpracy Organizacji Pozarządowych\nul. Świętojańska 22/1, 15-082 Białystok\n"
        "tel. 85 732 82 20, centrum@um.bialystok.pl\nbiuro czynne w godz. 8.00–16.00",
        "districts": [
            (name, "osiedle")
            for name in (
                "Antoniuk",
                "Bacieczki",
                "Bema",
                "Białostoczek",
                "Bojary",
                "Centrum",
                "Dojlidy",
                "Dojlidy Górne",
                "Dziesięciny I",
                "Dziesięciny II",
                "Jaroszówka",
                "Kawaleryjskie",
                "Leśna Dolina",
                "Mickiewicza",
                "Młodych",
                "Nowe Miasto",
                "Piaski",
                "Piasta I",
                "Piasta II",
                "Przydworcowe",
                "Sienkiewicza",
                "Skorupy",
                "Słoneczny Stok",
                "Starosielce",
                "Wygoda",
                "Wysoki Stoczek",
                "Zawady",
                "Zielone Wzgórza",
            )
        ],
    },
    {
        "name": "Powiat Policki",
        "slug": "powiat-policki",
        "kind": "powiat",
        "teryt": "3211",
        "office_name": "Starostwo Powiatowe w Policach",
        "address": "ul. Tanowska 8, 72-010 Police",
        "districts": [
            ("Police", "gmina"),
            ("Dobra (Szczecińska)", "gmina"),
            ("Kołbaskowo", "gmina"),
            ("Nowe Warpno", "gmina"),
        ],
    },
]

DEMO_PASSWORD = "Pozytek-demo-2026"  # noqa: S105 -- printed demo credential for `make run`, never production

# email, full name, is platform admin, [(tenant slug, role, position)]
DEMO_USERS = [
    ("admin@pozytek.localhost", "Administrator platformy", True, []),
    (
        "admin.poznan@pozytek.localhost",
        "Administrator Urzędu Miasta Poznania",
        False,
        [("poznan", "tenant_admin", "administrator gminy w platformie")],
    ),
    (
        "urzednik.poznan@pozytek.localhost",
        "Urzędnik Miasta Poznania",
        False,
        [("poznan", "official", "pełnomocnik ds. współpracy z organizacjami pozarządowymi")],
    ),
    ("urzednik.leszno@pozytek.localhost", "Urzędnik Miasta Leszna", False, [("leszno", "official", "")]),
    (
        "urzedniczka.leszno@pozytek.localhost",
        "Urzędniczka Wydziału Kultury Leszna",
        False,
        [("leszno", "official", "Wydział Kultury")],
    ),
    ("urzednik.bialystok@pozytek.localhost", "Urzędnik Miasta Białegostoku", False, [("bialystok", "official", "")]),
    (
        "urzednik.police@pozytek.localhost",
        "Urzędnik Starostwa Powiatowego w Policach",
        False,
        [("powiat-policki", "official", "")],
    ),
    ("mieszkaniec@pozytek.localhost", "Mieszkanka Poznania", False, []),
    ("ngo@pozytek.localhost", "Prezeska Fundacji Zdrowia Jeżyc", False, []),
]
# Office staff get a known TOTP secret so the demo can be tried with an authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 -- demo only
