"""The directory of organisations (baza organizacji pozarządowych)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pozytek.core.files import private_storage as private_storage  # re-exported: its migrations name it
from pozytek.core.models import TenantOwnedModel, TimeStampedModel
from pozytek.organisations.states import AreaBasis, ImportState, MemberRole, OrganisationState, ReviewState, Source


class Organisation(TimeStampedModel):
    """An NGO or an art. 3 ust. 3 entity; one legal entity shared by every local government."""

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=150, blank=True)
    legal_form = models.ForeignKey(
        "legal.LegalForm", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("legal form")
    )
    krs = models.CharField(_("KRS number"), max_length=10, blank=True)
    nip = models.CharField(_("NIP"), max_length=10, blank=True)
    regon = models.CharField(_("REGON"), max_length=14, blank=True)
    register_number = models.CharField(_("number in the starosta's register"), max_length=50, blank=True)
    opp = models.BooleanField(_("public benefit organisation (OPP)"), default=False)
    opp_since = models.DateField(_("OPP since"), null=True, blank=True)
    excluded_art_3_4 = models.BooleanField(
        _("excluded by art. 3 ust. 4"),
        default=False,
        help_text=_(
            "Political parties, trade unions, employers' organisations, professional self-governments: "
            "listed, but not eligible for grants."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=28, blank=True)
    representation = models.JSONField(
        _("representation (KRS, section 2)"),
        default=dict,
        blank=True,
        help_text=_("The body that represents the organisation, how, and its members, as in the latest KRS extract."),
    )
    representation_as_of = models.DateField(_("representation as of"), null=True, blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/", blank=True)
    spheres = models.ManyToManyField(
        "legal.SphereOfPublicTasks", blank=True, related_name="organisations", verbose_name=_("spheres of public tasks")
    )
    districts = models.ManyToManyField(
        "tenants.District", blank=True, related_name="organisations", verbose_name=_("districts")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=OrganisationState.choices, default=OrganisationState.ACTIVE
    )
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("merged into")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.OFFICE)
    verified_at = models.DateTimeField(_("data verified by an office"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    sort_name = models.CharField(max_length=300, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["krs"], condition=~models.Q(krs=""), name="organisation_unique_krs"),
            models.UniqueConstraint(fields=["nip"], condition=~models.Q(nip=""), name="organisation_unique_nip"),
            models.UniqueConstraint(fields=["regon"], condition=~models.Q(regon=""), name="organisation_unique_regon"),
        ]
        indexes = [models.Index(fields=["state", "opp"])]

    def __str__(self) -> str:
        return self.name


class OrganisationArea(TenantOwnedModel):
    """Listing of an organisation in a local government's directory, and why."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="areas")
    basis = models.CharField(_("basis"), max_length=20, choices=AreaBasis.choices)

    class Meta:
        verbose_name = _("listing in a directory")
        verbose_name_plural = _("listings in directories")
        constraints = [models.UniqueConstraint(fields=["tenant", "organisation"], name="area_unique_per_tenant")]


class OrganisationMember(TimeStampedModel):
    """A person who keeps an organisation's profile (owner or editor)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_roles")
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)

    class Meta:
        verbose_name = _("member of an organisation")
        verbose_name_plural = _("members of organisations")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="member_unique")]


class Invitation(TimeStampedModel):
    """An invitation of a colleague to keep the organisation's profile."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)


class Claim(TenantOwnedModel):
    """A person's request to take over an existing profile (zgłoszenie przejęcia profilu)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_claims")
    message = models.TextField(_("how you represent the organisation"), max_length=2000)
    state = models.CharField(_("state"), max_length=20, choices=ReviewState.choices, default=ReviewState.PENDING)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("claim of a profile")
        verbose_name_plural = _("claims of profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=models.Q(state="pending"), name="claim_one_pending_per_user"
            )
        ]


class ProfileChange(TimeStampedModel):
    """Edits of verified fields (name, identifiers, OPP, bank account) awaiting an official."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="changes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(_("proposed values"))
    state = models.CharField(_("state"), max_length=20, choices=ReviewState.choices, default=ReviewState.PENDING)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        ordering = ["created_at"]


class OfficeNote(TenantOwnedModel):
    """An official's private note about an organisation, visible only in that office."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="office_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"), max_length=5000)

    class Meta:
        verbose_name = _("office note")
        verbose_name_plural = _("office notes")
        ordering = ["-created_at"]


class ImportJob(TenantOwnedModel):
    """An upload of organisations (KRS extract or spreadsheet): mapping, dry run, then the import."""

    kind = models.CharField(_("kind"), max_length=20, choices=Source.choices)
    # An office's upload (names, addresses, e-mails of people): a private file, never under MEDIA_ROOT.
    file = models.FileField(_("file"), upload_to="imports/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("separator"), max_length=1, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=ImportState.choices, default=ImportState.UPLOADED)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("import of organisations")
        verbose_name_plural = _("imports of organisations")
        ordering = ["-created_at"]


class SearchTerm(models.Model):
    """A folded word that occurs in some organisation's name, keywords or town.

    The vocabulary is small (thousands of words), so a misspelt query word is corrected against
    it quickly, and the corrected word is then found with the indexed prefix search.
    """

    word = models.CharField(max_length=60, unique=True)
    # The earliest sort name of an organisation with this word (a lower bound: it only moves down), where
    # the directory's walk in name order starts for a search of it (search_terms.py).
    first_sort_name = models.CharField(max_length=300, default="", editable=False)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.word
