"""What the directory reports into the cooperation programme (core.record_kinds): organisations added
to the local government's directory in the year (`directory_listing`: a listing created that year,
Polish time), and how many active organisations the directory held at the end of the year."""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pozytek.core.record_kinds import Cooperation, Measure, Record, RecordKind, local_date, year_span
from pozytek.organisations.models import OrganisationArea
from pozytek.organisations.states import OrganisationState

KIND = "directory_listing"


def listings(tenant: Any) -> QuerySet[OrganisationArea]:
    """Listings of active organisations (an inactive or merged profile is no longer shown)."""
    return OrganisationArea.objects.filter(tenant=tenant, organisation__state=OrganisationState.ACTIVE)


def listing_records(tenant: Any, year: int) -> Sequence[Record]:
    start, end = year_span(year)
    rows = (
        listings(tenant)
        .filter(created_at__gte=start, created_at__lt=end)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    return [
        Record(
            kind=KIND,
            pk=area.pk,
            title=area.organisation.name,
            on=local_date(area.created_at),
            url=reverse("organisations:profile", kwargs={"tenant_slug": tenant.slug, "pk": area.organisation_id}),
        )
        for area in rows
    ]


def public_directory(tenant: Any) -> tuple[str | Promise, str]:
    """Where the printed report points for the organisations added to the directory (it only counts them)."""
    return _("Directory of organisations"), reverse("organisations:directory", kwargs={"tenant_slug": tenant.slug})


def in_directory(tenant: Any, year: int) -> int:
    """Active organisations listed in the directory by the end of `year`."""
    _start, end = year_span(year)
    return listings(tenant).filter(created_at__lt=end).count()


DIRECTORY_LISTING = RecordKind(
    key=KIND,
    label=_("Organisations added to the directory"),
    cooperation=Cooperation.NON_FINANCIAL,
    list_records=listing_records,
    description=_("Organisations listed in the local government's directory during the year."),
    model_label="organisations.OrganisationArea",
    order=60,
    public_list=public_directory,
)

MEASURES = (
    Measure(
        key="organisations.in_directory",
        label=_("Organisations in the directory"),
        cooperation=Cooperation.NON_FINANCIAL,
        compute=in_directory,
        order=90,
        help_text=_("Active organisations listed in the directory at the end of the year."),
    ),
)
