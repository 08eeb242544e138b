import pytest
from django.core.exceptions import ValidationError

from pozytek.organisations.identifiers import clean_bank_account, clean_krs, clean_nip, clean_regon, format_bank_account
from pozytek.organisations.text import fold, stem, tokens, word_similarity

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("raw", "clean"), [("359730", "0000359730"), ("0000359730", "0000359730"), ("", "")])
def test_krs_is_zero_padded(raw, clean):
    assert clean_krs(raw) == clean


@pytest.mark.parametrize("raw", ["12345678901", "abc", "0000000000", "12-34x"])
def test_invalid_krs_is_refused(raw):
    with pytest.raises(ValidationError):
        clean_krs(raw)


@pytest.mark.parametrize(
    ("raw", "clean"), [("8567346215", "8567346215"), ("856-734-62-15", "8567346215"), ("PL 1645865777", "1645865777")]
)
def test_valid_nip_is_compacted(raw, clean):
    assert clean_nip(raw) == clean


@pytest.mark.parametrize("raw", ["1645865778", "1234567890", "12345"])
def test_invalid_nip_is_refused_with_polish_message(raw):
    with pytest.raises(ValidationError) as excinfo:
        clean_nip(raw)
    assert excinfo.value.messages == ["Ten NIP jest nieprawidłowy: sprawdź jego 10 cyfr."]


@pytest.mark.parametrize("raw", ["123456785", "192598184", "12345678512347"])
def test_valid_regon(raw):
    assert clean_regon(raw) == raw


@pytest.mark.parametrize("raw", ["192598183", "12345678512348", "000000000", "12345"])
def test_invalid_regon_is_refused(raw):
    with pytest.raises(ValidationError):
        clean_regon(raw)


def test_bank_account_accepts_nrb_and_iban_and_formats():
    assert clean_bank_account("61 1090 1014 0000 0712 1981 2874") == "PL61109010140000071219812874"
    assert clean_bank_account("PL61109010140000071219812874") == "PL61109010140000071219812874"
    assert format_bank_account("PL61109010140000071219812874") == "PL61 1090 1014 0000 0712 1981 2874"


@pytest.mark.parametrize("raw", ["PL61109010140000071219812875", "DE89370400440532013000", "123"])
def test_invalid_bank_account_is_refused(raw):
    with pytest.raises(ValidationError):
        clean_bank_account(raw)


def test_fold_removes_case_diacritics_and_punctuation():
    assert fold("Fundacja „Łódź” – ZDROWIE!") == "fundacja lodz zdrowie"


def test_tokens_are_distinct_and_limited():
    assert tokens("Łódź łódź  Poznań") == ["lodz", "poznan"]


@pytest.mark.parametrize(
    ("word", "expected"), [("zdrowie", "zdrow"), ("zdrowia", "zdrow"), ("lodz", "lodz"), ("0000123", "0000123")]
)
def test_stem_drops_inflection(word, expected):
    assert stem(word) == expected


def test_word_similarity_tolerates_a_small_typo_but_not_another_word():
    assert word_similarity("fundcja", "stowarzyszenie fundacja zdrowia") >= 0.4
    assert word_similarity("teatr", "fundacja zdrowia") < 0.4
