"""`similar_word` lookup: typo-tolerant word match, the same query on PostgreSQL and SQLite.

PostgreSQL uses pg_trgm's indexable `%>` operator (word similarity above
pg_trgm.word_similarity_threshold, set per connection in `signals.py`); SQLite calls a Python
function registered on each connection that computes a close equivalent.
"""

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup, TextField
from django.db.models.sql.compiler import SQLCompiler

WORD_SIMILARITY_THRESHOLD = 0.4

# What Django's `as_sql` returns: the SQL and its parameters.
CompiledSql = tuple[str, tuple[str | int, ...]]


@TextField.register_lookup
class SimilarWord(Lookup[str]):
    lookup_name = "similar_word"

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> CompiledSql:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (f"pozytek_word_similarity({rhs}, {lhs}) >= {WORD_SIMILARITY_THRESHOLD}", (*rhs_params, *lhs_params))

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> CompiledSql:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %%> {rhs}", (*lhs_params, *rhs_params)


@TextField.register_lookup
class Words(Lookup[str]):
    """`search_text__words="fundac:* & (zdrow:* | zdrowia)"`: the tsquery against the word index.

    PostgreSQL only (migration 0005 adds `search_vector`); the selector builds LIKE conditions for
    other databases instead of using this lookup.
    """

    lookup_name = "words"

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> CompiledSql:
        lhs, _lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        vector = lhs.rsplit(".", 1)[0] + '."search_vector"' if "." in lhs else '"search_vector"'
        return f"{vector} @@ to_tsquery('simple', {rhs})", tuple(rhs_params)

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> CompiledSql:
        raise NotImplementedError("The words lookup needs PostgreSQL.")


@TextField.register_lookup
class InSphere(Lookup[str]):
    """`search_text__in_sphere="17"`: the organisation works in a sphere of public tasks with this code.

    PostgreSQL only: the word vector holds a lexeme '#<sphere id>' per sphere (migration 0008), so a text
    search within a sphere is one probe of the word index. The spheres with the code (one per version
    of the Act) become a tsquery in an InitPlan, evaluated once; none: no match.
    """

    lookup_name = "in_sphere"

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> CompiledSql:
        lhs, _lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        vector = lhs.rsplit(".", 1)[0] + '."search_vector"' if "." in lhs else '"search_vector"'
        spheres = (
            "(SELECT string_agg(quote_literal('#' || id), ' | ')::tsquery "  # noqa: S608 -- rhs is a placeholder
            f"FROM legal_sphereofpublictasks WHERE code = {rhs})"
        )
        return f"{vector} @@ {spheres}", tuple(rhs_params)

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> CompiledSql:
        raise NotImplementedError("The in_sphere lookup needs PostgreSQL.")
