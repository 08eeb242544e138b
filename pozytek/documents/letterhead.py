"""The municipality's letterhead every official document carries: name, office, address, contact and the coat
of arms, when one was uploaded.

Built in one place (`letterhead_of`) from the tenant; `documents/base_document.html` prints it at the top of
every PDF. The kernel imports no domain app, so the tenant is read by its attributes (`tenants.Tenant`).
The coat of arms is referred to as /media/<name>: the documents' URL fetcher serves it from
MEDIA_ROOT/tenants/ only (services.py).
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# Where Tenant.coat_of_arms is uploaded (upload_to="tenants/"): the only uploads a document may show.
COAT_OF_ARMS_DIR = "tenants"
MEDIA_PREFIX = "/media/"


@dataclass(frozen=True)
class Letterhead:
    """What the top of an official document says about the local government that issues it."""

    name: str
    office: str
    address: str
    contact: str
    coat_of_arms_url: str = ""


def coat_of_arms_url(tenant: Any) -> str:
    """/media/tenants/<file> of the tenant's uploaded coat of arms, or "" (none, or stored elsewhere)."""
    image = getattr(tenant, "coat_of_arms", None)
    name = str(getattr(image, "name", "") or "")
    if not name or not name.startswith(f"{COAT_OF_ARMS_DIR}/") or ".." in name.split("/"):
        return ""
    return MEDIA_PREFIX + name


def letterhead_of(tenant: Any) -> Letterhead | None:
    """The letterhead of `tenant` (a tenants.Tenant), or None without one."""
    if tenant is None or not getattr(tenant, "name", ""):
        return None
    phone = getattr(tenant, "phone", "")
    contact = ", ".join(
        part
        for part in (
            _("tel. %(phone)s") % {"phone": phone} if phone else "",
            getattr(tenant, "email", ""),
            getattr(tenant, "bip_url", "") or getattr(tenant, "website", ""),
        )
        if part
    )
    return Letterhead(
        name=tenant.name,
        office=getattr(tenant, "office_name", ""),
        address=getattr(tenant, "address", ""),
        contact=contact,
        coat_of_arms_url=coat_of_arms_url(tenant),
    )
