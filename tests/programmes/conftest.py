import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English (the msgids), whatever the Polish catalogue says."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
