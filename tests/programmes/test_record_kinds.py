"""The modules plugged into the programme (core.record_kinds): every kind lists the tenant's records of one
year in a fixed number of queries, every measure's value on a small dataset built through the factories and
services, and the priority task a call realises (office call form, clone).

Records are made through the services at today's date and then moved into YEAR (or the year before) by a
queryset update: test data, so that the figures do not depend on the day the suite runs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.accounts.models import Role
from pozytek.agreements.models import Agreement
from pozytek.competitions.models import Call, TaskProposal
from pozytek.competitions.services import clone_call, create_call, set_priority_task, submit_proposal
from pozytek.consultations import services as consultation_services
from pozytek.consultations.models import Consultation
from pozytek.core.record_kinds import WARSAW, measures, record_kind, record_kinds
from pozytek.councils.models import Body, BodyAct, BodyMeeting
from pozytek.councils.services import acts, meetings
from pozytek.councils.states import ActKind
from pozytek.evaluation.models import Commission
from pozytek.evaluation.states import CommissionState, MemberKind
from pozytek.grants.states import GrantSource, GrantStatus
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.offers import services as offer_services
from pozytek.offers.models import Offer
from pozytek.organisations.models import OrganisationArea
from pozytek.organisations.states import OrganisationState
from pozytek.programmes.models import Programme
from pozytek.programmes.selectors import priority_tasks_for
from pozytek.programmes.services import programmes as programme_services
from pozytek.reports.models import Settlement
from pozytek.reports.services import accept_report, settle_grant, submit_report
from tests.agreements.agreement_helpers import awarded_grant, signed
from tests.competitions.test_views import valid_post
from tests.conftest import login_with_mfa, with_totp
from tests.consultations.consultation_helpers import draft as draft_consultation
from tests.consultations.consultation_helpers import end_period, published
from tests.councils.helpers import balanced_council
from tests.evaluation.commission_helpers import commission_for, seat
from tests.factories.accounts import MembershipFactory
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.offers import complete_offer, ngo_member
from tests.factories.organisations import OrganisationFactory
from tests.grants.register_helpers import make_grant
from tests.initiatives.helpers import make_local_initiative
from tests.programmes.helpers import draft_programme
from tests.regranting.regranting_helpers import make_micro_grant_record
from tests.reports.report_helpers import filled, fresh, signed_and_paid, started

pytestmark = pytest.mark.django_db

YEAR = 2025
IN_YEAR = dt.date(YEAR, 6, 15)
YEAR_BEFORE = dt.date(YEAR - 1, 6, 15)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=WARSAW)


@pytest.fixture
def other_official(other_tenant):
    return with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)


def adopted_programme(tenant, official, year: int):
    """An adopted programme for `year` (draft_programme's two goals, two forms and one priority task)."""
    programme = draft_programme(tenant, official, year=year)
    with scope(tenant=tenant):
        programme_services.update_programme(
            programme=programme, actor=official, data={"creation_and_consultation": "Konsultacje."}
        )
        return programme_services.adopt_programme(
            programme=programme,
            actor=official,
            resolution_number=f"XX/{year}",
            resolution_date=dt.date(year - 1, 11, 20),
        )


# --- one record of each kind, on a given day -------------------------------------------------------


def make_open_competition(tenant, official, day):
    call = PublishedCallFactory(tenant=tenant, published_at=noon(day))
    make_grant(tenant, call=call, year=day.year, amount_awarded=Decimal("100.00"))
    return call.pk


def make_sport_act_call(tenant, official, day):
    call = PublishedCallFactory(
        tenant=tenant, published_at=noon(day), route="sport", resolution_number="XL/1/2025", resolution_date=day
    )
    make_grant(tenant, call=call, source=GrantSource.SPORT, year=day.year, amount_awarded=Decimal("100.00"))
    return call.pk


def make_commission(tenant, official, day):
    commission = commission_for(
        PublishedCallFactory(tenant=tenant, published_at=noon(day)), state=CommissionState.APPOINTED
    )
    seat(commission, kind=MemberKind.NGO)
    Commission._base_manager.filter(pk=commission.pk).update(appointment_date=day)
    return commission.pk


def make_consultation(tenant, official, day):
    consultation = published(tenant, official)
    Consultation._base_manager.filter(pk=consultation.pk).update(starts_on=day, ends_on=day + dt.timedelta(days=14))
    return consultation.pk


def make_task_proposal(tenant, official, day):
    author, organisation = ngo_member(tenant=tenant)
    with scopes_disabled():
        proposal = submit_proposal(
            tenant=tenant,
            organisation=organisation,
            actor=author,
            title="Wniosek z własnej inicjatywy",
            sphere=SphereOfPublicTasks.objects.get(code="1"),
            description="Opis zadania.",
        )
    TaskProposal._base_manager.filter(pk=proposal.pk).update(received_on=day)
    return proposal.pk


def _body(tenant, official):
    with scope(tenant=tenant):
        body = Body.objects.filter(tenant=tenant).first()
    return body or balanced_council(tenant, official)


def make_council_act(tenant, official, day):
    body = _body(tenant, official)
    with scope(tenant=tenant):
        act = acts.adopt_act(
            body=body,
            actor=official,
            kind=ActKind.OPINION,
            title="Opinia",
            text="Pozytywna.",
            adopted_on=timezone.localdate(),
        )
    BodyAct._base_manager.filter(pk=act.pk).update(adopted_on=day)
    return act.pk


def make_council_meeting(tenant, official, day):
    body = _body(tenant, official)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(
            body=body,
            actor=official,
            title="Posiedzenie",
            starts_at=timezone.now() + dt.timedelta(days=1),
            place="Ratusz",
        )
        BodyMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
        meetings.record_minutes(meeting=meeting, actor=official, minutes="Rada obradowała.", present_member_ids=[])
    BodyMeeting._base_manager.filter(pk=meeting.pk).update(starts_at=noon(day))
    return meeting.pk


def make_listing(tenant, official, day):
    organisation = OrganisationFactory(listed_in=tenant)
    area = OrganisationArea._base_manager.get(tenant=tenant, organisation=organisation)
    OrganisationArea._base_manager.filter(pk=area.pk).update(created_at=noon(day))
    return area.pk


def make_activity(tenant, official, day):
    with scope(tenant=tenant):
        programme = Programme.objects.filter(tenant=tenant, year_from=day.year).first()
    programme = programme or adopted_programme(tenant, official, day.year)
    with scope(tenant=tenant):
        activity = programme_services.record_activity(
            programme=programme, actor=official, form=programme.forms.first(), on=day, title="Spotkanie"
        )
    return activity.pk


MAKERS = {
    "open_competition": make_open_competition,
    "sport_act_call": make_sport_act_call,
    "competition_commission": make_commission,
    "consultation": make_consultation,
    "council_act": make_council_act,
    "council_meeting": make_council_meeting,
    "directory_listing": make_listing,
    "other_activity": make_activity,
    "task_proposal": make_task_proposal,
    "local_initiative": make_local_initiative,
    "regranting_micro_grant": make_micro_grant_record,
}


def test_every_registered_kind_has_a_maker_here():
    assert sorted(k.key for k in record_kinds()) == sorted(MAKERS)


def listed(tenant, key):
    with scope(tenant=tenant):
        return list(record_kind(key).list_records(tenant, YEAR))


@pytest.mark.parametrize("key", sorted(MAKERS))
def test_kind_lists_in_a_fixed_number_of_queries(tenant, official, key):
    MAKERS[key](tenant, official, IN_YEAR)
    with scope(tenant=tenant), CaptureQueriesContext(connection) as one:
        assert len(record_kind(key).list_records(tenant, YEAR)) == 1
    for _n in range(4):
        MAKERS[key](tenant, official, IN_YEAR)
    with scope(tenant=tenant), CaptureQueriesContext(connection) as five:
        assert len(record_kind(key).list_records(tenant, YEAR)) == 5

    assert len(five.captured_queries) == len(one.captured_queries)
    assert len(five.captured_queries) <= 2  # the rows, and their spheres where the kind carries them


@pytest.mark.parametrize("key", sorted(MAKERS))
def test_kind_lists_only_the_tenants_records_of_the_year(tenant, official, other_tenant, other_official, key):
    mine = MAKERS[key](tenant, official, IN_YEAR)
    MAKERS[key](tenant, official, YEAR_BEFORE)
    MAKERS[key](other_tenant, other_official, IN_YEAR)

    with scopes_disabled():  # the kind filters by the tenant itself, not by the request's scope
        records = list(record_kind(key).list_records(tenant, YEAR))

    assert [r.pk for r in records] == [mine]
    assert [r.kind for r in records] == [key]
    record = records[0]
    assert record.on.year == YEAR
    assert record.title
    assert record.url.startswith(f"/{tenant.slug}/")
    model = record_kind(key).model_label
    assert model  # services.assign_record finds the row by it
    assert (record.amount is not None) == (record_kind(key).cooperation == "financial")


def test_open_competition_carries_the_awarded_sum_spheres_and_priority_task(tenant, official):
    programme = adopted_programme(tenant, official, YEAR)
    with scope(tenant=tenant):
        task = programme.priority_tasks.get()
    call = PublishedCallFactory(
        tenant=tenant, published_at=noon(IN_YEAR), number="5/2025", title="Sport", spheres=[task.sphere]
    )
    Call._base_manager.filter(pk=call.pk).update(priority_task=task)
    make_grant(tenant, call=call, amount_awarded=Decimal("1000.25"), year=YEAR)
    make_grant(tenant, call=call, amount_awarded=Decimal("500.00"), status=GrantStatus.AGREEMENT, year=YEAR)
    make_grant(tenant, call=call, amount_awarded=Decimal("999.00"), status=GrantStatus.WITHDRAWN, year=YEAR)
    make_grant(tenant, call=call, amount_awarded=Decimal("777.00"), published=False, year=YEAR)
    make_grant(tenant, call=call, amount_awarded=Decimal("300.00"), year=YEAR + 1)  # next year's budget
    empty = PublishedCallFactory(tenant=tenant, published_at=noon(IN_YEAR + dt.timedelta(days=1)))
    # Announced the December before, funding this year's tasks: listed with this year's money.
    december = PublishedCallFactory(tenant=tenant, published_at=dt.datetime(YEAR - 1, 12, 10, 12, tzinfo=WARSAW))
    make_grant(tenant, call=december, amount_awarded=Decimal("200.00"), year=YEAR)

    records = listed(tenant, "open_competition")

    assert [(r.pk, r.title, r.amount) for r in records] == [
        (december.pk, str(december), Decimal("200.00")),
        (call.pk, "5/2025 Sport", Decimal("1500.25")),
        (empty.pk, str(empty), Decimal("0.00")),
    ]
    assert records[1].spheres == (task.sphere_id,)
    assert records[1].priority_task_id == task.pk
    assert records[1].url == reverse("competitions:detail", kwargs={"tenant_slug": tenant.slug, "pk": call.pk})


def test_a_call_counts_in_the_year_of_its_publication_in_polish_time(tenant):
    # 00:30 on 1 January in Warsaw is still 31 December in UTC.
    late = PublishedCallFactory(tenant=tenant, published_at=dt.datetime(YEAR + 1, 1, 1, 0, 30, tzinfo=WARSAW))
    in_year = PublishedCallFactory(tenant=tenant, published_at=dt.datetime(YEAR, 12, 31, 23, 30, tzinfo=WARSAW))

    assert [r.pk for r in listed(tenant, "open_competition")] == [in_year.pk]
    with scope(tenant=tenant):
        assert [r.pk for r in record_kind("open_competition").list_records(tenant, YEAR + 1)] == [late.pk]


def test_commission_title_says_whether_organisations_nominated_members(tenant):
    with_ngo = commission_for(
        PublishedCallFactory(tenant=tenant, published_at=noon(IN_YEAR), number="1/2025", title="Kultura"),
        state=CommissionState.APPOINTED,
    )
    seat(with_ngo, kind=MemberKind.NGO)
    without = commission_for(
        PublishedCallFactory(tenant=tenant, published_at=noon(IN_YEAR), number="2/2025", title="Sport"),
        state=CommissionState.CLOSED,
    )
    seat(without, kind=MemberKind.OFFICE)
    commission_for(PublishedCallFactory(tenant=tenant, published_at=noon(IN_YEAR)))  # still being formed

    records = listed(tenant, "competition_commission")

    assert [r.title for r in records] == [
        "Competition commission for 1/2025 Kultura, with members nominated by organisations",
        "Competition commission for 2/2025 Sport, without members from organisations",
    ]


# --- measures ----------------------------------------------------------------------------------------


EXPECTED = {
    "calls.announced": 3,
    "offers.submitted": 2,
    "offers.joint": 1,
    "commissions.held": 2,
    "commissions.with_ngo_members": 1,
    "grants.awarded": 3,
    "grants.amount": Decimal("3800.50"),
    "grants.organisations": 2,
    "agreements.signed": 2,
    "agreements.multi_year": 1,
    "reports.settled": 1,
    "reports.funds_returned": Decimal("500.00"),
    "consultations.held": 2,
    "consultations.comments": 4,
    "consultations.comments_answered": 2,
    "consultations.organisations": 2,
    "councils.opinions": 1,
    "councils.resolutions": 1,
    "councils.meetings": 1,
    "organisations.in_directory": 2,
}


def _calls_and_offers(tenant):
    first = PublishedCallFactory(tenant=tenant, published_at=noon(IN_YEAR))
    second = PublishedCallFactory(tenant=tenant, published_at=dt.datetime(YEAR, 12, 31, 23, 30, tzinfo=WARSAW))
    third = PublishedCallFactory(tenant=tenant, published_at=noon(IN_YEAR))
    PublishedCallFactory(tenant=tenant, published_at=dt.datetime(YEAR + 1, 1, 1, 0, 30, tzinfo=WARSAW))
    PublishedCallFactory(tenant=tenant, published_at=noon(YEAR_BEFORE))
    CallFactory(tenant=tenant)  # a draft
    offers = []
    for call, joint in ((first, False), (first, True), (second, False)):
        offer, author = complete_offer(call, joint=joint)
        with scopes_disabled():
            offer_services.submit_offer(offer=offer, actor=author)
        offers.append((offer, author))
    withdrawn, author = offers[2]
    with scopes_disabled():
        offer_services.withdraw_offer(offer=Offer.objects.get(pk=withdrawn.pk), actor=author, reason="Rezygnacja")
        Offer.objects.filter(pk__in=[o.pk for o, _a in offers]).update(submitted_at=noon(IN_YEAR))
    return first, second, third


def _commissions(first, second, old):
    with_ngo = commission_for(first, state=CommissionState.APPOINTED)
    seat(with_ngo, kind=MemberKind.NGO)
    seat(commission_for(second, state=CommissionState.CLOSED), kind=MemberKind.OFFICE)
    seat(commission_for(old, state=CommissionState.APPOINTED), kind=MemberKind.NGO)


def _grants(tenant, first, second):
    club, choir = OrganisationFactory(listed_in=tenant), OrganisationFactory(listed_in=tenant)
    make_grant(tenant, organisation=club, call=first, year=YEAR, amount_awarded=Decimal("1000.00"))
    make_grant(
        tenant,
        organisation=choir,
        call=first,
        year=YEAR,
        amount_awarded=Decimal("2500.50"),
        status=GrantStatus.AGREEMENT,
    )
    make_grant(
        tenant, organisation=club, call=second, year=YEAR, amount_awarded=Decimal("300.00"), status=GrantStatus.SETTLED
    )
    make_grant(tenant, call=first, year=YEAR, amount_awarded=Decimal("999.00"), status=GrantStatus.WITHDRAWN)
    make_grant(tenant, call=first, year=YEAR, amount_awarded=Decimal("777.00"), published=False)
    make_grant(tenant, source=GrantSource.SMALL_GRANT, year=YEAR - 1, amount_awarded=Decimal("50.00"))


def _agreements_and_settlement(tenant, official):
    agreement, author = signed_and_paid(tenant, official)
    lines = {"I.1.1": ("8000", "6500"), "I.1.2": ("2000", "1600"), "II.1": ("500", "400")}
    sources = {"grant": "8500", "own_financial": "1500", "own_personal": "500"}
    report = filled(started(agreement, author), author, lines=lines, sources=sources)
    with scope(tenant=tenant):
        submit_report(report=report, actor=author)
        accept_report(report=fresh(report), actor=official)
        settle_grant(agreement=agreement, actor=official, returned_amount="500", returned_on=timezone.localdate())
    multi = signed(awarded_grant(tenant, official, multi_year=True), official, number="U/2/2027")
    with scopes_disabled():
        Agreement.objects.filter(pk__in=[agreement.pk, multi.pk]).update(concluded_on=IN_YEAR)
        Settlement.objects.filter(agreement=agreement).update(created_at=noon(IN_YEAR))


def _consultations(tenant, official):
    author_a, organisation_a = ngo_member(tenant=tenant)
    author_b, organisation_b = ngo_member(tenant=tenant)
    resident, _organisation = ngo_member(tenant=tenant)
    held = published(tenant, official, title="Program współpracy")
    with scope(tenant=tenant):

        def comment(actor, organisation, text):
            return consultation_services.submit_comment(
                consultation=held, actor=actor, unit_id=None, organisation=organisation, justification=text
            )

        answered = comment(author_a, organisation_a, "Dodać cel")
        comment(resident, None, "Uwaga mieszkańca")
        merged = comment(author_a, organisation_a, "Dodać cel (powtórnie)")
        comment(author_b, organisation_b, "Zmienić termin")
    end_period(held)
    with scope(tenant=tenant):
        consultation_services.answer_comment(comment=answered, actor=official, response="accepted", reason="Słusznie.")
        consultation_services.merge_comment(comment=merged, into=answered, actor=official)
    quiet = published(tenant, official, title="Regulamin")
    cancelled = published(tenant, official, title="Odwołane")
    with scope(tenant=tenant):
        consultation_services.cancel_consultation(consultation=cancelled, actor=official, reason="Pomyłka")
    never = draft_consultation(tenant, official, title="Szkic")
    older = published(tenant, official, title="Zeszłoroczne")
    for consultation, day in (
        (held, IN_YEAR),
        (quiet, IN_YEAR),
        (cancelled, IN_YEAR),
        (never, IN_YEAR),
        (older, YEAR_BEFORE),
    ):
        Consultation._base_manager.filter(pk=consultation.pk).update(starts_on=day, ends_on=day + dt.timedelta(days=14))


def _councils(tenant, official):
    body = balanced_council(tenant, official)
    today = timezone.localdate()
    with scope(tenant=tenant):
        resolution = acts.adopt_act(
            body=body, actor=official, kind=ActKind.RESOLUTION, title="Plan", text="t", adopted_on=today
        )
        opinion = acts.adopt_act(
            body=body, actor=official, kind=ActKind.OPINION, title="Opinia", text="t", adopted_on=today
        )
        old = acts.adopt_act(body=body, actor=official, kind=ActKind.OPINION, title="Stara", text="t", adopted_on=today)
        later = timezone.now() + dt.timedelta(days=1)
        held, scheduled, old_meeting = (
            meetings.schedule_meeting(body=body, actor=official, title=t, starts_at=later, place="Ratusz")
            for t in ("I", "II", "0")
        )
        BodyMeeting.objects.filter(pk__in=[held.pk, old_meeting.pk]).update(
            starts_at=timezone.now() - dt.timedelta(hours=2)
        )
        for meeting in (held, old_meeting):
            meetings.record_minutes(meeting=meeting, actor=official, minutes="Obrady.", present_member_ids=[])
    BodyAct._base_manager.filter(pk__in=[resolution.pk, opinion.pk]).update(adopted_on=IN_YEAR)
    BodyAct._base_manager.filter(pk=old.pk).update(adopted_on=YEAR_BEFORE)
    BodyMeeting._base_manager.filter(pk__in=[held.pk, scheduled.pk]).update(starts_at=noon(IN_YEAR))
    BodyMeeting._base_manager.filter(pk=old_meeting.pk).update(starts_at=noon(YEAR_BEFORE))


def _directory(tenant):
    for day, state in (
        (IN_YEAR, OrganisationState.ACTIVE),
        (YEAR_BEFORE, OrganisationState.ACTIVE),
        (IN_YEAR, OrganisationState.INACTIVE),
    ):
        organisation = OrganisationFactory(listed_in=tenant, state=state)
        OrganisationArea._base_manager.filter(organisation=organisation).update(created_at=noon(day))


def _other_tenant(other_tenant):
    call = PublishedCallFactory(tenant=other_tenant, published_at=noon(IN_YEAR))
    make_grant(other_tenant, call=call, year=YEAR, amount_awarded=Decimal("123.00"))
    commission = commission_for(call, state=CommissionState.APPOINTED)
    seat(commission, kind=MemberKind.NGO)
    organisation = OrganisationFactory(listed_in=other_tenant)
    OrganisationArea._base_manager.filter(organisation=organisation).update(created_at=noon(IN_YEAR))


def test_every_measure_on_a_small_dataset(tenant, official, other_tenant):
    first, second, _third = _calls_and_offers(tenant)
    old = PublishedCallFactory(tenant=tenant, published_at=noon(YEAR_BEFORE))
    _commissions(first, second, old)
    _grants(tenant, first, second)
    _agreements_and_settlement(tenant, official)
    _consultations(tenant, official)
    _councils(tenant, official)
    _directory(tenant)
    _other_tenant(other_tenant)

    with scopes_disabled():  # each measure filters by the tenant itself
        values = {m.key: m.compute(tenant, YEAR) for m in measures() if m.key in EXPECTED}

    assert values == EXPECTED
    assert {m.key for m in measures()} >= set(EXPECTED)


def test_measures_are_labelled_and_split_by_cooperation():
    financial = {m.key for m in measures() if m.cooperation == "financial"}
    assert {k for k in EXPECTED if k.split(".")[0] in {"calls", "offers", "grants", "agreements", "reports"}} == {
        k for k in EXPECTED if k in financial
    }
    for m in measures():
        assert str(m.label)
        assert m.kind == "" or record_kind(m.kind) is not None
    assert {m.key: m.unit for m in measures() if m.unit == "pln"} == {
        "grants.amount": "pln",
        "reports.funds_returned": "pln",
    }


# --- the priority task a call realises ---------------------------------------------------------------


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


def this_years_task(tenant, official):
    programme = adopted_programme(tenant, official, timezone.localdate().year)
    with scope(tenant=tenant):
        return programme.priority_tasks.select_related("programme").get()


def test_call_form_saves_the_priority_task_and_the_call_page_shows_it(office, tenant, official):
    task = this_years_task(tenant, official)

    form_page = office.get("/testowo/urzad/konkursy/nowy/").content.decode()
    response = office.post("/testowo/urzad/konkursy/nowy/", valid_post(priority_task=str(task.pk)))

    assert f'<option value="{task.pk}">{task.programme.year_from}: 1. Wsparcie seniorów</option>' in form_page
    assert response.status_code == 302
    with scopes_disabled():
        call = Call.objects.get(tenant=tenant)
    assert call.priority_task_id == task.pk
    page = office.get(f"/testowo/urzad/konkursy/{call.pk}/").content.decode()
    assert "Wsparcie seniorów" in page
    assert reverse("programmes_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": task.programme_id}) in page


def test_call_form_refuses_another_tenants_priority_task(office, tenant, official, other_tenant, other_official):
    this_years_task(tenant, official)
    foreign = this_years_task(other_tenant, other_official)

    response = office.post("/testowo/urzad/konkursy/nowy/", valid_post(priority_task=str(foreign.pk)))

    assert response.status_code == 400
    assert response.context["form"].errors["priority_task"] == [
        "Choose a priority task of an adopted cooperation programme of this local government."
    ]
    with scopes_disabled():
        assert not Call.objects.filter(tenant=tenant).exists()


def test_service_refuses_another_tenants_priority_task(tenant, official, other_tenant, other_official):
    foreign = this_years_task(other_tenant, other_official)

    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        create_call(tenant=tenant, actor=official, data={"title": "Sport", "priority_task": foreign})

    assert error.value.message_dict == {
        "priority_task": ["Choose a priority task of an adopted cooperation programme of this local government."]
    }


def test_call_form_suggests_the_task_of_the_calls_sphere(office, tenant, official):
    task = this_years_task(tenant, official)
    call = CallFactory(tenant=tenant, spheres=[task.sphere], delivery_start=None)
    other_sphere = CallFactory(tenant=tenant, spheres=[], delivery_start=None)

    suggested = office.get(f"/testowo/urzad/konkursy/{call.pk}/edycja/")
    not_suggested = office.get(f"/testowo/urzad/konkursy/{other_sphere.pk}/edycja/")

    assert suggested.context["form"]["priority_task"].value() == task.pk
    assert not_suggested.context["form"]["priority_task"].value() is None


def test_priority_tasks_for_covers_adopted_programmes_of_the_year(tenant, official):
    task = this_years_task(tenant, official)
    draft_programme(tenant, official, year=timezone.localdate().year + 1)  # a draft: not yet a priority

    with scope(tenant=tenant):
        assert list(priority_tasks_for(tenant, timezone.localdate().year)) == [task]
        assert list(priority_tasks_for(tenant, timezone.localdate().year + 1)) == []


def test_clone_copies_the_priority_task(tenant, official):
    task = this_years_task(tenant, official)
    original = PublishedCallFactory(tenant=tenant)
    Call._base_manager.filter(pk=original.pk).update(priority_task=task)

    with scope(tenant=tenant):
        copy = clone_call(call=Call.objects.get(pk=original.pk), actor=official)

    assert copy.priority_task_id == task.pk


def test_a_published_calls_priority_task_is_set_on_its_page(office, tenant, official, other_tenant, other_official):
    task = this_years_task(tenant, official)
    foreign = this_years_task(other_tenant, other_official)
    call = PublishedCallFactory(tenant=tenant)
    url = f"/testowo/urzad/konkursy/{call.pk}/zadanie-priorytetowe/"

    page = office.get(f"/testowo/urzad/konkursy/{call.pk}/").content.decode()
    refused = office.post(url, {"priority_task": str(foreign.pk)})
    saved = office.post(url, {"priority_task": str(task.pk)})

    assert f'<option value="{task.pk}"' in page and f'value="{foreign.pk}"' not in page
    assert refused.status_code == 400
    assert refused.context["task_form"].errors["priority_task"] == [
        "Choose a priority task of an adopted cooperation programme of this local government."
    ]
    assert saved.status_code == 302
    with scopes_disabled():
        assert Call.objects.get(pk=call.pk).priority_task_id == task.pk


def test_a_cancelled_call_keeps_its_priority_task(tenant, official):
    task = this_years_task(tenant, official)
    call = PublishedCallFactory(tenant=tenant)
    Call._base_manager.filter(pk=call.pk).update(state="cancelled")

    with scope(tenant=tenant), pytest.raises(ValidationError):
        set_priority_task(call=Call.objects.get(pk=call.pk), actor=official, task=task)
    with scopes_disabled():
        assert Call.objects.get(pk=call.pk).priority_task_id is None
