"""The measure registry: what scoring, comparison and highlighting read to know the measures.

A measure is a :class:`Measure`: a name, a function from a
:class:`~analysis.text.Doc` to its :class:`~analysis.text.Cue` objects, a
function from the Doc and those cues to the article columns it adds, which of
those columns get a rate per 1,000 words, which are compared between groups by
default, and how its cues are shown (:class:`Mark`). Each measure module
defines one as ``MEASURE``; :func:`measures` lists the built-in ones in the
order their columns appear, then any added with :func:`register`. So a new
measure is one module (and its lexicon and tests) plus its name in
:func:`_builtin`; a notebook or a test can :func:`register` its own without
touching the package:

>>> from analysis import score_texts
>>> from analysis.text import Cue
>>> def exclamations(doc):
...     return [Cue(t.start, t.end, "exclamation", "mark", "'!'", t.text)
...             for t in doc.tokens if t.text == "!"]
>>> toy = Measure("exclamation", exclamations,
...               lambda doc, cues: {"exclamations": len(cues)},
...               rate_columns=("exclamations",))
>>> with registered(toy):
...     score_texts(["Peace! Now!"])["exclamations_per_1k_words"].item()
1000.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from analysis.text import Cue, Doc

CueFinder = Callable[[Doc], list[Cue]]
ColumnMaker = Callable[[Doc, Sequence[Cue]], dict[str, object]]


@dataclass(frozen=True)
class Mark:
    """How one kind of cue (one ``Cue.measure`` value) is shown by :func:`~analysis.highlight`.

    ``style`` is the CSS of its span; ``legend`` the words in the key, which
    must say what the mark looks like (no mark relies on colour alone).
    ``category_styles`` gives some categories their own CSS (a legend entry
    each, "<cue>: <category>"), and ``label`` writes the category after the
    span, as quotes write their speaker type.
    """

    style: str = ""
    legend: str = ""
    category_styles: Mapping[str, str] = field(default_factory=dict)
    label: bool = False

    def css(self, category: str) -> str:
        return self.category_styles.get(category, self.style)


@dataclass(frozen=True)
class Measure:
    """One measure, as scoring, comparison and highlighting see it.

    Attributes:
        name: the measure's name (``"hedging"``).
        cues: every cue it finds in a Doc (``Cue.measure`` may name several
            kinds, as hedging's ``hedge`` and ``booster``).
        columns: the article columns it adds, from the Doc and its cues.
        rate_columns: count columns that also get ``<column>_per_1k_words``.
        compare: article columns :func:`~analysis.compare_groups` compares by default.
        sentence_counts: sentence column -> ``Cue.measure`` whose cues it counts
            (in :func:`~analysis.score_sentences`, compared by default at sentence level).
        sentence_values: per-sentence values that are not counts of cues (column ->
            a function giving one value per sentence), compared by default at sentence level.
        marks: ``Cue.measure`` -> how :func:`~analysis.highlight` shows it;
            a kind of cue without a mark is not highlighted by default.
    """

    name: str
    cues: CueFinder
    columns: ColumnMaker
    rate_columns: tuple[str, ...] = ()
    compare: tuple[str, ...] = ()
    sentence_counts: Mapping[str, str] = field(default_factory=dict)
    sentence_values: Mapping[str, Callable[[Doc], list]] = field(default_factory=dict)
    marks: Mapping[str, Mark] = field(default_factory=dict)


_added: list[Measure] = []


def _builtin() -> list[Measure]:
    """The package's measures, in the order of their columns (imported on first use)."""
    from analysis.measures import colour_devices, hedging, human_interest

    return [_tone(), hedging.MEASURE, human_interest.MEASURE, colour_devices.MEASURE, _quotes()]


# Tone and quotes are described here rather than in their own modules, which another
# change (the shared quotation model) is rewriting; each is a plain wrapper.


@cache
def _tone() -> Measure:
    from analysis.measures import tone

    return Measure(
        "tone",
        tone.tone_cues,
        lambda doc, cues: tone.tone_scores(doc),
        compare=(
            "tone",
            "vader_compound",
            "textblob_polarity",
            "textblob_subjectivity",
            "tone_narrator",
        ),
        sentence_values={"tone": tone.sentence_tones},
    )


@cache
def _quotes() -> Measure:
    from analysis.measures.quotes import SPEAKER_TYPES, doc_quotes

    def _speaker(q) -> str:
        return f"speaker: {q.speaker or 'not found'}"

    def cues(doc: Doc) -> list[Cue]:
        return [
            Cue(q.start, q.end, "quote", q.speaker_type, _speaker(q), q.text)
            for q in doc_quotes(doc)
        ]

    def columns(doc: Doc, found: Sequence[Cue]) -> dict[str, object]:
        return {"quotes": len(found)} | {
            f"quotes_{kind}": sum(c.category == kind for c in found) for kind in SPEAKER_TYPES
        }

    tints = {
        "official": "#cfe3f1",  # blue, lightened
        "expert": "#f9f3b9",  # yellow, lightened
        "private": "#f6dfc0",  # orange, lightened
        "anonymous": "#e6e6e6",  # grey, lightened
        "unknown": "#f3e0ea",  # purple, lightened
    }
    return Measure(
        "quotes",
        cues,
        columns,
        rate_columns=("quotes",),
        compare=("quotes_per_1k_words",),
        marks={
            "quote": Mark(
                style=f"background:{tints['unknown']};",
                category_styles={k: f"background:{v};" for k, v in tints.items()},
                label=True,
            )
        },
    )


def measures() -> list[Measure]:
    """Every registered measure: the built-in ones, then those added by :func:`register`.

    >>> [m.name for m in measures()][:3]
    ['tone', 'hedging', 'human_interest']
    """
    return [*_builtin(), *_added]


def register(measure: Measure) -> None:
    """Add a measure for this process: scoring, comparison and highlighting then use it."""
    if any(m.name == measure.name for m in measures()):
        raise ValueError(f"a measure named {measure.name!r} is already registered")
    _added.append(measure)


def unregister(name: str) -> None:
    """Remove a measure added by :func:`register` (built-in measures stay)."""
    kept = [m for m in _added if m.name != name]
    if len(kept) == len(_added):
        raise ValueError(f"no added measure named {name!r}")
    _added[:] = kept


@contextmanager
def registered(measure: Measure) -> Iterator[Measure]:
    """Register ``measure`` for the duration of a ``with`` block."""
    register(measure)
    try:
        yield measure
    finally:
        unregister(measure.name)


def article_measures() -> tuple[str, ...]:
    """Article columns compared by default, measure by measure."""
    return tuple(c for m in measures() for c in m.compare)


def sentence_measures() -> tuple[str, ...]:
    """Sentence columns compared by default: each measure's values, then its counts."""
    return tuple(c for m in measures() for c in (*m.sentence_values, *m.sentence_counts))


def marks() -> dict[str, Mark]:
    """``Cue.measure`` -> :class:`Mark`, over every registered measure."""
    return {kind: mark for m in measures() for kind, mark in m.marks.items()}
