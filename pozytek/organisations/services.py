"""Writes of the directory: profiles, claims, verification, members, notes, merges.

Every function takes the acting person explicitly, checks what it may do, validates, writes an
audit event in the same transaction and queues e-mail after commit.
"""

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.core.audit import field_diff, record_event
from pozytek.core.workflow import apply_transition, not_allowed
from pozytek.notifications.services import queue_email_text
from pozytek.organisations.identifiers import clean_bank_account, clean_krs, clean_nip, clean_regon
from pozytek.organisations.models import (
    Claim,
    Invitation,
    OfficeNote,
    Organisation,
    OrganisationArea,
    OrganisationMember,
    ProfileChange,
)
from pozytek.organisations.search_terms import remember_words
from pozytek.organisations.selectors import find_duplicate, member_role
from pozytek.organisations.states import (
    AreaBasis,
    MemberRole,
    OrganisationState,
    ReviewState,
    Source,
)
from pozytek.organisations.text import fold

# Fields an NGO changes only through an official's verification (identity, status, money).
VERIFIED_FIELDS = ("name", "legal_form", "krs", "nip", "regon", "register_number", "opp", "opp_since", "bank_account")
# Fields an NGO changes at once.
OPEN_FIELDS = ("short_name", "description", "keywords", "email", "phone", "website", "street", "postal_code", "city")
RELATION_FIELDS = ("spheres", "districts")
IDENTIFIER_CLEANERS = {"krs": clean_krs, "nip": clean_nip, "regon": clean_regon, "bank_account": clean_bank_account}


class DuplicateOrganisation(ValidationError):
    """An organisation with the same KRS, NIP or REGON already exists; `existing` points to it."""

    def __init__(self, existing: Organisation, field: str) -> None:
        self.existing = existing
        super().__init__(
            {
                field: _("An organisation with this number is already in the directory: %(name)s.")
                % {"name": existing.name}
            }
        )


def refresh_search_fields(organisation: Organisation, *, learn: bool = True) -> None:
    """Recompute the folded search text and sort key (in memory), and learn its words."""
    parts = [
        organisation.name,
        organisation.short_name,
        organisation.keywords,
        organisation.city,
        organisation.krs,
        organisation.nip,
        organisation.regon,
    ]
    organisation.search_text = " " + " ".join(fold(p) for p in parts if p) + " "
    organisation.sort_name = fold(organisation.name)[:300]
    if learn:
        learn_search_terms([organisation])


def learn_search_terms(organisations: Iterable[Organisation]) -> None:
    """Add the words of these organisations' search texts to the vocabulary used to correct typos, and
    lower each word's first name (the directory walk's lower bound) to theirs where it is earlier.

    Whoever refreshes the search fields with `learn=False` (a bulk import) must call this afterwards:
    a word's first name later than an organisation that has it would hide that organisation from a
    broad search's first pages.
    """
    remember_words((o.search_text, o.sort_name) for o in organisations)


def clean_identifiers(data: dict[str, Any]) -> dict[str, Any]:
    """Canonical KRS/NIP/REGON/bank account in `data`; ValidationError keyed by field."""
    cleaned, errors = dict(data), {}
    for field, cleaner in IDENTIFIER_CLEANERS.items():
        if field in cleaned:
            try:
                cleaned[field] = cleaner(cleaned[field] or "")
            except ValidationError as error:
                errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_duplicates(data: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    for field in ("krs", "nip", "regon"):
        if data.get(field):
            existing = find_duplicate(**{field: data[field]}, exclude_pk=exclude_pk)
            if existing is not None:
                raise DuplicateOrganisation(existing, field)


def _require_office(actor: Any, tenant: Any) -> None:
    if not actor.has_perm("tenants.view_office", tenant):
        raise PermissionDenied(_("Only officials of this local government can do this."))


def _require_member(actor: Any, organisation: Organisation, *, owner: bool = False) -> str:
    role = member_role(actor, organisation)
    if role is None or (owner and role != MemberRole.OWNER):
        raise PermissionDenied(_("Only people who keep this organisation's profile can do this."))
    return role


def _list_in(tenant: Any, organisation: Organisation, basis: str) -> None:
    with scopes_disabled():
        OrganisationArea.objects.get_or_create(tenant=tenant, organisation=organisation, defaults={"basis": basis})


def _create(data: dict[str, Any], *, source: str) -> Organisation:
    scalar = {k: v for k, v in data.items() if k not in RELATION_FIELDS}
    organisation = Organisation(source=source, **scalar)
    refresh_search_fields(organisation)
    organisation.full_clean(exclude=["search_text", "sort_name"])
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:  # a concurrent insert of the same number
        check_duplicates(data)
        raise ValidationError(_("This organisation could not be saved; try again.")) from error
    for field in RELATION_FIELDS:
        if field in data:
            getattr(organisation, field).set(data[field])
    return organisation


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if hasattr(value, "pk"):
            out[key] = value.pk
        elif hasattr(value, "isoformat"):
            out[key] = value.isoformat()
        elif hasattr(value, "__iter__") and not isinstance(value, str | bytes | dict):
            out[key] = sorted(getattr(v, "pk", v) for v in value)
        elif key == "logo":
            out[key] = getattr(value, "name", None)
        else:
            out[key] = value
    return out


@transaction.atomic
def add_organisation(
    *, tenant: Any, actor: Any, data: dict[str, Any], source: str = Source.OFFICE, basis: str = AreaBasis.OFFICE
) -> Organisation:
    """An official adds an organisation to the tenant's directory (verified by that office)."""
    _require_office(actor, tenant)
    data = clean_identifiers(data)
    check_duplicates(data)
    organisation = _create(data, source=source)
    organisation.verified_at = timezone.now()
    organisation.save(update_fields=["verified_at"])
    _list_in(tenant, organisation, basis)
    record_event(actor=actor, subject=organisation, action="organisation.add", tenant=tenant, data=_plain(data))
    return organisation


@transaction.atomic
def register_organisation(
    *, tenant: Any, actor: Any, data: dict[str, Any], basis: str = AreaBasis.SEAT
) -> Organisation:
    """A person registers their organisation; they become its owner; an office verifies the data."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in to register an organisation."))
    data = clean_identifiers(data)
    check_duplicates(data)
    organisation = _create(data, source=Source.SELF)
    OrganisationMember.objects.create(organisation=organisation, user=actor, role=MemberRole.OWNER)
    _list_in(tenant, organisation, basis)
    record_event(actor=actor, subject=organisation, action="organisation.register", tenant=tenant, data=_plain(data))
    return organisation


@transaction.atomic
def list_in_directory(*, tenant: Any, organisation: Organisation, actor: Any, basis: str) -> OrganisationArea:
    """List an existing organisation in one more directory: by its members (activity) or by an office."""
    if basis == AreaBasis.OFFICE:
        _require_office(actor, tenant)
    else:
        _require_member(actor, organisation)
    if organisation.state != OrganisationState.ACTIVE:
        raise ValidationError(_("Only active organisations can be listed."))
    area: OrganisationArea
    with scopes_disabled():
        area, created = OrganisationArea.objects.get_or_create(
            tenant=tenant, organisation=organisation, defaults={"basis": basis}
        )
    if not created:
        raise ValidationError(_("The organisation is already in this directory."))
    record_event(actor=actor, subject=organisation, action="organisation.list_in", tenant=tenant, data={"basis": basis})
    return area


@transaction.atomic
def set_grant_eligibility(*, tenant: Any, organisation: Organisation, actor: Any, excluded: bool, reason: str) -> None:
    """An official flags an entity excluded by art. 3 ust. 4 (listed, but not eligible for grants), or clears it."""
    _require_office(actor, tenant)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    Organisation.objects.filter(pk=organisation.pk).update(excluded_art_3_4=excluded)
    record_event(
        actor=actor,
        subject=organisation,
        action="organisation.set_exclusion",
        tenant=tenant,
        data={"excluded_art_3_4": excluded, "reason": reason},
    )


@transaction.atomic
def verify_organisation(*, tenant: Any, organisation: Organisation, actor: Any) -> Organisation:
    """An official confirms the data of a self-registered organisation."""
    _require_office(actor, tenant)
    organisation.verified_at = timezone.now()
    organisation.save(update_fields=["verified_at", "updated_at"])
    record_event(actor=actor, subject=organisation, action="organisation.verify", tenant=tenant)
    return organisation


@transaction.atomic
def update_profile(*, organisation: Organisation, actor: Any, data: dict[str, Any]) -> ProfileChange | None:
    """A member edits the profile: open fields at once, verified fields as a change for an official."""
    _require_member(actor, organisation)
    data = clean_identifiers(data)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = _plain({f: getattr(locked, f) for f in OPEN_FIELDS})
    before_rel = {f: sorted(getattr(locked, f).values_list("pk", flat=True)) for f in RELATION_FIELDS if f in data}
    for field in OPEN_FIELDS:
        if field in data:
            setattr(locked, field, data[field] or "")
    logo = data.get("logo")
    if logo is False:
        locked.logo = ""
    elif logo:
        locked.logo = logo
    refresh_search_fields(locked)
    locked.full_clean(exclude=["search_text", "sort_name"])
    locked.save()
    for field in RELATION_FIELDS:
        if field in data:
            getattr(locked, field).set(data[field])
    changes = field_diff(before, _plain({f: getattr(locked, f) for f in OPEN_FIELDS}))
    changes.update(
        field_diff(before_rel, {f: sorted(getattr(locked, f).values_list("pk", flat=True)) for f in before_rel})
    )
    if changes:
        record_event(actor=actor, subject=locked, action="organisation.update_profile", data={"changes": changes})
    proposed = {f: data[f] for f in VERIFIED_FIELDS if f in data}
    current = _plain({f: getattr(locked, f) for f in proposed})
    differing = {k: v for k, v in _plain(proposed).items() if current.get(k) != v}
    if not differing:
        return None
    check_duplicates(differing, exclude_pk=locked.pk)
    for earlier in locked.changes.filter(state=ReviewState.PENDING, author=actor):
        apply_transition(earlier, "withdraw", actor=actor, reason="replaced")
    change = ProfileChange.objects.create(organisation=locked, author=actor, data=differing)
    record_event(
        actor=actor,
        subject=change,
        action="profilechange.propose",
        data={"organisation": locked.pk, "fields": sorted(differing)},
    )
    return change


@transaction.atomic
def accept_change(*, tenant: Any, change: ProfileChange, actor: Any) -> Organisation:
    """An official accepts proposed values of verified fields; they are applied to the profile."""
    _require_office(actor, tenant)
    # The profile is changed first, then the change accepted: the members' e-mail (declared with the
    # transition) names the organisation as it now is.
    change = _locked_pending(change, "accept")
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    data = dict(change.data)
    check_duplicates(data, exclude_pk=organisation.pk)
    before = _plain({f: getattr(organisation, f) for f in data})
    for field, value in data.items():
        if field == "legal_form":
            organisation.legal_form_id = value
        elif field == "opp_since":
            organisation.opp_since = dt.date.fromisoformat(value) if value else None
        else:
            setattr(organisation, field, value)
    refresh_search_fields(organisation)
    organisation.verified_at = timezone.now()
    organisation.full_clean(exclude=["search_text", "sort_name"])
    organisation.save()
    ProfileChange.objects.filter(pk=change.pk).update(reviewed_by=actor)
    change = apply_transition(change, "accept", actor=actor)
    record_event(
        actor=actor,
        subject=organisation,
        action="organisation.apply_change",
        tenant=tenant,
        data={"change": change.pk, "changes": field_diff(before, _plain(data))},
    )
    return organisation


@transaction.atomic
def refuse_change(*, tenant: Any, change: ProfileChange, actor: Any, reason: str) -> ProfileChange:
    """An official refuses proposed values, with a reason the organisation sees."""
    _require_office(actor, tenant)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    ProfileChange.objects.filter(pk=change.pk, state=ReviewState.PENDING).update(reviewed_by=actor, reason=reason)
    return apply_transition(change, "refuse", actor=actor, reason=reason)


def _locked_pending(change: ProfileChange, action: str) -> ProfileChange:
    """The proposed change, locked, while it awaits the decision (TransitionNotAllowed once decided)."""
    locked: ProfileChange = ProfileChange.objects.select_for_update().get(pk=change.pk)
    if locked.state != ReviewState.PENDING:
        raise not_allowed(locked, action)
    return locked


@transaction.atomic
def claim_organisation(*, tenant: Any, organisation: Organisation, actor: Any, message: str) -> Claim:
    """A person asks to take over an existing (e.g. imported) profile; an official decides."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in to claim an organisation."))
    if member_role(actor, organisation) is not None:
        raise ValidationError({"message": _("You already keep this organisation's profile.")})
    with scopes_disabled():
        if Claim.objects.filter(organisation=organisation, user=actor, state=ReviewState.PENDING).exists():
            raise ValidationError(
                {"message": _("Your earlier claim of this organisation is still awaiting verification.")}
            )
        claim: Claim = Claim.objects.create(
            tenant=tenant, organisation=organisation, user=actor, message=message.strip()
        )
    record_event(
        actor=actor, subject=claim, action="claim.submit", tenant=tenant, data={"organisation": organisation.pk}
    )
    return claim


@transaction.atomic
def accept_claim(*, claim: Claim, actor: Any) -> OrganisationMember:
    """An official confirms the claim: the claimant becomes an owner of the profile."""
    with scopes_disabled():
        claim = apply_transition(claim, "accept", actor=actor)
        Claim.objects.filter(pk=claim.pk).update(reviewed_by=actor)
    member, _created = OrganisationMember.objects.get_or_create(
        organisation_id=claim.organisation_id, user_id=claim.user_id, defaults={"role": MemberRole.OWNER}
    )
    return member


@transaction.atomic
def refuse_claim(*, claim: Claim, actor: Any, reason: str) -> Claim:
    """An official refuses the claim, with a reason the claimant sees."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    with scopes_disabled():
        # The reason is recorded first: the claimant's e-mail, declared with the transition, gives it.
        Claim.objects.filter(pk=claim.pk, state=ReviewState.PENDING).update(reviewed_by=actor, reason=reason)
        claim = apply_transition(claim, "refuse", actor=actor, reason=reason)
    return claim


@transaction.atomic
def invite_member(*, organisation: Organisation, actor: Any, email: str, role: str) -> Invitation:
    """An owner invites a colleague by e-mail to keep the profile as owner or editor."""
    _require_member(actor, organisation, owner=True)
    email = email.strip().lower()
    if organisation.members.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person already keeps the profile.")})
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, token=secrets.token_urlsafe(32), invited_by=actor
    )
    record_event(
        actor=actor,
        subject=invitation,
        action="invitation.send",
        data={"organisation": organisation.pk, "email": email, "role": role},
    )
    queue_email_text(to=[email], template="organisations/email/invitation.txt", context={"invitation": invitation})
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, actor: Any) -> OrganisationMember:
    """The invited person (logged in with the invited address) joins the organisation."""
    invitation = Invitation.objects.select_for_update().filter(token=token, accepted_at=None).first()
    if invitation is None:
        raise ValidationError(_("This invitation is no longer valid."))
    if invitation.email != actor.email.lower():
        raise PermissionDenied(_("This invitation was sent to another e-mail address."))
    member, _created = OrganisationMember.objects.get_or_create(
        organisation=invitation.organisation, user=actor, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(actor=actor, subject=member, action="member.join", data={"organisation": invitation.organisation_id})
    return member


@transaction.atomic
def remove_member(*, member: OrganisationMember, actor: Any) -> None:
    """An owner removes a colleague; the last owner cannot be removed."""
    _require_member(actor, member.organisation, owner=True)
    owners = member.organisation.members.filter(role=MemberRole.OWNER)
    if member.role == MemberRole.OWNER and owners.count() == 1:
        raise ValidationError(_("An organisation must keep at least one owner."))
    record_event(
        actor=actor,
        subject=member,
        action="member.remove",
        data={"organisation": member.organisation_id, "user": member.user.email},
    )
    OrganisationMember.objects.filter(pk=member.pk).delete()


@transaction.atomic
def add_office_note(*, tenant: Any, organisation: Organisation, actor: Any, text: str) -> OfficeNote:
    """An official's private note, visible only to this office."""
    _require_office(actor, tenant)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    with scopes_disabled():
        note: OfficeNote = OfficeNote.objects.create(
            tenant=tenant, organisation=organisation, author=actor, text=text.strip()
        )
    record_event(
        actor=actor, subject=note, action="officenote.add", tenant=tenant, data={"organisation": organisation.pk}
    )
    return note


@transaction.atomic
def deactivate_organisation(*, tenant: Any, organisation: Organisation, actor: Any, reason: str) -> Organisation:
    """Mark an organisation inactive (it is never deleted: its history stays)."""
    _require_office(actor, tenant)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return apply_transition(organisation, "deactivate", actor=actor, reason=reason)


@transaction.atomic
def reactivate_organisation(*, tenant: Any, organisation: Organisation, actor: Any) -> Organisation:
    _require_office(actor, tenant)
    return apply_transition(organisation, "reactivate", actor=actor)


@transaction.atomic
def merge_organisations(*, tenant: Any, duplicate: Organisation, keep: Organisation, actor: Any) -> Organisation:
    """Fold a duplicate profile into the one to keep: listings, members, claims, notes, spheres move over."""
    _require_office(actor, tenant)
    if duplicate.pk == keep.pk:
        raise ValidationError(_("Choose two different organisations."))
    if keep.state == OrganisationState.MERGED:
        raise ValidationError(_("The profile to keep has itself been merged into another one."))
    with scopes_disabled():
        for area in OrganisationArea.objects.filter(organisation=duplicate):
            OrganisationArea.objects.get_or_create(
                tenant_id=area.tenant_id, organisation=keep, defaults={"basis": area.basis}
            )
        for member in OrganisationMember.objects.filter(organisation=duplicate):
            OrganisationMember.objects.get_or_create(
                organisation=keep, user_id=member.user_id, defaults={"role": member.role}
            )
        Claim.objects.filter(organisation=duplicate).update(organisation=keep)
        OfficeNote.objects.filter(organisation=duplicate).update(organisation=keep)
        keep.spheres.add(*duplicate.spheres.all())
        keep.districts.add(*duplicate.districts.all())
    for change in ProfileChange.objects.filter(organisation=duplicate, state=ReviewState.PENDING):
        apply_transition(change, "supersede", actor=actor, reason="merged into another profile")
    filled = {}
    for field in (
        "krs",
        "nip",
        "regon",
        "register_number",
        "email",
        "phone",
        "website",
        "description",
        "street",
        "postal_code",
        "city",
    ):
        if not getattr(keep, field) and getattr(duplicate, field):
            filled[field] = getattr(duplicate, field)
    Organisation.objects.filter(pk=duplicate.pk).update(krs="", nip="", regon="", merged_into=keep)
    for field, value in filled.items():
        setattr(keep, field, value)
    refresh_search_fields(keep)
    keep.save()
    apply_transition(duplicate, "merge", actor=actor, data={"merged_into": keep.pk})
    record_event(
        actor=actor,
        subject=keep,
        action="organisation.absorb",
        tenant=tenant,
        data={"duplicate": duplicate.pk, "filled": sorted(filled)},
    )
    return keep
