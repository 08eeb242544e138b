"""Values every page's layout needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pozytek.ui.navigation import tenant_navigation
from pozytek.ui.workspaces import workspace_links


def platform(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    return {
        "platform_name": settings.POZYTEK_PLATFORM_NAME,
        "tenant": tenant,
        # Lazy: pages with the full layout read it, htmx fragments (every autosave) do not.
        "tenant_planes": SimpleLazyObject(lambda: tenant_navigation(tenant) if tenant is not None else []),
        # Lazy: only the full layout asks (a query); htmx fragments, e.g. every autosave, do not.
        "is_office_staff": SimpleLazyObject(
            lambda: bool(tenant is not None and user is not None and user.has_perm("tenants.view_office", tenant))
        ),
        # Lazy too: the commissions' and councils' workspaces this person sits in (registered by their apps).
        "workspace_links": SimpleLazyObject(lambda: workspace_links(user, tenant)),
    }
