"""Local initiative (art. 19b–19h) through the services: the council's criteria as versions with social work
weighing the most, a residents' group whose every member confirms by a signed e-mail link as an adult
resident, scoring against the version in force at submission, the agreement in which the office buys or lends,
the execution's log, and the programme's record kind."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.core.models import AuditEvent
from pozytek.core.record_kinds import measure, record_kind
from pozytek.core.workflow import StateWrittenOutsideEngine, TransitionBlocked, TransitionNotAllowed
from pozytek.initiatives import services
from pozytek.initiatives.models import Criterion, GroupMember, Initiative
from pozytek.initiatives.selectors import criteria_in_force, member_from_token, totals_of, work_rate
from pozytek.initiatives.states import ApplicantKind, ContributionKind, InitiativeState, WorkKind
from pozytek.legal.models import LegalParameter
from tests.conftest import with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.offers import ngo_member
from tests.initiatives.helpers import (
    TODAY,
    add_members,
    agreement_data,
    approved,
    completed,
    contracted,
    criteria,
    draft,
    make_local_initiative,
    submitted,
)

pytestmark = pytest.mark.integration


# The council's criteria -------------------------------------------------------------------------------------


def test_criteria_where_social_work_does_not_weigh_the_most_are_refused(tenant, official):
    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.save_criteria(
            tenant=tenant,
            actor=official,
            resolution_number="XII/1/2026",
            resolution_date=dt.date(2026, 3, 1),
            effective_from=dt.date(2026, 4, 1),
            procedure="",
            social_work_name="Praca społeczna",
            social_work_weight=30,
            criteria=[("Celowość", 30), ("Wkład rzeczowy", 10)],
        )
    assert "Praca społeczna musi mieć największą wagę" in refused.value.message_dict["social_work_weight"][0]
    assert "Celowość" in refused.value.message_dict["social_work_weight"][0]
    with scopes_disabled():
        assert not Criterion.objects.exists()


def test_a_new_resolution_is_a_new_version_and_applications_keep_theirs(tenant, official):
    first = criteria(tenant, official)
    initiative = submitted(tenant, official)
    second = criteria(tenant, official, effective_from=TODAY, number="XX/200/2026")
    assert (first.version, second.version) == (1, 2)
    with scopes_disabled():
        assert criteria_in_force(tenant) == second
        assert Initiative.objects.get(pk=initiative.pk).criteria_set == first
        assert [c.social_work for c in second.criteria.all()] == [True, False, False]


def test_only_the_office_saves_criteria(tenant, resident):
    with scopes_disabled(), pytest.raises(PermissionDenied):
        criteria(tenant, resident)


# The application --------------------------------------------------------------------------------------------


def test_social_work_is_valued_at_the_rate_in_force_and_a_tenants_own_rate_wins(tenant, official):
    criteria(tenant, official)
    initiative = draft(tenant)
    with scopes_disabled():
        national = work_rate(tenant, WorkKind.SIMPLE)
        work = initiative.contributions.get(kind=ContributionKind.WORK)
        assert work.rate == national and work.value == (100 * national).quantize(Decimal("0.01"))
        LegalParameter.objects.create(
            key="initiative.work_rate_simple",
            name="Stawka gminy",
            unit="pln",
            value=Decimal("40.00"),
            effective_from=dt.date(2026, 1, 1),
            tenant=tenant,
            kind="tenant_default",
        )
        own = services.add_contribution(
            initiative=initiative,
            actor=initiative.coordinator,
            kind=ContributionKind.WORK,
            description="Malowanie",
            work_kind=WorkKind.SIMPLE,
            hours=Decimal("2.5"),
        )
    assert (own.rate, own.value) == (Decimal("40.00"), Decimal("100.00"))


def test_every_member_gets_a_signed_link_and_confirms_through_it(tenant, official, django_capture_on_commit_callbacks):
    criteria(tenant, official)
    with django_capture_on_commit_callbacks(execute=True):
        initiative = draft(tenant)
        add_members(initiative, confirm=False)
    assert len(mail.outbox) == 3  # the coordinator and two neighbours
    message = next(m for m in mail.outbox if m.to == [f"sasiad0.{initiative.pk}@example.com"])
    token = re.search(r"/potwierdzenie/([^/\s]+)/", message.body).group(1)
    with scopes_disabled():
        member = member_from_token(tenant, token)
        assert member.full_name == "Bartosz Sąsiad"
        services.confirm_member(member=member, adult=True, resident=True)
        assert GroupMember.objects.get(pk=member.pk).confirmed_at is not None
        assert member_from_token(tenant, token[:-2] + "xx") is None


def test_a_non_resident_is_refused_and_stays_unconfirmed(tenant, official):
    criteria(tenant, official)
    initiative = draft(tenant)
    add_members(initiative, confirm=False)
    with scopes_disabled():
        member = GroupMember.objects.filter(initiative=initiative).last()
        with pytest.raises(ValidationError) as refused:
            services.confirm_member(member=member, adult=True, resident=False)
        assert (
            "mogą złożyć tylko mieszkańcy tej jednostki (Miasto Testowo)" in refused.value.message_dict["resident"][0]
        )
        assert GroupMember.objects.get(pk=member.pk).confirmed_at is None


def test_an_application_with_an_unconfirmed_member_cannot_be_submitted(tenant, official):
    criteria(tenant, official)
    initiative = draft(tenant)
    add_members(initiative, confirm=False)
    with scopes_disabled():
        with pytest.raises(TransitionBlocked) as blocked:
            services.submit_initiative(initiative=initiative, actor=initiative.coordinator)
        assert Initiative.objects.get(pk=initiative.pk).state == InitiativeState.DRAFT
    messages = [p.message for p in blocked.value.problems]
    assert any("Nie wszyscy członkowie potwierdzili" in m and "Bartosz Sąsiad" in m for m in messages)


def test_a_group_smaller_than_the_resolution_allows_cannot_be_submitted(tenant, official):
    criteria(tenant, official)
    initiative = draft(tenant)
    add_members(initiative, names=("Bartosz Sąsiad",))
    with scopes_disabled(), pytest.raises(TransitionBlocked) as blocked:
        services.submit_initiative(initiative=initiative, actor=initiative.coordinator)
    assert any("co najmniej 3 pełnoletnich mieszkańców" in p.message for p in blocked.value.problems)


def test_no_criteria_in_force_no_submission(tenant, official):
    initiative = draft(tenant)
    add_members(initiative)
    with scopes_disabled(), pytest.raises(TransitionBlocked) as blocked:
        services.submit_initiative(initiative=initiative, actor=initiative.coordinator)
    assert any("Urząd nie wprowadził jeszcze kryteriów" in p.message for p in blocked.value.problems)


def test_an_organisation_applies_without_a_group(tenant, official):
    criteria(tenant, official)
    keeper, organisation = ngo_member(tenant=tenant)
    initiative = draft(tenant, keeper, kind=ApplicantKind.ORGANISATION, organisation=organisation)
    with scopes_disabled():
        moved = services.submit_initiative(initiative=initiative, actor=keeper)
        assert moved.state == InitiativeState.SUBMITTED and not GroupMember.objects.filter(initiative=moved).exists()


def test_someone_elses_organisation_cannot_apply(tenant, resident):
    _keeper, organisation = ngo_member(tenant=tenant)
    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.start_initiative(
            tenant=tenant,
            actor=resident,
            title="Cudzy wniosek",
            area="culture",
            applicant_kind=ApplicantKind.ORGANISATION,
            organisation=organisation,
        )
    assert "organisation" in refused.value.message_dict


def test_only_the_coordinator_changes_a_draft_and_nothing_after_submission(tenant, official):
    criteria(tenant, official)
    initiative = submitted(tenant, official)
    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            services.add_milestone(initiative=initiative, actor=UserFactory(), title="x", due_on=TODAY)
        with pytest.raises(ValidationError):
            services.add_milestone(initiative=initiative, actor=initiative.coordinator, title="x", due_on=TODAY)


# The office -------------------------------------------------------------------------------------------------


def test_approval_needs_every_criterion_scored_and_a_reason(tenant, official):
    criteria(tenant, official)
    initiative = submitted(tenant, official)
    with scopes_disabled():
        with pytest.raises(ValidationError) as no_reason:
            services.decide_initiative(initiative=initiative, actor=official, approve=True, reason=" ")
        assert "reason" in no_reason.value.message_dict
        with pytest.raises(TransitionBlocked):
            services.decide_initiative(initiative=initiative, actor=official, approve=True, reason="Dobre.")
        social = Criterion.objects.get(criteria_set=initiative.criteria_set, social_work=True)
        with pytest.raises(ValidationError) as too_many:
            services.score_initiative(initiative=initiative, actor=official, points={social.pk: 41})
        assert f"criterion_{social.pk}" in too_many.value.message_dict


def test_a_rejection_is_recorded_with_its_reason_and_mailed(tenant, official, django_capture_on_commit_callbacks):
    criteria(tenant, official)
    initiative = submitted(tenant, official)
    mail.outbox.clear()
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        moved = services.decide_initiative(
            initiative=initiative, actor=official, approve=False, reason="Brak celowości."
        )
    assert (moved.state, moved.decision_reason) == (InitiativeState.REJECTED, "Brak celowości.")
    assert mail.outbox[0].to == [initiative.coordinator.email]


def test_the_agreement_is_signed_only_with_what_the_office_buys_or_lends(tenant, official):
    criteria(tenant, official)
    initiative = approved(tenant, official)
    with scopes_disabled():
        with pytest.raises(TransitionBlocked):
            services.sign_agreement(initiative=initiative, actor=official)
        services.prepare_agreement(initiative=initiative, actor=official, data=agreement_data())
        with pytest.raises(TransitionBlocked) as blocked:
            services.sign_agreement(initiative=initiative, actor=official)
        assert blocked.value.problems[0].message == "Wypisz, co urząd kupuje lub użycza."
        with pytest.raises(ValidationError):
            services.prepare_agreement(
                initiative=initiative, actor=official, data=agreement_data(ends_on=TODAY - dt.timedelta(days=1))
            )


def test_the_execution_logs_work_against_the_promise_and_the_done_page_counts(tenant, official):
    criteria(tenant, official)
    initiative = completed(tenant, official)
    with scopes_disabled():
        totals = totals_of(initiative, agreement=initiative.agreement)
        assert (totals.hours_promised, totals.hours_delivered) == (Decimal(100), Decimal(80))
        assert totals.office == Decimal(4000)
        with pytest.raises(ValidationError):
            services.record_delivery(
                contribution=initiative.contributions.first(), actor=official, on=TODAY, hours=Decimal(1)
            )
        records = record_kind("local_initiative").list_records(tenant, TODAY.year)
        assert [(r.pk, r.amount) for r in records] == [(initiative.pk, Decimal(4000))]
        assert measure("initiatives.social_work_hours").compute(tenant, TODAY.year) == Decimal(80)
        assert measure("initiatives.done").compute(tenant, TODAY.year) == 1
        assert AuditEvent.objects.filter(action="initiative.complete").count() == 1


def test_a_future_delivery_is_refused(tenant, official):
    criteria(tenant, official)
    initiative = contracted(tenant, official)
    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.record_delivery(
            contribution=initiative.contributions.get(kind=ContributionKind.IN_KIND),
            actor=official,
            on=TODAY + dt.timedelta(days=3),
            value=Decimal(100),
        )
    assert "on" in refused.value.message_dict


def test_the_state_moves_only_through_the_engine(tenant, official):
    criteria(tenant, official)
    initiative = draft(tenant)
    with scopes_disabled():
        initiative.state = InitiativeState.COMPLETED
        with pytest.raises(StateWrittenOutsideEngine):
            initiative.save()


def test_completing_before_the_agreement_is_not_allowed(tenant, official):
    criteria(tenant, official)
    initiative = approved(tenant, official)
    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        services.complete_initiative(
            initiative=initiative, actor=official, completed_on=timezone.localdate(), public_summary="Zrobione."
        )


def test_the_record_kind_lists_a_years_initiatives_in_a_fixed_number_of_queries(tenant, official, other_tenant):

    day = dt.date(2025, 6, 15)
    kind = record_kind("local_initiative")
    make_local_initiative(tenant, official, day)
    with scopes_disabled(), CaptureQueriesContext(connection) as one:
        assert len(kind.list_records(tenant, 2025)) == 1
    for _n in range(2):
        make_local_initiative(tenant, official, day)
    make_local_initiative(tenant, official, dt.date(2024, 6, 15))
    make_local_initiative(other_tenant, with_totp(MembershipFactory(tenant=other_tenant, role="official").user), day)
    with scopes_disabled(), CaptureQueriesContext(connection) as three:
        assert len(kind.list_records(tenant, 2025)) == 3
    assert len(one.captured_queries) == len(three.captured_queries)
