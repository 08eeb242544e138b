import io

import pytest
from pypdf import PdfReader

from pozytek.documents.services import pdf_response, render_document

pytestmark = pytest.mark.integration


def test_render_document_gives_html_and_a_pdf_with_polish_text(tenant):
    tenant.name = "Gmina Łęczna-Źródła"

    document = render_document(
        "tenants/documents/contact_card.html", {"tenant": tenant}, title="Karta kontaktowa – Łęczna"
    )

    assert "Gmina Łęczna-Źródła" in document.html
    assert document.pdf.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(document.pdf)).pages)
    assert "Gmina Łęczna-Źródła" in text
    assert document.filename == "karta-kontaktowa-leczna.pdf"


def test_pdf_response_names_the_file(tenant):
    document = render_document("tenants/documents/contact_card.html", {"tenant": tenant}, title="Kontakt")

    response = pdf_response(document, inline=False)

    assert response["Content-Disposition"] == 'attachment; filename="kontakt.pdf"'
