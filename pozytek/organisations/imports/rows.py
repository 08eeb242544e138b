"""What both sources of an import produce: numbered rows of raw text keyed by our field names."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

# Our fields an import can fill, in the order of the mapping page: (key, label).
IMPORT_FIELDS: tuple[tuple[str, Any], ...] = (
    ("name", _("Name")),
    ("legal_form", _("Legal form")),
    ("krs", _("KRS number")),
    ("nip", _("NIP")),
    ("regon", _("REGON")),
    ("register_number", _("Number in the starosta's register")),
    ("email", _("E-mail")),
    ("phone", _("Telephone")),
    ("website", _("Website")),
    ("street", _("Street and number")),
    ("postal_code", _("Postal code")),
    ("city", _("Town")),
    ("description", _("Description of activities")),
    ("opp", _("Public benefit organisation (OPP)")),
    ("spheres", _("Spheres of public tasks")),
)
FIELD_KEYS = tuple(key for key, _label in IMPORT_FIELDS)
# Fields only a KRS extract fills (no spreadsheet column maps to them), named in previews and problems.
KRS_ONLY_FIELDS: tuple[tuple[str, Any], ...] = (("opp_since", _("OPP since")),)
FIELD_LABELS = dict((*IMPORT_FIELDS, *KRS_ONLY_FIELDS))

# Limits of one upload.
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000


class ImportFileError(ValueError):
    """The file cannot be imported at all; the message is for the person who uploaded it."""


@dataclass
class SourceRow:
    """One organisation as read from the file, before any checking.

    `number` is what the person sees in their spreadsheet (the header is row 1) or the position of
    the extract in a KRS file; `values` holds raw text by field key (absent = column not mapped);
    `as_of` is the day a KRS extract shows (ISO, "" if unknown).
    """

    number: int
    values: dict[str, str]
    representation: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    as_of: str = ""
