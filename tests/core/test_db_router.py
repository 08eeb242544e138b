"""The read-replica router against a real second alias: "replica" mirrors the test database through a
connection of its own (config/settings_test.py), so every query shows on the connection that ran it.

Transactional tests: the replica's connection sees only committed rows, as a real replica would.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.competitions.models import Call
from pozytek.core.db_router import read_from_replica
from pozytek.evaluation.services.decision import record_decision
from pozytek.grants import exports
from pozytek.grants.models import Grant
from pozytek.organisations.models import Organisation
from pozytek.tenants.models import Tenant
from tests.evaluation.decision_helpers import closed_call, closed_commission
from tests.factories.competitions import PublishedCallFactory
from tests.factories.organisations import OrganisationFactory
from tests.grants.register_helpers import register_rows
from tests.programmes.report_helpers import adopted_programme, published_report

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]

replica_on = override_settings(POZYTEK_READ_REPLICA="replica")
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|COPY \S+ FROM)\b", re.IGNORECASE)
# What an anonymous public request still reads from the primary, outside the view: the middleware's
# tenant, and the session and the cache when there are any.
PRIMARY_TABLES = ("tenants_tenant", "django_session", "pozytek_cache")
RESULTS = ("results", "results_pdf", "results_csv", "results_json")
REPORT = ("report", "report_pdf", "report_docx", "report_json")


@pytest.fixture
def data(tenant, other_tenant):
    register = register_rows(tenant, other_tenant)
    OrganisationFactory(listed_in=tenant, name="Klub Seniora Wrzos")
    PublishedCallFactory(tenant=tenant, title="Kultura 2027", number="8/2027")
    return register


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@dataclass
class Seen:
    primary: list[str]  # the SQL Django logged on each connection
    replica: list[str]
    replica_cursors: int  # cursors opened on the replica (PostgreSQL's COPY, grants CSV, is not logged)
    content: bytes


def get_on_both(client, url: str) -> Seen:
    """GET the page and read it all (a streamed body is read after the view returns): what each
    connection ran meanwhile."""
    replica_connection = connections["replica"]
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(replica_connection) as replica,
        mock.patch.object(replica_connection, "cursor", wraps=replica_connection.cursor) as cursor,
        mock.patch.object(replica_connection, "chunked_cursor", wraps=replica_connection.chunked_cursor) as chunked,
    ):
        response = client.get(url)
        content = body(response)
    assert response.status_code == 200, content[:500]
    return Seen(
        primary=[q["sql"] for q in primary.captured_queries],
        replica=[q["sql"] for q in replica.captured_queries],
        replica_cursors=cursor.call_count + chunked.call_count,
        content=content,
    )


# The transaction around a cache write (the directory caches its filters' choices).
TRANSACTION = re.compile(r"^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b")


def not_primary_tables(sql: list[str]) -> list[str]:
    """The statements that touched a table other than those always read on the primary."""
    return [
        statement
        for statement in sql
        if not TRANSACTION.match(statement) and not any(f'"{table}"' in statement for table in PRIMARY_TABLES)
    ]


def public_urls(tenant: Tenant) -> dict[str, str]:
    slug = {"tenant_slug": tenant.slug}
    return {
        "grants register": reverse("grants:register", kwargs=slug),
        "grants CSV": reverse("grants:register_csv", kwargs=slug),
        "grants JSON": reverse("grants:register_json", kwargs=slug),
        "grants XLSX": reverse("grants:register_xlsx", kwargs=slug),
        "directory search": reverse("organisations:directory", kwargs=slug) + "?q=klub",
        "directory CSV": reverse("organisations_open_data:csv", kwargs=slug),
        "directory JSON": reverse("organisations_open_data:json", kwargs=slug),
        "directory statistics": reverse("organisations_stats:statistics", kwargs=slug),
        "calls": reverse("competitions:list", kwargs=slug),
    }


@pytest.mark.parametrize(
    "page",
    [
        "grants register",
        "grants CSV",
        "grants JSON",
        "grants XLSX",
        "directory search",
        "directory CSV",
        "directory JSON",
        "directory statistics",
        "calls",
    ],
)
@replica_on
def test_public_pages_and_exports_read_from_the_replica(client, tenant, data, page):
    seen = get_on_both(client, public_urls(tenant)[page])
    assert seen.replica_cursors, "the view read nothing from the replica"
    assert not [sql for sql in seen.replica if WRITE.match(sql)]
    assert not not_primary_tables(seen.primary)
    assert seen.content


@pytest.fixture
def outcomes(tenant, official):
    """A resolved call (results published) and a published realisation report of the programme."""
    data = closed_call(tenant, requested=("9000.00", "8000.00"), titles=("Liga podwórkowa", "Szachy w szkole"))
    closed_commission(data, {0: "9000", 1: "0"})
    with scope(tenant=tenant):
        record_decision(
            call=data.call,
            actor=official,
            number="ZAR/5/2027",
            date=timezone.localdate(),
            note="",
            amounts={data.offers[0].pk: Decimal("9000"), data.offers[1].pk: Decimal("0")},
            reasons={data.offers[0].pk: "", data.offers[1].pk: "Za mało punktów."},
        )
    with scopes_disabled():  # test data: the formal results published, as the office's page does
        Call.objects.filter(pk=data.call.pk).update(formal_results_published_at=timezone.now())
    report = published_report(tenant, official, adopted_programme(tenant, official))
    return data.call, report


@replica_on
def test_results_and_the_programme_report_read_from_the_replica(client, tenant, outcomes):
    call, report = outcomes
    results = {"tenant_slug": tenant.slug, "call_pk": call.pk}
    urls = [reverse(f"evaluation_public_results:{name}", kwargs=results) for name in RESULTS]
    urls.append(reverse("evaluation_public_formal:results", kwargs=results))
    urls += [reverse(f"programmes:{name}", kwargs={"tenant_slug": tenant.slug, "report": report.pk}) for name in REPORT]
    for url in urls:
        seen = get_on_both(client, url)
        assert seen.replica, url
        assert not [sql for sql in seen.replica if WRITE.match(sql)], url
        assert not not_primary_tables(seen.primary), url


@replica_on
def test_the_streamed_csv_is_read_from_the_replica_while_it_is_sent(client, tenant, data, monkeypatch):
    chosen: list[str] = []

    class Recorded:
        """The export's `connections`, noting the alias it reads from (COPY on PostgreSQL, rows on SQLite)."""

        def __getitem__(self, alias: str):
            chosen.append(alias)
            return connections[alias]

    monkeypatch.setattr(exports, "connections", Recorded())
    seen = get_on_both(client, public_urls(tenant)["grants CSV"])
    assert chosen and set(chosen) == {"replica"}
    assert not any('"grants_grant"' in sql for sql in seen.primary)
    if connections["replica"].vendor != "postgresql":
        assert any('"grants_grant"' in sql for sql in seen.replica)
    text = seen.content.decode("utf-8")
    for grant in data.published:
        assert grant.task_title in text
    assert data.unpublished.task_title not in text


def test_without_the_setting_nothing_reaches_the_replica(client, tenant, data):
    for url in public_urls(tenant).values():
        assert get_on_both(client, url).replica_cursors == 0, url
    with read_from_replica():
        assert router.db_for_read(Organisation) == "default"
        assert router.db_for_write(Organisation) == "default"


@replica_on
def test_a_signed_in_person_reads_from_the_primary(client, tenant, data, resident):
    client.force_login(resident)
    for url in public_urls(tenant).values():
        assert get_on_both(client, url).replica_cursors == 0, url


@replica_on
def test_a_post_to_a_decorated_view_stays_on_the_primary(client, tenant, data):
    url = public_urls(tenant)["grants register"]
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.post(url, {})
    assert response.status_code == 200
    assert replica.captured_queries == []


@replica_on
def test_writes_go_to_the_primary_and_pin_the_reads_that_follow(tenant):
    organisation = OrganisationFactory(listed_in=tenant, name="Fundacja Pierwotna")
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
        read_from_replica(),
    ):
        read = Organisation.objects.get(pk=organisation.pk)
        assert read._state.db == "replica"
        assert len(replica.captured_queries) == 1
        assert primary.captured_queries == []
        # Saving a row read from the replica writes it to the primary (never back where it came from) ...
        read.name = "Fundacja Zmieniona"
        read.save(update_fields=["name"])
        # ... and every read after a write in the same context goes to the primary (read-your-writes).
        assert Organisation.objects.get(pk=organisation.pk).name == "Fundacja Zmieniona"
        created = Organisation.objects.create(name="Fundacja Nowa", legal_form=organisation.legal_form)
        assert created._state.db == "default"
    assert len(replica.captured_queries) == 1
    assert not [q for q in replica.captured_queries if WRITE.match(q["sql"])]
    assert any(WRITE.match(q["sql"]) for q in primary.captured_queries)


@replica_on
def test_select_for_update_is_routed_as_a_write(tenant):
    organisation = OrganisationFactory(listed_in=tenant)
    with read_from_replica():
        assert Organisation.objects.filter(pk=organisation.pk).db == "replica"
        assert Organisation.objects.select_for_update().filter(pk=organisation.pk).db == "default"
    with (
        read_from_replica(),
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
        transaction.atomic(),
    ):
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        assert locked._state.db == "default"
        # A read inside a transaction on the primary stays with it.
        assert Organisation.objects.get(pk=organisation.pk)._state.db == "default"
    assert replica.captured_queries == []
    if connections["default"].features.has_select_for_update:  # SQLite has no FOR UPDATE clause
        assert any("FOR UPDATE" in q["sql"] for q in primary.captured_queries)


@replica_on
def test_sessions_and_the_cache_are_always_read_from_the_primary(tenant):
    from django.contrib.sessions.models import Session
    from django.core.cache import cache

    cache.set("replica-test", "fresh")
    with read_from_replica(), CaptureQueriesContext(connections["replica"]) as replica:
        assert router.db_for_read(Session) == "default"
        assert cache.get("replica-test") == "fresh"
    assert replica.captured_queries == []


@replica_on
def test_relations_across_the_two_aliases_are_allowed(tenant):
    organisation = OrganisationFactory(listed_in=tenant)
    call = PublishedCallFactory(tenant=tenant)
    with read_from_replica(), scopes_disabled():
        from_replica = Organisation.objects.get(pk=organisation.pk)
        grant = Grant(tenant=tenant, organisation=from_replica, call=call)
    assert grant.organisation_id == organisation.pk
    assert router.allow_relation(from_replica, call) is True


@pytest.mark.parametrize("enabled", ["", "replica"])
def test_migrations_run_only_on_the_primary(enabled):
    with override_settings(POZYTEK_READ_REPLICA=enabled):
        assert router.allow_migrate("default", "grants") is True
        assert router.allow_migrate("replica", "grants") is False
        assert router.allow_migrate_model("replica", Grant) is False
