"""The suite's own lexicons, the one entry type they are read into, and the one phrase matcher.

Every file is tab-separated with a header row and at least the columns
``term``, ``category``, ``example`` (a real sentence where the entry applies)
and ``source`` (what informed the entry); ``news_tone.tsv`` adds ``weight``.
They are package data, read with :mod:`importlib.resources`, so they travel
with an installed package. None copies a research-only list (LIWC, NRC,
Lexicoder).

Term syntax, shared by every lexicon: words separated by spaces, lower case,
as :func:`analysis.text.tokenize` splits them and :attr:`analysis.text.Token.norm`
writes them ("can't" and "four-year" are one word); ``a|b`` matches either
word, ``*`` any one word, and a leading ``^`` ties the term to the first word
of the sentence. The first word may not be ``*``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files

REQUIRED_COLUMNS = ("term", "category", "example", "source")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One row of a lexicon: the term, what it counts as, an example and where it comes from.

    ``weight`` is the tone lexicon's rating on VADER's -4..+4 scale; None in
    lexicons without a ``weight`` column.
    """

    term: str
    category: str
    example: str
    source: str
    weight: float | None = None


def read_lexicon(name: str) -> tuple[LexiconEntry, ...]:
    """The entries of ``analysis/measures/lexicons/<name>``, in file order.

    Raises:
        ValueError: naming the file and line of a row that lacks a required column.

    >>> entry = read_lexicon("hedges.tsv")[1]
    >>> entry.term, entry.category, entry.weight
    ('might', 'epistemic', None)
    """
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    entries = []
    rows = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    for line, row in enumerate(rows, start=2):
        missing = [c for c in REQUIRED_COLUMNS if not (row.get(c) or "").strip()]
        if missing:
            raise ValueError(f"lexicon {name}, line {line}: no {', '.join(missing)}")
        weight = row.get("weight")
        entries.append(
            LexiconEntry(
                row["term"],
                row["category"],
                row["example"],
                row["source"],
                None if weight is None else float(weight),
            )
        )
    return tuple(entries)


#: A compiled term: the words each position accepts (None: any word), tied to the
#: sentence's first word or not, and its entry.
_Compiled = tuple[tuple[frozenset[str] | None, ...], bool, LexiconEntry]


def _compile(entry: LexiconEntry) -> _Compiled:
    words = entry.term.split()
    anchored = words[:1] == ["^"]
    slots = tuple(None if w == "*" else frozenset(w.split("|")) for w in words[anchored:])
    if not slots or slots[0] is None:
        raise ValueError(f"a term must start with a word: {entry.term!r}")
    return slots, anchored, entry


class PhraseMatcher:
    """Lexicon terms found in a list of normalised words: index by first word, take the longest.

    Each measure decides what its word list holds (punctuation or not, "n't"
    as "not" or not); the matcher only matches. Among terms of one length, the
    earlier in the lexicon wins.

    >>> entries = [LexiconEntry(t, "c", "", "") for t in ("no", "no doubt", "not * clear")]
    >>> matcher = PhraseMatcher(entries)
    >>> words = "there is no doubt it was not yet clear".split()
    >>> [(i, j, e.term) for i, j, e in matcher.scan(words)]
    [(2, 4, 'no doubt'), (6, 9, 'not * clear')]
    >>> matcher.longest_at(words, 3) is None
    True
    >>> matcher.may_match(words), matcher.may_match(["it", "was", "clear"])
    (True, False)
    """

    def __init__(self, entries: Iterable[LexiconEntry]) -> None:
        index: dict[str, list[_Compiled]] = {}
        for entry in entries:
            compiled = _compile(entry)
            for word in compiled[0][0]:
                index.setdefault(word, []).append(compiled)
        self._index = {
            word: tuple(sorted(terms, key=lambda c: -len(c[0]))) for word, terms in index.items()
        }

    def may_match(self, words: Iterable[str]) -> bool:
        """False when no term can start at any of ``words`` (none is a term's first word):
        one set test, where most sentences have no term to find."""
        return not self._index.keys().isdisjoint(words)

    def longest_at(
        self, words: Sequence[str], i: int, *, first: int = 0
    ) -> tuple[int, LexiconEntry] | None:
        """The longest term starting at ``words[i]``: (end index, entry), or None.

        ``first`` is the index of the sentence's first word, where ``^`` terms may start.
        """
        for slots, anchored, entry in self._index.get(words[i], ()):
            end = i + len(slots)
            if end > len(words) or (anchored and i != first):
                continue
            if all(
                slot is None or word in slot
                for slot, word in zip(slots[1:], words[i + 1 : end], strict=True)
            ):
                return end, entry
        return None

    def scan(
        self, words: Sequence[str], *, first: int = 0
    ) -> Iterator[tuple[int, int, LexiconEntry]]:
        """Leftmost-longest matches, not overlapping, as (start, end, entry)."""
        if not self.may_match(words):
            return
        index, free = self._index, 0
        for i, word in enumerate(words):
            if i < free or word not in index:
                continue
            found = self.longest_at(words, i, first=first)
            if found is not None:
                free = found[0]
                yield i, found[0], found[1]
