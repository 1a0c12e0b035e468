"""Compare two groups of articles (wire vs colour): differences, effect sizes, intervals, tests.

Every interval and p-value is the one :mod:`scipy.stats` gives, seeded, so a rerun gives
the same numbers (the resampled articles are drawn here, once for all the measures of a
pair, exactly as scipy draws them for each measure alone):

* the interval of the difference in means is a bootstrap interval
  (:func:`scipy.stats.bootstrap`, percentile method by default), resampling
  articles within each group;
* the p-value is a two-sided permutation test (:func:`scipy.stats.permutation_test`)
  of the absolute difference in means, permuting the group labels of articles.
  When there are no more distinct splits of the articles than ``n_resamples``,
  scipy enumerates them all and the test is exact;
* the effect size is Hedges' g: the difference in means over the pooled
  standard deviation, times the exact small-sample correction
  ``J = Γ(df/2) / (√(df/2) Γ((df-1)/2))``, ``df = n_a + n_b - 2`` (Hedges 1981).

The unit of resampling is always the article. At ``level="sentence"`` the input
is a sentence table (:func:`analysis.scoring.score.score_sentences` joined with the
group column): the group means are means over sentences, but the bootstrap
draws whole articles with all their sentences and the permutation test moves
whole articles between groups, because the sentences of one article are not
independent of each other (a cluster bootstrap). Hedges' g at sentence level is
computed over sentences as if they were independent: read it as a description
of how far apart the sentence distributions lie, and take the uncertainty from
the interval and the test, which respect the articles. With fewer than two
articles in a group there is no sample of articles, and g is left out.

With a handful of articles, say so: 2 wire vs 3 colour pieces allow only 10
splits, so no p-value can be below 0.1. The columns ``n_permutations`` and
``min_possible_p`` and the ``note`` make that plain in every table.

The plan of pairs is :mod:`analysis.statistics.plan`, the answer in words
:mod:`analysis.statistics.describe`, the words that tell groups apart
:mod:`analysis.statistics.distinguishing`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from types import SimpleNamespace
from typing import Literal

import numpy as np
import pandas as pd

from analysis.measures.registry import article_measures, sentence_measures
from analysis.statistics.plan import ComparisonPlan, groups_in, two_groups

EFFECT_SIZE_KIND = "hedges_g"


def hedges_g(a: Sequence[float], b: Sequence[float]) -> float:
    """Hedges' g of ``a`` minus ``b``, with the exact small-sample correction.

    NaN when either group has fewer than 2 values or neither varies, since the
    pooled standard deviation is then undefined or zero.

    >>> round(hedges_g([1.0, 2.0, 3.0], [2.0, 3.0, 4.0]), 4)
    -0.7979
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n_a, n_b = len(a), len(b)
    if n_a < 2 or n_b < 2:
        return math.nan
    df = n_a + n_b - 2
    pooled = math.sqrt(((n_a - 1) * a.var(ddof=1) + (n_b - 1) * b.var(ddof=1)) / df)
    if pooled == 0:
        return math.nan
    from scipy.special import gammaln  # here: a notebook that draws no comparison never loads it

    correction = math.exp(gammaln(df / 2) - gammaln((df - 1) / 2)) / math.sqrt(df / 2)
    return float(correction * (a.mean() - b.mean()) / pooled)


def measures_to_compare(
    scores: pd.DataFrame, measures: Sequence[str] | None, level: str
) -> list[str]:
    """The measures named, or the default ones of ``level`` that ``scores`` has."""
    if measures is None:
        default = article_measures() if level == "article" else sentence_measures()
        found = [m for m in default if m in scores.columns]
        if not found:
            raise ValueError(f"none of the default {level} measures {default} is in the frame")
        return found
    missing = [m for m in measures if m not in scores.columns]
    if missing:
        raise ValueError(f"measures not in the frame: {missing}")
    return list(measures)


def _units(values: pd.Series, unit: pd.Series) -> pd.DataFrame:
    """Per article: sum and count of the measure's non-missing values."""
    kept = values.notna()
    grouped = values[kept].groupby(unit[kept], sort=True)
    return pd.DataFrame({"sum": grouped.sum(), "count": grouped.count()})


#: Most resampled indices held at once (each takes 8 bytes, and the statistic a few copies).
_BATCH_VALUES = 4_000_000


def _measure_row(
    frame: pd.DataFrame,
    measure: str,
    *,
    in_group: dict[str, np.ndarray],
    unit: dict[str, pd.Series],
    confidence: float,
) -> tuple[dict[str, object], list[str], pd.DataFrame | None]:
    """A measure's row before resampling, its notes so far, and the per-article sums and
    counts to resample (None when there is nothing to resample). ``in_group`` holds each
    group's rows of ``frame`` and ``unit`` their articles."""
    pair = tuple(in_group)
    a_name, b_name = pair
    column = pd.to_numeric(frame[measure], errors="raise").astype(float)
    values = {g: column[in_group[g]] for g in pair}
    units = {g: _units(values[g], unit[g]) for g in pair}
    n_a, n_b = len(units[a_name]), len(units[b_name])
    a_vals, b_vals = (values[g].dropna().to_numpy() for g in pair)
    row: dict[str, object] = {
        "measure": measure,
        "group_a": a_name,
        "group_b": b_name,
        "n_a": n_a,
        "n_b": n_b,
        "n_values_a": len(a_vals),
        "n_values_b": len(b_vals),
        "mean_a": a_vals.mean() if len(a_vals) else math.nan,
        "mean_b": b_vals.mean() if len(b_vals) else math.nan,
    }
    row["difference"] = row["mean_a"] - row["mean_b"]
    row.update(
        effect_size=hedges_g(a_vals, b_vals),
        effect_size_kind=EFFECT_SIZE_KIND,
        ci_low=math.nan,
        ci_high=math.nan,
        confidence=confidence,
        p_value=math.nan,
        n_permutations=0,
        exact=False,
        min_possible_p=math.nan,
    )
    notes = []
    n_missing = sum(int(v.isna().sum()) for v in values.values())
    if n_missing:
        notes.append(f"{n_missing} missing values left out")
    small = [g for g in pair if len(units[g]) < 2]
    if small:
        notes.append(
            f"fewer than 2 articles in {', '.join(map(str, small))}: "
            "no effect size, interval or test"
        )
        row["effect_size"] = math.nan  # sentences of one article are not a sample of a genre
        return row, notes, None
    if np.ptp(np.concatenate([a_vals, b_vals])) == 0:
        notes.append("all values identical: nothing to compare")
        return row, notes, None
    if math.isnan(row["effect_size"]):
        notes.append("no variation within either group: Hedges' g undefined")
    return row, notes, pd.concat([units[a_name], units[b_name]])


class _Counts:
    """Each article's number of values, shared by the measures that have the same: the
    number of values of the articles drawn is summed once a draw for all of them."""

    def __init__(self, counts: np.ndarray) -> None:
        self.counts = counts
        self._last: list[tuple[np.ndarray, int, np.ndarray]] = []  # group a's draw, group b's

    def drawn(self, i: np.ndarray, axis: int) -> np.ndarray:
        """The number of values of the articles ``i`` (the very array drawn) along ``axis``."""
        for seen, seen_axis, n in self._last:
            if seen is i and seen_axis == axis:
                return n
        n = self.counts[i].sum(axis)
        self._last = [*self._last[-1:], (i, axis, n)]
        return n


class _Difference:
    """The difference of sentence-pooled group means (plain means when one row is one
    article) for resampled article indices: ``ia`` rows of group a, ``ib`` of group b.
    ``shared`` holds the :class:`_Counts` of the measures made so far, by their counts."""

    def __init__(self, pooled: pd.DataFrame, shared: dict[bytes, _Counts]) -> None:
        self.sums = pooled["sum"].to_numpy()
        counts = pooled["count"].to_numpy()
        # One value an article (always so at article level): the counts add up to the
        # number of articles drawn, no need to gather them.
        self.counts = None
        if not (counts == 1).all():
            self.counts = shared.setdefault(counts.tobytes(), _Counts(counts))

    def _mean(self, i: np.ndarray, axis: int) -> np.ndarray:
        n = i.shape[axis] if self.counts is None else self.counts.drawn(i, axis)
        return self.sums[i].sum(axis) / n

    def __call__(self, ia: np.ndarray, ib: np.ndarray, axis: int = -1) -> np.ndarray:
        return self._mean(ia, axis) - self._mean(ib, axis)

    def distance(self, ia: np.ndarray, ib: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.abs(self(ia, ib, axis))


def _bootstrap_draws(
    n_a: int, n_b: int, n_resamples: int, batch: int, seed: int
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Batch by batch, the article indices :func:`scipy.stats.bootstrap` draws from
    ``(arange(n_a), arange(n_a, n_a + n_b))`` with ``rng=default_rng(seed)``: one
    stream for every measure of a pair, drawn once."""
    rng = np.random.default_rng(seed)
    for done in range(0, n_resamples, batch):
        size = min(batch, n_resamples - done)
        yield rng.integers(0, n_a, (size, n_a)), n_a + rng.integers(0, n_b, (size, n_b))


def _permutations(
    n_a: int, n_b: int, n_resamples: int, batch: int, seed: int
) -> Iterator[np.ndarray]:
    """Batch by batch, the orders of ``n_a + n_b`` articles that
    :func:`scipy.stats.permutation_test` tries (the first ``n_a`` form group a): every
    split when there are no more than ``n_resamples``, else ``n_resamples`` permutations
    of ``default_rng(seed)``, drawn in scipy's order by one vectorised call a batch."""
    n = n_a + n_b
    if n_resamples >= math.comb(n, n_a):
        everyone = set(range(n))
        orders = [
            [*chosen, *sorted(everyone.difference(chosen))]
            for chosen in itertools.combinations(range(n), n_a)
        ]
        for start in range(0, len(orders), batch):
            yield np.array(orders[start : start + batch])
        return
    rng = np.random.default_rng(seed)
    for done in range(0, n_resamples, batch):
        size = min(batch, n_resamples - done)
        orders = np.tile(np.arange(n), (size, 1))  # row by row in memory, as scipy's are: the
        rng.permuted(orders, axis=1, out=orders)  # sums then add up in the same order
        yield orders


def _resample(
    rows: list[tuple[dict[str, object], list[str], _Difference]],
    n_a: int,
    n_b: int,
    *,
    n_resamples: int,
    seed: int,
    confidence: float,
    ci_method: str,
) -> None:
    """Fill in the interval and p-value of measures whose articles number ``n_a`` and
    ``n_b``. Each measure's numbers are those of :func:`scipy.stats.bootstrap` and
    :func:`scipy.stats.permutation_test` seeded with ``seed`` (fresh for each measure);
    the draws, the same for every such measure, are made once."""
    from scipy import stats  # here: a notebook that draws no comparison never loads it (2 s)

    # Resamples are drawn in batches of at most _BATCH_VALUES indices, so that memory stays
    # bounded on a large corpus (one batch, hence the same draws, on a small one).
    batch = max(1, _BATCH_VALUES // (n_a + n_b))
    index_a, index_b = np.arange(n_a), np.arange(n_a, n_a + n_b)
    boots: list[list[np.ndarray]] = [[] for _ in rows]
    for ia, ib in _bootstrap_draws(n_a, n_b, n_resamples, batch, seed):
        for drawn, (_, _, difference) in zip(boots, rows, strict=True):
            drawn.append(difference(ia, ib))
    nulls: list[list[np.ndarray]] = [[] for _ in rows]
    for order in _permutations(n_a, n_b, n_resamples, batch, seed):
        ia, ib = order[:, :n_a], order[:, n_a:]
        for drawn, (_, _, difference) in zip(nulls, rows, strict=True):
            drawn.append(difference.distance(ia, ib))
    splits = math.comb(n_a + n_b, n_a)
    exact = n_resamples >= splits
    # n articles drawn with replacement give comb(2n - 1, n) distinct resamples:
    # 3 for n = 2, 35 for n = 4, 126 for n = 5. Below ~100 the percentiles are
    # a handful of values and the interval is much narrower than the truth.
    distinct = (math.comb(2 * n_a - 1, n_a), math.comb(2 * n_b - 1, n_b))
    for (row, notes, difference), boot, null in zip(rows, boots, nulls, strict=True):
        interval = stats.bootstrap(  # the interval of these draws, as scipy computes it
            (index_a, index_b),
            difference,
            n_resamples=0,
            bootstrap_result=SimpleNamespace(bootstrap_distribution=np.concatenate(boot)),
            batch=batch,
            vectorized=True,
            confidence_level=confidence,
            method=ci_method,
        ).confidence_interval
        row["ci_low"], row["ci_high"] = interval
        if min(distinct) < 100:
            notes.append(
                f"only {distinct[0]} and {distinct[1]} distinct bootstrap "
                "resamples: interval too narrow, see p"
            )
        row.update(
            p_value=_p_greater(difference.distance(index_a, index_b), np.concatenate(null), exact),
            n_permutations=splits if exact else n_resamples,
            exact=exact,
            min_possible_p=min_possible_p(n_a, n_b, n_resamples),
        )
        if exact and row["min_possible_p"] > 1 - confidence:
            notes.append(
                f"only {splits} ways to split {n_a + n_b} articles: "
                f"p cannot fall below {row['min_possible_p']:.3g}"
            )


def _p_greater(observed: float, null: np.ndarray, exact: bool) -> float:
    """:func:`scipy.stats.permutation_test`'s one-sided p: the share of the null at least
    ``observed`` (less a relative 100 machine epsilons, so that ties rounded apart
    count), with the observed split counted once more when the splits are sampled."""
    adjustment = 0 if exact else 1
    extreme = np.count_nonzero(null >= observed - abs(np.finfo(float).eps * 100 * observed))
    return float(np.clip((extreme + adjustment) / (len(null) + adjustment), 0.0, 1.0))


def min_possible_p(n_a: int, n_b: int, n_resamples: int = 9999) -> float:
    """The smallest two-sided permutation p-value that ``n_a`` against ``n_b`` articles allow.

    Exact tests (no more splits than ``n_resamples``) can do no better than the
    observed split alone, counted twice for equal groups (swapping them gives the
    same |difference|); sampled tests no better than ``1 / (n_resamples + 1)``.

    >>> min_possible_p(3, 2), min_possible_p(3, 3), min_possible_p(50, 50)
    (0.1, 0.1, 0.0001)
    """
    splits = math.comb(n_a + n_b, n_a)
    if n_resamples >= splits:
        return (2 if n_a == n_b else 1) / splits
    return 1 / (n_resamples + 1)


def _compare_pair(
    scores: pd.DataFrame,
    *,
    by: str,
    pair: tuple[str, str],
    measures: Sequence[str] | None,
    level: Literal["article", "sentence"],
    cluster: str,
    n_resamples: int,
    seed: int,
    confidence: float,
    ci_method: str,
) -> pd.DataFrame:
    if level not in ("article", "sentence"):
        raise ValueError(f"level must be 'article' or 'sentence', got {level!r}")
    frame = scores[scores[by].isin(pair)]
    if level == "sentence":
        if cluster not in frame.columns:
            raise ValueError(f"level='sentence' needs the article column {cluster!r}")
        mixed = frame.groupby(cluster)[by].nunique()
        if (mixed > 1).any():
            raise ValueError(f"articles in more than one group: {list(mixed[mixed > 1].index)}")
        unit = frame[cluster]
    else:
        unit = pd.Series(np.arange(len(frame)), index=frame.index)
    in_group = {g: (frame[by] == g).to_numpy() for g in pair}
    unit_of = {g: unit[in_group[g]] for g in pair}
    prepared = [
        _measure_row(frame, m, in_group=in_group, unit=unit_of, confidence=confidence)
        for m in measures_to_compare(scores, measures, level)
    ]
    by_size: dict[tuple[int, int], list[tuple[dict[str, object], list[str], _Difference]]] = {}
    shared: dict[bytes, _Counts] = {}
    for row, notes, pooled in prepared:
        if pooled is not None:
            key = (int(row["n_a"]), int(row["n_b"]))
            by_size.setdefault(key, []).append((row, notes, _Difference(pooled, shared)))
    for (n_a, n_b), resampled in by_size.items():
        _resample(
            resampled,
            n_a,
            n_b,
            n_resamples=n_resamples,
            seed=seed,
            confidence=confidence,
            ci_method=ci_method,
        )
    rows = [row | {"note": "; ".join(notes)} for row, notes, _ in prepared]
    table = pd.DataFrame(rows)
    table.insert(1, "level", level)
    if level == "article":
        table = table.drop(columns=["n_values_a", "n_values_b"])
    else:
        table = table.rename(columns={"n_values_a": "n_sentences_a", "n_values_b": "n_sentences_b"})
    return table


def compare_groups(
    scores: pd.DataFrame,
    *,
    by: str = "group",
    groups: tuple[str, str] | None = None,
    measures: Sequence[str] | None = None,
    level: Literal["article", "sentence"] = "article",
    cluster: str = "doc_id",
    n_resamples: int = 9999,
    seed: int = 0,
    confidence: float = 0.95,
    ci_method: Literal["percentile", "basic", "BCa"] = "percentile",
) -> pd.DataFrame:
    """Compare two groups on each measure: means, difference, Hedges' g, interval, p-value.

    Args:
        scores: one row per article (``level="article"``, e.g. ``score_texts``
            output with a group column) or per sentence (``level="sentence"``,
            ``score_sentences`` output joined with the group column).
        by: the column holding the group of each row; ``group`` is the one
            :func:`analysis.load_corpus` fills (from ``genre`` by default).
        groups: the two groups ``(a, b)``; the difference is ``a`` minus ``b``.
            Default: the two groups present, in sorted order. With more than two
            groups, choose two or use :func:`compare_all_pairs`.
        measures: columns to compare; default those the registered measures name
            (:func:`analysis.measures.registry.article_measures`, or
            :func:`~analysis.measures.registry.sentence_measures`) present in ``scores``.
        level: ``"article"``: each row is an article. ``"sentence"``: rows are
            sentences, grouped into articles by ``cluster``; the means are over
            sentences but resampling and permuting move whole articles.
        cluster: the article id column (used at ``level="sentence"`` only).
        n_resamples: bootstrap resamples, and the most permutations drawn; the
            test is exact when the articles have no more splits than this.
        seed: seeds the bootstrap and the permutation test (fresh for each
            measure, so a measure's numbers don't depend on the others asked for).
        confidence: the level of the bootstrap interval.
        ci_method: the :func:`scipy.stats.bootstrap` method. Percentile is the
            default because it is the easiest to explain and never breaks on
            tiny or tied samples; BCa is better on large, skewed ones.

    Returns:
        One row per measure: ``measure``, ``level``, ``group_a``, ``group_b``,
        ``n_a``, ``n_b`` (articles with a value; at sentence level also
        ``n_sentences_a``, ``n_sentences_b``), ``mean_<a>``, ``mean_<b>``,
        ``difference`` (mean of a minus mean of b), ``effect_size`` (Hedges'
        g of a minus b; ``effect_size_kind`` says so), ``ci_low``, ``ci_high``,
        ``confidence``, ``p_value`` (two-sided), ``n_permutations``, ``exact``,
        ``min_possible_p`` (the smallest p-value this many articles allow) and
        ``note`` (why a value is NaN; how little few articles can show).
        Missing values are left out measure by measure. Nothing is rounded.

    >>> df = pd.DataFrame({"group": ["wire"] * 3 + ["colour"] * 2,
    ...                    "tone": [0.1, 0.2, 0.0, 0.5, 0.6]})
    >>> table = compare_groups(df, groups=("wire", "colour"), n_resamples=999)
    >>> table[["mean_wire", "mean_colour", "difference", "p_value"]].round(2).iloc[0].tolist()
    [0.1, 0.55, -0.45, 0.1]
    >>> print(table.loc[0, "note"].replace("; ", "\\n"))
    only 10 and 3 distinct bootstrap resamples: interval too narrow, see p
    only 10 ways to split 5 articles: p cannot fall below 0.1
    """
    pair = two_groups(scores, by, groups)
    table = _compare_pair(
        scores,
        by=by,
        pair=pair,
        measures=measures,
        level=level,
        cluster=cluster,
        n_resamples=n_resamples,
        seed=seed,
        confidence=confidence,
        ci_method=ci_method,
    )
    return table.rename(columns={"mean_a": f"mean_{pair[0]}", "mean_b": f"mean_{pair[1]}"})


def compare_all_pairs(
    scores: pd.DataFrame,
    *,
    by: str = "group",
    measures: Sequence[str] | None = None,
    level: Literal["article", "sentence"] = "article",
    cluster: str = "doc_id",
    n_resamples: int = 9999,
    seed: int = 0,
    confidence: float = 0.95,
    ci_method: Literal["percentile", "basic", "BCa"] = "percentile",
) -> pd.DataFrame:
    """:func:`compare_groups` for every pair of groups, stacked into one long table.

    The columns are those of :func:`compare_groups` except that the group means
    are ``mean_a`` and ``mean_b`` (of ``group_a`` and ``group_b``), so that every
    pair fits the same columns. Pairs come in sorted order. The p-values are not
    adjusted for the number of pairs.

    >>> df = pd.DataFrame({"group": list("xxyyzz"), "tone": [1.0, 2, 3, 4, 5, 6]})
    >>> table = compare_all_pairs(df, n_resamples=99)
    >>> table[["group_a", "group_b", "difference"]].to_numpy().tolist()
    [['x', 'y', -2.0], ['x', 'z', -4.0], ['y', 'z', -2.0]]
    """
    present = groups_in(scores, by)
    if len(present) < 2:
        raise ValueError(f"need two groups in {by!r} to compare, found {present}")
    tables = [
        _compare_pair(
            scores,
            by=by,
            pair=pair,
            measures=measures,
            level=level,
            cluster=cluster,
            n_resamples=n_resamples,
            seed=seed,
            confidence=confidence,
            ci_method=ci_method,
        )
        for pair in itertools.combinations(present, 2)
    ]
    return pd.concat(tables, ignore_index=True)


def compare_pairs(
    scores: pd.DataFrame,
    plan: ComparisonPlan,
    *,
    compare: Callable[..., pd.DataFrame] | None = None,
    by: str = "group",
    **options: object,
) -> pd.DataFrame:
    """``compare`` (default :func:`compare_groups`; or
    :func:`~analysis.statistics.blocked.compare_within_events`) for every pair of a
    :func:`~analysis.statistics.plan.plan_comparisons` plan, with its resamples, stacked
    into one table whose group means are ``mean_a`` and ``mean_b`` on every row.

    >>> from analysis.statistics.plan import plan_comparisons
    >>> df = pd.DataFrame({"group": list("xxyyzz"), "tone": [1.0, 2, 3, 4, 5, 6]})
    >>> table = compare_pairs(df, plan_comparisons(df["group"], n_resamples=99))
    >>> table[["group_a", "group_b", "mean_a", "mean_b"]].to_numpy().tolist()
    [['x', 'y', 1.5, 3.5], ['x', 'z', 1.5, 5.5], ['y', 'z', 3.5, 5.5]]
    """
    compare = compare or compare_groups
    tables = [
        compare(
            plan.frame(scores, (a, b), by),
            by=by,
            groups=(a, b),
            n_resamples=plan.n_resamples,
            **options,
        ).rename(columns={f"mean_{a}": "mean_a", f"mean_{b}": "mean_b"})
        for a, b in plan.pairs
    ]
    return pd.concat(tables, ignore_index=True)


def typical_articles(
    scores: pd.DataFrame, measures: Sequence[str], *, by: str = "group", id_column: str = "doc_id"
) -> pd.Series:
    """The most typical article of each group: nearest its group's medians on ``measures``.

    Distances are in units of each measure's spread over the corpus (its
    interquartile range, or 1 when that is 0), so no measure dominates by its scale.
    Notebooks show these articles' evidence rather than the whole corpus's.

    >>> scores = pd.DataFrame({"doc_id": list("abcd"), "group": ["x", "x", "x", "y"],
    ...                        "tone": [0.0, 0.5, 0.6, 1.0]})
    >>> typical_articles(scores, ["tone"]).to_dict()
    {'x': 'b', 'y': 'd'}
    """
    values = scores[list(measures)].astype(float)
    spread = (values.quantile(0.75) - values.quantile(0.25)).replace(0, 1).fillna(1)
    medians = values.groupby(scores[by]).transform("median")
    distance = ((values - medians) / spread).abs().sum(axis=1, min_count=1).fillna(np.inf)
    nearest = distance.groupby(scores[by]).idxmin()
    return scores.loc[nearest.to_numpy(), id_column].set_axis(nearest.index.astype(str))
