"""Text normalisation for search and sorting: lower case, no Polish diacritics, no punctuation."""

import re
import unicodedata

_NON_DECOMPOSING = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Fundacja „Łódź” – Zdrowie' -> 'fundacja lodz zdrowie'."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_NON_DECOMPOSING).lower())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", ascii_only).strip()


def tokens(query: str) -> list[str]:
    """Distinct folded words of a query, in order."""
    seen: list[str] = []
    for word in fold(query).split():
        if word not in seen:
            seen.append(word)
    return seen[:8]


def stem(word: str) -> str:
    """A crude Polish stem: drop up to two inflection letters from longer words.

    "zdrowie" and "zdrowia" share "zdrow"; "fundacji" and "fundacja" share "fundac".
    """
    if word.isdigit() or len(word) <= 4:
        return word
    return word[: max(4, len(word) - 2)]


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def word_similarity(query: str, text: str) -> float:
    """Best trigram similarity of `query` to one word of `text` (close to pg_trgm's word_similarity)."""
    query_grams = trigrams(query)
    if not query_grams:
        return 0.0
    best = 0.0
    for word in text.split():
        grams = trigrams(word)
        shared = len(query_grams & grams)
        best = max(best, shared / len(query_grams | grams))
    return best


def vocabulary(search_text: str) -> set[str]:
    """Words of a folded search text worth correcting a query against (letters, 3–60 chars)."""
    return {w for w in search_text.split() if 3 <= len(w) <= 60 and not w.isdigit()}
