"""Validity: each measure against human-labelled data, beside the anchors' figures.

Each submodule (``tone``, ``hedging``, ``human_interest_learned``, ``human_interest``,
``events``, ``genres``) has
``evaluate(eval_dir, *, limit=None) -> list[dict]`` returning rows with the keys
of :data:`COLUMNS` (:mod:`analysis.evaluate.common`): one row per system (the suite's
measure, the anchors measured here on the same data, and published figures) per data
set. Nothing is fitted on the data a figure is reported on. ``python -m analysis.evaluate``
runs them all.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import pandas as pd

from analysis.evaluate.common import COLUMNS, KINDS, EvalDataMissing, as_table

__all__ = ["COLUMNS", "KINDS", "EvalDataMissing", "run_all"]


def run_all(eval_dir: Path, *, limit: int | None = None) -> pd.DataFrame:
    """Every evaluator whose data is present, as one table; absent data sets are left out.

    A data set that is missing is reported on standard error, not raised: each
    evaluator stands alone. The table is computed once per code version and data
    (:mod:`analysis.evaluate.cache`): it does not depend on any report's corpus.
    """
    from analysis.evaluate.cache import cached

    compute = partial(_run_all, eval_dir, limit)
    return cached("validity", compute, eval_dir=eval_dir, limit=limit)


def _run_all(eval_dir: Path, limit: int | None) -> pd.DataFrame:
    from analysis.evaluate import (
        events,
        genres,
        hedging,
        human_interest,
        human_interest_learned,
        tone,
    )

    rows: list[dict] = []
    for module in (tone, hedging, human_interest_learned, human_interest, events, genres):
        try:
            rows += module.evaluate(Path(eval_dir), limit=limit)
        except EvalDataMissing as missing:
            print(f"skipped {module.__name__.rsplit('.', 1)[-1]}: {missing}", file=sys.stderr)
    return as_table(rows)
