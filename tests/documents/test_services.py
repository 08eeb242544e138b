import gc
import io
import logging

import pytest
from pypdf import PdfReader

from pozytek.documents import services
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


def test_the_shipped_fonts_load_and_the_same_document_prints_the_same_bytes(tenant, caplog):
    # The stylesheet and its fonts are prepared once per thread: start from nothing, as a new worker does.
    services._printer.forget()

    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        first = render_document("tenants/documents/contact_card.html", {"tenant": tenant}, title="Kontakt")
    second = render_document("tenants/documents/contact_card.html", {"tenant": tenant}, title="Kontakt")

    # WeasyPrint logs when a @font-face source cannot be fetched ("Failed to load font", "cannot be loaded").
    assert not [r.getMessage() for r in caplog.records if "font" in r.getMessage().lower()]
    assert first.pdf == second.pdf


def test_the_garbage_collector_runs_again_after_a_document_also_when_printing_fails(tenant, monkeypatch):
    render_document("tenants/documents/contact_card.html", {"tenant": tenant}, title="Kontakt")
    assert gc.isenabled()

    def broken_layout(*args, **kwargs):
        assert not gc.isenabled()  # paused while WeasyPrint works
        raise RuntimeError("layout failed")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", broken_layout)
    with pytest.raises(RuntimeError, match="layout failed"):
        render_document("tenants/documents/contact_card.html", {"tenant": tenant}, title="Kontakt")

    assert gc.isenabled()
