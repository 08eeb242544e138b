"""The realisation computed from the records (`selectors.realisation`): where each record goes, goals
without activity, indicators, plan vs actual funds, a constant number of queries, and the frozen report."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from pozytek.core.record_kinds import Cooperation, Measure, Record, RecordKind
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.programmes.selectors import realisation
from pozytek.programmes.services import programmes as services
from pozytek.programmes.services import reports
from pozytek.programmes.services.reports import report_content
from pozytek.programmes.states import ProgrammeKind
from tests.factories.organisations import OrganisationFactory
from tests.programmes.helpers import adopted_programme, draft_programme, programme_in_force, registered

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
KIND = "test_throwaway"


def throwaway_kind(rows, *, cooperation=Cooperation.NON_FINANCIAL, key=KIND):
    """A kind whose records are `rows` (a list the test fills); its pks are directory listings of the tenant."""
    return RecordKind(
        key=key,
        label="Throwaway records",
        cooperation=cooperation,
        list_records=lambda tenant, year: [r for r in rows if r.on.year == year],
        model_label="organisations.OrganisationArea",
    )


def record(pk, title, *, on=None, amount=None, spheres=(), priority_task_id=None, key=KIND):
    return Record(
        kind=key,
        pk=pk,
        title=title,
        on=on or dt.date(YEAR, 3, 1),
        amount=amount,
        spheres=spheres,
        priority_task_id=priority_task_id,
    )


def bind_forms(programme, official, *, key=KIND, positions=(1, 2)):
    """Bind the draft's forms at `positions` to the throwaway kind as well as to recorded activities."""
    with scope(tenant=programme.tenant):
        for form in programme.forms.filter(position__in=positions):
            services.update_form(
                form=form, actor=official, text=form.text, kinds=["other_activity", key], goals=list(form.goals.all())
            )


def put_in_force(programme, official):
    with scope(tenant=programme.tenant):
        services.update_programme(programme=programme, actor=official, data={"creation_and_consultation": "Tak."})
        programme = services.adopt_programme(
            programme=programme, actor=official, resolution_number="1", resolution_date=dt.date(YEAR - 1, 11, 1)
        )
        return services.bring_into_force(programme=programme, actor=official)


def listing_pks(tenant, n):
    organisations = [OrganisationFactory(listed_in=tenant) for _ in range(n)]
    with scope(tenant=tenant):
        return [o.areas.get().pk for o in organisations]


def realised(programme, **kwargs):
    with scope(tenant=programme.tenant):
        return realisation(programme, YEAR, **kwargs)


def of_kind(rows, key=KIND):
    return [(r["title"], r["chosen"]) for r in rows if r["kind"] == key]


# --- where records go -------------------------------------------------------------------------------


def test_record_goes_under_the_form_the_office_chose_over_the_first_form_of_its_kind(tenant, official):
    first, second = listing_pks(tenant, 2)
    rows = [record(first, "A"), record(second, "B")]
    with registered(throwaway_kind(rows)):
        programme = draft_programme(tenant, official, year=YEAR)
        bind_forms(programme, official)
        programme = put_in_force(programme, official)
        with scope(tenant=tenant):
            form_2 = programme.forms.get(position=2)  # serves goals 1 and 2
            goal_2 = programme.goals.get(position=2)

        default = realised(programme)
        with scope(tenant=tenant):
            services.assign_record(programme=programme, actor=official, kind=KIND, object_id=second, form=form_2)
        chosen = realised(programme)
        with scope(tenant=tenant):
            services.assign_record(
                programme=programme, actor=official, kind=KIND, object_id=second, form=form_2, goal=goal_2
            )
        chosen_goal = realised(programme)

    assert [of_kind(f["records"]) for f in default["forms"]] == [[("A", False), ("B", False)], []]
    assert [g["records"] for g in default["goals"]] == [2, 0]
    assert [of_kind(f["records"]) for f in chosen["forms"]] == [[("A", False)], [("B", True)]]
    assert [g["records"] for g in chosen["goals"]] == [2, 1]  # B counts towards both goals of form 2
    assert [of_kind(f["records"]) for f in chosen_goal["forms"]] == [[("A", False)], [("B", True)]]
    assert [g["records"] for g in chosen_goal["goals"]] == [1, 1]  # … or only towards the goal chosen


def test_records_of_a_kind_bound_to_no_form_are_listed_apart(tenant, official):
    [pk] = listing_pks(tenant, 1)
    with registered(throwaway_kind([record(pk, "Nigdzie")])):
        programme = programme_in_force(tenant, official, year=YEAR)
        data = realised(programme)

    assert of_kind(data["unassigned"]) == [("Nigdzie", False)]
    assert [of_kind(f["records"]) for f in data["forms"]] == [[], []]
    assert [k["count"] for k in data["kinds"] if k["key"] == KIND] == [1]


def test_activity_goes_under_its_own_form_and_goal_with_its_public_link(tenant, official):
    programme = programme_in_force(tenant, official, year=YEAR)
    with scope(tenant=tenant):
        form_2 = programme.forms.get(position=2)
        activity = services.record_activity(
            programme=programme,
            actor=official,
            form=form_2,
            goal=programme.goals.get(position=2),
            on=dt.date(YEAR, 4, 1),
            title="Forum organizacji",
        )

    data = realised(programme)

    assert [of_kind(f["records"], "other_activity") for f in data["forms"]] == [[], [("Forum organizacji", True)]]
    assert data["forms"][1]["records"][0]["url"] == reverse(
        "programmes:activity", kwargs={"tenant_slug": tenant.slug, "pk": programme.pk, "activity": activity.pk}
    )
    assert [g["records"] for g in data["goals"]] == [0, 1]


def test_activity_of_another_programme_is_not_counted(tenant, official):
    annual = programme_in_force(tenant, official, year=YEAR)
    multi = draft_programme(tenant, official, year=YEAR, title="Program wieloletni")
    with scope(tenant=tenant):
        services.update_programme(
            programme=multi, actor=official, data={"kind": ProgrammeKind.MULTI_YEAR, "year_to": YEAR + 1}
        )
    multi = put_in_force(multi, official)
    with scope(tenant=tenant):
        services.record_activity(
            programme=multi, actor=official, form=multi.forms.first(), on=dt.date(YEAR, 4, 1), title="Wieloletnie"
        )

    assert [of_kind(f["records"], "other_activity") for f in realised(annual)["forms"]] == [[], []]
    assert [of_kind(f["records"], "other_activity") for f in realised(multi)["forms"]] == [[("Wieloletnie", True)], []]
    assert [k["count"] for k in realised(annual)["kinds"] if k["key"] == "other_activity"] == [0]


# --- goals without activity -------------------------------------------------------------------------


def test_goals_without_activity_are_flagged_only_from_the_activity_check_day(tenant, official):
    programme = programme_in_force(tenant, official, year=YEAR)
    with scope(tenant=tenant):
        services.record_activity(
            programme=programme, actor=official, form=programme.forms.get(position=1), on=dt.date(YEAR, 2, 1), title="A"
        )

    before = realised(programme, on=dt.date(YEAR, 9, 29))
    on_the_day = realised(programme, on=dt.date(YEAR, 9, 30))

    assert on_the_day["activity_check_on"] == f"{YEAR}-09-30"
    assert [g["without_activity"] for g in before["goals"]] == [False, False]
    assert [(g["records"], g["without_activity"]) for g in on_the_day["goals"]] == [(1, False), (0, True)]


# --- indicators -------------------------------------------------------------------------------------


def test_indicator_bound_to_a_measure_is_computed_and_the_others_are_entered(tenant, official):
    figure = Measure(
        key="test_throwaway_measure",
        label="Throwaway figure",
        cooperation=Cooperation.NON_FINANCIAL,
        compute=lambda tenant, year: 7 if year == YEAR else 0,
    )
    with registered(figure):
        programme = draft_programme(tenant, official, year=YEAR)
        with scope(tenant=tenant):
            services.add_indicator(
                programme=programme,
                actor=official,
                data={"name": "Obliczany", "baseline": Decimal(2), "target": Decimal(12), "measure": figure.key},
            )
        programme = put_in_force(programme, official)
        with scope(tenant=tenant):
            entered, computed = programme.indicators.order_by("position")
            services.record_indicator_value(indicator=entered, actor=official, actual=Decimal(3))
            with pytest.raises(ValidationError) as error:
                services.record_indicator_value(indicator=computed, actor=official, actual=Decimal(1))
        data = realised(programme)

    assert error.value.message_dict == {"actual": ["The platform computes this indicator from its records."]}
    assert [
        (i["name"], i["source"], i["actual"], i["target"], i["progress"], i["met"], i["measure_label"])
        for i in data["indicators"]
    ] == [
        ("Liczba działań", "entered", "3.00", "3.00", 100, True, ""),
        ("Obliczany", "computed", "7.00", "12.00", 50, False, "Throwaway figure"),
    ]
    assert [(f["label"], f["value"]) for f in data["non_financial"] if f["key"] == figure.key] == [
        ("Throwaway figure", "7")
    ]


# --- funds per priority task -----------------------------------------------------------------------


def test_plan_vs_actual_per_priority_task_from_the_records_amounts(tenant, official):
    first_sphere, second_sphere = SphereOfPublicTasks.objects.order_by("order")[:2]
    pks = listing_pks(tenant, 6)
    rows = []
    with registered(throwaway_kind(rows, cooperation=Cooperation.FINANCIAL)):
        programme = draft_programme(tenant, official, year=YEAR)  # task 1: first sphere, 50 000
        other = draft_programme(tenant, official, year=YEAR + 1)
        with scope(tenant=tenant):
            second = services.add_priority_task(
                programme=programme, actor=official, sphere=second_sphere, title="Kultura", planned_funds=Decimal(20000)
            )
            third = services.add_priority_task(
                programme=programme, actor=official, sphere=first_sphere, title="Zdrowie", planned_funds=Decimal(10000)
            )
            foreign_task = other.priority_tasks.get()
        bind_forms(programme, official)
        programme = put_in_force(programme, official)
        rows += [
            record(pks[0], "named task", amount=Decimal(1000), priority_task_id=third.pk),
            record(pks[1], "first sphere", amount=Decimal(500), spheres=(first_sphere.pk,)),
            record(
                pks[2], "second sphere first", amount=Decimal("250.50"), spheres=(second_sphere.pk, first_sphere.pk)
            ),
            record(pks[3], "no sphere", amount=Decimal(100)),
            record(pks[4], "no amount", spheres=(first_sphere.pk,)),
            record(pks[5], "other programme's task", amount=Decimal(7), priority_task_id=foreign_task.pk),
        ]

        data = realised(programme)

    assert [(t["number"], t["title"], t["planned"], t["actual"], t["records"]) for t in data["priority_tasks"]] == [
        (1, "Wsparcie seniorów", "50000.00", "500.00", 1),
        (2, "Kultura", "20000.00", "250.50", 1),
        (3, "Zdrowie", "10000.00", "1000.00", 1),
    ]
    assert data["funds"] == {"planned": "80000.00", "actual": "1750.50"}
    assert [(k["count"], k["amount"]) for k in data["kinds"] if k["key"] == KIND] == [(6, "1857.50")]
    assert data["forms"][0]["amount"] == "1857.50"
    assert second.pk != third.pk


# --- queries ----------------------------------------------------------------------------------------


def _queries(programme):
    with scope(tenant=programme.tenant), CaptureQueriesContext(connection) as captured:
        realisation(programme, YEAR)
    return len(captured.captured_queries)


def test_realisation_queries_do_not_grow_with_the_number_of_activities(tenant, official):
    programme = programme_in_force(tenant, official, year=YEAR)
    with scope(tenant=tenant):
        forms = list(programme.forms.all())
        goal = programme.goals.get(position=1)

        def add(n):
            for i in range(n):
                activity = services.record_activity(
                    programme=programme,
                    actor=official,
                    form=forms[i % 2],
                    on=dt.date(YEAR, 1 + i % 12, 1),
                    title=f"Działanie {i}",
                    organisations=[OrganisationFactory(listed_in=tenant)],
                )
                if i % 3 == 0:
                    services.assign_record(
                        programme=programme,
                        actor=official,
                        kind="other_activity",
                        object_id=activity.pk,
                        form=forms[0],
                        goal=goal,
                    )

        add(1)
        one = _queries(programme)
        add(9)
        ten = _queries(programme)

    assert sum(len(f["records"]) for f in realised(programme)["forms"]) == 10
    assert ten == one


# --- the published report ----------------------------------------------------------------------------


def test_published_report_is_frozen_and_its_checksum_is_the_sha256_of_the_canonical_json(tenant, official):
    programme = adopted_programme(tenant, official, year=YEAR)
    with scope(tenant=tenant):
        report = reports.start_report(programme=programme, actor=official, year=YEAR)
        reports.save_narrative(report=report, actor=official, texts={"conclusions": "Wnioski: współpraca rośnie."})
        reports.publish_report(report=report, actor=official)
        report.refresh_from_db()
        frozen = report_content(report)

        services.record_activity(
            programme=programme, actor=official, form=programme.forms.first(), on=dt.date(YEAR, 5, 5), title="Później"
        )
        services.record_indicator_value(indicator=programme.indicators.get(), actor=official, actual=Decimal(9))
        report.refresh_from_db()

        assert report_content(report) == frozen
        assert frozen["narrative"] == {"conclusions": "Wnioski: współpraca rośnie."}
        assert [i["actual"] for i in frozen["realisation"]["indicators"]] == [None]
        assert [i["actual"] for i in realisation(programme, YEAR)["indicators"]] == ["9.00"]
        canonical = json.dumps(report.snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        assert report.checksum == hashlib.sha256(canonical).hexdigest()


def test_report_being_prepared_follows_the_records(tenant, official):
    programme = adopted_programme(tenant, official, year=YEAR)
    with scope(tenant=tenant):
        report = reports.start_report(programme=programme, actor=official, year=YEAR)
        services.record_activity(
            programme=programme, actor=official, form=programme.forms.first(), on=dt.date(YEAR, 5, 5), title="Teraz"
        )

        content = report_content(report)

    assert [of_kind(f["records"], "other_activity") for f in content["realisation"]["forms"]] == [
        [("Teraz", True)],
        [],
    ]
    assert content["programme"]["title"] == programme.title
