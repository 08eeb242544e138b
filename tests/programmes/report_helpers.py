"""Fixtures of the programme's public pages, documents and report tests: an adopted programme (recorded as
adopted from the draft, as one consulted before the platform), activities, a published report."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from pozytek.programmes.services import programmes as services
from pozytek.programmes.services import reports
from tests.programmes.helpers import draft_programme

RESOLUTION = "XX/123/2025"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def adopted_programme(tenant, official, *, year=2026, title=None, in_force=False):
    """A complete programme recorded as adopted by the council (resolution XX/123/2025 of 20 November 2025)."""
    programme = draft_programme(tenant, official, year=year, title=title)
    with scope(tenant=tenant):
        services.update_programme(
            programme=programme, actor=official, data={"creation_and_consultation": "Konsultacje w październiku."}
        )
        programme = services.adopt_programme(
            programme=programme,
            actor=official,
            resolution_number=RESOLUTION,
            resolution_date=dt.date(2025, 11, 20),
            adopting_body="Rada Miasta Testowo",
        )
        if in_force:
            programme = services.bring_into_force(programme=programme, actor=official)
    return programme


def activity(tenant, official, programme, *, title="Spotkanie z organizacjami", form=2, organisations=(), upload=False):
    with scope(tenant=tenant):
        return services.record_activity(
            programme=programme,
            actor=official,
            form=programme.forms.get(position=form),
            on=dt.date(programme.year_from, 3, 15),
            title=title,
            description="Omówiono plan na rok.",
            organisations=organisations,
            upload=SimpleUploadedFile("notatka.pdf", PDF_BYTES, content_type="application/pdf") if upload else None,
        )


def draft_report(tenant, official, programme, *, year=None, narrative=None):
    with scope(tenant=tenant):
        report = reports.start_report(programme=programme, actor=official, year=year or programme.year_from)
        if narrative:
            report = reports.save_narrative(report=report, actor=official, texts=narrative)
    return report


def published_report(tenant, official, programme, *, narrative=None):
    report = draft_report(tenant, official, programme, narrative=narrative or {"introduction": "Rok współpracy."})
    with scope(tenant=tenant):
        return reports.publish_report(report=report, actor=official)
