"""The demo's programmes, the office dashboard's deadline warnings and the command that brings programmes into
force."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.accounts.models import User
from pozytek.programmes import demo_data
from pozytek.programmes.models import Activity, Programme, RealisationReport
from pozytek.programmes.selectors import deadline_warnings
from pozytek.programmes.services import reports
from pozytek.programmes.states import ProgrammeState, ReportState
from tests.conftest import login_with_mfa
from tests.programmes.helpers import adopted_programme, draft_programme

pytestmark = pytest.mark.django_db


def test_the_demo_holds_poznan_and_leszno_programmes_typed_in_from_the_seeds():
    call_command("load_demo_data", quiet=True)
    year = timezone.localdate().year
    with scopes_disabled():
        poznan = Programme.objects.get(tenant__slug="poznan", year_from=year)
        assert poznan.state == ProgrammeState.IN_FORCE
        assert poznan.goals.count() == 9
        assert poznan.forms.count() == 18
        shared = poznan.forms.get(text=demo_data.POZNAN_INNOVATION)
        assert sorted(shared.goals.values_list("position", flat=True)) == [1, 9]
        assert "LVII/1066/VII/2017" in poznan.creation_and_consultation
        patronage = poznan.forms.get(text__startswith="obejmowanie patronatem")
        assert patronage.kinds == ["other_activity"]

        leszno = Programme.objects.get(tenant__slug="leszno", year_from=year)
        assert leszno.goals.count() == 9
        assert leszno.forms.count() == len(demo_data.LESZNO_FORMS)
        assert leszno.main_goal.startswith("Celem głównym Programu jest rozwój społeczeństwa obywatelskiego")
        assert leszno.principles.count(" – ") == 9
        good_practice = leszno.forms.get(text=demo_data.LESZNO_GOOD_PRACTICE)
        assert sorted(good_practice.goals.values_list("position", flat=True)) == [6, 7]
        assert sorted(leszno.priority_tasks.values_list("sphere__code", flat=True)) == ["10", "16", "27"]
        assert Activity.objects.filter(programme=leszno).count() == 4
        purchase = Activity.objects.get(programme=leszno, kind="service_purchase")
        assert (purchase.social_clauses, purchase.value) == (True, Decimal("48000.00"))
        assert all(a.organisations.exists() for a in Activity.objects.filter(programme=leszno))

        report = RealisationReport.objects.get(programme=leszno, year=year)
        assert report.state == ReportState.PUBLISHED and len(report.checksum) == 64
        assert report.narrative["introduction"]
        titles = [r["title"] for form in report.snapshot["realisation"]["forms"] for r in form["records"]]
        assert "Szkolenie: oferta i sprawozdanie z realizacji zadania publicznego" in titles
        leszno.refresh_from_db()
        assert leszno.state == ProgrammeState.IN_FORCE  # 2026 still runs: its report shows the figures so far

        draft = Programme.objects.get(tenant__slug="leszno", year_from=year + 1)
        assert draft.state == ProgrammeState.DRAFT and draft.copied_from_id == leszno.pk
        assert draft.forms.count() == leszno.forms.count()
        assert draft.indicators.filter(previous_target__isnull=False).count() == leszno.indicators.count()

        counts = Programme.objects.count(), Activity.objects.count(), RealisationReport.objects.count()
        demo_data.load(admin=User.objects.get(email="admin@pozytek.localhost"))
        assert (Programme.objects.count(), Activity.objects.count(), RealisationReport.objects.count()) == counts


def test_deadline_warnings_for_next_years_programme(tenant, official):
    adopted_programme(tenant, official, year=2026, resolution_date=dt.date(2025, 11, 20))
    with scope(tenant=tenant):
        assert deadline_warnings(tenant, on=dt.date(2026, 9, 1)) == []
        (warning,) = deadline_warnings(tenant, on=dt.date(2026, 10, 15))
        assert "2027" in warning.message and "30.11.2026" in warning.message
        assert warning.due_on == dt.date(2026, 11, 30) and not warning.overdue
        assert warning.url_name == "programmes_office:list"
        (late,) = deadline_warnings(tenant, on=dt.date(2026, 12, 1))
        assert late.overdue
    adopted_programme(tenant, official, year=2027, resolution_date=dt.date(2026, 11, 20))
    with scope(tenant=tenant):
        assert deadline_warnings(tenant, on=dt.date(2026, 12, 1)) == []


def test_deadline_warnings_for_last_years_report(tenant, official):
    programme = adopted_programme(tenant, official, year=2025)
    adopted_programme(tenant, official, year=2026, resolution_date=dt.date(2025, 11, 20))
    with scope(tenant=tenant):
        assert deadline_warnings(tenant, on=dt.date(2026, 3, 1)) == []
        (warning,) = deadline_warnings(tenant, on=dt.date(2026, 5, 1))
        assert "2025" in warning.message and "31.05.2026" in warning.message and not warning.overdue
        (late,) = deadline_warnings(tenant, on=dt.date(2026, 6, 2))
        assert late.overdue and late.due_on == dt.date(2026, 5, 31)
        report = reports.start_report(programme=programme, actor=official, year=2025)
        reports.publish_report(report=report, actor=official)
        assert deadline_warnings(tenant, on=dt.date(2026, 6, 2)) == []


def test_a_year_without_an_adopted_programme_is_overdue_from_its_first_day(tenant, official):
    draft_programme(tenant, official, year=2026)  # a draft is not a programme in force
    with scope(tenant=tenant):
        warnings = deadline_warnings(tenant, on=dt.date(2026, 3, 1))
    assert [(w.message, w.due_on, w.overdue) for w in warnings] == [
        (
            "No cooperation programme is adopted for 2026: it was due by 30.11.2025 (art. 5a ust. 1).",
            dt.date(2025, 11, 30),
            True,
        )
    ]


def test_the_dashboard_links_the_programmes_and_shows_the_warning(client, tenant, official):
    login_with_mfa(client, official)
    response = client.get(reverse("office:dashboard", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 200
    page = response.content.decode()
    link = reverse("programmes_office:list", kwargs={"tenant_slug": tenant.slug})
    assert f'href="{link}"' in page
    with scope(tenant=tenant):
        expected = deadline_warnings(tenant)
    for warning in expected:  # today's warnings, whatever today is
        assert warning.message in page
        assert ("Overdue" in page) == any(w.overdue for w in expected)


def test_the_command_brings_adopted_programmes_into_force(tenant, official):
    year = timezone.localdate().year
    current = adopted_programme(tenant, official, year=year)
    upcoming = adopted_programme(tenant, official, year=year + 1, resolution_date=dt.date(year, 1, 1))
    out = StringIO()
    call_command("bring_programmes_into_force", stdout=out)
    assert "Programmes brought into force: 1" in out.getvalue()
    with scopes_disabled():
        assert Programme.objects.get(pk=current.pk).state == ProgrammeState.IN_FORCE
        assert Programme.objects.get(pk=upcoming.pk).state == ProgrammeState.ADOPTED
    out = StringIO()
    call_command("bring_programmes_into_force", stdout=out)
    assert "Programmes brought into force: 0" in out.getvalue()
