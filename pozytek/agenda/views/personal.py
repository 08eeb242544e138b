"""A person's own calendar: the page of their upcoming deadlines and meetings, the reset of the secret
address of their private feed, and that feed (opened by its secret alone: calendar apps sign in to nothing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from pozytek.agenda.ical import calendar_bytes
from pozytek.agenda.selectors import feed_range, own_items, owner_of_token, page_range, token_of
from pozytek.agenda.services import reset_calendar_token
from pozytek.agenda.views.public import ical_response


@login_required
@require_GET
def own_calendar(request: HttpRequest) -> HttpResponse:
    token = token_of(request.user)
    feed_url = (
        request.build_absolute_uri(reverse("agenda:private_feed", kwargs={"token": token.token})) if token else ""
    )
    return render(
        request, "agenda/own_calendar.html", {"items": own_items(request.user, *page_range()), "feed_url": feed_url}
    )


@login_required
@require_POST
def reset_token(request: HttpRequest) -> HttpResponse:
    reset_calendar_token(actor=request.user)
    messages.success(request, _("Your calendar has a new address. The previous address no longer works."))
    return redirect("agenda:own")


@require_safe
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = owner_of_token(token)
    body = calendar_bytes(
        own_items(user, *feed_range()), name=_("My calendar – Pożytek"), absolute=request.build_absolute_uri
    )
    response = ical_response(body, "terminarz.ics")
    # A person's own calendar: no shared cache keeps it, no search engine lists its address.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
