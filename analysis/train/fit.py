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


class FeatureRows(Sequence[Row]):
    """Feature rows with their matrix, made once: the fits of a cross-validation each take
    their rows' part (:meth:`take`) instead of re-reading every row's features.

    It is a sequence of the rows themselves (what :func:`linear_score` reads). The matrix
    has one column per feature, in sorted order, and 0 where a row lacks the feature;
    ``present`` marks the features each row has (one given as 0 too).
    """

    def __init__(self, rows: Sequence[Row]) -> None:
        self._rows = list(rows)
        self.names = sorted({f for row in self._rows for f in row})
        column = {n: j for j, n in enumerate(self.names)}
        self.matrix = np.zeros((len(self._rows), len(self.names)))
        self.present = np.zeros(self.matrix.shape, dtype=bool)
        for i, row in enumerate(self._rows):
            for feature, value in row.items():
                self.matrix[i, column[feature]] = value
                self.present[i, column[feature]] = True

    @classmethod
    def of(cls, rows: Sequence[Row]) -> FeatureRows:
        """``rows`` as :class:`FeatureRows` (themselves when they already are)."""
        return rows if isinstance(rows, FeatureRows) else cls(rows)

    def take(self, keep: Sequence[int]) -> FeatureRows:
        """The rows ``keep``, in that order, with their part of the matrix."""
        keep = list(keep)
        part = FeatureRows.__new__(FeatureRows)
        part._rows = [self._rows[i] for i in keep]
        part.names = self.names
        part.matrix, part.present = self.matrix[keep], self.present[keep]
        return part

    def columns(
        self, allowed: Callable[[str], bool], min_docs: int
    ) -> tuple[list[str], np.ndarray]:
        """The features ``allowed`` admits that ``min_docs`` rows or more have, sorted, and
        their matrix (a fresh C-ordered array, the fit's input whatever rows were taken)."""
        counts = self.present.sum(axis=0)
        chosen = [j for j, n in enumerate(self.names) if counts[j] >= min_docs and allowed(n)]
        return [self.names[j] for j in chosen], np.ascontiguousarray(self.matrix[:, chosen])

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):  # type: ignore[override]
        return self._rows[i]


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

    ``rows`` may be :class:`FeatureRows` (their matrix is then not made again).

    Only features that ``allowed`` admits and that occur in ``min_docs`` rows or more
    are fitted. Features are standardised by their spread for the fit (so ``c`` weighs
    them alike) and the weights mapped back to the raw values. ``sample_weight`` weighs
    rows (one data set as much as another, whatever their sizes).
    """
    from sklearn.linear_model import LogisticRegression

    names, matrix = FeatureRows.of(rows).columns(allowed, min_docs)
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

    names, matrix = FeatureRows.of(rows).columns(allowed, min_docs)
    spread = matrix.std(axis=0)
    spread[spread == 0] = 1.0
    model = Ridge(alpha=alpha, solver="cholesky")
    model.fit(matrix / spread, np.asarray(target, dtype=float), sample_weight=sample_weight)
    weights = dict(zip(names, model.coef_ / spread, strict=True))
    return float(model.intercept_), rounded(weights)


def linear_score(row: Row, intercept: float, weights: Mapping[str, float]) -> float:
    """Intercept plus weight x value: what the shipped model computes on a text."""
    return intercept + sum(weights[f] * v for f, v in row.items() if f in weights)
