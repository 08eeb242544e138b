import datetime as dt
import hashlib
import io
import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope
from docx import Document
from pypdf import PdfReader

from pozytek.programmes.models import RealisationReport
from pozytek.programmes.services import programmes as services
from pozytek.programmes.states import ReportState
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory
from tests.factories.organisations import OrganisationFactory
from tests.programmes.helpers import draft_programme
from tests.programmes.report_helpers import (
    RESOLUTION,
    activity,
    adopted_programme,
    draft_report,
    published_report,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
PUBLIC = "/testowo/program-wspolpracy/"
OFFICE = "/testowo/urzad/program-wspolpracy/sprawozdania/"


def _pdf_text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace("\xa0", " ")


def _docx_text(response) -> str:
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


# --- public: the programme ----------------------------------------------------------------------------


def test_list_shows_adopted_programmes_and_published_reports_only(client, tenant, official):
    adopted = adopted_programme(tenant, official, year=2026, title="Program przyjęty 2026")
    draft_programme(tenant, official, year=2027, title="Projekt programu 2027")
    published_report(tenant, official, adopted)

    page = client.get(PUBLIC).content.decode()

    assert ("Program przyjęty 2026" in page, "Projekt programu 2027" in page) == (True, False)
    assert "Report on 2026: Program przyjęty 2026" in page


def test_list_queries_do_not_grow_with_programmes(client, tenant, official):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PUBLIC).status_code == 200
        return len(captured)

    published_report(tenant, official, adopted_programme(tenant, official, year=2024))
    one = queries()
    for year in (2025, 2026):
        published_report(tenant, official, adopted_programme(tenant, official, year=year))

    assert queries() == one


def test_programme_page_prints_every_element_in_the_acts_order(client, tenant, official):
    programme = adopted_programme(tenant, official)

    page = client.get(f"{PUBLIC}{programme.pk}/").content.decode()

    headings = [
        "1. Main goal and specific goals",
        "2. Principles of cooperation",
        "3. Subject scope",
        "4. Forms of cooperation",
        "5. Priority public tasks",
        "6. Period of the programme",
        "7. How the programme is implemented",
        "8. Funds planned for the programme",
        "9. How the implementation is evaluated",
        "10. How the programme was created and how the consultation went",
        "11. How competition commissions are appointed and work",
    ]
    positions = [page.find(h) for h in headings]
    assert positions == sorted(positions) and -1 not in positions
    assert '<th scope="col">Goals</th><th scope="col">Forms of cooperation</th>' in page
    assert "in words: sto tysięcy złotych, zero groszy" in page
    assert "from 1 January 2026 to 31 December 2026." in page
    assert f"Adopted by resolution no. {RESOLUTION} of 20 November 2025 (Rada Miasta Testowo)." in page
    assert "Wsparcie seniorów" in page and "50,000.00" in page


def test_draft_programme_is_404_publicly(client, tenant, official):
    programme = draft_programme(tenant, official)

    codes = [client.get(f"{PUBLIC}{programme.pk}/{tail}").status_code for tail in ("", "pdf/", "docx/", "dane.json")]

    assert codes == [404, 404, 404, 404]


def test_programme_pdf_is_a4_in_polish(client, tenant, official):
    programme = adopted_programme(tenant, official)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "pl"

    response = client.get(f"{PUBLIC}{programme.pk}/pdf/")

    assert response["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = _pdf_text(response)
    assert "20 listopada 2025" in text
    assert "100 000,00 zł" in text
    assert "sto tysięcy złotych" in text


def test_programme_docx_has_the_matrix_and_the_elements(client, tenant, official):
    programme = adopted_programme(tenant, official)

    response = client.get(f"{PUBLIC}{programme.pk}/docx/")

    document = Document(io.BytesIO(response.content))
    matrix = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert matrix == [
        ["Goals", "Forms of cooperation"],
        ["1. Wzmacnianie organizacji.", "Otwarte konkursy ofert\nKonsultowanie projektów aktów"],
        ["2. Konsultowanie aktów.", "Konsultowanie projektów aktów"],
    ]
    assert "11. How competition commissions are appointed and work" in _docx_text(response)


def test_programme_json_is_the_structure(client, tenant, official):
    programme = adopted_programme(tenant, official)

    response = client.get(f"{PUBLIC}{programme.pk}/dane.json")

    assert response["Content-Type"] == "application/json"
    assert "Wsparcie seniorów".encode() in response.content  # not \u-escaped
    data = json.loads(response.content)
    assert (data["resolution_number"], data["planned_funds"]) == (RESOLUTION, "100000.00")
    assert [f["goals"] for f in data["forms"]] == [[1], [1, 2]]


def test_activity_page_links_listed_organisations_and_serves_the_attachment(client, tenant, official):
    programme = adopted_programme(tenant, official)
    listed = OrganisationFactory(name="Fundacja Z Katalogu", listed_in=tenant)
    elsewhere = OrganisationFactory(name="Stowarzyszenie Spoza")
    item = activity(tenant, official, programme, organisations=[listed, elsewhere], upload=True)

    page = client.get(f"{PUBLIC}{programme.pk}/dzialania/{item.pk}/").content.decode()
    download = client.get(f"{PUBLIC}{programme.pk}/dzialania/{item.pk}/zalacznik/")

    assert f'<a href="/testowo/organizacje/{listed.pk}/">Fundacja Z Katalogu</a>' in page
    assert "<li>Stowarzyszenie Spoza</li>" in page
    assert "Omówiono plan na rok." in page
    assert (download.status_code, download["X-Content-Type-Options"]) == (200, "nosniff")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_activity_under_another_programme_id_is_404(client, tenant, official):
    programme = adopted_programme(tenant, official, year=2026)
    other = adopted_programme(tenant, official, year=2025)
    item = activity(tenant, official, programme)

    assert client.get(f"{PUBLIC}{other.pk}/dzialania/{item.pk}/").status_code == 404


def test_another_tenants_ids_are_404(client, tenant, other_tenant, official):
    programme = adopted_programme(tenant, official)
    report = published_report(tenant, official, programme)

    codes = [
        client.get(f"/inna/program-wspolpracy/{programme.pk}/").status_code,
        client.get(f"/inna/program-wspolpracy/{programme.pk}/dane.json").status_code,
        client.get(f"/inna/program-wspolpracy/sprawozdania/{report.pk}/").status_code,
        client.get(f"/inna/program-wspolpracy/sprawozdania/{report.pk}/pdf/").status_code,
    ]

    assert codes == [404, 404, 404, 404]


# --- public: the report -------------------------------------------------------------------------------


def test_draft_report_is_404_publicly(client, tenant, official):
    report = draft_report(tenant, official, adopted_programme(tenant, official))

    codes = [
        client.get(f"{PUBLIC}sprawozdania/{report.pk}/{tail}").status_code
        for tail in ("", "pdf/", "docx/", "dane.json")
    ]

    assert codes == [404, 404, 404, 404]


def test_published_report_page_pdf_docx_and_json(client, tenant, official):
    programme = adopted_programme(tenant, official, in_force=True)
    activity(tenant, official, programme, title="Forum organizacji")
    report = published_report(tenant, official, programme, narrative={"conclusions": "Więcej konsultacji."})
    base = f"{PUBLIC}sprawozdania/{report.pk}/"

    page = client.get(base).content.decode()
    pdf = _pdf_text(client.get(f"{base}pdf/"))
    docx_text = _docx_text(client.get(f"{base}docx/"))
    data = client.get(f"{base}dane.json")

    for text in (page, pdf, docx_text):
        assert "Więcej konsultacji." in text
        assert "Forum organizacji" in text
        assert report.checksum in text.replace("\n", "")
    assert f'href="/testowo/program-wspolpracy/{programme.pk}/dzialania/' in page
    assert hashlib.sha256(data.content).hexdigest() == report.checksum
    assert json.loads(data.content)["narrative"] == {"conclusions": "Więcej konsultacji."}


def test_printed_report_lists_records_a_line_each_and_counts_directory_listings(client, tenant, official):
    programme = draft_programme(tenant, official, year=2026)
    with scope(tenant=tenant):
        form = programme.forms.get(position=2)
        kinds = ["other_activity", "directory_listing"]
        services.update_form(form=form, actor=official, text=form.text, kinds=kinds, goals=form.goals.all())
        services.update_programme(programme=programme, actor=official, data={"creation_and_consultation": "Tak."})
        programme = services.adopt_programme(
            programme=programme, actor=official, resolution_number=RESOLUTION, resolution_date=dt.date(2025, 11, 20)
        )
    for name in ("Fundacja Pierwsza", "Fundacja Druga"):
        OrganisationFactory(name=name, listed_in=tenant)  # listed today: in 2026
    activity(tenant, official, programme, title="Forum organizacji")
    report = published_report(tenant, official, programme)
    base = f"{PUBLIC}sprawozdania/{report.pk}/"

    page = client.get(base).content.decode()
    pdf = _pdf_text(client.get(f"{base}pdf/")).replace("\n", " ").replace("/ ", "/")  # a long address wraps
    docx_text = _docx_text(client.get(f"{base}docx/"))

    labels = {k["key"]: k["label"] for k in report.snapshot["realisation"]["kinds"]}  # frozen in Polish
    counted = f"{labels['directory_listing']}: 2."
    directory = f"Directory of organisations: {settings.POZYTEK_BASE_URL}/testowo/organizacje/"
    assert f"15.03.2026 – {labels['other_activity']} – Forum organizacji" in pdf  # a line, not a table row
    for text in (pdf, docx_text):
        assert counted in text and directory in text
        assert "Fundacja Pierwsza" not in text
    assert "Fundacja Pierwsza</a>" in page and "Fundacja Druga</a>" in page  # the page lists them with links
    assert counted not in page


def test_published_report_stays_as_frozen(client, tenant, official):
    programme = adopted_programme(tenant, official)
    report = published_report(tenant, official, programme)
    activity(tenant, official, programme, title="Działanie po publikacji")

    page = client.get(f"{PUBLIC}sprawozdania/{report.pk}/").content.decode()

    assert "Działanie po publikacji" not in page
    assert "Nothing was recorded under this form." in page


# --- office -------------------------------------------------------------------------------------------


def test_office_report_pages_need_a_staff_role(client, tenant, official, resident):
    programme = adopted_programme(tenant, official)
    login_with_mfa(client, resident)

    assert client.get(f"{OFFICE}{programme.pk}/2026/").status_code == 403
    assert client.post(f"{OFFICE}{programme.pk}/2026/przygotuj/").status_code == 403


def test_office_another_tenants_ids_are_404(client, tenant, other_tenant, official):
    programme = adopted_programme(tenant, official)
    report = draft_report(tenant, official, programme)
    outsider = with_totp(MembershipFactory(tenant=other_tenant).user)
    login_with_mfa(client, outsider)
    base = "/inna/urzad/program-wspolpracy/sprawozdania/"

    codes = [
        client.get(f"{base}{programme.pk}/2026/").status_code,
        client.post(f"{base}{programme.pk}/2026/przygotuj/").status_code,
        client.get(f"{base}raport/{report.pk}/").status_code,
        client.post(f"{base}raport/{report.pk}/publikuj/").status_code,
        client.get(f"{base}raport/{report.pk}/pdf/").status_code,
    ]

    assert codes == [404, 404, 404, 404, 404]


def test_live_view_shows_the_deadline_and_flags_goals_without_activity(office, tenant, official):
    programme = adopted_programme(tenant, official)

    page = office.get(f"{OFFICE}{programme.pk}/2026/").content.decode()

    assert "The report on 2026 must be published by 31 May 2027 (art. 5a ust. 3)." in page
    assert page.count("No activity by 30 September 2026") == 2  # today is past the end of September
    assert f'action="{OFFICE}{programme.pk}/2026/przygotuj/"' in page


def test_live_view_for_a_year_outside_the_programme_is_404(office, tenant, official):
    programme = adopted_programme(tenant, official)

    assert office.get(f"{OFFICE}{programme.pk}/2030/").status_code == 404


def test_start_edit_preview_and_publish(office, tenant, official):
    programme = adopted_programme(tenant, official)
    activity(tenant, official, programme, title="Forum organizacji")

    started = office.post(f"{OFFICE}{programme.pk}/2026/przygotuj/")
    with scope(tenant=tenant):
        report = RealisationReport.objects.get(programme=programme, year=2026)
    edit = f"{OFFICE}raport/{report.pk}/"
    saved = office.post(edit, {"introduction": "Rok dobrej współpracy.", "conclusions": ""}, follow=True)
    preview = office.get(f"{edit}pdf/")
    published = office.post(f"{edit}publikuj/", follow=True)

    assert started.url == edit
    assert _messages(saved) == ["The narrative has been saved."]
    assert "Draft: this report has not been published yet." in _pdf_text(preview)
    assert "Rok dobrej współpracy." in _pdf_text(preview)
    assert _messages(published) == ["The report has been published and can no longer be changed."]
    page = published.content.decode()
    assert f'href="/testowo/program-wspolpracy/sprawozdania/{report.pk}/"' in page
    assert "<textarea" not in page and "publikuj/" not in page
    report.refresh_from_db()
    assert (report.state, report.narrative) == (ReportState.PUBLISHED, {"introduction": "Rok dobrej współpracy."})


def test_publishing_twice_is_refused_without_an_error_page(office, tenant, official):
    report = draft_report(tenant, official, adopted_programme(tenant, official))
    office.post(f"{OFFICE}raport/{report.pk}/publikuj/", follow=True)

    again = office.post(f"{OFFICE}raport/{report.pk}/publikuj/", follow=True)

    assert again.status_code == 200
    assert _messages(again) == ["The report has already been published."]


def test_editing_a_published_report_is_refused(office, tenant, official):
    report = published_report(tenant, official, adopted_programme(tenant, official))

    response = office.post(f"{OFFICE}raport/{report.pk}/", {"introduction": "Zmiana po publikacji"}, follow=True)

    assert _messages(response) == ["A published report can no longer be changed."]
    report.refresh_from_db()
    assert report.narrative == {"introduction": "Rok współpracy."}


def test_too_long_narrative_is_shown_next_to_its_field(office, tenant, official):
    report = draft_report(tenant, official, adopted_programme(tenant, official))

    response = office.post(f"{OFFICE}raport/{report.pk}/", {"goals": "x" * 20_001})

    assert response.status_code == 400
    assert response.context["form"].errors == {"goals": ["At most 20000 characters."]}


def test_start_is_refused_for_a_year_not_begun(office, tenant, official):
    programme = adopted_programme(tenant, official, year=2027)

    live = office.get(f"{OFFICE}{programme.pk}/2027/").content.decode()
    refused = office.post(f"{OFFICE}{programme.pk}/2027/przygotuj/", follow=True)

    assert "przygotuj/" not in live
    assert _messages(refused) == ["The year has not begun yet."]
    with scope(tenant=tenant):
        assert not RealisationReport.objects.filter(programme=programme).exists()
