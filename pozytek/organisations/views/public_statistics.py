"""Public statistics of a local government's directory: counts as SVG bar charts with their tables."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.core.db_router import replica_reads
from pozytek.legal.models import in_active_language
from pozytek.organisations.selectors import directory_statistics
from pozytek.tenants.http import current_tenant

# Geometry of the charts, in SVG user units (the viewBox scales them to the page's width).
CHART_WIDTH = 400
ROW_HEIGHT = 44
BAR_HEIGHT = 16
VALUE_ROOM = 56  # space right of the longest bar for its number
LABEL_LENGTH = 50  # longer labels are shortened in the picture (the table has them in full)


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    count: int
    share: float  # percent of all organisations
    width: int
    label_y: int
    bar_y: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class Chart:
    key: str
    title: str | Promise
    label_heading: str | Promise
    bars: list[Bar]
    height: int
    width: int = CHART_WIDTH


def bar_chart(
    key: str, title: str | Promise, label_heading: str | Promise, rows: list[tuple[str, int]], total: int
) -> Chart:
    """Lay out a horizontal bar chart: a label line above each bar, the number right of it."""
    longest = max((count for _label, count in rows), default=0)
    bars = []
    for index, (label, count) in enumerate(rows):
        top = index * ROW_HEIGHT
        width = round(count / longest * (CHART_WIDTH - VALUE_ROOM)) if longest else 0
        width = max(width, 2) if count else 0
        share = round(count / total * 100, 1) if total else 0.0
        short = label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1].rstrip() + "…"
        bars.append(
            Bar(
                label=label,
                short_label=short,
                count=count,
                share=share,
                width=width,
                label_y=top + 15,
                bar_y=top + 21,
                value_x=width + 6,
                value_y=top + 34,
            )
        )
    return Chart(key=key, title=title, label_heading=label_heading, bars=bars, height=max(len(rows), 1) * ROW_HEIGHT)


def statistics_charts(stats: dict[str, Any]) -> list[Chart]:
    total = stats["total"]
    forms = [
        (
            in_active_language(row["legal_form__name"], row["legal_form__name_en"], row["legal_form__name_uk"])
            if row["legal_form__name"]
            else _("legal form not given"),
            row["count"],
        )
        for row in stats["by_form"]
    ]
    opp = [(_("Public benefit organisations (OPP)"), stats["opp"]), (_("Other organisations"), total - stats["opp"])]
    spheres = [
        (
            f"{row['spheres__code']}. "
            + in_active_language(
                row["spheres__short_name"], row["spheres__short_name_en"], row["spheres__short_name_uk"]
            ),
            row["count"],
        )
        for row in stats["by_sphere"]
    ]
    districts = [(row["districts__name"], row["count"]) for row in stats["by_district"]]
    return [
        bar_chart("forms", gettext_lazy("Organisations by legal form"), gettext_lazy("Legal form"), forms, total),
        bar_chart("opp", gettext_lazy("Public benefit status (OPP)"), gettext_lazy("Status"), opp, total),
        bar_chart(
            "spheres",
            gettext_lazy("Organisations by sphere of public tasks"),
            gettext_lazy("Sphere of public tasks"),
            spheres,
            total,
        ),
        bar_chart("districts", gettext_lazy("Organisations by district"), gettext_lazy("District"), districts, total),
    ]


@replica_reads
def statistics(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    stats = directory_statistics(tenant)
    charts = statistics_charts(stats) if stats["total"] else []
    return render(request, "organisations/statistics.html", {"stats": stats, "charts": charts})
