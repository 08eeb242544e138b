import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from pozytek.consultations.drafting import units_from_docx, units_from_text


def _docx(build) -> SimpleUploadedFile:
    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("projekt.docx", buffer.getvalue())


def test_paragraph_markers_start_units_and_chapters_are_headings():
    units = units_from_text(
        "Uchwała nr X\n\nRozdział 1 Postanowienia ogólne\n§ 1. Pierwszy.\nDalszy ciąg.\n§ 2\nDrugi.\n"
        "Rozdział II Cele\n§ 3. Trzeci."
    )
    assert [(u.label, u.heading) for u in units] == [
        ("Preamble", ""),
        ("Rozdział 1", "Postanowienia ogólne"),
        ("§ 1.", ""),
        ("§ 2", ""),
        ("Rozdział II", "Cele"),
        ("§ 3.", ""),
    ]
    assert units[2].text == "Pierwszy.\nDalszy ciąg."
    assert units[0].text == "Uchwała nr X"


def test_text_without_markers_is_split_into_paragraphs():
    units = units_from_text("Pierwszy akapit\nciąg dalszy\n\n\nDrugi akapit")
    assert [(u.label, u.text) for u in units] == [("1.", "Pierwszy akapit\nciąg dalszy"), ("2.", "Drugi akapit")]


def test_empty_text_is_refused():
    with pytest.raises(ValidationError):
        units_from_text("  \n \x00 ")


def test_docx_headings_and_paragraph_signs_become_units():
    def build(document):
        document.add_heading("Cele programu", level=1)
        document.add_paragraph("Celem głównym jest partnerstwo.")
        document.add_paragraph("§ 5. Formy współpracy obejmują zlecanie zadań.")
        document.add_paragraph("Oraz konsultacje.")

    units = units_from_docx(_docx(build))
    assert [(u.label, u.heading, u.text) for u in units] == [
        ("1.", "Cele programu", "Celem głównym jest partnerstwo."),
        ("§ 5.", "", "Formy współpracy obejmują zlecanie zadań.\nOraz konsultacje."),
    ]


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4 not a docx", b"PK\x03\x04 broken zip", b""],
)
def test_a_broken_or_foreign_file_is_a_validation_error(content):
    with pytest.raises(ValidationError):
        units_from_docx(SimpleUploadedFile("projekt.docx", content))


def test_a_zip_that_is_not_a_document_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError):
        units_from_docx(SimpleUploadedFile("projekt.docx", buffer.getvalue()))
