"""Reads of the directory: a tenant's directory, search with filters, profiles, statistics."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, overload

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, router
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django_scopes import scopes_disabled

from pozytek.legal.models import LegalForm, SphereOfPublicTasks
from pozytek.organisations.models import (
    Claim,
    ImportJob,
    Organisation,
    OrganisationArea,
    OrganisationMember,
    ProfileChange,
    SearchTerm,
)
from pozytek.organisations.states import ImportState, MemberRole, OrganisationState, ReviewState
from pozytek.organisations.text import stem, tokens, word_similarity
from pozytek.tenants.models import District, Tenant

CORRECTION_THRESHOLD = 0.4
FINISHED_IMPORT_STATES = (ImportState.DONE, ImportState.FAILED)
COUNT_CAP = 1000
SORTS = {
    "name": ("sort_name", "id"),
    "-name": ("-sort_name", "-id"),
    "newest": ("-created_at", "-id"),
}


@dataclass(frozen=True)
class DirectoryQuery:
    """What a visitor asked the directory for; built from the GET parameters of the page."""

    text: str = ""
    legal_form: str = ""
    sphere: str = ""
    district: int | None = None
    opp: bool | None = None
    sort: str = "name"
    extra: dict[str, Any] = field(default_factory=dict)


def in_directory_of(tenant: Tenant) -> QuerySet[Organisation]:
    """Active organisations listed in the tenant's directory (seat, activity or added by the office)."""
    listed = OrganisationArea._base_manager.filter(tenant_id=tenant.pk, organisation_id=OuterRef("pk"))
    return Organisation.objects.filter(Exists(listed), state=OrganisationState.ACTIVE)


class CappedResults:
    """A directory search as its paginator reads it: a length capped at `cap` + 1 ("over 1,000 found") and pages.

    The length fetches up to `cap` + 1 matching ids in no order, which the word index finds without
    reading the alphabetical one. When they are all the matches, a page sorts just those rows; only a
    broader search walks the alphabetical order for the page's ids alone (on PostgreSQL an index-only
    walk of `organisation_directory_walk`, migration 0006, from the words' first name), in a subquery
    of the query for their rows. Walking the name order for a search with few matches would read most
    of the directory to find them.

    `rows` reads a page's rows by id, in the search's order (by default the search itself); the ids
    come from the search, so it need not test the search's conditions again (`directory_rows`); `finish`
    completes a page's rows (`with_sphere_names`).
    """

    ordered = True  # in the search's own order (the paginator checks it)

    def __init__(
        self,
        queryset: QuerySet[Organisation],
        cap: int = COUNT_CAP,
        *,
        rows: QuerySet[Organisation] | None = None,
        finish: Callable[[list[Organisation]], list[Organisation]] | None = None,
    ) -> None:
        self.queryset = queryset
        self.cap = cap
        self.rows = queryset if rows is None else rows
        self.finish = finish or (lambda rows: rows)

    @cached_property
    def _search(self) -> tuple[str, tuple[Any, ...]] | None:
        """The SQL of the matching ids in no order, compiled once: the length runs it with a LIMIT, a page
        of a broad search with an ORDER BY (compiling the search's conditions costs more than running
        them); None when they can match nothing."""
        query = self.queryset.order_by().prefetch_related(None).values_list("pk", flat=True).query
        try:
            sql, params = query.get_compiler(using=self.queryset.db).as_sql()
        except EmptyResultSet:
            return None
        return sql, tuple(params)

    @cached_property
    def ids(self) -> list[int]:
        if self._search is None:
            return []
        sql, params = self._search
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(f"{sql} LIMIT {int(self.cap) + 1}", params)
            return [row[0] for row in cursor.fetchall()]

    def _order_by(self) -> str:
        """The search's ORDER BY (model fields of its own table, as `SORTS` gives them) in SQL."""
        quote, meta = connections[self.queryset.db].ops.quote_name, self.queryset.model._meta
        columns = []
        for name in self.queryset.query.order_by:
            if not isinstance(name, str):
                raise TypeError(f"A capped search is ordered by field names, not {name!r}.")
            column = str(meta.get_field(name.removeprefix("-")).column)  # type: ignore[union-attr]
            columns.append(f"{quote(meta.db_table)}.{quote(column)} {'DESC' if name.startswith('-') else 'ASC'}")
        return ", ".join(columns)

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self[0 : len(self)])

    @overload
    def __getitem__(self, index: int, /) -> Organisation: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Organisation]: ...
    def __getitem__(self, index: int | slice, /) -> Organisation | list[Organisation]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        if len(self.ids) <= self.cap:
            return self.finish(list(self.rows.filter(pk__in_array=self.ids)[index]))
        # One query: the walk for the page's ids as a subquery (run once, LIMIT 20), then their rows.
        start, stop, _step = index.indices(10**9)
        sql, params = self._search  # type: ignore[misc]  # the ids were found, so the search compiled
        walk = f"{sql} ORDER BY {self._order_by()} LIMIT {max(stop - start, 0)} OFFSET {start}"
        # S611: the SQL is Django's own compilation of the search, its values still parameters.
        return self.finish(list(self.rows.filter(pk__in=RawSQL(walk, params))))  # noqa: S611


def corrections(word: str, *, limit: int = 3) -> list[str]:
    """Known words close to a misspelt query word; empty when the word (as a prefix) is known."""
    return _alternatives([word], limit=limit)[0][0][1:]


def _first_names(stems: list[str]) -> list[str | None]:
    """For each stem, in one query: the earliest first name of the known words it begins, None when none.

    The database picks the earliest (its collation orders the walk's index, and may not be Python's).
    Stems are folded to [a-z0-9], so they carry no LIKE wildcards.
    """
    database = router.db_for_read(SearchTerm) or "default"
    select = "SELECT {n}, MIN(first_sort_name) FROM organisations_searchterm WHERE word LIKE %s"
    sql = " UNION ALL ".join(select.format(n=n) for n in range(len(stems)))
    with connections[database].cursor() as cursor:
        cursor.execute(sql, [f"{stemmed}%" for stemmed in stems])
        found = dict(cursor.fetchall())
    return [found.get(n) for n in range(len(stems))]


def _alternatives(words: list[str], *, limit: int = 3) -> list[tuple[list[str], str | None]]:
    """For each word: its stem (a prefix) and, when no known word starts with it, up to `limit`
    corrections; with the first name (in name order) of an organisation that may match them.

    The first name is None when the vocabulary cannot bound the matches: a stem shorter than its
    3 letters or all digits (such words are not in it), or no known word matches.
    """
    stems = [stem(word) for word in words]
    found: list[tuple[list[str], str | None]] = []
    for word, stemmed, known in zip(words, stems, _first_names(stems), strict=True):
        boundable = len(stemmed) >= 3 and not stemmed.isdigit()
        if known is not None:
            found.append(([stemmed], known if boundable else None))
            continue
        scored = _close_words(word, limit)
        found.append(([stemmed, *(w for w, _f in scored)], scored[0][1] if scored and boundable else None))
    return found


def _close_words(word: str, limit: int) -> list[tuple[str, str]]:
    """Up to `limit` known words close to a misspelt one, each with the earliest first name among them
    (a lower bound of their matches)."""
    if connection.vendor == "postgresql":
        # The earliest in the database's order (see _first_names) of every close word's, the chosen
        # ones' included: still a lower bound of their matches.
        return list(
            SearchTerm.objects.filter(word__trigram_similar=word)
            .annotate(score=TrigramSimilarity("word", word))
            .filter(score__gte=CORRECTION_THRESHOLD)
            .annotate(first=Window(Min("first_sort_name")))
            .order_by("-score", "word")
            .values_list("word", "first")[:limit]
        )
    # SQLite compares text by code point, as Python does.
    pool = SearchTerm.objects.filter(word__startswith=word[:1]).values_list("word", "first_sort_name")
    ranked = sorted(((word_similarity(word, w), w, f) for w, f in pool), reverse=True)
    chosen = [(w, f) for score, w, f in ranked if score >= CORRECTION_THRESHOLD][:limit]
    return [(w, min(f for _w, f in chosen)) for w, _f in chosen]


def match_text(queryset: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    """Every word must match: an identifier, a word prefix (crude stem) or a correction of a typo.

    On PostgreSQL the words become one tsquery on the word index, and the matches are bounded below in
    name order by the latest of the words' first names (`SearchTerm.first_sort_name`): no match sorts
    before it, so a broad search's walk in name order starts there (`CappedResults`). Elsewhere LIKE
    conditions.
    """
    terms: list[str] = []
    first_names: list[str] = []
    words = tokens(text)
    for word in words:
        if word.isdigit():
            condition = Q(nip=word) | Q(regon=word) if len(word) >= 9 else Q(search_text__contains=f" {word}")
            if len(word) <= 10:
                condition |= Q(krs=word.zfill(10))
            queryset = queryset.filter(condition)
    lettered = [word for word in words if not word.isdigit()]
    for alternatives, first_name in _alternatives(lettered) if lettered else []:
        if connection.vendor == "postgresql":
            terms.append("(" + " | ".join([f"{alternatives[0]}:*", *alternatives[1:]]) + ")")
            if first_name:
                first_names.append(first_name)
        else:
            condition = Q(search_text__contains=f" {alternatives[0]}")
            for corrected in alternatives[1:]:
                condition |= Q(search_text__contains=f" {corrected} ")
            queryset = queryset.filter(condition)
    if terms:
        # Words are folded to [a-z0-9], so the tsquery cannot carry operators from the visitor.
        queryset = queryset.filter(search_text__words=" & ".join(terms))
    if first_names:
        # Each word's first name bounds the matches alone; the latest (in whichever order) bounds them best.
        queryset = queryset.filter(sort_name__gte=max(first_names))
    return queryset


def search_directory(tenant: Tenant, query: DirectoryQuery) -> QuerySet[Organisation]:
    """The directory page's result list: filters, text search and sort, ready to paginate."""
    queryset = in_directory_of(tenant)
    if query.text:
        queryset = match_text(queryset, query.text)
    if query.legal_form:
        # A scalar subquery, not a join: the walk in name order then reads the legal form from its index.
        form = LegalForm.objects.filter(slug=query.legal_form).values("pk")
        queryset = queryset.filter(legal_form_id=Subquery(form))
    # Many-to-many filters as subqueries: no join, so no DISTINCT over every row.
    if query.sphere and connection.vendor == "postgresql":
        queryset = queryset.filter(search_text__in_sphere=query.sphere)  # in the word index (migration 0008)
    elif query.sphere:
        spheres = Organisation.spheres.through.objects.filter(sphereofpublictasks__code=query.sphere)
        queryset = queryset.filter(id__in=spheres.values("organisation_id"))
    if query.district:
        districts = Organisation.districts.through.objects.filter(district_id=query.district)
        queryset = queryset.filter(id__in=districts.values("organisation_id"))
    if query.opp is not None:
        queryset = queryset.filter(opp=query.opp)
    ordering = SORTS.get(query.sort, SORTS["name"])
    return queryset.select_related("legal_form").prefetch_related("spheres").order_by(*ordering)


# What a result of the directory page shows (organisations/directory.html).
DIRECTORY_ROW_FIELDS = (
    "name",
    "city",
    "krs",
    "opp",
    "excluded_art_3_4",
    "legal_form__name",
    "legal_form__name_en",
    "legal_form__name_uk",
)


SPHERE_NAMES = SphereOfPublicTasks.objects.only("short_name", "short_name_en", "short_name_uk")
# The other languages' short names of the spheres (`in_active_language`: the Polish one when not given).
SPHERE_NAME_COLUMNS = {"en": "short_name_en", "uk": "short_name_uk"}


def _sphere_names() -> Any:
    """The names of an organisation's spheres in the active language, in their order, as an array
    (PostgreSQL): the page's rows carry them, so no second query fetches the spheres."""
    polish = F("sphereofpublictasks__short_name")
    column = SPHERE_NAME_COLUMNS.get((get_language() or "pl").split("-")[0])
    name = Coalesce(NullIf(F(f"sphereofpublictasks__{column}"), Value("")), polish) if column else polish
    return ArraySubquery(
        Organisation.spheres.through.objects.filter(organisation_id=OuterRef("pk"))
        .order_by("sphereofpublictasks__order", "sphereofpublictasks__code")
        .values_list(name)
    )


def directory_rows(query: DirectoryQuery) -> QuerySet[Organisation]:
    """The directory page's rows of given ids (`.filter(pk__in=…)`), in the search's order, with what the
    page shows (their spheres' names as `sphere_names`); not the search's conditions (the ids come from
    them: testing them again probed the word index a second time). On PostgreSQL the names are an array
    in each row; elsewhere the spheres are prefetched (`with_sphere_names` names them)."""
    ordering = SORTS.get(query.sort, SORTS["name"])
    rows = Organisation.objects.select_related("legal_form").only(*DIRECTORY_ROW_FIELDS).order_by(*ordering)
    if connection.vendor == "postgresql":
        return rows.annotate(sphere_names=_sphere_names())
    return rows.prefetch_related(Prefetch("spheres", queryset=SPHERE_NAMES, to_attr="sphere_list"))


def with_sphere_names(rows: list[Organisation]) -> list[Organisation]:
    """Rows of `directory_rows` with `sphere_names` however they were read."""
    for row in rows:
        if not hasattr(row, "sphere_names"):
            row.sphere_names = [sphere.display_name for sphere in row.sphere_list]  # type: ignore[attr-defined]
    return rows


def directory_results(tenant: Tenant, query: DirectoryQuery) -> CappedResults:
    """The directory page's search as its paginator reads it (`CappedResults`)."""
    return CappedResults(search_directory(tenant, query), rows=directory_rows(query), finish=with_sphere_names)


def profile_for_public(tenant: Tenant, pk: int) -> Organisation | None:
    """One organisation of the tenant's directory with what its public profile shows."""
    return (
        in_directory_of(tenant)
        .select_related("legal_form")
        .prefetch_related(
            "spheres", Prefetch("districts", queryset=District._base_manager.filter(tenant=tenant).order_by("name"))
        )
        .filter(pk=pk)
        .first()
    )


def organisation_by_id(pk: int) -> Organisation | None:
    """Any organisation on the platform (office and member pages check permissions themselves)."""
    return Organisation.objects.select_related("legal_form", "merged_into").filter(pk=pk).first()


def listings_of_organisation_across_tenants(organisation: Organisation) -> list[OrganisationArea]:
    """Every local government's directory listing the organisation, oldest listing first (its home
    directory). Crosses tenants on purpose, for the profile's platform pages: filtered by the organisation."""
    with scopes_disabled():
        return list(
            OrganisationArea.objects.filter(organisation=organisation)
            .select_related("tenant")
            .order_by("created_at", "pk")
        )


def home_tenant_of(organisation: Organisation) -> Tenant | None:
    """The local government whose directory listed the organisation first (its districts are edited on the
    profile), or None when no directory lists it."""
    listings = listings_of_organisation_across_tenants(organisation)
    return listings[0].tenant if listings else None


def organisations_of(user: Any) -> QuerySet[OrganisationMember]:
    """The organisations a person keeps, with their role."""
    if not getattr(user, "is_authenticated", False):
        return OrganisationMember.objects.none()
    return (
        OrganisationMember.objects.filter(user=user).select_related("organisation").order_by("organisation__sort_name")
    )


def member_role(user: Any, organisation: Organisation) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        OrganisationMember.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    )


def members_of(organisation: Organisation) -> QuerySet[OrganisationMember]:
    return organisation.members.select_related("user").order_by("role", "user__email")


def owners_of(organisation: Organisation) -> QuerySet[OrganisationMember]:
    return members_of(organisation).filter(role=MemberRole.OWNER)


def pending_changes_of(organisation: Organisation) -> QuerySet[ProfileChange]:
    return organisation.changes.filter(state=ReviewState.PENDING).select_related("author")


def pending_claims(tenant: Tenant) -> QuerySet[Claim]:
    """Claims made in this tenant awaiting its officials."""
    with scopes_disabled():
        return (
            Claim.objects.filter(tenant=tenant, state=ReviewState.PENDING)
            .select_related("organisation", "user")
            .order_by("created_at")
        )


def pending_claims_of(user: Any, tenant: Tenant) -> QuerySet[Claim]:
    """A person's own claims in this tenant that still await an official."""
    with scopes_disabled():
        if not getattr(user, "is_authenticated", False):
            return Claim.objects.none()
        return (
            Claim.objects.filter(tenant=tenant, user=user, state=ReviewState.PENDING)
            .select_related("organisation")
            .order_by("created_at")
        )


def pending_changes_for(tenant: Tenant) -> QuerySet[ProfileChange]:
    """Profile changes of organisations listed in this tenant's directory, oldest first."""
    listed = OrganisationArea.objects.model._base_manager.filter(tenant_id=tenant.pk).values("organisation_id")
    return (
        ProfileChange.objects.filter(state=ReviewState.PENDING, organisation_id__in=listed)
        .select_related("organisation", "author")
        .order_by("created_at")
    )


def find_duplicate(
    *, krs: str = "", nip: str = "", regon: str = "", exclude_pk: int | None = None
) -> Organisation | None:
    """An existing organisation with the same KRS, then NIP, then REGON."""
    for field_name, value in (("krs", krs), ("nip", nip), ("regon", regon)):
        if value:
            candidates = Organisation.objects.filter(**{field_name: value})
            if exclude_pk is not None:
                candidates = candidates.exclude(pk=exclude_pk)
            found = candidates.first()
            if found is not None:
                return found
    return None


def directory_statistics(tenant: Tenant) -> dict[str, Any]:
    """Counts for the public statistics page: by legal form, OPP, sphere and district."""
    base = in_directory_of(tenant)
    by_form = list(
        base.values("legal_form__name", "legal_form__name_en", "legal_form__name_uk")
        .annotate(count=Count("id"))
        .order_by("-count", "legal_form__name")
    )
    by_sphere = list(
        base.filter(spheres__isnull=False)
        .values("spheres__code", "spheres__short_name", "spheres__short_name_en", "spheres__short_name_uk")
        .annotate(count=Count("id", distinct=True))
        .order_by("-count", "spheres__order")
    )
    by_district = list(
        base.filter(districts__tenant=tenant)
        .values("districts__name")
        .annotate(count=Count("id", distinct=True))
        .order_by("-count", "districts__name")
    )
    totals = base.aggregate(total=Count("id"), opp=Count("id", filter=Q(opp=True)))
    return {
        "total": totals["total"],
        "opp": totals["opp"],
        "by_form": by_form,
        "by_sphere": by_sphere,
        "by_district": by_district,
    }


def opp_organisations(tenant: Tenant, text: str = "") -> QuerySet[Organisation]:
    """Local public benefit organisations with a KRS number, for the 1.5% page."""
    queryset = in_directory_of(tenant).filter(opp=True).exclude(krs="")
    if text:
        queryset = match_text(queryset, text)
    return queryset.select_related("legal_form").order_by("sort_name", "id")


# Work waiting (core.worklist: organisations/worklist.py) ------------------------------------------------


def unverified_organisations(tenant: Tenant) -> QuerySet[Organisation]:
    """Active organisations of the tenant's directory whose data no office has verified yet, oldest first
    (what the verification queue lists)."""
    listed = OrganisationArea._base_manager.filter(tenant_id=tenant.pk).values("organisation_id")
    return Organisation.objects.filter(id__in=listed, verified_at=None, state=OrganisationState.ACTIVE).order_by(
        "created_at", "pk"
    )


def imports_in_progress(tenant: Tenant) -> QuerySet[ImportJob]:
    """The tenant's imports not finished yet (uploaded, mapped, checked, queued or running), oldest first."""
    jobs = ImportJob.objects.filter(tenant=tenant).exclude(state__in=FINISHED_IMPORT_STATES)
    return jobs.order_by("created_at", "pk")


@dataclass(frozen=True)
class OrganisationReach:
    """Where an organisation the person keeps works: the local governments listing it or holding its
    districts, and its spheres of public tasks (what calls and consultations are matched against)."""

    organisation_id: int
    name: str
    tenant_ids: frozenset[int]
    sphere_ids: frozenset[int]


def organisation_reach_across_tenants(user: Any) -> list[OrganisationReach]:
    """The reach of every organisation the user keeps, in every local government: four queries, once per
    user object (a request). Crosses tenants on purpose (the person's dashboard), filtered by the user's
    memberships."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[OrganisationReach] | None = user.__dict__.get("_pozytek_reach")
    if cached is not None:  # the calls' and the consultations' sources both ask within one request
        return cached
    with scopes_disabled():
        organisations = list(
            Organisation.objects.filter(members__user=user, state=OrganisationState.ACTIVE)
            .order_by("sort_name", "pk")
            .values_list("pk", "name")
        )
        ids = [pk for pk, _name in organisations]
        tenants: dict[int, set[int]] = {pk: set() for pk in ids}
        spheres: dict[int, set[int]] = {pk: set() for pk in ids}
        for organisation_id, tenant_id in OrganisationArea._base_manager.filter(organisation_id__in=ids).values_list(
            "organisation_id", "tenant_id"
        ):
            tenants[organisation_id].add(tenant_id)
        for organisation_id, tenant_id in Organisation.districts.through.objects.filter(
            organisation_id__in=ids
        ).values_list("organisation_id", "district__tenant_id"):
            tenants[organisation_id].add(tenant_id)
        for organisation_id, sphere_id in Organisation.spheres.through.objects.filter(
            organisation_id__in=ids
        ).values_list("organisation_id", "sphereofpublictasks_id"):
            spheres[organisation_id].add(sphere_id)
    reach = [OrganisationReach(pk, name, frozenset(tenants[pk]), frozenset(spheres[pk])) for pk, name in organisations]
    user.__dict__["_pozytek_reach"] = reach
    return reach
