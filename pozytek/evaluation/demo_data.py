"""A demo competition that went the whole way: offers, formal check with a correction, commission,
conflict declarations, scores, protocol, decision and published results (Miasto Leszno).

Everything is written through the services. One thing cannot be: offers are accepted only before
the deadline and evaluated only after it, so the call is published and its offers submitted first,
then its offer deadline is moved to yesterday (the only direct update here, said so in the audit
trail of the call's closing), and the evaluation runs with the real clock. Idempotent by title.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.competitions.demo_data import CHECKLIST, CRITERIA, DEMO_NOTE
from pozytek.competitions.models import Call
from pozytek.competitions.services import close_call, create_call, publish_call
from pozytek.evaluation.models import Commission, CommissionMember
from pozytek.evaluation.services import commission as commission_services
from pozytek.evaluation.services import decision, formal, protocol, requests, scoring
from pozytek.evaluation.states import MemberKind
from pozytek.evaluation.states import MemberRole as MemberRole_
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.offers import services as offer_services
from pozytek.offers.demo_data import DEMO_PDF, STATEMENTS
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState
from pozytek.organisations.models import Organisation, OrganisationMember
from pozytek.organisations.states import MemberRole
from pozytek.tenants.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from pozytek.tenants.models import Tenant

DECLARATION = (
    "Oświadczam, że nie pozostaję z żadnym z oferentów w stosunku, o którym mowa w art. 24 Kodeksu "
    "postępowania administracyjnego, chyba że zaznaczyłem/am to powyżej."
)
TITLE = "Leszczyńskie lato z kulturą – wydarzenia kulturalne w przestrzeni miasta"
OFFICIAL = "urzednik.leszno@pozytek.localhost"
# Demo people of this competition: (e-mail, name, organisation they keep or None).
PEOPLE = [
    (
        "kultura.leszno@pozytek.localhost",
        "Prezes Leszczyńskiego Stowarzyszenia Kultury",
        "Leszczyńskie Stowarzyszenie Kultury – przykład",
    ),
    (
        "wolontariat.leszno@pozytek.localhost",
        "Prezeska Fundacji Wolontariatu Leszczyńskiego",
        "Fundacja Wolontariatu Leszczyńskiego – przykład",
    ),
    ("sport.leszno@pozytek.localhost", "Prezes Klubu Sportowego Leszno", "Klub Sportowy Leszno – przykład"),
    (
        "sasiedzi.leszno@pozytek.localhost",
        "Przedstawiciel Stowarzyszenia Sąsiedzi",
        "Stowarzyszenie Zwykłe Sąsiedzi – przykład",
    ),
    ("komisja.leszno@pozytek.localhost", "Członkini komisji wskazana przez organizacje", None),
    ("ekspert.leszno@pozytek.localhost", "Ekspert ds. animacji kultury", None),
]


def _person(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)  # commission members must use two-step verification
    return user


def _save(offer: Offer, section: str, actor: User, **kwargs: Any) -> Offer:
    return offer_services.save_section(
        offer=offer, section=section, actor=actor, version=offer_services.section_version(offer, section), **kwargs
    )


def write_demo_offer(
    offer: Offer, actor: User, spec: dict[str, Any], *, start: dt.date | None = None, end: dt.date | None = None
) -> Offer:
    """A complete one-year offer of a single offeror from `spec` (title, actions, cost lines, sources); the
    task runs through the call's delivery period, or from `start` to `end` on a route without a call."""
    call = offer.call
    start = start or (call.delivery_start if call is not None else None)
    end = end or (call.delivery_end if call is not None else None)
    assert start is not None and end is not None  # noqa: S101 -- demo offers answer demo calls or give their dates
    year = start.year
    lead = offer.offerors.get(order=0)
    lead_row = {"id": lead.pk, **{f: getattr(lead, f) for f in offer_services.OFFEROR_FIELDS}}
    lead_row["address"] = lead_row["address"] or "ul. Przykładowa 1, 64-100 Leszno (adres przykładowy)"
    offer = _save(
        offer,
        "offerors",
        actor,
        data={"contact_name": actor.full_name, "contact_phone": "65 000 00 00", "contact_email": actor.email},
        rows=[lead_row],
    )
    offer = _save(
        offer,
        "task",
        actor,
        data={
            "title": spec["title"],
            "start_date": start,
            "end_date": end,
            "summary": f"{spec['summary']} {DEMO_NOTE}",
            "expected_results": spec["results"],
        },
    )
    offer = _save(
        offer,
        "actions",
        actor,
        rows=[
            {
                "year": year,
                "name": name,
                "description": description,
                "target_group": "mieszkańcy Leszna",
                "period": f"{start:%m}–{end:%m}.{year}",
                "offeror": lead.pk,
            }
            for name, description in spec["actions"]
        ],
    )
    actions = {a.name: a for a in offer.actions.all()}
    offer = _save(
        offer,
        "costs",
        actor,
        rows=[
            {
                "category": "admin" if action is None else "action",
                **({} if action is None else {"action": actions[action].pk}),
                "name": name,
                "unit": unit,
                "unit_cost": Decimal(unit_cost),
                "quantity": Decimal(quantity),
                "offeror": lead.pk,
                "year1": Decimal(unit_cost) * Decimal(quantity),
            }
            for action, name, unit, unit_cost, quantity in spec["costs"]
        ],
    )
    offer = _save(
        offer,
        "characteristics",
        actor,
        data={"previous_activity": spec["experience"], "resources": spec["resources"]},
    )
    offer = _save(
        offer,
        "sources",
        actor,
        data={
            "requested_grant": Decimal(spec["grant"]),
            "own_financial": Decimal(spec.get("own_financial", "0")) or None,
            "own_personal": Decimal(spec.get("own_personal", "0")) or None,
            "own_in_kind": None,
            "beneficiary_fees": None,
            "other_public_funds": None,
        },
    )
    offer = _save(offer, "other", actor, data={"paid_activity": "free", "other_info": "", "joint_arrangements": ""})
    offer = _save(
        offer,
        "statements",
        actor,
        data=STATEMENTS,
    )
    for label in call.attachment_list if call is not None else ():
        offer_services.add_attachment(
            offer=offer, label=label, upload=ContentFile(DEMO_PDF, name="przyklad.pdf"), actor=actor
        )
    return offer


OFFERS = [
    {
        "organisation": "Leszczyńskie Stowarzyszenie Kultury – przykład",
        "title": "Letnie koncerty na leszczyńskim Rynku",
        "summary": "Sześć plenerowych koncertów lokalnych zespołów w lipcu i sierpniu, z tłumaczem PJM.",
        "results": "6 koncertów, co najmniej 3000 widzów, 12 zespołów z Leszna.",
        "actions": [("Koncerty plenerowe", "Sześć koncertów w soboty wakacji.")],
        "costs": [
            ("Koncerty plenerowe", "Honoraria zespołów", "koncert", "4000", "6"),
            ("Koncerty plenerowe", "Nagłośnienie i scena", "dzień", "1500", "4"),
            ("Koncerty plenerowe", "Praca wolontariuszy", "godz.", "40", "50"),
            (None, "Koordynacja i księgowość", "mies.", "500", "6"),
        ],
        "grant": "30000",
        "own_financial": "3000",
        "own_personal": "2000",
        "experience": "Stowarzyszenie od 2010 r. organizuje koncerty i festiwale w Lesznie.",
        "resources": "Koordynatorka, akustyk, 10 wolontariuszy, scena mobilna użyczana przez partnera.",
    },
    {
        "organisation": "Fundacja Wolontariatu Leszczyńskiego – przykład",
        "title": "Wolontariusze kultury – obsługa wydarzeń miejskich",
        "summary": "Szkolenie i koordynacja 40 wolontariuszy obsługujących letnie wydarzenia kulturalne.",
        "results": "40 przeszkolonych wolontariuszy, obsługa 10 wydarzeń.",
        "actions": [("Szkolenia wolontariuszy", "Cztery szkolenia z obsługi widowni i dostępności.")],
        "costs": [
            ("Szkolenia wolontariuszy", "Prowadzenie szkoleń", "godz.", "600", "20"),
            ("Szkolenia wolontariuszy", "Koordynator wolontariatu", "mies.", "2750", "4"),
            ("Szkolenia wolontariuszy", "Praca wolontariuszy", "godz.", "40", "75"),
            (None, "Obsługa administracyjna", "mies.", "500", "4"),
        ],
        "grant": "25000",
        "own_personal": "3000",
        "experience": "Fundacja prowadzi Leszczyńskie Centrum Wolontariatu.",
        "resources": "Koordynatorka wolontariatu, sala szkoleniowa, baza 200 wolontariuszy.",
    },
    {
        "organisation": "Klub Sportowy Leszno – przykład",
        "title": "Rodzinny festyn sportowy na Stadionie Smoczyka",
        "summary": "Jednodniowy festyn z zawodami dla rodzin.",
        "results": "1 festyn, 500 uczestników.",
        "actions": [("Festyn", "Zawody i pokazy sportowe dla rodzin.")],
        "costs": [
            ("Festyn", "Organizacja festynu", "usługa", "18000", "1"),
            ("Festyn", "Nagrody", "szt.", "100", "30"),
            (None, "Obsługa administracyjna", "usługa", "2000", "1"),
        ],
        "grant": "20000",
        "own_financial": "3000",
        "experience": "Klub prowadzi sekcje piłkarskie dzieci i młodzieży.",
        "resources": "Trenerzy klubu, boisko.",
    },
]


def _call(official: User, tenant: Tenant) -> Call:
    year = timezone.localdate().year + 1
    local = timezone.localtime() + dt.timedelta(days=22)
    call = create_call(
        tenant=tenant,
        actor=official,
        data={
            "title": TITLE,
            "task_type": "Kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego: wydarzenia kulturalne latem.",
            "mode": "support",
            "total_funds": Decimal("60000.00"),
            "award_rules": f"Dotacje przyznaje Prezydent Miasta Leszna po zapoznaniu się z opinią komisji. {DEMO_NOTE}",
            "delivery_start": dt.date(year, 6, 1),
            "delivery_end": dt.date(year, 9, 30),
            "delivery_conditions": "Wydarzenia w przestrzeni publicznej Leszna, dostępne dla osób z niepełnosprawnościami.",
            "offer_deadline": local.replace(hour=15, minute=30, second=0, microsecond=0),
            "procedure": (
                "Ocena formalna w Biurze ds. Organizacji Pozarządowych; ocena merytoryczna komisji konkursowej z "
                "udziałem przedstawicieli organizacji (nabór kandydatów na stronie ngo.leszno.pl)."
            ),
            "choice_deadline": timezone.localdate() + dt.timedelta(days=60),
            "previous_tasks": "W roku bieżącym: 2 zadania, 52 000 zł; w ubiegłym: 2 zadania, 48 000 zł (dane przykładowe).",
            "min_grant": Decimal("5000.00"),
            "max_grant": Decimal("40000.00"),
            "min_own_total": Decimal("10.00"),
            "admin_costs_cap": Decimal("10.00"),
            "required_attachments": "Statut\nSprawozdanie merytoryczne za poprzedni rok",
            "eligible_entities": ["ngo", "art3_3"],
            "spheres": list(SphereOfPublicTasks.objects.filter(code__in=["16"])),
        },
        criteria=CRITERIA,
        checklist=CHECKLIST,
    )
    return publish_call(call=call, actor=official)


def load(*, admin: User) -> None:
    """The whole competition in Leszno, from the call to the published results; idempotent."""
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug="leszno").first()
        official = User.objects.filter(email=OFFICIAL).first()
        if tenant is None or official is None or Call.objects.filter(tenant=tenant, title=TITLE).exists():
            return
        people = {email: _person(email, name) for email, name, _org in PEOPLE}
        for email, _name, org_name in PEOPLE:
            organisation = Organisation.objects.filter(name=org_name).first() if org_name else None
            if organisation is not None:
                OrganisationMember.objects.get_or_create(
                    organisation=organisation, user=people[email], defaults={"role": MemberRole.OWNER}
                )
        call = _call(official, tenant)
        offers = []
        for spec, (email, _name, _org) in zip(OFFERS, PEOPLE, strict=False):
            author = people[email]
            organisation = Organisation.objects.get(name=spec["organisation"])
            offer = offer_services.start_offer(call=call, organisation=organisation, actor=author)
            offer = write_demo_offer(offer, author, spec)
            offer_services.submit_offer(offer=offer, actor=author)
            offers.append(offer)
        # History: the offer period is over (see the module's docstring).
        Call.objects.filter(pk=call.pk).update(offer_deadline=timezone.now() - dt.timedelta(days=1))
        call = close_call(call=Call.objects.get(pk=call.pk), actor=official)
        _evaluate(call, official, offers, people)


# Points per offer (by index) and criterion (in CRITERIA's order) given by each voting member.
SCORES = {
    "urzednik.leszno@pozytek.localhost": [[9, 9, 13, 5], [8, 7, 12, 4]],
    "urzedniczka.leszno@pozytek.localhost": [[10, 8, 14, 4], [7, 8, 11, 4]],
    "komisja.leszno@pozytek.localhost": [[9, 9, 14, 5], [8, 6, 12, 3]],
    "ekspert.leszno@pozytek.localhost": [[8, 8, 12, 4], [8, 7, 13, 4]],
}
JUSTIFICATIONS = [
    "Oferent ma wieloletnie doświadczenie, kalkulacja jest rzetelna, działania dostępne dla wszystkich.",
    "Dobry pomysł na wolontariat; koszt koordynacji wysoki w stosunku do liczby wydarzeń.",
]


def _formal_check(call: Call, official: User, offers: list[Offer], people: dict[str, User]) -> None:
    items = list(call.checklist.order_by("order", "pk"))
    everything_met = [{"item": item.pk, "met": True, "note": ""} for item in items]
    culture, volunteers, sport = offers
    formal.check_offer(
        offer=culture, actor=official, answers=everything_met, sections=[], correction_deadline=None, reasons=""
    )
    # The foundation's statute attached is out of date: a correctable defect, corrected in time.
    unsigned = [
        {
            "item": item.pk,
            "met": item.correctable is False or item.text != "Załączono statut",
            "note": "" if item.text != "Załączono statut" else "Załączono nieaktualny statut (sprzed zmian z 2024 r.).",
        }
        for item in items
    ]
    formal.check_offer(
        offer=volunteers,
        actor=official,
        answers=unsigned,
        sections=["attachments"],
        correction_deadline=timezone.now() + dt.timedelta(days=7),
        reasons="Prosimy o dołączenie aktualnego statutu fundacji.",
    )
    author = people["wolontariat.leszno@pozytek.localhost"]
    volunteers = Offer.objects.get(pk=volunteers.pk)
    statute = volunteers.attachments.filter(label="Statut", removed_at__isnull=True).first()
    if statute is not None:
        offer_services.remove_attachment(attachment=statute, actor=author)
    offer_services.add_attachment(
        offer=volunteers, label="Statut", upload=ContentFile(DEMO_PDF, name="statut-2024.pdf"), actor=author
    )
    offer_services.submit_correction(offer=Offer.objects.get(pk=volunteers.pk), actor=author)
    formal.check_offer(
        offer=Offer.objects.get(pk=volunteers.pk),
        actor=official,
        answers=everything_met,
        sections=[],
        correction_deadline=None,
        reasons="",
    )
    # The sports club's festival is outside the task of the call: not correctable.
    out_of_scope = [
        {"item": item.pk, "met": item.text != "Oferent uprawniony do udziału w konkursie", "note": ""} for item in items
    ]
    formal.check_offer(
        offer=sport,
        actor=official,
        answers=out_of_scope,
        sections=[],
        correction_deadline=None,
        reasons="Festyn sportowy nie jest zadaniem z zakresu kultury określonym w ogłoszeniu.",
    )
    formal.publish_formal_results(call=Call.objects.get(pk=call.pk), actor=official)


def _commission(call: Call, official: User, people: dict[str, User]) -> Commission:
    commission = commission_services.ensure_commission(call=call, actor=official)
    recruitment = commission_services.open_recruitment(
        commission=commission,
        actor=official,
        deadline=timezone.now() + dt.timedelta(days=3),
        description="Zgłoszenia przedstawicieli organizacji do komisji konkursowej (dane przykładowe).",
    )
    neighbours = Organisation.objects.get(name="Stowarzyszenie Zwykłe Sąsiedzi – przykład")
    nomination = commission_services.nominate_candidate(
        recruitment=recruitment,
        organisation=neighbours,
        actor=people["sasiedzi.leszno@pozytek.localhost"],
        candidate_email="komisja.leszno@pozytek.localhost",
        statement="Od 10 lat animuje wydarzenia sąsiedzkie w Lesznie.",
    )
    commission_services.close_recruitment(recruitment=recruitment, actor=official)
    seats = [
        (OFFICIAL, MemberRole_.CHAIR, MemberKind.OFFICE, "Biuro ds. Organizacji Pozarządowych", None),
        ("urzedniczka.leszno@pozytek.localhost", MemberRole_.MEMBER, MemberKind.OFFICE, "Wydział Kultury", None),
        ("komisja.leszno@pozytek.localhost", MemberRole_.MEMBER, MemberKind.NGO, neighbours.name, nomination),
        ("ekspert.leszno@pozytek.localhost", MemberRole_.EXPERT, MemberKind.EXPERT, "animator kultury", None),
    ]
    for email, role, kind, represents, nominated in seats:
        commission_services.add_member(
            commission=commission,
            actor=official,
            user_email=email,
            role=role,
            kind=kind,
            represents=represents,
            nomination=nominated,
        )
    return commission_services.appoint_commission(
        commission=commission, actor=official, number="ZP/0050/2026", date=timezone.localdate()
    )


def _score(commission: Commission, official: User, offers: list[Offer]) -> Commission:
    scored = [o for o in offers if Offer.objects.get(pk=o.pk).state == OfferState.FORMALLY_ACCEPTED]
    criteria = list(commission.call.criteria.order_by("order", "pk"))
    for seat in CommissionMember.objects.filter(commission=commission).select_related("user", "commission"):
        scoring.sign_declaration(seat=seat, actor=seat.user, conflicted_offers=[], statement=DECLARATION)
        for index, offer in enumerate(scored):
            points = SCORES[seat.user.email][index]
            card = scoring.save_card(
                seat=seat,
                offer=Offer.objects.get(pk=offer.pk),
                actor=seat.user,
                points={c.pk: Decimal(p) for c, p in zip(criteria, points, strict=True)},
                notes={},
                justification=JUSTIFICATIONS[index],
            )
            scoring.submit_card(card=card, actor=seat.user)
    proposals = {scored[0].pk: Decimal("30000.00"), scored[1].pk: Decimal("18000.00")}
    protocol.set_proposals(
        commission=commission,
        actor=official,
        amounts=proposals,
        notes={scored[1].pk: "Proponowane obniżenie kosztów koordynacji."},
        opinion="Komisja pozytywnie opiniuje obie oferty; rekomenduje obniżenie dotacji dla drugiej oferty.",
    )
    commission = protocol.close_round(commission=Commission.objects.get(pk=commission.pk), actor=official)
    for seat in CommissionMember.objects.filter(commission=commission).select_related("user", "commission"):
        protocol.sign_protocol(seat=seat, actor=seat.user)
    return commission


def _evaluate(call: Call, official: User, offers: list[Offer], people: dict[str, User]) -> None:
    """Formal check (one correction), commission with an NGO member and an expert, scores, protocol,
    the decision (one offer awarded in full, one less than requested), a justification request answered."""
    _formal_check(call, official, offers, people)
    call = Call.objects.get(pk=call.pk)
    commission = _commission(call, official, people)
    _score(commission, official, offers)
    culture, volunteers, _sport = offers
    decision.record_decision(
        call=Call.objects.get(pk=call.pk),
        actor=official,
        number="ZP/0071/2026",
        date=timezone.localdate(),
        note="Zgodnie z opinią komisji konkursowej.",
        amounts={culture.pk: Decimal("30000.00"), volunteers.pk: Decimal("18000.00")},
        reasons={},
    )
    request = requests.request_justification(
        call=Call.objects.get(pk=call.pk),
        name="Klub Sportowy Leszno",
        email="sport.leszno@pozytek.localhost",
        offer=None,
        question="Prosimy o uzasadnienie odrzucenia naszej oferty z przyczyn formalnych.",
    )
    requests.answer_request(
        request=request,
        actor=official,
        answer="Oferta dotyczyła festynu sportowego, a konkurs – zadań z zakresu kultury (pkt 1 ogłoszenia).",
    )
