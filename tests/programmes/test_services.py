"""Bad input to the programme's services: each refusal names its field and leaves nothing half-written;
and the copy of a programme as next year's draft."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from pozytek.accounts.models import Role
from pozytek.core.models import AuditEvent
from pozytek.core.record_kinds import Cooperation, Measure
from pozytek.core.workflow import TransitionBlocked
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.programmes.models import Activity, Attribution, CooperationForm, Goal, Indicator, PriorityTask, Programme
from pozytek.programmes.services import programmes as services
from pozytek.programmes.services import reports
from pozytek.programmes.states import ProgrammeKind, ProgrammeState
from tests.conftest import with_totp
from tests.factories.accounts import MembershipFactory
from tests.factories.organisations import OrganisationFactory
from tests.programmes.helpers import adopted_programme, draft_programme, programme_in_force, registered

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def official_of(tenant):
    return with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)


def fields(error: ValidationError) -> set[str]:
    return set(error.message_dict)


# --- goals, forms, indicators ---------------------------------------------------------------------


def test_form_bound_to_a_goal_of_another_programme_is_refused(tenant, official):
    programme = draft_programme(tenant, official, year=2027)
    other = draft_programme(tenant, official, year=2028)
    with scope(tenant=tenant):
        foreign = other.goals.first()
        form = programme.forms.first()

        with pytest.raises(ValidationError) as added:
            services.add_form(
                programme=programme, actor=official, text="Forma", kinds=["other_activity"], goals=[foreign]
            )
        with pytest.raises(ValidationError) as updated:
            services.update_form(form=form, actor=official, text="Nowa", kinds=["other_activity"], goals=[foreign])

        assert (fields(added.value), fields(updated.value)) == ({"goals"}, {"goals"})
        form.refresh_from_db()
        assert (programme.forms.count(), form.text, list(form.goals.values_list("programme", flat=True))) == (
            2,
            "Otwarte konkursy ofert",
            [programme.pk],
        )


def test_indicator_of_a_goal_of_another_programme_is_refused(tenant, official):
    programme = draft_programme(tenant, official, year=2027)
    other = draft_programme(tenant, official, year=2028)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.add_indicator(
            programme=programme,
            actor=official,
            data={"name": "Liczba", "target": Decimal(1), "goal": other.goals.first()},
        )
    assert fields(error.value) == {"goal"}


def test_unknown_record_kind_is_refused_by_forms_and_assignments(tenant, official):
    programme = adopted_programme(tenant, official)
    with scope(tenant=tenant):
        goal = programme.goals.first()
        draft = draft_programme(tenant, official, year=2027)
        with pytest.raises(ValidationError) as on_form:
            services.add_form(
                programme=draft, actor=official, text="Forma", kinds=["no_such_kind"], goals=[draft.goals.first()]
            )
        with pytest.raises(ValidationError) as on_assignment:
            services.assign_record(
                programme=programme,
                actor=official,
                kind="no_such_kind",
                object_id=1,
                form=programme.forms.first(),
                goal=goal,
            )
        assert (fields(on_form.value), fields(on_assignment.value)) == ({"kinds"}, {"kind"})
        assert (draft.forms.count(), Attribution.objects.count()) == (2, 0)


def test_indicator_without_a_target_is_refused(tenant, official):
    programme = draft_programme(tenant, official)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as error:
            services.add_indicator(programme=programme, actor=official, data={"name": "Liczba szkoleń"})
        assert error.value.message_dict == {"target": ["Every indicator needs a target value."]}
        assert programme.indicators.count() == 1


def test_indicator_bound_to_an_unknown_measure_is_refused(tenant, official):
    programme = draft_programme(tenant, official)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.add_indicator(
            programme=programme, actor=official, data={"name": "X", "target": Decimal(1), "measure": "no_such"}
        )
    assert fields(error.value) == {"measure"}


# --- funds ----------------------------------------------------------------------------------------


def test_priority_tasks_above_the_total_are_refused_and_not_saved(tenant, official):
    programme = draft_programme(tenant, official, funds=Decimal(1000))  # one task of 500
    with scope(tenant=tenant):
        sphere = SphereOfPublicTasks.objects.order_by("order").first()
        with pytest.raises(ValidationError) as added:
            services.add_priority_task(
                programme=programme, actor=official, sphere=sphere, title="Sport", planned_funds=Decimal("500.01")
            )
        task = programme.priority_tasks.get()
        with pytest.raises(ValidationError) as updated:
            services.update_priority_task(
                task=task, actor=official, sphere=sphere, title="Seniorzy", planned_funds=Decimal(1001)
            )

        assert added.value.message_dict == {
            "planned_funds": [
                "The priority tasks plan 1\u00a0000,01 zł, more than the programme's planned funds of "
                "1\u00a0000,00 zł: raise the total or lower the tasks."
            ]
        }
        assert fields(updated.value) == {"planned_funds"}
        assert list(programme.priority_tasks.values_list("title", "planned_funds")) == [
            ("Wsparcie seniorów", Decimal(500))
        ]


def test_lowering_the_total_below_the_tasks_is_refused_and_not_saved(tenant, official):
    programme = draft_programme(tenant, official, funds=Decimal(1000))
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as error:
            services.update_programme(
                programme=programme, actor=official, data={"planned_funds": Decimal(499), "title": "Nowy tytuł"}
            )
        assert fields(error.value) == {"planned_funds"}
        programme.refresh_from_db()
        assert (programme.planned_funds, programme.title) == (Decimal(1000), "Program współpracy na rok 2027")


def test_priority_task_with_negative_funds_is_refused(tenant, official):
    programme = draft_programme(tenant, official)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.add_priority_task(
            programme=programme, actor=official, sphere=None, title="", planned_funds=Decimal(-1)
        )
    assert fields(error.value) == {"title", "sphere", "planned_funds"}


# --- adoption and editing ---------------------------------------------------------------------------


def test_second_programme_for_the_same_year_is_not_adopted_and_the_other_is_named(tenant, official):
    adopted_programme(tenant, official, year=2027, title="Program 2027 (uchwalony)", resolution_date=TODAY)
    second = draft_programme(tenant, official, year=2027, title="Program 2027 (drugi)")
    with scope(tenant=tenant):
        services.update_programme(programme=second, actor=official, data={"creation_and_consultation": "Konsultacje."})
        with pytest.raises(TransitionBlocked) as blocked:
            services.adopt_programme(
                programme=second, actor=official, resolution_number="LX/2/2026", resolution_date=TODAY
            )
        assert [(p.section, p.message) for p in blocked.value.problems] == [
            (
                "year_from",
                "“Program 2027 (uchwalony)” is already adopted for 2027; a second programme for the same year "
                "cannot be in force.",
            )
        ]
        second.refresh_from_db()
        assert (second.state, second.resolution_number) == (ProgrammeState.DRAFT, "")


def test_multi_year_programmes_overlapping_in_one_year_are_refused(tenant, official):
    first = draft_programme(tenant, official, year=2027, title="Program wieloletni 2027–2029")
    second = draft_programme(tenant, official, year=2025, title="Program wieloletni 2025–2027")
    with scope(tenant=tenant):
        for programme, year_to in ((first, 2029), (second, 2027)):
            services.update_programme(
                programme=programme,
                actor=official,
                data={"kind": ProgrammeKind.MULTI_YEAR, "year_to": year_to, "creation_and_consultation": "Tak."},
            )
        services.adopt_programme(programme=first, actor=official, resolution_number="1", resolution_date=TODAY)
        with pytest.raises(TransitionBlocked) as blocked:
            services.adopt_programme(programme=second, actor=official, resolution_number="2", resolution_date=TODAY)
        [problem] = blocked.value.problems
        assert problem.section == "year_from"
        assert problem.message.startswith("“Program wieloletni 2027–2029” is already adopted for 2027–2029;")


def _edits(programme, actor):
    goal = programme.goals.first()
    form = programme.forms.first()
    task = programme.priority_tasks.first()
    indicator = programme.indicators.first()
    sphere = task.sphere
    return {
        "update_programme": lambda: services.update_programme(programme=programme, actor=actor, data={"title": "X"}),
        "add_goal": lambda: services.add_goal(programme=programme, actor=actor, text="Nowy cel"),
        "update_goal": lambda: services.update_goal(goal=goal, actor=actor, text="Inny cel"),
        "remove_goal": lambda: services.remove_goal(goal=goal, actor=actor),
        "add_form": lambda: services.add_form(
            programme=programme, actor=actor, text="F", kinds=["other_activity"], goals=[goal]
        ),
        "update_form": lambda: services.update_form(
            form=form, actor=actor, text="F", kinds=["other_activity"], goals=[goal]
        ),
        "remove_form": lambda: services.remove_form(form=form, actor=actor),
        "add_priority_task": lambda: services.add_priority_task(
            programme=programme, actor=actor, sphere=sphere, title="T", planned_funds=Decimal(1)
        ),
        "update_priority_task": lambda: services.update_priority_task(
            task=task, actor=actor, sphere=sphere, title="T", planned_funds=Decimal(1)
        ),
        "remove_priority_task": lambda: services.remove_priority_task(task=task, actor=actor),
        "add_indicator": lambda: services.add_indicator(
            programme=programme, actor=actor, data={"name": "I", "target": Decimal(1)}
        ),
        "update_indicator": lambda: services.update_indicator(
            indicator=indicator, actor=actor, data={"name": "I", "target": Decimal(1)}
        ),
        "remove_indicator": lambda: services.remove_indicator(indicator=indicator, actor=actor),
    }


EDIT_NAMES = (
    "update_programme",
    "add_goal",
    "update_goal",
    "remove_goal",
    "add_form",
    "update_form",
    "remove_form",
    "add_priority_task",
    "update_priority_task",
    "remove_priority_task",
    "add_indicator",
    "update_indicator",
    "remove_indicator",
)


def _content(programme):
    return (
        programme.title,
        list(Goal.objects.filter(programme=programme).values_list("position", "text")),
        list(CooperationForm.objects.filter(programme=programme).values_list("position", "text", "kinds")),
        list(PriorityTask.objects.filter(programme=programme).values_list("position", "title", "planned_funds")),
        list(Indicator.objects.filter(programme=programme).values_list("position", "name", "target")),
    )


@pytest.mark.parametrize("edit", EDIT_NAMES)
def test_every_edit_of_an_adopted_programme_is_refused(tenant, official, edit):
    programme = adopted_programme(tenant, official, year=2027, resolution_date=TODAY)
    with scope(tenant=tenant):
        before = _content(Programme.objects.get(pk=programme.pk))
        with pytest.raises(ValidationError) as error:
            _edits(programme, official)[edit]()
        assert error.value.messages == [
            "An adopted programme can no longer be changed; start next year's programme as a copy of it."
        ]
        assert _content(Programme.objects.get(pk=programme.pk)) == before


def test_edit_service_list_covers_the_module():
    """Every public add_/update_/remove_ service of the programme's content is in the list above."""
    names = {
        n
        for n in dir(services)
        if n.startswith(("add_", "update_", "remove_")) and callable(getattr(services, n)) and n != "remove_activity"
    }
    assert names == set(EDIT_NAMES)


# --- reports --------------------------------------------------------------------------------------


def test_published_report_refuses_narrative_and_a_second_publication(tenant, official):
    programme = adopted_programme(tenant, official, year=TODAY.year)
    with scope(tenant=tenant):
        report = reports.start_report(programme=programme, actor=official, year=TODAY.year)
        reports.save_narrative(report=report, actor=official, texts={"introduction": "Wstęp"})
        published = reports.publish_report(report=report, actor=official)

        with pytest.raises(ValidationError) as narrative:
            reports.save_narrative(report=published, actor=official, texts={"introduction": "Zmiana"})
        with pytest.raises(ValidationError) as again:
            reports.publish_report(report=published, actor=official)

        assert narrative.value.messages == ["A published report can no longer be changed."]
        assert again.value.messages == ["The report has already been published."]
        published.refresh_from_db()
        assert published.narrative == {"introduction": "Wstęp"}
        assert AuditEvent.objects.filter(action="realisationreport.publish").count() == 1


def test_report_on_a_year_outside_the_programme_is_refused(tenant, official):
    programme = adopted_programme(tenant, official, year=TODAY.year)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        reports.start_report(programme=programme, actor=official, year=TODAY.year - 1)
    assert fields(error.value) == {"year"}


# --- what was done --------------------------------------------------------------------------------


def test_assigning_another_tenants_activity_or_record_is_refused(tenant, official, other_tenant):
    other_official = official_of(other_tenant)
    theirs = programme_in_force(other_tenant, other_official, year=TODAY.year)
    listing = OrganisationFactory(listed_in=other_tenant)
    with scope(tenant=other_tenant):
        activity = services.record_activity(
            programme=theirs, actor=other_official, form=theirs.forms.first(), on=TODAY, title="Ich spotkanie"
        )
        listing_pk = listing.areas.get().pk
    programme = draft_programme(tenant, official, year=TODAY.year + 1)
    with scope(tenant=tenant):
        form = programme.forms.first()
        form = services.update_form(
            form=form,
            actor=official,
            text=form.text,
            kinds=["other_activity", "directory_listing"],
            goals=list(form.goals.all()),
        )
        refusals = []
        for kind, object_id in (("other_activity", activity.pk), ("directory_listing", listing_pk)):
            with pytest.raises(ValidationError) as error:
                services.assign_record(programme=programme, actor=official, kind=kind, object_id=object_id, form=form)
            refusals.append(error.value.message_dict)

        assert refusals == [{"object_id": ["No such record in this local government."]}] * 2
        assert Attribution.objects.count() == 0


def test_assignment_to_a_goal_its_form_does_not_serve_is_refused(tenant, official):
    programme = programme_in_force(tenant, official, year=TODAY.year)
    with scope(tenant=tenant):
        first_form = programme.forms.get(position=1)  # serves goal 1 only
        activity = services.record_activity(
            programme=programme, actor=official, form=first_form, on=TODAY, title="Spotkanie"
        )
        second_goal = programme.goals.get(position=2)
        with pytest.raises(ValidationError) as error:
            services.assign_record(
                programme=programme,
                actor=official,
                kind="other_activity",
                object_id=activity.pk,
                form=first_form,
                goal=second_goal,
            )
        assert fields(error.value) == {"goal"}


def test_activity_dated_outside_the_programme_period_is_refused(tenant, official):
    programme = programme_in_force(tenant, official, year=TODAY.year)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as error:
            services.record_activity(
                programme=programme,
                actor=official,
                form=programme.forms.first(),
                on=dt.date(TODAY.year + 1, 1, 1),
                title="Spotkanie",
            )
        assert error.value.message_dict == {"on": [f"The date must fall within the programme's period ({TODAY.year})."]}
        assert Activity.objects.count() == 0


def test_activity_under_a_draft_or_another_programmes_form_is_refused(tenant, official):
    draft = draft_programme(tenant, official, year=TODAY.year + 1)
    programme = programme_in_force(tenant, official, year=TODAY.year)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as on_draft:
            services.record_activity(
                programme=draft, actor=official, form=draft.forms.first(), on=dt.date(TODAY.year + 1, 2, 1), title="A"
            )
        with pytest.raises(ValidationError) as foreign_form:
            services.record_activity(programme=programme, actor=official, form=draft.forms.first(), on=TODAY, title="A")
        assert fields(on_draft.value) == {"__all__"}
        assert fields(foreign_form.value) == {"form"}


# --- copy -----------------------------------------------------------------------------------------


def test_copy_must_start_after_the_programme_it_copies(tenant, official):
    programme = adopted_programme(tenant, official, year=2026)
    with scope(tenant=tenant):
        for year in (2025, 2026):
            with pytest.raises(ValidationError) as error:
                services.copy_programme(source=programme, actor=official, year_from=year)
            assert error.value.message_dict == {"year_from": ["The copy must start after the programme it copies."]}
        assert Programme.objects.count() == 1


def test_copy_of_a_multi_year_programme_must_start_after_its_last_year(tenant, official):
    programme = draft_programme(tenant, official, year=2025)
    with scope(tenant=tenant):
        programme = services.update_programme(
            programme=programme, actor=official, data={"kind": ProgrammeKind.MULTI_YEAR, "year_to": 2027}
        )
        with pytest.raises(ValidationError) as error:
            services.copy_programme(source=programme, actor=official, year_from=2026)
        assert fields(error.value) == {"year_from"}
        copy = services.copy_programme(source=programme, actor=official, year_from=2028)
        assert (copy.year_from, copy.year_to, copy.kind) == (2028, 2030, ProgrammeKind.MULTI_YEAR)


def test_copy_keeps_goals_forms_tasks_and_indicators_with_last_years_results(tenant, official):
    measure = Measure(
        key="test_copy_measure", label="Test figure", cooperation=Cooperation.NON_FINANCIAL, compute=lambda t, y: 5
    )
    with registered(measure):
        source = draft_programme(tenant, official, year=2026)
        with scope(tenant=tenant):
            services.add_indicator(
                programme=source,
                actor=official,
                data={"name": "Obliczany", "target": Decimal(4), "measure": "test_copy_measure"},
            )
            services.add_indicator(
                programme=source, actor=official, data={"name": "Bez wartości", "target": Decimal(2)}
            )
            services.update_programme(programme=source, actor=official, data={"creation_and_consultation": "Tak."})
            source = services.adopt_programme(
                programme=source, actor=official, resolution_number="1", resolution_date=dt.date(2025, 11, 1)
            )
            services.record_indicator_value(
                indicator=source.indicators.get(position=1), actor=official, actual=Decimal(2)
            )

            copy = services.copy_programme(source=source, actor=official, year_from=2027)

            assert (copy.state, copy.title, copy.year_from, copy.year_to, copy.copied_from_id) == (
                ProgrammeState.DRAFT,
                "Program współpracy na rok 2027",
                2027,
                2027,
                source.pk,
            )
            assert copy.creation_and_consultation == ""
            assert [(g.position, g.text) for g in copy.goals.all()] == [
                (g.position, g.text) for g in source.goals.all()
            ]
            assert [
                (f.position, f.text, f.kinds, sorted(g.position for g in f.goals.all()))
                for f in copy.forms.prefetch_related("goals")
            ] == [
                (1, "Otwarte konkursy ofert", ["other_activity"], [1]),
                (2, "Konsultowanie projektów aktów", ["other_activity"], [1, 2]),
            ]
            assert all(g.programme_id == copy.pk for f in copy.forms.all() for g in f.goals.all())
            assert list(copy.priority_tasks.values_list("position", "sphere", "title", "planned_funds")) == list(
                source.priority_tasks.values_list("position", "sphere", "title", "planned_funds")
            )
            rows = [
                (
                    i.position,
                    i.name,
                    i.goal.position if i.goal else None,
                    i.measure,
                    i.target,
                    i.previous_target,
                    i.previous_actual,
                    i.previous_unmet,
                    i.baseline,
                )
                for i in copy.indicators.select_related("goal")
            ]
            assert rows == [
                (1, "Liczba działań", 1, "", Decimal(3), Decimal(3), Decimal(2), True, Decimal(2)),
                (2, "Obliczany", None, "test_copy_measure", Decimal(4), Decimal(4), Decimal(5), False, Decimal(5)),
                (3, "Bez wartości", None, "", Decimal(2), Decimal(2), None, True, None),
            ]
            assert AuditEvent.objects.filter(subject_id=str(copy.pk), action="programme.copy").count() == 1


def test_copy_of_a_draft_marks_no_target_as_unmet(tenant, official):
    source = draft_programme(tenant, official, year=2027)
    with scope(tenant=tenant):
        copy = services.copy_programme(source=source, actor=official, year_from=2028)
        [indicator] = copy.indicators.all()
        assert (indicator.previous_target, indicator.previous_actual, indicator.previous_unmet) == (None, None, False)
