"""The commission member's workspace and an organisation's nomination of a candidate.

Members must be signed in with two-step verification (CommissionAccessMixin). A seat is looked up
among the user's seats in the request's tenant, and an offer through the permission predicates:
anything the person may not see (no seat, no declaration, a declared conflict, another commission
or tenant) is a 404, so the page confirms nothing about what exists.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.core.workflow import TransitionBlocked
from pozytek.evaluation.access import CommissionAccessMixin
from pozytek.evaluation.forms.commission import NominationForm
from pozytek.evaluation.forms.scoring import DeclarationForm, ScoreCardForm, note_field, points_field
from pozytek.evaluation.models import CommissionMember
from pozytek.evaluation.permissions import has_declared, may_nominate, may_score, may_view_offer
from pozytek.evaluation.selectors import (
    card_of,
    criteria_of,
    latest_version,
    offer_in_call,
    offers_for_seat,
    participating_organisation_ids,
    seats_of_user,
)
from pozytek.evaluation.services.commission import nominate_candidate, recruitment_is_open, recruitment_of_tenant
from pozytek.evaluation.services.scoring import (
    cards_for_offer,
    cards_of_seat,
    declaration_listing,
    save_card,
    seat_in_commission,
    sign_declaration,
    submit_card,
)
from pozytek.evaluation.states import CardState, CommissionState, MemberRole
from pozytek.offers.documents import OFFER_BODY, offer_context
from pozytek.organisations.selectors import organisations_of
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors


class IndexView(CommissionAccessMixin, View):
    """The user's seats in this local government's commissions."""

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        seats = seats_of_user(request.user, current_tenant(request))
        return render(request, "evaluation/member/index.html", {"seats": seats})


class SeatView(CommissionAccessMixin, View):
    def seat(self, request: HttpRequest, commission_pk: int) -> CommissionMember:
        return seat_in_commission(request.user, current_tenant(request), commission_pk)


class CommissionView(SeatView):
    """The offers the member may score, with the state of their cards; the declaration comes first."""

    def get(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponse:
        seat = self.seat(request, commission_pk)
        commission = seat.commission
        if commission.state == CommissionState.APPOINTED and not has_declared(seat):
            return redirect("evaluation_workspace:declare", tenant_slug=tenant_slug, commission_pk=commission_pk)
        cards = cards_of_seat(seat)
        offers = list(offers_for_seat(seat)) if commission.state != CommissionState.FORMING else []
        rows = [{"offer": o, "card": cards.get(o.pk)} for o in offers]
        context = {
            "seat": seat,
            "commission": commission,
            "call": commission.call,
            "rows": rows,
            "declared": has_declared(seat),
            "submitted": sum(1 for r in rows if r["card"] and r["card"].state == CardState.SUBMITTED),
        }
        return render(request, "evaluation/member/commission.html", context)


class DeclareView(SeatView):
    """The declaration on the grounds of art. 24 KPA: every offer with all its offerors; ticked ones are excluded."""

    template = "evaluation/member/declare.html"

    def render_page(
        self,
        request: HttpRequest,
        seat: CommissionMember,
        form: DeclarationForm | None,
        listing: list[dict[str, Any]],
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "seat": seat,
            "commission": seat.commission,
            "call": seat.commission.call,
            "form": form,
            "listing": listing,
        }
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponse:
        seat = self.seat(request, commission_pk)
        if has_declared(seat):
            messages.info(request, _("You have already signed the declaration."))
            return redirect("evaluation_workspace:commission", tenant_slug=tenant_slug, commission_pk=commission_pk)
        if seat.commission.state != CommissionState.APPOINTED:
            return self.render_page(request, seat, None, [])
        listing = declaration_listing(seat.commission)
        return self.render_page(request, seat, DeclarationForm(listing=listing), listing)

    def post(self, request: HttpRequest, tenant_slug: str, commission_pk: int) -> HttpResponse:
        seat = self.seat(request, commission_pk)
        if has_declared(seat):
            messages.info(request, _("You have already signed the declaration."))
            return redirect("evaluation_workspace:commission", tenant_slug=tenant_slug, commission_pk=commission_pk)
        if seat.commission.state != CommissionState.APPOINTED:
            return self.render_page(request, seat, None, [], status=400)
        listing = declaration_listing(seat.commission)
        form = DeclarationForm(request.POST, listing=listing)
        if form.is_valid():
            try:
                sign_declaration(
                    seat=seat,
                    actor=request.user,
                    conflicted_offers=form.conflicted_ids(),
                    statement=str(form.fields["confirm"].label),
                )
            except ValidationError as error:
                if has_declared(seat):  # a second tab signed first
                    messages.info(request, _("You have already signed the declaration."))
                    return redirect(
                        "evaluation_workspace:commission", tenant_slug=tenant_slug, commission_pk=commission_pk
                    )
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The declaration has been signed."))
                return redirect("evaluation_workspace:commission", tenant_slug=tenant_slug, commission_pk=commission_pk)
        return self.render_page(request, seat, form, listing, status=400)


class OfferView(SeatView):
    """The frozen offer and the member's score card; others' cards once one's own is submitted."""

    template = "evaluation/member/offer.html"

    def objects(self, request: HttpRequest, commission_pk: int, offer_pk: int) -> tuple[CommissionMember, Any]:
        seat = self.seat(request, commission_pk)
        offer = offer_in_call(seat.commission.call, offer_pk)
        if not may_view_offer(seat, offer):
            raise Http404
        return seat, offer

    def render_page(
        self,
        request: HttpRequest,
        seat: CommissionMember,
        offer: Any,
        form: ScoreCardForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        commission = seat.commission
        criteria = criteria_of(commission.call)
        card = card_of(seat, offer)
        version = latest_version(offer)
        own_submitted = card is not None and card.state == CardState.SUBMITTED
        editable = may_score(seat, offer) and not own_submitted
        if form is None and editable:
            initial: dict[str, Any] = {}
            if card is not None:
                initial["justification"] = card.justification
                for score in card.scores.all():
                    initial[points_field(score.criterion_id)] = score.points
                    initial[note_field(score.criterion_id)] = score.note
            form = ScoreCardForm(criteria=criteria, initial=initial)
        own_scores = {s.criterion_id: s for s in card.scores.all()} if card is not None else {}
        others = []
        if own_submitted:
            for other in cards_for_offer(commission, offer):
                points = {s.criterion_id: s for s in other.scores.all()}
                others.append(
                    {
                        "card": other,
                        "member": other.member,
                        "advisory": other.member.role == MemberRole.EXPERT,
                        "own": other.pk == card.pk,  # type: ignore[union-attr]
                        "scores": [points.get(c.pk) for c in criteria],
                        "total": sum((s.points for s in points.values()), start=0),
                    }
                )
        context = {
            "seat": seat,
            "commission": commission,
            "call": commission.call,
            "offer": offer,
            "version": version,
            "doc": offer_context(version.snapshot, checksum=version.checksum) if version else None,
            "body_template": OFFER_BODY,
            "criteria": criteria,
            "card": card,
            "own_rows": [{"criterion": c, "score": own_scores.get(c.pk)} for c in criteria],
            "form": form if editable else None,
            "own_submitted": own_submitted,
            "scoring_open": commission.state == CommissionState.APPOINTED,
            "others": others,
        }
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, commission_pk: int, offer_pk: int) -> HttpResponse:
        seat, offer = self.objects(request, commission_pk, offer_pk)
        return self.render_page(request, seat, offer)

    def post(self, request: HttpRequest, tenant_slug: str, commission_pk: int, offer_pk: int) -> HttpResponse:
        seat, offer = self.objects(request, commission_pk, offer_pk)
        here = redirect(
            "evaluation_workspace:offer", tenant_slug=tenant_slug, commission_pk=commission_pk, offer_pk=offer_pk
        )
        card = card_of(seat, offer)
        if card is not None and card.state == CardState.SUBMITTED:
            messages.info(request, _("Your score card for this offer has already been submitted."))
            return here
        if seat.commission.state != CommissionState.APPOINTED:
            messages.error(request, _("Scoring is closed."))
            return self.render_page(request, seat, offer, status=400)
        form = ScoreCardForm(request.POST, criteria=criteria_of(seat.commission.call))
        if not form.is_valid():
            return self.render_page(request, seat, offer, form, status=400)
        submitting = "submit" in request.POST
        try:
            card = save_card(
                seat=seat,
                offer=offer,
                actor=request.user,
                points=form.points(),
                notes=form.notes(),
                justification=form.cleaned_data["justification"],
            )
            if submitting:
                submit_card(card=card, actor=request.user)
        except ValidationError as error:
            for key, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
                for message in errors:
                    form.add_service_error(key, message)
            return self.render_page(request, seat, offer, form, status=400)
        except TransitionBlocked as blocked:
            for problem in blocked.problems:
                form.add_service_error(problem.section, problem.message)
            messages.warning(request, _("Your draft has been saved, but the card cannot be submitted yet."))
            return self.render_page(request, seat, offer, form, status=400)
        except PermissionDenied as error:
            raise Http404 from error
        if submitting:
            messages.success(request, _("Your score card has been submitted."))
        else:
            messages.success(request, _("Your draft has been saved."))
        return here


class NominateView(LoginRequiredMixin, View):
    """An owner or editor of an organisation nominates a candidate while the recruitment is open."""

    template = "evaluation/member/nominate.html"

    def context(self, request: HttpRequest, recruitment_pk: int) -> dict[str, Any]:
        recruitment = recruitment_of_tenant(current_tenant(request), recruitment_pk)
        if not may_nominate(request.user):
            raise PermissionDenied(_("Only owners and editors of an organisation can nominate candidates."))
        organisations = [m.organisation for m in organisations_of(request.user)]
        participating = participating_organisation_ids(recruitment.commission.call)
        return {
            "recruitment": recruitment,
            "call": recruitment.commission.call,
            "organisations": organisations,
            "open": recruitment_is_open(recruitment) and recruitment.commission.state == CommissionState.FORMING,
            "participating": [o for o in organisations if o.pk in participating],
            "participating_ids": participating,
        }

    def get(self, request: HttpRequest, tenant_slug: str, recruitment_pk: int) -> HttpResponse:
        context = self.context(request, recruitment_pk)
        context["form"] = NominationForm(organisations=context["organisations"]) if context["open"] else None
        return render(request, self.template, context)

    def post(self, request: HttpRequest, tenant_slug: str, recruitment_pk: int) -> HttpResponse:
        context = self.context(request, recruitment_pk)
        if not context["open"]:
            messages.error(request, _("The recruitment of candidates is closed."))
            context["form"] = None
            return render(request, self.template, context, status=400)
        form = NominationForm(request.POST, organisations=context["organisations"])
        context["form"] = form
        if form.is_valid():
            organisation = next(o for o in context["organisations"] if o.pk == form.cleaned_data["organisation"])
            try:
                nominate_candidate(
                    recruitment=context["recruitment"],
                    organisation=organisation,
                    actor=request.user,
                    candidate_email=form.cleaned_data["candidate_email"],
                    statement=form.cleaned_data["statement"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The candidate has been nominated."))
                if organisation.pk in context["participating_ids"]:
                    messages.warning(
                        request,
                        _(
                            "%(organisation)s takes part in this call: the person it nominated cannot sit in the "
                            "commission (art. 15 ust. 2d)."
                        )
                        % {"organisation": organisation.name},
                    )
                return redirect("evaluation_workspace:nominate", tenant_slug=tenant_slug, recruitment_pk=recruitment_pk)
        return render(request, self.template, context, status=400)
