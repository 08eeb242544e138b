"""Open data of a directory: the index page and the CSV, XLSX and JSON files with public fields only."""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from pozytek.organisations.selectors_open_data import PUBLIC_FIELDS, public_records
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import DistrictFactory, TenantFactory
from tests.organisations.directory_data import (
    SECRETS,
    hidden_organisations,
    legal_form,
    organisation_with_secrets,
    sphere,
)

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def url(tenant, name):
    return reverse(f"organisations_open_data:{name}", kwargs={"tenant_slug": tenant.slug})


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def directory(tenant, other_tenant):
    with scopes_disabled():
        here = DistrictFactory(tenant=tenant, name="Osiedle Tutejsze")
        there = DistrictFactory(tenant=other_tenant, name="Osiedle Obce")
    hidden_organisations(tenant, other_tenant)
    return {
        "secret": organisation_with_secrets(tenant),
        "lodz": OrganisationFactory(
            name="Stowarzyszenie Łódź Żółta Gęśla",
            listed_in=[tenant, other_tenant],
            legal_form=legal_form("stowarzyszenie"),
            opp=True,
            opp_since="2015-03-01",
            spheres=[sphere("2"), sphere("1")],
            districts=[here, there],
            email="biuro@lodz.example.org",
            phone="+48 61 000 00 00",
            city="Łódź",
            description="Opis z \u201ecudzysłowem\u201d, przecinkiem\ni nową linią",
        ),
    }


def test_index_describes_the_data_sets_and_the_licence(client, tenant, directory):
    response = client.get(url(tenant, "index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    for name in ("csv", "xlsx", "json"):
        assert url(tenant, name) in html
    assert "CC BY 4.0" in html
    assert reverse("api-index") in html
    assert "<caption>" in html
    assert "bank_account" not in html
    assert " style=" not in html
    assert "<script" not in html
    assert response.context["summary"]["count"] == 2


def test_csv_has_a_bom_the_header_and_one_row_per_public_organisation(client, tenant, directory):
    response = client.get(url(tenant, "csv"))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="organizacje-{tenant.slug}.csv"' in response["Content-Disposition"]
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == PUBLIC_FIELDS
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["name"] for r in records] == ["Fundacja Tajemnic", "Stowarzyszenie Łódź Żółta Gęśla"]
    lodz = records[1]
    assert lodz["legal_form"] == "stowarzyszenie"
    assert lodz["legal_form_name"] == "Stowarzyszenie (rejestrowe)"
    assert lodz["opp"] == "true"
    assert lodz["opp_since"] == "2015-03-01"
    assert lodz["spheres"] == "1|2"
    assert lodz["districts"] == "Osiedle Tutejsze"
    assert lodz["phone"] == "+48 61 000 00 00"
    assert lodz["description"] == "Opis z \u201ecudzysłowem\u201d, przecinkiem\ni nową linią"
    assert lodz["krs"] == directory["lodz"].krs


def test_xlsx_is_readable_with_openpyxl(client, tenant, directory):
    response = client.get(url(tenant, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="organizacje-{tenant.slug}.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == PUBLIC_FIELDS
    assert len(rows) == 3
    lodz = dict(zip(rows[0], rows[2], strict=True))
    assert lodz["name"] == "Stowarzyszenie Łódź Żółta Gęśla"
    assert lodz["opp"] is True
    assert lodz["spheres"] == "1|2"
    assert lodz["districts"] == "Osiedle Tutejsze"


def test_json_is_valid_with_licence_fields_and_lists(client, tenant, directory):
    response = client.get(url(tenant, "json"))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(body(response))
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["tenant"]["slug"] == tenant.slug
    assert data["fields"] == list(PUBLIC_FIELDS)
    assert [o["name"] for o in data["organisations"]] == ["Fundacja Tajemnic", "Stowarzyszenie Łódź Żółta Gęśla"]
    lodz = data["organisations"][1]
    assert set(lodz) == set(PUBLIC_FIELDS)
    assert lodz["spheres"] == ["1", "2"]
    assert lodz["districts"] == ["Osiedle Tutejsze"]
    assert lodz["opp"] is True
    assert lodz["id"] == directory["lodz"].pk


def test_empty_directory_gives_valid_files(client, tenant):
    data = json.loads(body(client.get(url(tenant, "json"))))
    rows = list(csv.reader(io.StringIO(body(client.get(url(tenant, "csv"))).decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(body(client.get(url(tenant, "xlsx")))), read_only=True).active

    assert data["organisations"] == []
    assert rows == [list(PUBLIC_FIELDS)]
    assert list(sheet.iter_rows(values_only=True)) == [PUBLIC_FIELDS]


@pytest.mark.parametrize("name", ["csv", "xlsx", "json"])
def test_private_data_and_hidden_organisations_never_leave(client, tenant, directory, name):
    raw = body(client.get(url(tenant, name)))
    if name == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(raw), read_only=True).active
        text = "\n".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row)
    else:
        text = raw.decode("utf-8-sig")

    assert "Fundacja Tajemnic" in text  # the organisation itself is public
    for secret in SECRETS:
        assert secret not in text
    for hidden in ("Fundacja Nieaktywna", "Fundacja Scalona", "Fundacja Z Innej Gminy", "Fundacja Docelowa Scalenia"):
        assert hidden not in text
    assert "Osiedle Obce" not in text
    assert "members" not in text
    assert "office_notes" not in text


def test_spreadsheet_formulas_are_defused(client, tenant):
    OrganisationFactory(name='=HYPERLINK("http://zlo.example","klik")', listed_in=tenant, short_name="@SUM(1)")

    rows = list(csv.reader(io.StringIO(body(client.get(url(tenant, "csv"))).decode("utf-8-sig"))))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["name"] == '\'=HYPERLINK("http://zlo.example","klik")'
    assert record["short_name"] == "'@SUM(1)"

    sheet = openpyxl.load_workbook(io.BytesIO(body(client.get(url(tenant, "xlsx"))))).active
    cell = sheet.cell(row=2, column=PUBLIC_FIELDS.index("name") + 1)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://zlo.example","klik")'


def test_records_are_read_in_chunks(tenant):
    for n in range(5):
        OrganisationFactory(name=f"Fundacja {n}", listed_in=tenant, spheres=[sphere("1")])

    records = list(public_records(tenant, chunk_size=2))

    assert [r["name"] for r in records] == [f"Fundacja {n}" for n in range(5)]
    assert all(r["spheres"] == ["1"] for r in records)


@pytest.mark.parametrize("name", ["index", "csv", "xlsx", "json"])
def test_unknown_or_unpublished_tenant_gives_404(client, db, name):
    draft = TenantFactory(state="draft")
    unknown = TenantFactory.build(slug="nie-ma-takiej-gminy")

    assert client.get(url(unknown, name)).status_code == 404
    assert client.get(url(draft, name)).status_code == 404
