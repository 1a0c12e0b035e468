"""Drawing a coding sample: units stratified by group and the suite's decisions, with the design.

Every unit keeps its inclusion probability so that figures computed on the coded
sample can be weighted back to the corpus (see :mod:`analysis.coding`).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.coding.codebook import Code, codes, suite_codes
from analysis.measures import tone
from analysis.safe import unguarded
from analysis.scoring.score import doc_cues
from analysis.text import Doc, docs_of, make_doc

Unit = Literal["sentence", "paragraph", "article"]
UNITS: tuple[str, ...] = ("sentence", "paragraph", "article")
#: The sheet's columns before the codes; a ``note`` column follows them.
SHEET_CONTEXT = (
    "sample_id",
    "unit_id",
    "coder",
    "title",
    "context_before",
    "text",
    "context_after",
)
#: The suite decisions the sample is stratified by, within each group.
STRATIFY_BY = ("hedged", "human_interest")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sample:
    """A drawn sample: its id, the design (one row per unit) and the corpus totals.

    ``design`` has ``unit_id``, ``doc_id``, ``group``, the unit's span, its text and
    context, its ``stratum``, ``stratum_units`` (N_h), ``stratum_sample`` (n_h),
    ``inclusion_probability`` and ``weight`` (its inverse), and the suite's answer to
    every code as ``suite_<code>`` (with ``suite_tone_score``). ``population`` has, per
    group, ``units`` and the suite's positives of every yes/no code.
    """

    sample_id: str
    unit: str
    seed: int
    design: pd.DataFrame
    population: pd.DataFrame
    folder: Path | None = None
    code_names: tuple[str, ...] = ()
    #: The earlier round's folder (as written in ``sample.json``, relative to this one) for a
    #: sample drawn with ``--after``; empty for a first round. See :mod:`analysis.coding.rounds`.
    after: str = ""
    round: int = 1

    @property
    def codes(self) -> list[Code]:
        """The codes this sample was drawn with that the codebook still has, in its order."""
        drawn = set(self.code_names or codes())
        return [c for name, c in codes().items() if name in drawn]

    def sheet(self) -> pd.DataFrame:
        """The blank coding sheet: context and empty codes, shuffled, nothing the suite said."""
        sheet = self.design[[c for c in SHEET_CONTEXT if c in self.design]].copy()
        sheet.insert(0, "sample_id", self.sample_id)
        sheet.insert(2, "coder", "")
        names = [c.name for c in self.codes]
        for name in names:
            sheet[name] = ""
        sheet["note"] = ""
        return sheet[[*SHEET_CONTEXT, *names, "note"]]


class Docs:
    """A corpus's Docs by ``doc_id``, each made when first asked for, then kept.

    One passed through the calls of a coding step (rescoring the rounds, adapting, the
    next round) makes each article's Doc once, and a Doc keeps what the measures found in
    it (:meth:`~analysis.text.Doc.once`): each article is tokenised and read once.
    """

    def __init__(self, articles: pd.DataFrame) -> None:
        self._texts = dict(zip(articles["doc_id"].astype(str), articles["text"], strict=True))
        self._made: dict[str, Doc] = {}

    @classmethod
    def for_articles(cls, articles: pd.DataFrame, docs: Docs | None) -> Docs:
        """``docs`` when given (checked to be made for ``articles``), else new ones.

        Raises:
            ValueError: ``docs`` were made for another corpus.
        """
        if docs is None:
            return cls(articles)
        for doc_id, text in zip(articles["doc_id"].astype(str), articles["text"], strict=True):
            if docs._texts.get(doc_id) != text:
                raise ValueError(f"the Docs given were made for another corpus (see {doc_id!r})")
        return docs

    def __getitem__(self, doc_id: str) -> Doc:
        doc_id = str(doc_id)
        if doc_id not in self._made:
            self._made[doc_id] = make_doc(self._texts[doc_id])
        return self._made[doc_id]

    def of(self, articles: pd.DataFrame) -> list[Doc]:
        """The Docs of ``articles``' rows, in order (for ``docs=`` of the whole-corpus calls).

        Raises:
            ValueError: ``docs`` were made for another corpus.
        """
        Docs.for_articles(articles, self)
        return [self[d] for d in articles["doc_id"].astype(str)]


def _spans(text: str, doc, unit: str) -> list[tuple[int, int]]:
    if unit == "sentence":
        return [(s.start, s.end) for s in doc.sentences]
    if unit == "paragraph":
        return [m.span() for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    return [(0, len(text))] if text.strip() else []


def corpus_units(
    articles: pd.DataFrame, *, unit: Unit = "sentence", docs: Sequence[Doc] | None = None
) -> pd.DataFrame:
    """Every unit of a corpus with its context and the suite's answer to every code.

    ``docs`` are the articles' Docs, in order, when already made (their cues are reused).

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "group": ["wire"], "title": ["T"],
    ...                        "text": ["Talks may resume. Marco, a fisherman, wept."]})
    >>> corpus_units(corpus)[["text", "suite_hedged", "suite_hi_human_example"]].values.tolist()
    [['Talks may resume.', 'yes', 'no'], ['Marco, a fisherman, wept.', 'no', 'yes']]
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    rows = []
    for article, doc in zip(
        articles.itertuples(index=False), docs_of(articles["text"], docs), strict=True
    ):
        text = article.text
        cues, tones = doc_cues(doc, weights=False), tone.sentence_tones(doc)  # the codes' cues
        starts = [c.start for c in cues]  # in order: a unit's cues are a slice
        spans = _spans(text, doc, unit)
        for k, (start, end) in enumerate(spans):
            inside = cues[bisect_left(starts, start) : bisect_left(starts, end)]
            answers = suite_codes(doc, inside, tones, start, end)
            rows.append(
                {
                    "doc_id": article.doc_id,
                    "group": article.group,
                    "position": k,
                    "start": start,
                    "end": end,
                    "title": str(getattr(article, "title", "") or ""),
                    "context_before": text[slice(*spans[k - 1])].strip() if k else "",
                    "text": text[start:end].strip(),
                    "context_after": text[slice(*spans[k + 1])].strip()
                    if k + 1 < len(spans)
                    else "",
                    **{f"suite_{name}": value for name, value in answers.items()},
                }
            )
    return pd.DataFrame(rows)


def _allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Equal allocation over strata, capped by each stratum's size, leftovers passed on."""
    alloc = dict.fromkeys(sizes, 0)
    remaining = min(n, sum(sizes.values()))
    while remaining:
        open_ = sorted(k for k in sizes if alloc[k] < sizes[k])
        share = max(remaining // len(open_), 1)
        for k in open_:
            give = min(share, sizes[k] - alloc[k], remaining)
            alloc[k] += give
            remaining -= give
    return alloc


def draw_sample(
    articles: pd.DataFrame,
    *,
    unit: Unit = "sentence",
    n: int = 40,
    seed: int = 0,
    codes_to_code: Sequence[str] | None = None,
    units: pd.DataFrame | None = None,
) -> Sample:
    """Draw ``n`` units, stratified by group and the suite's decisions, and record the design.

    Strata are group × suite ``hedged`` × suite ``human_interest``; each gets an equal
    share of ``n`` (all its units when it has fewer), so a rare decision is coded
    often enough to measure the suite's errors on it. A unit's inclusion probability
    is its stratum's ``n_h / N_h``. The sheet order is shuffled and unit ids follow it,
    so neither reveals the stratum.

    Args:
        articles: a corpus from :func:`analysis.corpus.load_corpus` (``doc_id``,
            ``group``, ``text``; ``title`` when present).
        unit: what a coder codes: a sentence, a paragraph or a whole article.
        n: units to draw (all of them when the corpus has fewer).
        seed: the random seed; the same seed and corpus give the same sample.
        codes_to_code: the codes coders answer, by name (default: every code of the
            codebook); nine codes a unit make 360 answers for 40 units.
        units: the corpus's units as :func:`corpus_units` gives them for ``unit``, when
            already made (a report's scoring step makes them once); made now when ``None``.

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["wire", "colour"],
    ...                        "text": ["It may rain. It rained.", "Ask yourself. Why?"]})
    >>> sample = draw_sample(corpus, n=3, seed=1)
    >>> len(sample.design), float(sample.design["weight"].sum())
    (3, 4.0)
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    chosen = tuple(codes()) if codes_to_code is None else tuple(dict.fromkeys(codes_to_code))
    unknown = [c for c in chosen if c not in codes()]
    if unknown or not chosen:
        raise ValueError(
            f"no code {', '.join(map(repr, unknown))} in the codebook; codes are "
            f"{', '.join(codes())}"
            if unknown
            else "name at least one code to code"
        )
    units = corpus_units(articles, unit=unit) if units is None else units.copy()
    if units.empty:
        raise ValueError("the corpus has no text to sample from")
    units["stratum"] = units["group"].astype(str)
    for name in STRATIFY_BY:
        units["stratum"] += f"|{name}=" + units[f"suite_{name}"]
    units = units.sort_values(["stratum", "doc_id", "start"], kind="stable").reset_index(drop=True)
    sizes = units["stratum"].value_counts().to_dict()
    alloc = _allocate(sizes, n)
    rng = np.random.default_rng(seed)
    picked = []
    for stratum in sorted(alloc):
        members = np.flatnonzero(units["stratum"].to_numpy() == stratum)
        picked.extend(rng.choice(members, size=alloc[stratum], replace=False).tolist())
    design = units.loc[picked].copy()
    design["stratum_units"] = design["stratum"].map(sizes)
    design["stratum_sample"] = design["stratum"].map(alloc)
    design["inclusion_probability"] = design["stratum_sample"] / design["stratum_units"]
    design["weight"] = 1 / design["inclusion_probability"]
    design = design.iloc[rng.permutation(len(design))].reset_index(drop=True)
    width = len(str(len(design)))
    design.insert(0, "unit_id", [f"u{i + 1:0{width}d}" for i in range(len(design))])
    key = "\n".join(
        [unit, str(seed), *(f"{r.doc_id}:{r.start}:{r.end}" for r in design.itertuples())]
        + ([] if chosen == tuple(codes()) else [",".join(chosen)])  # same units, other codes
    )
    sample_id = "s-" + hashlib.sha256(key.encode()).hexdigest()[:10]
    return Sample(sample_id, unit, seed, design, population_of(units), code_names=chosen)


def population_of(units: pd.DataFrame) -> pd.DataFrame:
    """Per group: its units and the suite's "yes" count for every yes/no code."""
    binary = [c.name for c in codes().values() if c.binary and f"suite_{c.name}" in units]
    return (
        units.assign(**{f"suite_{b}": units[f"suite_{b}"].eq("yes") for b in binary})
        .groupby("group", sort=True)
        .agg(units=("doc_id", "size"), **{f"suite_{b}": (f"suite_{b}", "sum") for b in binary})
        .reset_index()
    )


def rescore(sample: Sample, articles: pd.DataFrame, *, units: pd.DataFrame | None = None) -> Sample:
    """The sample with the suite's answers and corpus totals recomputed by the current suite.

    The design (strata, inclusion probabilities) stays as drawn; only the ``suite_*``
    columns and ``population`` change, so coded sheets stay valid after a measure
    changes and the agreement figures describe the suite as it is now. ``units``: the
    corpus's units as :func:`corpus_units` gives them for the sample's unit, when
    already made (rounds rescored together share them).

    Raises:
        ValueError: a unit of the sample is not in ``articles`` (another corpus).
    """
    units = corpus_units(articles, unit=sample.unit) if units is None else units
    key = ["doc_id", "start", "end"]
    suite = [c for c in units if c.startswith("suite_")]
    design = sample.design.drop(columns=[c for c in sample.design if c.startswith("suite_")])
    for column in ("doc_id", "group"):  # design.csv holds them formula-guarded
        original = unguarded(articles[column])
        design[column] = design[column].astype(str).map(lambda d, o=original: o.get(d, d))
    merged = design.merge(units[key + suite], on=key, how="left", validate="one_to_one")
    lost = merged[merged[suite[0]].isna()]
    if not lost.empty:
        raise ValueError(
            f"{len(lost)} units of sample {sample.sample_id} are not in this corpus "
            f"(first: {lost['doc_id'].iloc[0]}, characters "
            f"{lost['start'].iloc[0]}-{lost['end'].iloc[0]})"
        )
    return Sample(
        sample.sample_id,
        sample.unit,
        sample.seed,
        merged,
        population_of(units),
        sample.folder,
        sample.code_names,
        sample.after,
        sample.round,
    )


def stratified_bootstrap(
    design: pd.DataFrame, rng: np.random.Generator, resamples: int
) -> np.ndarray:
    """Row indexes of ``design`` resampled with replacement within each stratum (a
    stratified bootstrap: the design's weights stay right in every replicate), one
    replicate a row.

    Drawn in one call of ``rng``: the same numbers, in the same order, as drawing each
    replicate's strata one call at a time (strata in order of first appearance).
    """
    strata = [np.flatnonzero(design["stratum"].to_numpy() == s) for s in design["stratum"].unique()]
    if not strata:
        return np.empty((resamples, 0), dtype=int)
    rows = np.concatenate(strata)
    sizes = np.array([len(s) for s in strata])
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    draws = rng.integers(0, np.tile(np.repeat(sizes, sizes), resamples))
    return rows[starts + draws.reshape(resamples, len(rows))]
