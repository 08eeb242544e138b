"""Tenant scoping fails loudly and never shows one municipality another's data."""

from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.test import override_settings
from django_scopes import ScopeError, scope, scopes_disabled

from pozytek.accounts.models import Membership
from pozytek.competitions.models import Criterion
from pozytek.core.models import TenantOwnedModel
from pozytek.tenants.middleware import TenantScopeMiddleware
from pozytek.tenants.models import District, Tenant
from pozytek.tenants.states import TenantState
from tests.factories.competitions import PublishedCallFactory
from tests.factories.tenants import DistrictFactory, TenantFactory

pytestmark = pytest.mark.integration


def test_query_on_tenant_owned_model_without_scope_raises(tenant):
    with scopes_disabled():
        DistrictFactory(tenant=tenant)

    with pytest.raises(ScopeError):
        list(District.objects.all())
    with pytest.raises(ScopeError):
        Membership.objects.count()


def test_scoped_query_returns_only_the_tenants_rows(tenant, other_tenant):
    with scopes_disabled():
        mine = DistrictFactory(tenant=tenant, name="Jeżyce")
        DistrictFactory(tenant=other_tenant, name="Wilda")

    with scope(tenant=tenant):
        assert list(District.objects.all()) == [mine]


def test_tenant_page_shows_only_its_own_districts(client, tenant, other_tenant):
    with scopes_disabled():
        DistrictFactory(tenant=tenant, name="Jeżyce")
        DistrictFactory(tenant=other_tenant, name="Wilda-Inna")

    response = client.get(f"/{tenant.slug}/")

    assert response.status_code == 200
    assert "Jeżyce" in response.content.decode()
    assert "Wilda-Inna" not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/no-such-gmina/", "/no-such-gmina/kontakt/", "/no-such-gmina/urzad/", "/no-such-gmina/kontakt.pdf"]
)
def test_unknown_tenant_slug_gives_polish_404(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()


@pytest.mark.parametrize("state", [TenantState.DRAFT, TenantState.SUSPENDED])
def test_unpublished_tenant_is_hidden_from_the_public(client, db, state):
    hidden = TenantFactory(state=state)

    assert client.get(f"/{hidden.slug}/").status_code == 404
    assert hidden.name not in client.get("/").content.decode()


def test_unpublished_tenant_is_previewable_by_platform_admin(client, platform_admin):
    hidden = TenantFactory(state=TenantState.DRAFT)
    client.force_login(platform_admin)

    response = client.get(f"/{hidden.slug}/")

    assert response.status_code == 200
    assert hidden.name in response.content.decode()


@override_settings(POZYTEK_SINGLE_TENANT="testowo")
def test_single_tenant_installation_sends_root_to_its_tenant(client, tenant):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/testowo/"


# Every model is tenant-scoped or declared platform-wide -------------------------------------------------

# Shared by every local government (ARCHITECTURE.md, "Tenancy"): unscoped on purpose. A new model that is
# neither scoped nor listed here fails `test_a_model_is_scoped_or_declared_platform_wide`.
PLATFORM_WIDE = {
    "agenda.CalendarToken",  # one per person, across the municipalities; read by its owner or its secret
    "accounts.User",
    "core.AuditEvent",  # tenant optional (platform events); read through core.selectors with an explicit tenant
    "legal.LegalForm",
    "legal.LegalParameter",  # national rows and a tenant's own; read with legal_value(…, tenant=…)
    "legal.SphereOfPublicTasks",
    "organisations.Invitation",
    "organisations.Organisation",
    "organisations.OrganisationMember",
    "organisations.ProfileChange",
    "organisations.SearchTerm",
    "tenants.Tenant",
}


def project_models() -> list[type[models.Model]]:
    return [m for m in django_apps.get_models() if m.__module__.startswith("pozytek.")]


def label(model: type[models.Model]) -> str:
    return model._meta.label


SCOPED = [m for m in project_models() if label(m) not in PLATFORM_WIDE]


@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_a_query_on_a_tenant_owned_model_without_a_scope_raises(db, model):
    with pytest.raises(ScopeError):
        model._default_manager.count()
    with pytest.raises(ScopeError):
        list(model._default_manager.all())


@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_a_query_on_a_tenant_owned_model_in_a_scope_is_filtered_by_the_tenant(db, tenant, model):
    with scope(tenant=tenant):
        sql = str(model._default_manager.all().query)

    assert '"tenant_id" =' in sql or "tenant_id` =" in sql


def test_every_tenant_owned_model_is_scoped():
    tenant_owned = {label(m) for m in project_models() if issubclass(m, TenantOwnedModel)}

    assert tenant_owned
    assert tenant_owned <= {label(m) for m in SCOPED}


@pytest.mark.parametrize("model", project_models(), ids=label)
def test_a_model_is_scoped_or_declared_platform_wide(model):
    """A row with a required tenant, or a child of a tenant-owned row, is never platform-wide."""
    if label(model) not in PLATFORM_WIDE:
        return
    tenant = next((f for f in model._meta.fields if f.name == "tenant"), None)
    assert tenant is None or tenant.null, f"{label(model)} has a required tenant but is listed as platform-wide"
    for field in model._meta.fields:
        if field.is_relation and field.related_model is not None and label(field.related_model) not in PLATFORM_WIDE:
            assert field.related_model is Tenant or field.null, (
                f"{label(model)} belongs to the tenant-owned {label(field.related_model)}"
            )


def test_a_child_row_is_never_read_in_another_tenants_scope(tenant, other_tenant):
    call = PublishedCallFactory(tenant=tenant)
    with scopes_disabled():
        criterion = call.criteria.create(name="Jakość", max_points=10)

    with scope(tenant=other_tenant):
        assert list(Criterion.objects.all()) == []
        assert Criterion.objects.filter(pk=criterion.pk).first() is None
    with scope(tenant=tenant):
        assert criterion in Criterion.objects.all()


# Pages outside tenant URLs run with no tenant scope at all --------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/moje-organizacje/", "/moje-organizacje/oferty/", "/konto/profil/", "/api/v1/grants/"]
)
def test_a_platform_page_runs_without_a_tenant_scope(rf, db, path):
    """Not `scope(tenant=None)`, which filters nothing: a forgotten filter would list every tenant's rows."""
    seen = []

    def view(request):
        seen.append(request.path)
        return District.objects.count()

    with pytest.raises(ScopeError):
        TenantScopeMiddleware(view)(rf.get(path))
    assert seen == [path]


def test_the_admin_runs_with_scopes_disabled(rf, tenant, other_tenant):
    with scopes_disabled():
        DistrictFactory(tenant=tenant)
        DistrictFactory(tenant=other_tenant)

    assert TenantScopeMiddleware(lambda request: District.objects.count())(rf.get("/admin/")) == 2


def test_a_tenant_page_runs_in_its_tenant_scope(rf, tenant, other_tenant):
    with scopes_disabled():
        mine = DistrictFactory(tenant=tenant)
        DistrictFactory(tenant=other_tenant)

    request = rf.get(f"/{tenant.slug}/")
    request.user = AnonymousUser()

    found = TenantScopeMiddleware(lambda request: list(District.objects.all()))(request)

    assert found == [mine]


def test_no_view_disables_scopes_or_activates_an_empty_scope():
    """Crossing tenants is a named selector's job; `scope(tenant=None)` would filter nothing."""
    root = Path(__file__).resolve().parents[2] / "pozytek"
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        in_views = "views" in path.relative_to(root).parts or path.name == "views.py"
        if "with scope(tenant=None" in text or (in_views and "scopes_disabled" in text):
            offenders.append(str(path.relative_to(root)))

    assert offenders == []
