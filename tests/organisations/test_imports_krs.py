"""Import of KRS open-API extracts: parsing (current and full extracts) and the import service."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from pozytek.core.models import AuditEvent
from pozytek.organisations.imports.krs import legal_form_slug, looks_like_json, normalise_regon, parse_extracts
from pozytek.organisations.imports.rows import ImportFileError
from pozytek.organisations.imports.services import dry_run, start_import, upload_import_file
from pozytek.organisations.models import ImportJob, Organisation, OrganisationArea
from pozytek.organisations.states import AreaBasis, ImportState, Source
from tests.factories.organisations import OrganisationFactory

DATA = Path(__file__).parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def upload(tenant, actor, name: str, content: bytes | None = None):
    file = SimpleUploadedFile(name, data(name) if content is None else content)
    return upload_import_file(tenant=tenant, actor=actor, file=file)


def import_file(tenant, actor, name: str, content: bytes | None = None) -> ImportJob:
    job = upload(tenant, actor, name, content)
    dry_run(job=job, actor=actor)
    return start_import(job=job, actor=actor)


def actions(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("id").values_list("action", flat=True))


# --- Parsing --------------------------------------------------------------------------------------


@pytest.mark.unit
def test_current_extract_gives_every_field_we_keep():
    (row,) = parse_extracts(data("krs_fundacja.json"))

    assert row.number == 1
    assert row.values == {
        "name": 'FUNDACJA POMOCY SĄSIEDZKIEJ "RAZEM"',
        "legal_form": "FUNDACJA",
        "krs": "0000359730",
        "nip": "1000090009",
        "regon": "100009009",
        "street": "UL. PÓŁWIEJSKA 12/4",
        "postal_code": "61-888",
        "city": "POZNAŃ",
        "email": "BIURO@RAZEM.ORG.PL",
        "website": "WWW.RAZEM.ORG.PL",
        "opp": "tak",
    }
    assert row.representation == {
        "body": "ZARZĄD",
        "manner": "DO REPREZENTOWANIA FUNDACJI UPRAWNIONY JEST PREZES ZARZĄDU SAMODZIELNIE",
        "members": [
            {"name": "ANNA MARIA KOWALSKA", "function": "PREZES ZARZĄDU"},
            {"name": "JAN NOWAK", "function": "CZŁONEK ZARZĄDU"},
        ],
    }
    assert "pesel" not in json.dumps(row.representation).lower()


@pytest.mark.unit
def test_full_extract_takes_the_entries_in_force():
    (row,) = parse_extracts(data("krs_pelny.json"))

    assert row.values["name"] == "STOWARZYSZENIE PRZYJACIÓŁ STAREGO MIASTA"
    assert row.values["legal_form"] == "STOWARZYSZENIE"
    assert (row.values["nip"], row.values["regon"]) == ("1000090104", "100009015")
    assert (row.values["street"], row.values["postal_code"]) == ("UL. RYNEK 7", "00-002")
    assert row.values["opp"] == "nie"
    assert row.representation["members"] == [{"name": "EWA ZIELIŃSKA", "function": "PREZES"}]


@pytest.mark.unit
def test_a_json_list_holds_several_extracts_and_a_village_address_has_no_street():
    rows = parse_extracts(data("krs_lista.json"))

    assert [row.number for row in rows] == [1, 2]
    assert rows[0].values["street"] == "WÓLKA 5"
    assert rows[1].values["opp"] == "tak"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("FUNDACJA", "fundacja"),
        ("STOWARZYSZENIE", "stowarzyszenie"),
        ("ODDZIAŁ TERENOWY STOWARZYSZENIA", "oddzial-stowarzyszenia"),
        ("TERENOWA JEDNOSTKA ORGANIZACYJNA STOWARZYSZENIA", "oddzial-stowarzyszenia"),
        ("UCZNIOWSKI KLUB SPORTOWY", "uks"),
        ("STOWARZYSZENIE KULTURY FIZYCZNEJ", "klub-sportowy"),
        ("SPÓŁDZIELNIA SOCJALNA", "spoldzielnia-socjalna"),
        ("OCHOTNICZA STRAŻ POŻARNA", "osp"),
        ("ZWIĄZEK STOWARZYSZEŃ", "zwiazek-stowarzyszen"),
        ("fundacja  w likwidacji", "fundacja"),
        ("SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", None),
        ("FUNDACJA RODZINNA", None),
        ("", None),
    ],
)
def test_legal_forms_of_the_register_map_to_our_forms(text, slug):
    assert legal_form_slug(text) == slug


@pytest.mark.unit
@pytest.mark.parametrize(
    ("value", "expected"),
    [("30204683000000", "302046830"), ("302046830", "302046830"), ("12345678512347", "12345678512347"), ("", "")],
)
def test_a_fourteen_digit_regon_of_the_main_unit_becomes_nine_digits(value, expected):
    assert normalise_regon(value) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n",
        b"this is not json",
        b"\x00\x01\x02\xff\xfe garbage",
        b'{"foo": 1}',
        b'{"odpis": null}',
        b'{"odpis": {"dane": {"dzial1": "nie"}}}',
        b"[]",
        b"[1, 2]",
        b'[{"odpis": {"dane": {"dzial1": {"danePodmiotu": {}}}}}, {"x": 1}]',
        b'"just a string"',
    ],
)
def test_anything_that_is_not_a_krs_extract_is_refused_with_a_message(content):
    with pytest.raises(ImportFileError) as error:
        parse_extracts(content)

    assert str(error.value)


@pytest.mark.unit
def test_json_is_told_apart_from_a_spreadsheet():
    assert looks_like_json(b'\xef\xbb\xbf  {"odpis": {}}')
    assert looks_like_json(b"anything", "odpis.JSON")
    assert not looks_like_json(b"Nazwa;KRS\n", "lista.csv")


# --- Import -------------------------------------------------------------------------------------


@pytest.mark.integration
def test_import_of_an_extract_creates_a_verified_listed_organisation_with_audit(tenant, official):
    job = import_file(tenant, official, "krs_fundacja.json")

    assert (job.state, job.kind, job.created_count, job.updated_count) == (ImportState.DONE, Source.KRS, 1, 0)
    organisation = Organisation.objects.get(krs="0000359730")
    assert organisation.name == 'FUNDACJA POMOCY SĄSIEDZKIEJ "RAZEM"'
    assert organisation.legal_form.slug == "fundacja"
    assert (organisation.nip, organisation.regon, organisation.opp) == ("1000090009", "100009009", True)
    assert (organisation.street, organisation.postal_code, organisation.city) == (
        "UL. PÓŁWIEJSKA 12/4",
        "61-888",
        "POZNAŃ",
    )
    assert organisation.email == "biuro@razem.org.pl"
    assert organisation.website == "https://www.razem.org.pl"
    assert organisation.source == Source.KRS
    assert organisation.verified_at is not None
    assert " fundacja pomocy sasiedzkiej razem " in organisation.search_text
    assert organisation.sort_name == "fundacja pomocy sasiedzkiej razem"
    with scopes_disabled():
        area = OrganisationArea.objects.get(organisation=organisation)
    assert (area.tenant_id, area.basis) == (tenant.pk, AreaBasis.OFFICE)
    event = AuditEvent.objects.get(action="organisation.import_create", subject_id=str(organisation.pk))
    assert event.tenant_id == tenant.pk
    assert event.actor_id == official.pk
    assert event.data["representation"]["members"][0] == {"name": "ANNA MARIA KOWALSKA", "function": "PREZES ZARZĄDU"}
    assert actions(subject_type="organisations.importjob", subject_id=str(job.pk)) == [
        "importjob.upload",
        "importjob.preview",
        "importjob.start",
        "importjob.run",
    ]
    run = AuditEvent.objects.get(action="importjob.run")
    assert (run.tenant_id, run.data["created"], run.data["updated"]) == (tenant.pk, 1, 0)


@pytest.mark.integration
def test_importing_the_same_extract_again_creates_nothing(tenant, official):
    import_file(tenant, official, "krs_fundacja.json")

    job = import_file(tenant, official, "krs_fundacja.json")

    assert (job.state, job.created_count, job.updated_count) == (ImportState.DONE, 0, 0)
    assert Organisation.objects.count() == 1
    assert AuditEvent.objects.filter(action="organisation.import_update").count() == 0


@pytest.mark.integration
def test_an_extract_updates_the_organisation_found_by_nip_and_lists_it(tenant, other_tenant, official):
    existing = OrganisationFactory(
        name="Fundacja Razem", krs="", nip="1000090009", regon="", description="Nasz opis", listed_in=other_tenant
    )

    job = import_file(tenant, official, "krs_fundacja.json")

    assert (job.created_count, job.updated_count) == (0, 1)
    existing.refresh_from_db()
    assert (existing.krs, existing.regon, existing.name) == (
        "0000359730",
        "100009009",
        'FUNDACJA POMOCY SĄSIEDZKIEJ "RAZEM"',
    )
    assert existing.description == "Nasz opis"
    with scopes_disabled():
        assert OrganisationArea.objects.filter(organisation=existing).count() == 2
    event = AuditEvent.objects.get(action="organisation.import_update")
    assert event.data["changes"]["krs"] == {"from": "", "to": "0000359730"}
    assert event.data["listed"] is True
    assert event.data["representation"]["body"] == "ZARZĄD"


@pytest.mark.integration
def test_unknown_legal_form_and_bad_contact_data_of_an_extract_are_notes_not_errors(tenant, official):
    job = upload(tenant, official, "krs_lista.json")
    report = dry_run(job=job, actor=official)

    assert not report.blocking
    first, second = report.rows
    assert first.values["legal_form"].slug == "uks"
    assert "email" not in first.values
    assert [(p.field, p.blocking) for p in first.problems] == [("email", False)]
    assert "legal_form" not in second.values
    assert [(p.field, p.blocking) for p in second.problems] == [("legal_form", False)]

    job = start_import(job=job, actor=official)

    assert (job.state, job.created_count) == (ImportState.DONE, 2)
    assert Organisation.objects.get(krs="0000200102").legal_form is None
    assert Organisation.objects.get(krs="0000200101").street == "WÓLKA 5"
    assert [p["field"] for p in job.problems] == ["email", "legal_form"]


@pytest.mark.integration
def test_an_extract_with_an_invalid_nip_imports_nothing(tenant, official):
    extract = json.loads(data("krs_fundacja.json"))
    extract["odpis"]["dane"]["dzial1"]["danePodmiotu"]["identyfikatory"]["nip"] = "1234567890"
    content = json.dumps([extract, json.loads(data("krs_pelny.json"))]).encode()

    job = import_file(tenant, official, "dwa.json", content)

    assert job.state == ImportState.FAILED
    assert Organisation.objects.count() == 0
    assert [(p["row"], p["field"], p["blocking"]) for p in job.problems] == [(1, "nip", True)]


@pytest.mark.integration
@pytest.mark.parametrize("name", ["nie_krs.json", "pusty.json", "smieci.json"])
def test_upload_of_a_file_that_is_not_an_extract_fails_on_the_file_field(tenant, official, name):
    content = {"nie_krs.json": None, "pusty.json": b"", "smieci.json": b"{\x00\x01 not json"}[name]

    with pytest.raises(ValidationError) as error:
        upload(tenant, official, name, content)

    assert list(error.value.message_dict) == ["file"]
    with scopes_disabled():
        assert ImportJob.objects.count() == 0


@pytest.mark.integration
def test_only_officials_of_the_tenant_may_upload(tenant, resident):
    with pytest.raises(PermissionDenied):
        upload(tenant, resident, "krs_fundacja.json")


def test_imported_representation_is_kept_and_shown_on_the_public_profile(client, tenant, official):
    import_file(tenant, official, "krs_fundacja.json")
    organisation = Organisation.objects.get(krs="0000359730")

    assert organisation.representation["body"] == "ZARZĄD"
    assert organisation.representation["members"][0] == {"name": "ANNA MARIA KOWALSKA", "function": "PREZES ZARZĄDU"}
    assert organisation.representation_as_of is not None
    html = client.get(f"/{tenant.slug}/organizacje/{organisation.pk}/").content.decode()
    assert "ANNA MARIA KOWALSKA – PREZES ZARZĄDU" in html


# --- Everything the profile shows, from a full extract (issue 14) ----------------------------------


@pytest.mark.unit
def test_full_extract_gives_the_opp_date_double_surnames_and_its_own_header():
    (row,) = parse_extracts(data("krs_opp_pelny.json"))

    assert row.values == {
        "name": 'STOWARZYSZENIE "ZIELONY ZAKĄTEK"',
        "legal_form": "STOWARZYSZENIE",
        "krs": "0000777001",
        "nip": "1000077701",
        "regon": "100007772",
        "street": "UL. OGRODOWA 8/2",
        "postal_code": "61-821",
        "city": "POZNAŃ",
        "email": "KONTAKT@ZIELONYZAKATEK.PL",
        "website": "WWW.ZIELONYZAKATEK.PL",
        "opp": "tak",
        # the status is acquired with the entry that records it (entry 3 of 07.11.2018)
        "opp_since": "2018-11-07",
    }
    assert row.representation == {
        "body": "ZARZĄD",
        "manner": "DWÓCH CZŁONKÓW ZARZĄDU ŁĄCZNIE",
        "members": [
            {"name": "ANNA MARIA KOWALSKA-NOWAK", "function": "PREZES ZARZĄDU"},
            {"name": "PIOTR WIŚNIEWSKI", "function": "CZŁONEK ZARZĄDU"},
        ],
    }
    assert row.as_of == "2026-03-09"


@pytest.mark.unit
def test_the_opp_date_is_the_entry_that_began_an_unbroken_status():
    extract = json.loads(data("krs_opp_pelny.json"))
    extract["odpis"]["dane"]["dzial1"]["danePodmiotu"]["czyPosiadaStatusOPP"] = [
        {"czyPosiadaStatusOPP": True, "nrWpisuWprow": "2", "nrWpisuWykr": "4"},
        {"czyPosiadaStatusOPP": True, "nrWpisuWprow": "4"},
    ]

    (row,) = parse_extracts(json.dumps(extract).encode())

    assert row.values["opp_since"] == "2017-05-20"


@pytest.mark.unit
def test_a_current_extract_gives_the_second_part_of_a_double_surname_but_no_opp_date():
    extract = json.loads(data("krs_fundacja.json"))
    person = extract["odpis"]["dane"]["dzial2"]["reprezentacja"]["sklad"][0]
    person["nazwisko"] = {"nazwiskoICzlon": "KOWALSKA", "nazwiskoIICzlon": "NOWAK"}

    (row,) = parse_extracts(json.dumps(extract).encode())

    assert row.representation["members"][0] == {"name": "ANNA MARIA KOWALSKA-NOWAK", "function": "PREZES ZARZĄDU"}
    assert row.values["opp"] == "tak"
    assert "opp_since" not in row.values  # a current extract has no entry dates
    assert row.as_of == "2026-03-12"


@pytest.mark.integration
def test_import_of_a_full_extract_keeps_every_field_the_profile_shows(client, tenant, official):
    job = import_file(tenant, official, "krs_opp_pelny.json")

    assert (job.state, job.created_count) == (ImportState.DONE, 1)
    organisation = Organisation.objects.get(krs="0000777001")
    assert organisation.name == 'STOWARZYSZENIE "ZIELONY ZAKĄTEK"'
    assert organisation.legal_form.slug == "stowarzyszenie"
    assert (organisation.nip, organisation.regon) == ("1000077701", "100007772")
    assert (organisation.opp, organisation.opp_since) == (True, date(2018, 11, 7))
    assert (organisation.street, organisation.postal_code, organisation.city) == (
        "UL. OGRODOWA 8/2",
        "61-821",
        "POZNAŃ",
    )
    assert (organisation.email, organisation.website) == ("kontakt@zielonyzakatek.pl", "https://www.zielonyzakatek.pl")
    assert organisation.representation["manner"] == "DWÓCH CZŁONKÓW ZARZĄDU ŁĄCZNIE"
    assert organisation.representation["members"][0]["name"] == "ANNA MARIA KOWALSKA-NOWAK"
    assert organisation.representation_as_of == date(2026, 3, 9)  # the day the extract shows, not the import
    created = AuditEvent.objects.get(action="organisation.import_create")
    assert created.data["opp_since"] == "2018-11-07"

    html = client.get(f"/{tenant.slug}/organizacje/{organisation.pk}/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()

    assert "STOWARZYSZENIE &quot;ZIELONY ZAKĄTEK&quot;" in html
    assert "<dt>Numer KRS</dt><dd>0000777001</dd>" in html
    assert "<dd>1000077701</dd>" in html
    assert "<dd>100007772</dd>" in html
    assert "<dt>Status OPP od</dt><dd>2018-11-07</dd>" in html
    assert "według odpisu z KRS z dnia 2026-03-09" in html
    assert "<p>DWÓCH CZŁONKÓW ZARZĄDU ŁĄCZNIE</p>" in html
    assert "<li>ANNA MARIA KOWALSKA-NOWAK – PREZES ZARZĄDU</li>" in html
    assert "<li>PIOTR WIŚNIEWSKI – CZŁONEK ZARZĄDU</li>" in html
    assert "<dd>UL. OGRODOWA 8/2, 61-821 POZNAŃ</dd>" in html
    assert '<a href="mailto:kontakt@zielonyzakatek.pl">' in html
    assert '<a href="https://www.zielonyzakatek.pl"' in html


@pytest.mark.integration
def test_a_current_extract_keeps_a_known_opp_date_and_losing_the_status_clears_it(tenant, official):
    existing = OrganisationFactory(
        name="Fundacja Razem", krs="0000359730", nip="", regon="", opp=True, opp_since=date(2012, 5, 3)
    )

    import_file(tenant, official, "krs_fundacja.json")  # OPP, without a date

    existing.refresh_from_db()
    assert (existing.opp, existing.opp_since) == (True, date(2012, 5, 3))
    extract = json.loads(data("krs_fundacja.json"))
    extract["odpis"]["dane"]["dzial1"]["danePodmiotu"]["czyPosiadaStatusOPP"] = False

    import_file(tenant, official, "bez_opp.json", json.dumps(extract).encode())

    existing.refresh_from_db()
    assert (existing.opp, existing.opp_since) == (False, None)
    change = AuditEvent.objects.filter(action="organisation.import_update").latest("id")
    assert change.data["changes"]["opp_since"] == {"from": "2012-05-03", "to": None}
