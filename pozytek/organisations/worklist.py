"""What the directory puts on the office dashboard (core.worklist): claims of profiles and profile changes
awaiting an official, organisations whose data no office has verified, imports not finished. Office staff
only (`tenants.view_office`, the permission of the verification queue and the import pages)."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.core.worklist import MAX_ENTRIES, WorkEntry, WorkItem, WorkSource, register_source
from pozytek.organisations.selectors import (
    imports_in_progress,
    pending_changes_for,
    pending_claims,
    unverified_organisations,
)

PERMISSION = "tenants.view_office"


def office_items(tenant: Any, user: Any) -> Sequence[WorkItem]:
    """Eight queries: a count and the first few of each kind."""
    if not user.has_perm(PERMISSION, tenant):
        return []
    queue = reverse("organisations_office:queue", kwargs={"tenant_slug": tenant.slug})
    claims = pending_claims(tenant)
    changes = pending_changes_for(tenant)
    unverified = unverified_organisations(tenant)
    imports = imports_in_progress(tenant)
    return [
        WorkItem(
            kind="claims",
            label=_("Claims of profiles to decide"),
            count=claims.count(),
            url=queue,
            entries=tuple(
                WorkEntry(title=claim.organisation.name, url=queue, context=str(claim.user))
                for claim in claims[:MAX_ENTRIES]
            ),
        ),
        WorkItem(
            kind="profile-changes",
            label=_("Profile changes to verify"),
            count=changes.count(),
            url=queue,
            entries=tuple(
                WorkEntry(title=change.organisation.name, url=queue, context=str(change.author))
                for change in changes[:MAX_ENTRIES]
            ),
        ),
        WorkItem(
            kind="unverified",
            label=_("Organisation profiles to verify"),
            count=unverified.count(),
            url=queue,
            entries=tuple(
                WorkEntry(
                    title=organisation.name,
                    url=reverse(
                        "organisations_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": organisation.pk}
                    ),
                )
                for organisation in unverified[:MAX_ENTRIES]
            ),
        ),
        WorkItem(
            kind="imports",
            label=_("Imports in progress"),
            count=imports.count(),
            url=reverse("organisations_imports:list", kwargs={"tenant_slug": tenant.slug}),
            entries=tuple(
                WorkEntry(
                    title=job.original_name,
                    url=reverse("organisations_imports:detail", kwargs={"tenant_slug": tenant.slug, "pk": job.pk}),
                    state=job.get_state_display(),
                )
                for job in imports[:MAX_ENTRIES]
            ),
        ),
    ]


DIRECTORY = WorkSource(key="organisations", label=_("Directory of organisations"), office_items=office_items, order=10)

register_source(DIRECTORY)  # imported by the app's ready(): see core/worklist.py
