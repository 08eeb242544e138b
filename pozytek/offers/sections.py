"""The offer's sections, declared once: URL slug, key, title; they drive navigation and the checklist."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    key: str
    title: str | Promise


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
