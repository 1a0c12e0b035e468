"""What every evaluator shares: the table's columns, prf, an even spread, missing data.

Evaluators import this module, not the :mod:`analysis.evaluate` package that runs them,
so the package and its evaluators import one way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

COLUMNS = ("measure", "dataset", "n", "metric", "system", "value", "kind", "target")
#: ``kind`` values: the suite's figure, an anchor computed here on the same items,
#: or a figure quoted from the data set's publication.
KINDS = ("suite", "anchor (measured here)", "anchor (published)")


class EvalDataMissing(FileNotFoundError):
    """An evaluation data set is not where it was looked for."""


def require(path: Path) -> Path:
    """Return ``path`` or raise :class:`EvalDataMissing` naming it."""
    if not path.exists():
        raise EvalDataMissing(f"evaluation data not found: {path}")
    return path


def prf(predicted: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class.

    >>> prf([True, True, False], [True, False, True])
    (0.5, 0.5, 0.5)
    """
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    return prf_of_counts(tp, sum(predicted), sum(gold))


def prf_of_counts(tp: int, predicted: int, positives: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from the counts of true positives, of predicted positives
    and of gold positives (what :func:`prf` counts).

    >>> prf_of_counts(1, 2, 2)
    (0.5, 0.5, 0.5)
    """
    precision = tp / predicted if predicted else 0.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def spread(items: list, limit: int | None) -> list:
    """``limit`` items spread evenly over ``items`` (all when ``limit`` is None).

    Data files are often sorted by label, so the first N items can all be of one
    class; an even spread keeps a quick evaluation meaningful.

    >>> spread(list(range(10)), 3)
    [0, 3, 6]
    """
    if limit is None or limit >= len(items):
        return list(items)
    return [items[i * len(items) // limit] for i in range(limit)]


def as_table(rows: list[dict]) -> pd.DataFrame:
    """Rows from the evaluators as one table with the standard columns."""
    return pd.DataFrame(rows, columns=list(COLUMNS))
