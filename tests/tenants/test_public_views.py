"""Public pages of the platform and of a local government."""

import io

import pytest
from pypdf import PdfReader

from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.integration


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_platform_home_lists_published_tenants_by_name(client, db):
    TenantFactory(name="Miasto Zielona Góra")
    TenantFactory(name="Gmina Łódź-Bałuty")

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Gmina Łódź-Bałuty") < html.index("Miasto Zielona Góra")


@pytest.mark.parametrize("count", [1, 3])
def test_platform_home_query_count_does_not_grow_with_tenants(client, db, django_assert_num_queries, count):
    TenantFactory.create_batch(count)

    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200


def test_tenant_home_shows_name_contact_and_three_planes(client, tenant):
    response = client.get("/testowo/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Miasto Testowo" in html
    assert tenant.address in html
    assert html.count('class="plane"') == 3
    assert 'href="/testowo/kontakt/"' in html


def test_tenant_home_links_only_to_existing_pages(client, tenant):
    from django.urls import resolve

    html = client.get("/testowo/").content.decode()
    import re

    links = {href for href in re.findall(r'href="(/[^"]*)"', html) if not href.startswith("/static/")}
    for href in links:
        resolve(href.split("?")[0])  # raises Resolver404 for a link to nothing
    assert "/testowo/kontakt/" in links


def test_contact_card_pdf_contains_the_contact_data(client, tenant):
    response = client.get("/testowo/kontakt.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Miasto Testowo" in text
    assert "ul. Rynek 1, 00-001 Testowo" in text


def test_accessibility_statement_page_and_pdf_say_the_same(client, tenant):
    page = client.get("/testowo/deklaracja-dostepnosci/")
    pdf = client.get("/testowo/deklaracja-dostepnosci.pdf")

    assert page.status_code == 200
    assert "Deklaracja dostępności" in page.content.decode()
    text = pdf_text(pdf.content)
    assert "Deklaracja dostępności" in text
    assert "Miasto Testowo" in text


def test_platform_accessibility_statement_exists(client, db):
    assert client.get("/deklaracja-dostepnosci/").status_code == 200
    assert "Deklaracja dostępności" in pdf_text(client.get("/deklaracja-dostepnosci.pdf").content)


def test_pages_send_a_content_security_policy(client, tenant):
    response = client.get("/testowo/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
