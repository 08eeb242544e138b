"""The home pages describe only the modules that are registered in the navigation (nothing promised)."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from pozytek.ui import navigation
from pozytek.ui.navigation import NavEntry

pytestmark = pytest.mark.integration

# Words of modules the platform does not have (small grants, local initiatives, trainings, premises,
# volunteering): the home page must not mention them unless such a module is registered.
# Modules still to come (issues 19 and 20): trainings, premises, volunteering.
NOT_BUILT = ("szkolen", "lokale", "wolontari")


def page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).lower()


def test_tenant_home_lists_every_registered_module_with_its_description(client, tenant):
    html = client.get("/testowo/").content.decode()

    with translation.override("pl"):
        for entry in navigation._REGISTRY:
            assert f">{entry.label}</a>" in html
            assert entry.description is not None
            assert str(entry.description) in html


def test_tenant_home_promises_no_module_that_is_not_registered(client, tenant):
    text = page_text(client.get("/testowo/").content.decode())

    assert [word for word in NOT_BUILT if word in text] == []


def test_a_module_appears_on_the_home_pages_once_it_is_registered(client, tenant, monkeypatch):
    entry = NavEntry(
        plane=2,
        label=gettext_lazy("Wolontariat"),
        description=gettext_lazy("Oferty wolontariatu i zgłoszenia mieszkańców."),
        url_name="tenants:contact",
        order=20,
    )
    monkeypatch.setattr(navigation, "_REGISTRY", [*navigation._REGISTRY, entry])

    tenant_home = client.get("/testowo/").content.decode()
    platform_home = client.get("/").content.decode()

    assert "Wolontariat" in tenant_home
    assert "Oferty wolontariatu i zgłoszenia mieszkańców." in tenant_home
    assert "Wolontariat" in platform_home


def test_platform_home_names_the_registered_sections_and_promises_nothing_else(client, tenant):
    html = client.get("/").content.decode()

    with translation.override("pl"):
        for entry in navigation._REGISTRY:
            assert str(entry.label) in html
    assert [word for word in NOT_BUILT if word in page_text(html)] == []
