"""Learn from your own coders: the learned layer adapted to a coded sample, and the next sample.

For every code whose learned model ships (:data:`READERS`, by name), the shipped model
is kept as an offset and an L2-penalised correction is fitted on the coded units
(:mod:`analysis.coding.correction`), with the penalty chosen by cross-validation on
those units. The correction learns from every coded unit alike (unweighted); the
adapted model's agreement with the coders' consensus is measured on predictions from
corrections that saw neither the unit nor its article (nested cross-validation, folds
by article), beside the shipped model's on the same units, both weighted to the
corpus. Fewer than :data:`MIN_UNITS` coded units, fewer than :data:`MIN_EACH` of either
answer, or units from fewer than :data:`MIN_DOCUMENTS` articles is too few to learn
from, and the result says so in words. Tone's five points (-2..2) are halved onto the
model's -1..1 scale.

:func:`next_sample` draws the next round where the (adapted) model is least sure
(:mod:`analysis.coding.rounds`), and :func:`rounds_table` says what each round gained.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.coding import correction, rounds
from analysis.coding.agreement import consensus, weighted_pearson
from analysis.coding.sample import Docs, Sample, corpus_units
from analysis.measures import hedging, human_interest, learned, tone
from analysis.scoring.score import measure_cues
from analysis.text import Doc
from analysis.train.fit import topic_guard

#: Fewest coded units (with a consensus) to learn from.
MIN_UNITS = 30
#: Fewest coded units of each answer (yes and no) to learn a yes/no code from.
MIN_EACH = 8
#: Fewest articles the coded units come from: cross-validation keeps an article's units in
#: one fold, so that no article is tested on what its own other units taught.
MIN_DOCUMENTS = 3
#: A feature enters the correction when it occurs in at least this many coded units.
MIN_UNITS_PER_FEATURE = 2
Inputs = tuple[list, int, list]
"""What a learned model weighs in a span: its occurrences, its words and its readings."""


def _human_interest_inputs(doc: Doc, start: int, end: int) -> Inputs:
    """The human-interest model reads any span as a text: the features inside it."""
    occurrences = doc.once(_human_interest_occurrences)
    inside = [o for o in occurrences if start <= o[1] < end]
    return inside, sum(1 for t in doc.words if start <= t.start < end), []


def _human_interest_occurrences(doc: Doc) -> list:
    # the measure's own cues of the Doc: found once, whoever asks first (scoring, a sample)
    return human_interest.learned_occurrences(doc, measure_cues(doc, human_interest.MEASURE))


def _sentence(doc: Doc, start: int) -> int:
    return next(i for i, s in enumerate(doc.sentences) if s.start == start)


def _hedging_inputs(doc: Doc, start: int, end: int) -> Inputs:
    """The hedging model reads a sentence: the rules' candidates in it, fired or not."""
    return doc.once(hedging.sentence_decision_occurrences)[_sentence(doc, start)], 1, []


def _tone_inputs(doc: Doc, start: int, end: int) -> Inputs:
    """The tone model reads a sentence: its words, tone cues and the lexicons' readings."""
    occurrences, words, readings = doc.once(tone.learned_inputs)[_sentence(doc, start)]
    return occurrences, words, readings


#: Code -> (the measure module, the function giving its model's inputs for a span, the
#: unit its model reads: "any" span or only a "sentence"). A code whose measure has no
#: learned layer yet (no ``MODEL``, or the module lacks what the inputs call), or whose
#: model does not ship, is left out.
READERS = {
    "human_interest": (human_interest, _human_interest_inputs, "any"),
    "hedged": (hedging, _hedging_inputs, "sentence"),
    "tone": (tone, _tone_inputs, "sentence"),
}
_NEEDS = {"human_interest": "learned_occurrences", "hedged": "sentence_decision_occurrences",
          "tone": "learned_inputs"}  # fmt: skip


@dataclass(frozen=True)
class Reader:
    """A learned model, the inputs it weighs in a span, and the unit it reads."""

    model: learned.LinearModel
    inputs: Callable[[Doc, int, int], Inputs]
    unit: str


def reader(code: str, model: learned.LinearModel | None = None) -> Reader | None:
    """The learned layer that reads ``code`` (its shipped model unless ``model`` is given),
    or None when there is none."""
    if code not in READERS:
        return None
    module, inputs, unit = READERS[code]
    name = getattr(module, "MODEL", None)
    if not hasattr(module, _NEEDS[code]) or (
        model is None and not (name and learned.model_path(name).is_file())
    ):
        return None
    return Reader(model or learned.load(name), inputs, unit)


@dataclass(frozen=True)
class Adaptation:
    """One code's shipped and adapted model on the coded units.

    ``shipped`` and ``adapted`` are outputs per unit (probabilities, or scores for a
    linear model); ``adapted`` comes from corrections fitted without the unit. ``fit``
    is the correction fitted on every coded unit (None when there are too few);
    ``message`` says in words what was done.
    """

    code: str
    read: Reader
    unit_ids: tuple[str, ...]
    truth: np.ndarray
    weight: np.ndarray
    shipped: np.ndarray
    adapted: np.ndarray
    feature_names: tuple[str, ...]
    fit: correction.Fit | None
    message: str

    @property
    def model(self) -> learned.LinearModel:
        """The shipped model."""
        return self.read.model

    @property
    def binary(self) -> bool:
        return self.model.kind == "logistic"

    def predict(
        self, articles: pd.DataFrame, units: pd.DataFrame, docs: Docs | None = None
    ) -> np.ndarray:
        """The adapted model's output on any units (``doc_id``, ``start``, ``end``) of
        ``articles``: the shipped model's where there was too little to learn from."""
        return self.outputs(*unit_features(self.read, articles, units, docs))[1]

    def outputs(
        self, rows: list[dict[str, float]], offset: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The shipped and the adapted output from :func:`unit_features`' rows and margins."""
        shipped = _output(self.model, offset)
        if self.fit is None:
            return shipped, shipped
        margin = self.fit.margin(_matrix(rows, list(self.feature_names)), offset)
        return shipped, _output(self.model, margin)

    def corrections(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` largest corrections: feature, shipped weight, correction, adapted weight."""
        if self.fit is None:
            return pd.DataFrame(columns=["code", "feature", "shipped", "correction", "adapted"])
        table = pd.DataFrame({"feature": self.feature_names, "correction": self.fit.weights})
        table = table[table["correction"].abs() > 1e-6]
        table = table.reindex(table["correction"].abs().sort_values(ascending=False).index[:n])
        shipped = table["feature"].map(self.model.weights).fillna(0.0)
        table = table.assign(shipped=shipped, adapted=shipped + table["correction"])
        table.insert(0, "code", self.code)
        extra = pd.DataFrame(
            [
                [
                    self.code,
                    "(intercept)",
                    self.model.intercept,
                    self.fit.shift,
                    self.model.intercept + self.fit.shift,
                ]
            ],
            columns=["code", "feature", "shipped", "correction", "adapted"],
        )
        return pd.concat([extra, table[extra.columns]], ignore_index=True)


def available(sample: Sample) -> list[str]:
    """The sample's codes that a shipped learned model reads at the sample's unit, in
    codebook order."""
    found = [(c.name, reader(c.name)) for c in sample.codes]
    return [n for n, r in found if r and (r.unit == "any" or r.unit == sample.unit)]


def unit_features(
    read: Reader, articles: pd.DataFrame, units: pd.DataFrame, docs: Docs | None = None
) -> tuple[list[dict[str, float]], np.ndarray]:
    """Each unit's feature values (every feature, in the model's scaling) and the model's
    margin on it, as the measure reads the span. ``units`` has ``doc_id``, ``start``, ``end``;
    ``docs``: the articles' :class:`~analysis.coding.sample.Docs`, when a coding step
    shares them."""
    docs = Docs.for_articles(articles, docs)
    rows, margins = [], []
    for unit in units.itertuples(index=False):
        occurrences, words, readings = read.inputs(
            docs[unit.doc_id], int(unit.start), int(unit.end)
        )
        given = {"readings": readings} if readings else {}
        rows.append(learned.values(occurrences, words, read.model.scaling, **given))
        margins.append(read.model.logit(occurrences, words, **given))
    return rows, np.array(margins, float)


def _matrix(rows: list[dict[str, float]], names: list[str]) -> sparse.csr_matrix:
    column = {n: j for j, n in enumerate(names)}
    data, indices, indptr = [], [], [0]
    for row in rows:
        for feature, value in row.items():
            if feature in column:
                indices.append(column[feature])
                data.append(value)
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(names)))


def _output(model: learned.LinearModel, margin: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-margin)) if model.kind == "logistic" else margin


def adapt(
    sample: Sample,
    answers: pd.DataFrame,
    articles: pd.DataFrame,
    code: str,
    *,
    model: learned.LinearModel | None = None,
    seed: int = 0,
    docs: Docs | None = None,
) -> Adaptation:
    """The learned model of ``code`` (the shipped one unless ``model`` is given) adapted to
    the coders' consensus on the coded units of ``sample`` (texts from ``articles``; their
    :class:`~analysis.coding.sample.Docs` as ``docs`` when a coding step shares them)."""
    read = reader(code, model)
    if read is None:
        raise ValueError(f"no learned model reads {code!r}")
    model = read.model
    binary = model.kind == "logistic"
    if read.unit == "sentence" and sample.unit != "sentence":
        raise ValueError(
            f"the {code} model reads sentences; adapt it on a sample of sentences, "
            f"not of {sample.unit}s"
        )
    truth = consensus(answers)
    truth = truth[truth["code"] == code].set_index("unit_id")["value"]
    design = sample.design[sample.design["unit_id"].isin(truth.index)].reset_index(drop=True)
    y = design["unit_id"].map(truth)
    y = (y.eq("yes") if binary else y.astype(float) / 2).to_numpy(float)  # tone: -2..2 to -1..1
    rows, offset = unit_features(read, articles, design, docs)
    shipped = _output(model, offset)
    seen: dict[str, int] = {}
    for row in rows:
        for feature in row:
            seen[feature] = seen.get(feature, 0) + 1
    names = sorted(f for f, k in seen.items() if k >= MIN_UNITS_PER_FEATURE and topic_guard(f))
    X = _matrix(rows, names)
    base = Adaptation(
        code,
        read,
        tuple(design["unit_id"]),
        y,
        design["weight"].to_numpy(float),
        shipped,
        shipped,
        tuple(names),
        None,
        "",
    )
    too_few = _too_few(code, y, binary, design["doc_id"].nunique())
    if too_few:
        return replace(base, message=too_few)
    articles_of = design["doc_id"].astype(str).to_numpy()
    margin = correction.cross_validated(X, offset, y, binary=binary, groups=articles_of, seed=seed)
    adapted = _output(model, margin)
    fit = correction.choose(X, offset, y, binary=binary, groups=articles_of, seed=seed)
    moved = (
        "kept unchanged: no correction predicted held-out units better"
        if not np.isfinite(fit.penalty)
        else f"adapted with penalty {fit.penalty:g}"
    )
    return replace(
        base,
        adapted=adapted,
        fit=fit,
        message=f"{code}: {len(y)} coded units ({_counts(y, binary)}); the model "
        f"'{model.name}' was {moved} (chosen by cross-validation on these units).",
    )


def _counts(y: np.ndarray, binary: bool) -> str:
    if binary:
        return f"{int(y.sum())} yes, {int(len(y) - y.sum())} no"
    return f"{len(set(y.tolist()))} distinct answers"


def _too_few(code: str, y: np.ndarray, binary: bool, documents: int) -> str:
    if binary:
        enough = min(int(y.sum()), int(len(y) - y.sum())) >= MIN_EACH
        need = f"at least {MIN_UNITS} coded units and {MIN_EACH} of each answer"
    else:
        enough = len(set(y.tolist())) > 1
        need = f"at least {MIN_UNITS} coded units, not all with one answer"
    if len(y) >= MIN_UNITS and enough and documents >= MIN_DOCUMENTS:
        return ""
    return (
        f"{code}: {len(y)} coded units with a consensus ({_counts(y, binary)}) from "
        f"{documents} articles: too few to learn from ({need}, from at least "
        f"{MIN_DOCUMENTS} articles, are needed). The shipped model is used unchanged; code "
        "another round and run again."
    )


def adapt_all(
    sample: Sample,
    answers: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    models: dict[str, learned.LinearModel] | None = None,
    seed: int = 0,
    docs: Docs | None = None,
) -> list[Adaptation]:
    """:func:`adapt` for every code of the sample whose learned model ships (or, given
    ``models``, code -> model, for those codes), the codes sharing the articles' Docs."""
    chosen = models or dict.fromkeys(available(sample))
    docs = Docs.for_articles(articles, docs)
    return [
        adapt(sample, answers, articles, code, model=m, seed=seed, docs=docs)
        for code, m in chosen.items()
    ]


def _weighted_f1(pred: np.ndarray, truth: np.ndarray, w: np.ndarray) -> float:
    tp = (w * pred * truth).sum()
    wrong = (w * pred * (1 - truth)).sum() + (w * (1 - pred) * truth).sum()
    return float(2 * tp / (2 * tp + wrong)) if tp + wrong else np.nan


def statistics(a: Adaptation, output: np.ndarray) -> dict[str, float]:
    """Agreement of ``output`` (one per coded unit) with the consensus, weighted to the corpus."""
    y, w = a.truth, a.weight
    if a.binary:
        from sklearn.metrics import roc_auc_score  # here: scikit-learn takes 2 s to import

        auc = roc_auc_score(y, output, sample_weight=w) if 0 < y.sum() < len(y) else np.nan
        return {"AUC": float(auc), "F1": _weighted_f1((output >= a.model.threshold) * 1.0, y, w)}
    ranks = pd.Series(output).rank().to_numpy(), pd.Series(y).rank().to_numpy()
    return {
        "Pearson": float(weighted_pearson(output, y, w)),
        "Spearman": float(weighted_pearson(*ranks, w)),
    }


def adaptation_agreement(adaptations: list[Adaptation]) -> pd.DataFrame:
    """The shipped and the adapted model beside each other, with the coders' consensus.

    One row per code and statistic: ``units``, ``yes``, ``penalty`` (``inf``: kept
    unchanged; NaN: too few to learn from), ``shipped``, ``adapted`` (cross-validated),
    ``gain`` and ``note``.
    """
    rows = []
    for a in adaptations:
        before, after = statistics(a, a.shipped), statistics(a, a.adapted)
        for name in before:
            rows.append(
                {
                    "code": a.code,
                    "model": a.model.name,
                    "units": len(a.truth),
                    "yes": int(a.truth.sum()) if a.binary else np.nan,
                    "statistic": name,
                    "penalty": a.fit.penalty if a.fit else np.nan,
                    "shipped": before[name],
                    "adapted": after[name],
                    "gain": after[name] - before[name] if a.fit else 0.0,
                    "note": a.message,
                }
            )
    return pd.DataFrame(rows)


def corpus_readings(
    adaptations: list[Adaptation], articles: pd.DataFrame, unit: str, docs: Docs | None = None
) -> pd.DataFrame:
    """The shipped and the adapted measure over every unit of the corpus, per group: the
    share of units at or above the model's threshold (yes/no codes) or the mean score
    (tone). Returns ``code``, ``group``, ``units``, ``reading``, ``shipped``, ``adapted``."""
    docs = Docs.for_articles(articles, docs)
    units = corpus_units(articles, unit=unit, docs=docs.of(articles))
    units = units[["doc_id", "group", "start", "end"]]
    rows = []
    for a in adaptations:
        shipped, adapted = a.outputs(*unit_features(a.read, articles, units, docs))
        for group, members in units.groupby("group", sort=True).groups.items():
            i = units.index.get_indexer(members)
            if a.binary:
                cut = a.model.threshold
                pair = (np.mean(shipped[i] >= cut), np.mean(adapted[i] >= cut))
            else:
                pair = (np.mean(shipped[i]), np.mean(adapted[i]))
            rows.append(
                {
                    "code": a.code,
                    "group": group,
                    "units": len(i),
                    "reading": "share at or above the threshold" if a.binary else "mean",
                    "shipped": float(pair[0]),
                    "adapted": float(pair[1]),
                }
            )
    return pd.DataFrame(rows, columns=["code", "group", "units", "reading", "shipped", "adapted"])


def rounds_table(
    folder: str | Path,
    articles: pd.DataFrame,
    *,
    models: dict[str, learned.LinearModel] | None = None,
    seed: int = 0,
    latest: pd.DataFrame | None = None,
    docs: Docs | None = None,
) -> pd.DataFrame:
    """What each round of coding gained: the shipped and adapted agreement on every round
    pooled so far (:func:`adaptation_agreement` per round, with ``round`` and ``coded``).
    ``latest``: the latest round's table when already computed; ``docs``: the articles'
    :class:`~analysis.coding.sample.Docs`, when a coding step shares them (the rounds'
    adaptations share them in any case)."""
    each = rounds.read_each(folder, articles, docs=docs)
    docs = Docs.for_articles(articles, docs)
    frames = []
    for number in range(1, len(each) + 1):
        sample, answers = rounds.pool_coded(each[:number])
        if latest is None or number < len(each):
            found = adapt_all(sample, answers, articles, models=models, seed=seed, docs=docs)
            table = adaptation_agreement(found)
        else:
            table = latest
        frames.append(table.assign(round=number, coded=len(sample.design)))
    table = pd.concat(frames, ignore_index=True)
    return table[["round", "coded", *[c for c in table if c not in ("round", "coded")]]]


def next_sample(
    articles: pd.DataFrame,
    after: str | Path,
    *,
    code: str = "human_interest",
    model: learned.LinearModel | None = None,
    n: int = 40,
    seed: int = 0,
    out: str | Path,
    docs: Docs | None = None,
) -> tuple[Sample, str]:
    """The next round after ``after``, drawn where the model of ``code`` (adapted to every
    round coded so far, or as shipped when they are too few) is least sure; and what was
    done, in words. Each article is read once (``docs``: its
    :class:`~analysis.coding.sample.Docs`, made now unless given).

    Raises:
        ValueError: no learned model reads ``code``, or it is not a yes/no model.
    """
    read = reader(code, model)
    if read is None:
        shipped = ", ".join(c for c in READERS if reader(c) is not None)
        raise ValueError(f"no learned model reads {code!r}; those that ship: {shipped or 'none'}")
    if read.model.kind != "logistic":
        raise ValueError(f"{code}: the next sample needs a yes/no model to be unsure about")
    docs = Docs.for_articles(articles, docs)
    pooled, answers = rounds.read_rounds(after, articles, docs=docs)
    adaptation = adapt(pooled, answers, articles, code, model=read.model, seed=seed, docs=docs)

    def probability(units: pd.DataFrame) -> tuple[np.ndarray, float]:
        return adaptation.predict(articles, units, docs), read.model.threshold

    sample = rounds.next_round(articles, after, probability, n=n, seed=seed, out=out, docs=docs)
    return sample, adaptation.message
