"""The adopted programme says how it was consulted (art. 5a ust. 4 pkt 10) and carries the Public Benefit
Council's opinion (art. 5a ust. 2a) on its page, in its PDF and DOCX and in its open data; a council
silent past its deadline is named as having waived its opinion (art. 41i ust. 2)."""

import datetime as dt
import io
import json

import pytest
from django.utils import timezone
from django_scopes import scope
from docx import Document
from pypdf import PdfReader

from pozytek.councils.services.acts import record_opinion
from tests.consultations.consultation_helpers import end_period
from tests.programmes.test_lifecycle import adopt, consulted

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_adopted_programme_shows_its_consultation_and_the_councils_opinion(client, tenant, official):
    programme, council = consulted(tenant, official)
    end_period(programme.consultation)
    with scope(tenant=tenant):
        record_opinion(
            request=programme.opinion_request,
            actor=official,
            title="Opinia w sprawie projektu programu",
            text="Rada opiniuje projekt pozytywnie, z jedną uwagą do celu 2.",
            adopted_on=TODAY,
        )
        programme = adopt(programme, official)
    base = f"/{tenant.slug}/program-wspolpracy/{programme.pk}/"

    page = client.get(base).content.decode()
    data = json.loads(client.get(base + "dane.json").content)
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(base + "pdf/").content)).pages)
    docx = "\n".join(p.text for p in Document(io.BytesIO(client.get(base + "docx/").content)).paragraphs)

    assert f'href="/{tenant.slug}/konsultacje/{programme.consultation_id}/"' in page
    assert "Rada opiniuje projekt pozytywnie, z jedną uwagą do celu 2." in page
    assert f"Opinion of {council.name} no. 1/{TODAY.year}" in page
    assert data["consultation"]["title"] == programme.consultation.title
    assert (data["council_opinion"]["number"], data["council_opinion"]["body"]) == (f"1/{TODAY.year}", council.name)
    assert "z jedną uwagą do celu 2." in pdf.replace("\n", " ")
    assert "z jedną uwagą do celu 2." in docx


def test_a_council_silent_past_its_deadline_waived_its_opinion(client, tenant, official):
    programme, council = consulted(tenant, official, delivered_on=TODAY - dt.timedelta(days=40))
    end_period(programme.consultation)
    with scope(tenant=tenant):
        programme = adopt(programme, official)

    page = client.get(f"/{tenant.slug}/program-wspolpracy/{programme.pk}/").content.decode()

    assert f"{council.name} was asked for its opinion by" in page
    assert "the right to give it was waived (art. 41i ust. 2)" in page
