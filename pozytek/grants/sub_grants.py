"""Grants given on from a grant: how an app above this one shows them in the register under their grant.

An operator chosen for regranting (art. 16a) gives micro-grants out of its own grant. They are not rows of
the register (their money is already counted in the operator's grant, so totals and exports stay as they
are); the register page lists them under the operator's grant. An app registers a provider in its
`AppConfig.ready()`: `provider(tenant, grant_ids)` returns `{grant_id: [SubGrant, …]}` for the grants shown,
in a fixed number of queries.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class SubGrant:
    """One grant given on from a register grant (e.g. a micro-grant of a regranting operator)."""

    number: str
    recipient: str
    title: str
    amount: Decimal
    status: str
    url: str = ""


Provider = Callable[[Any, list[int]], dict[int, list[SubGrant]]]
_PROVIDERS: list[Provider] = []


def register_sub_grants(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def sub_grants_of(tenant: Any, grant_ids: Iterable[int]) -> dict[int, list[SubGrant]]:
    """The grants given on from each of `grant_ids` (those with none are left out)."""
    ids = list(grant_ids)
    found: dict[int, list[SubGrant]] = {}
    if not ids:
        return found
    for provider in _PROVIDERS:
        for grant_id, rows in provider(tenant, ids).items():
            found.setdefault(grant_id, []).extend(rows)
    return found
