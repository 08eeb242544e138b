"""Test data for annexes: a signed agreement (the agreement helpers' offer: I.1.1 8000, I.1.2 2000, II.1 500,
grant 9000, own 1500, a 10% allowed shift) and a member of its organisation; request data."""

import datetime as dt

from django.urls import reverse
from django_scopes import scope, scopes_disabled

from pozytek.agreements.models import Agreement, Annex
from pozytek.agreements.selectors_terms import terms_in_force
from pozytek.agreements.services.annexes import approve_annex, request_annex
from tests.agreements.agreement_helpers import awarded_grant, member_of, signed

JUSTIFICATION = "Trener zachorował; zajęcia przesuwamy, a koszt sali rośnie."
# Beyond the allowed 10%: the hall (I.1.2) rises by 25%, the coach (I.1.1) falls by the same 500 PLN.
SHIFT = {"I.1.1": "7500.00", "I.1.2": "2500.00", "II.1": "500.00"}


def signed_case(tenant, official):
    """(agreement, member): a signed agreement and a user who keeps its organisation."""
    grant = awarded_grant(tenant, official)
    agreement = signed(grant, official)
    return fresh(agreement), member_of(grant)


def fresh(agreement: Agreement) -> Agreement:
    with scopes_disabled():
        return Agreement.objects.select_related("tenant", "offer", "offer__call", "version", "grant").get(
            pk=agreement.pk
        )


def lines(**changes: str) -> dict[str, str]:
    """Every cost line at its agreed value, with `changes` by number ("I_1_2" for I.1.2)."""
    values = dict(SHIFT, **{"I.1.1": "8000.00", "I.1.2": "2000.00"})
    values.update({key.replace("_", "."): value for key, value in changes.items()})
    return values


def request(agreement: Agreement, member, **overrides) -> Annex:
    data = {
        "justification": JUSTIFICATION,
        "start_date": None,
        "end_date": None,
        "lines": dict(SHIFT),
        "results": [],
        "other_changes": "",
    }
    data.update(overrides)
    return request_annex(agreement=agreement, actor=member, **data)


def approved(agreement: Agreement, member, official, **overrides) -> Annex:
    annex = request(agreement, member, **overrides)
    with scope(tenant=agreement.tenant):
        return approve_annex(annex=annex, actor=official)


def terms(agreement: Agreement):
    return terms_in_force(fresh(agreement))


def form_data(agreement: Agreement, **overrides) -> dict[str, str]:
    """The request form's POST: every line at its value in `SHIFT` (fields line_0…), dates unchanged."""
    current = terms(agreement)
    data = {
        "justification": JUSTIFICATION,
        "start_date": current.start_date.isoformat(),
        "end_date": current.end_date.isoformat(),
        "other_changes": "",
    }
    for index, line in enumerate(current.lines):
        data[f"line_{index}"] = SHIFT.get(line.number, f"{line.planned:.2f}")
    data.update(overrides)
    return data


def member_url(name: str, agreement: Agreement, **kwargs) -> str:
    return reverse(f"agreements_member:{name}", kwargs={"pk": agreement.pk, **kwargs})


def office_url(name: str, agreement: Agreement, *, tenant=None, **kwargs) -> str:
    slug = (tenant or agreement.tenant).slug
    if name == "annexes":
        return reverse("agreements_office:annexes", kwargs={"tenant_slug": slug})
    return reverse(f"agreements_office:{name}", kwargs={"tenant_slug": slug, "pk": agreement.pk, **kwargs})


def two_weeks_earlier(agreement: Agreement) -> dt.date:
    return fresh(agreement).end_date - dt.timedelta(days=14)
