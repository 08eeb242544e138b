"""Per-connection set-up for directory search (see lookups.py); the directory filters' cached choices
dropped when their reference data changes (forms/directory.py)."""

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from pozytek.legal.models import LegalForm, SphereOfPublicTasks
from pozytek.organisations.forms.directory import district_choices_key, reference_choices_key
from pozytek.organisations.lookups import WORD_SIMILARITY_THRESHOLD
from pozytek.organisations.text import word_similarity
from pozytek.tenants.models import District


@receiver(connection_created)
def prepare_search(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("pozytek_word_similarity", 2, _similarity, deterministic=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")


def _similarity(query: str | None, text: str | None) -> float:
    return word_similarity(query or "", text or "")


@receiver([post_save, post_delete], sender=LegalForm)
@receiver([post_save, post_delete], sender=SphereOfPublicTasks)
def forget_reference_choices(sender: Any, **kwargs: Any) -> None:
    _forget(reference_choices_key(timezone.localdate()))


@receiver([post_save, post_delete], sender=District)
def forget_district_choices(sender: Any, instance: District, **kwargs: Any) -> None:
    _forget(district_choices_key(instance.tenant_id))


def _forget(key: str) -> None:
    """Now, and again once the change is committed: a page in between may have cached the old rows."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
