"""The directory page's result list, written in Python.

A result is a dozen template variables and conditions; twenty of them through the template engine took
about 1.2 ms of the page (a fifth of its template), here about 0.2 ms. The markup is what
organisations/directory.html had inline; tests/organisations/test_views.py checks it.
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def directory_results(rows: Iterable[Any], directory_url: str) -> SafeString:
    """`<li>`s of a page of `selectors.directory_results`: name linked to the profile (the directory's
    address + "<pk>/"), legal form, town, KRS, badges, the spheres' names."""
    opp, excluded = gettext("OPP"), gettext("not eligible for grants")
    no_form = gettext("legal form not given")
    return format_html_join("\n", "{}", ((_result(row, directory_url, opp, excluded, no_form),) for row in rows))


def _result(org: Any, directory_url: str, opp: str, excluded: str, no_form: str) -> SafeString:
    meta = [format_html("{}", org.legal_form.display_name if org.legal_form_id else no_form)]
    if org.city:
        meta.append(format_html(" · {}", org.city))
    if org.krs:
        meta.append(format_html(" · KRS {}", org.krs))
    if org.opp:
        meta.append(format_html(' · <span class="badge">{}</span>', opp))
    if org.excluded_art_3_4:
        meta.append(format_html(' · <span class="badge badge--warn">{}</span>', excluded))
    spheres = ", ".join(org.sphere_names)
    return format_html(
        '<li class="result">\n  <h3><a href="{}{}/">{}</a></h3>\n  <p class="result__meta">{}</p>{}\n</li>',
        directory_url,
        org.pk,
        org.name,
        SafeString("".join(meta)),
        format_html('\n  <p class="result__spheres">{}</p>', spheres) if spheres else "",
    )
