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
from scipy import sparse
from threadpoolctl import threadpool_limits

#: Penalties tried (L2, on the summed loss); ``inf`` keeps the shipped model unchanged.
PENALTIES = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, np.inf)
#: The intercept shift's own fixed penalty: light, because the user's corpus may well have
#: another base rate than the data the model was trained on.
SHIFT_PENALTY = 1.0
#: Folds of the cross-validation that chooses the penalty (fewer when a class is smaller).
FOLDS = 5


def _one_blas_thread() -> threadpool_limits:
    """Linear algebra on one thread for the fits: their matrices are as small as the coded
    units are few, so a second BLAS thread mostly waits for the first, burning a core a
    shared machine needs (up to twice the CPU on a loaded 2-core machine). The numbers no
    longer depend on the machine's cores either (on the coding example, the same to the
    bit as on two threads)."""
    return threadpool_limits(1, user_api="blas")


@dataclass(frozen=True)
class Fit:
    """A fitted correction: the penalty chosen, the intercept shift and the feature weights."""

    penalty: float
    shift: float
    weights: np.ndarray

    def margin(self, X: sparse.spmatrix, offset: np.ndarray) -> np.ndarray:
        """The corrected model's margin (logit, or score) for rows ``X`` with shipped ``offset``."""
        return np.asarray(offset, float) + self.shift + np.asarray(X @ self.weights).ravel()


def _path(
    X: sparse.csr_matrix, offset: np.ndarray, y: np.ndarray, penalties: tuple, binary: bool
) -> list[Fit]:
    """The correction at each penalty, fitted on these rows.

    Features are divided by their mean value where present, so the penalty weighs a rare
    and a common feature alike (a weight is the change in the margin where the feature
    occurs at its typical value), and mapped back after. The weights lie in the span of
    the rows (an L2 penalty puts them there), so the fit runs on the rows' singular
    vectors: as many unknowns as coded units, however many features.
    """
    present = np.diff(X.tocsc().indptr)
    spread = np.asarray(X.sum(axis=0)).ravel() / np.maximum(present, 1)
    spread[spread == 0] = 1.0
    scaled = X @ sparse.diags(1 / spread)
    eigen, u = np.linalg.eigh((scaled @ scaled.T).toarray())  # X X' = U S^2 U'
    keep = eigen > 1e-9 * max(eigen.max(initial=0.0), 1.0)
    u, singular = u[:, keep], np.sqrt(eigen[keep])
    design = np.hstack([np.ones((len(y), 1)), u * singular])
    fits = []
    for penalty in penalties:
        if not np.isfinite(penalty):
            fits.append(Fit(penalty, 0.0, np.zeros(X.shape[1])))
            continue
        prior = np.full(design.shape[1], penalty)
        prior[0] = SHIFT_PENALTY
        theta = _newton(design, offset, y, prior) if binary else _ridge(design, offset, y, prior)
        weights = scaled.T @ (u @ (theta[1:] / singular))  # V c, with V = X' U / S
        fits.append(Fit(penalty, float(theta[0]), np.asarray(weights).ravel() / spread))
    return fits


def _ridge(A: np.ndarray, offset: np.ndarray, y: np.ndarray, prior: np.ndarray) -> np.ndarray:
    return np.linalg.solve(A.T @ A + np.diag(prior), A.T @ (y - offset))


def _newton(A: np.ndarray, offset: np.ndarray, y: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Penalised logistic regression with an offset, by Newton's method with step halving."""

    def objective(theta: np.ndarray) -> float:
        z = offset + A @ theta
        return float((np.logaddexp(0, z) - y * z).sum() + 0.5 * prior @ theta**2)

    theta = np.zeros(A.shape[1])
    current = objective(theta)
    for _ in range(100):
        p = 0.5 * (1 + np.tanh((offset + A @ theta) / 2))
        grad = A.T @ (p - y) + prior * theta
        hess = (A.T * (p * (1 - p))) @ A + np.diag(prior)
        step = np.linalg.solve(hess, grad)
        size = 1.0
        while (new := objective(theta - size * step)) > current and size > 1e-6:
            size /= 2
        theta, done = theta - size * step, current - new < 1e-10 * (1 + abs(current))
        current = min(current, new)
        if done:
            break
    return theta


def _folds(y: np.ndarray, groups: np.ndarray | None, binary: bool, seed: int):
    """Folds that keep a group (an article) whole, so no article's unit is tested while
    another of its units trains; stratified by answer for a yes/no code."""
    from sklearn.model_selection import GroupKFold, StratifiedGroupKFold  # 2 s: only here

    groups = np.arange(len(y)) if groups is None else np.asarray(groups)
    k = min(FOLDS, len(np.unique(groups)))
    if binary:
        k = min(k, int(np.bincount(y.astype(int), minlength=2).min()))
        folds = StratifiedGroupKFold(max(k, 2), shuffle=True, random_state=seed)
        return folds.split(y, y, groups)
    return GroupKFold(max(k, 2)).split(y, y, groups)


def _as_arrays(
    X: sparse.spmatrix, offset: np.ndarray, y: np.ndarray
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """Rows as a float CSR matrix, offset and answers as float arrays: what the fits take."""
    return sparse.csr_matrix(X, dtype=float), np.asarray(offset, float), np.asarray(y, float)


def _held_out_loss(margin: np.ndarray, y: np.ndarray, binary: bool) -> float:
    if binary:
        return float(np.logaddexp(0, -(2 * y - 1) * margin).sum())
    return float(((y - margin) ** 2).sum())


def choose(
    X: sparse.spmatrix,
    offset: np.ndarray,
    y: np.ndarray,
    *,
    binary: bool,
    groups: np.ndarray | None = None,
    seed: int = 0,
) -> Fit:
    """The correction fitted on all rows with the penalty that cross-validation prefers.

    Each penalty of :data:`PENALTIES` is scored by its held-out loss over the folds;
    the lowest wins, and on a tie the larger penalty (the smaller change). ``groups``
    (each row's article) keeps an article's rows in one fold.
    """
    X, offset, y = _as_arrays(X, offset, y)
    losses = np.zeros(len(PENALTIES))
    with _one_blas_thread():
        for train, test in _folds(y, groups, binary, seed):
            for k, fit in enumerate(_path(X[train], offset[train], y[train], PENALTIES, binary)):
                losses[k] += _held_out_loss(fit.margin(X[test], offset[test]), y[test], binary)
        best = min(range(len(PENALTIES)), key=lambda k: (round(losses[k], 9), -PENALTIES[k]))
        return _path(X, offset, y, (PENALTIES[best],), binary)[0]


def cross_validated(
    X: sparse.spmatrix,
    offset: np.ndarray,
    y: np.ndarray,
    *,
    binary: bool,
    groups: np.ndarray | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Each row's corrected margin from a correction that never saw it (nested: the
    penalty is chosen inside each training part), so agreement measured on these
    margins is not measured on the data the correction was fitted to."""
    X, offset, y = _as_arrays(X, offset, y)
    margin = np.empty(len(y))
    inner = None if groups is None else np.asarray(groups)
    with _one_blas_thread():
        for train, test in _folds(y, groups, binary, seed):
            part = None if inner is None else inner[train]
            fit = choose(X[train], offset[train], y[train], binary=binary, groups=part, seed=seed)
            margin[test] = fit.margin(X[test], offset[test])
    return margin
