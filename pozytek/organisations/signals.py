"""Per-connection set-up for directory search (see lookups.py)."""

from typing import Any

from django.db.backends.signals import connection_created
from django.dispatch import receiver

from pozytek.organisations.lookups import WORD_SIMILARITY_THRESHOLD
from pozytek.organisations.text import word_similarity


@receiver(connection_created)
def prepare_search(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("pozytek_word_similarity", 2, _similarity, deterministic=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")


def _similarity(query: str | None, text: str | None) -> float:
    return word_similarity(query or "", text or "")
