"""The measure registry: every measure installed, found by entry point.

Each measure module defines a :class:`~analysis.measures.base.Measure` as ``MEASURE``
and declares it in its package's metadata, in the entry-point group
:data:`ENTRY_POINT_GROUP` (this package's own in ``pyproject.toml``)::

    [project.entry-points."media_framing.measures"]
    exclamation = "my_package.exclamation:MEASURE"

Entry points are read from the installed packages' metadata, so a measure installed
once reaches every process that scores: this one, the scoring workers, the notebook
kernels and Dask workers, with nothing registered by hand. Its package's version
enters :func:`analysis.scoring.engine.scoring_version`, so cached scores follow it.

>>> [m.name for m in measures()][:3]
['tone', 'hedging', 'human_interest']
"""

from __future__ import annotations

import hashlib
import inspect
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from analysis.measures.base import Mark, Measure

ENTRY_POINT_GROUP = "media_framing.measures"


@cache
def _installed() -> tuple[tuple[Measure, str], ...]:
    """(measure, where it comes from) for every entry point, in column order."""
    found: dict[str, tuple[Measure, str]] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        measure = point.load()
        if not isinstance(measure, Measure):
            raise TypeError(
                f"entry point {point.name!r} ({point.value}) in {ENTRY_POINT_GROUP!r} is not a "
                f"Measure but {type(measure).__name__}"
            )
        if measure.name != point.name:
            raise ValueError(
                f"entry point {point.name!r} ({point.value}) names a measure called "
                f"{measure.name!r}: the two names must be the same"
            )
        dist = point.dist
        origin = f"{dist.name}=={dist.version}" if dist else "unknown distribution"
        if point.name in found and found[point.name][1] != origin:
            raise ValueError(
                f"two installed measures are called {point.name!r}: "
                f"{found[point.name][1]} and {origin}"
            )
        found[point.name] = (measure, f"{origin} {point.value} {_source_digest(measure)}")
    return tuple(sorted(found.values(), key=lambda pair: (pair[0].order, pair[0].name)))


def _source_digest(measure: Measure) -> str:
    """A hash of the file defining the measure's cue finder, so an edited measure re-scores."""
    try:
        source = Path(inspect.getfile(measure.cues))
    except TypeError:
        return "no-source"
    return hashlib.sha256(source.read_bytes()).hexdigest()[:16] if source.is_file() else "no-file"


def measures() -> tuple[Measure, ...]:
    """Every installed measure, in the order of their columns."""
    return tuple(measure for measure, _ in _installed())


def provenance() -> tuple[str, ...]:
    """One line per measure: its name, distribution and version, entry point and source hash.

    :func:`analysis.scoring.engine.scoring_version` hashes these lines.
    """
    return tuple(f"{measure.name} {origin}" for measure, origin in _installed())


def refresh() -> None:
    """Read the entry points again (after installing a measure into a running process)."""
    _installed.cache_clear()


def article_measures() -> tuple[str, ...]:
    """Article columns compared by default, measure by measure."""
    return tuple(c for m in measures() for c in m.compare)


def key_measures() -> tuple[str, ...]:
    """Each measure's headline column (the first it compares): what an answer leads with.

    >>> key_measures()[:3]
    ('tone_rating', 'hedge_probability', 'human_interest_probability')
    """
    return tuple(m.compare[0] for m in measures() if m.compare)


def sentence_measures() -> tuple[str, ...]:
    """Sentence columns compared by default: each measure's values, then its counts."""
    return tuple(c for m in measures() for c in (*m.sentence_values, *m.sentence_counts))


def readable(column: str) -> str:
    """A measure column's name in words: the label its measure gives, else the column's name
    with ``_per_1k_words`` read out and underscores as spaces.

    >>> readable("quotes_per_1k_words"), readable("textblob_subjectivity")
    ('quotes per 1,000 words', 'subjectivity (TextBlob)')
    >>> readable("exclamation_marks_per_1k_words")
    'exclamation marks per 1,000 words'
    """
    for measure in measures():
        if column in measure.labels:
            return measure.labels[column]
    return column.replace("_per_1k_words", " per 1,000 words").replace("_", " ")


def marks() -> dict[str, Mark]:
    """``Cue.measure`` -> :class:`~analysis.measures.base.Mark`, over every measure."""
    return {kind: mark for m in measures() for kind, mark in m.marks.items()}
