"""Queries of the hot paths compiled once per process: the same SQL on every request, new values only.

Building a QuerySet and compiling it to SQL costs more Python than running it: reading an offer with its
call and organisation (~150 columns) took ~1.4 ms to build and compile and ~0.6 ms to run. A
`PreparedQuery` is declared once with a function that builds the queryset from its parameters; the first
use on a database alias calls it with stand-in values, compiles it and remembers where each stand-in
went in the SQL's parameters. Later calls put the real values there and run the same SQL through
Django's own result iterables (model instances with `select_related`, annotations, converters and the
`post_init` signal exactly as the queryset would give them), on the alias the router names each time.

Only what is fixed at declaration may shape the SQL: the parameters must be plain values compared as
they are (`field=value`; not `__in`, `__contains`, `None` or objects). The query is compiled twice with
different stand-ins: the SQL must be the same and its parameters must differ exactly where the stand-ins
went unchanged, or the query is refused (ImproperlyConfigured).
"""

import copy
import inspect
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet, FullResultSet, ImproperlyConfigured
from django.db import connections, router
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError

R = TypeVar("R")  # a row: a model instance, or what values_list gives

# Stand-ins for compiling (see `_stand_ins`).
_INT_BASE = 32_001
_STR_MARK = "\x1fprepared-parameter-{}-{}\x1f"


@dataclass(frozen=True)
class _Compiled:
    compiler: Any  # the SQLCompiler after as_sql(): select, klass_info, annotations, converters
    sql: str
    params: tuple[Any, ...]
    slots: Mapping[str, tuple[int, ...]]  # parameter name -> its positions in `params`
    queryset: Any  # the QuerySet compiled
    for_update: bool
    composite: bool  # whether a selected column is a composite primary key (results_iter asks each time)
    # Per connection (thread): the backend's converters are bound to its connection.
    converters: "weakref.WeakKeyDictionary[Any, dict[int, Any]]" = field(default_factory=weakref.WeakKeyDictionary)


class _Source:
    """Stands for the queryset's Query: its compiler returns the prepared SQL with this call's values."""

    def __init__(self, compiler: Any) -> None:
        self._compiler = compiler

    def get_compiler(self, using: Any = None, connection: Any = None, elide_empty: bool = True) -> Any:
        return self._compiler


class _Run:
    """What Django's result iterables read from a queryset, for one execution of the prepared SQL."""

    def __init__(self, compiled: _Compiled, compiler: Any, alias: str) -> None:
        self.query = _Source(compiler)
        self.db = alias
        self.model = compiled.queryset.model
        self._known_related_objects = compiled.queryset._known_related_objects
        self._fields = compiled.queryset._fields


class PreparedQuery(Generic[R]):
    """`build(**params)` returns the queryset; `fetch(**values)` runs its SQL compiled once per alias.

    `kinds` gives each parameter's type (int or str), which its stand-in takes.
    """

    def __init__(self, build: Callable[..., QuerySet[Any, R]], **kinds: type) -> None:
        names = tuple(inspect.signature(build).parameters)
        if set(names) != set(kinds) or any(kind not in (int, str) for kind in kinds.values()):
            raise ImproperlyConfigured("Give every parameter of a prepared query's builder as int or str.")
        self._build, self._kinds = build, kinds
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._shape: Any = None  # the QuerySet built with the stand-ins

    def _stand_ins(self, round_: int) -> dict[str, Any]:
        """Values for compiling: small positive integers (a small integer column's range is checked when an
        exact lookup compiles), marked strings; two rounds of different values."""
        return {
            name: (_INT_BASE + 100 * round_ + i if kind is int else _STR_MARK.format(round_, i))
            for i, (name, kind) in enumerate(self._kinds.items())
        }

    def _template(self) -> Any:
        """The queryset built with the stand-ins: its model, iterable and whether it locks rows."""
        if self._shape is None:
            self._shape = self._build(**self._stand_ins(0))
            if self._shape._prefetch_related_lookups:
                raise ImproperlyConfigured("A prepared query cannot prefetch related objects.")
        return self._shape

    def _compile_with(self, alias: str, stand_ins: dict[str, Any]) -> tuple[Any, Any, str, tuple[Any, ...]]:
        queryset: Any = self._build(**stand_ins)
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet) as error:
            raise ImproperlyConfigured("The query does not compile with stand-in values: not preparable.") from error
        return queryset, compiler, sql, tuple(params)

    def _compile(self, alias: str) -> _Compiled:
        """Compiled twice with different stand-ins: the SQL must be the same, and the parameters differ
        exactly where a stand-in went (so no constant of the query is taken for a parameter)."""
        first, second = self._stand_ins(0), self._stand_ins(1)
        queryset, compiler, sql, params = self._compile_with(alias, first)
        _, _, other_sql, other_params = self._compile_with(alias, second)
        if other_sql != sql or len(other_params) != len(params):
            raise ImproperlyConfigured("The query's SQL depends on its parameters' values: not preparable.")
        pairs = list(enumerate(zip(params, other_params, strict=True)))
        slots = {name: tuple(i for i, (a, b) in pairs if a == first[name] and b == second[name]) for name in first}
        placed = {i for positions in slots.values() for i in positions}
        changed = {i for i, (a, b) in pairs if a != b}
        missing = [name for name, positions in slots.items() if not positions]
        if missing or changed != placed:
            raise ImproperlyConfigured(f"Parameters {missing or sorted(slots)} do not reach the SQL unchanged.")
        composite = compiler.has_composite_fields([column[0] for column in compiler.select[0 : compiler.col_count]])
        for_update = bool(queryset.query.select_for_update)
        return _Compiled(compiler, sql, params, slots, queryset, for_update, composite)

    def fetch(self, **values: Any) -> list[R]:
        """The rows (model instances, or what `values_list` gives) for these parameter values."""
        if set(values) != set(self._kinds):
            raise TypeError(f"Expected the parameters {sorted(self._kinds)}.")
        template = self._template()
        # The alias is named on every call (the read replica's router depends on the request), the SQL
        # compiled once for each alias and backend.
        if template.query.select_for_update:
            alias = router.db_for_write(template.model)
        else:
            alias = router.db_for_read(template.model)
        connection = connections[alias]
        key = (alias, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(alias)
        if compiled.for_update and connection.get_autocommit() and connection.features.supports_transactions:
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        params = list(compiled.params)
        for name, positions in compiled.slots.items():
            value = values[name]
            if not isinstance(value, self._kinds[name]) or isinstance(value, bool):
                raise TypeError(f"{name} must be {self._kinds[name].__name__}, not {type(value).__name__}.")
            for position in positions:
                params[position] = value
        # A copy bound to this thread's connection, answering with this call's parameters and the column
        # converters worked out once for this connection (each result used to ask every column again).
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connection
        sql, bound = compiled.sql, tuple(params)
        compiler.as_sql = lambda *args, **kwargs: (sql, bound)
        converters = compiled.converters.get(connection)
        if converters is None:
            selected = [column[0] for column in compiler.select[0 : compiler.col_count]]
            converters = compiled.converters[connection] = compiler.get_converters(selected)
        compiler.get_converters = lambda expressions: converters
        compiler.has_composite_fields = lambda expressions: compiled.composite
        rows: list[R] = list(compiled.queryset._iterable_class(_Run(compiled, compiler, alias)))
        return rows
