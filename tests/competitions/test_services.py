"""Services of calls: create, edit only a draft, publish (guard, audit, e-mail), clone."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.competitions.models import Call
from pozytek.competitions.services import (
    add_checklist_item,
    add_criterion,
    clone_call,
    create_call,
    publish_call,
    update_call,
)
from pozytek.competitions.states import CallState
from pozytek.competitions.transitions import TRANSITIONS, offer_period_problems
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.legal.models import LegalParameter, SphereOfPublicTasks
from pozytek.legal.selectors import legal_days
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration
WARSAW = ZoneInfo("Europe/Warsaw")


def deadline_days_after_today(days: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, 0, 1, tzinfo=WARSAW)


def test_create_call_saves_a_draft_with_criteria_and_audit(tenant, official):
    sphere = SphereOfPublicTasks.objects.first()

    with scope(tenant=tenant):
        call = create_call(
            tenant=tenant,
            actor=official,
            data={"title": "Sport dla dzieci", "total_funds": Decimal("5000.00"), "spheres": [sphere]},
            criteria=[{"name": "Jakość", "max_points": 10}],
            checklist=[{"text": "Podpis", "correctable": True}],
        )
        criteria = [c.name for c in call.criteria.all()]  # child rows: read in the call's tenant scope
        checklist = [(i.text, i.correctable) for i in call.checklist.all()]

    assert call.state == CallState.DRAFT
    assert criteria == ["Jakość"]
    assert checklist == [("Podpis", True)]
    assert list(call.spheres.all()) == [sphere]
    assert AuditEvent.objects.filter(action="call.create", subject_id=str(call.pk)).count() == 1


def test_create_call_refuses_a_resident(tenant, resident):
    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        create_call(tenant=tenant, actor=resident, data={"title": "X"})


def test_create_call_rejects_negative_funds(tenant, official):
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        create_call(tenant=tenant, actor=official, data={"title": "X", "total_funds": Decimal("-1")})

    assert "total_funds" in error.value.message_dict


def test_update_call_changes_a_draft_and_records_the_diff(tenant, official):
    call = CallFactory(tenant=tenant)

    with scope(tenant=tenant):
        update_call(call=call, actor=official, data={"title": "Nowy tytuł"})
        call.refresh_from_db()

    assert call.title == "Nowy tytuł"
    event = AuditEvent.objects.get(action="call.update")
    assert event.data["changes"]["title"]["to"] == "Nowy tytuł"


def test_update_call_refuses_a_published_call(tenant, official):
    call = PublishedCallFactory(tenant=tenant)

    with scope(tenant=tenant), pytest.raises(ValidationError):
        update_call(call=call, actor=official, data={"title": "Zmiana"})


def test_add_criterion_and_checklist_item_append_in_order(tenant, official):
    call = CallFactory(tenant=tenant, criteria=0)

    with scope(tenant=tenant):
        add_criterion(call=call, actor=official, name="Koszty", max_points=5)
        add_criterion(call=call, actor=official, name="Doświadczenie", max_points=5)
        add_checklist_item(call=call, actor=official, text="Statut", correctable=True)

        assert [c.name for c in call.criteria.all()] == ["Koszty", "Doświadczenie"]
        assert call.checklist.count() == 3


def test_publish_call_records_event_and_mails_matching_organisations(
    tenant, other_tenant, official, django_capture_on_commit_callbacks
):
    sport, culture = SphereOfPublicTasks.objects.order_by("order")[:2]
    call = CallFactory(tenant=tenant, spheres=[sport])
    OrganisationFactory(listed_in=tenant, spheres=[sport], email="klub@example.org")
    OrganisationFactory(listed_in=tenant, spheres=[sport, culture], email="fundacja@example.org")
    OrganisationFactory(listed_in=tenant, spheres=[culture], email="teatr@example.org")
    OrganisationFactory(listed_in=tenant, spheres=[sport], email="")
    OrganisationFactory(listed_in=other_tenant, spheres=[sport], email="obca@example.org")

    with scope(tenant=tenant), django_capture_on_commit_callbacks(execute=True):
        published = publish_call(call=call, actor=official)

    assert published.state == CallState.PUBLISHED
    assert published.published_at is not None
    assert published.number == f"1/{timezone.localdate().year}"
    assert sorted(m.to[0] for m in mail.outbox) == ["fundacja@example.org", "klub@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert call.title in mail.outbox[0].body
    event = AuditEvent.objects.get(action="call.publish")
    assert event.data["from"] == "draft" and event.data["to"] == "published"


def test_publish_call_without_criteria_is_blocked_with_a_problem(tenant, official):
    call = CallFactory(tenant=tenant, criteria=0)

    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        publish_call(call=call, actor=official)

    assert [p.section for p in blocked.value.problems] == ["criteria"]


def test_publish_call_lists_missing_fields_and_inconsistent_values(tenant, official):
    call = CallFactory(tenant=tenant, award_rules="", total_funds=None, delivery_start=dt.date(2030, 2, 1))
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(delivery_end=dt.date(2030, 1, 1))

    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        publish_call(call=call, actor=official)

    assert {p.section for p in blocked.value.problems} == {"award_rules", "total_funds", "delivery_end"}


@pytest.mark.parametrize(("days", "passes"), [("n", True), ("n-1", False), ("n+1", True)])
def test_offer_deadline_boundary_follows_the_legal_parameter(tenant, official, days, passes):
    n = legal_days("competition.offer_period_min_days", on=timezone.localdate(), tenant=tenant)
    assert n == 21
    offset = {"n": n, "n-1": n - 1, "n+1": n + 1}[days]
    call = CallFactory(tenant=tenant, offer_deadline=deadline_days_after_today(offset))

    with scope(tenant=tenant):
        if passes:
            assert publish_call(call=call, actor=official).state == CallState.PUBLISHED
        else:
            with pytest.raises(TransitionBlocked) as blocked:
                publish_call(call=call, actor=official)
            assert [p.section for p in blocked.value.problems] == ["offer_deadline"]


def test_offer_period_counts_calendar_days_in_warsaw(tenant):
    call = Call(tenant=tenant, offer_deadline=dt.datetime(2027, 3, 22, 0, 0, tzinfo=WARSAW))  # 21 March 23:00 UTC

    assert offer_period_problems(call, published_on=dt.date(2027, 3, 1)) == []
    call.offer_deadline = dt.datetime(2027, 3, 21, 23, 59, tzinfo=WARSAW)
    assert [p.section for p in offer_period_problems(call, published_on=dt.date(2027, 3, 1))] == ["offer_deadline"]


def test_a_tenant_specific_offer_period_overrides_the_national_one(tenant, other_tenant, official):
    LegalParameter.objects.create(
        key="competition.offer_period_min_days",
        value=Decimal(30),
        unit="days",
        effective_from=dt.date(2020, 1, 1),
        tenant=tenant,
        name="Termin na oferty według uchwały gminy",
    )
    call = CallFactory(tenant=tenant, offer_deadline=deadline_days_after_today(25))
    elsewhere = CallFactory(tenant=other_tenant, offer_deadline=deadline_days_after_today(25))

    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        publish_call(call=call, actor=official)
    assert [p.section for p in blocked.value.problems] == ["offer_deadline"]
    assert "30" in blocked.value.problems[0].message
    with scope(tenant=other_tenant):
        from pozytek.competitions.transitions import publication_problems

        assert publication_problems(elsewhere) == []


@pytest.mark.parametrize(
    ("action", "state", "who", "outcome"),
    [
        ("publish", CallState.DRAFT, "official", "allowed"),
        ("publish", CallState.DRAFT, "resident", "forbidden"),
        ("publish", CallState.DRAFT, "official_without_criteria", "blocked"),
        ("publish", CallState.PUBLISHED, "official", "not_allowed"),
        ("close", CallState.PUBLISHED, "official_after_deadline", "allowed"),
        ("close", CallState.PUBLISHED, "official", "blocked"),
        ("close", CallState.PUBLISHED, "resident", "forbidden"),
        ("cancel", CallState.PUBLISHED, "official", "allowed"),
        ("cancel", CallState.DRAFT, "official", "not_allowed"),
    ],
)
def test_transition_table(tenant, official, resident, action, state, who, outcome):
    from pozytek.core.workflow import apply_transition

    call = CallFactory(tenant=tenant, state=state, criteria=0 if who == "official_without_criteria" else 1)
    if who == "official_after_deadline":
        with scopes_disabled():
            Call.objects.filter(pk=call.pk).update(offer_deadline=timezone.now() - dt.timedelta(seconds=1))
    actor = resident if who == "resident" else official

    with scope(tenant=tenant):
        if outcome == "allowed":
            result = apply_transition(call, action, actor=actor, transitions=TRANSITIONS)
            assert result.state == next(t.target for t in TRANSITIONS if t.action == action and t.source == state)
        elif outcome == "forbidden":
            with pytest.raises(PermissionDenied):
                apply_transition(call, action, actor=actor, transitions=TRANSITIONS)
        elif outcome == "blocked":
            with pytest.raises(TransitionBlocked):
                apply_transition(call, action, actor=actor, transitions=TRANSITIONS)
        else:
            with pytest.raises(TransitionNotAllowed):
                apply_transition(call, action, actor=actor, transitions=TRANSITIONS)
        call.refresh_from_db()
        assert (call.state != state) == (outcome == "allowed")


def test_clone_call_copies_fields_criteria_and_checklist_into_a_draft(tenant, official):
    original = PublishedCallFactory(tenant=tenant, criteria=2)

    with scope(tenant=tenant):
        copy = clone_call(call=original, actor=official)

        assert copy.state == CallState.DRAFT
        assert copy.pk != original.pk
        assert copy.cloned_from == original
        assert copy.number == "" and copy.offer_deadline is None and copy.published_at is None
        assert copy.total_funds == original.total_funds
        assert [c.name for c in copy.criteria.all()] == [c.name for c in original.criteria.all()]
        assert copy.checklist.count() == 2
        assert list(copy.spheres.all()) == list(original.spheres.all())
    assert AuditEvent.objects.filter(action="call.clone").count() == 1
