"""The tone learned layer: trained on rated tweets, movie and product snippets, tested on news.

Unit: a rated snippet of Hutto & Gilbert (2014) (``vader_hutto_icwsm2014``); target: the
raters' mean rating / 4 (-1..+1, the scale of ``tone``). The model reads sentences
(:func:`analysis.measures.tone.learned_inputs`): the readings of VADER, TextBlob and the
news tone, the tone cues by category, and the words and word categories of the closed
vocabulary (:func:`analysis.train.fit.topic_guard`); a snippet of several sentences is
read, as a text is, as the word-weighted mean of its sentences, so its row here is the
word-weighted mean of its sentences' rows (the model is linear, so the two agree).

Procedure (:func:`procedure`): ridge regression, each of the three training sets
weighing the same in total; ``alpha`` and the feature set (:data:`FEATURE_SETS`) chosen
by the mean Pearson r over leave-one-set-out fits among the three (each set predicted by
a model fitted on the other two: a new domain each time, as news is). The NYT editorial
sentences are never used to fit or choose. Reported (:func:`figures`): the leave-one-set-out
r (development), the shipped model on the NYT editorials (test, cross-domain), and
5-fold cross-validation over all four sets with NYT folds by article (in-domain; those
fits see NYT sentences, so that figure is development, not test).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from analysis.evaluate import tone as ev
from analysis.measures import tone
from analysis.measures.learned import LinearModel, values
from analysis.text import make_doc
from analysis.train import Trained
from analysis.train.fit import Row, fit_ridge, linear_score, topic_guard

NAME = tone.MODEL
#: The recipe's version and date: change them when the recipe changes.
VERSION = "1"
DATE = "2026-12-07"
SCALING = "binary"
ALPHAS = (10.0, 100.0, 1000.0)
TRAINING = tuple(ev.DEVELOPMENT)
TEST = "nyt_editorials"
FOLDS = 5


def _readings(feature: str) -> bool:
    return feature.startswith("read:")


def _cues(feature: str) -> bool:
    return _readings(feature) or feature.startswith("cue:tone:")


def _closed(feature: str) -> bool:
    return _cues(feature) or topic_guard(feature)


def _rated(feature: str) -> bool:
    """Also the words VADER's raters rated: sentiment words of any domain, none a subject."""
    return _closed(feature) or feature.startswith("w:") and feature[2:] in tone.vader().lexicon


#: Candidate feature sets, smallest first: readings only; with the tone cues; with the
#: words and categories of the closed vocabulary; with the words VADER rates.
FEATURE_SETS: dict[str, Callable[[str], bool]] = {
    "readings": _readings,
    "readings + tone cues": _cues,
    "readings + tone cues + closed vocabulary": _closed,
    "readings + tone cues + closed vocabulary + VADER-rated words": _rated,
}


def row_of(text: str) -> Row:
    """A snippet's feature values: the word-weighted mean of its sentences' (as scored)."""
    doc = make_doc(text)
    total: dict[str, float] = {}
    weight = 0
    for occurrences, words, readings in tone.learned_inputs(doc):
        w = max(words, 1)
        for feature, value in values(occurrences, words, SCALING, readings).items():
            total[feature] = total.get(feature, 0.0) + w * value
        weight += w
    return {f: v / weight for f, v in total.items()} if weight else {}


class Data:
    """Rows, targets (mean rating / 4) and NYT article ids of the four rated sets."""

    def __init__(self, eval_dir: Path) -> None:
        self.rows: dict[str, list[Row]] = {}
        self.target: dict[str, np.ndarray] = {}
        folder = eval_dir / ev.FOLDER
        for name, file in {**ev.DEVELOPMENT, **ev.TEST}.items():
            texts, ratings = ev.read_ratings(folder / file)
            self.rows[name] = [row_of(t) for t in texts]
            self.target[name] = ratings / 4
        self.nyt_fold = [_fold(a) for a in ev.read_ids(folder / ev.TEST[TEST])]


def _fold(article: str) -> int:
    return int(hashlib.sha256(article.encode()).hexdigest(), 16) % FOLDS


def fit(
    parts: Sequence[tuple[Sequence[Row], Sequence[float]]], alpha: float, allowed
) -> tuple[float, dict[str, float]]:
    """Ridge over the parts, each part weighing the same in total."""
    rows = [r for part, _ in parts for r in part]
    target = [y for _, ys in parts for y in ys]
    weight = [len(rows) / (len(parts) * len(part)) for part, _ in parts for _ in part]
    return fit_ridge(rows, target, alpha=alpha, allowed=allowed, min_docs=5, sample_weight=weight)


def _r(rows: Sequence[Row], target: np.ndarray, intercept: float, weights: dict) -> float:
    scores = np.array([linear_score(r, intercept, weights) for r in rows])
    return float(np.corrcoef(scores, target)[0, 1])


def leave_one_set_out(data: Data, alpha: float, allowed) -> dict[str, float]:
    """Pearson r of each training set, predicted by a fit on the other two."""
    out = {}
    for held in TRAINING:
        parts = [(data.rows[k], data.target[k]) for k in TRAINING if k != held]
        out[held] = _r(data.rows[held], data.target[held], *fit(parts, alpha, allowed))
    return out


def procedure(data: Data) -> tuple[float, dict[str, float], float, str, dict[str, float]]:
    """(intercept, weights, alpha, feature set, leave-one-set-out r) on the three sets."""
    best = None
    for name, allowed in FEATURE_SETS.items():
        for alpha in ALPHAS:
            lodo = leave_one_set_out(data, alpha, allowed)
            mean = sum(lodo.values()) / len(lodo)
            if best is None or mean > best[0] + 1e-9:
                best = (mean, alpha, name, lodo)
    _, alpha, name, lodo = best
    parts = [(data.rows[k], data.target[k]) for k in TRAINING]
    intercept, weights = fit(parts, alpha, FEATURE_SETS[name])
    return intercept, weights, alpha, name, lodo


def by_folds(data: Data, alpha: float, allowed) -> dict[str, float]:
    """Pearson r per set over 5 folds of all four sets (NYT by article, the others round-robin)."""
    folds = {k: [i % FOLDS for i in range(len(data.rows[k]))] for k in TRAINING}
    folds[TEST] = data.nyt_fold
    scores = {k: np.zeros(len(data.rows[k])) for k in folds}
    for f in range(FOLDS):
        parts = [
            ([r for r, g in zip(data.rows[k], folds[k], strict=True) if g != f],
             [y for y, g in zip(data.target[k], folds[k], strict=True) if g != f])
            for k in folds
        ]  # fmt: skip
        intercept, weights = fit(parts, alpha, allowed)
        for k in folds:
            for i, g in enumerate(folds[k]):
                if g == f:
                    scores[k][i] = linear_score(data.rows[k][i], intercept, weights)
    return {k: float(np.corrcoef(scores[k], data.target[k])[0, 1]) for k in folds}


def figures(data: Data, model: LinearModel, lodo: dict[str, float]) -> list[dict]:
    """Every figure of the model card, as rows (dataset, n, trained on, kind, r)."""
    out = [
        {"dataset": k, "n": len(data.rows[k]), "trained on": "the other two training sets",
         "kind": "development (cross-domain)", "r": lodo[k]}
        for k in TRAINING
    ]  # fmt: skip
    out.append(
        {"dataset": TEST, "n": len(data.rows[TEST]), "trained on": "the shipped model "
         "(tweets, movie and Amazon snippets)", "kind": "test (cross-domain)",
         "r": _r(data.rows[TEST], data.target[TEST], model.intercept, dict(model.weights))}
    )  # fmt: skip
    folded = by_folds(data, float(model.header["alpha"]), FEATURE_SETS[model.header["features"]])
    out += [
        {"dataset": k, "n": len(data.rows[k]), "trained on": f"{FOLDS}-fold CV over all four "
         "sets (NYT folds by article)", "kind": "development (in-domain folds)", "r": r}
        for k, r in folded.items()
    ]  # fmt: skip
    return out


def build(eval_dir: Path) -> Trained:
    """The shipped model (the procedure on the three training sets) and its card."""
    data = Data(eval_dir)
    intercept, weights, alpha, features, lodo = procedure(data)
    sizes = ", ".join(f"{k} {len(data.rows[k])}" for k in TRAINING)
    model = LinearModel(
        name=NAME,
        intercept=intercept,
        threshold=0.0,
        scaling=SCALING,
        weights=weights,
        kind="linear",
        header={
            "version": VERSION,
            "training data": f"vader_hutto_icwsm2014 ({sizes} snippets; MIT, texts research only)",
            "date": DATE,
            "alpha": str(alpha),
            "features": features,
        },
    )
    return Trained(model, card(model, figures(data, model, lodo)))


def card(model: LinearModel, rows: Sequence[dict]) -> str:
    """The model card's Markdown, from the model and :func:`figures`."""
    table = [
        "| data set | n | trained on | kind | Pearson r |",
        "|---|---|---|---|---|",
        *(
            f"| {r['dataset']} | {r['n']} | {r['trained on']} | {r['kind']} | {r['r']:.3f} |"
            for r in rows
        ),
    ]
    weights = "\n".join(f"| `{f}` | {w:+.4f} |" for f, w in model.top_weights(len(model.weights)))
    return f"""# Model card: `{model.name}` (version {model.version}, {model.header["date"]})

Written by `make train` (`python -m analysis.train {model.name}`); do not edit by hand.

**What it reads:** per sentence, the mean rating human raters would give it, divided
by four (-1 very negative, +1 very positive), as the sentence column `tone_rating`;
for a text, the word-weighted mean over its sentences. This is the measure's
**primary reading**: the report compares it first and `make evaluate` reports it
first. The rule-based news tone (`tone`), VADER and TextBlob stay beside it.

**Training data:** the rated tweets, movie-review and Amazon-review snippets of Hutto &
Gilbert (2014), `vader_hutto_icwsm2014` (MIT; the snippets' texts are research only,
see its PROVENANCE.md); the target is the raters' mean / 4. Each set weighs the same.
The NYT editorial sentences of the same paper are the test set: never used to fit or
to choose anything.

**Choices:** the feature set ("{model.header["features"]}") and ridge `alpha`
({model.header["alpha"]}) were chosen by the mean Pearson r of leave-one-set-out fits
among the three training sets (each set a new domain for a model fitted on the other
two).

**Features and the topic guard:** VADER's compound, the news valence squashed as the
news tone squashes it, TextBlob's polarity and subjectivity and the news tone itself
(readings of the sentence: their share sits on the whole sentence); the tone cues
by category; when chosen, the words and word categories of the closed vocabulary
(`analysis/measures/lexicons/features.tsv`), never an open word or a name, so no word
that names a subject can carry the reading. VADER and TextBlob readings are features:
the model re-weighs them, it does not replace them.

## Figures

{chr(10).join(table)}

## Weights (intercept {model.intercept:+.4f}; readings on their own scales, other
features present (1) or not (0) in a sentence)

| feature | weight |
|---|---|
{weights}
"""
