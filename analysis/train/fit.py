"""What every trainer shares: feature rows, the topic guard, a deterministic fit, pruning.

scikit-learn is imported here, and only by trainers: scoring never needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from analysis.measures.features import vocabulary
from analysis.measures.learned import rounded

#: Feature row: feature -> value (:func:`analysis.measures.learned.values`).
Row = Mapping[str, float]


def topic_guard(feature: str) -> bool:
    """Whether a feature may enter a model under the topic guard.

    The rule: a word feature (``w:``) is allowed only for a word of the closed
    vocabulary (:func:`analysis.measures.features.vocabulary`: pronouns, function
    words, narrative and argument markers), and word pairs (``b:``) are built from
    that vocabulary only; names never become features (:mod:`analysis.measures.features`).
    So no word that only names a subject (climate, gun, Trump) can carry a decision;
    categories, shapes, narration and the rules' cues are allowed.

    >>> topic_guard("w:he"), topic_guard("w:climate"), topic_guard("cat:pronoun_3sg")
    (True, False, True)
    """
    if feature.startswith("w:"):
        return feature[2:] in vocabulary()
    return True


def frequent(rows: Sequence[Row], min_docs: int) -> set[str]:
    """Features present in at least ``min_docs`` of ``rows``."""
    seen: dict[str, int] = {}
    for row in rows:
        for feature in row:
            seen[feature] = seen.get(feature, 0) + 1
    return {f for f, n in seen.items() if n >= min_docs}


def fit_logistic(
    rows: Sequence[Row],
    gold: Sequence[bool],
    *,
    c: float,
    allowed: Callable[[str], bool] = topic_guard,
    min_docs: int = 3,
    balanced: bool = True,
    sample_weight: Sequence[float] | None = None,
) -> tuple[float, dict[str, float]]:
    """L2 logistic regression (liblinear, seed 0): (intercept, weights rounded as shipped).

    Only features that ``allowed`` admits and that occur in ``min_docs`` rows or more
    are fitted. Features are standardised by their spread for the fit (so ``c`` weighs
    them alike) and the weights mapped back to the raw values. ``sample_weight`` weighs
    rows (one data set as much as another, whatever their sizes).
    """
    from sklearn.linear_model import LogisticRegression

    names = sorted(f for f in frequent(rows, min_docs) if allowed(f))
    matrix = _matrix(rows, names)
    spread = matrix.std(axis=0)
    spread[spread == 0] = 1.0
    model = LogisticRegression(
        C=c,
        solver="liblinear",
        random_state=0,
        class_weight="balanced" if balanced else None,
        intercept_scaling=10.0,
        max_iter=1000,
    )
    model.fit(matrix / spread, np.asarray(gold, dtype=int), sample_weight=sample_weight)
    weights = dict(zip(names, model.coef_[0] / spread, strict=True))
    return float(model.intercept_[0]), rounded(weights)


def fit_ridge(
    rows: Sequence[Row],
    target: Sequence[float],
    *,
    alpha: float,
    allowed: Callable[[str], bool] = topic_guard,
    min_docs: int = 3,
    sample_weight: Sequence[float] | None = None,
) -> tuple[float, dict[str, float]]:
    """Ridge regression (closed form, so deterministic): (intercept, weights rounded as shipped).

    ``sample_weight`` weighs rows, as in :func:`fit_logistic`.
    """
    from sklearn.linear_model import Ridge

    names = sorted(f for f in frequent(rows, min_docs) if allowed(f))
    matrix = _matrix(rows, names)
    spread = matrix.std(axis=0)
    spread[spread == 0] = 1.0
    model = Ridge(alpha=alpha, solver="cholesky")
    model.fit(matrix / spread, np.asarray(target, dtype=float), sample_weight=sample_weight)
    weights = dict(zip(names, model.coef_ / spread, strict=True))
    return float(model.intercept_), rounded(weights)


def linear_score(row: Row, intercept: float, weights: Mapping[str, float]) -> float:
    """Intercept plus weight x value: what the shipped model computes on a text."""
    return intercept + sum(weights[f] * v for f, v in row.items() if f in weights)


def _matrix(rows: Sequence[Row], names: Sequence[str]) -> np.ndarray:
    column = {n: j for j, n in enumerate(names)}
    matrix = np.zeros((len(rows), len(names)))
    for i, row in enumerate(rows):
        for feature, value in row.items():
            j = column.get(feature)
            if j is not None:
                matrix[i, j] = value
    return matrix
