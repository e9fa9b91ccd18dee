"""Split Swedish text into words and reduce them to Snowball stems, for indexing and for queries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

# A word: letters and digits (Unicode \w without the underscore). Everything else separates words,
# so FTS5's own syntax (" * ( ) : ^ - +) never reaches its query parser from a word.
WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("swedish")


def normalise(text: str) -> str:
    """Return the text in NFC, lower-cased: the form words are stemmed in."""
    return unicodedata.normalize("NFC", text).lower()


def stem(word: str) -> str:
    """Return the Snowball Swedish stem of one word, stemmed again until it stays the same.

    Snowball's Swedish stemmer is not idempotent: företagsklimatet → företagsklimat, but
    företagsklimat → företagsklim. Stemming to a fixed point puts both on företagsklim.
    """
    stemmer, current = _stemmer(), normalise(word)
    for _ in range(4):
        following = stemmer.stemWord(current)
        if following == current:
            break
        current = following
    return current


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, stem) for every word of a text, offsets in the text as given."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), _cached_stem(normalise(match.group()))


def stemmed(text: str) -> str:
    """Return the stems of a text's words, space-separated, in order: what FTS5 indexes."""
    return " ".join(_cached_stem(word) for word in WORD.findall(normalise(text)))


@lru_cache(maxsize=65536)
def _cached_stem(word: str) -> str:
    return stem(word)
