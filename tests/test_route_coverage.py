"""Every route of the platform is in some app's permission matrix (tests/<app>/test_permission_matrix.py).

Each matrix lists the URL names it covers in `COVERED_URL_NAMES`; a new route that no matrix covers
fails here, so nobody ships a page whose access nobody has tabulated.
"""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

TESTS = Path(__file__).resolve().parent

# Routes that are not ours to tabulate: Django's admin (platform administrators, its own permission
# system), allauth's account pages (sign-in, sign-up, password, two-step: tested in tests/accounts),
# the language switch, the health and readiness checks and the development media server.
THIRD_PARTY_MODULES = ("django.", "allauth.")
NOT_TABULATED = {"health", "ready", "set_language"}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            module = getattr(entry.callback, "__module__", "") or ""
            view_class = getattr(entry.callback, "view_class", None)
            if view_class is not None:
                module = view_class.__module__
            if module.startswith(THIRD_PARTY_MODULES):
                continue
            # A pattern without a name is listed by its pattern, so it cannot hide (tests/matrix_support.py).
            yield f"{namespace}{entry.name or f'<unnamed {entry.pattern}>'}"


def platform_url_names() -> set[str]:
    return {name for name in _walk(get_resolver().url_patterns) if name not in NOT_TABULATED}


def covered_url_names() -> set[str]:
    covered: set[str] = set()
    for path in sorted(TESTS.glob("*/test_permission_matrix.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.test_permission_matrix")
        covered |= set(module.COVERED_URL_NAMES)
    return covered


@pytest.mark.unit
def test_every_route_of_the_platform_is_in_a_permission_matrix():
    missing = sorted(platform_url_names() - covered_url_names())
    assert missing == []


@pytest.mark.unit
def test_the_matrices_name_only_routes_that_exist():
    assert sorted(covered_url_names() - platform_url_names()) == []
