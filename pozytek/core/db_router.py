"""Reads of heavy public pages and exports from a PostgreSQL read replica; everything else on the primary.

Off unless `settings.POZYTEK_READ_REPLICA` names a database alias (config/settings.py sets it to "replica"
when DATABASE_REPLICA_URL is given): then every method below answers None and Django uses "default", as
with no router at all (development on SQLite, the test suite).

On, a read goes to the replica only inside `read_from_replica()` (a context manager) or a view decorated
with `@replica_reads`, and only while all of these hold:
- the request is a GET or HEAD from a visitor who is not signed in: a signed-in person may have just
  written (a published call, a profile change) and must read it back (read-your-writes), and the
  replica may lag the primary by a moment;
- nothing has been written in that context yet: the first `db_for_write` (a save, an update, a delete,
  `select_for_update()`, which Django routes as a write) pins the rest of it to the primary;
- no transaction is open on the primary (a read inside `atomic()` belongs with the writes around it);
- the model is not one that must always be read where it was just written: sessions and the database
  cache (allauth's rate-limit counters).
Writes always go to "default" (said explicitly: with None Django would write an instance back to the
database it was read from, i.e. the replica). Migrations run only on "default"; relations between rows
of the two aliases are allowed (they are the same data).

The decorated views are listed here, and nowhere else is routed: the public, anonymous, read-only pages
and downloads whose cost grows with the data.
- grants.views.public: register, register_csv, register_xlsx, register_json (the grants register)
- organisations.views.public: directory (the directory search)
- organisations.views.public_open_data: index, csv_export, xlsx_export, json_export
- organisations.views.public_statistics: statistics
- competitions.views.public: call_list
- evaluation.views.public: results, results_pdf, results_csv, results_json, formal_results
- programmes.views.public: report, report_pdf, report_docx, report_json (the published realisation report)
A streamed response (CSV, JSON) is read while the server sends it, after the view has returned: the
decorator keeps the context around each piece. Template responses rendered after the view returns
(class-based views) would run outside it, i.e. on the primary: decorate function views that render.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import FileResponse, HttpRequest, HttpResponseBase, StreamingHttpResponse

# Apps whose rows are read back right after being written, in the same or the next request.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache"})
SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class _ReplicaReads:
    alias: str
    wrote: bool = False


_current: ContextVar[_ReplicaReads | None] = ContextVar("pozytek_replica_reads", default=None)

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def replica_alias() -> str:
    """The alias reads may go to, or "" when the router is off."""
    return str(getattr(settings, "POZYTEK_READ_REPLICA", "") or "")


@contextmanager
def read_from_replica() -> Iterator[None]:
    """Reads inside go to the replica (when one is configured) until something is written."""
    alias = replica_alias()
    if not alias:
        yield
        return
    token = _current.set(_ReplicaReads(alias))
    try:
        yield
    finally:
        _current.reset(token)


def _pieces_in(state: _ReplicaReads, pieces: Iterable[Any]) -> Iterator[Any]:
    """A streamed response's pieces, each produced with the view's replica context active again."""
    iterator = iter(pieces)
    while True:
        token = _current.set(state)
        try:
            piece = next(iterator)
        except StopIteration:
            return
        finally:
            _current.reset(token)
        yield piece


def _signed_in(request: HttpRequest) -> bool:
    """Evaluated before the replica context is entered: the session and the user come from the primary."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def replica_reads(view: View) -> View:
    """Run a public read-only view's reads on the replica for anonymous GET and HEAD requests."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        alias = replica_alias()
        if not alias or request.method not in SAFE_METHODS or _signed_in(request):
            return view(request, *args, **kwargs)
        state = _ReplicaReads(alias)
        token = _current.set(state)
        try:
            response = view(request, *args, **kwargs)
        finally:
            _current.reset(token)
        if isinstance(response, StreamingHttpResponse) and not isinstance(response, FileResponse):
            pieces = response.streaming_content
            if isinstance(pieces, Iterator):  # synchronous (the decorated views never stream asynchronously)
                response.streaming_content = _pieces_in(state, pieces)
        return response

    return wrapper  # type: ignore[return-value]


class ReadReplicaRouter:
    """The router of DATABASE_ROUTERS (see the module's docstring)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        alias = replica_alias()
        if not alias:
            return None
        state = _current.get()
        if (
            state is None
            or state.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return state.alias

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        if not replica_alias():
            return None
        state = _current.get()
        # A session or cache write (a page caching its filters' choices) changes nothing the replica's
        # reads would show: only a write of the data pins the rest of the request to the primary.
        if state is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        alias = replica_alias()
        if not alias:
            return None
        ours = {DEFAULT_DB_ALIAS, alias}
        return True if obj1._state.db in ours and obj2._state.db in ours else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        # The replica is a read-only copy of the primary: the schema reaches it through replication.
        return db == DEFAULT_DB_ALIAS
