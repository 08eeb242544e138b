import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from pozytek.programmes.selectors import realisation
from pozytek.programmes.services import programmes as services
from pozytek.programmes.services import reports
from pozytek.programmes.states import ProgrammeState, ReportState
from tests.programmes.helpers import draft_programme

pytestmark = pytest.mark.django_db


def test_recorded_adoption_activity_and_published_report(tenant, official):
    programme = draft_programme(tenant, official, year=2026)
    with scope(tenant=tenant):
        services.update_programme(
            programme=programme, actor=official, data={"creation_and_consultation": "Konsultacje 2025."}
        )
        programme = services.adopt_programme(
            programme=programme, actor=official, resolution_number="XX/1/2025", resolution_date=dt.date(2025, 11, 20)
        )
        assert programme.state == ProgrammeState.ADOPTED
        programme = services.bring_into_force(programme=programme, actor=official)
        form = programme.forms.get(position=2)
        services.record_activity(
            programme=programme, actor=official, form=form, on=dt.date(2026, 2, 1), title="Spotkanie"
        )
        data = realisation(programme, 2026)
        assert data["forms"][1]["records"][0]["title"] == "Spotkanie"
        assert [g["records"] for g in data["goals"]] == [1, 1]
        report = reports.start_report(programme=programme, actor=official, year=2026)
        reports.save_narrative(report=report, actor=official, texts={"introduction": "Wstęp"})
        report = reports.publish_report(report=report, actor=official)
        assert report.state == ReportState.PUBLISHED and len(report.checksum) == 64
        programme.refresh_from_db()
        assert programme.state == ProgrammeState.IN_FORCE  # 2026 still runs
        with pytest.raises(ValidationError):
            services.add_goal(programme=programme, actor=official, text="x")


def test_funds_must_add_up(tenant, official):
    programme = draft_programme(tenant, official, funds=Decimal(1000))
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.update_programme(programme=programme, actor=official, data={"planned_funds": Decimal(10)})
    assert "planned_funds" in error.value.message_dict
