"""The words a corpus's metadata may hold for its labels, shared by the loader and the
genre proposal (which the loader applies when asked, so it cannot import the loader), and
where a run's genre labels came from, in words."""

from collections import Counter
from collections.abc import Sequence

#: A fact not given: a blank or missing metadata value.
UNKNOWN = "unknown"
#: The genre labels the suite compares; ``unknown`` for texts not yet labelled.
GENRES = ("wire", "colour", "opinion", UNKNOWN)
#: What ``genre_source`` says, in words, for the report's landing page.
GENRE_SOURCES = {
    "given": "given by the corpus",
    "proposed": "as proposed by the suite from their signals",
    "corrected": "corrected in review",
    "reviewed": "from a genres file",
}


def genre_sources(genre: Sequence[str], source: Sequence[str], *, file: str = "") -> dict:
    """How many genres came from where, and how many are still unknown, for a run's manifest.

    >>> genre_sources(["wire", "unknown", "colour"], ["given", "proposed", "proposed"])
    {'from': 'the corpus', 'given': 1, 'proposed': 2, 'unknown': 1}
    """
    counts = Counter(str(s) for s, g in zip(source, genre, strict=True))
    return {
        "from": file or "the corpus",
        **{s: counts[s] for s in GENRE_SOURCES if counts[s]},
        "unknown": sum(str(g) == UNKNOWN for g in genre),
    }


def said_sources(sources: dict) -> str:
    """Where the genre labels came from, in words (see :func:`genre_sources`).

    >>> print(said_sources({"from": "genres.csv", "given": 2, "proposed": 8, "unknown": 3}))
    ... # doctest: +NORMALIZE_WHITESPACE
    genres: 2 given by the corpus, 8 as proposed by the suite from their signals
    (genres.csv); 3 unknown, left out
    """
    said = ", ".join(
        f"{sources[s]:,} {words}" for s, words in GENRE_SOURCES.items() if s in sources
    )
    file = f" ({sources['from']})" if sources.get("from", "the corpus") != "the corpus" else ""
    unknown = f"; {sources['unknown']:,} unknown, left out" if sources.get("unknown") else ""
    return f"genres: {said or 'none given'}{file}{unknown}"
