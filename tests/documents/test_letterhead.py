"""Every PDF carries the municipality's letterhead; its coat of arms, when uploaded, is the only upload a document
may load (MEDIA_ROOT/tenants/, no other file, no network)."""

import io

import pytest
from django.core.files.base import ContentFile
from django_scopes import scopes_disabled
from PIL import Image
from pypdf import PdfReader

from pozytek.documents import services
from pozytek.documents.letterhead import letterhead_of
from pozytek.documents.services import render_document

pytestmark = pytest.mark.integration

CONTACT = "tenants/documents/contact_card.html"


def png(width: int = 60, height: int = 72) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(data, format="PNG")
    return data.getvalue()


def images_on(pdf: bytes, page: int = 0) -> list[str]:
    resources = PdfReader(io.BytesIO(pdf)).pages[page]["/Resources"]
    objects = resources.get("/XObject") if "/XObject" in resources else {}
    return [name for name, ref in (objects or {}).items() if ref.get_object().get("/Subtype") == "/Image"]


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_letterhead_names_the_municipality_its_office_address_and_contact(tenant):
    tenant.office_name = "Urząd Miasta Testowo"
    tenant.address = "ul. Ratuszowa 1, 00-001 Testowo"
    tenant.phone = "+48 61 000 00 00"

    document = render_document(CONTACT, {"tenant": tenant}, title="Kontakt")

    assert 'id="letterhead"' in document.html
    first_page = PdfReader(io.BytesIO(document.pdf)).pages[0].extract_text()
    assert first_page.index("Miasto Testowo") < first_page.index("Urząd Miasta Testowo")
    assert "ul. Ratuszowa 1, 00-001 Testowo" in first_page
    assert "+48 61 000 00 00" in first_page
    assert images_on(document.pdf) == []  # no coat of arms uploaded


def test_the_tenant_is_found_in_the_documents_model_when_the_context_has_none(tenant):
    from tests.factories.competitions import CallFactory

    call = CallFactory(tenant=tenant)

    with scopes_disabled():
        document = render_document("competitions/documents/call_announcement.html", {"call": call}, title="Ogłoszenie")

    assert letterhead_of(tenant).name in text_of(document.pdf).split("\n")[0]


def test_an_uploaded_coat_of_arms_is_printed_in_the_letterhead(tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tenant.coat_of_arms.save("herb.png", ContentFile(png()), save=True)

    document = render_document(CONTACT, {"tenant": tenant}, title="Kontakt")

    assert f'src="/media/{tenant.coat_of_arms.name}"' in document.html
    assert len(images_on(document.pdf)) == 1


@pytest.mark.parametrize(
    "url",
    [
        "file:///media/secret.png",  # MEDIA_ROOT, outside tenants/
        "file:///media/tenants/../secret.png",
        "file:///media/tenants/%2E%2E/secret.png",
        "file:///media/tenants/notes.txt",  # not an image
        "file:///media/tenants/missing.png",
        "https://example.org/media/tenants/herb.png",
        "file://example.org/media/tenants/herb.png",
        "file:///etc/passwd",
    ],
)
def test_the_fetcher_refuses_anything_but_a_coat_of_arms_under_media_tenants(url, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "tenants").mkdir(parents=True)
    (tmp_path / "media" / "secret.png").write_bytes(png())
    (tmp_path / "media" / "tenants" / "notes.txt").write_text("x")
    (tmp_path / "media" / "tenants" / "herb.png").write_bytes(png())

    with pytest.raises((ValueError, FileNotFoundError)):
        services._resource(url)
    assert services._resource("file:///media/tenants/herb.png")[1] == "image/png"


def test_a_link_out_of_the_folder_and_an_oversized_image_are_refused(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "tenants").mkdir()
    (tmp_path / "elsewhere.png").write_bytes(png())
    (tmp_path / "tenants" / "link.png").symlink_to(tmp_path / "elsewhere.png")
    (tmp_path / "tenants" / "big.png").write_bytes(png())
    monkeypatch.setattr(services, "MAX_IMAGE_BYTES", 10)

    for name in ("link.png", "big.png"):
        with pytest.raises(ValueError):
            services._resource(f"file:///media/tenants/{name}")


def test_a_coat_of_arms_that_cannot_be_read_leaves_the_document_without_it(tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tenant.coat_of_arms.name = "tenants/gone.png"  # the file was removed from the disk

    document = render_document(CONTACT, {"tenant": tenant}, title="Kontakt")

    assert images_on(document.pdf) == []
    assert "Miasto Testowo" in text_of(document.pdf)


def test_the_docx_letterhead_has_the_coat_of_arms_name_and_address(tenant, settings, tmp_path):
    from docx import Document

    from pozytek.documents.docx import add_letterhead

    settings.MEDIA_ROOT = tmp_path
    tenant.address = "ul. Ratuszowa 1, 00-001 Testowo"
    tenant.coat_of_arms.save("herb.png", ContentFile(png()), save=True)
    document = Document()

    add_letterhead(document, letterhead_of(tenant))

    assert len(document.inline_shapes) == 1
    lines = [p.text for p in document.paragraphs if p.text]
    assert lines[0] == "Miasto Testowo" and "ul. Ratuszowa 1, 00-001 Testowo" in lines[1:4]


def test_the_consultation_report_docx_opens_with_the_letterhead(tenant, official):
    from docx import Document

    from pozytek.consultations.documents import report_docx
    from tests.consultations.consultation_helpers import published

    consultation = published(tenant, official)
    with scopes_disabled():
        content = report_docx(consultation)

    assert Document(io.BytesIO(content)).paragraphs[0].text == "Miasto Testowo"


def test_the_consultation_report_docx_is_a4_polish_with_its_name_and_page_numbers_in_the_footer(tenant, official):
    from docx import Document
    from docx.shared import Mm

    from pozytek.consultations.documents import report_docx, report_title
    from tests.consultations.consultation_helpers import published

    consultation = published(tenant, official)
    with scopes_disabled():
        document = Document(io.BytesIO(report_docx(consultation)))
        title = report_title(consultation)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (round(Mm(210).mm), round(Mm(297).mm))
    footer = section.footer._element.xml
    assert title in section.footer.paragraphs[0].text
    assert "PAGE" in footer and "NUMPAGES" in footer
    lang = document.styles["Normal"].element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang"
    )
    assert lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "pl-PL"
