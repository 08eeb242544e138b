"""The navigation of the Model's three planes; each app registers the pages it really has.

Only registered entries are linked, so the menu never shows a page that does not exist; the home
pages describe what a local government offers from the same entries (their `description`), so they
never promise a module that has not landed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Plane:
    number: int
    title: Promise


PLANES = (
    Plane(1, _("Creating public policy")),
    Plane(2, _("Carrying out public tasks")),
    Plane(3, _("Infrastructure of cooperation")),
)


@dataclass(frozen=True)
class NavEntry:
    """A public page of a module; `description` says on the home page what the module offers."""

    plane: int
    label: Promise
    url_name: str
    order: int = 100
    visible: Callable[[object], bool] | None = None
    description: Promise | None = None


_REGISTRY: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    """Add a page to a plane's menu (called from an app's `ready()`); idempotent."""
    if entry not in _REGISTRY:
        _REGISTRY.append(entry)


def _entries(plane: Plane) -> list[NavEntry]:
    return list(_sorted_entries(plane.number, get_language(), len(_REGISTRY)))


@lru_cache(maxsize=64)
def _sorted_entries(plane: int, language: str | None, registered: int) -> tuple[NavEntry, ...]:
    """A plane's entries in menu order (ties by label in `language`); the registry only grows, so its
    length tells a newer registry apart."""
    return tuple(sorted((e for e in _REGISTRY if e.plane == plane), key=lambda e: (e.order, str(e.label))))


@lru_cache(maxsize=4096)
def _tenant_url(prefix: str, urlconf: object, url_name: str, slug: str) -> str:
    """A tenant page's address under the script prefix and URLconf: the same on every request, so
    reversed once."""
    return reverse(url_name, kwargs={"tenant_slug": slug})


def tenant_navigation(tenant: object) -> list[dict[str, object]]:
    """The planes with their links for `tenant`, in the Model's order."""
    slug = getattr(tenant, "slug", "")
    planes = []
    for plane in PLANES:
        links = [
            {
                "label": e.label,
                "url": _tenant_url(get_script_prefix(), get_urlconf(), e.url_name, slug),
                "description": e.description,
            }
            for e in _entries(plane)
            if e.visible is None or e.visible(tenant)
        ]
        planes.append({"plane": plane, "links": links})
    return planes


def registered_sections() -> list[Promise]:
    """The labels of every registered page, in the Model's order (the platform home names them)."""
    return [e.label for plane in PLANES for e in _entries(plane)]
