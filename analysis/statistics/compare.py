"""Compare two groups of articles (wire vs colour): differences, effect sizes, intervals, tests.

Every interval and p-value comes from :mod:`scipy.stats`, seeded, so a rerun gives
the same numbers:

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

:func:`distinguishing_words` ranks the words that set one group's texts apart
from the other's: the log-odds ratio with an informative Dirichlet prior of
Monroe, Colaresi & Quinn (2008), "Fightin' Words", Political Analysis 16(4).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import gammaln

from analysis.corpus import UNKNOWN
from analysis.measures.registry import article_measures, sentence_measures
from analysis.statistics.reuse import normalise

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
    correction = math.exp(gammaln(df / 2) - gammaln((df - 1) / 2)) / math.sqrt(df / 2)
    return float(correction * (a.mean() - b.mean()) / pooled)


def _present(values: Iterable[object]) -> list:
    """The distinct groups of a column, missing values left out, sorted as text."""
    return sorted(pd.Series(list(values)).dropna().unique().tolist(), key=str)


def _present_in(scores: pd.DataFrame, by: str) -> list:
    """The groups present in column ``by`` of ``scores`` (see :func:`_present`)."""
    if by not in scores.columns:
        raise ValueError(f"no column {by!r} to group by; columns are {list(scores.columns)}")
    return _present(scores[by])


def _groups(scores: pd.DataFrame, by: str, groups: tuple[str, str] | None) -> tuple[str, str]:
    present = _present_in(scores, by)
    if groups is not None:
        missing = [g for g in groups if g not in present]
        if len(groups) != 2 or groups[0] == groups[1] or missing:
            raise ValueError(f"groups= must name two different values of {by!r} among {present}")
        return groups
    if len(present) == 2:
        return present[0], present[1]
    if len(present) < 2:
        raise ValueError(f"need two groups in {by!r} to compare, found {present}")
    raise ValueError(
        f"{by!r} has {len(present)} groups: {present}. Choose two with "
        f"groups=(..., ...), or compare every pair with compare_all_pairs(...)."
    )


def _measures(scores: pd.DataFrame, measures: Sequence[str] | None, level: str) -> list[str]:
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


def _units(frame: pd.DataFrame, measure: str, unit: pd.Series) -> pd.DataFrame:
    """Per article: sum and count of the measure's non-missing values."""
    values = pd.to_numeric(frame[measure], errors="raise").astype(float)
    kept = values.notna()
    grouped = values[kept].groupby(unit[kept], sort=True)
    return pd.DataFrame({"sum": grouped.sum(), "count": grouped.count()})


#: Most resampled indices held at once (each takes 8 bytes, and the statistic a few copies).
_BATCH_VALUES = 4_000_000


def _compare_measure(
    frame: pd.DataFrame,
    measure: str,
    *,
    by: str,
    pair: tuple[str, str],
    unit: pd.Series,
    n_resamples: int,
    seed: int,
    confidence: float,
    ci_method: str,
) -> dict[str, object]:
    a_name, b_name = pair
    values = {g: pd.to_numeric(frame.loc[frame[by] == g, measure]).astype(float) for g in pair}
    units = {g: _units(frame[frame[by] == g], measure, unit[frame[by] == g]) for g in pair}
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
        row["note"] = "; ".join(notes)
        return row
    if np.ptp(np.concatenate([a_vals, b_vals])) == 0:
        notes.append("all values identical: nothing to compare")
        row["note"] = "; ".join(notes)
        return row
    if math.isnan(row["effect_size"]):
        notes.append("no variation within either group: Hedges' g undefined")

    # Resample article indices into one pooled table; the statistic is the
    # difference of sentence-pooled means (plain means when one row = one article).
    pooled = pd.concat([units[a_name], units[b_name]])
    sums, counts = pooled["sum"].to_numpy(), pooled["count"].to_numpy()
    index_a, index_b = np.arange(n_a), np.arange(n_a, n_a + n_b)

    def difference(ia: np.ndarray, ib: np.ndarray, axis: int = -1) -> np.ndarray:
        return sums[ia].sum(axis) / counts[ia].sum(axis) - sums[ib].sum(axis) / counts[ib].sum(axis)

    def distance(ia: np.ndarray, ib: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.abs(difference(ia, ib, axis))

    # Resamples are drawn in batches of at most _BATCH_VALUES indices, so that memory stays
    # bounded on a large corpus (one batch, hence the same draws, on a small one).
    batch = max(1, _BATCH_VALUES // (n_a + n_b))
    boot = stats.bootstrap(
        (index_a, index_b),
        difference,
        n_resamples=n_resamples,
        batch=batch,
        vectorized=True,
        confidence_level=confidence,
        method=ci_method,
        rng=np.random.default_rng(seed),
    )
    row["ci_low"], row["ci_high"] = boot.confidence_interval
    # n articles drawn with replacement give comb(2n - 1, n) distinct resamples:
    # 3 for n = 2, 35 for n = 4, 126 for n = 5. Below ~100 the percentiles are
    # a handful of values and the interval is much narrower than the truth.
    resamples = {g: math.comb(2 * len(units[g]) - 1, len(units[g])) for g in pair}
    if min(resamples.values()) < 100:
        notes.append(
            f"only {resamples[a_name]} and {resamples[b_name]} distinct bootstrap "
            "resamples: interval too narrow, see p"
        )
    perm = stats.permutation_test(
        (index_a, index_b),
        distance,
        n_resamples=n_resamples,
        batch=batch,
        vectorized=True,
        alternative="greater",
        rng=np.random.default_rng(seed),
    )
    splits = math.comb(n_a + n_b, n_a)
    exact = n_resamples >= splits
    row.update(
        p_value=float(perm.pvalue),
        n_permutations=splits if exact else n_resamples,
        exact=exact,
        min_possible_p=min_possible_p(n_a, n_b, n_resamples),
    )
    if exact and row["min_possible_p"] > 1 - confidence:
        notes.append(
            f"only {splits} ways to split {n_a + n_b} articles: "
            f"p cannot fall below {row['min_possible_p']:.3g}"
        )
    row["note"] = "; ".join(notes)
    return row


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
    rows = [
        _compare_measure(
            frame,
            m,
            by=by,
            pair=pair,
            unit=unit,
            n_resamples=n_resamples,
            seed=seed,
            confidence=confidence,
            ci_method=ci_method,
        )
        for m in _measures(scores, measures, level)
    ]
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
    pair = _groups(scores, by, groups)
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
    present = _present_in(scores, by)
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


def _word_counts(texts: Iterable[str]) -> Counter[str]:
    """Lower-cased word tokens with at least one letter; curly apostrophes made straight."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in normalise(text) if any(ch.isalpha() for ch in w))
    return counts


def distinguishing_words(
    texts_a: Iterable[str],
    texts_b: Iterable[str],
    *,
    prior_texts: Iterable[str] | None = None,
    alpha_0: float | None = None,
    min_count: int = 3,
    top: int | None = 20,
) -> pd.DataFrame:
    """Words that set texts ``a`` apart from texts ``b``: log-odds with an informative prior.

    Monroe, Colaresi & Quinn (2008) estimate for each word ``w``

        δ_w = log[(y_aw + α_w) / (n_a + α_0 − y_aw − α_w)]
              − log[(y_bw + α_w) / (n_b + α_0 − y_bw − α_w)]
        σ²_w ≈ 1 / (y_aw + α_w) + 1 / (y_bw + α_w),   z_w = δ_w / σ_w

    with ``y`` the word counts, ``n`` the total words of each side and the
    prior ``α_w = α_0 · π_w``, ``π_w`` the word's share of a background corpus.
    The prior shrinks rare words, whose raw log-odds are noise, and ``z`` weighs
    the difference by how much evidence there is for it.

    Args:
        texts_a, texts_b: the two groups of texts.
        prior_texts: the background corpus; default the texts compared
            themselves. Given, the texts compared are added to it so that every
            word has a prior.
        alpha_0: the prior's total weight. Default: the background corpus's
            word count, i.e. background counts used as pseudo-counts (as in
            Jurafsky et al. 2014); a smaller value shrinks less.
        min_count: leave out words seen fewer times than this in ``a`` and ``b``
            together (after estimating, so the prior is unchanged).
        top: keep the ``top`` words with the highest and the ``top`` with the
            lowest z; ``None`` keeps all.

    Returns:
        ``word``, ``count_a``, ``count_b``, ``log_odds`` (δ, a vs b: positive
        means more typical of a) and ``z``, sorted by z from most typical of a
        to most typical of b. Words are lower-cased word tokens of
        :func:`analysis.text.tokenize` that contain a letter (numbers and
        punctuation are dropped); there is no stopword list.

    >>> words = distinguishing_words(["the palms sway, the palms"], ["the envoy said, the envoy"],
    ...                              min_count=1, top=1)
    >>> words["word"].tolist()
    ['palms', 'envoy']
    """
    counts_a, counts_b = _word_counts(texts_a), _word_counts(texts_b)
    background = counts_a + counts_b
    if prior_texts is not None:
        background += _word_counts(prior_texts)
    vocabulary = sorted(counts_a.keys() | counts_b.keys())
    columns = ["word", "count_a", "count_b", "log_odds", "z"]
    if not vocabulary:
        return pd.DataFrame(columns=columns)
    y_a = np.array([counts_a[w] for w in vocabulary], dtype=float)
    y_b = np.array([counts_b[w] for w in vocabulary], dtype=float)
    n_background = sum(background.values())
    a0 = float(n_background) if alpha_0 is None else alpha_0
    alpha = a0 * np.array([background[w] for w in vocabulary], dtype=float) / n_background
    n_a, n_b = y_a.sum(), y_b.sum()
    delta = np.log((y_a + alpha) / (n_a + a0 - y_a - alpha)) - np.log(
        (y_b + alpha) / (n_b + a0 - y_b - alpha)
    )
    z = delta / np.sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))
    table = pd.DataFrame(
        {
            "word": vocabulary,
            "count_a": y_a.astype(int),
            "count_b": y_b.astype(int),
            "log_odds": delta,
            "z": z,
        }
    )
    table = table[table["count_a"] + table["count_b"] >= min_count]
    table = table.sort_values(["z", "word"], ascending=[False, True], ignore_index=True)
    if top is not None and len(table) > 2 * top:
        table = pd.concat([table.head(top), table.tail(top)], ignore_index=True)
    return table


def group_pairs(
    values: Iterable[object], groups: str | Sequence[str] = ""
) -> list[tuple[str, str]]:
    """The pairs of groups a notebook compares: the two named, or every pair present.

    Articles whose group is ``unknown`` (blank metadata) are left out unless
    ``groups`` names that group: a blank is not an outlet or a genre.

    Args:
        values: the group column (e.g. ``corpus["group"]``).
        groups: two groups as ``"A,B"`` or a pair; empty for every pair present,
            in sorted order.

    >>> group_pairs(["wire", "colour", "wire", "unknown"])
    [('colour', 'wire')]
    >>> group_pairs(["Fox", "NYT", "HuffPost"], "NYT,Fox")
    [('NYT', 'Fox')]
    """
    present = [str(v) for v in _present(values)]
    if groups:
        pair = [g.strip() for g in groups.split(",")] if isinstance(groups, str) else list(groups)
        if len(pair) != 2 or pair[0] == pair[1] or not set(pair) <= set(present):
            raise ValueError(
                f"groups must name two different groups among {present}, got {groups!r}"
            )
        return [(pair[0], pair[1])]
    labelled = [g for g in present if g != UNKNOWN]
    if len(labelled) < 2:
        raise ValueError(
            f"need at least two groups besides {UNKNOWN!r} to compare, found {present}"
        )
    return list(itertools.combinations(labelled, 2))


#: With more groups than this and none named, each group is compared with all the others.
MAX_PAIRWISE_GROUPS = 4
#: At most this many comparisons per run: the largest groups, each against the rest.
MAX_COMPARISONS = 6
#: Articles (or sentences) times resamples that one comparison cell may spend in all: about
#: two minutes on one core of the 2-core machine this suite was built on.
RESAMPLING_BUDGET = 250_000_000
#: The label of "every other group" in a one-against-the-rest comparison.
REST = "the rest"


@dataclass(frozen=True)
class ComparisonPlan:
    """Which pairs of groups a notebook compares, with how many resamples, and why."""

    pairs: list[tuple[str, str]]
    n_resamples: int
    note: str

    def frame(self, scores: pd.DataFrame, pair: tuple[str, str], by: str = "group") -> pd.DataFrame:
        """``scores`` ready for ``compare_groups(..., groups=pair)``: a one-against-the-rest
        pair relabels every other group as :data:`REST`."""
        if pair[1] != REST:
            return scores
        return scores.assign(**{by: scores[by].where(scores[by].astype(str) == pair[0], REST)})


def plan_comparisons(
    values: pd.Series, groups: str | Sequence[str] = "", *, n_resamples: int = 9999, rows: int = 0
) -> ComparisonPlan:
    """The comparisons to run on a corpus, within the cell's time, said in words.

    The pair named in ``groups``; else every pair when there are at most
    :data:`MAX_PAIRWISE_GROUPS` groups; else each of the :data:`MAX_COMPARISONS`
    largest groups against all the others. ``n_resamples`` is lowered (never below
    999) when the comparisons would resample more than :data:`RESAMPLING_BUDGET`
    values, so that a large corpus does not outrun the report's cell timeout.

    Args:
        values: the group column (one value per article).
        groups: two groups as ``"A,B"``, or empty.
        n_resamples: the resamples asked for.
        rows: the rows resampled per comparison (articles, or sentences); default
            the number of articles.

    >>> plan = plan_comparisons(pd.Series(list("aabbbcdde")))
    >>> plan.pairs[:2], plan.n_resamples
    ([('b', 'the rest'), ('a', 'the rest')], 9999)
    >>> plan.note.split(":")[0], plan.note.split("(")[1].split(")")[0]
    ('5 groups', '5 comparisons')
    """
    present = [str(v) for v in _present(values)]
    if groups or len(present) <= MAX_PAIRWISE_GROUPS:
        pairs = group_pairs(values, groups)
        note = (
            f"{len(present)} groups: every pair is compared ({len(pairs)} comparisons)."
            if len(pairs) > 1
            else f"{pairs[0][0]} is compared with {pairs[0][1]}."
        )
    else:
        counts = pd.Series(values).astype(str).value_counts()
        largest = sorted(counts.index, key=lambda g: (-counts[g], g))[:MAX_COMPARISONS]
        pairs = [(g, REST) for g in largest]
        every = len(present) * (len(present) - 1) // 2
        which = "each" if len(largest) == len(present) else f"each of the {len(largest)} largest"
        note = (
            f"{len(present)} groups: {which} is compared with all the others together "
            f"({len(pairs)} comparisons), since every pair would make {every}; name two with "
            "`--groups A,B` to compare them directly."
        )
    work = len(pairs) * max(rows, len(values))
    fitted = max(999, min(n_resamples, RESAMPLING_BUDGET // max(work, 1)))
    if fitted < n_resamples:
        note += (
            f" With {len(values):,} articles, {fitted:,} resamples instead of {n_resamples:,} "
            "keep the comparisons within the report's time (more barely change the intervals "
            "of a sample this large)."
        )
    return ComparisonPlan(pairs, fitted, note)


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


def effect_label(g: float) -> str:
    """Cohen's rough conventions for |g|: negligible, small (0.2), medium (0.5), large (0.8).

    >>> effect_label(-0.6), effect_label(4.9)
    ('medium', 'large')
    """
    size = abs(g)
    if size >= 0.8:
        return "large"
    return "medium" if size >= 0.5 else "small" if size >= 0.2 else "negligible"


def is_settled(row: pd.Series | tuple) -> bool:
    """A large effect that no other split of the articles beats.

    The permutation p-value must reach 0.05, or, when the articles are too few for
    that, the smallest value they allow (every article of one group above every
    article of the other, say).
    """
    if pd.isna(row.effect_size) or pd.isna(row.p_value):
        return False
    return abs(row.effect_size) >= 0.8 and row.p_value <= max(0.05, row.min_possible_p) + 1e-9


def describe_blocked(blocked: pd.DataFrame) -> str:
    """The answer within events, in words, from a ``compare_within_events`` table.

    One headline from the blocked result, then one line per measure saying how
    far blocking by event moved the difference from the plain one, then what
    the number of events cannot show.

    >>> table = pd.DataFrame({"measure": ["tone"], "group_a": ["wire"], "group_b": ["colour"],
    ...     "n_events": [1], "n_events_one_group": [1], "difference": [-0.2],
    ...     "unblocked_difference": [-0.3], "effect_size": [float("nan")], "p_value": [0.25],
    ...     "ci_low": [float("nan")], "ci_high": [float("nan")], "note": ["only 1 event"]})
    >>> describe_blocked(table).splitlines()[0][:45]
    '**Within events:** on the 1 event covered by '
    """
    rows = list(blocked.itertuples())
    if not rows or max(r.n_events for r in rows) == 0:
        return (
            "**Within events:** no event is covered by both groups, so the comparison cannot "
            "be made on the same stories; the plain comparison mixes story and genre."
        )
    k = max(r.n_events for r in rows)
    settled = [
        r
        for r in rows
        if pd.notna(r.effect_size) and abs(r.effect_size) >= 0.8 and r.p_value <= 0.05
    ]
    first = rows[0]
    head = (
        f"**Within events:** on the {k} event{'s' if k != 1 else ''} covered by both "
        f"{first.group_a} and {first.group_b}, "
        + (
            "; ".join(
                f"{r.group_a} scores {'higher' if r.difference > 0 else 'lower'} on "
                f"**{r.measure}** (d_z {r.effect_size:+.1f}, within-event permutation "
                f"p = {r.p_value:.2g})"
                for r in settled
            )
            if settled
            else "no measure differs by a large, settled margin"
        )
        + "."
    )
    lines = [head, ""]
    for r in rows:
        interval = (
            f", {r.ci_low:+.3f} to {r.ci_high:+.3f}" if pd.notna(r.ci_low) else ", no interval"
        )
        moved = r.difference - r.unblocked_difference
        lines.append(
            f"- **{r.measure}**: within events {r.group_a} minus {r.group_b} is "
            f"{r.difference:+.3f}{interval}; without blocking it was "
            f"{r.unblocked_difference:+.3f}, so blocking by event moved it by {moved:+.3f}."
        )
    notes = sorted({n for n in blocked["note"].dropna() if n})
    if notes:
        said = " ".join(f"{n[0].upper()}{n[1:]}." for n in notes)
        lines += ["", f"**What the events can show:** {said}"]
    return "\n".join(lines)


def describe_comparison(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    blocked: pd.DataFrame | None = None,
) -> str:
    """The answer in words, as Markdown, written from :func:`compare_groups` tables.

    With ``blocked`` (a :func:`~analysis.statistics.blocked.compare_within_events`
    table), the answer leads with the comparison within events
    (:func:`describe_blocked`) and the plain comparison follows as what the
    articles show when stories are mixed.

    A headline sorts the measures into three kinds: settled differences
    (:func:`is_settled`), large effects that the articles cannot yet settle (the
    permutation test could give a more extreme split), and small or negligible
    ones. One line per measure follows with its difference, interval, effect size
    and p-value, then the tables' notes on what the sample cannot show. Notebooks
    call this so that the prose stays true when the corpus changes.

    >>> table = compare_groups(pd.DataFrame({"group": list("aabb"), "tone": [1.0, 1.1, 0.0, 0.1]}),
    ...                        n_resamples=99)
    >>> describe_comparison(table).splitlines()[0][:54]
    '**In short:** a articles score higher than b on **tone'
    """

    def line(row: tuple, level: str) -> str:
        direction = "higher" if row.difference > 0 else "lower"
        g = row.effect_size
        return (
            f"- **{row.measure}** ({level}): {row.group_a} {direction} than {row.group_b} by "
            f"{row.difference:+.3f} ({row.confidence:.0%} bootstrap interval {row.ci_low:+.3f} to "
            f"{row.ci_high:+.3f}; Hedges' g {g:+.2f}, {effect_label(g)}; "
            f"permutation p = {row.p_value:.2f})."
        )

    shown = [r for r in articles.itertuples() if pd.notna(r.effect_size)]
    settled = [r for r in shown if is_settled(r)]
    headline = "; ".join(
        f"{r.group_a} articles score {'higher' if r.difference > 0 else 'lower'} than {r.group_b} "
        f"on **{r.measure}** by a large margin (Hedges' g {r.effect_size:+.1f}; permutation "
        f"p = {r.p_value:.2g}, the smallest these {r.n_a} and {r.n_b} articles allow is "
        f"{r.min_possible_p:.2g})"
        for r in settled
    )
    large = [r for r in shown if not is_settled(r) and effect_label(r.effect_size) == "large"]
    unsettled = "; ".join(
        f"{r.group_a} {'higher' if r.difference > 0 else 'lower'} on **{r.measure}** "
        f"(g {r.effect_size:+.1f}, p = {r.p_value:.2g})"
        for r in large
    )
    small = sorted({r.measure for r in shown} - {r.measure for r in settled + large})
    parts = [
        "**In short:** "
        + (headline or "no measure differs by a large margin that the articles settle")
        + ". "
        + (
            f"Large but not settled, since other splits of the articles give differences as "
            f"extreme: {unsettled}. "
            if large
            else ""
        )
        + (f"Small or negligible: {', '.join(small)}. " if small else "")
        + "These describe this corpus, not genres in general.",
        "",
        *(line(r, "articles") for r in shown),
    ]
    if sentences is not None:
        parts += [
            line(r, "sentences, resampled by article")
            for r in sentences.itertuples()
            if pd.notna(r.effect_size)
        ]
    notes = sorted({n for n in articles["note"].dropna() if n})
    if notes:
        parts += ["", "**Read with care:** " + " ".join(f"{n[0].upper()}{n[1:]}." for n in notes)]
    if blocked is not None:
        parts = [describe_blocked(blocked), "", "**All articles, stories mixed:**", "", *parts]
    return "\n".join(parts)
