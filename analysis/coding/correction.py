"""An L2-penalised correction to a shipped linear model, fitted on a user's coded units.

The shipped model stays as an offset (a prior): the correction adds an intercept
shift and one weight per feature, penalised towards zero, so that a few coded units
move the model little and many move it more. The penalty is chosen by
cross-validation on the coded units themselves, and the grid holds "no correction"
(an infinite penalty), so a correction that does not predict held-out units better
than the shipped model is not made.

Yes/no codes: logistic loss on ``offset + shift + X @ weights``. Scores (tone):
squared loss on ``y - offset``, solved in closed form.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, sparse
from sklearn.model_selection import KFold, StratifiedKFold

#: Penalties tried (L2, on the summed loss); ``inf`` keeps the shipped model unchanged.
PENALTIES = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, np.inf)
#: The intercept shift's own fixed penalty: light, because the user's corpus may well have
#: another base rate than the data the model was trained on.
SHIFT_PENALTY = 1.0
#: Folds of the cross-validation that chooses the penalty (fewer when a class is smaller).
FOLDS = 5


@dataclass(frozen=True)
class Fit:
    """A fitted correction: the penalty chosen, the intercept shift and the feature weights."""

    penalty: float
    shift: float
    weights: np.ndarray

    def margin(self, X: sparse.spmatrix, offset: np.ndarray) -> np.ndarray:
        """The corrected model's margin (logit, or score) for rows ``X`` with shipped ``offset``."""
        return np.asarray(offset, float) + self.shift + np.asarray(X @ self.weights).ravel()


def _solve(
    X: sparse.csr_matrix, offset: np.ndarray, y: np.ndarray, penalty: float, binary: bool
) -> Fit:
    p = X.shape[1]
    if not np.isfinite(penalty):
        return Fit(penalty, 0.0, np.zeros(p))
    if not binary:  # ridge on the residual, in its dual form (n is small, p may be large)
        scale = np.sqrt(penalty / SHIFT_PENALTY)  # the shift's column, rescaled to its penalty
        A = sparse.hstack([np.full((X.shape[0], 1), scale), X]).tocsr()
        gram = (A @ A.T).toarray()
        theta = A.T @ np.linalg.solve(gram + penalty * np.eye(len(y)), y - offset)
        theta = np.asarray(theta).ravel()
        return Fit(penalty, float(theta[0] * scale), theta[1:])
    sign = 2 * y - 1

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[1:]
        z = sign * (offset + theta[0] + X @ theta[1:])
        value = np.logaddexp(0, -z).sum() + (SHIFT_PENALTY * theta[0] ** 2 + penalty * w @ w) / 2
        g = -sign * 0.5 * (1 - np.tanh(z / 2))  # d/dz of log(1 + e^-z), times the sign
        grad = np.concatenate([[g.sum() + SHIFT_PENALTY * theta[0]], X.T @ g + penalty * w])
        return float(value), grad

    found = optimize.minimize(loss, np.zeros(p + 1), jac=True, method="L-BFGS-B")
    return Fit(penalty, float(found.x[0]), found.x[1:])


def _folds(y: np.ndarray, binary: bool, seed: int):
    if binary:
        k = int(min(FOLDS, np.bincount(y.astype(int), minlength=2).min()))
        return StratifiedKFold(max(k, 2), shuffle=True, random_state=seed).split(y, y)
    return KFold(min(FOLDS, len(y)), shuffle=True, random_state=seed).split(y)


def _held_out_loss(margin: np.ndarray, y: np.ndarray, binary: bool) -> float:
    if binary:
        return float(np.logaddexp(0, -(2 * y - 1) * margin).sum())
    return float(((y - margin) ** 2).sum())


def choose(
    X: sparse.spmatrix, offset: np.ndarray, y: np.ndarray, *, binary: bool, seed: int = 0
) -> Fit:
    """The correction fitted on all rows with the penalty that cross-validation prefers.

    Each penalty of :data:`PENALTIES` is scored by its held-out loss over the folds;
    the lowest wins, and on a tie the larger penalty (the smaller change).
    """
    X, offset, y = (
        sparse.csr_matrix(X, dtype=float),
        np.asarray(offset, float),
        np.asarray(y, float),
    )
    losses = np.zeros(len(PENALTIES))
    for train, test in _folds(y, binary, seed):
        for k, penalty in enumerate(PENALTIES):
            fit = _solve(X[train], offset[train], y[train], penalty, binary)
            losses[k] += _held_out_loss(fit.margin(X[test], offset[test]), y[test], binary)
    best = min(range(len(PENALTIES)), key=lambda k: (round(losses[k], 9), -PENALTIES[k]))
    return _solve(X, offset, y, PENALTIES[best], binary)


def cross_validated(
    X: sparse.spmatrix, offset: np.ndarray, y: np.ndarray, *, binary: bool, seed: int = 0
) -> np.ndarray:
    """Each row's corrected margin from a correction that never saw it (nested: the
    penalty is chosen inside each training part), so agreement measured on these
    margins is not measured on the data the correction was fitted to."""
    X, offset, y = (
        sparse.csr_matrix(X, dtype=float),
        np.asarray(offset, float),
        np.asarray(y, float),
    )
    margin = np.empty(len(y))
    for train, test in _folds(y, binary, seed):
        fit = choose(X[train], offset[train], y[train], binary=binary, seed=seed)
        margin[test] = fit.margin(X[test], offset[test])
    return margin
