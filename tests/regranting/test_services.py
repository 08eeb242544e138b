"""Regranting (art. 16a) through the services: the office names an operator within its agreement's grant;
the operator's calls share its pool; groups and small organisations apply before the deadline; the committee
scores after the close; awards stay within the call's funds and the operator's pool (refused with a clear
message, nothing lost); micro-grants are signed and settled; the programme's report counts them."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.core.models import AuditEvent
from pozytek.core.record_kinds import measure, record_kind
from pozytek.regranting.models import Application, ApplicationScore, MicroGrant, SubCall
from pozytek.regranting.selectors import average_score, pool_use
from pozytek.regranting.services import (
    create_sub_call,
    decide_application,
    name_operator,
    publish_sub_call,
    settle_micro_grant,
    sign_micro_grant,
)
from pozytek.regranting.states import ApplicantKind, ApplicationState, MicroGrantState, SubCallState
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.regranting.regranting_helpers import (
    apply,
    award,
    closed,
    committee_member,
    draft_call,
    fresh,
    micro_grant_of,
    open_call,
    operator_for,
    score,
    signed_agreement,
)


def messages_of(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages]


# The operator -------------------------------------------------------------------------------------------


def test_the_office_names_the_organisation_of_a_signed_agreement_an_operator(tenant, official):
    operator, _keeper = operator_for(tenant, official, pool="6000.00")
    with scopes_disabled():
        assert operator.organisation == operator.agreement.offer.organisation
        assert operator.name == operator.organisation.name
        assert AuditEvent.objects.filter(action="regranting.operator_named", subject_id=str(operator.pk)).exists()


def test_a_pool_above_the_agreements_grant_is_refused(tenant, official):
    agreement, _keeper = signed_agreement(tenant, official)
    with scope(tenant=tenant), pytest.raises(ValidationError) as refused:
        name_operator(tenant=tenant, agreement=agreement, pool=Decimal("9000.01"), actor=official)
    assert list(refused.value.message_dict) == ["pool"]


def test_only_the_office_names_operators_and_only_once(tenant, official):
    agreement, keeper = signed_agreement(tenant, official)
    with scope(tenant=tenant):
        with pytest.raises(PermissionDenied):
            name_operator(tenant=tenant, agreement=agreement, pool=Decimal(100), actor=keeper)
        name_operator(tenant=tenant, agreement=agreement, pool=Decimal(100), actor=official)
        with pytest.raises(ValidationError) as again:
            name_operator(tenant=tenant, agreement=agreement, pool=Decimal(100), actor=official)
    assert list(again.value.message_dict) == ["agreement"]


# Calls -------------------------------------------------------------------------------------------------


def test_calls_cannot_share_out_more_than_the_pool(tenant, official):
    operator, keeper = operator_for(tenant, official, pool="5000.00")
    open_call(operator, keeper, share="4000.00")
    with scope(tenant=tenant), pytest.raises(ValidationError) as refused:
        create_sub_call(
            operator=operator,
            actor=keeper,
            title="Za duży",
            rules="…",
            deadline=timezone.now() + dt.timedelta(days=3),
            pool_share=Decimal("1000.01"),
            max_grant=Decimal("500.00"),
        )
    assert list(refused.value.message_dict) == ["pool_share"]
    with scopes_disabled():
        assert SubCall.objects.filter(operator=operator).count() == 1


def test_a_call_refuses_a_largest_grant_above_its_funds_and_a_past_deadline(tenant, official):
    operator, keeper = operator_for(tenant, official)
    with scope(tenant=tenant), pytest.raises(ValidationError) as refused:
        create_sub_call(
            operator=operator,
            actor=keeper,
            title="Błędny",
            rules="…",
            deadline=timezone.now() - dt.timedelta(minutes=1),
            pool_share=Decimal("1000.00"),
            max_grant=Decimal("1500.00"),
        )
    assert set(refused.value.message_dict) == {"deadline", "max_grant"}


def test_only_the_operators_keepers_publish_a_call(tenant, official):
    operator, keeper = operator_for(tenant, official)
    draft = draft_call(operator, keeper)
    with scope(tenant=tenant):
        with pytest.raises(PermissionDenied):
            publish_sub_call(sub_call=draft, actor=UserFactory())
        with pytest.raises(PermissionDenied):
            create_sub_call(
                operator=operator,
                actor=official,
                title="Urząd nie prowadzi naborów operatora",
                rules="…",
                deadline=timezone.now() + dt.timedelta(days=3),
                pool_share=Decimal(100),
                max_grant=Decimal(100),
            )
        assert publish_sub_call(sub_call=draft, actor=keeper).state == SubCallState.PUBLISHED


# Applications ------------------------------------------------------------------------------------------


def test_a_group_of_residents_names_a_leader_and_at_least_two_members(tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper)
    leader = UserFactory()
    application = apply(sub_call, leader)
    assert application.leader == leader and application.applicant == "Sąsiedzi z Zatorza"
    with pytest.raises(ValidationError) as refused:
        apply(sub_call, member_names="Tylko Ja", group_name="")
    assert set(refused.value.message_dict) == {"member_names", "group_name"}


def test_a_small_organisation_applies_from_the_directory_or_by_name(tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper)
    listed = OrganisationFactory(listed_in=tenant, name="Klub Szachowy Skoczek")
    from_directory = apply(sub_call, kind=ApplicantKind.ORGANISATION, organisation=listed)
    by_name = apply(sub_call, kind=ApplicantKind.ORGANISATION, organisation_name="Koło Gospodyń Wiejskich")
    assert from_directory.applicant == "Klub Szachowy Skoczek" and from_directory.group_name == ""
    assert by_name.applicant == "Koło Gospodyń Wiejskich"
    with pytest.raises(ValidationError) as refused:
        apply(sub_call, kind=ApplicantKind.ORGANISATION, organisation_name="")
    assert list(refused.value.message_dict) == ["organisation_name"]


def test_an_application_above_the_largest_grant_or_after_the_deadline_is_refused(tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper, max_grant="3000.00")
    with pytest.raises(ValidationError) as too_much:
        apply(sub_call, amount="3000.01")
    assert list(too_much.value.message_dict) == ["amount"]
    closed(sub_call, keeper)
    with pytest.raises(ValidationError) as late:
        apply(sub_call)
    assert list(late.value.message_dict) == ["__all__"]
    with scopes_disabled():
        assert not Application.objects.exists()


# Scoring -----------------------------------------------------------------------------------------------


def test_the_committee_scores_after_the_close_and_the_average_is_kept(tenant, official):
    operator, keeper = operator_for(tenant, official)
    first, second = committee_member(operator, keeper, "Ewa"), committee_member(operator, keeper, "Olek")
    sub_call = open_call(operator, keeper)
    application = apply(sub_call)
    with pytest.raises(ValidationError):
        score(application, first, 70)  # the call is still open
    closed(sub_call, keeper)
    score(application, first, 70)
    score(application, second, 85)
    score(application, first, 75)  # a second score replaces the first
    with scope(tenant=tenant):
        assert ApplicationScore.objects.filter(application=application).count() == 2
        assert average_score(application) == Decimal("80.00")


def test_only_committee_members_score(tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper)
    application = apply(sub_call)
    closed(sub_call, keeper)
    for stranger in (keeper, official, UserFactory()):
        with pytest.raises(PermissionDenied):
            score(application, stranger, 50)


# Decisions and the pool ---------------------------------------------------------------------------------


def test_an_award_becomes_a_micro_grant_under_the_operators_agreement(tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper)
    application = apply(sub_call, amount="2500.00")
    closed(sub_call, keeper)
    decided = award(application, keeper, "2000.00", reason="Dobra ocena komisji.")
    grant = micro_grant_of(application)
    assert decided.state == ApplicationState.AWARDED and decided.decision_reason == "Dobra ocena komisji."
    assert grant.amount == Decimal("2000.00") and grant.state == MicroGrantState.AWARDED
    with scopes_disabled():
        assert grant.number == f"{operator.agreement.number}/M/1"
        assert pool_use(operator).awarded == Decimal("2000.00")


def test_a_decision_needs_a_reason_and_a_closed_call(tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper)
    application = apply(sub_call)
    with pytest.raises(ValidationError) as no_reason:
        award(application, keeper, "100.00", reason=" ")
    assert list(no_reason.value.message_dict) == ["reason"]
    from pozytek.core.workflow import TransitionBlocked

    with pytest.raises(TransitionBlocked):
        award(application, keeper, "100.00")  # the call is still open
    closed(sub_call, keeper)
    with scope(tenant=tenant):
        rejected = decide_application(
            application=fresh(application), actor=keeper, award=False, amount=None, reason="Poza celami naboru."
        )
    assert rejected.state == ApplicationState.REJECTED
    with scopes_disabled():
        assert not MicroGrant.objects.exists()


def test_a_micro_grant_outside_the_operators_pool_is_refused_and_nothing_is_lost(tenant, official):
    operator, keeper = operator_for(tenant, official, pool="3000.00")
    first_call = open_call(operator, keeper, share="2000.00", max_grant="2000.00", title="Pierwszy")
    second_call = open_call(operator, keeper, share="1000.00", max_grant="1000.00", title="Drugi")
    first, second = apply(first_call, amount="2000.00"), apply(second_call, amount="1000.00")
    third = apply(second_call, amount="1000.00", title="Trzeci projekt")
    closed(first_call, keeper)
    closed(second_call, keeper)
    award(first, keeper, "2000.00")
    award(second, keeper, "1000.00")
    with pytest.raises(ValidationError) as refused:
        award(third, keeper, "1.00")
    problems = messages_of(refused.value)
    assert list(refused.value.message_dict) == ["amount"]
    assert len(problems) == 2  # the call's funds and the operator's pool, each said
    assert fresh(third).state == ApplicationState.SUBMITTED
    with scopes_disabled():
        assert MicroGrant.objects.filter(operator=operator).count() == 2
        assert pool_use(operator).left == Decimal("0.00")


def test_an_award_above_the_request_or_the_calls_largest_grant_is_refused(tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper, max_grant="3000.00")
    application = apply(sub_call, amount="2500.00")
    closed(sub_call, keeper)
    with pytest.raises(ValidationError) as refused:
        award(application, keeper, "3000.50")
    assert len(messages_of(refused.value)) == 2
    assert fresh(application).state == ApplicationState.SUBMITTED


# Agreement and settlement -------------------------------------------------------------------------------


def test_a_micro_grant_is_signed_then_settled_with_spent_and_returned_adding_up(tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper)
    application = apply(sub_call, amount="2000.00")
    closed(sub_call, keeper)
    award(application, keeper, "2000.00")
    grant = micro_grant_of(application)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError):
            sign_micro_grant(micro_grant=grant, actor=keeper, signed_on=timezone.localdate() + dt.timedelta(days=1))
        grant = sign_micro_grant(micro_grant=grant, actor=keeper, signed_on=timezone.localdate())
        assert grant.state == MicroGrantState.SIGNED
        with pytest.raises(ValidationError) as wrong:
            settle_micro_grant(
                micro_grant=grant, actor=keeper, amount_spent=Decimal("1500.00"), amount_returned=Decimal("400.00")
            )
        assert list(wrong.value.message_dict) == ["__all__"]
        with pytest.raises(PermissionDenied):
            settle_micro_grant(
                micro_grant=grant, actor=official, amount_spent=Decimal("1500.00"), amount_returned=Decimal("500.00")
            )
        settled = settle_micro_grant(
            micro_grant=grant, actor=keeper, amount_spent=Decimal("1500.00"), amount_returned=Decimal("500.00")
        )
    assert settled.state == MicroGrantState.SETTLED and settled.settled_on == timezone.localdate()


# The programme's report -------------------------------------------------------------------------------


def test_micro_grants_count_in_the_programmes_report(tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper)
    first, second = apply(sub_call, amount="1000.00"), apply(sub_call, amount="1500.00", title="Kino")
    closed(sub_call, keeper)
    award(first, keeper, "1000.00")
    award(second, keeper, "1200.00")
    year = timezone.localdate().year
    kind = record_kind("regranting_micro_grant")
    with scope(tenant=tenant):
        records = kind.list_records(tenant, year)
        assert [r.amount for r in records] == [Decimal("1000.00"), Decimal("1200.00")]
        assert measure("regranting.micro_grants").compute(tenant, year) == 2
        assert sum(r.amount for r in records) == Decimal("2200.00")
        assert kind.list_records(tenant, year - 1) == []


# Two awards at once -----------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_awards_at_once_cannot_both_exceed_the_pool(tenant):
    from pozytek.accounts.models import Role
    from tests.factories.accounts import MembershipFactory

    official = MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user
    operator, keeper = operator_for(tenant, official, pool="3000.00")
    first_call = open_call(operator, keeper, share="1500.00", max_grant="1500.00", title="A")
    second_call = open_call(operator, keeper, share="1500.00", max_grant="1500.00", title="B")
    applications = [apply(first_call, amount="1500.00"), apply(second_call, amount="1500.00")]
    closed(first_call, keeper)
    closed(second_call, keeper)
    with scopes_disabled():
        # Test setup: a pool that holds one of the two awards but not both (each call's funds hold its own).
        type(operator).objects.filter(pk=operator.pk).update(pool=Decimal("2000.00"))
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run(application) -> None:
        from django.db import connections

        try:
            barrier.wait()
            award(application, keeper, "1500.00")
            outcomes.append("awarded")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["awarded", "refused"]
    with scopes_disabled():
        assert MicroGrant.objects.filter(operator=operator).count() == 1


def test_the_record_kind_lists_in_one_query_only_the_tenants_micro_grants_of_the_year(tenant, official, other_tenant):
    from django.test.utils import CaptureQueriesContext

    from pozytek.accounts.models import Role
    from tests.conftest import with_totp
    from tests.factories.accounts import MembershipFactory
    from tests.regranting.regranting_helpers import make_micro_grant_record

    other_official = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)

    year = timezone.localdate().year
    in_year, year_before = dt.date(year, 3, 15), dt.date(year - 1, 11, 30)
    mine = make_micro_grant_record(tenant, official, in_year)
    make_micro_grant_record(tenant, official, year_before)
    make_micro_grant_record(other_tenant, other_official, in_year)
    kind = record_kind("regranting_micro_grant")
    with scopes_disabled(), CaptureQueriesContext(connection) as one:
        records = list(kind.list_records(tenant, year))
    assert [r.pk for r in records] == [mine] and records[0].on == in_year
    assert records[0].url.startswith(f"/{tenant.slug}/") and records[0].amount == Decimal("1000.00")
    for _n in range(3):
        make_micro_grant_record(tenant, official, in_year)
    with scopes_disabled(), CaptureQueriesContext(connection) as four:
        assert len(kind.list_records(tenant, year)) == 4
    assert len(one.captured_queries) == len(four.captured_queries) == 1
