"""Import of spreadsheets: reading CSV/XLSX, column mapping, dry run, all-or-nothing upsert."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from openpyxl import Workbook

from pozytek.core.models import AuditEvent
from pozytek.legal.models import LegalForm
from pozytek.organisations.imports.rows import MAX_ROWS, ImportFileError
from pozytek.organisations.imports.services import (
    dry_run,
    map_columns,
    read_job_table,
    start_import,
    upload_import_file,
)
from pozytek.organisations.imports.spreadsheet import decode, detect_delimiter, read_table, suggest_mapping
from pozytek.organisations.models import ImportJob, Organisation, OrganisationArea
from pozytek.organisations.states import AreaBasis, ImportState, Source
from tests.factories.organisations import OrganisationFactory, valid_nip

DATA = Path(__file__).parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def upload(tenant, actor, name: str, content: bytes | None = None) -> ImportJob:
    file = SimpleUploadedFile(name, data(name) if content is None else content)
    return upload_import_file(tenant=tenant, actor=actor, file=file)


def checked(tenant, actor, name: str, content: bytes | None = None, mapping: dict | None = None):
    """Upload, map the columns (as suggested unless given) and run the dry run."""
    job = upload(tenant, actor, name, content)
    job = map_columns(job=job, actor=actor, mapping=mapping or suggest_mapping(read_job_table(job).headers))
    report = dry_run(job=job, actor=actor)
    return job, report


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


# --- Reading files ------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("Nazwa;Miejscowość\nŁąka;Żółków\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Nazwa;Miejscowość\nŁąka;Żółków\n".encode(), "utf-8"),
        ("Nazwa;Miejscowość\nŁąka;Żółków\n".encode("cp1250"), "cp1250"),
    ],
)
def test_utf8_with_or_without_bom_and_windows_1250_are_detected(content, encoding):
    text, detected = decode(content)

    assert detected == encoding
    assert text.lstrip("\ufeff") == "Nazwa;Miejscowość\nŁąka;Żółków\n"


@pytest.mark.unit
@pytest.mark.parametrize(
    "content",
    [
        "Nazwa;Miejscowość\nŁąka;Żółków\n".encode("utf-16"),  # NUL bytes
        b"Nazwa;Miejsc\x00owosc\n",
        b"Nazwa;\x81\x98\x90\n",  # bytes Windows-1250 does not define, and not UTF-8
        b"Nazwa;\x01\x02\x03\x1b[0m\n",  # control characters: binary, not text
    ],
)
def test_files_that_are_neither_utf8_nor_windows_1250_text_are_refused(content):
    with pytest.raises(ImportFileError, match="CSV"):
        decode(content)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Nazwa;KRS;Opis\nA;1;x, y\n", ";"),
        ('Nazwa,KRS,Opis\nA,1,"x; y"\n', ","),
        ("Nazwa\nA\n", ";"),
        ('"Nazwa, pełna";"Opis; krótki"\n"A, B";"C"\n', ";"),
    ],
)
def test_the_separator_is_detected(text, delimiter):
    assert detect_delimiter(text) == delimiter


@pytest.mark.unit
def test_csv_rows_keep_their_spreadsheet_numbers_and_quoted_separators():
    table = read_table(csv_bytes("", "Nazwa;Opis", 'A;"x; y"', ";", "B;z"))

    assert table.headers == ["Nazwa", "Opis"]
    assert table.rows == [(3, ["A", "x; y"]), (5, ["B", "z"])]
    assert (table.encoding, table.delimiter) == ("utf-8", ";")


@pytest.mark.unit
def test_xlsx_values_read_as_people_see_them():
    table = read_table(data("organizacje.xlsx"))

    assert table.headers == ["Nazwa", "KRS", "NIP", "REGON", "Forma prawna", "Telefon", "OPP"]
    assert table.rows[0] == (
        2,
        ["Fundacja Arkusz", "200201", "1000090707", "100009073", "FUNDACJA", "618000000", "tak"],
    )
    assert table.rows[1][0] == 4  # the empty row 3 is skipped, numbers stay as in Excel


@pytest.mark.unit
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Plik jest pusty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04 broken zip", "XLSX"),
        (b"Nazwa;KRS\n", "nie ma wierszy z danymi"),
        (b"\n\n;;\n", "nie zawiera wiersza nagłówka"),
    ],
)
def test_unreadable_spreadsheets_are_refused_with_a_message(content, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(content)


@pytest.mark.unit
def test_more_than_the_row_limit_is_refused():
    content = csv_bytes("Nazwa", *(f"Organizacja {n}" for n in range(MAX_ROWS + 1)))

    with pytest.raises(ImportFileError, match="20000"):
        read_table(content)


@pytest.mark.unit
def test_xlsx_over_the_row_limit_is_refused_too():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nazwa"])
    for n in range(MAX_ROWS + 1):
        sheet.append([f"Organizacja {n}"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(ImportFileError, match="20000"):
        read_table(buffer.getvalue())


@pytest.mark.unit
def test_polish_headers_preselect_the_columns():
    headers = [
        "Lp.",
        "Nazwa",
        "Forma prawna",
        "KRS",
        "NIP",
        "REGON",
        "E-mail",
        "Telefon",
        "Ulica",
        "Kod pocztowy",
        "Miejscowość",
        "Strona www",
        "Opis",
        "Status OPP",
        "Sfery",
        "Uwagi",
    ]

    assert suggest_mapping(headers) == {
        "name": 1,
        "legal_form": 2,
        "krs": 3,
        "nip": 4,
        "regon": 5,
        "email": 6,
        "phone": 7,
        "street": 8,
        "postal_code": 9,
        "city": 10,
        "website": 11,
        "description": 12,
        "opp": 13,
        "spheres": 14,
    }


# --- Dry run and import -------------------------------------------------------------------------


@pytest.mark.integration
def test_a_utf8_csv_is_imported_with_every_mapped_field(tenant, official):
    job, report = checked(tenant, official, "organizacje_utf8.csv")

    assert (job.encoding, job.delimiter, job.total_rows) == ("utf-8", ";", 3)
    assert report.counts == {"create": 3, "update": 0, "unchanged": 0, "blocked": 0}
    job.refresh_from_db()
    assert job.state == ImportState.PREVIEWED

    job = start_import(job=job, actor=official)

    assert (job.state, job.created_count, job.updated_count, job.processed_rows) == (ImportState.DONE, 3, 0, 3)
    laka = Organisation.objects.get(krs="0000200001")
    assert laka.name == "Stowarzyszenie „Zielona Łąka”"
    assert laka.legal_form.slug == "stowarzyszenie"
    assert (laka.nip, laka.regon) == ("1000090216", "100009021")
    assert (laka.email, laka.phone, laka.website) == ("biuro@laka.pl", "61 000 00 00", "https://laka.pl")
    assert (laka.street, laka.postal_code, laka.city) == ("ul. Święty Marcin 1", "61-101", "Poznań")
    assert laka.description == "Ochrona przyrody; sprzątanie łąk, sadzenie drzew"
    assert laka.opp is True
    assert sorted(laka.spheres.values_list("code", flat=True)) == ["17", "32"]
    assert laka.source == Source.SPREADSHEET
    assert laka.verified_at is not None
    cma = Organisation.objects.get(krs="0000200002")
    assert (cma.postal_code, cma.opp, cma.regon) == ("61-102", False, "")
    zak = Organisation.objects.get(name="Klub Sportowy Żak")
    assert (zak.legal_form.slug, zak.register_number, zak.krs) == ("uks", "12/2004", "")
    with scopes_disabled():
        assert set(OrganisationArea.objects.filter(tenant=tenant).values_list("basis", flat=True)) == {AreaBasis.OFFICE}
        assert OrganisationArea.objects.filter(tenant=tenant).count() == 3
    assert AuditEvent.objects.filter(action="organisation.import_create", tenant=tenant).count() == 3
    assert AuditEvent.objects.filter(action="importjob.run", tenant=tenant).count() == 1


@pytest.mark.integration
def test_a_second_import_of_the_same_file_creates_nothing_new(tenant, official):
    job, _report = checked(tenant, official, "organizacje_utf8.csv")
    start_import(job=job, actor=official)

    job, report = checked(tenant, official, "organizacje_utf8.csv")

    assert report.counts == {"create": 0, "update": 0, "unchanged": 3, "blocked": 0}
    job = start_import(job=job, actor=official)
    assert (job.state, job.created_count, job.updated_count) == (ImportState.DONE, 0, 0)
    assert Organisation.objects.count() == 3
    assert not AuditEvent.objects.filter(action="organisation.import_update").exists()


@pytest.mark.integration
def test_windows_1250_csv_with_commas(tenant, official):
    job, report = checked(tenant, official, "organizacje_cp1250.csv")

    assert (job.encoding, job.delimiter) == ("cp1250", ",")
    assert [row.name for row in report.rows] == ["Koło Gospodyń Wiejskich w Żółkwi", "Ochotnicza Straż Pożarna w Łęgu"]
    assert [row.values["legal_form"].slug for row in report.rows] == ["kgw", "osp"]
    job = start_import(job=job, actor=official)
    assert job.created_count == 2
    assert Organisation.objects.get(nip="1000090601").city == "Łęg"


@pytest.mark.integration
def test_xlsx_import(tenant, official):
    job, report = checked(tenant, official, "organizacje.xlsx")

    assert (job.encoding, job.delimiter) == ("", "")
    assert [row.number for row in report.rows] == [2, 4]
    job = start_import(job=job, actor=official)
    assert job.created_count == 2
    arkusz = Organisation.objects.get(krs="0000200201")
    assert (arkusz.nip, arkusz.regon, arkusz.phone, arkusz.opp) == ("1000090707", "100009073", "618000000", True)


@pytest.mark.integration
def test_one_bad_row_blocks_the_whole_file(tenant, official):
    job, report = checked(tenant, official, "organizacje_bledy.csv")

    assert report.blocking
    problems = {(p.row, p.field) for p in report.problems if p.blocking}
    assert problems == {(2, "nip"), (3, "name"), (4, "krs"), (4, "legal_form"), (4, "opp")}
    assert "1234567890" in next(p.message for p in report.problems if p.field == "nip")
    assert report.counts["blocked"] == 3

    job = start_import(job=job, actor=official)

    assert job.state == ImportState.FAILED
    assert Organisation.objects.count() == 0
    assert {(p["row"], p["field"]) for p in job.problems} == problems
    assert not AuditEvent.objects.filter(action__startswith="organisation.").exists()
    assert AuditEvent.objects.filter(action="importjob.fail").count() == 1


@pytest.mark.integration
def test_valid_rows_are_not_imported_when_another_row_is_invalid(tenant, official):
    content = csv_bytes("Nazwa;NIP", f"Dobra;{valid_nip(1)}", "Zła;123")
    job, _report = checked(tenant, official, "mieszane.csv", content)

    job = start_import(job=job, actor=official)

    assert job.state == ImportState.FAILED
    assert not Organisation.objects.exists()


@pytest.mark.integration
def test_an_update_writes_only_mapped_fields_and_empty_cells_erase_nothing(tenant, official):
    existing = OrganisationFactory(
        name="Stowarzyszenie Stare",
        nip=valid_nip(5),
        phone="111",
        email="a@b.pl",
        description="Opis urzędu",
        listed_in=tenant,
    )
    content = csv_bytes("Nazwa;NIP;Telefon;E-mail;Opis", f"Stowarzyszenie Nowe;{valid_nip(5)};222;;")

    job, report = checked(
        tenant, official, "zmiana.csv", content, mapping={"name": 0, "nip": 1, "phone": 2, "email": 3}
    )

    assert report.counts["update"] == 1
    assert report.rows[0].changes == ["name", "phone"]
    job = start_import(job=job, actor=official)
    assert (job.created_count, job.updated_count) == (0, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.phone, existing.email, existing.description) == (
        "Stowarzyszenie Nowe",
        "222",
        "a@b.pl",
        "Opis urzędu",
    )
    assert existing.sort_name == "stowarzyszenie nowe"
    event = AuditEvent.objects.get(action="organisation.import_update")
    assert event.data["changes"] == {
        "name": {"from": "Stowarzyszenie Stare", "to": "Stowarzyszenie Nowe"},
        "phone": {"from": "111", "to": "222"},
    }


@pytest.mark.integration
def test_rows_without_numbers_match_the_directory_by_name_so_reimport_is_idempotent(tenant, official):
    OrganisationFactory(name="Koło Gospodyń Wiejskich w Żółkwi", krs="", nip="", regon="", listed_in=tenant)
    content = csv_bytes("Nazwa;Miejscowość", "KOŁO GOSPODYŃ WIEJSKICH W ŻÓŁKWI;Żółkiew")

    job, report = checked(tenant, official, "kgw.csv", content)

    assert report.rows[0].action == "update"
    job = start_import(job=job, actor=official)
    assert (job.created_count, job.updated_count) == (0, 1)
    assert Organisation.objects.count() == 1


@pytest.mark.integration
def test_numbers_of_two_different_organisations_in_one_row_block_it(tenant, official):
    first = OrganisationFactory(listed_in=tenant)
    second = OrganisationFactory(listed_in=tenant)
    content = csv_bytes("Nazwa;KRS;NIP", f"Pomieszana;{first.krs};{second.nip}")

    _job, report = checked(tenant, official, "konflikt.csv", content)

    assert report.blocking
    assert first.name in report.rows[0].problems[0].message
    assert second.name in report.rows[0].problems[0].message


@pytest.mark.integration
def test_a_row_matching_an_organisation_with_another_nip_is_blocked(tenant, official):
    existing = OrganisationFactory(listed_in=tenant)
    content = csv_bytes("Nazwa;KRS;NIP", f"Ta sama;{existing.krs};{valid_nip(77)}")

    _job, report = checked(tenant, official, "inny_nip.csv", content)

    assert [(p.field, p.blocking) for p in report.rows[0].problems] == [("nip", True)]


@pytest.mark.integration
def test_duplicates_inside_the_file_are_reported_with_the_first_row(tenant, official):
    content = csv_bytes("Nazwa;NIP", f"Pierwsza;{valid_nip(3)}", f"Druga;{valid_nip(3)}", "Bez numeru;", "bez  numeru;")

    _job, report = checked(tenant, official, "duplikaty.csv", content)

    messages = {(p.row, p.field): p.message for p in report.problems}
    assert set(messages) == {(3, "nip"), (4, "name"), (5, "name")}
    assert "2" in messages[(3, "nip")]


@pytest.mark.integration
def test_unknown_sphere_and_bad_contact_data_block_a_spreadsheet_row(tenant, official):
    content = csv_bytes("Nazwa;Sfery;E-mail;Strona www;Kod pocztowy", 'Fundacja;"17; 99x";nie-mail;http://;6-101')

    _job, report = checked(tenant, official, "kontakt.csv", content)

    assert {p.field for p in report.problems if p.blocking} == {"spheres", "email", "website", "postal_code"}


@pytest.mark.integration
def test_script_in_a_description_is_stored_as_text(tenant, official):
    payload = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
    content = csv_bytes("Nazwa;Opis", f'Fundacja <b>Test</b>;"{payload.replace(chr(34), chr(34) * 2)}"')
    job, _report = checked(tenant, official, "xss.csv", content)

    start_import(job=job, actor=official)

    organisation = Organisation.objects.get()
    assert organisation.description == payload
    assert organisation.name == "Fundacja <b>Test</b>"


@pytest.mark.integration
def test_the_name_column_is_required_in_the_mapping(tenant, official):
    job = upload(tenant, official, "organizacje_utf8.csv")

    with pytest.raises(ValidationError) as error:
        map_columns(job=job, actor=official, mapping={"krs": 2})

    assert list(error.value.message_dict) == ["name"]
    job.refresh_from_db()
    assert job.state == ImportState.UPLOADED


@pytest.mark.integration
def test_uploads_over_the_limits_are_refused_on_the_file_field(tenant, official):
    too_big = b"Nazwa\n" + b"x" * (10 * 1024 * 1024)
    too_many = csv_bytes("Nazwa", *(f"Organizacja {n}" for n in range(MAX_ROWS + 1)))

    for content in (too_big, too_many):
        with pytest.raises(ValidationError) as error:
            upload(tenant, official, "duzy.csv", content)
        assert list(error.value.message_dict) == ["file"]
    with scopes_disabled():
        assert not ImportJob.objects.exists()


@pytest.mark.integration
def test_large_files_run_in_the_background_after_commit(tenant, official, django_capture_on_commit_callbacks):
    content = csv_bytes("Nazwa;NIP", *(f"Organizacja {n};{valid_nip(1000 + n)}" for n in range(201)))
    job, _report = checked(tenant, official, "duzy.csv", content)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_import(job=job, actor=official)
    assert job.state == ImportState.QUEUED
    assert Organisation.objects.count() == 0
    assert len(callbacks) == 1

    callbacks[0]()  # the immediate tasks backend runs the task at once

    job.refresh_from_db()
    assert (job.state, job.created_count, job.processed_rows, job.total_rows) == (ImportState.DONE, 201, 201, 201)
    assert Organisation.objects.count() == 201
    with scopes_disabled():
        assert OrganisationArea.objects.filter(tenant=tenant).count() == 201


@pytest.mark.integration
def test_the_task_does_not_run_a_job_twice(tenant, official):
    from pozytek.organisations.imports.tasks import run_import

    job, _report = checked(tenant, official, "organizacje_utf8.csv")
    start_import(job=job, actor=official)

    result = run_import.call(job_pk=job.pk, actor_pk=official.pk)

    assert result == ImportState.DONE
    assert Organisation.objects.count() == 3


@pytest.mark.integration
def test_a_legal_form_can_be_given_by_its_name_or_identifier(tenant, official):
    content = csv_bytes(
        "Nazwa;Forma prawna", "A;Stowarzyszenie (rejestrowe)", "B;spoldzielnia-socjalna", "C;Ochotnicza Straż Pożarna"
    )

    _job, report = checked(tenant, official, "formy.csv", content)

    assert [row.values["legal_form"] for row in report.rows] == [
        LegalForm.objects.get(slug=slug) for slug in ("stowarzyszenie", "spoldzielnia-socjalna", "osp")
    ]
