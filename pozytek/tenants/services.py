"""Writes about local governments: publication workflow, office data, districts."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.core.audit import field_diff, record_event
from pozytek.core.workflow import apply_transition
from pozytek.tenants.models import RESERVED_SLUGS, TERYT_LENGTH, District, Tenant

PROFILE_FIELDS = (
    "office_name",
    "address",
    "email",
    "phone",
    "website",
    "bip_url",
    "ngo_contact_name",
    "ngo_contact_details",
    "accessibility_coordinator",
    "accessibility_email",
    "accessibility_published_on",
    "accessibility_reviewed_on",
)


def validate_tenant_identity(*, slug: str, kind: str, teryt: str) -> None:
    """Slug not reserved by the platform; TERYT length matching the kind of JST."""
    errors: dict[str, str] = {}
    if slug in RESERVED_SLUGS:
        errors["slug"] = _("This address is reserved by the platform. Choose another one.")
    expected = TERYT_LENGTH.get(kind)  # type: ignore[call-overload]
    if expected and len(teryt) != expected:
        errors["teryt"] = _("For this kind of local government the TERYT code has %(n)d digits.") % {"n": expected}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_tenant(*, actor: Any, name: str, slug: str, kind: str, teryt: str, **profile: Any) -> Tenant:
    """Register a new local government on the platform, in preparation (platform admin only)."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a platform administrator can add local governments."))
    validate_tenant_identity(slug=slug, kind=kind, teryt=teryt)
    unknown = set(profile) - set(PROFILE_FIELDS) - {"coat_of_arms"}
    if unknown:
        raise TypeError(f"Unknown tenant fields: {sorted(unknown)}")
    tenant = Tenant(name=name, slug=slug, kind=kind, teryt=teryt, **profile)
    tenant.full_clean()
    tenant.save()
    record_event(
        actor=actor,
        subject=tenant,
        action="tenant.create",
        tenant=tenant,
        data={"name": name, "slug": slug, "kind": kind, "teryt": teryt},
    )
    return tenant


def publish_tenant(*, tenant: Tenant, actor: Any) -> Tenant:
    """Make the local government's pages public."""
    return apply_transition(tenant, "publish", actor=actor)


def suspend_tenant(*, tenant: Tenant, actor: Any, reason: str = "") -> Tenant:
    """Hide the local government's pages (e.g. at the end of a contract)."""
    return apply_transition(tenant, "suspend", actor=actor, reason=reason)


def resume_tenant(*, tenant: Tenant, actor: Any) -> Tenant:
    return apply_transition(tenant, "resume", actor=actor)


@transaction.atomic
def update_tenant_profile(*, tenant: Tenant, actor: Any, data: dict[str, Any]) -> Tenant:
    """Change the office's contact data shown to the public (tenant admin or platform admin)."""
    if not (getattr(actor, "is_superuser", False) or actor.has_perm("tenants.change_profile", tenant)):
        raise PermissionDenied(_("Only the administrator of this local government can change its data."))
    locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
    before = {f: _plain(getattr(locked, f)) for f in PROFILE_FIELDS}
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    logo = data.get("coat_of_arms")
    if logo is False:  # "clear" ticked in the form
        locked.coat_of_arms = ""
    elif logo:
        locked.coat_of_arms = logo
    locked.full_clean()
    locked.save()
    after = {f: _plain(getattr(locked, f)) for f in PROFILE_FIELDS}
    changes = field_diff(before, after)
    if logo is not None and logo is not True:
        changes["coat_of_arms"] = {"to": locked.coat_of_arms.name or None}
    record_event(actor=actor, subject=locked, action="tenant.update_profile", data={"changes": changes})
    return locked


@transaction.atomic
def add_district(*, tenant: Tenant, actor: Any, name: str, kind: str) -> District:
    """Add an osiedle, dzielnica, sołectwo (or a gmina of a powiat) to the tenant."""
    with scopes_disabled():
        if District.objects.filter(tenant=tenant, name__iexact=name.strip()).exists():
            raise ValidationError({"name": _("This district already exists.")})
        district = District.objects.create(tenant=tenant, name=name.strip(), kind=kind)
    record_event(actor=actor, subject=district, action="district.add", tenant=tenant, data={"name": name, "kind": kind})
    return district


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
