"""Demo organisations for `load_demo_data`: clearly marked as examples, with valid-format identifiers.

The names are built from the demo districts and common activity words; none describes a real
organisation, and every description says so.
"""

from typing import Any

from django_scopes import scopes_disabled
from stdnum.pl import nip as nip_mod
from stdnum.pl import regon as regon_mod

from pozytek.accounts.models import User
from pozytek.legal.models import LegalForm, SphereOfPublicTasks
from pozytek.organisations.models import Organisation, OrganisationMember
from pozytek.organisations.services import add_organisation, register_organisation
from pozytek.organisations.states import AreaBasis, MemberRole
from pozytek.tenants.models import District, Tenant

DEMO_NOTE = "Organizacja przykładowa – dane demonstracyjne platformy Pożytek, nie dotyczą rzeczywistego podmiotu."
NGO_USER = "ngo@pozytek.localhost"

# (tenant slug, legal form slug, name, spheres, opp, district or None)
ORGANISATIONS = [
    ("poznan", "fundacja", "Fundacja Zdrowia Jeżyc", ["6", "10"], True, "Jeżyce"),
    ("poznan", "stowarzyszenie", "Stowarzyszenie Przyjaciół Wildy", ["13", "16"], False, "Wilda"),
    ("poznan", "fundacja", "Fundacja Edukacji Obywatelskiej Grunwald", ["14", "22"], True, "Grunwald"),
    ("poznan", "uks", "Uczniowski Klub Sportowy Stare Miasto", ["17"], False, "Stare Miasto"),
    ("poznan", "stowarzyszenie", "Stowarzyszenie Seniorów Nowego Miasta", ["10", "1"], False, "Nowe Miasto"),
    ("poznan", "osp", "Ochotnicza Straż Pożarna – przykład", ["23"], False, None),
    ("poznan", "fundacja", "Fundacja Łódź i Poznań Razem", ["26"], False, None),
    ("leszno", "stowarzyszenie", "Leszczyńskie Stowarzyszenie Kultury – przykład", ["16", "4"], True, None),
    ("leszno", "klub-sportowy", "Klub Sportowy Leszno – przykład", ["17"], False, None),
    ("leszno", "fundacja", "Fundacja Wolontariatu Leszczyńskiego – przykład", ["27"], True, None),
    ("leszno", "stowarzyszenie-zwykle", "Stowarzyszenie Zwykłe Sąsiedzi – przykład", ["13"], False, None),
    ("bialystok", "fundacja", "Fundacja Pomocy Rodzinie Bojary", ["1", "31"], True, "Bojary"),
    ("bialystok", "stowarzyszenie", "Stowarzyszenie Ekologiczne Dojlidy", ["18"], False, "Dojlidy"),
    (
        "bialystok",
        "oddzial-stowarzyszenia",
        "Oddział Białostocki Stowarzyszenia Turystycznego – przykład",
        ["19"],
        False,
        "Centrum",
    ),
    ("bialystok", "fundacja", "Fundacja Przeciw Uzależnieniom Antoniuk", ["32"], True, "Antoniuk"),
    ("bialystok", "uks", "Uczniowski Klub Sportowy Piaski", ["17", "15"], False, "Piaski"),
    ("bialystok", "stowarzyszenie", "Stowarzyszenie Integracji Cudzoziemców – przykład", ["5a"], False, "Centrum"),
    ("bialystok", "spoldzielnia-socjalna", "Spółdzielnia Socjalna Wygoda – przykład", ["2", "8"], False, "Wygoda"),
    (
        "powiat-policki",
        "stowarzyszenie",
        "Stowarzyszenie Rozwoju Gminy Dobra – przykład",
        ["13"],
        False,
        "Dobra (Szczecińska)",
    ),
    ("powiat-policki", "kgw", "Koło Gospodyń Wiejskich Nowe Warpno – przykład", ["4", "13"], False, "Nowe Warpno"),
]


NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def _nip(n: int) -> str:
    """A NIP with a valid check digit (prefixes whose checksum is 10 are skipped)."""
    for step in range(10):
        base = f"{555_000_000 + n * 10 + step:09d}"
        check = sum(w * int(d) for w, d in zip(NIP_WEIGHTS, base, strict=True)) % 11
        if check < 10 and nip_mod.is_valid(base + str(check)):
            return base + str(check)
    raise ValueError(n)


def _regon(n: int) -> str:
    base = f"{90000000 + n * 13:08d}"
    return base + regon_mod.calc_check_digit(base)


def load(*, admin: User) -> None:
    """Create the demo organisations and an NGO user; idempotent."""
    with scopes_disabled():
        ngo_user = User.objects.filter(email=NGO_USER).first()
        for number, (slug, form, name, spheres, opp, district) in enumerate(ORGANISATIONS, start=1):
            if Organisation.objects.filter(name=name).exists():
                continue
            tenant = Tenant.objects.get(slug=slug)
            data: dict[str, Any] = {
                "name": name,
                "legal_form": LegalForm.objects.get(slug=form),
                "nip": _nip(number),
                "regon": _regon(number),
                "opp": opp,
                "description": DEMO_NOTE,
                "keywords": ", ".join(
                    SphereOfPublicTasks.objects.filter(code__in=spheres).values_list("short_name", flat=True)
                ),
                "city": tenant.name.replace("Miasto ", "").replace("Powiat Policki", "Police"),
                "spheres": list(SphereOfPublicTasks.objects.filter(code__in=spheres)),
                "districts": list(District.objects.filter(tenant=tenant, name=district)) if district else [],
            }
            register = LegalForm.objects.get(slug=form).register
            if register in ("krs",) or opp:
                data["krs"] = f"{990000 + number:010d}"
            elif register == "starosta":
                data["register_number"] = f"RSZ/{number:03d}"
            if number == 1 and ngo_user is not None:
                organisation = register_organisation(tenant=tenant, actor=ngo_user, data=data, basis=AreaBasis.SEAT)
            else:
                organisation = add_organisation(tenant=tenant, actor=admin, data=data)
            if number == 2 and ngo_user is not None:
                OrganisationMember.objects.get_or_create(
                    organisation=organisation, user=ngo_user, defaults={"role": MemberRole.EDITOR}
                )
