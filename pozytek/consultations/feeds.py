"""Atom feed of a local government's published consultations (kanał Atom)."""

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from pozytek.consultations.models import Consultation
from pozytek.consultations.selectors import phase, public_consultations
from pozytek.consultations.states import Phase
from pozytek.tenants.http import current_tenant

FEED_SIZE = 50


class ConsultationFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, tenant_slug: str) -> Any:
        return current_tenant(request)

    def title(self, tenant: Any) -> str:
        return _("Consultations – %(name)s") % {"name": tenant.name}

    def link(self, tenant: Any) -> str:
        return reverse("consultations:list", kwargs={"tenant_slug": tenant.slug})

    def subtitle(self, tenant: Any) -> str:
        return _("Consultations of draft acts: planned, open, closed and their reports.")

    # Atom requires an author on the feed (or on every entry): the municipality's office publishes these.
    def author_name(self, tenant: Any) -> str:
        return office_of(tenant)

    def author_email(self, tenant: Any) -> str | None:
        return tenant.email or None

    def author_link(self, tenant: Any) -> str | None:
        return tenant.website or tenant.bip_url or None

    def items(self, tenant: Any) -> list[Consultation]:
        return list(public_consultations(tenant).select_related("tenant").order_by("-published_at", "-pk")[:FEED_SIZE])

    def item_title(self, item: Consultation) -> str:
        return f"{item.title} ({Phase(phase(item)).label})"

    def item_description(self, item: Consultation) -> str:
        return _("Period: %(start)s – %(end)s") % {"start": item.starts_on, "end": item.ends_on}

    def item_link(self, item: Consultation) -> str:
        return reverse("consultations:detail", kwargs={"tenant_slug": item.tenant.slug, "pk": item.pk})

    def item_pubdate(self, item: Consultation) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Consultation) -> dt.datetime:
        return item.report_published_at or item.state_changed_at or item.published_at or timezone.now()

    def item_author_name(self, item: Consultation) -> str:
        return office_of(item.tenant)

    def item_author_email(self, item: Consultation) -> str | None:
        return item.tenant.email or None


def office_of(tenant: Any) -> str:
    """The feed's author: the municipality's office by its name, else the municipality."""
    return str(tenant.office_name or tenant.name)
