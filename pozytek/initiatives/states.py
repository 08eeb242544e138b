"""States of a local initiative (inicjatywa lokalna, art. 19b–19h) and the closed lists it is written with."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InitiativeState(models.TextChoices):
    """Application → assessment → agreement → execution → done (every move through the engine)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("local initiative", "Submitted, being assessed")
    APPROVED = "approved", pgettext_lazy("local initiative", "Approved, agreement being prepared")
    REJECTED = "rejected", pgettext_lazy("local initiative", "Not approved")
    CONTRACTED = "contracted", pgettext_lazy("local initiative", "Agreement signed, in progress")
    COMPLETED = "completed", pgettext_lazy("local initiative", "Done")


class ApplicantKind(models.TextChoices):
    """Residents apply directly, as a group, or through an organisation (art. 19b ust. 1)."""

    GROUP = "group", _("A group of residents")
    ORGANISATION = "organisation", _("An organisation on the residents' behalf")


class TaskArea(models.TextChoices):
    """The closed list of tasks a local initiative may take up: art. 19b ust. 1 pkt 1–7 of the Act (as
    DOMAIN.md §8 records it). To be checked against the current consolidated text before relying on it:
    the points were amended (1a–1c, 7) and some wording is unconfirmed."""

    COMMUNITY = (
        "community",
        _(
            "Local community development: roads, sewers, water supply, buildings and small architecture owned by the "
            "local government (pkt 1)"
        ),
    )
    CHARITY = "charity", _("Charity (pkt 1a)")
    TRADITION = "tradition", _("National tradition, Polishness, civic and cultural awareness (pkt 1b)")
    MINORITIES = "minorities", _("National and ethnic minorities and the regional language (pkt 1c)")
    CULTURE = "culture", _("Culture, art, cultural goods and heritage (pkt 2)")
    VOLUNTEERING = "volunteering", _("Promotion and organisation of volunteering")
    EDUCATION = "education", _("Science, higher education, education and upbringing (pkt 3)")
    SPORT = "sport", _("Physical culture, tourism and sightseeing (pkt 4)")
    NATURE = "nature", _("Nature protection, ecology, animal protection, tree planting (pkt 5)")
    PUBLIC_ORDER = "public_order", _("Public order and safety (pkt 6)")
    REVITALISATION = "revitalisation", _("Revitalisation (pkt 7)")


class ContributionKind(models.TextChoices):
    """What residents put in (art. 19d): social work, in-kind or cash."""

    WORK = "work", _("Social work")
    IN_KIND = "in_kind", _("In kind")
    CASH = "cash", _("Cash")


class WorkKind(models.TextChoices):
    """Kinds of social work, each valued at its hourly rate (legal parameter `initiative.work_rate_<kind>`)."""

    SIMPLE = "simple", _("Simple work (cleaning, planting, carrying)")
    SKILLED = "skilled", _("Skilled work (a trade: masonry, carpentry, painting)")
    SPECIALIST = "specialist", _("Specialist work (design, supervision, expertise)")


class Provision(models.TextChoices):
    """How the office contributes: it buys or lends things, it gives no grant (art. 19e)."""

    BUY = "buy", _("The office buys it")
    LEND = "lend", _("The office lends it")


def work_rate_key(kind: str) -> str:
    return f"initiative.work_rate_{kind}"
