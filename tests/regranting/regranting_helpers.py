"""Test data for regranting: an operator named for a signed agreement (the agreements' own helpers make it
the way production does), its calls, applications and micro-grants, all through the services. Time is moved
by writing a call's deadline into the past (test setup), never by the clock."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.regranting.models import Application, MicroGrant, Operator, SubCall
from pozytek.regranting.services import (
    add_committee_member,
    close_sub_call,
    create_sub_call,
    decide_application,
    name_operator,
    publish_sub_call,
    score_application,
    submit_application,
)
from pozytek.regranting.states import ApplicantKind
from tests.agreements.agreement_helpers import awarded_grant, member_of, signed
from tests.factories.accounts import UserFactory


def signed_agreement(tenant, official, *, number: int = 1):
    """A signed agreement of a competition offer in `tenant` (a grant of 9 000 zł) and a person who keeps the
    organisation's profile."""
    grant = awarded_grant(tenant, official, number=f"ZAR/{number}/2027")
    agreement = signed(grant, official, number=f"U/{number}/2027")
    return agreement, member_of(grant)


def operator_for(tenant, official, *, pool: str = "6000.00", number: int = 1) -> tuple[Operator, object]:
    """An operator with its pool, named by the office, and its keeper."""
    agreement, keeper = signed_agreement(tenant, official, number=number)
    with scope(tenant=tenant):
        operator = name_operator(tenant=tenant, agreement=agreement, pool=Decimal(pool), actor=official)
    return operator, keeper


def committee_member(operator: Operator, keeper, name: str = "Ewa Komisyjna"):
    user = UserFactory(full_name=name)
    with scope(tenant=operator.tenant):
        add_committee_member(operator=operator, actor=keeper, email=user.email, name=name)
    return user


def open_call(
    operator: Operator, keeper, *, share: str = "4000.00", max_grant: str = "3000.00", title="Mikrogranty sąsiedzkie"
):
    with scope(tenant=operator.tenant):
        sub_call = create_sub_call(
            operator=operator,
            actor=keeper,
            title=title,
            rules="Projekty sąsiedzkie do 3 000 zł.",
            deadline=timezone.now() + dt.timedelta(days=14),
            pool_share=Decimal(share),
            max_grant=Decimal(max_grant),
        )
        return publish_sub_call(sub_call=sub_call, actor=keeper)


def draft_call(operator: Operator, keeper, *, share: str = "1000.00") -> SubCall:
    with scope(tenant=operator.tenant):
        return create_sub_call(
            operator=operator,
            actor=keeper,
            title="Szkic naboru",
            rules="Jeszcze nie ogłoszony.",
            deadline=timezone.now() + dt.timedelta(days=30),
            pool_share=Decimal(share),
            max_grant=Decimal("500.00"),
        )


def apply(sub_call: SubCall, leader=None, *, amount: str = "2500.00", title: str = "Ogród na podwórku", **overrides):
    leader = leader or UserFactory(full_name="Anna Sąsiedzka")
    data = {
        "kind": ApplicantKind.GROUP,
        "leader_name": "Anna Sąsiedzka",
        "group_name": "Sąsiedzi z Zatorza",
        "member_names": "Anna Sąsiedzka\nJan Kowal",
        "organisation": None,
        "organisation_name": "",
        "title": title,
        "description": "Grządki i ławki dla sąsiadów.",
        "amount": Decimal(amount),
    }
    data.update(overrides)
    with scope(tenant=sub_call.tenant):
        return submit_application(sub_call=sub_call, actor=leader, **data)


def closed(sub_call: SubCall, keeper) -> SubCall:
    """Test setup: the deadline passed yesterday; then the operator closes the call."""
    with scopes_disabled():
        SubCall.objects.filter(pk=sub_call.pk).update(deadline=timezone.now() - dt.timedelta(days=1))
        fresh = SubCall.objects.select_related("operator", "tenant").get(pk=sub_call.pk)
    with scope(tenant=sub_call.tenant):
        return close_sub_call(sub_call=fresh, actor=keeper)


def fresh(application: Application) -> Application:
    with scopes_disabled():
        return Application.objects.select_related("sub_call", "sub_call__operator", "tenant").get(pk=application.pk)


def score(application: Application, member, points: int):
    with scope(tenant=application.tenant):
        return score_application(application=fresh(application), actor=member, points=points, comment="")


def award(application: Application, keeper, amount: str, reason: str = "Dobry projekt."):
    with scope(tenant=application.tenant):
        return decide_application(
            application=fresh(application), actor=keeper, award=True, amount=Decimal(amount), reason=reason
        )


def micro_grant_of(application: Application) -> MicroGrant:
    with scopes_disabled():
        return MicroGrant.objects.select_related("operator", "tenant").get(application=application)


def awarded_world(tenant, official, *, number: int = 1):
    """An operator with a committee member, an open call, a closed call with a micro-grant awarded, a draft."""
    operator, keeper = operator_for(tenant, official, number=number)
    member = committee_member(operator, keeper)
    spring = open_call(operator, keeper, share="3000.00", title="Wiosna")
    application = apply(spring)
    spring = closed(spring, keeper)
    score(application, member, 80)
    award(application, keeper, "2500.00")
    autumn = open_call(operator, keeper, share="2000.00", max_grant="2000.00", title="Jesień")
    draft = draft_call(operator, keeper, share="500.00")
    return {
        "operator": operator,
        "keeper": keeper,
        "member": member,
        "closed": spring,
        "open": autumn,
        "draft": draft,
        "application": fresh(application),
        "micro_grant": micro_grant_of(application),
    }


def make_micro_grant_record(tenant, official, day) -> int:
    """One micro-grant of `tenant` awarded on `day` (the programme's record-kind tests, MAKERS): the tenant's
    operator (made once), a call of its own, an application awarded; the award's day written as history."""
    from pozytek.organisations.models import OrganisationMember

    with scopes_disabled():
        operator = Operator.objects.filter(tenant=tenant).select_related("organisation").first()
        keeper = (
            OrganisationMember.objects.filter(organisation=operator.organisation).first().user if operator else None
        )
        number = Operator._base_manager.count() + 1
    if operator is None:
        operator, keeper = operator_for(tenant, official, pool="9000.00", number=number)
    sub_call = open_call(operator, keeper, share="1000.00", max_grant="1000.00")
    application = apply(sub_call, amount="1000.00")
    closed(sub_call, keeper)
    award(application, keeper, "1000.00")
    grant = micro_grant_of(application)
    MicroGrant._base_manager.filter(pk=grant.pk).update(awarded_on=day)
    return grant.pk
