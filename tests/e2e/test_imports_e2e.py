"""Journey in a real browser: an official imports a small CSV; every step passes axe-core."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from pozytek.accounts.models import Role
from pozytek.organisations.models import Organisation
from tests.conftest import totp_code, with_totp
from tests.e2e.conftest import assert_accessible
from tests.factories.accounts import PASSWORD, MembershipFactory
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e

CSV = Path(__file__).resolve().parents[1] / "organisations" / "data" / "organizacje_utf8.csv"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def log_in_with_totp(page, live_server, user, next_url: str) -> None:
    page.goto(f"{live_server.url}/konto/login/?next={next_url}")
    page.get_by_label("Adres e-mail").fill(user.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
    page.locator("main form input[name=code]").fill(totp_code())
    page.locator("main form button[type=submit]:not([form])").first.click()  # not "Cancel" of the stage
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def test_official_imports_a_spreadsheet_step_by_step(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    official = with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)
    imports = "/testowo/urzad/organizacje/import/"

    log_in_with_totp(page, live_server, official, imports)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)

    page.locator(f"main a[href='{imports}nowy/']").click()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()  # nothing chosen: the error is shown next to the field
    assert page.locator("#id_file_errors").is_visible()
    assert page.locator("#id_file").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.locator("#id_file").set_input_files(str(CSV))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/import/\d+/kolumny/$"))
    assert page.locator("#id_name").input_value() == "0"  # "Nazwa" preselected
    assert page.locator("#id_nip").input_value() == "3"
    assert_accessible(page)

    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/import/\d+/podglad/$"))
    assert page.locator("#row-2").is_visible()
    assert page.locator("#row-4").is_visible()
    assert Organisation.objects.count() == 0
    assert_accessible(page)

    page.locator("form.import-run button[type=submit]").click()
    page.wait_for_url(re.compile(r"/import/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert Organisation.objects.count() == 3
    assert_accessible(page)

    page.goto(live_server.url + imports)
    expect(page.locator("main table tbody tr")).to_have_count(1)
    assert_accessible(page)


def test_progress_of_a_background_import_is_accessible_and_refreshes_itself(page, live_server, transactional_db):
    from django_scopes import scopes_disabled

    from pozytek.organisations.models import ImportJob
    from pozytek.organisations.states import ImportState, Source

    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    official = with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)
    with scopes_disabled():
        job = ImportJob.objects.create(
            tenant=tenant,
            kind=Source.SPREADSHEET,
            file="imports/x.csv",
            original_name="duza-lista.csv",
            total_rows=400,
            processed_rows=100,
            created_by=official,
        )
        ImportJob.objects.filter(pk=job.pk).update(state=ImportState.RUNNING)  # as the worker would have
    detail = f"/testowo/urzad/organizacje/import/{job.pk}/"

    log_in_with_totp(page, live_server, official, detail)
    progress = page.locator("progress#import-progress")
    assert progress.get_attribute("max") == "400"
    assert progress.get_attribute("value") == "100"
    assert_accessible(page)

    with scopes_disabled():
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=300)
    page.wait_for_function("document.querySelector('progress#import-progress').value === 300")
    with scopes_disabled():
        ImportJob.objects.filter(pk=job.pk).update(state=ImportState.DONE, processed_rows=400, created_count=400)
    page.wait_for_selector("progress#import-progress", state="detached")  # the script reloads the page
    assert page.locator("main dl").inner_text().count("400") >= 2
    assert_accessible(page)
