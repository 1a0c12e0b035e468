"""Run every registered measure on a text and aggregate its cues into one row.

Each text is tokenized once (:func:`analysis.text.make_doc`); every measure in
the registry (:mod:`analysis.measures.registry`) reads that same
:class:`~analysis.text.Doc` and returns :class:`~analysis.text.Cue` objects and
the columns it adds. Counts, rates, highlights and explanations all come from
those cues, so what a notebook highlights is exactly what was counted.

A measure's cues are found once per Doc (:meth:`~analysis.text.Doc.once`), so the
article row, its sentences' rows and its evidence made from one Doc share them: the
whole-corpus calls (:func:`score_sentences`, :func:`explain_corpus`) take the Docs
already made (``docs=``), as a report's scoring step passes them for each chunk.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager

import pandas as pd

from analysis.measures.base import CueFinder, Measure
from analysis.measures.registry import measures
from analysis.text import Cue, Doc, docs_of, make_doc


def measure_cues(doc: Doc, measure: Measure) -> tuple[Cue, ...]:
    """The cues ``measure`` finds in ``doc``, found once per Doc and shared by every caller."""
    return doc.once(_found, measure.cues)


def _found(doc: Doc, cues: CueFinder) -> tuple[Cue, ...]:
    return tuple(cues(doc))


def doc_cues(doc: Doc, *, weights: bool = True) -> list[Cue]:
    """Every cue every measure finds in ``doc``, with the learned layers' weighted ones
    (unless ``weights`` is False: the rules' cues only, a few where those are one a word),
    in text order. Without them the list is the one with them, less their cues."""
    return list(doc.once(_evidence, weights))


def weights_shown(kinds: Collection[str] | None) -> bool:
    """Whether cues of ``kinds`` (``Cue.measure`` values; None: every kind) may include a
    learned layer's weighted ones (:attr:`~analysis.measures.base.Measure.weights_measure`).

    >>> weights_shown(["hedge", "booster"]), weights_shown(["tone_learned"]), weights_shown(None)
    (False, True, True)
    """
    return kinds is None or any(
        m.weights is not None and (not m.weights_measure or m.weights_measure in kinds)
        for m in measures()
    )


def _evidence(doc: Doc, weights: bool) -> tuple[Cue, ...]:
    cues: list[Cue] = []
    for m in measures():
        found = measure_cues(doc, m)
        cues += found
        if weights and m.weights is not None:
            cues += m.weights(doc, found)
    return tuple(sorted(cues, key=lambda c: (c.start, c.end, c.measure)))


def score_doc(doc: Doc) -> dict[str, object]:
    """One row of scores for one tokenized text: each measure's columns, then the rates."""
    words = len(doc.words)
    row: dict[str, object] = {"words": words, "sentences": len(doc.sentences)}
    rated: list[str] = []
    for measure in measures():
        row.update(measure.columns(doc, measure_cues(doc, measure)))
        rated += measure.rate_columns
    for col in rated:
        row[f"{col}_per_1k_words"] = 1000 * row[col] / words if words else 0.0
    return row


def score_texts(texts: Iterable[str | Doc]) -> pd.DataFrame:
    """Score texts: one row per text, in order.

    Args:
        texts: the texts (a list, a Series, any iterable of ``str``), or their Docs
            (:func:`~analysis.text.make_doc`), whose cues are then kept for other calls.

    Returns:
        A DataFrame with ``words``, ``sentences``, the columns of every
        registered measure (``tone``, ``vader_compound``, ..., ``hedge_cues``,
        ``hedged``, ``human_interest_index``, ``quotes``, ...) and their rates
        per 1,000 words. A Series keeps its index.

    >>> df = score_texts(["Officials said talks may resume.", ""])
    >>> list(df["words"])
    [5, 0]
    """
    index = texts.index if isinstance(texts, pd.Series) else None
    rows = []
    for text in texts:
        with collector_paused():
            rows.append(score_doc(text if isinstance(text, Doc) else make_doc(text)))
    return pd.DataFrame(rows, index=index)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while one text (or a worker's chunk) is scored.

    Scoring a text makes many small tuples (tokens, cues, feature occurrences) and no
    reference cycles; each burst of them set off a collection that walked every live
    object, lexicons and models included: a third of the time on a sentence-dense text
    (``why? `` repeated, measured with ``benchmarks/pathological.py``). Memory is freed
    by reference counting as before, and the collector runs again between texts.
    """
    if not gc.isenabled():  # the caller's choice: leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


#: The columns of the evidence tables, one row per cue.
_EVIDENCE = ("start", "end", "measure", "category", "rule", "text", "weight")


def explain(text: str) -> pd.DataFrame:
    """The evidence for one text: one row per cue with its span, category and rule, and,
    for a learned layer's cues, its ``weight`` (the span's contribution; NaN for a rule's).

    >>> explain("")
    Empty DataFrame
    Columns: [start, end, measure, category, rule, text, weight]
    Index: []
    """
    cues = doc_cues(make_doc(text))
    return pd.DataFrame(
        [(c.start, c.end, c.measure, c.category, c.rule, c.text, c.weight) for c in cues],
        columns=list(_EVIDENCE),
    ).astype({"weight": float})


def explain_corpus(
    corpus: pd.DataFrame,
    *,
    measures: Sequence[str] | None = None,
    text_column: str = "text",
    id_column: str = "doc_id",
    docs: Sequence[Doc] | None = None,
) -> pd.DataFrame:
    """The evidence for a whole corpus: :func:`explain`'s rows with each cue's article id first.

    Args:
        corpus: one row per article.
        measures: keep only these measures' cues (e.g. ``["hedge", "booster"]``).
        text_column: the text.
        id_column: the article id.
        docs: the articles' Docs, in order, when already made (their cues are reused).

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["It may rain.", "It rains."]})
    >>> explain_corpus(corpus, measures=["hedge"])[["doc_id", "text", "category"]]
      doc_id text   category
    0      a  may  epistemic
    """
    columns = ["doc_id", *_EVIDENCE]
    weights = weights_shown(measures)
    rows = [
        (doc_id, c.start, c.end, c.measure, c.category, c.rule, c.text, c.weight)
        for doc_id, doc in zip(corpus[id_column], docs_of(corpus[text_column], docs), strict=True)
        for c in doc_cues(doc, weights=weights)
        if measures is None or c.measure in measures
    ]
    table = pd.DataFrame(rows, columns=columns).astype({"weight": float})
    return table.rename(columns={"doc_id": id_column})


def largest_disagreements(
    sentences: pd.DataFrame, *, top: int = 5, limit: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """The sentences on which VADER and TextBlob disagree most, each scored by all three tones.

    Args:
        sentences: :func:`score_sentences` output (``doc_id`` and ``text`` are used).
        top: sentences returned.
        limit: at most this many sentences are scored, drawn at random (with ``seed``)
            from a larger corpus and kept in corpus order; a smaller one is scored whole.
        seed: the draw's seed.

    Returns:
        ``doc_id``, ``text``, ``tone``, ``vader_compound``, ``textblob_polarity`` and
        ``gap`` (``|vader_compound - textblob_polarity|``), largest gap first.
    """
    if len(sentences) > limit:
        sentences = sentences.sample(limit, random_state=seed).sort_index()
    tone = next(m for m in measures() if m.name == "tone")  # the three tones are its columns
    rows = [tone.columns(doc, tone.cues(doc)) for doc in map(make_doc, sentences["text"])]
    table = pd.DataFrame(rows)[["tone", "vader_compound", "textblob_polarity"]]
    table.insert(0, "text", sentences["text"].to_numpy())
    table.insert(0, "doc_id", sentences["doc_id"].to_numpy())
    table["gap"] = (table["vader_compound"] - table["textblob_polarity"]).abs()
    return table.sort_values("gap", ascending=False).head(top)


def score_sentences(
    corpus: pd.DataFrame,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    carry: Sequence[str] = ("group",),
    docs: Sequence[Doc] | None = None,
) -> pd.DataFrame:
    """One row per sentence of a corpus: its article, position, tone and cue counts.

    Sentence-level comparisons resample these rows by article (see
    :func:`analysis.statistics.compare.compare_groups`), since sentences of one article are
    not independent. Columns named in ``carry`` (the group, say) are copied from
    the article to each of its sentences. ``docs`` are the articles' Docs, in order, when
    already made (their cues are reused).

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "group": ["wire"], "text": ["It ended. No deal."]})
    >>> score_sentences(corpus)[["doc_id", "group", "sentence", "text"]].to_dict("records")[1]
    {'doc_id': 'a', 'group': 'wire', 'sentence': 1, 'text': 'No deal.'}
    """
    carried = [c for c in carry if c in corpus.columns]
    registered = measures()
    rows = []
    records = corpus[[id_column, *carried]].itertuples(index=False)
    for (doc_id, *extra), doc in zip(records, docs_of(corpus[text_column], docs), strict=True):
        cues = doc_cues(doc, weights=False)  # the counts count the rules' cues
        values = {col: f(doc) for m in registered for col, f in m.sentence_values.items()}
        counted = {col: kind for m in registered for col, kind in m.sentence_counts.items()}
        starts = [c.start for c in cues]  # in order: a sentence's cues are a slice
        for i, sent in enumerate(doc.sentences):
            inside = cues[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
            rows.append(
                {
                    "doc_id": doc_id,
                    **dict(zip(carried, extra, strict=True)),
                    "sentence": i,
                    "start": sent.start,
                    "end": sent.end,
                    "text": sent.text,
                    "words": len(sent.words),
                    "in_quote": doc.in_quote(sent.start, sent.end),
                    **{col: v[i] for col, v in values.items()},
                    **{col: sum(c.measure == k for c in inside) for col, k in counted.items()},
                }
            )
    return pd.DataFrame(rows)
