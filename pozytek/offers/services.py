"""Writes on offers: start, save a section, attachments, submit (freeze + checksum), withdraw, reopen,
the offeror's correction after the formal check (only the listed sections, until its deadline), and the
offer update (aktualizacja) after a lower award (only the schedule, results, costs and sources)."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.competitions.states import CallState, EligibleEntity
from pozytek.core import files
from pozytek.core.audit import field_diff, record_event
from pozytek.core.prepared import PreparedQuery
from pozytek.core.workflow import TransitionNotAllowed, apply_transition, not_allowed
from pozytek.legal.models import NgoStatus
from pozytek.notifications.services import queue_email_text
from pozytek.offers.budget import task_years
from pozytek.offers.deadlines import (
    closed_message,
    correction_closed_message,
    correction_deadline_passed,
)
from pozytek.offers.models import Action, Attachment, CostLine, Offer, Offeror, OfferVersion, Result
from pozytek.offers.permissions import is_offer_editor
from pozytek.offers.routes import route_for_call, route_named, route_of, stored_route
from pozytek.offers.selectors import (
    EDITOR_ROLE_USER,
    OFFEROR_COUNT,
    active_offer_of,
    deadline_passed,
    facts_of,
    forget_offeror_count,
    latest_version,
    sharing_facts,
    with_editor_role,
    with_editor_role_of,
    with_offeror_count,
)
from pozytek.offers.snapshot import checksum, offer_snapshot
from pozytek.offers.states import EDITABLE_STATES, UPDATE_SECTIONS, CostCategory, FundingRoute, OfferState
from pozytek.offers.tasks import send_submission_confirmation
from pozytek.organisations.permissions import is_member

FIELD_SECTIONS: dict[str, tuple[str, ...]] = {
    "offerors": ("contact_name", "contact_phone", "contact_email"),
    "task": ("title", "start_date", "end_date", "summary", "expected_results"),
    "characteristics": ("previous_activity", "resources"),
    "sources": (
        "requested_grant",
        "own_financial",
        "own_personal",
        "own_in_kind",
        "beneficiary_fees",
        "other_public_funds",
    ),
    "other": ("paid_activity", "joint_arrangements", "other_info"),
    "statements": (
        "statement_public_benefit",
        "statement_fees",
        "tax_arrears",
        "social_insurance_arrears",
        "statement_register",
        "statement_true",
        "statement_gdpr",
    ),
}
OFFEROR_FIELDS = (
    "name",
    "legal_form",
    "register_number",
    "address",
    "correspondence_address",
    "website",
    "email",
    "phone",
)
ACTION_FIELDS = ("year", "name", "description", "target_group", "period", "external_part", "offeror")
RESULT_FIELDS = ("name", "target", "monitoring")
COST_FIELDS = ("category", "action", "name", "unit", "unit_cost", "quantity", "year1", "year2", "year3", "offeror")
ROW_SECTIONS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "offerors": (Offeror, OFFEROR_FIELDS),
    "actions": (Action, ACTION_FIELDS),
    "results": (Result, RESULT_FIELDS),
    "costs": (CostLine, COST_FIELDS),
}
SECTIONS = ("offerors", "task", "actions", "results", "characteristics", "costs", "sources", "other", "statements")


class OfferClosed(ValidationError):
    """The route's offer deadline has passed (or its call is not open): nothing can be changed any more."""


class SectionConflict(Exception):
    """Someone else saved the same section after this form was opened; nothing was overwritten."""

    def __init__(self, section: str, saved: Mapping[str, Any]) -> None:
        self.section, self.saved_by, self.saved_at = section, saved.get("by", ""), saved.get("at", "")
        self.version = int(saved.get("v", 0))
        super().__init__(section)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    return str(value) if value is not None and not isinstance(value, (str, int, bool)) else value


def _check_editor(actor: Any, offer: Offer) -> None:
    if not is_offer_editor(actor, offer):
        raise PermissionDenied(_("Only members of the offeror organisation can change this offer."))


def _check_open(offer: Offer) -> None:
    """The route still takes changes: a competition's deadline, then its call's state (cancelled under
    art. 18a or closed before the deadline); other routes have no call deadline."""
    route = route_of(offer)
    if route.deadline_passed(offer):
        raise OfferClosed(closed_message(offer.call), code="closed")
    if route.open_problems(offer):
        raise OfferClosed(_("This call is not open for offers."), code="call_state")


def _check_correctable(offer: Offer, section: str | None) -> None:
    """An offer awaiting correction: only the sections the formal check listed, until its deadline.

    The call is closed by then, so the call's deadline and state do not apply.
    """
    if correction_deadline_passed(offer):
        raise OfferClosed(correction_closed_message(offer), code="correction_closed")
    if section is None or section not in offer.correction_sections:
        raise ValidationError(
            _("Only the sections listed in the request for corrections can be changed."), code="not_listed"
        )


def _check_updatable(section: str | None) -> None:
    """An offer awaiting its update after a lower award: only the schedule, results, costs and sources
    (UPDATE_SECTIONS). The call is resolved by then, so its deadline and state do not apply."""
    if section is None or section not in UPDATE_SECTIONS:
        raise ValidationError(
            _(
                "Only the plan and schedule of actions, the results, the cost calculation and the funding "
                "sources can be changed in an offer update."
            ),
            code="not_listed",
        )


# What the checks of `_lock_editable` and the writes after it read from the offer's own row.
_LOCKED_FIELDS = ("state", "route", "section_versions", "correction_sections", "correction_deadline", "updated_at")


def _read_for(offer: Offer, actor: Any) -> bool:
    """The offer was read in this request for `actor` with its call, organisation, offeror count and
    the actor's role (`member_offer`): the lock then needs only the row's changing columns."""
    return (
        Offer.call.is_cached(offer)
        and Offer.organisation.is_cached(offer)
        and Offer.tenant.is_cached(offer)
        and OFFEROR_COUNT in offer.__dict__
        and getattr(offer, EDITOR_ROLE_USER, None) == getattr(actor, "pk", None)
    )


def _relock(offer: Offer, section: str | None) -> Offer:
    """Lock the offer's row and refresh, in `offer` itself, what may have changed since it was read:
    its state, the section versions, the correction window and the section's own columns (the rest
    are not written). One narrow query instead of the offer with its call, organisation and subqueries
    built and read again on every autosave."""
    fields, query = _relock_query(section or "")
    rows = query.fetch(pk=offer.pk, tenant_id=offer.tenant_id)
    if not rows:
        raise Offer.DoesNotExist
    for attname, value in zip(fields, rows[0], strict=True):
        setattr(offer, attname, value)
    return offer


_RELOCK: dict[str, tuple[list[str], PreparedQuery[tuple[Any, ...]]]] = {}


def _relock_query(section: str) -> tuple[list[str], PreparedQuery[tuple[Any, ...]]]:
    """The columns `_relock` refreshes for a section and their query, compiled once per process."""
    if section not in _RELOCK:
        attnames = {f.name: f.attname for f in Offer._meta.concrete_fields}
        fields = [attnames[f] for f in (*_LOCKED_FIELDS, *FIELD_SECTIONS.get(section, ()))]
        query: PreparedQuery[tuple[Any, ...]] = PreparedQuery(
            lambda pk, tenant_id: (
                Offer._base_manager.select_for_update()
                .filter(pk=pk, tenant_id=tenant_id)
                .order_by()
                .values_list(*fields)
            ),
            pk=int,
            tenant_id=int,
        )
        _RELOCK[section] = (fields, query)
    return _RELOCK[section]


def _lock_editable(offer: Offer, actor: Any, section: str | None = None) -> Offer:
    locked = _relock(offer, section) if _read_for(offer, actor) else _lock_and_read(offer, actor)
    _check_editor(actor, locked)
    if locked.state == OfferState.CORRECTION:
        _check_correctable(locked, section)
        return locked
    if locked.state == OfferState.UPDATE_REQUIRED:
        _check_updatable(section)
        return locked
    _check_open(locked)
    if locked.state not in EDITABLE_STATES:
        raise ValidationError(_("A submitted offer cannot be changed. Withdraw it first to correct it."), code="state")
    return locked


def _lock_and_read(offer: Offer, actor: Any) -> Offer:
    # of=("self",): lock only the offer's row. Without it PostgreSQL also locks the joined rows (the
    # call!), and every save in the call waits for every other one: the deadline rush serialises.
    # The organisation comes in the same query, with the actor's role in it (editor check) and the
    # number of offerors (read under the lock) that the forms and checks of the re-rendered section need.
    locked: Offer = with_editor_role(
        with_offeror_count(Offer.objects.select_for_update(of=("self",)).select_related("call", "organisation")),
        actor,
    ).get(pk=offer.pk)
    # The tenant (audit event) never changes: the caller's, if already read, saves joining it again.
    if Offer.tenant.is_cached(offer) and offer.tenant_id == locked.tenant_id:
        locked.tenant = offer.tenant
    return locked


def _prefill_lead(offer: Offer, organisation: Any) -> None:
    address = ", ".join(
        p for p in (organisation.street, f"{organisation.postal_code} {organisation.city}".strip()) if p
    )
    register = f"KRS {organisation.krs}" if organisation.krs else organisation.register_number
    Offeror.objects.create(
        offer=offer,
        organisation=organisation,
        order=0,
        name=organisation.name,
        legal_form=organisation.legal_form.name if organisation.legal_form else "",
        register_number=register,
        address=address,
        website=organisation.website,
        email=organisation.email,
        phone=organisation.phone,
    )


@transaction.atomic
def start_offer(
    *,
    call: Any = None,
    organisation: Any,
    actor: Any,
    route: str = FundingRoute.COMPETITION,
    tenant: Any = None,
    mode: str = "",
    sphere: Any = None,
    title: str = "",
) -> Offer:
    """Begin an offer of `organisation` on a funding route; section II comes from its profile.

    A competition's offer answers an open `call` (its tenant, deadline and eligible entities apply);
    starting twice returns the organisation's existing draft (or submitted offer) in the call. Other
    routes (small grant, art. 19a, …) have no call: the `tenant` the offer is addressed to, the task's
    `mode` (wspieranie / powierzanie) and `sphere` (art. 4) are given instead.
    """
    if not is_member(actor, organisation):
        raise PermissionDenied(_("Only members of the organisation can write its offers."))
    rules = route_named(route)
    if rules.takes_call:
        if call is None:
            raise ValueError("An offer in an open competition answers a call.")
        rules = route_for_call(call)  # a Sport Act call's offers are on the Sport Act route
        tenant = call.tenant
    elif call is not None or tenant is None:
        raise ValueError("An offer outside a competition has no call and names its tenant.")
    if call is not None:
        if call.state != CallState.PUBLISHED:
            raise ValidationError(_("This call is not open for offers."), code="state")
        if deadline_passed(call):
            raise OfferClosed(closed_message(call), code="closed")
    if organisation.excluded_art_3_4:
        raise ValidationError(
            _("Organisations excluded by art. 3 ust. 4 of the Act cannot receive grants."), code="excluded"
        )
    entity = eligible_entity_of(organisation)
    if call is not None and call.eligible_entities and entity and entity not in call.eligible_entities:
        allowed = ", ".join(str(EligibleEntity(value).label) for value in call.eligible_entities)
        raise ValidationError(_("This call is open only to: %(allowed)s.") % {"allowed": allowed}, code="not_eligible")
    if call is not None:
        existing = active_offer_of(call, organisation)
        if existing is not None:
            return existing
    offer = Offer(
        tenant=tenant,
        route=stored_route(rules),
        call=call,
        mode="" if call is not None else mode,
        sphere=None if call is not None else sphere,
        organisation=organisation,
        created_by=actor,
        contact_name=actor.get_full_name() if hasattr(actor, "get_full_name") else "",
        contact_email=actor.email,
        title=(call.title if call is not None else title)[:300],
    )
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:  # a parallel request started it first
        found = active_offer_of(call, organisation) if call is not None else None
        if found is None:
            raise
        return found
    _prefill_lead(offer, organisation)
    record_event(
        actor=actor,
        subject=offer,
        action="offer.start",
        data={"route": rules.code.value, "call": getattr(call, "pk", None), "organisation": organisation.pk},
    )
    return offer


def eligible_entity_of(organisation: Any) -> str:
    """The call's entity type (EligibleEntity) that the organisation's legal form makes it, or ""."""
    status = str(organisation.legal_form.status) if organisation.legal_form_id else ""
    entities = {str(NgoStatus.NGO): str(EligibleEntity.NGO), str(NgoStatus.ART_3_3): str(EligibleEntity.ART_3_3)}
    return entities.get(status, "")


def section_version(offer: Offer, section: str) -> int:
    return int(offer.section_versions.get(section, {}).get("v", 0))


def _resolve(offer: Offer, model: type[models.Model], value: Any) -> Any:
    """A foreign key typed in a row must point at a row of the same offer (no forged ids)."""
    if value in (None, ""):
        return None
    pk = _row_id(value)
    found = model._default_manager.filter(offer=offer, pk=pk).first()
    if found is None:
        raise ValidationError(_("The chosen row does not belong to this offer."), code="foreign_row")
    return found


def _row_id(value: Any) -> int:
    """The id of a row as typed (a model, an int or a numeric string); anything else is a forged value."""
    if isinstance(value, models.Model):
        return int(value.pk)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("The chosen row does not belong to this offer."), code="foreign_row") from None


def _simplified_rows(offer: Offer, section: str, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows of a simplified offer's section as the full offer's rows store them: one offeror; actions in
    the task's first year (no plan per year); a cost as one unit of its value, with the grant's part."""
    if section == "offerors" and len(rows) > 1:
        raise ValidationError(
            _("A simplified offer has a single offeror (it cannot be a joint offer)."), code="single_offeror"
        )
    if section == "actions":
        year = (task_years(offer.start_date, offer.end_date) or [timezone.localdate().year])[0]
        return [{**row, "year": year, "offeror": None} for row in rows]
    if section == "costs":
        converted = []
        for row in rows:
            # A row written for the full offer (unit cost × number of units) keeps its arithmetic.
            value = row.get("value") if "value" in row else _product(row.get("unit_cost"), row.get("quantity"))
            grant = row.get("grant")
            if value is not None and grant is not None and grant > value:
                raise ValidationError(
                    _("The part paid from the grant cannot exceed the value of the cost."), code="grant_above_value"
                )
            full = "value" not in row
            converted.append(
                {
                    "id": row.get("id"),
                    "category": CostCategory.ACTION,
                    "name": row.get("name"),
                    "unit": row.get("unit") if full else "",
                    "unit_cost": row.get("unit_cost") if full else value,
                    "quantity": row.get("quantity") if full else Decimal(1),
                    "grant": grant,
                }
            )
        return converted
    return [dict(row) for row in rows]


def _product(unit_cost: Any, quantity: Any) -> Decimal | None:
    return None if unit_cost is None or quantity is None else Decimal(unit_cost) * Decimal(quantity)


def _sync_rows(
    offer: Offer, section: str, rows: Sequence[Mapping[str, Any]], *, simplified: bool = False
) -> list[dict[str, Any]]:
    """Update rows by id, create new ones, delete those left out; returns a plain list for the audit."""
    model, fields = ROW_SECTIONS[section]
    if simplified:
        rows = _simplified_rows(offer, section, rows)
        if section == "costs":
            fields = (*fields, "grant")
    existing = {row.pk: row for row in model._default_manager.filter(offer=offer)}
    kept: list[int] = []
    plain: list[dict[str, Any]] = []
    for order, data in enumerate(rows):
        row_id = data.get("id")
        if row_id in (None, "", 0):
            row = model(offer=offer)
        else:
            # An id must name a row of this section of this offer, once: a forged or repeated id is
            # refused instead of silently creating a copy (or merging two rows into one).
            pk = _row_id(row_id)
            if pk not in existing or pk in kept:
                raise ValidationError(_("The chosen row does not belong to this offer."), code="foreign_row")
            row = existing[pk]
        for field in fields:
            value = data.get(field)
            if field == "offeror":
                value = _resolve(offer, Offeror, value)
            elif field == "action":
                value = _resolve(offer, Action, value)
            elif value is None and isinstance(model._meta.get_field(field), (models.CharField, models.TextField)):
                value = ""
            setattr(row, field, value)
        row.order = order  # type: ignore[attr-defined]
        if section == "offerors" and order == 0:
            row.organisation = offer.organisation  # type: ignore[attr-defined]
        row.full_clean(exclude=["offer"])
        row.save()
        kept.append(row.pk)
        plain.append({f: _plain(getattr(row, f)) for f in fields})
    model._default_manager.filter(offer=offer).exclude(pk__in=kept).delete()
    if section == "offerors":
        forget_offeror_count(offer)
    return plain


def _unchecked(section: str) -> list[str]:
    """The offer's fields a save of `section` does not write (model validation skips them)."""
    written = set(FIELD_SECTIONS.get(section, ()))
    return [f.name for f in Offer._meta.fields if f.name not in written]


@transaction.atomic
def save_section(
    *,
    offer: Offer,
    section: str,
    actor: Any,
    version: int,
    data: Mapping[str, Any] | None = None,
    rows: Sequence[Mapping[str, Any]] | None = None,
) -> Offer:
    """Save one section of a draft as it stands (complete or not).

    `version` is the section's version the form was opened with; if someone saved the section
    since, SectionConflict is raised and nothing is written.
    """
    # A section of the full offer that the simplified one lacks is still written (callers written for the full
    # offer keep working); the simplified offer's pages, checks and PDF never ask for it.
    template = route_of(offer).offer_template(offer)
    if section not in SECTIONS:
        raise ValueError(section)
    locked = _lock_editable(offer, actor, section)
    saved = locked.section_versions.get(section, {})
    if int(saved.get("v", 0)) != version:
        raise SectionConflict(section, saved)
    changes: dict[str, Any] = {}
    fields = FIELD_SECTIONS.get(section, ())
    if data is not None and fields:
        unknown = set(data) - set(fields)
        if unknown:
            raise TypeError(f"Unknown fields for section {section}: {sorted(unknown)}")
        before = {f: _plain(getattr(locked, f)) for f in fields}
        for field in fields:
            if field in data:
                value = data[field]
                is_text = isinstance(Offer._meta.get_field(field), (models.CharField, models.TextField))
                setattr(locked, field, "" if value is None and is_text else value)
        # Only the section's columns are written, so only they are validated (all ~45, with the foreign keys
        # left out to spare their queries, cost more than the rest of the save's Python).
        locked.full_clean(exclude=_unchecked(section), validate_constraints=False)
        changes = field_diff(before, {f: _plain(getattr(locked, f)) for f in fields})
    if rows is not None and section in ROW_SECTIONS:
        if section == "offerors" and not rows:
            raise ValidationError(_("The offer needs at least one offeror."), code="no_offeror")
        changes["rows"] = _sync_rows(locked, section, rows, simplified=template.simplified)
    locked.section_versions = {
        **locked.section_versions,
        section: {"v": version + 1, "by": actor.email, "at": timezone.now().isoformat()},
    }
    # Only the section's columns: the rest are as read under the lock, and writing all ~40 of them
    # (long texts included) cost SQL building and WAL on every autosave.
    locked.save(update_fields=[*fields, "section_versions", "updated_at"])
    record_event(actor=actor, subject=locked, action=f"offer.save_{section}", data={"changes": changes})
    return locked


@transaction.atomic
def add_attachment(*, offer: Offer, label: str, upload: Any, actor: Any) -> Attachment:
    """Attach a file (PDF, DOCX, ODT, JPG, PNG identified by content) to a draft offer (or one being corrected)."""
    locked = _lock_editable(offer, actor, "attachments")
    content_type = files.identify(upload)
    label = label.strip()[:300]
    if not label:
        raise ValidationError(_("Say which attachment this is."), code="label")
    attachment = Attachment(
        tenant=locked.tenant,
        offer=locked,
        label=label,
        original_name=files.display_name(upload.name, content_type),
        content_type=content_type,
        size=upload.size,
        sha256=files.sha256_of(upload),
        uploaded_by=actor,
    )
    # The stored name is random (attachment_path) and its extension follows the content, never the
    # name the user gave: "faktura.exe" that is really a PDF is stored as ….pdf.
    attachment.file.save(f"file{files.EXTENSIONS[content_type][0]}", upload, save=False)
    attachment.save()
    record_event(
        actor=actor,
        subject=locked,
        action="offer.attach",
        data={"label": label, "name": attachment.original_name, "sha256": attachment.sha256, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, actor: Any) -> None:
    locked = _lock_editable(attachment.offer, actor, "attachments")
    record_event(
        actor=actor,
        subject=locked,
        action="offer.detach",
        data={"name": attachment.original_name, "sha256": attachment.sha256},
    )
    listed = any(
        any(a.get("sha256") == attachment.sha256 for a in version.snapshot.get("attachments", []))
        for version in OfferVersion.objects.filter(offer=locked)
    )
    if listed:  # a submitted version lists this file: keep it for that version, drop it from the draft
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
        return
    stored = attachment.file.name or ""
    attachment.delete()
    if stored:
        transaction.on_commit(lambda: Attachment.file.field.storage.delete(stored))


def _editor_queryset(actor: Any) -> models.QuerySet[Offer]:
    """The offer with what the guards, audit and snapshot need: call, organisation, tenant, actor's role."""
    return with_editor_role(Offer.objects.select_related("call", "organisation", "tenant"), actor)


# `_editor_queryset` locked (only the offer's row) and read by a query compiled once per process: building
# and compiling it (~150 columns) cost twice what running it does, on every submission. The tenant is
# filtered explicitly, as the scoped manager would.
_EDITOR_LOCK: PreparedQuery[Offer] = PreparedQuery(
    lambda pk, tenant_id, user_id: with_editor_role_of(
        Offer._base_manager.select_for_update(of=("self",))
        .select_related("call", "organisation", "tenant")
        .filter(pk=pk, tenant_id=tenant_id)
        .order_by(),
        user_id,
    ),
    pk=int,
    tenant_id=int,
    user_id=int,
)


def _editor_lock(actor: Any) -> dict[str, Any]:
    """How `apply_transition` locks and reads the offer for `actor`: its `lock` (or `queryset`) argument."""
    if not getattr(actor, "is_authenticated", False):
        return {"queryset": _editor_queryset(actor)}

    def lock(offer: Offer) -> Offer:
        found = _EDITOR_LOCK.fetch(pk=offer.pk, tenant_id=offer.tenant_id, user_id=actor.pk)
        if not found:
            raise Offer.DoesNotExist
        return found[0]

    return {"lock": lock}


_LAST_NUMBER: PreparedQuery[int] = PreparedQuery(
    lambda offer_id, tenant_id: (
        OfferVersion._base_manager.filter(offer_id=offer_id, tenant_id=tenant_id)
        .order_by("-number")
        .values_list("number", flat=True)[:1]
    ),
    offer_id=int,
    tenant_id=int,
)


def _repeated_submission(offer: Offer, actor: Any, state: str = OfferState.SUBMITTED) -> OfferVersion | None:
    """The version a repeated request (double click, resent POST) already created, if that is what happened."""
    current = Offer.objects.get(pk=offer.pk)
    latest = latest_version(current)
    if current.state == state and latest is not None and is_offer_editor(actor, current):
        return latest
    return None


def _freeze(submitted: Offer, actor: Any, *, now: Any) -> OfferVersion:
    """Freeze the offer as its next version (canonical JSON + SHA-256), submitted at `now`, and e-mail
    the confirmation.

    Runs under the row lock the transition took (a first submission saved the offer's submission time
    with its state; a correction or an update keeps it: the new version has its own time).
    """
    # Only the number: the latest version's snapshot (a large JSON document) is not needed here.
    previous = _LAST_NUMBER.fetch(offer_id=submitted.pk, tenant_id=submitted.tenant_id)
    number = (previous[0] if previous else 0) + 1
    snapshot = offer_snapshot(submitted, version=number, submitted_at=now, facts=facts_of(submitted))
    version: OfferVersion = OfferVersion.objects.create(
        tenant=submitted.tenant,
        offer=submitted,
        number=number,
        snapshot=snapshot,
        checksum=checksum(snapshot),
        submitted_at=now,
        submitted_by=actor,
    )
    record_event(
        actor=actor,
        subject=submitted,
        action="offer.freeze",
        data={"version": number, "checksum": version.checksum},
    )
    version_pk = version.pk
    transaction.on_commit(lambda: send_submission_confirmation.enqueue(version_id=version_pk))
    return version


def submit_offer(*, offer: Offer, actor: Any) -> OfferVersion:
    """Submit: freeze a version (canonical JSON + SHA-256), time it, e-mail the confirmation.

    Repeating the request (double click, resent POST) returns the same version: one submission.
    """
    # sharing_facts: the guard's completeness checks and the snapshot read the rows once (the row is
    # locked throughout); the guards, audit and snapshot need the call, organisation, tenant, actor's role.
    # The submission time is saved with the new state (one UPDATE), and is the frozen version's.
    now = timezone.now()
    with transaction.atomic(), sharing_facts():
        try:
            submitted = apply_transition(
                offer, "submit", actor=actor, changes={"submitted_at": now}, **_editor_lock(actor)
            )
        except TransitionNotAllowed:
            repeated = _repeated_submission(offer, actor)
            if repeated is not None:
                return repeated
            raise
        return _freeze(submitted, actor, now=now)


def submit_correction(*, offer: Offer, actor: Any) -> OfferVersion:
    """Submit the corrected offer (wezwanie do uzupełnienia braków): a new frozen version, back to the office.

    Only before the correction deadline and complete like a first submission; repeating the request
    returns the same version.
    """
    with transaction.atomic(), sharing_facts():
        try:
            submitted = apply_transition(offer, "submit_correction", actor=actor, **_editor_lock(actor))
        except TransitionNotAllowed:
            repeated = _repeated_submission(offer, actor)
            if repeated is not None:
                return repeated
            raise
        return _freeze(submitted, actor, now=timezone.now())


@transaction.atomic
def withdraw_offer(*, offer: Offer, actor: Any, reason: str = "") -> Offer:
    """Withdraw a submitted offer before the deadline; its frozen versions stay on record."""
    return apply_transition(offer, "withdraw", actor=actor, reason=reason)


@transaction.atomic
def reopen_offer(*, offer: Offer, actor: Any) -> Offer:
    """Turn a withdrawn offer back into a draft before the deadline, to correct and submit it again."""
    try:
        return apply_transition(offer, "reopen", actor=actor)
    except IntegrityError as error:
        raise ValidationError(
            _("The organisation already has another offer in this call."), code="duplicate"
        ) from error


def submit_update(*, offer: Offer, actor: Any) -> OfferVersion:
    """Submit the offer update (aktualizacja) after a lower award: a new frozen version for the office.

    The guard (`update_problems`) wants the offer complete under the call's rules and asking for exactly
    the awarded grant. The office's contact address (the local government's e-mail) is told after
    commit; the offeror gets the usual confirmation with the version's checksum. Repeating the request
    returns the same version.
    """
    with transaction.atomic(), sharing_facts():
        try:
            submitted = apply_transition(offer, "submit_update", actor=actor, **_editor_lock(actor))
        except TransitionNotAllowed:
            repeated = _repeated_submission(offer, actor, OfferState.UPDATE_SUBMITTED)
            if repeated is not None:
                return repeated
            raise
        version = _freeze(submitted, actor, now=timezone.now())
        office_email = submitted.tenant.email
        if office_email:
            queue_email_text(
                to=[office_email],
                template="offers/email/update_submitted.txt",
                context={"offer": submitted, "call": submitted.call, "tenant": submitted.tenant, "version": version},
            )
        return version


# Decisions other apps take on an offer ------------------------------------------------------------
# The offer's lifecycle lives here (offers/transitions.py, registered with the model); the evaluation
# and the agreements ask for these moves by name instead of applying the offer's table themselves.


def _move(
    offer: Offer,
    action: str,
    *,
    actor: Any,
    reason: str = "",
    data: dict[str, Any] | None = None,
    queryset: models.QuerySet[Offer] | None = None,
) -> Offer:
    return apply_transition(offer, action, actor=actor, reason=reason, data=data, queryset=queryset)


def record_formal_outcome(
    *,
    offer: Offer,
    outcome: str,
    actor: Any,
    reasons: str = "",
    data: dict[str, Any] | None = None,
    queryset: models.QuerySet[Offer] | None = None,
) -> Offer:
    """The formal check's outcome (ocena formalna): "accept_formally", "request_correction" or
    "reject_formally" (also for a correction not made by its deadline)."""
    if outcome not in FORMAL_OUTCOMES:
        raise not_allowed(offer, outcome)
    return _move(offer, outcome, actor=actor, reason=reasons, data=data, queryset=queryset)


def record_grant_decision(
    *, offer: Offer, outcome: str, actor: Any, reason: str = "", data: dict[str, Any] | None = None
) -> Offer:
    """The decision on the grant (rozstrzygnięcie): "award", "award_less" (update required) or "not_award".

    `data` holds the decision's number, the amount and the date of publication: the grants register
    reads them from the transition (it follows the offer's lifecycle)."""
    if outcome not in GRANT_OUTCOMES:
        raise not_allowed(offer, outcome)
    return _move(offer, outcome, actor=actor, reason=reason, data=data)


def accept_update(
    *, offer: Offer, actor: Any, data: dict[str, Any] | None = None, queryset: models.QuerySet[Offer] | None = None
) -> Offer:
    """The office accepts the offer update (aktualizacja): the offer is awarded as updated."""
    return _move(offer, "accept_update", actor=actor, data=data, queryset=queryset)


def return_update(*, offer: Offer, actor: Any, reasons: str, queryset: models.QuerySet[Offer] | None = None) -> Offer:
    """The office returns the offer update with reasons: the organisation edits it again."""
    return _move(offer, "return_update", actor=actor, reason=reasons, queryset=queryset)


FORMAL_OUTCOMES = frozenset({"accept_formally", "request_correction", "reject_formally"})
GRANT_OUTCOMES = frozenset({"award", "award_less", "not_award"})
