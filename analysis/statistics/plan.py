"""The plan of pairs: which groups a notebook compares, and with how many resamples.

A corpus with many groups cannot compare every pair within a cell's time, and a
blank group (``unknown``) is not an outlet or a genre: this module decides, and
says what it decided in words.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.corpus import UNKNOWN


def present_groups(values: Iterable[object]) -> list:
    """The distinct groups of a column, missing values left out, sorted as text."""
    return sorted(pd.Series(list(values)).dropna().unique().tolist(), key=str)


def groups_in(scores: pd.DataFrame, by: str) -> list:
    """The groups present in column ``by`` of ``scores`` (see :func:`present_groups`)."""
    if by not in scores.columns:
        raise ValueError(f"no column {by!r} to group by; columns are {list(scores.columns)}")
    return present_groups(scores[by])


def two_groups(scores: pd.DataFrame, by: str, groups: tuple[str, str] | None) -> tuple[str, str]:
    """The two groups of column ``by`` to compare: those named, or the only two present."""
    present = groups_in(scores, by)
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
    present = [str(v) for v in present_groups(values)]
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
    """Which pairs of groups a notebook compares, with how many resamples, and why
    (``note``: plain words naming the groups as they are in the corpus; notebooks show it
    through :func:`~analysis.statistics.describe.describe_plan`, which escapes them)."""

    pairs: list[tuple[str, str]]
    n_resamples: int
    note: str

    def frame(self, scores: pd.DataFrame, pair: tuple[str, str], by: str = "group") -> pd.DataFrame:
        """``scores`` ready for ``compare_groups(..., groups=pair)``: a one-against-the-rest
        pair relabels every other group but the blank one as :data:`REST`."""
        if pair[1] != REST:
            return scores
        kept = scores[by].astype(str).isin([pair[0], UNKNOWN])
        return scores.assign(**{by: scores[by].where(kept, REST)})


def plan_comparisons(
    values: pd.Series, groups: str | Sequence[str] = "", *, n_resamples: int = 9999, rows: int = 0
) -> ComparisonPlan:
    """The comparisons to run on a corpus, within the cell's time, said in words.

    The pair named in ``groups``; else every pair when there are at most
    :data:`MAX_PAIRWISE_GROUPS` groups; else each of the :data:`MAX_COMPARISONS`
    largest groups against all the others. ``n_resamples`` is lowered (never below
    999) when the comparisons would resample more than :data:`RESAMPLING_BUDGET`
    values, so that a large corpus does not outrun the report's cell timeout. The blank
    group (``unknown``) is not counted, compared or part of "the rest" unless named.

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
    present = [str(v) for v in present_groups(values) if str(v) != UNKNOWN]
    if groups or len(present) <= MAX_PAIRWISE_GROUPS:
        pairs = group_pairs(values, groups)
        note = (
            f"{len(present)} groups: every pair is compared ({len(pairs)} comparisons)."
            if len(pairs) > 1
            else f"{pairs[0][0]} is compared with {pairs[0][1]}."
        )
    else:
        counts = pd.Series(values).astype(str).value_counts().drop(UNKNOWN, errors="ignore")
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
