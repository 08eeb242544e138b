"""`in_array`: an integer column among many values, as one parameter on PostgreSQL.

`pk__in=[…]` writes one placeholder per value: a page of the directory read by up to a thousand ids sent
a thousand literals for PostgreSQL to parse and plan (about 2 ms at 150,000 organisations).
`pk__in_array=[…]` sends them as one array (`= ANY(%s)`); other databases get the usual `IN (…)`.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import IntegerField, Lookup
from django.db.models.sql.compiler import SQLCompiler


@IntegerField.register_lookup
class InArray(Lookup[list[int]]):
    lookup_name = "in_array"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        values: Iterable[Any] = self.rhs
        return [int(value) for value in values]

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, self.rhs)

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*lhs_params, *self.rhs)
