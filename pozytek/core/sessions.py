"""Django's database sessions, read by a query compiled once per process (SESSION_ENGINE = this module).

Every signed-in request reads its session row first; building and compiling that query took about as
long as running it. The row is read by its key with a prepared query (core/prepared.py) and its expiry
checked here, where Django's store asks the database for `expire_date > now`: the same answer, from the
same table; writing, expiring and clearing sessions are Django's own.
"""

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from pozytek.core.prepared import PreparedQuery

_BY_KEY: PreparedQuery[Session] = PreparedQuery(lambda key: Session.objects.filter(session_key=key), key=str)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        found = _BY_KEY.fetch(key=key) if isinstance(key, str) else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None  # as Django's store does for a missing or expired session
        return None
