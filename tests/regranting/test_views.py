"""Regranting through its pages: the office names an operator; the operator's keeper opens a call; a
resident applies; the committee scores; the keeper awards (a micro-grant outside the pool is refused with
the message on the page, the form kept, nothing saved), signs and prints the agreement; the public page and
the office's read-only page list the micro-grants. Lists take the same number of queries for few and many."""

import io
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from pozytek.core.money import amount_in_words, format_amount
from pozytek.regranting.models import Application, MicroGrant, Operator, SubCall
from pozytek.regranting.states import ApplicationState, MicroGrantState, SubCallState
from tests.conftest import login_with_mfa
from tests.factories.accounts import UserFactory
from tests.regranting.regranting_helpers import (
    apply,
    award,
    awarded_world,
    closed,
    committee_member,
    fresh,
    micro_grant_of,
    open_call,
    operator_for,
    score,
    signed_agreement,
)


def url(name: str, tenant, **kwargs) -> str:
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def test_the_office_names_an_operator_with_its_pool(client, tenant, official):
    agreement, _keeper = signed_agreement(tenant, official)
    login_with_mfa(client, official)
    too_much = client.post(url("regranting_office:list", tenant), {"agreement": agreement.pk, "pool": "9 000,01"})
    assert too_much.status_code == 400
    with scopes_disabled():
        assert not Operator.objects.exists()
    response = client.post(url("regranting_office:list", tenant), {"agreement": agreement.pk, "pool": "6 000,00"})
    with scopes_disabled():
        operator = Operator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("regranting_office:operator", tenant, pk=operator.pk)
    assert operator.pool == Decimal("6000.00")


def test_the_keeper_opens_a_call_and_a_resident_applies(client, tenant, official):
    operator, keeper = operator_for(tenant, official)
    client.force_login(keeper)
    data = {
        "title": "Mikrogranty sąsiedzkie",
        "rules": "Do 2 000 zł.",
        "deadline": (timezone.localtime() + timezone.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "pool_share": "7000",
        "max_grant": "2000",
    }
    over = client.post(url("regranting_operator:sub_call_new", tenant, operator=operator.pk), data)
    assert over.status_code == 400  # 7 000 zł of a 6 000 zł pool
    created = client.post(
        url("regranting_operator:sub_call_new", tenant, operator=operator.pk), {**data, "pool_share": "4000"}
    )
    with scopes_disabled():
        sub_call = SubCall.objects.get()
    assert created.status_code == 302 and sub_call.state == SubCallState.DRAFT
    page = url("regranting_operator:sub_call", tenant, operator=operator.pk, pk=sub_call.pk)
    assert client.post(page, {"action": "publish"}).status_code == 302
    with scopes_disabled():
        assert SubCall.objects.get().state == SubCallState.PUBLISHED

    resident = UserFactory(full_name="Anna Sąsiedzka")
    client.force_login(resident)
    apply_url = url("regranting:apply", tenant, operator=operator.pk, pk=sub_call.pk)
    form = {
        "kind": "group",
        "leader_name": "Anna Sąsiedzka",
        "group_name": "Sąsiedzi z Zatorza",
        "member_names": "Anna Sąsiedzka",
        "title": "Ogród na podwórku",
        "description": "Grządki i ławki.",
        "amount": "1 500,00",
    }
    missing = client.post(apply_url, form)
    assert missing.status_code == 400
    assert escape(gettext("Name at least two members of the group, one per line.")) in missing.content.decode()
    assert client.post(apply_url, {**form, "member_names": "Anna Sąsiedzka\nJan Kowal"}).status_code == 302
    with scopes_disabled():
        application = Application.objects.get()
    assert application.leader == resident and application.amount_requested == Decimal("1500.00")


def test_a_micro_grant_outside_the_pool_is_refused_on_the_page_and_nothing_is_saved(client, tenant, official):
    operator, keeper = operator_for(tenant, official, pool="3000.00")
    sub_call = open_call(operator, keeper, share="3000.00", max_grant="3000.00")
    first, second = apply(sub_call, amount="2500.00"), apply(sub_call, amount="1000.00", title="Kino")
    closed(sub_call, keeper)
    award(first, keeper, "2500.00")
    client.force_login(keeper)
    page = url("regranting_operator:application", tenant, operator=operator.pk, pk=second.pk)
    response = client.post(page, {"action": "decide", "award": "yes", "amount": "1000", "reason": "Dobry."})
    assert response.status_code == 400
    with translation.override("pl"):
        message = gettext("The operator's pool (%(pool)s) has %(left)s left; this micro-grant needs %(amount)s.") % {
            "pool": format_amount(Decimal("3000.00"), currency=True),
            "left": format_amount(Decimal("500.00"), currency=True),
            "amount": format_amount(Decimal("1000.00"), currency=True),
        }
    text = response.content.decode()
    assert escape(message) in text
    assert 'name="reason"' in text and "Dobry." in text  # the form is kept
    assert fresh(second).state == ApplicationState.SUBMITTED
    with scopes_disabled():
        assert MicroGrant.objects.count() == 1


def test_the_committee_scores_and_the_keeper_awards_signs_and_prints(client, tenant, official):
    from pypdf import PdfReader

    operator, keeper = operator_for(tenant, official)
    member = committee_member(operator, keeper)
    sub_call = open_call(operator, keeper)
    application = apply(sub_call, amount="2500.00")
    closed(sub_call, keeper)
    page = url("regranting_operator:application", tenant, operator=operator.pk, pk=application.pk)
    client.force_login(member)
    assert client.post(page, {"action": "score", "points": "101"}).status_code == 400
    assert client.post(page, {"action": "score", "points": "90", "comment": "Świetny"}).status_code == 302
    refused = client.post(page, {"action": "decide", "award": "yes", "amount": "2500", "reason": "x"})
    assert refused.status_code == 302  # a committee member cannot decide: told on the page
    assert fresh(application).state == ApplicationState.SUBMITTED

    client.force_login(keeper)
    assert (
        client.post(page, {"action": "decide", "award": "yes", "amount": "2500", "reason": "90 pkt"}).status_code == 302
    )
    grant = micro_grant_of(application)
    grant_page = url("regranting_operator:micro_grant", tenant, operator=operator.pk, pk=grant.pk)
    today = timezone.localdate().isoformat()
    assert client.post(grant_page, {"action": "sign", "signed_on": today}).status_code == 302
    assert micro_grant_of(application).state == MicroGrantState.SIGNED
    settle = client.post(grant_page, {"action": "settle", "amount_spent": "2000", "amount_returned": "100"})
    assert settle.status_code == 400
    assert micro_grant_of(application).state == MicroGrantState.SIGNED

    pdf = client.get(url("regranting_operator:agreement_pdf", tenant, operator=operator.pk, pk=grant.pk))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert tuple(round(float(v)) for v in reader.pages[0].mediabox[2:]) == (595, 842)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert amount_in_words(Decimal("2500.00")) in text
    assert grant.number in text and "16a" in text


def test_the_public_and_the_office_see_the_micro_grants_under_the_operators_agreement(client, tenant, official):
    operator, keeper = operator_for(tenant, official)
    sub_call = open_call(operator, keeper)
    application = apply(sub_call, amount="2500.00")
    closed(sub_call, keeper)
    award(application, keeper, "2500.00", reason="Najwyżej oceniony projekt.")
    grant = micro_grant_of(application)
    public = client.get(url("regranting:operator", tenant, operator=operator.pk)).content.decode()
    assert grant.number in public and "Sąsiedzi z Zatorza" in public
    with scopes_disabled():
        assert operator.agreement.number in public
    login_with_mfa(client, official)
    office = client.get(url("regranting_office:operator", tenant, pk=operator.pk)).content.decode()
    assert grant.number in office and "Najwyżej oceniony projekt." in office
    assert "<form" not in office.split("<main", 1)[1].split("</main>", 1)[0]  # read-only: no form in the page


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_lists_take_the_same_queries_for_few_and_many_records(tenant, official):
    operator, keeper = operator_for(tenant, official, pool="9000.00")
    member = committee_member(operator, keeper)
    sub_call = open_call(operator, keeper, share="9000.00", max_grant="3000.00")
    applications = [apply(sub_call, amount="1000.00", title=f"Projekt {n}") for n in range(4)]
    closed(sub_call, keeper)
    score(applications[0], member, 50)
    award(applications[0], keeper, "1000.00")
    office, operator_side = Client(), Client()
    login_with_mfa(office, official)
    operator_side.force_login(keeper)
    pages = [
        (office, url("regranting:operator", tenant, operator=operator.pk)),
        (office, url("regranting:list", tenant)),
        (office, url("regranting_office:operator", tenant, pk=operator.pk)),
        (operator_side, url("regranting_operator:home", tenant, operator=operator.pk)),
        (operator_side, url("regranting_operator:sub_call", tenant, operator=operator.pk, pk=sub_call.pk)),
    ]
    few = [_queries(client, path) for client, path in pages]
    for application in applications[1:]:
        score(application, member, 60)
        award(application, keeper, "1000.00")
    assert [_queries(client, path) for client, path in pages] == few


def test_the_keeper_and_the_committee_find_their_workspace_from_the_public_pages(client, tenant, official):
    operator, keeper = operator_for(tenant, official)
    member = committee_member(operator, keeper)
    workspace = url("regranting_operator:home", tenant, operator=operator.pk)
    for person in (keeper, member):
        client.force_login(person)
        assert workspace in client.get(url("regranting:list", tenant)).content.decode()
        assert workspace in client.get(url("regranting:operator", tenant, operator=operator.pk)).content.decode()
    client.force_login(UserFactory())
    assert workspace not in client.get(url("regranting:list", tenant)).content.decode()
    assert workspace not in client.get(url("regranting:operator", tenant, operator=operator.pk)).content.decode()


def test_the_grants_register_lists_the_micro_grants_under_the_operators_grant(client, tenant, official):
    world = awarded_world(tenant, official)
    grant = world["micro_grant"]
    with scopes_disabled():
        register_grant_id = world["operator"].agreement.grant_id
    page = client.get(url("grants:register", tenant)).content.decode()
    row = page.split(f'id="grant-{register_grant_id}"', 1)[1].split('id="grant-', 1)[0]
    assert 'class="sub-grants"' in row
    assert grant.number in row and grant.recipient in row
    assert format_amount(grant.amount) in row or str(grant.amount) in row
    # The register's totals and exports stay those of the grants themselves (the micro-grant is inside one).
    csv = b"".join(client.get(url("grants:register_csv", tenant)).streaming_content).decode()
    assert grant.number not in csv
