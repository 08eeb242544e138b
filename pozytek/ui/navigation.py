"""The navigation of the Model's three planes; each app registers the pages it really has.

Only registered entries are linked, so the menu never shows a page that does not exist.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Plane:
    number: int
    title: Promise
    summary: Promise


PLANES = (
    Plane(
        1,
        _("Creating public policy"),
        _("Consultations of draft acts, councils and joint teams, the cooperation programme and its report."),
    ),
    Plane(
        2,
        _("Carrying out public tasks"),
        _("Open competitions, small grants, local initiatives, agreements, reports and the grants register."),
    ),
    Plane(
        3,
        _("Infrastructure of cooperation"),
        _("The directory of organisations, support, trainings, premises, volunteering and contact with the office."),
    ),
)


@dataclass(frozen=True)
class NavEntry:
    plane: int
    label: Promise
    url_name: str
    order: int = 100
    visible: Callable[[object], bool] | None = None


_REGISTRY: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    """Add a page to a plane's menu (called from an app's `ready()`); idempotent."""
    if entry not in _REGISTRY:
        _REGISTRY.append(entry)


def tenant_navigation(tenant: object) -> list[dict[str, object]]:
    """The planes with their links for `tenant`, in the Model's order."""
    slug = getattr(tenant, "slug", "")
    planes = []
    for plane in PLANES:
        entries = sorted((e for e in _REGISTRY if e.plane == plane.number), key=lambda e: (e.order, str(e.label)))
        links = [
            {"label": e.label, "url": reverse(e.url_name, kwargs={"tenant_slug": slug})}
            for e in entries
            if e.visible is None or e.visible(tenant)
        ]
        planes.append({"plane": plane, "links": links})
    return planes
