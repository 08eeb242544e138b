"""Sections that other apps add to an organisation's public profile (e.g. the grants register's
cooperation history), so the directory never imports the apps above it.

An app registers its section in its `AppConfig.ready()`; the profile view renders each in order.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class ProfileSection:
    """`template` rendered with `context(organisation)`, at `order` among the profile's sections."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any]]
    order: int = 100


_SECTIONS: dict[str, ProfileSection] = {}


def register(section: ProfileSection) -> None:
    _SECTIONS[section.key] = section


def render_sections(organisation: Any, request: HttpRequest) -> list[SafeString]:
    """Each registered section's HTML for this organisation, in order."""
    return [
        render_to_string(section.template, section.context(organisation), request=request)
        for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    ]
