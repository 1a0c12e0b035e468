"""Rounds of coding: the next sample drawn where a model is least sure, and all rounds pooled.

A round after the first (``python -m analysis sample --after DIR``) is drawn from the
units no earlier round holds, so nothing is offered twice. It is stratified by group
and by the model's uncertainty in :data:`BANDS` bands; every stratum gets one unit and
the rest of ``n`` goes to the strata in proportion to their summed uncertainty, so a
unit's inclusion probability (``n_h / N_h``, in ``design.csv``) rises with the model's
doubt and is never zero. It is a random draw, not the top of a ranking, which is what
keeps weighted figures unbiased.

Pooled (:func:`read_rounds`), the earlier rounds' units are a census of themselves
(their own stratum, inclusion probability 1) and the latest round's units stand for
every other unit of the corpus with weight ``1 / (n_h / N_h)``. Given the earlier
rounds, that Horvitz-Thompson estimator is unbiased for any corpus total, whatever
model chose the probabilities; the corrected comparison and every weighted agreement
figure use these weights unchanged. The cost: once a later round exists, the
earlier rounds' units stand only for themselves; and the stratified bootstrap
(:func:`~analysis.coding.sample.stratified_bootstrap`) resamples their census stratum
too, so intervals on pooled rounds are somewhat wider than they need be.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.coding.sample import Docs, Sample, corpus_units, population_of, rescore
from analysis.coding.sheets import read_sample, read_sheets
from analysis.safe import unguarded

#: Uncertainty bands per group in a later round (fewer when ``n`` is small).
BANDS = 4
#: The stratum of the units coded in earlier rounds, once rounds are pooled.
EARLIER = "coded in an earlier round"


def uncertainty(probability: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """How unsure a model is: 1 at its threshold, falling linearly to 0 at 0 and 1.

    >>> uncertainty(np.array([0.5, 0.75, 1.0, 0.0])).tolist()
    [1.0, 0.5, 0.0, 0.0]
    """
    p = np.asarray(probability, float)
    return np.clip(
        1 - np.abs(p - threshold) / np.where(p >= threshold, 1 - threshold, threshold), 0, 1
    )


def _allocate(mass: np.ndarray, sizes: np.ndarray, n: int) -> np.ndarray:
    """One unit per stratum, then the rest in proportion to ``mass``, capped by each size."""
    alloc = np.ones(len(sizes), dtype=int)
    remaining = n - len(sizes)
    while remaining > 0 and (room := sizes - alloc).any():
        share = np.where(room > 0, mass + 1e-9, 0.0)
        want = share / share.sum() * remaining
        give = np.minimum(np.floor(want).astype(int), room)
        if not give.any():  # hand the leftover units out by largest claim
            for k in np.argsort(-(want - give), kind="stable")[:remaining]:
                give[k] += room[k] > 0
        alloc += give
        remaining -= int(give.sum())
    return alloc


def draw_uncertain(
    units: pd.DataFrame, doubt: np.ndarray, *, n: int, seed: int = 0
) -> pd.DataFrame:
    """The rows of ``units`` drawn with inclusion probability rising with ``doubt`` (0..1).

    Strata are group × doubt band; returns the drawn rows with ``uncertainty``,
    ``stratum``, ``stratum_units``, ``stratum_sample``, ``inclusion_probability`` and
    ``weight``, in random order.

    Raises:
        ValueError: ``n`` smaller than the number of groups (a group would have units
            that could never be drawn, and the weights would be biased).
    """
    groups = units["group"].astype(str)
    if n < groups.nunique():
        raise ValueError(
            f"n must be at least the number of groups ({groups.nunique()}), got {n}: "
            "every unit needs a chance to be drawn"
        )
    bands = max(1, min(BANDS, n // groups.nunique()))
    band = np.minimum((np.asarray(doubt, float) * bands).astype(int), bands - 1)
    labels = np.array([f"{b / bands:.2f}-{(b + 1) / bands:.2f}" for b in range(bands)], object)
    uncertainty = np.round(doubt, 4)
    stratum = groups.to_numpy(object) + "|uncertainty=" + labels[band]
    # sorted by stratum, document and start (a stable sort on each key's rank): the strata's
    # members in one order, whatever order a corpus's units (one per start) came in
    names, code = np.unique(stratum, return_inverse=True)
    ranks = [np.unique(units[c].to_numpy(), return_inverse=True)[1] for c in ("start", "doc_id")]
    order = np.lexsort([*ranks, code])
    which = code[order]
    sizes = np.bincount(which)
    alloc = _allocate(np.bincount(which, weights=uncertainty[order]), sizes, n)
    rng = np.random.default_rng(seed)
    picked = np.concatenate(
        [rng.choice(np.flatnonzero(which == k), alloc[k], replace=False) for k in range(len(names))]
    )
    picked = picked[rng.permutation(len(picked))]  # the sheet's order: random
    rows, drawn = order[picked], which[picked]
    inclusion = alloc[drawn] / sizes[drawn]
    design = units.iloc[rows].assign(
        uncertainty=uncertainty[rows],
        stratum=stratum[rows],
        stratum_units=sizes[drawn],
        stratum_sample=alloc[drawn],
        inclusion_probability=inclusion,
        weight=1 / inclusion,
    )
    return design.reset_index(drop=True)


def chain(folder: str | Path) -> list[Path]:
    """The sample folders of every round up to ``folder``, first round first."""
    found = [Path(folder)]
    while after := read_sample(found[0]).after:
        earlier = (found[0] / after).resolve()
        if earlier in {f.resolve() for f in found}:
            raise ValueError(f"{folder}: the rounds' 'after' links form a loop at {earlier}")
        found.insert(0, earlier)
    return found


def next_round(
    articles: pd.DataFrame,
    after: str | Path,
    probability: Callable[[pd.DataFrame], tuple[np.ndarray, float]],
    *,
    n: int = 40,
    seed: int = 0,
    out: str | Path,
    docs: Docs | None = None,
) -> Sample:
    """The next round after the sample folder ``after``: units no round holds yet, drawn
    where ``probability(units)`` (a model's probabilities and its threshold) is least sure.

    ``out`` is where the sample will be written: ``sample.json`` records the earlier
    round relative to it, so the folders can move together. ``docs``: the articles'
    :class:`~analysis.coding.sample.Docs`, when a coding step shares them.
    """
    rounds = [read_sample(f) for f in chain(after)]
    units = corpus_units(
        articles, unit=rounds[-1].unit, docs=None if docs is None else docs.of(articles)
    )
    coded = pd.concat([r.design[["doc_id", "start", "end"]] for r in rounds]).astype(str)
    original = unguarded(articles["doc_id"])  # design.csv holds ids formula-guarded
    coded["doc_id"] = coded["doc_id"].map(lambda d: original.get(d, d))
    key = units[["doc_id", "start", "end"]].astype(str).agg(":".join, axis=1)
    taken = set(coded.agg(":".join, axis=1))
    fresh = units[~key.isin(taken)].reset_index(drop=True)
    if fresh.empty:
        raise ValueError(f"every {rounds[-1].unit} of the corpus is coded already")
    p, threshold = probability(fresh)
    design = draw_uncertain(
        fresh.assign(model_probability=np.round(p, 4)), uncertainty(p, threshold), n=n, seed=seed
    )
    number = rounds[-1].round + 1
    width = len(str(len(design)))
    design.insert(0, "unit_id", [f"r{number}-u{i + 1:0{width}d}" for i in range(len(design))])
    link = os.path.relpath(Path(after).resolve(), Path(out).resolve())
    key_text = "\n".join(
        [
            rounds[-1].sample_id,
            str(seed),
            *(f"{r.doc_id}:{r.start}:{r.end}" for r in design.itertuples()),
        ]
    )
    sample_id = "s-" + hashlib.sha256(key_text.encode()).hexdigest()[:10]
    return Sample(
        sample_id,
        rounds[-1].unit,
        seed,
        design,
        population_of(units),
        code_names=rounds[-1].code_names,
        after=link,
        round=number,
    )


def pool(samples: list[Sample]) -> Sample:
    """Rounds (first first) as one sample: the earlier rounds' units in the census stratum
    :data:`EARLIER` (inclusion probability 1), the latest round's as drawn, a ``round``
    column; the latest round's id, folder and corpus totals; the codes every round has."""
    last = samples[-1]
    census = {"stratum": EARLIER, "inclusion_probability": 1.0, "weight": 1.0}
    parts = [r.design.assign(round=r.round, **({} if r is last else census)) for r in samples]
    design = pd.concat(parts, ignore_index=True)
    earlier = design["stratum"].eq(EARLIER).to_numpy()
    for column in ("stratum_units", "stratum_sample"):
        design[column] = design[column].mask(earlier, int(earlier.sum()))
    names = tuple(n for n in last.code_names if all(n in r.code_names for r in samples))
    return replace(last, design=design, code_names=names)


def read_each(
    folder: str | Path, articles: pd.DataFrame, *, docs: Docs | None = None
) -> list[tuple[Sample, pd.DataFrame]]:
    """Every round up to ``folder``, first first: its sample rescored on ``articles``
    (:func:`~analysis.coding.sample.rescore`, the corpus's units made once for all
    rounds) and its coded answers. ``docs``: the articles'
    :class:`~analysis.coding.sample.Docs`, when a coding step shares them."""
    drawn = [read_sample(f) for f in chain(folder)]
    units = {
        unit: corpus_units(articles, unit=unit, docs=None if docs is None else docs.of(articles))
        for unit in dict.fromkeys(s.unit for s in drawn)
    }
    samples = [rescore(s, articles, units=units[s.unit]) for s in drawn]
    return [(s, read_sheets(s)) for s in samples]


def pool_coded(each: list[tuple[Sample, pd.DataFrame]]) -> tuple[Sample, pd.DataFrame]:
    """Rounds from :func:`read_each` as one sample (:func:`pool`) with all their answers."""
    sample = pool([s for s, _ in each])
    answers = pd.concat([a for _, a in each], ignore_index=True)
    return sample, answers[answers["code"].isin(sample.code_names)].reset_index(drop=True)


def read_rounds(
    folder: str | Path, articles: pd.DataFrame, *, docs: Docs | None = None
) -> tuple[Sample, pd.DataFrame]:
    """Every round up to ``folder`` pooled, with the coded answers of every round.
    A first round comes back as it was drawn (with a ``round`` column)."""
    return pool_coded(read_each(folder, articles, docs=docs))
