"""Bodies and their members (skład): create a body, appoint and end members, start and end the term.

Errors are ValidationError keyed by form field, so forms show them next to the field.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.core.workflow import apply_transition
from pozytek.councils.models import Body, BodyMember
from pozytek.councils.permissions import is_council_officer
from pozytek.councils.selectors import ngo_balance, same_person
from pozytek.councils.states import BodyState, MemberRole, MemberSide
from pozytek.councils.transitions import balance_problems

# Paths under /<tenant>/rady/ that a body's slug must not take.
RESERVED_SLUGS = frozenset({"nabory", "sekretariat"})


def _require_officer(actor: Any, obj: Any) -> None:
    if not is_council_officer(actor, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _unique_slug(tenant: Any, name: str, slug: str = "") -> str:
    base = slugify(slug or name)[:70] or "rada"
    candidate, n = base, 2
    while candidate in RESERVED_SLUGS or Body.objects.filter(tenant=tenant, slug=candidate).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def _check_term(start: dt.date | None, end: dt.date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if start is None:
        errors["term_start"] = [_("Enter the first day of the term.")]
    if end is None:
        errors["term_end"] = [_("Enter the last day of the term.")]
    if start and end and end <= start:
        errors["term_end"] = [_("The term must end after it starts.")]
    return errors


@transaction.atomic
def create_body(
    *,
    tenant: Any,
    actor: Any,
    kind: str,
    name: str,
    term_start: dt.date,
    term_end: dt.date,
    description: str = "",
    legal_basis: str = "",
    contact_email: str = "",
    slug: str = "",
) -> Body:
    """Create a body (in formation: members are appointed before its term is started)."""
    _require_officer(actor, tenant)
    errors = _check_term(term_start, term_end)
    if not name.strip():
        errors["name"] = [_("Enter the name of the body.")]
    if errors:
        raise ValidationError(errors)
    body: Body = Body.objects.create(
        tenant=tenant,
        kind=kind,
        name=name.strip(),
        slug=_unique_slug(tenant, name, slug),
        term_start=term_start,
        term_end=term_end,
        description=description,
        legal_basis=legal_basis,
        contact_email=contact_email,
    )
    record_event(actor=actor, subject=body, action="council.body.create", data={"name": body.name, "kind": kind})
    return body


EDITABLE_BODY_FIELDS = ("name", "description", "legal_basis", "contact_email", "term_start", "term_end")


@transaction.atomic
def update_body(*, body: Body, actor: Any, **values: Any) -> Body:
    """Change the body's description or term; members' terms must stay inside the term."""
    _require_officer(actor, body)
    body = Body.objects.select_for_update().get(pk=body.pk)
    unknown = set(values) - set(EDITABLE_BODY_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    before = {k: str(getattr(body, k)) for k in values}
    for key, value in values.items():
        setattr(body, key, value.strip() if isinstance(value, str) else value)
    errors = _check_term(body.term_start, body.term_end)
    if not body.name:
        errors["name"] = [_("Enter the name of the body.")]
    if not errors:
        outside = body.members.exclude(term_start__gte=body.term_start, term_end__lte=body.term_end)
        if outside.exists():
            errors["term_end"] = [
                _("Some members' terms fall outside this term (%(names)s); change them first.")
                % {"names": ", ".join(m.full_name for m in outside[:5])}
            ]
    if errors:
        raise ValidationError(errors)
    body.save()
    record_event(
        actor=actor,
        subject=body,
        action="council.body.update",
        data={"from": before, "to": {k: str(getattr(body, k)) for k in values}},
    )
    return body


def _member_errors(
    body: Body,
    *,
    full_name: str,
    user: Any,
    side: str,
    organisation: Any,
    term_start: dt.date | None,
    term_end: dt.date | None,
    exclude_pk: Any = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not full_name.strip():
        errors["full_name"] = [_("Enter the member's name.")]
    if side == MemberSide.NGO and organisation is None:
        errors["organisation"] = [_("Choose the organisation the member represents.")]
    if term_start is None:
        errors["term_start"] = [_("Enter the first day of the membership.")]
    elif term_start < body.term_start:
        errors["term_start"] = [
            _("The membership cannot start before the body's term (%(date)s).") % {"date": body.term_start.isoformat()}
        ]
    if term_end is None:
        errors["term_end"] = [_("Enter the last day of the membership.")]
    elif term_end > body.term_end:
        errors["term_end"] = [
            _("The membership cannot end after the body's term (%(date)s).") % {"date": body.term_end.isoformat()}
        ]
    elif term_start is not None and term_end < term_start:
        errors["term_end"] = [_("The membership must end on or after the day it starts.")]
    if (
        not errors
        and term_start is not None
        and term_end is not None
        and same_person(body, full_name=full_name, user=user, start=term_start, end=term_end, exclude_pk=exclude_pk)
    ):
        errors["full_name"] = [
            _("%(name)s is already a member of this body in an overlapping period.") % {"name": full_name.strip()}
        ]
    return errors


def _check_single_roles(body: Body, member: BodyMember) -> dict[str, list[str]]:
    """One chair and one secretary at a time."""
    if member.role not in (MemberRole.CHAIR, MemberRole.SECRETARY):
        return {}
    clash = body.members.filter(
        role=member.role, term_start__lte=member.term_end, term_end__gte=member.term_start
    ).exclude(pk=member.pk)
    if clash.exists():
        return {
            "role": [
                _("%(name)s already holds this role in an overlapping period.") % {"name": clash.first().full_name}  # type: ignore[union-attr]
            ]
        }
    return {}


@transaction.atomic
def add_member(
    *,
    body: Body,
    actor: Any,
    full_name: str,
    side: str,
    term_start: dt.date | None = None,
    term_end: dt.date | None = None,
    role: str = MemberRole.MEMBER,
    organisation: Any = None,
    represents_note: str = "",
    user: Any = None,
    email: str = "",
    candidacy: Any = None,
) -> BodyMember:
    """Appoint a member for a term inside the body's term (by default the whole term).

    Refused: the same person (account or name) in an overlapping period, a term outside the body's,
    a second chair or secretary, and, in an active Public Benefit Council, a member that would leave
    organisations with fewer than half of the seats.
    """
    _require_officer(actor, body)
    body = Body.objects.select_for_update().get(pk=body.pk)
    term_start = term_start or body.term_start
    term_end = term_end or body.term_end
    if side != MemberSide.NGO:
        organisation = None
    errors = _member_errors(
        body,
        full_name=full_name,
        user=user,
        side=side,
        organisation=organisation,
        term_start=term_start,
        term_end=term_end,
    )
    member = BodyMember(
        tenant=body.tenant,
        body=body,
        full_name=full_name.strip(),
        user=user,
        email=(email or (user.email if user is not None else "")).strip(),
        side=side,
        organisation=organisation,
        represents_note=represents_note.strip(),
        role=role,
        term_start=term_start,
        term_end=term_end,
        candidacy=candidacy,
    )
    if not errors:
        errors.update(_check_single_roles(body, member))
    if not errors and body.state == BodyState.ACTIVE and body.is_public_benefit_council:
        balance = ngo_balance(body, on=max(term_start, body.term_start), extra=[member])
        if not balance.ok:
            errors["side"] = [
                _(
                    "With this member fewer than half of the Council's members would represent organisations "
                    "(%(ngo)d of %(total)d). Appoint an organisation representative first."
                )
                % {"ngo": balance.ngo, "total": balance.total}
            ]
    if errors:
        raise ValidationError(errors)
    member.save()
    record_event(
        actor=actor,
        subject=member,
        action="council.member.add",
        data={
            "body": body.pk,
            "name": member.full_name,
            "side": side,
            "role": role,
            "from": term_start.isoformat(),
            "to": term_end.isoformat(),
        },
    )
    return member


MEMBER_FIELDS = (
    "full_name",
    "email",
    "side",
    "organisation",
    "represents_note",
    "role",
    "term_start",
    "term_end",
    "user",
)


@transaction.atomic
def update_member(*, member: BodyMember, actor: Any, **values: Any) -> BodyMember:
    """Correct a member's data, role or term with the same checks as an appointment (the NGO half
    of an active Council included)."""
    _require_officer(actor, member)
    unknown = set(values) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    member = BodyMember.objects.select_for_update().select_related("body").get(pk=member.pk)
    body = Body.objects.select_for_update().get(pk=member.body_id)
    before = {key: str(getattr(member, key)) for key in values}
    for key, value in values.items():
        setattr(member, key, value.strip() if isinstance(value, str) else value)
    member.term_start = member.term_start or body.term_start
    member.term_end = member.term_end or body.term_end
    if member.side != MemberSide.NGO:
        member.organisation = None
    errors = _member_errors(
        body,
        full_name=member.full_name,
        user=member.user,
        side=member.side,
        organisation=member.organisation,
        term_start=member.term_start,
        term_end=member.term_end,
        exclude_pk=member.pk,
    )
    if not errors:
        errors.update(_check_single_roles(body, member))
    if errors:
        raise ValidationError(errors)
    member.save()
    if body.state == BodyState.ACTIVE:
        problems = balance_problems(body)
        if problems:
            raise ValidationError({"side": [p.message for p in problems]})
    record_event(
        actor=actor,
        subject=member,
        action="council.member.update",
        data={"from": before, "to": {key: str(getattr(member, key)) for key in values}},
    )
    return member


@transaction.atomic
def end_membership(*, member: BodyMember, actor: Any, last_day: dt.date, reason: str = "") -> BodyMember:
    """End a member's term early (resignation, recall). In an active Council the NGO balance must hold."""
    _require_officer(actor, member)
    member = BodyMember.objects.select_for_update().select_related("body").get(pk=member.pk)
    body = member.body
    if last_day < member.term_start or last_day > member.term_end:
        raise ValidationError(
            {
                "last_day": [
                    _("Choose a day between %(start)s and %(end)s.")
                    % {"start": member.term_start.isoformat(), "end": member.term_end.isoformat()}
                ]
            }
        )
    previous = member.term_end
    member.term_end = last_day
    member.save(update_fields=["term_end", "updated_at"])
    if body.state == BodyState.ACTIVE and member.side == MemberSide.NGO and body.is_public_benefit_council:
        # Judged on the first day without this member (as long as the term lasts).
        day_after = min(last_day + dt.timedelta(days=1), body.term_end)
        balance = ngo_balance(body, on=day_after)
        if not balance.ok:
            raise ValidationError(
                {
                    "last_day": [
                        _(
                            "Without this member fewer than half of the Council's members would represent "
                            "organisations (%(ngo)d of %(total)d, art. 41f). Appoint a successor first."
                        )
                        % {"ngo": balance.ngo, "total": balance.total}
                    ]
                }
            )
    record_event(
        actor=actor,
        subject=member,
        action="council.member.end",
        data={"from": previous.isoformat(), "to": last_day.isoformat(), "reason": reason},
    )
    return member


@transaction.atomic
def remove_member(*, member: BodyMember, actor: Any) -> None:
    """Remove a member entered by mistake while the body is being formed (later: end the membership)."""
    _require_officer(actor, member)
    member = BodyMember.objects.select_for_update().select_related("body").get(pk=member.pk)
    if member.body.state != BodyState.FORMING:
        raise ValidationError(_("Members of a body in its term are not removed: end their membership instead."))
    if member.attendance.exists():
        raise ValidationError(_("This member has an attendance record and cannot be removed."))
    record_event(actor=actor, subject=member, action="council.member.remove", data={"name": member.full_name})
    member.delete()


def activate_body(*, body: Body, actor: Any) -> Body:
    """Start the term: refused (TransitionBlocked) without members, a chair, or, in a Council, the NGO half."""
    return apply_transition(body, "activate", actor=actor)


def end_term(*, body: Body, actor: Any) -> Body:
    return apply_transition(body, "end_term", actor=actor)
