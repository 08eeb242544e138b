"""Demo regranting for Miasto Leszno (art. 16a), written through the services.

The organisation of Leszno's signed competition agreement (agreements' demo) is named a project operator with
a pool for micro-grants. It names a committee of two, runs a spring call for neighbourhood projects (its
deadline written as history, then closed): three applications, scored by both members; two micro-grants
awarded (one signed), one refused with a reason. A second call is open now.

Idempotent: nothing happens once Leszno has an operator.
"""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.agreements.models import Agreement
from pozytek.agreements.states import AgreementState
from pozytek.organisations.models import OrganisationMember
from pozytek.regranting.models import Operator, SubCall
from pozytek.regranting.services import (
    add_committee_member,
    close_sub_call,
    create_sub_call,
    decide_application,
    name_operator,
    publish_sub_call,
    score_application,
    sign_micro_grant,
    submit_application,
)
from pozytek.regranting.states import ApplicantKind
from pozytek.tenants.demo import DEMO_PASSWORD
from pozytek.tenants.models import Tenant

OFFICIAL = "urzednik.leszno@pozytek.localhost"
COMMITTEE = [
    ("komisja.leszno@pozytek.localhost", "Członkini komisji operatora"),
    ("ekspert.leszno@pozytek.localhost", "Ekspert ds. animacji kultury"),
]
LEADERS = [
    ("mieszkanka.leszno@pozytek.localhost", "Anna Sąsiedzka – przykład"),
    ("mieszkaniec.leszno@pozytek.localhost", "Piotr Podwórkowy – przykład"),
]
RULES = (
    "Mikrogranty do 3 000 zł na projekty sąsiedzkie realizowane w Lesznie: grupy co najmniej dwóch "
    "mieszkańców z liderem lub małe organizacje. Wnioski ocenia komisja operatora (0–100 pkt). (dane przykładowe)"
)
APPLICATIONS = [
    # (leader, kind, group or organisation, members, title, amount, points, award)
    (
        0,
        ApplicantKind.GROUP,
        "Sąsiedzi z Zatorza",
        "Anna Sąsiedzka\nJan Kowal\nMaria Lis",
        "Ogród na podwórku",
        "2500.00",
        (88, 92),
        "2500.00",
    ),
    (
        1,
        ApplicantKind.GROUP,
        "Podwórko Gronowo",
        "Piotr Podwórkowy\nEwa Nowak",
        "Kino plenerowe dla sąsiadów",
        "3000.00",
        (75, 81),
        "2800.00",
    ),
    (
        1,
        ApplicantKind.ORGANISATION,
        "Klub Szachowy Skoczek – przykład",
        "",
        "Turniej szachowy w parku",
        "1500.00",
        (40, 35),
        None,
    ),
]


def _person(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def load(*, admin: User) -> None:
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug="leszno").first()
        official = User.objects.filter(email=OFFICIAL).first()
        if tenant is None or official is None or Operator.objects.filter(tenant=tenant).exists():
            return
        agreement = (
            Agreement.objects.filter(tenant=tenant, state=AgreementState.SIGNED, offer__call__isnull=False)
            .select_related("offer__organisation")
            .order_by("pk")
            .first()
        )
        if agreement is None:
            return
        keeper_row = OrganisationMember.objects.filter(organisation=agreement.offer.organisation).first()
        if keeper_row is None:
            return
        keeper = keeper_row.user
        pool = (agreement.grant_amount * Decimal("0.6")).quantize(Decimal("1"))
        operator = name_operator(tenant=tenant, agreement=agreement, pool=pool, actor=official)
        seats = []
        for email, name in COMMITTEE:
            member = add_committee_member(operator=operator, actor=keeper, email=_person(email, name).email, name=name)
            seats.append(member.user)
        _spring_call(operator, keeper, seats, pool)
        create_and_open = create_sub_call(
            operator=operator,
            actor=keeper,
            title="Mikrogranty jesienne: zajęcia dla seniorów",
            rules=RULES,
            deadline=timezone.now() + dt.timedelta(days=21),
            pool_share=min(Decimal("4000.00"), pool - Decimal("6000.00")),
            max_grant=Decimal("2000.00"),
        )
        publish_sub_call(sub_call=create_and_open, actor=keeper)


def _spring_call(operator: Operator, keeper: User, seats: list[User], pool: Decimal) -> None:
    sub_call = create_sub_call(
        operator=operator,
        actor=keeper,
        title="Mikrogranty sąsiedzkie – wiosna",
        rules=RULES,
        deadline=timezone.now() + dt.timedelta(hours=1),
        pool_share=Decimal("6000.00"),
        max_grant=Decimal("3000.00"),
    )
    sub_call = publish_sub_call(sub_call=sub_call, actor=keeper)
    leaders = [_person(email, name) for email, name in LEADERS]
    applications = []
    for leader, kind, who, members, title, amount, _points, _award in APPLICATIONS:
        applications.append(
            submit_application(
                sub_call=sub_call,
                actor=leaders[leader],
                kind=kind,
                leader_name=leaders[leader].full_name,
                group_name=who if kind == ApplicantKind.GROUP else "",
                member_names=members,
                organisation=None,
                organisation_name=who if kind == ApplicantKind.ORGANISATION else "",
                title=title,
                description=f"{title}: projekt sąsiedzki w Lesznie. (dane przykładowe)",
                amount=Decimal(amount),
            )
        )
    # The call's deadline written as history: it ended yesterday.
    SubCall.objects.filter(pk=sub_call.pk).update(deadline=timezone.now() - dt.timedelta(days=1))
    sub_call = close_sub_call(sub_call=SubCall.objects.get(pk=sub_call.pk), actor=keeper)
    for application, (*_rest, points, award) in zip(applications, APPLICATIONS, strict=True):
        for seat, value in zip(seats, points, strict=True):
            score_application(application=application, actor=seat, points=value, comment="Ocena przykładowa.")
        decide_application(
            application=application,
            actor=keeper,
            award=award is not None,
            amount=Decimal(award) if award else None,
            reason="Wysoka ocena komisji, projekt dla całego podwórka."
            if award
            else "Za niska ocena komisji: projekt nie ma charakteru sąsiedzkiego.",
        )
    first = operator.micro_grants.order_by("pk").first()
    if first is not None:
        sign_micro_grant(micro_grant=first, actor=keeper, signed_on=timezone.localdate())
