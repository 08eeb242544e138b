"""Attachments: the type is read from the content (never the name), size limits, safe names, private storage."""

import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from pozytek.core import files
from pozytek.core.models import AuditEvent
from pozytek.offers import services
from pozytek.offers.models import Attachment
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import PDF_BYTES, pdf_upload, start

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def png_bytes() -> bytes:
    """A valid 1×1 PNG: signature, IHDR, IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def docx_bytes() -> bytes:
    """The least that Word (and filetype) recognise: [Content_Types].xml first, then word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odf_bytes(mimetype: str = ODT) -> bytes:
    """An OpenDocument package: the first entry is "mimetype", stored uncompressed, then the content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("dokument.txt", "tekst")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- identify (no database) ---------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("statut.pdf", PDF_BYTES, PDF),
        ("skan.png", png_bytes(), "image/png"),
        ("skan.jpg", JPEG_BYTES, "image/jpeg"),
        ("oferta.docx", docx_bytes(), DOCX),
        ("oferta.odt", odf_bytes(), ODT),
    ],
)
def test_allowed_types_are_identified_by_their_content(name, content, expected):
    file = upload(name, content)

    assert files.identify(file) == expected
    assert file.tell() == 0  # the upload is rewound for saving


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("zdjecie.pdf", png_bytes(), "image/png"),
        ("statut.docx", PDF_BYTES, PDF),
        ("bez-rozszerzenia", odf_bytes(), ODT),
        ("dokument.txt", docx_bytes(), DOCX),
    ],
)
def test_the_name_and_the_declared_type_do_not_matter(name, content, expected):
    assert files.identify(upload(name, content, content_type="text/plain")) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("statut.pdf", EXE_BYTES),
        ("statut.pdf", ELF_BYTES),
        ("oferta.docx", plain_zip_bytes()),
        ("arkusz.odt", odf_bytes("application/vnd.oasis.opendocument.spreadsheet")),
        ("strona.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("notatka.pdf", "Zwykły tekst, nie PDF.".encode()),
        ("obraz.png", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 32),
    ],
)
def test_other_content_is_rejected_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        files.identify(upload(name, content, content_type=PDF))

    assert error.value.code == "type"
    assert "PDF" in error.value.messages[0]  # the message lists the allowed types


@pytest.mark.unit
def test_an_empty_file_is_rejected():
    with pytest.raises(ValidationError) as error:
        files.identify(upload("pusty.pdf", b""))

    assert error.value.code == "empty"


@pytest.mark.unit
def test_a_file_over_the_limit_is_rejected_before_it_is_read(settings):
    settings.POZYTEK_MAX_ATTACHMENT_BYTES = 64
    content = PDF_BYTES.ljust(65, b" ")

    with pytest.raises(ValidationError) as error:
        files.identify(upload("duzy.pdf", content))

    assert error.value.code == "too_large"
    assert "0,000061 MB" in error.value.messages[0]  # the limit (64 bytes) is named in MB


@pytest.mark.unit
def test_a_file_of_exactly_the_limit_is_accepted(settings):
    settings.POZYTEK_MAX_ATTACHMENT_BYTES = 100
    content = PDF_BYTES.ljust(100, b" ")

    assert files.identify(upload("rowno.pdf", content)) == PDF


@pytest.mark.unit
def test_the_default_limit_comes_from_settings():
    assert files.max_size() == settings.POZYTEK_MAX_ATTACHMENT_BYTES > 0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\x\\y.pdf", "y.pdf"),
        ("C:\\Users\\Anna\\Pulpit\\statut fundacji.pdf", "statut_fundacji.pdf"),
        ("/var/www/../../statut.pdf", "statut.pdf"),
        ("zażółć gęślą jaźń.pdf", "zażółć_gęślą_jaźń.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ("ra port\x00.exe .pdf", "ra_port.exe_.pdf"),
        ("", "plik"),
        ("..", "plik"),
        ("...", "plik"),
        ("../", "plik"),
        ("***", "plik"),
        ("???", "plik"),
        ("C:\\", "C"),
    ],
)
def test_safe_name_keeps_only_a_safe_base_name(name, safe):
    assert files.safe_name(name) == safe


@pytest.mark.unit
def test_safe_name_shortens_long_names_keeping_the_extension():
    name = files.safe_name("a" * 400 + ".pdf")

    assert len(name) == 150
    assert name.endswith(".pdf")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "content_type", "shown"),
    [
        ("statut.pdf", PDF, "statut.pdf"),
        ("STATUT.PDF", PDF, "STATUT.PDF"),
        ("skan.jpeg", "image/jpeg", "skan.jpeg"),
        ("skan.JPG", "image/jpeg", "skan.JPG"),
        ("oferta.docx", DOCX, "oferta.docx"),
        ("oferta.odt", ODT, "oferta.odt"),
        ("oferta.bat", PDF, "oferta.bat.pdf"),
        ("oferta.html", PDF, "oferta.html.pdf"),
        ("makro.docm", DOCX, "makro.docm.docx"),
        ("skan.png", "image/jpeg", "skan.png.jpg"),
        ("bez rozszerzenia", ODT, "bez_rozszerzenia.odt"),
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("", "image/png", "plik.png"),
    ],
)
def test_display_name_gets_the_extension_of_its_content(name, content_type, shown):
    assert files.display_name(name, content_type) == shown


@pytest.mark.unit
def test_display_name_of_a_long_name_stays_within_the_limit():
    shown = files.display_name("a" * 400 + ".exe", PDF)

    assert len(shown) == 150
    assert shown.endswith(".pdf")


@pytest.mark.unit
def test_every_allowed_type_has_an_extension():
    assert set(files.EXTENSIONS) == set(files.ALLOWED_TYPES)


@pytest.mark.unit
def test_sha256_of_reads_every_chunk_and_rewinds():
    content = b"%PDF-1.4\n" + b"x" * 200_000
    file = upload("duzy.pdf", content)

    assert files.sha256_of(file) == hashlib.sha256(content).hexdigest()
    assert file.tell() == 0


# --- add_attachment (database and private storage) ----------------------------------------------------------


@pytest.fixture
def draft(tenant):
    call = PublishedCallFactory(tenant=tenant)
    return start(call)


def stored_files() -> set[Path]:
    """Every file in private storage (the folder outlives each test's rolled-back database)."""
    return {p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()}


@pytest.mark.integration
@pytest.mark.django_db
def test_an_attachment_is_stored_privately_under_a_random_name(draft):
    offer, actor = draft
    content = docx_bytes()

    with scopes_disabled():
        attachment = services.add_attachment(
            offer=offer, label="  Statut  ", upload=upload("../../Statut fundacji.docx", content), actor=actor
        )
        attachment.refresh_from_db()

    path = Path(attachment.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "Statut" not in attachment.file.name
    assert "fundacji" not in attachment.file.name
    assert ".." not in attachment.file.name
    assert attachment.file.name.startswith(f"offers/{offer.pk}/")
    assert path.suffix == ".docx"
    assert path.read_bytes() == content
    assert attachment.original_name == "Statut_fundacji.docx"
    assert attachment.label == "Statut"
    assert attachment.content_type == DOCX
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.uploaded_by == actor
    assert attachment.tenant_id == offer.tenant_id
    event = AuditEvent.objects.get(action="offer.attach", subject_id=str(offer.pk))
    assert event.data == {
        "label": "Statut",
        "name": "Statut_fundacji.docx",
        "sha256": attachment.sha256,
        "size": len(content),
    }


@pytest.mark.integration
@pytest.mark.django_db
def test_the_stored_extension_follows_the_content_not_the_name(draft):
    offer, actor = draft

    with scopes_disabled():
        attachment = services.add_attachment(
            offer=offer, label="Skan", upload=upload("skan.exe", png_bytes()), actor=actor
        )

    assert Path(attachment.file.name).suffix == ".png"
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "skan.exe.png"  # downloaded as a PNG, not as a program


@pytest.mark.integration
@pytest.mark.django_db
def test_a_pdf_polyglot_named_as_a_script_is_downloaded_as_a_pdf(draft):
    offer, actor = draft
    content = b"%PDF-1.4\r\n@echo off\r\ncalc.exe\r\n"

    with scopes_disabled():
        attachment = services.add_attachment(
            offer=offer, label="Statut", upload=upload("statut.bat", content), actor=actor
        )

    assert attachment.content_type == PDF
    assert attachment.original_name == "statut.bat.pdf"
    assert Path(attachment.file.name).suffix == ".pdf"


@pytest.mark.integration
@pytest.mark.django_db
def test_two_uploads_with_the_same_name_get_different_files(draft):
    offer, actor = draft
    before = stored_files()

    with scopes_disabled():
        first = services.add_attachment(offer=offer, label="Statut", upload=pdf_upload("statut.pdf"), actor=actor)
        second = services.add_attachment(offer=offer, label="Statut", upload=pdf_upload("statut.pdf"), actor=actor)

    assert first.file.name != second.file.name
    assert stored_files() - before == {Path(first.file.path), Path(second.file.path)}


@pytest.mark.integration
@pytest.mark.django_db
@pytest.mark.parametrize("content", [EXE_BYTES, ELF_BYTES, b""])
def test_a_rejected_upload_leaves_no_row_and_no_file(draft, content):
    offer, actor = draft
    before = stored_files()

    with scopes_disabled(), pytest.raises(ValidationError):
        services.add_attachment(offer=offer, label="Statut", upload=upload("statut.pdf", content), actor=actor)

    with scopes_disabled():
        assert not Attachment.objects.filter(offer=offer).exists()
    assert stored_files() == before
    assert not AuditEvent.objects.filter(action="offer.attach").exists()


@pytest.mark.integration
@pytest.mark.django_db
def test_an_upload_over_the_limit_leaves_no_row_and_no_file(draft, settings):
    settings.POZYTEK_MAX_ATTACHMENT_BYTES = 32
    offer, actor = draft
    before = stored_files()

    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.add_attachment(offer=offer, label="Statut", upload=pdf_upload(), actor=actor)

    assert error.value.code == "too_large"
    with scopes_disabled():
        assert not Attachment.objects.filter(offer=offer).exists()
    assert stored_files() == before


@pytest.mark.integration
@pytest.mark.django_db
@pytest.mark.parametrize("label", ["", "   "])
def test_an_attachment_needs_a_label(draft, label):
    offer, actor = draft
    before = stored_files()

    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.add_attachment(offer=offer, label=label, upload=pdf_upload(), actor=actor)

    assert error.value.code == "label"
    assert stored_files() == before


@pytest.mark.integration
@pytest.mark.django_db
def test_a_non_member_cannot_attach(draft, resident):
    offer, _actor = draft
    before = stored_files()

    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.add_attachment(offer=offer, label="Statut", upload=pdf_upload(), actor=resident)

    assert stored_files() == before
