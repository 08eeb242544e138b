"""A local government's evaluation at every stage, written through the services (the way demo_data.py does it).

`prepare(tenant, official, people)` gives, in one tenant:

- `scoring`: a closed call whose two offers passed the formal check (results published); its commission
  (chair, member, expert, excluded member, member without a declaration; no NGO members, reason recorded)
  is appointed and scoring: the chair, the member and the expert signed the declaration, the excluded
  member declared a conflict with the first offer, the last one has not signed; a recruitment was held.
- `finished`: a resolved call: the same people scored both offers (the excluded one only the second),
  the chair proposed amounts and closed the round, the decision is recorded, a resident asked for the
  justification (the request waits for its answer).
- `cancelled`: a call cancelled for lack of offers (art. 18a).

The only direct writes are the ones the services cannot do in a test: the offer deadline is moved to
the past after the offers were submitted (as demo_data.py does), and TOTP is activated for people.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call
from pozytek.competitions.services import cancel_call, close_call
from pozytek.evaluation.models import Commission, CommissionMember, JustificationRequest, Recruitment
from pozytek.evaluation.services import commission as commission_services
from pozytek.evaluation.services import decision, formal, protocol, requests, scoring
from pozytek.evaluation.states import MemberKind, MemberRole, WithoutNgoReason
from pozytek.offers import services as offer_services
from pozytek.offers.models import Offer
from tests.conftest import with_totp
from tests.factories.accounts import UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer, ngo_member, save

DECLARATION = "Oświadczam, że nie zachodzą wobec mnie przesłanki z art. 24 KPA."
SEATS = (  # (attribute of People, role, kind)
    ("chair", MemberRole.CHAIR, MemberKind.OFFICE),
    ("member", MemberRole.MEMBER, MemberKind.OFFICE),
    ("expert", MemberRole.EXPERT, MemberKind.EXPERT),
    ("excluded", MemberRole.MEMBER, MemberKind.OFFICE),
    ("undeclared", MemberRole.MEMBER, MemberKind.OFFICE),
)


@dataclass
class People:
    """Everyone but the officials; the same persons sit in the commissions of both tenants."""

    resident: object  # signed in, no roles, no authenticator
    ngo: object  # keeps the organisation that submitted the first offer of every call (has TOTP)
    organisation: object
    chair: object
    member: object
    expert: object
    excluded: object  # declared a conflict with the first offer
    undeclared: object  # has not signed the declaration in the scoring commission
    superuser: object  # platform admin with TOTP, no seat

    @classmethod
    def create(cls, tenant) -> "People":
        ngo, organisation = ngo_member(tenant=tenant)
        return cls(
            resident=UserFactory(),
            ngo=with_totp(ngo),
            organisation=organisation,
            chair=with_totp(UserFactory(full_name="Anna Przewodnicząca")),
            member=with_totp(UserFactory(full_name="Jan Członek")),
            expert=with_totp(UserFactory(full_name="Piotr Ekspert")),
            excluded=with_totp(UserFactory(full_name="Ewa Wyłączona")),
            undeclared=with_totp(UserFactory(full_name="Olga Niezdeklarowana")),
            superuser=with_totp(UserFactory(is_superuser=True, is_staff=True)),
        )


@dataclass
class Stage:
    call: Call
    offers: list[Offer]
    commission: Commission
    seats: dict[str, CommissionMember] = field(default_factory=dict)


@dataclass
class Prepared:
    tenant: object
    official: object
    scoring: Stage
    finished: Stage
    cancelled: Call
    recruitment: Recruitment
    request: JustificationRequest


def closed_call_with_offers(
    tenant, official, organisations_and_authors, *, titles=(), **call_fields
) -> tuple[Call, list[Offer]]:
    """A call published with a future deadline, offers submitted (titled from `titles` when given), then
    the deadline moved to the past and the call closed through the service."""
    call = PublishedCallFactory(
        tenant=tenant,
        offer_deadline=timezone.now() + dt.timedelta(days=10),
        required_attachments="Statut",
        **call_fields,
    )
    offers = []
    for n, (organisation, author) in enumerate(organisations_and_authors):
        offer, author = complete_offer(call, organisation=organisation, actor=author)
        with scopes_disabled():
            if n < len(titles):
                task = {f: getattr(offer, f) for f in ("start_date", "end_date", "summary", "expected_results")}
                offer = save(offer, "task", author, data={**task, "title": titles[n]})
            offer_services.submit_offer(offer=offer, actor=author)
            offers.append(Offer.objects.get(pk=offer.pk))
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(offer_deadline=timezone.now() - dt.timedelta(hours=1))
        call = close_call(call=Call.objects.get(pk=call.pk), actor=official)
    return call, offers


def all_met(call: Call) -> list[dict]:
    return [{"item": item.pk, "met": True, "note": ""} for item in call.checklist.order_by("order", "pk")]


def passed_formal_check(call: Call, official, offers: list[Offer]) -> Call:
    for offer in offers:
        formal.check_offer(
            offer=Offer.objects.get(pk=offer.pk),
            actor=official,
            answers=all_met(call),
            sections=[],
            correction_deadline=None,
            reasons="",
        )
    return formal.publish_formal_results(call=Call.objects.get(pk=call.pk), actor=official)


def appointed_commission(call: Call, official, people: People, *, recruitment: bool = False) -> Stage:
    commission = commission_services.ensure_commission(call=call, actor=official)
    if recruitment:
        held = commission_services.open_recruitment(
            commission=commission,
            actor=official,
            deadline=timezone.now() + dt.timedelta(days=2),
            description="Zgłoszenia kandydatów do komisji.",
        )
        commission_services.close_recruitment(recruitment=held, actor=official)
    seats = {
        name: commission_services.add_member(
            commission=commission,
            actor=official,
            user_email=getattr(people, name).email,
            role=role,
            kind=kind,
            represents="Ekspert" if kind == MemberKind.EXPERT else "",
        )
        for name, role, kind in SEATS
    }
    commission_services.set_without_ngo_reason(
        commission=commission, actor=official, reason=WithoutNgoReason.NONE_NOMINATED, note="Brak zgłoszeń."
    )
    commission = commission_services.appoint_commission(
        commission=Commission.objects.get(pk=commission.pk),
        actor=official,
        number="ZP/10/2027",
        date=timezone.localdate(),
    )
    seats = {
        name: CommissionMember.objects.select_related("commission__call").get(pk=s.pk) for name, s in seats.items()
    }
    return Stage(call=Call.objects.get(pk=call.pk), offers=[], commission=commission, seats=seats)


def declare(stage: Stage, people: People, names: tuple[str, ...]) -> None:
    for name in names:
        conflicts = [stage.offers[0].pk] if name == "excluded" else []
        scoring.sign_declaration(
            seat=stage.seats[name], actor=getattr(people, name), conflicted_offers=conflicts, statement=DECLARATION
        )


def score_everything(stage: Stage, people: People) -> None:
    criteria = list(stage.call.criteria.order_by("order", "pk"))
    for name, seat in stage.seats.items():
        for offer in stage.offers:
            if name == "excluded" and offer.pk == stage.offers[0].pk:
                continue
            card = scoring.save_card(
                seat=seat,
                offer=Offer.objects.get(pk=offer.pk),
                actor=getattr(people, name),
                points={c.pk: Decimal(7) for c in criteria},
                notes={},
                justification="Oferta spójna, koszty realne.",
            )
            scoring.submit_card(card=card, actor=getattr(people, name))


def prepare(tenant, official, people: People) -> Prepared:
    """Every stage of the evaluation in `tenant` (see the module's docstring)."""
    second, second_author = ngo_member(tenant=tenant)[::-1]
    entrants = [(people.organisation, people.ngo), (second, second_author)]
    with scopes_disabled():
        # The call being scored.
        call, offers = closed_call_with_offers(tenant, official, entrants)
        call = passed_formal_check(call, official, offers)
        scoring_stage = appointed_commission(call, official, people, recruitment=True)
        scoring_stage.offers = [Offer.objects.get(pk=o.pk) for o in offers]
        declare(scoring_stage, people, ("chair", "member", "expert", "excluded"))
        recruitment = Recruitment.objects.get(commission=scoring_stage.commission)

        # The call resolved.
        call, offers = closed_call_with_offers(tenant, official, entrants)
        call = passed_formal_check(call, official, offers)
        finished = appointed_commission(call, official, people)
        finished.offers = [Offer.objects.get(pk=o.pk) for o in offers]
        declare(finished, people, ("chair", "member", "expert", "excluded", "undeclared"))
        score_everything(finished, people)
        amounts = {o.pk: o.requested_grant for o in finished.offers}
        protocol.set_proposals(
            commission=finished.commission, actor=people.chair, amounts=amounts, notes={}, opinion="Oferty dobre."
        )
        commission = protocol.close_round(
            commission=Commission.objects.get(pk=finished.commission.pk), actor=people.chair
        )
        protocol.sign_protocol(seat=finished.seats["chair"], actor=people.chair)
        decision.record_decision(
            call=Call.objects.get(pk=call.pk),
            actor=official,
            number="ZP/20/2027",
            date=timezone.localdate(),
            note="",
            amounts=amounts,
            reasons={},
        )
        finished.call = Call.objects.get(pk=call.pk)
        finished.commission = commission
        request = requests.request_justification(
            call=finished.call,
            name="Jan Mieszkaniec",
            email="jan@example.org",
            offer=None,
            question="Dlaczego tak?",
        )

        # A call cancelled without offers.
        empty = PublishedCallFactory(tenant=tenant, offer_deadline=timezone.now() + dt.timedelta(days=10))
        Call.objects.filter(pk=empty.pk).update(offer_deadline=timezone.now() - dt.timedelta(hours=1))
        cancelled = cancel_call(call=Call.objects.get(pk=empty.pk), actor=official, reason="Nie złożono żadnej oferty.")
    return Prepared(
        tenant=tenant,
        official=official,
        scoring=scoring_stage,
        finished=finished,
        cancelled=cancelled,
        recruitment=recruitment,
        request=request,
    )
