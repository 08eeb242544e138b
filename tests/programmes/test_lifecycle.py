"""The programme's lifecycle through its services: draft → in consultation (a published consultation and
the council's opinion) → adopted → in force → reported, each move in the audit trail; and the office's
deadline warnings (adoption by 30 November, the report by 31 May)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from pozytek.accounts.models import Role
from pozytek.consultations.models import Consultation
from pozytek.consultations.states import ConsultationState
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked, apply_transition
from pozytek.councils.services.acts import record_opinion
from pozytek.legal.selectors import legal_days
from pozytek.programmes.models import Programme
from pozytek.programmes.selectors import deadline_warnings
from pozytek.programmes.services import programmes as services
from pozytek.programmes.services import reports
from pozytek.programmes.states import ProgrammeKind, ProgrammeState, ReportState
from tests.conftest import with_totp
from tests.consultations.consultation_helpers import end_period
from tests.councils.helpers import balanced_council
from tests.factories.accounts import MembershipFactory
from tests.programmes.helpers import adopted_programme, draft_programme, programme_in_force

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def events(subject, action):
    return list(
        AuditEvent.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk), action=action
        ).values_list("data", flat=True)
    )


def consulted(tenant, official, *, delivered_on=None, year=2027):
    """A draft for `year` sent into a 14-day consultation starting today and to the council for its opinion."""
    programme = draft_programme(tenant, official, year=year)
    council = balanced_council(tenant, official)
    with scope(tenant=tenant):
        programme = services.send_to_consultation(
            programme=programme,
            actor=official,
            starts_on=TODAY,
            ends_on=TODAY + dt.timedelta(days=14),
            council=council,
            delivered_on=delivered_on or TODAY,
        )
    return programme, council


def warnings_on(tenant, day):
    with scope(tenant=tenant):
        return deadline_warnings(tenant, on=day)


def adopt(programme, official, number="LX/1/2026"):
    return services.adopt_programme(
        programme=programme, actor=official, resolution_number=number, resolution_date=TODAY
    )


# --- into consultation ----------------------------------------------------------------------------


def test_send_to_consultation_publishes_one_unit_per_element_and_asks_the_council(tenant, official):
    programme, council = consulted(tenant, official)

    with scope(tenant=tenant):
        consultation = programme.consultation
        assert programme.state == ProgrammeState.IN_CONSULTATION
        assert consultation.state == ConsultationState.PUBLISHED
        assert (consultation.starts_on, consultation.ends_on) == (TODAY, TODAY + dt.timedelta(days=14))
        assert [u.heading for u in consultation.units.order_by("position")] == [
            "Main goal",
            "Specific goals and forms of cooperation",
            "Principles of cooperation",
            "Subject scope",
            "Priority public tasks",
            "Programme period",
            "How the programme is implemented",
            "Planned funds",
            "How the implementation is evaluated",
            "How competition commissions are appointed and work",
        ]
        goals_unit = consultation.units.get(position=2).text
        assert "1. Wzmacnianie organizacji." in goals_unit and "– Konsultowanie projektów aktów" in goals_unit
        request = programme.opinion_request
        assert (request.body_id, request.consultation_id, request.delivered_on) == (council.pk, consultation.pk, TODAY)
        days = legal_days("council.opinion_days", on=TODAY, tenant=tenant)
        assert request.due_on == TODAY + dt.timedelta(days=days)
        assert events(programme, "programme.consult") == [
            {
                "from": "draft",
                "to": "in_consultation",
                "reason": "",
                "consultation": consultation.pk,
                "opinion_request": request.pk,
            }
        ]


def test_send_to_consultation_of_an_incomplete_draft_creates_no_consultation(tenant, official):
    programme = draft_programme(tenant, official, complete=False)

    with scope(tenant=tenant):
        with pytest.raises(TransitionBlocked) as blocked:
            services.send_to_consultation(
                programme=programme, actor=official, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=14)
            )
        assert {"main_goal", "goals", "forms", "priority_tasks", "indicators"} <= {
            p.section for p in blocked.value.problems
        }
        programme.refresh_from_db()
        assert (programme.state, programme.consultation_id) == (ProgrammeState.DRAFT, None)
        assert not Consultation.objects.exists()


def test_send_to_consultation_without_dates_names_the_fields(tenant, official):
    programme = draft_programme(tenant, official)

    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.send_to_consultation(programme=programme, actor=official, starts_on=None, ends_on=None)
    assert set(error.value.message_dict) == {"starts_on", "ends_on"}


def test_send_to_consultation_refuses_another_tenants_council(tenant, official, other_tenant):
    other_official = _official_of(other_tenant)
    council = balanced_council(other_tenant, other_official)
    programme = draft_programme(tenant, official)

    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.send_to_consultation(
            programme=programme,
            actor=official,
            starts_on=TODAY,
            ends_on=TODAY + dt.timedelta(days=14),
            council=council,
        )
    assert list(error.value.message_dict) == ["council"]


def _official_of(tenant):
    return with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)


# --- adoption -------------------------------------------------------------------------------------


def test_adopt_refused_while_the_consultation_runs_and_the_opinion_is_due(tenant, official):
    programme, _council = consulted(tenant, official)

    with scope(tenant=tenant):
        with pytest.raises(TransitionBlocked) as blocked:
            adopt(programme, official)
        problems = {p.section: p.message for p in blocked.value.problems}
        due = programme.opinion_request.due_on
        assert problems == {
            "consultation": "The consultation of the draft ends on "
            f"{(TODAY + dt.timedelta(days=14)):%d.%m.%Y}; the programme can be adopted after it.",
            "opinion": f"The Public Benefit Council may give its opinion until {due:%d.%m.%Y} (art. 41i ust. 2).",
        }
        programme.refresh_from_db()
        assert (programme.state, programme.resolution_number) == (ProgrammeState.IN_CONSULTATION, "")


def test_adopt_refused_while_the_opinion_is_due_after_the_consultation_ended(tenant, official):
    programme, _council = consulted(tenant, official)
    end_period(programme.consultation)

    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        adopt(programme, official)
    assert [p.section for p in blocked.value.problems] == ["opinion"]


def test_adopt_allowed_after_the_consultation_and_the_councils_opinion(tenant, official):
    programme, _council = consulted(tenant, official)
    end_period(programme.consultation)
    with scope(tenant=tenant):
        record_opinion(
            request=programme.opinion_request,
            actor=official,
            title="Opinia w sprawie projektu programu",
            text="Rada opiniuje projekt pozytywnie.",
            adopted_on=TODAY,
        )

        adopted = adopt(programme, official, number="LX/812/2026")

        assert adopted.state == ProgrammeState.ADOPTED
        assert (adopted.resolution_number, adopted.resolution_date) == ("LX/812/2026", TODAY)
        assert events(adopted, "programme.adopt") == [
            {
                "from": "in_consultation",
                "to": "adopted",
                "reason": "",
                "resolution_number": "LX/812/2026",
                "resolution_date": TODAY.isoformat(),
            }
        ]


def test_adopt_allowed_once_the_opinion_deadline_passed_without_an_opinion(tenant, official):
    """A council silent past its deadline has waived its opinion (art. 41i ust. 2)."""
    programme, _council = consulted(tenant, official, delivered_on=TODAY - dt.timedelta(days=40))
    end_period(programme.consultation)

    with scope(tenant=tenant):
        assert adopt(programme, official).state == ProgrammeState.ADOPTED


def test_adopt_with_a_resolution_dated_in_the_future_names_the_field(tenant, official):
    programme = draft_programme(tenant, official)

    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.adopt_programme(
            programme=programme,
            actor=official,
            resolution_number="LX/1/2026",
            resolution_date=TODAY + dt.timedelta(days=1),
        )
    assert list(error.value.message_dict) == ["resolution_date"]


# --- in force and reported ------------------------------------------------------------------------


def test_bring_into_force_refused_before_the_first_of_january(tenant, official):
    programme = adopted_programme(tenant, official, year=TODAY.year + 1, resolution_date=TODAY)

    with scope(tenant=tenant):
        with pytest.raises(TransitionBlocked) as blocked:
            services.bring_into_force(programme=programme, actor=official)
        assert [(p.section, p.message) for p in blocked.value.problems] == [
            ("year_from", f"The programme comes into force on 1 January {TODAY.year + 1}.")
        ]
        programme.refresh_from_db()
        assert programme.state == ProgrammeState.ADOPTED


def test_bring_into_force_in_its_first_year_writes_the_audit_event(tenant, official):
    programme = programme_in_force(tenant, official, year=TODAY.year)

    with scope(tenant=tenant):
        assert programme.state == ProgrammeState.IN_FORCE
        assert [e["to"] for e in events(programme, "programme.enter_into_force")] == ["in_force"]


def test_scheduled_bring_programmes_into_force_moves_only_due_programmes(tenant, official):
    due = adopted_programme(tenant, official, year=TODAY.year)
    not_yet = adopted_programme(tenant, official, year=TODAY.year + 1, resolution_date=TODAY)
    draft = draft_programme(tenant, official, year=TODAY.year - 1)

    assert services.bring_programmes_into_force() == 1
    assert services.bring_programmes_into_force() == 0

    with scope(tenant=tenant):
        states = dict(Programme.objects.values_list("pk", "state"))
        assert states == {
            due.pk: ProgrammeState.IN_FORCE,
            not_yet.pk: ProgrammeState.ADOPTED,
            draft.pk: ProgrammeState.DRAFT,
        }
        event = AuditEvent.objects.get(subject_id=str(due.pk), action="programme.auto_enter_into_force")
        assert (event.actor_id, event.data["to"]) == (None, "in_force")


def test_scheduled_bring_programmes_into_force_on_a_day_before_the_first_year_moves_nothing(tenant, official):
    adopted_programme(tenant, official, year=TODAY.year)

    assert services.bring_programmes_into_force(on=dt.date(TODAY.year - 1, 12, 31)) == 0


def test_publishing_the_report_on_the_last_year_closes_the_programme_as_reported(tenant, official):
    programme = programme_in_force(tenant, official, year=TODAY.year - 1)

    with scope(tenant=tenant):
        report = reports.start_report(programme=programme, actor=official, year=TODAY.year - 1)
        report = reports.publish_report(report=report, actor=official)

        programme.refresh_from_db()
        assert (report.state, programme.state) == (ReportState.PUBLISHED, ProgrammeState.REPORTED)
        assert [e["sha256"] for e in events(report, "realisationreport.publish")] == [report.checksum]
        assert [e["report"] for e in events(programme, "programme.close_reported")] == [report.pk]


def test_publishing_the_report_on_an_earlier_year_keeps_a_multi_year_programme_in_force(tenant, official):
    programme = draft_programme(tenant, official, year=TODAY.year - 1)
    with scope(tenant=tenant):
        services.update_programme(
            programme=programme,
            actor=official,
            data={"kind": ProgrammeKind.MULTI_YEAR, "year_to": TODAY.year, "creation_and_consultation": "Tak."},
        )
        programme = services.adopt_programme(
            programme=programme, actor=official, resolution_number="1/2024", resolution_date=dt.date(2024, 11, 1)
        )
        programme = services.bring_into_force(programme=programme, actor=official)

        first = reports.publish_report(
            report=reports.start_report(programme=programme, actor=official, year=TODAY.year - 1), actor=official
        )
        programme.refresh_from_db()
        assert (first.state, programme.state) == (ReportState.PUBLISHED, ProgrammeState.IN_FORCE)

        reports.publish_report(
            report=reports.start_report(programme=programme, actor=official, year=TODAY.year), actor=official
        )
        programme.refresh_from_db()
        # Its last year still runs: the report shows the figures so far, the programme stays in force.
        assert programme.state == ProgrammeState.IN_FORCE
        with pytest.raises(TransitionBlocked):
            apply_transition(programme, "close_reported", actor=official)


# --- deadline warnings ----------------------------------------------------------------------------


def test_adoption_warning_from_warning_days_before_30_november(tenant, official):
    adopted_programme(tenant, official, year=TODAY.year, title="Program na bieżący rok")  # this year's is there
    year = TODAY.year
    lead = legal_days("programme.warning_days", on=TODAY, tenant=tenant)
    first_day = dt.date(year, 11, 30) - dt.timedelta(days=lead)

    assert warnings_on(tenant, first_day - dt.timedelta(days=1)) == []
    [warning] = warnings_on(tenant, first_day)
    assert (warning.due_on, warning.overdue) == (dt.date(year, 11, 30), False)
    assert warning.message == (
        f"The cooperation programme for {year + 1} must be adopted by 30.11.{year} (art. 5a ust. 1)."
    )
    [late] = warnings_on(tenant, dt.date(year, 12, 1))
    assert late.overdue is True


def test_adoption_warning_gone_once_next_years_programme_is_adopted(tenant, official):
    adopted_programme(tenant, official, year=TODAY.year, title="Program na bieżący rok")  # this year's is there
    draft_programme(tenant, official, year=TODAY.year + 1)
    assert len(warnings_on(tenant, dt.date(TODAY.year, 11, 1))) == 1  # a draft does not count

    adopted_programme(tenant, official, year=TODAY.year + 1, resolution_date=TODAY)

    assert warnings_on(tenant, dt.date(TODAY.year, 11, 1)) == []


def test_report_warning_before_31_may_overdue_after_gone_when_published(tenant, official):
    adopted_programme(tenant, official, year=TODAY.year, title="Program na bieżący rok")  # this year's is there
    year = TODAY.year
    programme = programme_in_force(tenant, official, year=year - 1, funds=Decimal(5000))
    lead = legal_days("programme.warning_days", on=TODAY, tenant=tenant)
    first_day = dt.date(year, 5, 31) - dt.timedelta(days=lead)

    assert warnings_on(tenant, first_day - dt.timedelta(days=1)) == []
    [warning] = warnings_on(tenant, first_day)
    assert (warning.due_on, warning.overdue) == (dt.date(year, 5, 31), False)
    assert warning.message == (
        f"The report on the programme's realisation in {year - 1} must be published by 31.05.{year} (art. 5a ust. 3)."
    )
    [late] = warnings_on(tenant, dt.date(year, 6, 1))
    assert late.overdue is True

    with scope(tenant=tenant):
        report = reports.start_report(programme=programme, actor=official, year=year - 1)
        reports.publish_report(report=report, actor=official)

    assert warnings_on(tenant, dt.date(year, 6, 1)) == []
