"""Writes of small grants (art. 19a): the year's scheme, the publication of a received offer for comments,
comments in the window, and the decision on purposefulness (celowość) within the limits in force."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.core.workflow import Problem, apply_transition
from pozytek.evaluation.services.direct import record_direct_decision
from pozytek.legal.selectors import LegalParameterMissing, legal_days
from pozytek.legal.working_days import add_working_days
from pozytek.offers.models import Offer
from pozytek.offers.states import FundingRoute
from pozytek.smallgrants.models import Publication, SmallGrantComment, SmallGrantScheme
from pozytek.smallgrants.permissions import is_small_grants_officer
from pozytek.smallgrants.selectors import (
    is_late,
    organisation_year_sum,
    pool_meter,
    today,
    window_open,
)
from pozytek.smallgrants.states import PublicationState

SCHEME_FIELDS = ("grants_budget", "how_to_apply", "contact", "published")


def _pln(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",") + " zł"


def task_year(offer: Offer) -> int:
    """The year a small grant counts in: the year its task starts (as the grants register records it)."""
    return offer.start_date.year if offer.start_date else today().year


@transaction.atomic
def save_scheme(*, tenant: Any, year: int, actor: Any, data: dict[str, Any]) -> SmallGrantScheme:
    """Create or change the small-grants scheme of `year` (the standing page and the pool's base)."""
    if not is_small_grants_officer(actor, tenant):
        raise PermissionDenied(_("Only the office staff of this local government can do this."))
    scheme = SmallGrantScheme.objects.select_for_update().filter(tenant=tenant, year=year).first()
    created = scheme is None
    if scheme is None:
        scheme = SmallGrantScheme(tenant=tenant, year=year, grants_budget=data["grants_budget"])
    for name in SCHEME_FIELDS:
        if name in data:
            setattr(scheme, name, data[name])
    try:
        with transaction.atomic():
            scheme.save()
    except IntegrityError:
        raise ValidationError({"year": [_("The scheme of this year exists already.")]}) from None
    if "spheres" in data:
        scheme.spheres.set(data["spheres"])
    record_event(
        actor=actor,
        subject=scheme,
        action="smallgrants.scheme_created" if created else "smallgrants.scheme_changed",
        data={"year": year, "grants_budget": str(scheme.grants_budget), "published": scheme.published},
    )
    return scheme


def register_received(*, offer: Offer, actor: Any) -> Publication | None:
    """A small-grant offer came in: its publication is due within the working days the law gives
    (art. 19a ust. 3), counted from the day of receipt. Runs in the submission's transaction."""
    if offer.route != FundingRoute.SMALL_GRANT:
        return None
    received = timezone.localdate(offer.submitted_at) if offer.submitted_at else today()
    try:
        days = legal_days("small_grant.publication_working_days", on=received, tenant=offer.tenant)
    except LegalParameterMissing:
        days = 7
    publication: Publication
    publication, created = Publication.objects.get_or_create(
        offer=offer,
        defaults={"tenant": offer.tenant, "received_on": received, "publish_by": add_working_days(received, days)},
    )
    if created:
        record_event(
            actor=actor,
            subject=publication,
            action="smallgrants.received",
            data={"offer": offer.pk, "publish_by": publication.publish_by.isoformat()},
        )
    return publication


def publish_for_comments(*, publication: Publication, actor: Any) -> Publication:
    """Publish the offer on the local government's pages for comments, for the days the law gives
    (art. 19a ust. 4: 7 days) from today. A late publication is allowed and recorded as late."""
    now = timezone.now()
    day = timezone.localdate(now)
    try:
        days = legal_days("small_grant.comment_period_days", on=day, tenant=publication.tenant)
    except LegalParameterMissing:
        days = 7
    moved: Publication = apply_transition(
        publication,
        "publish",
        actor=actor,
        queryset=Publication.objects.select_related("offer"),
        changes={"published_at": now, "comments_until": day + dt.timedelta(days=days)},
        data={"late": day > publication.publish_by, "comments_until": (day + dt.timedelta(days=days)).isoformat()},
    )
    return moved


def take_down(*, publication: Publication, actor: Any, reason: str) -> Publication:
    """Take the offer off the pages (e.g. the organisation withdrew it); the comments are kept."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason.")]})
    moved: Publication = apply_transition(publication, "withdraw", actor=actor, reason=reason.strip())
    return moved


@transaction.atomic
def add_comment(*, publication: Publication, actor: Any, author_name: str, text: str) -> SmallGrantComment:
    """A comment on a published offer, accepted only while its window is open (server clock, Warsaw)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to comment."))
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    errors: dict[str, list[str]] = {}
    if not window_open(locked):
        errors["__all__"] = [_("The time for comments on this offer has ended (or has not begun).")]
    if not text.strip():
        errors["text"] = [_("Write the comment.")]
    if not author_name.strip():
        errors["author_name"] = [_("Give the name you sign with.")]
    if errors:
        raise ValidationError(errors)
    comment: SmallGrantComment = SmallGrantComment.objects.create(
        tenant=locked.tenant, publication=locked, author=actor, author_name=author_name.strip(), text=text.strip()
    )
    record_event(actor=actor, subject=locked, action="smallgrants.comment", data={"comment": comment.pk})
    return comment


def limit_problems(offer: Offer, amount: Decimal, *, on: dt.date, require_pool: bool = True) -> list[Problem]:
    """The yearly limits with the values in force on `on`: the organisation's yearly sum from this local
    government and the pool (a share of the funds planned for grants), both from the grants register.
    Without the year's scheme the pool cannot be checked: a problem when `require_pool` (the decision),
    nothing at submission (the organisation cannot be held back by the office's missing setting)."""
    year = task_year(offer)
    meter = pool_meter(offer.tenant, year, on=on)
    problems = []
    if meter.per_organisation is not None:
        already = organisation_year_sum(offer.tenant, offer.organisation, year)
        if already + amount > meter.per_organisation:
            problems.append(
                Problem(
                    _(
                        "In %(year)d the organisation may receive at most %(max)s in small grants from this local "
                        "government; it has %(already)s already, and this grant would make %(total)s."
                    )
                    % {
                        "year": year,
                        "max": _pln(meter.per_organisation),
                        "already": _pln(already),
                        "total": _pln(already + amount),
                    },
                    "sources",
                )
            )
    if meter.cap is None:
        if meter.grants_budget is None and require_pool:
            problems.append(
                Problem(
                    _(
                        "The office has not yet set the funds planned for grants in %(year)d, so the small-grants "
                        "pool cannot be checked."
                    )
                    % {"year": year},
                    "sources",
                )
            )
    elif meter.used + amount > meter.cap:
        problems.append(
            Problem(
                _(
                    "The small-grants pool of %(year)d (%(share)s%% of the funds for grants: %(cap)s) has %(left)s "
                    "left; this grant needs %(amount)s."
                )
                % {
                    "year": year,
                    "share": f"{meter.share_percent:g}",
                    "cap": _pln(meter.cap),
                    "left": _pln(meter.left or Decimal(0)),
                    "amount": _pln(amount),
                },
                "sources",
            )
        )
    return problems


def submission_limit_problems(offer: Any) -> list[Problem]:
    """Registered with the small-grant route (offers.routes): the yearly limits checked at submission."""
    return limit_problems(offer, offer.requested_grant or Decimal(0), on=today(), require_pool=False)


@transaction.atomic
def decide_small_grant(
    *,
    publication: Publication,
    actor: Any,
    purposeful: bool,
    reason: str,
    number: str,
    date: dt.date | None,
) -> Offer:
    """The executive's decision on purposefulness (uznanie celowości, art. 19a ust. 1): after the comment
    window, with a reason; a grant is awarded as requested within the limits in force on the day the offer
    was filed. Decisions of one year are serialised on the year's scheme row, so two decisions at the same
    moment cannot both pass the pool or an organisation's yearly sum."""
    if not is_small_grants_officer(actor, publication):
        raise PermissionDenied(_("Only the office staff of this local government can do this."))
    locked = (
        Publication.objects.select_for_update().select_related("offer", "offer__organisation").get(pk=publication.pk)
    )
    offer = locked.offer
    errors: dict[str, list[str]] = {}
    if locked.state != PublicationState.PUBLISHED or locked.comments_until is None:
        errors["__all__"] = [_("Publish the offer for comments first.")]
    elif locked.comments_until >= today():
        errors["__all__"] = [
            _("Comments may be given until %(day)s: decide after that day.")
            % {"day": locked.comments_until.strftime("%d.%m.%Y")}
        ]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for the decision on purposefulness.")]
    if errors:
        raise ValidationError(errors)
    year = task_year(offer)
    amount = offer.requested_grant or Decimal(0)
    if purposeful:
        # The year's scheme row is the lock: concurrent decisions of one year wait here for each other.
        if SmallGrantScheme.objects.select_for_update().filter(tenant=locked.tenant, year=year).first() is None:
            raise ValidationError(
                {
                    "__all__": [
                        _("Set the small-grants scheme of %(year)d (the funds planned for grants) first.")
                        % {"year": year}
                    ]
                }
            )
        filed = timezone.localdate(offer.submitted_at) if offer.submitted_at else today()
        problems = limit_problems(offer, amount, on=filed)
        if problems:
            raise ValidationError({"__all__": [problem.message for problem in problems]})
    moved = record_direct_decision(
        offer=offer,
        actor=actor,
        number=number,
        date=date,
        amount=amount if purposeful else Decimal(0),
        reason=reason,
    )
    record_event(
        actor=actor,
        subject=locked,
        action="smallgrants.decision",
        data={"purposeful": purposeful, "amount": str(amount if purposeful else 0), "late": is_late(locked)},
    )
    return moved
