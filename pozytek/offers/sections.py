"""The offer's sections, declared once per template: URL slug, key, title; they drive navigation and the checklist.

Two templates of the 2018 regulations: the full offer (Annex 1 of Dz.U. 2018 poz. 2057) and the simplified
offer of art. 19a (Annex 1 of Dz.U. 2018 poz. 2055). A route says which one its offers use
(`offers.routes.Route.offer_template`); a section keeps its slug and key in both, so that one form, one
service and one check serve a section wherever it appears.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    key: str
    title: str | Promise


@dataclass(frozen=True)
class OfferTemplate:
    """One of the 2018 offer templates: its citation (printed and frozen in every version) and its sections."""

    code: str  # "full" or "simplified": how pages and documents choose their layout
    citation: str  # as the documents of the law cite it (Polish)
    name: str | Promise
    sections: tuple[Section, ...]

    @property
    def simplified(self) -> bool:
        return self.code == "simplified"

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections)

    def by_slug(self, slug: str) -> Section | None:
        return next((s for s in self.sections if s.slug == slug), None)

    def by_key(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


SECTIONS = (
    Section("oferenci", "offerors", _("II. Offeror data")),
    Section("zadanie", "task", _("III. Description of the task")),
    Section("dzialania", "actions", _("III.4 Plan and schedule of actions")),
    Section("rezultaty", "results", _("III.6 Results")),
    Section("charakterystyka", "characteristics", _("IV. Offeror characteristics")),
    Section("koszty", "costs", _("V.A Cost calculation")),
    Section("zrodla", "sources", _("V.B Funding sources")),
    Section("inne", "other", _("VI. Other information")),
    Section("oswiadczenia", "statements", _("VII. Statements")),
    Section("zalaczniki", "attachments", _("Attachments")),
)
BY_SLUG = {s.slug: s for s in SECTIONS}
BY_KEY = {s.key: s for s in SECTIONS}

# The simplified offer (art. 19a): one offeror, the scope of the task with its plan, one list of costs
# with the grant's part of each, the sources, the statements. No results table, no characteristics.
SIMPLIFIED_SECTIONS = (
    Section("oferenci", "offerors", _("II. Offeror data")),
    Section("zadanie", "task", _("III. Scope of the public task")),
    Section("dzialania", "actions", _("III.4 Plan and schedule of actions")),
    Section("koszty", "costs", _("IV.1 Estimated cost calculation")),
    Section("zrodla", "sources", _("IV.2 Funding sources")),
    Section("oswiadczenia", "statements", _("V. Statements")),
    Section("zalaczniki", "attachments", _("Attachments")),
)

FULL_OFFER = OfferTemplate(
    "full", "Dz.U. 2018 poz. 2057, załącznik nr 1", _("Offer for the delivery of a public task"), SECTIONS
)
SIMPLIFIED_OFFER = OfferTemplate(
    "simplified",
    "Dz.U. 2018 poz. 2055, załącznik nr 1",
    _("Simplified offer for the delivery of a public task"),
    SIMPLIFIED_SECTIONS,
)
TEMPLATES = {t.citation: t for t in (FULL_OFFER, SIMPLIFIED_OFFER)}


def template_named(citation: str | None) -> OfferTemplate:
    """The template a snapshot names; versions frozen before the simplified template existed are full offers."""
    return TEMPLATES.get(citation or "", FULL_OFFER)
