"""Office pages of the import through HTTP: access, the four steps, bad input, progress, query counts."""

import json
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_scopes import scope, scopes_disabled

from pozytek.accounts.models import Role
from pozytek.organisations.imports.services import dry_run, map_columns, start_import, upload_import_file
from pozytek.organisations.models import ImportJob, Organisation
from pozytek.organisations.states import ImportState, Source
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.organisations import OrganisationFactory, valid_nip

pytestmark = pytest.mark.integration

DATA = Path(__file__).parent / "data"
BASE = "/testowo/urzad/organizacje/import/"
UPLOAD = BASE + "nowy/"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def post_file(client, name: str, content: bytes | None = None):
    file = SimpleUploadedFile(name, data(name) if content is None else content)
    return client.post(UPLOAD, {"file": file})


def only_job() -> ImportJob:
    with scopes_disabled():
        return ImportJob.objects.get()


def job_count() -> int:
    with scopes_disabled():
        return ImportJob.objects.count()


def state_label(state) -> str:
    with translation.override("pl"):
        return str(state.label)


def field_errors(html: str, field: str) -> str:
    """The error list rendered next to a form field (ui/field.html)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_errors">(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("official_of_other_tenant", 403),
        ("official", 200),
        ("tenant_admin", 200),
    ],
)
def test_only_officials_of_the_tenant_reach_the_imports(client, tenant, other_tenant, who, expected):
    if who == "resident":
        login_with_mfa(client, UserFactory())
    elif who == "official_of_other_tenant":
        login_with_mfa(client, with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user))
    elif who != "anonymous":
        role = Role.TENANT_ADMIN if who == "tenant_admin" else Role.OFFICIAL
        login_with_mfa(client, with_totp(MembershipFactory(tenant=tenant, role=role).user))

    assert (client.get(BASE).status_code, client.get(UPLOAD).status_code) == (expected, expected)


def test_a_job_of_another_tenant_is_not_found(office, tenant, other_tenant):
    other_official = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    with scope(tenant=other_tenant):
        job = upload_import_file(
            tenant=other_tenant, actor=other_official, file=SimpleUploadedFile("a.csv", data("organizacje_utf8.csv"))
        )

    for suffix in ("", "kolumny/", "podglad/", "stan.json"):
        assert office.get(f"{BASE}{job.pk}/{suffix}").status_code == 404
    assert office.post(f"{BASE}{job.pk}/podglad/").status_code == 404


# --- The steps ----------------------------------------------------------------------------------


def test_spreadsheet_upload_mapping_preview_and_import(office, tenant, official):
    response = office.get(UPLOAD)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data" novalidate' in response.content.decode()

    response = post_file(office, "organizacje_utf8.csv")
    job = only_job()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{job.pk}/kolumny/"

    html = office.get(response["Location"]).content.decode()
    assert html.count("<h1>") == 1
    assert '<option value="0" selected>Nazwa' in html  # preselected from the header
    assert "Stowarzyszenie „Zielona Łąka”" in html  # a sample row

    mapping = {
        "name": "0",
        "legal_form": "1",
        "krs": "2",
        "nip": "3",
        "regon": "4",
        "register_number": "5",
        "email": "6",
        "phone": "7",
        "street": "8",
        "postal_code": "9",
        "city": "10",
        "website": "11",
        "description": "12",
        "opp": "13",
        "spheres": "14",
    }
    response = office.post(f"{BASE}{job.pk}/kolumny/", mapping)
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{job.pk}/podglad/"

    html = office.get(response["Location"]).content.decode()
    assert html.count("<h1>") == 1
    for number in (2, 3, 4):
        assert f'id="row-{number}"' in html
    assert "Klub Sportowy Żak" in html
    assert Organisation.objects.count() == 0  # a dry run writes nothing

    response = office.post(f"{BASE}{job.pk}/podglad/")
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{job.pk}/"
    assert Organisation.objects.count() == 3
    html = office.get(response["Location"]).content.decode()
    assert state_label(ImportState.DONE) in html

    html = office.get(BASE).content.decode()
    assert "organizacje_utf8.csv" in html
    assert official.full_name in html


def test_krs_upload_goes_straight_to_the_preview_with_the_representation(office, tenant):
    response = post_file(office, "krs_fundacja.json")

    job = only_job()
    assert job.kind == Source.KRS
    assert response["Location"] == f"{BASE}{job.pk}/podglad/"
    html = office.get(response["Location"]).content.decode()
    assert "ANNA MARIA KOWALSKA" in html
    assert "PREZES ZARZĄDU" in html
    office.post(f"{BASE}{job.pk}/podglad/")
    assert Organisation.objects.get().krs == "0000359730"


def test_missing_name_mapping_is_shown_next_to_the_name_field(office, tenant):
    post_file(office, "organizacje_utf8.csv")
    job = only_job()

    response = office.post(f"{BASE}{job.pk}/kolumny/", {"name": "", "krs": "2", "nip": "2"})

    assert response.status_code == 400
    html = response.content.decode()
    assert field_errors(html, "name")
    assert field_errors(html, "nip")  # the same column chosen twice
    assert 'class="error-summary"' in html
    assert only_job().state == ImportState.UPLOADED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("zle.csv", "Nazwa;Miasto\nŁąka;Łódź\n".encode("utf-16"), "UTF-8"),
        ("nie_krs.json", None, "KRS"),
        ("smieci.bin", b"\x00\x01\x02" * 1000, "UTF-8"),
        ("pusty.csv", b"", ""),
        ("stary.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, ".xls"),
        ("duzy.csv", b"Nazwa\n" + b"x" * (10 * 1024 * 1024), "10 MB"),
    ],
)
def test_bad_files_get_a_message_next_to_the_file_field(office, tenant, name, content, message):
    response = post_file(office, name, content)

    assert response.status_code == 400
    errors = field_errors(response.content.decode(), "file")
    assert errors
    assert message in errors
    assert job_count() == 0


def test_fifty_megabytes_of_garbage_get_a_clear_message(office, tenant):
    response = post_file(office, "garbage.csv", os.urandom(50 * 1024 * 1024))

    assert response.status_code == 400
    assert "10 MB" in field_errors(response.content.decode(), "file")
    assert job_count() == 0


def test_no_file_at_all(office, tenant):
    response = office.post(UPLOAD, {})

    assert response.status_code == 400
    assert field_errors(response.content.decode(), "file")


def test_invalid_nip_is_shown_in_the_preview_with_its_row_number_and_blocks_the_import(office, tenant):
    post_file(office, "wiersze.csv", csv_bytes("Nazwa;NIP", f"Dobra;{valid_nip(1)}", "Zła;526-000-00-00"))
    job = only_job()
    office.post(f"{BASE}{job.pk}/kolumny/", {"name": "0", "nip": "1"})

    html = office.get(f"{BASE}{job.pk}/podglad/").content.decode()

    row = re.search(r'<tr id="row-3">(.*?)</tr>', html, re.S).group(1)
    assert "526-000-00-00" in row
    assert "NIP" in row
    assert 'role="alert"' in html
    assert 'class="import-run"' not in html  # no import button while rows have errors
    only_problems = office.get(f"{BASE}{job.pk}/podglad/?problemy=1").content.decode()
    assert 'id="row-3"' in only_problems and 'id="row-2"' not in only_problems

    response = office.post(f"{BASE}{job.pk}/podglad/")  # a forged POST still imports nothing

    assert response.status_code == 302
    assert Organisation.objects.count() == 0
    job = only_job()
    assert job.state == ImportState.FAILED
    html = office.get(f"{BASE}{job.pk}/").content.decode()
    assert "526-000-00-00" in html


def test_script_in_the_file_is_escaped_on_every_page(office, tenant):
    payload = '<script>alert("xss")</script>'
    quoted = payload.replace('"', '""')
    post_file(office, "xss.csv", csv_bytes("Nazwa;Opis", f'{payload} Fundacja;"{quoted}"'))
    job = only_job()

    pages = [office.get(f"{BASE}{job.pk}/kolumny/")]
    office.post(f"{BASE}{job.pk}/kolumny/", {"name": "0", "description": "1"})
    pages.append(office.get(f"{BASE}{job.pk}/podglad/"))
    office.post(f"{BASE}{job.pk}/podglad/")
    pages.append(office.get(f"{BASE}{job.pk}/"))

    for page in pages:
        html = page.content.decode()
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; Fundacja" in pages[1].content.decode()
    organisation = Organisation.objects.get()
    assert organisation.description == payload


def test_a_second_import_of_the_same_file_creates_nothing(office, tenant):
    for _attempt in range(2):
        post_file(office, "organizacje_utf8.csv")
        with scopes_disabled():
            job = ImportJob.objects.order_by("-id").first()
        office.post(f"{BASE}{job.pk}/kolumny/", {"name": "0", "krs": "2", "nip": "3", "register_number": "5"})
        office.post(f"{BASE}{job.pk}/podglad/")

    job.refresh_from_db()
    assert (job.state, job.created_count, job.updated_count) == (ImportState.DONE, 0, 0)
    assert Organisation.objects.count() == 3


# --- Background import and progress --------------------------------------------------------------


def test_a_large_file_is_queued_and_the_page_shows_its_progress(office, tenant, official):
    rows = [f"Organizacja {n};{valid_nip(2000 + n)}" for n in range(250)]
    post_file(office, "duzy.csv", csv_bytes("Nazwa;NIP", *rows))
    job = only_job()
    office.post(f"{BASE}{job.pk}/kolumny/", {"name": "0", "nip": "1"})
    assert "zostanie zaimportowany w tle" in office.get(f"{BASE}{job.pk}/podglad/").content.decode()

    response = office.post(f"{BASE}{job.pk}/podglad/")  # on_commit is not run inside the test's transaction

    assert response.status_code == 302
    job = only_job()
    assert job.state == ImportState.QUEUED
    html = office.get(f"{BASE}{job.pk}/").content.decode()
    assert re.search(r'<progress id="import-progress" max="250" value="\d+">', html)
    assert '<label for="import-progress">' in html
    assert "/static/organisations/import-progress.js" in html
    assert f'href="{BASE}{job.pk}/"' in html  # the Refresh link works without JavaScript
    status = office.get(f"{BASE}{job.pk}/stan.json").json()
    assert status["state"] == ImportState.QUEUED
    assert (status["total"], status["active"]) == (250, True)


def test_the_queued_task_runs_after_commit(office, tenant, django_capture_on_commit_callbacks):
    rows = [f"Organizacja {n};{valid_nip(3000 + n)}" for n in range(201)]
    post_file(office, "duzy.csv", csv_bytes("Nazwa;NIP", *rows))
    job = only_job()
    office.post(f"{BASE}{job.pk}/kolumny/", {"name": "0", "nip": "1"})

    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"{BASE}{job.pk}/podglad/")

    job = only_job()
    assert (job.state, job.created_count, job.processed_rows) == (ImportState.DONE, 201, 201)
    status = office.get(f"{BASE}{job.pk}/stan.json").json()
    assert status == {
        **status,
        "state": "done",
        "processed": 201,
        "total": 201,
        "percent": 100,
        "created": 201,
        "active": False,
    }
    html = office.get(f"{BASE}{job.pk}/").content.decode()
    assert "<progress" not in html
    assert "import-progress.js" not in html


def test_a_job_cannot_be_run_twice(office, tenant):
    post_file(office, "krs_fundacja.json")
    job = only_job()
    office.post(f"{BASE}{job.pk}/podglad/")

    response = office.post(f"{BASE}{job.pk}/podglad/", follow=True)

    assert response.status_code == 200
    assert Organisation.objects.count() == 1
    assert only_job().state == ImportState.DONE


def test_check_again_after_the_directory_changed(office, tenant):
    post_file(office, "krs_fundacja.json")
    job = only_job()
    OrganisationFactory(name="Inna", krs="0000359730", nip=valid_nip(900), listed_in=tenant)

    office.post(f"{BASE}{job.pk}/podglad/")
    job = only_job()
    assert job.state == ImportState.FAILED

    response = office.post(f"{BASE}{job.pk}/sprawdz/")
    assert response["Location"] == f"{BASE}{job.pk}/podglad/"
    assert only_job().state == ImportState.PREVIEWED


# --- The list of imports ------------------------------------------------------------------------


def make_job(tenant, user, name: str, state: str = ImportState.DONE) -> ImportJob:
    with scopes_disabled():
        return ImportJob.objects.create(
            tenant=tenant,
            kind=Source.SPREADSHEET,
            file=f"imports/{name}",
            original_name=name,
            state=state,
            total_rows=10,
            created_count=7,
            updated_count=2,
            created_by=user,
        )


def test_the_list_shows_state_counts_and_the_person(office, tenant, official, other_tenant):
    make_job(tenant, official, "lista-urzedu.csv")
    make_job(other_tenant, official, "lista-innej-gminy.csv")

    html = office.get(BASE).content.decode()

    assert html.count("<h1>") == 1
    assert "lista-urzedu.csv" in html
    assert "lista-innej-gminy.csv" not in html
    assert state_label(ImportState.DONE) in html
    assert '<td class="num">7</td>' in html and '<td class="num">2</td>' in html
    assert official.full_name in html


def test_the_list_page_makes_the_same_number_of_queries_for_one_or_three_jobs(
    office, tenant, official, django_assert_num_queries
):
    make_job(tenant, official, "pierwszy.csv")
    office.get(BASE)  # warm up the session and caches
    with CaptureQueriesContext(connection) as one_job:
        assert office.get(BASE).status_code == 200
    baseline = len(one_job.captured_queries)
    assert baseline <= 15

    make_job(tenant, with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user), "drugi.csv")
    make_job(tenant, UserFactory(), "trzeci.csv", state=ImportState.FAILED)

    with django_assert_num_queries(baseline):
        assert office.get(BASE).status_code == 200


def test_status_json_is_not_cached(office, tenant, official):
    job = make_job(tenant, official, "stan.csv", state=ImportState.RUNNING)

    response = office.get(f"{BASE}{job.pk}/stan.json")

    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["label"]


def test_services_and_views_agree_on_the_flow(tenant, official):
    """The same flow without HTTP: upload, map, check, import (used by the e2e journey too)."""
    job = upload_import_file(
        tenant=tenant, actor=official, file=SimpleUploadedFile("a.csv", data("organizacje_cp1250.csv"))
    )
    job = map_columns(job=job, actor=official, mapping={"name": 0, "nip": 1, "city": 2, "legal_form": 3})
    dry_run(job=job, actor=official)
    job = start_import(job=job, actor=official)

    assert job.state == ImportState.DONE
