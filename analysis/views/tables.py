"""Comparison tables as a page shows them: the columns a reader needs, in reading order.

The saved CSV keeps every column and the code names of the measures (for a script or a
spreadsheet); the page shows measures in words, the pair of groups, the interval as one
cell, the size of the difference in words with its statistic, and p-values as text that
is never 0.00 (:func:`~analysis.statistics.describe.format_p`). A page shows these
beside a link to the full CSV (:func:`analysis.report.outputs.preview`).
"""

from __future__ import annotations

import pandas as pd

from analysis.measures.registry import readable
from analysis.statistics.describe import effect_label, format_p


def _interval(low: float, high: float) -> str:
    return "none" if pd.isna(low) or pd.isna(high) else f"{low:.3g} to {high:.3g}"


def _size(g: float, statistic: str) -> str:
    return "none" if pd.isna(g) else f"{effect_label(g)} ({statistic} {g:+.2f})"


def _p(p: float) -> str:
    return format_p(p).removeprefix("p = ").removeprefix("p ")


def comparison_view(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`~analysis.statistics.compare.compare_pairs` (or ``compare_groups``) table
    for reading: measure, groups, articles, means, difference, interval, size, p.

    >>> row = pd.DataFrame({"measure": ["quotes_per_1k_words"], "group_a": ["fox"],
    ...     "group_b": ["nyt"], "n_a": [100], "n_b": [100], "mean_a": [12.0], "mean_b": [7.5],
    ...     "difference": [4.5], "ci_low": [2.6], "ci_high": [6.5], "effect_size": [0.66],
    ...     "p_value": [0.0001]})
    >>> comparison_view(row).iloc[0].tolist()[:3]
    ['quotes per 1,000 words', 'fox − nyt', '100 vs 100']
    >>> comparison_view(row).iloc[0].tolist()[-2:]
    ['medium (g +0.66)', '< 0.001']
    """
    a, b = table["group_a"].astype(str), table["group_b"].astype(str)
    mean_a = table["mean_a"] if "mean_a" in table else _own_means(table, "group_a")
    mean_b = table["mean_b"] if "mean_b" in table else _own_means(table, "group_b")
    return pd.DataFrame(
        {
            "measure": table["measure"].map(readable),
            "groups (A − B)": a + " − " + b,
            "articles": [
                f"{x:,} vs {y:,}" for x, y in zip(table["n_a"], table["n_b"], strict=True)
            ],
            "mean A": mean_a.round(3),
            "mean B": mean_b.round(3),
            "difference": table["difference"].round(3),
            "95% interval": [
                _interval(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
            ],
            "size of the difference": [_size(g, "g") for g in table["effect_size"]],
            "p": table["p_value"].map(_p),
        }
    )


def _own_means(table: pd.DataFrame, column: str) -> pd.Series:
    """Means from ``compare_groups``'s ``mean_<group>`` columns, row by row."""
    return pd.Series(
        [row[f"mean_{row[column]}"] for _, row in table.iterrows()], index=table.index, dtype=float
    )


def blocked_view(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`~analysis.statistics.blocked.compare_within_events` table for reading: the
    difference within events beside the plain one, its interval, size and three tests."""
    return pd.DataFrame(
        {
            "measure": table["measure"].map(readable),
            "groups (A − B)": table["group_a"].astype(str) + " − " + table["group_b"].astype(str),
            "events with both": table["n_events"],
            "events with one": table["n_events_one_group"],
            "difference within events": table["difference"].round(3),
            "95% interval": [
                _interval(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
            ],
            "difference, stories mixed": table["unblocked_difference"].round(3),
            "size within events": [_size(d, "d_z") for d in table["effect_size"]],
            "p (permutation)": table["p_value"].map(_p),
            "p (signed-rank)": table["wilcoxon_p"].map(_p),
            "p (mixed model)": table["mixed_p"].map(_p),
        }
    )
