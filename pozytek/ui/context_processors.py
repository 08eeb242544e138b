"""Values every page's layout needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pozytek.ui.navigation import tenant_navigation


def platform(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    return {
        "platform_name": settings.POZYTEK_PLATFORM_NAME,
        "tenant": tenant,
        "tenant_planes": tenant_navigation(tenant) if tenant is not None else [],
        # Lazy: only the full layout asks (a query); htmx fragments, e.g. every autosave, do not.
        "is_office_staff": SimpleLazyObject(
            lambda: bool(tenant is not None and user is not None and user.has_perm("tenants.view_office", tenant))
        ),
        "has_commission_seat": SimpleLazyObject(lambda: _has_commission_seat(user, tenant)),
    }


def _has_commission_seat(user: Any, tenant: Any) -> bool:
    """The person sits in a competition commission of this local government (link to the workspace)."""
    if tenant is None or user is None or not user.is_authenticated:
        return False
    from pozytek.evaluation.selectors import seats_of_user  # noqa: PLC0415 -- the layout's only evaluation read

    return seats_of_user(user, tenant).exists()
