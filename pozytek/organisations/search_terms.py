"""The search vocabulary (`SearchTerm`): the words of organisations' search texts, each with the first
name (in name order) of an organisation that has it.

The first name is a lower bound for the directory's walk in name order (`selectors.CappedResults`): no
organisation with the word sorts before it. It only ever moves down (when an organisation with the
word and an earlier name is saved), so a renamed or deleted organisation leaves it lower than it
could be, never higher: the walk may start earlier than needed, never after a match.
"""

from collections.abc import Iterable

from django.db import connection

from pozytek.organisations.text import vocabulary

BATCH = 2000


def remember_words(entries: Iterable[tuple[str, str]]) -> None:
    """Add the words of (search text, sort name) pairs to the vocabulary and lower their first names.

    The database picks the first name per word (MIN over the batch, then the lower of that and the
    stored one), so the order is the database's, the one the walk's index follows.
    """
    pairs = sorted({(word, sort_name) for search_text, sort_name in entries for word in vocabulary(search_text)})
    for start in range(0, len(pairs), BATCH):
        chunk = pairs[start : start + BATCH]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        # WHERE true: SQLite's upsert after a SELECT needs it to parse ON CONFLICT.
        sql = (
            "INSERT INTO organisations_searchterm (word, first_sort_name) "  # noqa: S608 -- placeholders only
            f"SELECT column1, MIN(column2) FROM (VALUES {values}) AS v WHERE true GROUP BY column1 "
            "ON CONFLICT (word) DO UPDATE SET first_sort_name = excluded.first_sort_name "
            "WHERE excluded.first_sort_name < organisations_searchterm.first_sort_name"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for pair in chunk for value in pair])
