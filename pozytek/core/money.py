"""Amounts of money: typed in by people (parsed and checked the same way wherever they are entered) and
written out for them (formatted the same way on every page and document)."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from num2words import num2words  # type: ignore[import-untyped]  # the package ships no type information

MAX_AMOUNT = Decimal("9999999999.99")
CENT = Decimal("0.01")


def parse_amount(value: Any, *, missing: str, positive: bool = False) -> tuple[Decimal | None, str]:
    """(amount, "") or (None, message): a finite number, ≥ 0 (or > 0), at most two decimal places.

    `missing`: the message when no value was given.
    """
    if value is None or value == "":
        return None, missing
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None, _("Enter the amount as a number, e.g. 12500.00.")
    if not amount.is_finite():
        return None, _("Enter the amount as a number, e.g. 12500.00.")
    if amount < 0:
        return None, _("The amount cannot be negative.")
    if positive and amount == 0:
        return None, _("The amount must be greater than zero.")
    if amount > MAX_AMOUNT:
        return None, _("The amount is too large.")
    if amount != amount.quantize(CENT):
        return None, _("Enter the amount in złoty and grosze: at most two decimal places.")
    return amount.quantize(CENT), ""


def typed_amount(value: Any) -> str:
    """What people type as an amount, made parseable: spaces (also non-breaking) dropped, a decimal comma
    read as the point ("12 500,50" → "12500.50")."""
    return str(value or "").replace("\xa0", "").replace(" ", "").replace(",", ".").strip()


def format_amount(value: Decimal | int, *, currency: bool = False, grouping: bool = True) -> str:
    """An amount as the active language writes it, two decimal places: "12 500,00" in Polish (with
    `currency`: "12 500,00 zł"; without `grouping`: "12500,00", as people type it into a form)."""
    text = str(formats.number_format(value, 2, use_l10n=True, force_grouping=grouping))
    return f"{text} zł" if currency else text


def amount_in_words(value: Decimal | int | str) -> str:
    """An amount in Polish words, złote and grosze, whatever the active language (a Polish document's
    "słownie"): 12345.67 → "dwanaście tysięcy trzysta czterdzieści pięć złotych, sześćdziesiąt siedem groszy".

    num2words declines both nouns after the numeral (jeden złoty, dwa złote, pięć złotych; jeden grosz,
    dwa grosze, pięć groszy) and spells zero groszy out, as resolutions write it."""
    amount = Decimal(value).quantize(CENT)
    return str(num2words(amount, lang="pl", to="currency", currency="PLN"))
