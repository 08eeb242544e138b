"""Reads of offers: for their organisation's members, for the office, totals and the frozen snapshot."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.core.prepared import PreparedQuery
from pozytek.offers.budget import Budget, Line, Sources, build_budget, money, task_years
from pozytek.offers.models import Action, Attachment, CostLine, Offer, Offeror, OfferVersion, Result
from pozytek.offers.states import CostCategory, OfferState
from pozytek.organisations.models import OrganisationMember

OFFEROR_COUNT = "offeror_count_"
EDITOR_ROLE, EDITOR_ROLE_USER = "editor_role_", "editor_role_user_"


def _member_filter(user: Any) -> Q:
    return Q(organisation__members__user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


def offers_of_member_across_tenants(user: Any) -> QuerySet[Offer]:
    """Offers of every organisation the user keeps, in every local government (platform page)."""
    with scopes_disabled():
        offers: QuerySet[Offer] = (
            Offer.objects.filter(_member_filter(user))
            .select_related("call", "tenant", "organisation")
            .order_by("-updated_at", "-pk")
            .distinct()
        )
        return offers


def member_offer(tenant: Any, pk: int, user: Any) -> Offer:
    """An offer of this tenant kept by one of the user's organisations, or 404 (never 403: no leak)."""
    # No DISTINCT: a person is a member of an organisation once (member_unique), so the join gives at
    # most one row; PostgreSQL spent ~5 ms planning a DISTINCT over every selected column on each request.
    # The number of offerors comes along: the section forms and checks would count them 1-3 times.
    if not getattr(user, "is_authenticated", False):
        raise Http404
    # Compiled once per process (core/prepared.py): building and compiling this ~150-column query took
    # twice as long as running it, on every page and autosave of an offer.
    found = _MEMBER_OFFER.fetch(tenant_id=tenant.pk, user_id=user.pk, pk=pk)
    if not found:
        raise Http404
    offer: Offer = found[0]
    # The offer is of `tenant` (filtered above): reuse it rather than join and build its row again.
    offer.tenant = tenant
    # The member filter found the user among the organisation's members, and every member may edit
    # its offers (`is_member`): what `with_editor_role` would annotate, known without a subquery.
    setattr(offer, EDITOR_ROLE, "member")
    setattr(offer, EDITOR_ROLE_USER, user.pk)
    return offer


# The tenant is filtered explicitly (the scope's own filter, which a query built once cannot carry).
_MEMBER_OFFER: PreparedQuery[Offer] = PreparedQuery(
    lambda tenant_id, user_id, pk: (
        with_offeror_count(
            Offer._base_manager.filter(tenant_id=tenant_id, organisation__members__user_id=user_id, pk=pk)
        )
        .select_related("call", "organisation")
        .order_by()[:2]
    ),
    tenant_id=int,
    user_id=int,
    pk=int,
)


def active_offer_of(call: Any, organisation: Any) -> Offer | None:
    """The organisation's draft or submitted offer in the call, if any."""
    return (
        Offer.objects.filter(call=call, organisation=organisation, state__in=[OfferState.DRAFT, OfferState.SUBMITTED])
        .order_by("-pk")
        .first()
    )


def office_offer(tenant: Any, pk: int) -> Offer:
    """An offer of this tenant that has been submitted at least once (drafts are the NGO's own), or 404."""
    offers = Offer.objects.filter(tenant=tenant, versions__isnull=False).distinct()
    offer: Offer = get_object_or_404(offers.select_related("call", "organisation"), pk=pk)
    return offer


def offers_of_call(call: Any) -> QuerySet[Offer]:
    """Offers submitted (or submitted and withdrawn) in a call, for the office, with their latest version."""
    offers: QuerySet[Offer] = (
        Offer.objects.filter(call=call, versions__isnull=False)
        .exclude(state=OfferState.DRAFT, submitted_at__isnull=True)
        .select_related("organisation")
        .annotate(version_count=Count("versions"))
        .order_by("submitted_at", "pk")
    )
    return offers


def call_offer_summary(call: Any) -> dict[str, Any]:
    """Counts per state, requested grants of submitted offers vs the call's funds."""
    offers = Offer.objects.filter(call=call)
    submitted = offers.filter(state=OfferState.SUBMITTED)
    requested = submitted.aggregate(total=Sum("requested_grant"))["total"] or Decimal(0)
    funds = call.total_funds or Decimal(0)
    return {
        "drafts": offers.filter(state=OfferState.DRAFT).count(),
        "submitted": submitted.count(),
        "withdrawn": offers.filter(state=OfferState.WITHDRAWN).count(),
        "requested": money(requested),
        "funds": money(funds),
        "oversubscription": (requested / funds).quantize(Decimal("0.01")) if funds else None,
    }


def latest_version(offer: Offer) -> OfferVersion | None:
    return OfferVersion.objects.filter(offer=offer).order_by("-number").first()


def attachments_of(offer: Offer) -> QuerySet[Attachment]:
    """The offer's current attachments (files kept only for an earlier version are left out)."""
    return Attachment.objects.filter(offer=offer, removed_at__isnull=True).order_by("created_at", "pk")


def version_attachments(version: OfferVersion) -> QuerySet[Attachment]:
    """The files a frozen version lists, found by their SHA-256 (still there even if a draft dropped them)."""
    hashes = [a["sha256"] for a in version.snapshot.get("attachments", [])]
    return Attachment.objects.filter(offer_id=version.offer_id, sha256__in=hashes).order_by("created_at", "pk")


def attachment_of(offer: Offer, pk: int) -> Attachment:
    attachment: Attachment = get_object_or_404(Attachment.objects.filter(offer=offer), pk=pk)
    return attachment


def version_of(offer: Offer, number: int) -> OfferVersion:
    version: OfferVersion = get_object_or_404(OfferVersion.objects.filter(offer=offer), number=number)
    return version


def actions_of(offer: Offer) -> QuerySet[Action]:
    return offer.actions.select_related("offeror").order_by("year", "order", "pk")


def cost_lines_of(offer: Offer) -> QuerySet[CostLine]:
    return offer.cost_lines.select_related("action", "offeror").order_by("category", "order", "pk")


def action_label(action: Action | None) -> str:
    return action.name if action is not None else ""


def budget_of(offer: Offer, facts: "OfferFacts | None" = None) -> Budget:
    """Section V of a saved offer, every sum computed from its lines and sources."""
    facts = facts or OfferFacts(offer)
    lines = [
        Line(
            name=line.name,
            unit=line.unit,
            unit_cost=line.unit_cost,
            quantity=line.quantity,
            years=(line.year1, line.year2, line.year3),
            category=line.category,
            action=action_label(line.action) if line.category == CostCategory.ACTION else "",
            offeror=line.offeror.name if line.offeror else "",
            grant=line.grant,
        )
        for line in facts.cost_lines
    ]
    return build_budget(
        years=task_years(offer.start_date, offer.end_date),
        lines=lines,
        sources=sources_of(offer),
        action_labels=list(dict.fromkeys(a.name for a in facts.actions)),
        offerors=[o.name for o in facts.offerors],
    )


def offeror_count(offer: Offer) -> int:
    """How many offerors the offer has; counted by the query that read the offer when it did so."""
    # member_offer and the services' row lock annotate it: the forms and checks of one request then
    # need no COUNT query each (three per autosave before).
    counted = getattr(offer, OFFEROR_COUNT, None)
    return int(counted) if counted is not None else offer.offerors.count()


# COUNT as a plain function (no GROUP BY, so always one row, 0 included), built once: building the
# subquery cost about as much Python as the COUNT query it replaces. The base manager (built at import,
# outside any scope): correlated to the outer offer, which its own scoped query already found.
_OFFEROR_COUNT_SQL = Subquery(
    Offeror._base_manager.filter(offer=OuterRef("pk"))
    .order_by()
    .annotate(n=Func(F("pk"), function="COUNT"))
    .values("n"),
    output_field=IntegerField(),
)


def with_offeror_count(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """`offers` annotated with their number of offerors (read by `offeror_count`)."""
    return offers.annotate(**{OFFEROR_COUNT: _OFFEROR_COUNT_SQL})


def forget_offeror_count(offer: Offer) -> None:
    """The offerors were just rewritten: the annotated count no longer holds."""
    offer.__dict__.pop(OFFEROR_COUNT, None)


def with_editor_role(offers: QuerySet[Offer], user: Any) -> QuerySet[Offer]:
    """`offers` annotated with `user`'s role in the offering organisation (read by `is_offer_editor`).

    The same lookup as organisations' `member_role`, done by the query that reads the offer anyway.
    """
    if not getattr(user, "is_authenticated", False):
        return offers
    return with_editor_role_of(offers, user.pk)


def with_editor_role_of(offers: QuerySet[Offer], user_id: int) -> QuerySet[Offer]:
    """`with_editor_role` for a signed-in user's id."""
    roles = OrganisationMember.objects.filter(user_id=user_id, organisation=OuterRef("organisation_id")).order_by("pk")
    return offers.annotate(**{EDITOR_ROLE: Subquery(roles.values("role")[:1]), EDITOR_ROLE_USER: Value(user_id)})


def _rows_of(model: Any, *, select_related: tuple[str, ...] = ()) -> PreparedQuery[Any]:
    """The rows of one offer in the model's own order, as `offer.<rows>.all()` reads them (the scoped
    manager's filter, the offer's tenant, written out), compiled once per process (core/prepared.py)."""
    return PreparedQuery(
        lambda offer_id, tenant_id: (
            model._base_manager.filter(offer_id=offer_id, offer__tenant_id=tenant_id)
            .select_related(*select_related)
            .order_by(*model._meta.ordering)
        ),
        offer_id=int,
        tenant_id=int,
    )


_OFFERORS = _rows_of(Offeror)
_ACTIONS = _rows_of(Action, select_related=("offeror",))  # as actions_of
_COST_LINES = _rows_of(CostLine, select_related=("action", "offeror"))  # as cost_lines_of
_RESULTS = _rows_of(Result)
_ATTACHMENTS: PreparedQuery[Attachment] = PreparedQuery(  # as attachments_of
    lambda offer_id, tenant_id: Attachment._base_manager.filter(
        offer_id=offer_id, tenant_id=tenant_id, removed_at__isnull=True
    ).order_by("created_at", "pk"),
    offer_id=int,
    tenant_id=int,
)


class OfferFacts:
    """The offer's rows, each read at most once: shared by the completeness checks, the budget and the
    snapshot of one submission (which read the same offerors, actions and cost lines up to four times).

    Each list is what `offer.offerors.all()`, `actions_of(offer)`, `cost_lines_of(offer)`,
    `offer.results.all()` and `attachments_of(offer)` give, read by queries compiled once: building and
    compiling the five queries cost more than three times what running them does, on each submission
    and checklist."""

    def __init__(self, offer: Offer) -> None:
        self.offer = offer

    def _children(self, query: PreparedQuery[Any]) -> list[Any]:
        rows = query.fetch(offer_id=self.offer.pk, tenant_id=self.offer.tenant_id)
        for row in rows:  # as the related manager does: each row knows its offer
            _OFFER_OF[type(row)].set_cached_value(row, self.offer)
        return rows

    @cached_property
    def offerors(self) -> list[Offeror]:
        return self._children(_OFFERORS)

    @property
    def offeror_count(self) -> int:
        return len(self.offerors) if "offerors" in self.__dict__ else offeror_count(self.offer)

    @cached_property
    def actions(self) -> list[Action]:
        return self._children(_ACTIONS)

    @cached_property
    def cost_lines(self) -> list[CostLine]:
        return self._children(_COST_LINES)

    @cached_property
    def results(self) -> list[Result]:
        return self._children(_RESULTS)

    @cached_property
    def attachments(self) -> list[Attachment]:
        return list(_ATTACHMENTS.fetch(offer_id=self.offer.pk, tenant_id=self.offer.tenant_id))

    @cached_property
    def budget(self) -> Budget:
        return budget_of(self.offer, self)


_OFFER_OF = {model: model._meta.get_field("offer") for model in (Offeror, Action, CostLine, Result)}


_shared_facts: ContextVar[dict[int, OfferFacts] | None] = ContextVar("shared_offer_facts", default=None)


@contextmanager
def sharing_facts() -> Iterator[None]:
    """Within it, `facts_of` gives one OfferFacts per offer: use it only while the offer's row is locked
    (a submission), so that nothing can change the rows read once."""
    token = _shared_facts.set({})
    try:
        yield
    finally:
        _shared_facts.reset(token)


def facts_of(offer: Offer) -> OfferFacts:
    shared = _shared_facts.get()
    if shared is None:
        return OfferFacts(offer)
    facts = shared.get(offer.pk)
    if facts is None or facts.offer is not offer:
        facts = shared[offer.pk] = OfferFacts(offer)
    return facts


def sources_of(offer: Offer) -> Sources:
    return Sources(
        grant=money(offer.requested_grant),
        own_financial=money(offer.own_financial),
        own_personal=money(offer.own_personal),
        own_in_kind=money(offer.own_in_kind),
        beneficiary_fees=money(offer.beneficiary_fees),
        other_public_funds=money(offer.other_public_funds),
    )


def deadline_passed(call: Any, *, now: dt.datetime | None = None) -> bool:
    """True from the deadline's exact second on (server clock, time zone aware)."""
    return call.offer_deadline is not None and (now or timezone.now()) >= call.offer_deadline


def require_same_tenant(offer: Offer, tenant: Any) -> None:
    if offer.tenant_id != tenant.pk:
        raise Http404


def listed_offers_of_call(call: Any) -> list[tuple[Offer, OfferVersion | None]]:
    """Submitted and withdrawn offers of a call for the office, each with its latest frozen version.

    Offers reopened as drafts are left out like every draft (a draft is the organisation's own;
    `call_offer_summary` counts them). Two queries, whatever the number of offers.
    """
    offers = list(offers_of_call(call).filter(state__in=[OfferState.SUBMITTED, OfferState.WITHDRAWN]))
    newest = OfferVersion.objects.filter(offer=OuterRef("offer")).order_by("-number").values("number")[:1]
    versions = OfferVersion.objects.filter(offer__in=[o.pk for o in offers], number=Subquery(newest))
    by_offer = {v.offer_id: v for v in versions}
    return [(offer, by_offer.get(offer.pk)) for offer in offers]


def versions_of(offer: Offer) -> QuerySet[OfferVersion]:
    """Every frozen version of an offer, newest first."""
    return OfferVersion.objects.filter(offer=offer).select_related("submitted_by").order_by("-number")


def submitted_offer_contacts(call: Any) -> list[tuple[Any, list[str]]]:
    """(organisation, e-mail addresses) for each organisation with a submitted offer in the call.

    The addresses are the organisation's own and the offer's contact person (section II), without
    duplicates or blanks (an organisation has at most one active offer in a call).
    """
    offers = (
        Offer.objects.filter(call=call, state=OfferState.SUBMITTED)
        .select_related("organisation")
        .order_by("organisation_id", "pk")
    )
    contacts: dict[int, tuple[Any, list[str]]] = {}
    for offer in offers:
        organisation, addresses = contacts.setdefault(offer.organisation_id, (offer.organisation, []))
        for address in (organisation.email, offer.contact_email):
            if address and address.lower() not in {a.lower() for a in addresses}:
                addresses.append(address)
    return list(contacts.values())


def offeror_addresses(offer: Offer) -> list[str]:
    """The organisation's address and the offer's contact person, without duplicates or blanks."""
    return _unique_addresses([offer.organisation.email, offer.contact_email])


def offer_contacts(offer: Offer) -> list[str]:
    """Who hears about the result of a check: the offer's contact person, the organisation and its members."""
    members = offer.organisation.members.order_by("pk").values_list("user__email", flat=True)
    return _unique_addresses([offer.contact_email, offer.organisation.email, *members])


def _unique_addresses(addresses: list[str]) -> list[str]:
    unique: list[str] = []
    for address in addresses:
        if address and address.lower() not in {a.lower() for a in unique}:
            unique.append(address)
    return unique


# Work waiting (core.worklist: offers/worklist.py) -----------------------------------------------------

# What an organisation's dashboard follows: drafts to submit, offers under evaluation, corrections and
# updates asked for (decided offers move on to their agreements).
MEMBER_WORK_STATES = (
    OfferState.DRAFT,
    OfferState.SUBMITTED,
    OfferState.CORRECTION,
    OfferState.FORMALLY_ACCEPTED,
    OfferState.UPDATE_REQUIRED,
    OfferState.UPDATE_SUBMITTED,
)


def open_offers_of_member_across_tenants(user: Any) -> list[Offer]:
    """The user's organisations' offers still in progress, in every local government, with call, tenant and
    organisation: one query. Crosses tenants on purpose (the person's dashboard), filtered by membership."""
    if not getattr(user, "is_authenticated", False):
        return []
    with scopes_disabled():
        return list(offers_of_member_across_tenants(user).filter(state__in=MEMBER_WORK_STATES))
