"""Tone against human ratings: VADER's ground truth (Hutto & Gilbert 2014).

The test set is the 5,190 New York Times editorial sentences, each rated by 20
people on -4..+4; the metric is Pearson's r with the raters' mean, as in the
paper. The anchors are VADER (through NLTK, which the suite uses, and the
``vaderSentiment`` package, whose rules differ slightly, e.g. for "no") and
TextBlob measured here on the same sentences, and the paper's figures for
individual raters and for VADER.

The learned tone rating (``tone_rating``, the measure's primary reading; model card
``analysis/measures/models/tone.md``) is trained on the tweets, movie-review and
Amazon-review sentences, so it is reported on the NYT sentences only, first.

The suite's news tone was never fitted on these sentences. Its three constants
(:data:`analysis.measures.tone.ALPHA`, ``VALENCE_WEIGHT``, ``POLARITY_WEIGHT``) come from
:func:`calibrate` on the
same paper's tweets, movie-review and Amazon-review sentences, which
:func:`evaluate` also reports, labelled as development data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from textblob.en import sentiment as textblob_sentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as PackageVader

from analysis.evaluate.common import require, spread
from analysis.measures import tone
from analysis.text import make_doc

FOLDER = "vader_hutto_icwsm2014"
#: The test set, and the development sets the news tone was calibrated on.
TEST = {"nyt_editorials": "nytEditorialSnippets_GroundTruth.txt"}
DEVELOPMENT = {
    "tweets": "tweets_GroundTruth.txt",
    "movie_reviews": "movieReviewSnippets_GroundTruth.txt",
    "amazon_reviews": "amazonReviewSnippets_GroundTruth.txt",
}
#: Pearson r of one rater with the mean of the others (Hutto & Gilbert 2014, Table 4).
PUBLISHED = {
    "nyt_editorials": {"individual humans": 0.745, "VADER (paper)": 0.492},
    "tweets": {"individual humans": 0.888, "VADER (paper)": 0.881},
    "movie_reviews": {"individual humans": 0.899, "VADER (paper)": 0.451},
    "amazon_reviews": {"individual humans": 0.911, "VADER (paper)": 0.565},
}
TARGET = 0.55
#: Issue 18's target for the learned tone on NYT, trained without NYT.
LEARNED_TARGET = 0.60
LEARNED_SYSTEM = "learned tone rating (primary; trained on tweets, movie and Amazon snippets)"


def read_ratings(path: Path, *, limit: int | None = None) -> tuple[list[str], np.ndarray]:
    """The sentences and mean human ratings (-4..+4) of one ``*_GroundTruth.txt`` file."""
    texts: list[str] = []
    ratings: list[float] = []
    with require(path).open(encoding="utf-8-sig") as f:
        for line in f:
            if line.strip():
                _, rating, text = line.rstrip("\r\n").split("\t", 2)
                texts.append(text)
                ratings.append(float(rating))
    keep = spread(list(range(len(texts))), limit)
    return [texts[i] for i in keep], np.array([ratings[i] for i in keep])


def read_ids(path: Path) -> list[str]:
    """The article of each line of a ``*_GroundTruth.txt`` file: its id before the ``_``.

    NYT ids are ``<article>_<sentence>``, so folds by article keep an editorial together.
    """
    with require(path).open(encoding="utf-8-sig") as f:
        return [line.split("\t", 1)[0].split("_", 1)[0] for line in f if line.strip()]


def _r(x: list[float] | np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(np.asarray(x, dtype=float), y)[0, 1])


def learned_rating(text: str) -> float:
    """The learned ``tone_rating`` of a text, as ``score_texts`` gives it.

    >>> learned_rating("A wonderful, generous gift.") > 0 > learned_rating("A cruel attack.")
    True
    """
    doc = make_doc(text)
    return tone.MEASURE.columns(doc, tone.tone_cues(doc))["tone_rating"]


def _rows(name: str, texts: list[str], ratings: np.ndarray) -> list[dict]:
    package_vader = PackageVader()
    # the development sets are the learned tone's training data: it is shown on the test only
    measured = {LEARNED_SYSTEM: [learned_rating(t) for t in texts]} if name in TEST else {}
    measured |= {
        "news tone": [tone.tone_scores(make_doc(t))["tone"] for t in texts],
        "VADER compound (NLTK)": [tone.vader().polarity_scores(t)["compound"] for t in texts],
        "VADER compound (vaderSentiment 3.3.2)": [
            package_vader.polarity_scores(t)["compound"] for t in texts
        ],
        "TextBlob polarity": [textblob_sentiment(t)[0] for t in texts],
    }
    dataset = name if name in TEST else f"{name} (development)"
    base = {"measure": "tone", "dataset": dataset, "n": len(texts), "metric": "pearson_r"}
    rows = [
        {
            **base,
            "system": system,
            "value": _r(scores, ratings),
            "kind": "suite"
            if system in {"news tone", LEARNED_SYSTEM}
            else "anchor (measured here)",
            "target": {"news tone": TARGET, LEARNED_SYSTEM: LEARNED_TARGET}.get(system)
            if name in TEST
            else None,
        }
        for system, scores in measured.items()
    ]
    rows += [
        {**base, "system": system, "value": value, "kind": "anchor (published)", "target": None}
        for system, value in PUBLISHED[name].items()
    ]
    return rows


def evaluate(eval_dir: Path, *, limit: int | None = None, development: bool = True) -> list[dict]:
    """Pearson r of the news tone, VADER and TextBlob with the mean human rating.

    Args:
        eval_dir: the folder holding ``vader_hutto_icwsm2014/``.
        limit: score only ``limit`` sentences of each file, spread evenly (for quick tests).
        development: also report the tweets, movie and Amazon sets; their dataset
            name ends in ``(development)`` because the news tone was calibrated on them.

    Returns:
        Rows with the keys of :data:`analysis.evaluate.COLUMNS`.

    >>> from analysis import paths
    >>> rows = evaluate(paths.EVAL, limit=50, development=False)  # doctest: +SKIP
    >>> rows[0]["system"], rows[0]["n"]  # doctest: +SKIP
    ('news tone', 50)
    """
    folder = eval_dir / FOLDER
    rows: list[dict] = []
    for name, file in TEST.items():
        rows += _rows(name, *read_ratings(folder / file, limit=limit))
    if development:
        for name, file in DEVELOPMENT.items():
            rows += _rows(name, *read_ratings(folder / file, limit=limit))
    return rows


def calibrate(eval_dir: Path) -> dict[str, float]:
    """Recompute the constants of :func:`analysis.measures.tone.combine` from the development sets.

    ALPHA and the ratio POLARITY_WEIGHT / VALENCE_WEIGHT are chosen on a grid to
    maximise the mean Pearson r over the three sets; VALENCE_WEIGHT then
    minimises the squared error against the human mean rating / 4, each set
    weighted equally. The NYT sentences are not read.

    Returns:
        ``alpha``, ``valence_weight``, ``polarity_weight`` and the ``mean_r`` they reach.
    """
    parts = []
    for file in DEVELOPMENT.values():
        texts, ratings = read_ratings(eval_dir / FOLDER / file)
        scored = [tone.score_sentence(t) for t in texts]
        valence = np.array([s["news_valence"] for s in scored])
        polarity = np.array([s["textblob_polarity"] for s in scored])
        parts.append((ratings / 4, valence, polarity))
    best = max(
        (
            float(np.mean([_r(v / np.sqrt(v * v + alpha) + ratio * p, y) for y, v, p in parts])),
            alpha,
            ratio,
        )
        for alpha in (5.0, 10.0, 15.0, 20.0, 30.0, 50.0, 80.0)
        for ratio in np.arange(0.0, 2.01, 0.25)
    )
    mean_r, alpha, ratio = best
    num = den = 0.0
    for y, v, p in parts:
        x = v / np.sqrt(v * v + alpha) + ratio * p
        num += float(np.mean(x * y))
        den += float(np.mean(x * x))
    weight = num / den
    return {
        "alpha": alpha,
        "valence_weight": weight,
        "polarity_weight": float(ratio) * weight,
        "mean_r": mean_r,
    }
