"""Open data of the grants register: CSV, XLSX and JSON, their headers and content, and the proof
that unpublished rows, other tenants' rows and non-public columns never leak anywhere."""

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from pozytek.grants.exports import csv_chunks
from pozytek.grants.selectors import PUBLIC_FIELDS, public_grants, public_rows
from tests.factories.organisations import OrganisationFactory
from tests.grants.register_helpers import SECRETS, make_grant, register_rows

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def register(tenant, other_tenant):
    return register_rows(tenant, other_tenant)


def url(tenant, name, query: str = "") -> str:
    return reverse(f"grants:{name}", kwargs={"tenant_slug": tenant.slug}) + (f"?{query}" if query else "")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return list(workbook.active.iter_rows(values_only=True))


def test_csv_is_streamed_with_stable_columns(client, tenant, register):
    response = client.get(url(tenant, "register_csv"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="rejestr-dotacji-{tenant.slug}.csv"'
    rows = csv_rows(response)
    assert rows[0] == list(PUBLIC_FIELDS)
    assert len(rows) == 4
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    liga = next(r for r in records if r["task_title"] == "Liga piłkarska dzieci")
    assert liga["amount_awarded"] == "12000.50"
    assert liga["amount_settled"] == ""
    assert liga["organisation_name"] == "Klub Sportowy Orlik"
    assert liga["call_number"] == "7/2027"
    assert liga["call_id"] == str(register.call.pk)
    assert liga["sphere_code"] == "1"
    assert liga["status"] == "agreement"
    assert liga["mode"] == "support"
    assert liga["source"] == "competition"
    assert "T" in liga["published_at"] and liga["published_at"].endswith("+00:00")
    turniej = next(r for r in records if r["task_title"] == "Turniej na osiedlu")
    assert turniej["amount_settled"] == "4800.10"
    assert turniej["call_id"] == "" and turniej["source"] == "small_grant"


def test_csv_applies_the_filters(client, tenant, register):
    rows = csv_rows(client.get(url(tenant, "register_csv", "year=2026")))
    assert [row[PUBLIC_FIELDS.index("task_title")] for row in rows[1:]] == ["Turniej na osiedlu"]
    rows = csv_rows(client.get(url(tenant, "register_csv", "status=nonsense&sphere=2")))
    assert [row[PUBLIC_FIELDS.index("task_title")] for row in rows[1:]] == ["Koncerty w dzielnicach"]


def test_csv_defuses_formulas(client, tenant):
    organisation = OrganisationFactory(listed_in=tenant, name='=HYPERLINK("http://x")')
    make_grant(tenant, organisation=organisation, task_title="+SUM(A1:A9)", decision_number="-1")
    rows = csv_rows(client.get(url(tenant, "register_csv")))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["organisation_name"] == '\'=HYPERLINK("http://x")'
    assert record["task_title"] == "'+SUM(A1:A9)"
    assert record["decision_number"] == "'-1"


def test_csv_is_written_as_csv_writer_writes_it(client, tenant, register):
    """The database makes the CSV lines: the bytes are csv.writer's over the public rows with formulas defused."""
    make_grant(tenant, organisation_name='Fundacja "Dom", Kraków', task_title="Dwie\r\nlinie", decision_number="")
    make_grant(tenant, task_title="@SUMA(1)", decision_number="\t-1", mode="", amount_settled=Decimal("0.50"))
    make_grant(tenant, task_title='"=cytat"', decision_number="'=", sphere=None, year=2030)
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(PUBLIC_FIELDS)
    text_columns = [PUBLIC_FIELDS.index(name) for name in ("organisation_name", "task_title", "decision_number")]
    for row in public_rows(public_grants(tenant), text_amounts=True):
        cells = list(row)
        for index in text_columns:
            if cells[index] and cells[index][0] in "=+-@\t\r":
                cells[index] = "'" + cells[index]
        writer.writerow(cells)
    assert body(client.get(url(tenant, "register_csv"))).decode("utf-8") == "\ufeff" + expected.getvalue()


def test_csv_in_small_chunks_holds_every_row(tenant):
    organisation = OrganisationFactory(listed_in=tenant)
    for n in range(7):
        make_grant(tenant, organisation=organisation, task_title=f"Zadanie {n}")
    pieces = list(csv_chunks(public_grants(tenant), chunk_size=2))
    text = b"".join(pieces).decode("utf-8")
    assert len(list(csv.reader(io.StringIO(text[1:])))) == 8


def test_json_document(client, tenant, register):
    response = client.get(url(tenant, "register_json", "year=2027"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="rejestr-dotacji-{tenant.slug}.json"'
    document = json.loads(body(response))
    assert document["authority"]["slug"] == tenant.slug
    assert document["licence"]["name"] == "CC BY 4.0"
    assert document["filters"] == {"year": "2027"}
    assert document["fields"] == list(PUBLIC_FIELDS)
    assert document["totals"] == {"count": 2, "amount_awarded": "20000.75", "amount_settled": "0.00"}
    assert len(document["grants"]) == 2
    for grant in document["grants"]:
        assert list(grant) == list(PUBLIC_FIELDS)
        assert isinstance(grant["amount_awarded"], str)
        assert grant["year"] == 2027
    liga = next(g for g in document["grants"] if g["task_title"] == "Liga piłkarska dzieci")
    assert liga["amount_awarded"] == "12000.50"
    assert liga["amount_settled"] is None


def test_json_of_an_empty_register_is_valid(client, tenant):
    document = json.loads(body(client.get(url(tenant, "register_json"))))
    assert document["grants"] == []
    assert document["totals"]["count"] == 0


def test_xlsx_workbook(client, tenant, register):
    response = client.get(url(tenant, "register_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="rejestr-dotacji-{tenant.slug}.xlsx"' in response["Content-Disposition"]
    rows = xlsx_rows(response)
    assert list(rows[0]) == list(PUBLIC_FIELDS)
    assert len(rows) == 4
    records = [dict(zip(PUBLIC_FIELDS, row, strict=True)) for row in rows[1:]]
    turniej = next(r for r in records if r["task_title"] == "Turniej na osiedlu")
    assert Decimal(str(turniej["amount_settled"])) == Decimal("4800.10")
    assert turniej["year"] == 2026


def test_xlsx_keeps_formula_like_text_as_text(client, tenant):
    make_grant(tenant, task_title="=1+1")
    rows = xlsx_rows(client.get(url(tenant, "register_xlsx")))
    assert rows[1][PUBLIC_FIELDS.index("task_title")] == "=1+1"
    workbook = openpyxl.load_workbook(io.BytesIO(body(client.get(url(tenant, "register_xlsx")))))
    assert workbook.active.cell(row=2, column=PUBLIC_FIELDS.index("task_title") + 1).data_type == "s"


def test_nothing_unpublished_foreign_or_internal_leaks(client, tenant, register):
    """The page, CSV, XLSX, JSON and API show only published rows of the tenant, only public columns."""
    outputs = {
        "page": client.get(url(tenant, "register")).content.decode(),
        "csv": body(client.get(url(tenant, "register_csv"))).decode("utf-8"),
        "json": body(client.get(url(tenant, "register_json"))).decode("utf-8"),
        "api": client.get(f"/api/v1/grants/?tenant={tenant.slug}&limit=500").content.decode(),
        "xlsx": "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for row in xlsx_rows(client.get(url(tenant, "register_xlsx")))
        ),
    }
    # the hidden rows, whichever filter reaches for them
    for query in (f"call={register.call.pk}", "q=SECRET", "q=FOREIGN", "year=2027"):
        outputs[f"csv {query}"] = body(client.get(url(tenant, "register_csv", query))).decode("utf-8")
        outputs[f"page {query}"] = client.get(url(tenant, "register", query)).content.decode()
        outputs[f"api {query}"] = client.get(f"/api/v1/grants/?tenant={tenant.slug}&{query}").content.decode()
    for name, text in outputs.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret} leaked into {name}"
        assert "99999.99" not in text and "99,999.99" not in text, name
        assert "77777.77" not in text and "77,777.77" not in text, name
    # only the public columns, in every machine-readable format
    assert csv_rows(client.get(url(tenant, "register_csv")))[0] == list(PUBLIC_FIELDS)
    assert list(xlsx_rows(client.get(url(tenant, "register_xlsx")))[0]) == list(PUBLIC_FIELDS)
    document = json.loads(outputs["json"])
    assert {tuple(g) for g in document["grants"]} == {PUBLIC_FIELDS}
    api = json.loads(outputs["api"])
    assert {tuple(item) for item in api["items"]} == {PUBLIC_FIELDS}
    assert {item["id"] for item in api["items"]} == {g.pk for g in register.published}
    for private in ("offer", "offer_id", "tenant", "tenant_id", "created_at", "updated_at", "bank_account"):
        assert private not in PUBLIC_FIELDS
