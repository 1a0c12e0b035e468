"""The measure contract: what every measure gives scoring, comparison and highlighting.

A measure is a :class:`Measure`: a name, a function from a :class:`~analysis.text.Doc` to
its :class:`~analysis.text.Cue` objects, a function from the Doc and those cues to the
article columns it adds, which of those columns get a rate per 1,000 words, which are
compared between groups by default, and how its cues are shown (:class:`Mark`). Each
measure module defines one as ``MEASURE`` and declares it as an entry point in the group
``media_framing.measures`` (:mod:`analysis.measures.registry` finds them), so a measure
from another installed package reaches scoring, notebook kernels and Dask workers alike.
Measure modules import this module, never the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from analysis.text import Cue, Doc

CueFinder = Callable[[Doc], list[Cue]]
ColumnMaker = Callable[[Doc, Sequence[Cue]], dict[str, object]]
WeightFinder = Callable[[Doc, Sequence[Cue]], list[Cue]]


@dataclass(frozen=True)
class Mark:
    """How one kind of cue (one ``Cue.measure`` value) is shown by :func:`~analysis.highlight`.

    ``style`` is the CSS of its span, with colours named by the keys of
    :data:`analysis.views.palette.CSS_COLOURS` (``"border-bottom: 2px dotted {orange};"``),
    so the colours live in one place; ``legend`` the words in the key, which must say
    what the mark looks like (no mark relies on colour alone). ``category_styles`` gives
    some categories their own CSS (a legend entry each, "<cue>: <category>"), and
    ``label`` writes the category after the span, as quotes write their speaker type.
    ``default=False`` marks the kind only when asked for by name (a learned layer's
    word-by-word weights, which would crowd every highlight).
    """

    style: str = ""
    legend: str = ""
    category_styles: Mapping[str, str] = field(default_factory=dict)
    label: bool = False
    default: bool = True

    def css(self, category: str) -> str:
        return self.category_styles.get(category, self.style)


@dataclass(frozen=True)
class Measure:
    """One measure, as scoring, comparison and highlighting see it.

    Attributes:
        name: the measure's name (``"hedging"``); its entry point has the same name.
        cues: every cue it finds in a Doc (``Cue.measure`` may name several
            kinds, as hedging's ``hedge`` and ``booster``).
        columns: the article columns it adds, from the Doc and its cues.
        rate_columns: count columns that also get ``<column>_per_1k_words``.
        compare: article columns :func:`~analysis.compare_groups` compares by default.
        sentence_counts: sentence column -> ``Cue.measure`` whose rule cues (those a
            measure's ``cues`` finds, not a learned layer's ``weights``) it counts
            (in :func:`~analysis.score_sentences`, compared by default at sentence level).
        sentence_values: per-sentence values that are not counts of cues (column ->
            a function giving one value per sentence), compared by default at sentence level.
        marks: ``Cue.measure`` -> how :func:`~analysis.highlight` shows it;
            a kind of cue without a mark is not highlighted by default.
        order: where its columns stand among the measures' (smaller first; ties by name).
        labels: column -> its name in words, as a reader sees it in answers, figures and
            page tables (CSV files keep the column names); a column without one is named
            by :func:`analysis.measures.registry.readable`'s rule.
        weights: a learned layer's evidence, from the Doc and the rule cues: one cue per
            word or rule cue that a learned column weighs, with its share of the
            column's score as ``weight`` (:mod:`analysis.measures.learned`). ``explain``
            and ``highlight`` show them; scoring does not make them (one per word).
        weights_measure: the ``Cue.measure`` of the cues ``weights`` gives
            (``tone_learned``), so that a table or view of other kinds of cue need not make
            them; empty when not said, and then they are made for every table and view.
    """

    name: str
    cues: CueFinder
    columns: ColumnMaker
    rate_columns: tuple[str, ...] = ()
    compare: tuple[str, ...] = ()
    sentence_counts: Mapping[str, str] = field(default_factory=dict)
    sentence_values: Mapping[str, Callable[[Doc], list]] = field(default_factory=dict)
    marks: Mapping[str, Mark] = field(default_factory=dict)
    order: int = 100
    labels: Mapping[str, str] = field(default_factory=dict)
    weights: WeightFinder | None = None
    weights_measure: str = ""
