"""What every operation of the read-only API (/api/v1/, django-ninja) shares: the bounds of its
pagination, its error bodies and their place in the OpenAPI document.

Errors are JSON with one key, `detail`: a text for 404 and 405 (ninja's "Not Found"), a list of
issues for 422 (ninja's validation errors, each naming its parameter in `loc`). Each app's
router lists `ERROR_RESPONSES` in every operation's `response`, so the document describes them.
"""

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

# The largest `offset`: far beyond any register, and `offset + limit` still fits a 32-bit integer,
# so no database is ever given a number it cannot store (a 500 otherwise).
MAX_OFFSET = 1_000_000_000
# The largest identifier a query parameter may name: a 64-bit signed integer (SQLite, bigint).
MAX_ID = 2**63 - 1
# Text parameters refuse NUL, which PostgreSQL cannot take in a string literal.
NO_NUL = r"^[^\x00]*$"


def describe(text: Any) -> str:
    """A description in the OpenAPI document, in the platform's language (stable for every request)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


class Error(Schema):
    detail: str = Field(description=describe(_("What went wrong, e.g. Not Found.")))


class ValidationIssue(Schema):
    type: str = Field(description=describe(_("Kind of the problem, e.g. less_than_equal, int_parsing, missing.")))
    loc: list[str | int] = Field(
        description=describe(_("Where: the source and the name of the parameter, e.g. query, offset."))
    )
    msg: str = Field(description=describe(_("Explanation of the problem.")))
    ctx: dict[str, Any] | None = Field(None, description=describe(_("The bound or pattern that was not met, if any.")))


class ValidationErrors(Schema):
    detail: list[ValidationIssue] = Field(description=describe(_("One issue for each invalid parameter.")))


ERROR_RESPONSES: dict[int, type[Schema]] = {404: Error, 422: ValidationErrors}
