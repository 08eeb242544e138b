"""Workspaces a person may have in a local government (a commission's, a council's), linked from the
layout's header. Apps register them in `AppConfig.ready()`, so the layout imports no domain app."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Workspace:
    """A link to `url_name` (taking `tenant_slug`) shown when `has_seat(user, tenant)` is true."""

    key: str
    label: str | Promise
    url_name: str
    has_seat: Callable[[Any, Any], bool]
    order: int = 100


_WORKSPACES: dict[str, Workspace] = {}


def register(workspace: Workspace) -> None:
    _WORKSPACES[workspace.key] = workspace


def workspace_links(user: Any, tenant: Any) -> list[tuple[str | Promise, str]]:
    """(label, URL) of each workspace the signed-in person has a seat in, in this local government."""
    if tenant is None or user is None or not getattr(user, "is_authenticated", False):
        return []
    return [
        (workspace.label, reverse(workspace.url_name, kwargs={"tenant_slug": tenant.slug}))
        for workspace in sorted(_WORKSPACES.values(), key=lambda w: (w.order, w.key))
        if workspace.has_seat(user, tenant)
    ]
