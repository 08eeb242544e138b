"""Read extracts from the KRS open API (api-krs.ms.gov.pl, `OdpisAktualny` / `OdpisPelny`, JSON).

One file holds one extract (`{"odpis": {...}}`) or a JSON list of them. Only what the directory
keeps is read: the name, legal form, identifiers, seat and address, contact, the OPP flag and the
date it was acquired, the representation (dział 2) and the day the extract shows. Unknown fields
are ignored. A full extract (`OdpisPelny`, header `naglowekP`) keeps the history of every entry as
a list of `{value, nrWpisuWprow, nrWpisuWykr}`; the current value is the last one not struck out
(`nrWpisuWykr` empty), and the header lists the entries (`wpis`) with their dates. A current
extract (`OdpisAktualny`, header `naglowekA`) has no entry numbers, so no OPP date.
"""

import json
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from pozytek.organisations.imports.rows import MAX_ROWS, ImportFileError, SourceRow
from pozytek.organisations.text import fold

# KRS `formaPrawna` (folded) -> LegalForm slug. Unknown forms import without a legal form.
KRS_LEGAL_FORMS = {
    "fundacja": "fundacja",
    "stowarzyszenie": "stowarzyszenie",
    "stowarzyszenie rejestrowe": "stowarzyszenie",
    "stowarzyszenie zwykle": "stowarzyszenie-zwykle",
    "oddzial stowarzyszenia": "oddzial-stowarzyszenia",
    "oddzial terenowy stowarzyszenia": "oddzial-stowarzyszenia",
    "terenowa jednostka organizacyjna stowarzyszenia": "oddzial-stowarzyszenia",
    "jednostka terenowa stowarzyszenia": "oddzial-stowarzyszenia",
    "zwiazek stowarzyszen": "zwiazek-stowarzyszen",
    "uczniowski klub sportowy": "uks",
    "klub sportowy": "klub-sportowy",
    "stowarzyszenie kultury fizycznej": "klub-sportowy",
    "zwiazek sportowy": "zwiazek-sportowy",
    "polski zwiazek sportowy": "zwiazek-sportowy",
    "ochotnicza straz pozarna": "osp",
    "spoldzielnia socjalna": "spoldzielnia-socjalna",
    "kolo gospodyn wiejskich": "kgw",
    "koscielna osoba prawna": "koscielna-osoba-prawna",
    "stowarzyszenie jednostek samorzadu terytorialnego": "stowarzyszenie-jst",
}


def legal_form_slug(text: str) -> str | None:
    """The LegalForm slug of a KRS `formaPrawna` ("FUNDACJA" -> "fundacja"), or None if unknown."""
    folded = fold(text)
    if folded.endswith(" w likwidacji"):
        folded = folded.removesuffix(" w likwidacji")
    return KRS_LEGAL_FORMS.get(folded)


def normalise_regon(value: str) -> str:
    """A 14-digit REGON of a main unit ("12345678500000") as its 9-digit form."""
    digits = "".join(str(value or "").split())
    if len(digits) == 14 and digits.isdigit() and digits.endswith("00000"):
        return digits[:9]
    return digits


def looks_like_json(data: bytes, name: str = "") -> bool:
    """A KRS file: a `.json` name, or content that starts like a JSON object or list."""
    if name.lower().endswith(".json"):
        return True
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] in (b"{", b"[")


def parse_extracts(data: bytes) -> list[SourceRow]:
    """Rows of the extracts in `data`; ImportFileError if the file is not KRS extracts at all."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportFileError(
            _(
                "This file is not a KRS extract: it is not in JSON format. Download the extract from the KRS "
                "open API (api-krs.ms.gov.pl) in the JSON format."
            )
        ) from error
    extracts = document if isinstance(document, list) else [document]
    if not extracts:
        raise ImportFileError(_("The file holds an empty list: there are no KRS extracts in it."))
    if len(extracts) > MAX_ROWS:
        raise ImportFileError(
            _("The file holds %(count)s extracts; one import may have at most %(limit)s.")
            % {"count": len(extracts), "limit": MAX_ROWS}
        )
    rows = []
    for number, extract in enumerate(extracts, start=1):
        odpis = extract.get("odpis") if isinstance(extract, dict) else None
        dane = odpis.get("dane") if isinstance(odpis, dict) else None
        dzial1 = dane.get("dzial1") if isinstance(dane, dict) else None
        if (
            not isinstance(odpis, dict)
            or not isinstance(dzial1, dict)
            or not isinstance(dzial1.get("danePodmiotu"), dict)
        ):
            if len(extracts) == 1:
                raise ImportFileError(
                    _(
                        'This JSON file is not a KRS extract: it has no "odpis" section with the data of the '
                        "entity. Download the extract from the KRS open API (api-krs.ms.gov.pl)."
                    )
                )
            raise ImportFileError(
                _(
                    'Item %(number)s of the file is not a KRS extract: it has no "odpis" section with the data '
                    "of the entity. Nothing has been imported."
                )
                % {"number": number}
            )
        rows.append(parse_extract(odpis, number=number))
    return rows


def parse_extract(odpis: dict[str, Any], *, number: int = 1) -> SourceRow:
    """One extract (the value of `odpis`) as a row of our fields."""
    header = _as_dict(odpis.get("naglowekA")) or _as_dict(odpis.get("naglowekP"))
    dane = _as_dict(odpis.get("dane"))
    dzial1 = _as_dict(dane.get("dzial1"))
    entity = _as_dict(dzial1.get("danePodmiotu"))
    identifiers = _as_dict(_current(entity.get("identyfikatory"), "identyfikatory"))
    seat_and_address = _as_dict(_current(dzial1.get("siedzibaIAdres"), "siedzibaIAdres"))
    seat = _as_dict(_current(seat_and_address.get("siedziba"), "siedziba"))
    address = _as_dict(_current(seat_and_address.get("adres"), "adres"))

    legal_form = _text(_current(entity.get("formaPrawna"), "formaPrawna"))
    opp = _current(entity.get("czyPosiadaStatusOPP"), "czyPosiadaStatusOPP")
    values = {
        "name": _text(_current(entity.get("nazwa"), "nazwa")),
        "legal_form": legal_form,
        "krs": _text(header.get("numerKRS")),
        "nip": _text(identifiers.get("nip")),
        "regon": normalise_regon(_text(identifiers.get("regon"))),
        "street": _street(address),
        "postal_code": _text(address.get("kodPocztowy")),
        "city": _text(address.get("miejscowosc")) or _text(seat.get("miejscowosc")),
        "email": _text(_current(seat_and_address.get("adresPocztyElektronicznej"), "adresPocztyElektronicznej")),
        "website": _text(_current(seat_and_address.get("adresStronyInternetowej"), "adresStronyInternetowej")),
        "opp": "tak" if _is_true(opp) else "nie",
        "opp_since": _opp_since(entity.get("czyPosiadaStatusOPP"), _as_dict(odpis.get("naglowekP"))),
    }
    notes = []
    if _text(header.get("rejestr")) == "RejP":
        notes.append(_("This entity is in the register of entrepreneurs, not of associations and foundations."))
    return SourceRow(
        number=number,
        values={key: value for key, value in values.items() if value},
        representation=_representation(_as_dict(dane.get("dzial2"))),
        notes=notes,
        as_of=_iso_date(header.get("stanZDnia")),
    )


def _opp_since(history: Any, header: dict[str, Any]) -> str:
    """The day the OPP status in force was entered (ISO), from a full extract; "" if it cannot be told.

    The status is acquired with the entry that records it: the first of the unbroken run of "true"
    entries ending with the one in force (a later entry may repeat the value without a break).
    """
    if not isinstance(history, list):
        return ""
    items = [item for item in history if isinstance(item, dict)]
    live = [item for item in items if not item.get("nrWpisuWykr")]
    if not live or not _is_true(live[-1].get("czyPosiadaStatusOPP")):
        return ""
    first = live[-1]
    seen: set[str] = set()
    while (entry := _text(first.get("nrWpisuWprow"))) and entry not in seen:
        seen.add(entry)
        earlier = [
            item
            for item in items
            if _text(item.get("nrWpisuWykr")) == entry and _is_true(item.get("czyPosiadaStatusOPP"))
        ]
        if not earlier:
            break
        first = earlier[-1]
    dates = {_text(item.get("numerWpisu")): item.get("dataWpisu") for item in _live_items(header.get("wpis"))}
    return _iso_date(dates.get(_text(first.get("nrWpisuWprow"))))


def _is_true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _iso_date(value: Any) -> str:
    """A date of the register ("07.11.2018") in ISO form, or "" if it is not one."""
    try:
        return datetime.strptime(_text(value), "%d.%m.%Y").date().isoformat()  # noqa: DTZ007 -- a calendar day
    except ValueError:
        return ""


def _representation(dzial2: dict[str, Any]) -> dict[str, Any] | None:
    """The body that represents the entity and its members (names and functions only, no PESEL)."""
    body = _as_dict(_current(dzial2.get("reprezentacja"), "reprezentacja"))
    if not body:
        return None
    members = []
    for person in _live_items(body.get("sklad")):
        surname = _current(person.get("nazwisko"), "nazwisko")
        names = _current(person.get("imiona"), "imiona")
        if isinstance(surname, dict):  # a double surname is kept in two parts: "KOWALSKA" + "NOWAK"
            surname = "-".join(
                _text(surname.get(key)) for key in ("nazwiskoICzlon", "nazwiskoIICzlon") if surname.get(key)
            )
        if isinstance(names, dict):
            names = " ".join(_text(names.get(key)) for key in ("imie", "imieDrugie") if names.get(key))
        full_name = " ".join(part for part in (_text(names), _text(surname)) if part)
        function = _text(_current(person.get("funkcjaWOrganie"), "funkcjaWOrganie"))
        if full_name or function:
            members.append({"name": full_name, "function": function})
    return {
        "body": _text(_current(body.get("nazwaOrganu"), "nazwaOrganu")),
        "manner": _text(_current(body.get("sposobReprezentacji"), "sposobReprezentacji")),
        "members": members,
    }


def _street(address: dict[str, Any]) -> str:
    """ "UL. SZELĄGOWSKA 49/3"; a village without streets gives its name and the house number."""
    street = _text(address.get("ulica"))
    number = _text(address.get("nrDomu"))
    flat = _text(address.get("nrLokalu"))
    if number and flat:
        number = f"{number}/{flat}"
    if not street and number:
        street = _text(address.get("miejscowosc"))
    return " ".join(part for part in (street, number) if part)


def _current(value: Any, key: str) -> Any:
    """The value in force: plain in `OdpisAktualny`, the last live history entry in `OdpisPelny`."""
    if isinstance(value, list):
        live = _live_items(value)
        if not live:
            return None
        value = live[-1]
        if key in value:
            return value[key]
    return value


def _live_items(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return [value] if isinstance(value, dict) else []
    return [item for item in value if isinstance(item, dict) and not item.get("nrWpisuWykr")]


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())
