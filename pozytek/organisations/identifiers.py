"""Polish identifiers of organisations: KRS, NIP, REGON, bank account (NRB/IBAN).

Checksums come from python-stdnum; KRS has no check digit, only its format is validated.
Each `clean_*` returns the canonical form or raises ValidationError with a Polish message.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import iban
from stdnum.pl import nip, regon

_SEPARATORS = re.compile(r"[\s\-.]")


def clean_krs(value: str) -> str:
    """KRS number as 10 digits, zero-padded ("359730" -> "0000359730")."""
    digits = _SEPARATORS.sub("", value or "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) > 10 or int(digits) == 0:
        raise ValidationError(_("A KRS number has up to 10 digits, e.g. 0000359730."), code="krs")
    return digits.zfill(10)


def clean_nip(value: str) -> str:
    """NIP as 10 digits; accepts dashes and the PL prefix."""
    compact = _SEPARATORS.sub("", value or "").upper().removeprefix("PL")
    if not compact:
        return ""
    if not nip.is_valid(compact):
        raise ValidationError(_("This NIP is not valid: check its 10 digits."), code="nip")
    return str(nip.compact(compact))


def clean_regon(value: str) -> str:
    """REGON of 9 or 14 digits with a valid checksum (an all-zero REGON is refused)."""
    compact = _SEPARATORS.sub("", value or "")
    if not compact:
        return ""
    if not compact.isdigit() or int(compact) == 0 or not regon.is_valid(compact):
        raise ValidationError(_("This REGON is not valid: it has 9 or 14 digits with a check digit."), code="regon")
    return str(regon.compact(compact))


def clean_bank_account(value: str) -> str:
    """Polish bank account (26-digit NRB, with or without PL) as an IBAN: PL + 26 digits."""
    compact = _SEPARATORS.sub("", value or "").upper()
    if not compact:
        return ""
    if compact.isdigit():
        compact = f"PL{compact}"
    if not compact.startswith("PL") or len(compact) != 28 or not iban.is_valid(compact):
        raise ValidationError(_("This is not a valid Polish bank account number (26 digits)."), code="iban")
    return compact


def format_bank_account(value: str) -> str:
    """PL61 1090 1014 0000 0712 1981 2874 for display."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if value else ""
