"""A comparison's answer in words, as Markdown, written from the tables so it stays true.

Notebooks call these instead of assembling prose, so that the words follow the
corpus. What counts as an established difference is defined once
(:func:`established`), sizes are named once (:func:`effect_label`), and p-values
and measures are written once (:func:`format_p`, :func:`~analysis.measures.registry.readable`).
A reader of journalism research meets the effect size as "a medium difference"
with the statistic in brackets, measures by their names in words, and every
difference as "higher" or "lower" by a positive amount.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.corpus import UNKNOWN
from analysis.measures.registry import readable
from analysis.statistics.compare import min_possible_p
from analysis.statistics.plan import ComparisonPlan

#: The p-value, adjusted for the comparisons an answer makes (Holm), below which a
#: difference counts as established.
ALPHA = 0.05
_NUMBERS = dict(enumerate(["no", "one", "two", "three", "four", "five", "six", "seven"]))
#: A group with fewer articles than this is named as small in the sentence that uses it.
FEW_ARTICLES = 10


def effect_label(g: float) -> str:
    """Cohen's rough conventions for |g|: negligible, small (0.2), medium (0.5), large (0.8).

    >>> effect_label(-0.6), effect_label(4.9)
    ('medium', 'large')
    """
    size = abs(g)
    if size >= 0.8:
        return "large"
    return "medium" if size >= 0.5 else "small" if size >= 0.2 else "negligible"


def format_p(p: float) -> str:
    """A p-value as a reader sees it: never 0.00, below 0.001 said as such.

    >>> format_p(0.00012), format_p(0.0029), format_p(0.25), format_p(float("nan"))
    ('p < 0.001', 'p = 0.0029', 'p = 0.25', 'no p-value')
    """
    if p is None or math.isnan(p):
        return "no p-value"
    return "p < 0.001" if p < 0.001 else f"p = {p:.2g}"


def holm(p_values: pd.Series) -> pd.Series:
    """Holm's step-down adjustment of a family of p-values (missing ones left out).

    >>> holm(pd.Series([0.01, 0.04, 0.03])).round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    known = p_values.dropna().sort_values(kind="stable")
    m = len(known)
    stepped = np.maximum.accumulate((known.to_numpy() * (m - np.arange(m))).clip(max=1.0))
    return pd.Series(stepped, index=known.index).reindex(p_values.index)


def established(table: pd.DataFrame) -> pd.Series:
    """Which rows of a comparison table the statistics establish, as one family.

    A row is established when its permutation p-value, adjusted with :func:`holm` for
    every comparison in ``table``, is below :data:`ALPHA`, and its bootstrap interval
    (when it has one) leaves out zero. Too few articles can make this impossible
    (three against two allow no p below 0.1): such a row is never established, and
    :func:`describe_comparison` says how clear the articles could make it.
    """
    adjusted = holm(table["p_value"])
    clear = adjusted < ALPHA
    if {"ci_low", "ci_high"} <= set(table.columns):
        crosses = (table["ci_low"] <= 0) & (table["ci_high"] >= 0)
        clear &= ~crosses.fillna(False)
    return clear.fillna(False) & table["effect_size"].notna()


def _few(r: tuple) -> str:
    """ ", though X has only 4 articles" for groups of a handful; empty otherwise."""
    small = [(g, n) for g, n in ((r.group_a, r.n_a), (r.group_b, r.n_b)) if n < FEW_ARTICLES]
    if not small:
        return ""
    said = " and ".join(f"{n:,} {g}" for g, n in small)
    return f", on only {said} article{'s' if small[-1][1] != 1 else ''}"


def _by(r: tuple, *, named: bool = True, interval: bool = True) -> str:
    """ "higher than B on M by 4.5 (95% interval 2.6 to 6.5)": the gap always positive."""
    gap = r.difference
    named_ = f" on **{readable(r.measure)}**" if named else ""
    said = f"{'higher' if gap > 0 else 'lower'} than {r.group_b}{named_} by {abs(gap):.3g}"
    return f"{said} ({_interval(r)})" if interval and _interval(r) else said


def _interval(r: tuple) -> str:
    """ "95% interval 2.6 to 6.5", turned round with the gap when a is lower than b."""
    low, high = (r.ci_low, r.ci_high) if r.difference >= 0 else (-r.ci_high, -r.ci_low)
    if pd.isna(low):
        return ""
    # + 0.0 turns the -0.0 of a bound turned round into 0, so no interval reads "-0 to".
    return f"{getattr(r, 'confidence', 0.95):.0%} interval {low + 0.0:.3g} to {high + 0.0:.3g}"


def _size(g: float) -> str:
    """ "a medium difference (0.66 standard deviations, Hedges' g)"."""
    return f"a {effect_label(g)} difference ({abs(g):.2f} standard deviations, Hedges' g)"


def describe_comparison(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    blocked: pd.DataFrame | None = None,
) -> str:
    """The answer in words, as Markdown, written from :func:`compare_groups` tables.

    ``articles`` may hold several pairs of groups (:func:`compare_pairs`); the
    answer covers every row, as one family of comparisons. Its first paragraph
    says, largest first, every difference the statistics establish
    (:func:`established`), each with its size in words; then, separately, the
    large differences the articles cannot establish; then the measures on which
    no pair differs clearly. A group of fewer than :data:`FEW_ARTICLES` articles
    is named as such in the sentence that rests on it. One line per measure and
    pair follows, then the tables' notes. With ``blocked`` (a
    :func:`~analysis.statistics.blocked.compare_within_events` table), the answer
    leads with the comparison within events (:func:`describe_blocked`).

    >>> from analysis.statistics.compare import compare_groups
    >>> table = compare_groups(pd.DataFrame({"group": list("aabb"), "tone": [1.0, 1.1, 0.0, 0.1]}),
    ...                        n_resamples=99)
    >>> answer = describe_comparison(table).splitlines()[0]
    >>> answer[:58]
    '**In short:** no difference is established by these articl'
    >>> answer[answer.index("Large"):].split(" (")[0]
    'Large but not established: a higher than b on **tone** by 1'

    """
    shown = articles[articles["effect_size"].notna()].copy()
    shown["established"] = established(shown)
    shown["adjusted_p"] = holm(shown["p_value"])
    shown = shown.iloc[(-shown["effect_size"].abs()).argsort(kind="stable")]
    sure = [r for r in shown.itertuples() if r.established]
    large = [r for r in shown.itertuples() if not r.established and abs(r.effect_size) >= 0.8]
    by_measure = shown.iloc[
        shown["measure"]
        .map({m: i for i, m in enumerate(dict.fromkeys(articles["measure"]))})
        .argsort(kind="stable")
    ]
    n = len(shown)
    count = _NUMBERS.get(len(sure), f"{len(sure):,}")
    head = "**In short:** " + (
        f"the articles establish {count} difference{'s' if len(sure) != 1 else ''}"
        + (", largest first: " if len(sure) > 1 else ": ")
        + "; ".join(
            f"{r.group_a} articles score {_by(r)}: {_size(r.effect_size)}; "
            f"{format_p(r.p_value)}{_few(r)}"
            for r in sure
        )
        + ". "
        if sure
        else "no difference is established by these articles. "
    )
    if large:
        head += (
            "Large but not established: "
            + "; ".join(
                f"{r.group_a} {_by(r, interval=False)} ({_interval(r)}; "
                f"{abs(r.effect_size):.1f} standard deviations; {format_p(r.p_value)}{_few(r)}"
                + (
                    f"; the smallest p-value {r.n_a:,} and {r.n_b:,} articles allow is "
                    f"{r.min_possible_p:.2g}"
                    if getattr(r, "min_possible_p", 0) > ALPHA
                    else ""
                )
                + ")"
                for r in large
            )
            + ". "
        )
    hint = [
        r
        for r in shown.itertuples()
        if not r.established and abs(r.effect_size) < 0.8 and r.p_value < ALPHA
    ]
    if hint:
        head += (
            f"Below {ALPHA} only before the adjustment for many comparisons, so not established: "
            + "; ".join(
                f"{r.group_a} {_by(r, interval=False)} ({_interval(r)}; "
                f"{effect_label(r.effect_size)}, {format_p(r.p_value)}{_few(r)})"
                for r in hint
            )
            + ". "
        )
    quiet = [
        readable(m)
        for m in dict.fromkeys(articles["measure"])
        if m not in {r.measure for r in sure + large + hint}
    ]
    if quiet:
        head += f"No {'pair differs' if _pairs(articles) > 1 else 'clear difference'} on: "
        head += ", ".join(quiet) + ". "
    head += (
        f"A difference counts as established when its permutation p-value, adjusted for the "
        f"{n} comparison{'s' if n != 1 else ''} made here (Holm), is below {ALPHA} and its "
        "interval leaves out zero. These describe this corpus, not its groups in general."
    )
    parts = [head, "", *(_line(r, "articles") for r in by_measure.itertuples())]
    if sentences is not None:
        parts += [
            _line(r, "sentences, resampled by article")
            for r in sentences.itertuples()
            if pd.notna(r.effect_size)
        ]
    notes = sorted({n for n in articles["note"].dropna() if n})
    if notes:
        parts += ["", "**Read with care:** " + " ".join(f"{n[0].upper()}{n[1:]}." for n in notes)]
    if blocked is not None:
        parts = [describe_blocked(blocked), "", "**All articles, stories mixed:**", "", *parts]
    return "\n".join(parts)


def _pairs(table: pd.DataFrame) -> int:
    return len(table[["group_a", "group_b"]].drop_duplicates())


def _line(r: tuple, level: str) -> str:
    """One measure and pair in detail."""
    verdict = "established" if getattr(r, "established", False) else "not established"
    return (
        f"- **{readable(r.measure)}**, {r.group_a} against {r.group_b} ({level}): "
        f"{r.group_a} {_by(r, named=False)}; "
        f"{_size(r.effect_size)}; permutation {format_p(r.p_value)}"
        + (f"; {verdict}" if level == "articles" else "")
        + f"{_few(r)}."
    )


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
    sure = blocked[established(blocked)]
    sure = sure.iloc[(-sure["effect_size"].abs()).argsort(kind="stable")]
    pairs = blocked[["group_a", "group_b"]].drop_duplicates().itertuples(index=False)
    head = (
        f"**Within events:** on the {k} event{'s' if k != 1 else ''} covered by both groups "
        f"({'; '.join(f'{a} and {b}' for a, b in pairs)}), "
        + (
            "; ".join(
                f"{r.group_a} scores {'higher' if r.difference > 0 else 'lower'} than "
                f"{r.group_b} on **{readable(r.measure)}**: a {effect_label(r.effect_size)} "
                f"difference ({abs(r.effect_size):.1f} standard deviations of the per-event "
                f"differences, d_z; within-event permutation {format_p(r.p_value)})"
                for r in sure.itertuples()
            )
            if len(sure)
            else "no difference is established"
        )
        + "."
    )
    lines = [head, ""]
    for r in rows:
        gap, low, high = r.difference, r.ci_low, r.ci_high
        word = "higher" if gap > 0 else "lower"
        if gap < 0:
            gap, low, high = -gap, -high, -low
        interval = f" (interval {low:.3g} to {high:.3g})" if pd.notna(low) else ", no interval"
        before = r.unblocked_difference
        lines.append(
            f"- **{readable(r.measure)}**, {r.group_a} against {r.group_b}: within events "
            f"{r.group_a} is {word} by {gap:.3g}{interval}; without blocking "
            f"{'higher' if before > 0 else 'lower'} by {abs(before):.3g}, so blocking by event "
            f"moved the difference by {r.difference - before:+.3g}."
        )
    notes = sorted({n for n in blocked["note"].dropna() if n})
    if notes:
        said = " ".join(f"{n[0].upper()}{n[1:]}." for n in notes)
        lines += ["", f"**What the events can show:** {said}"]
    return "\n".join(lines)


def pair_to_show(table: pd.DataFrame) -> tuple[str, str]:
    """The pair of groups a figure that shows one pair should show: in a table of comparisons
    within events, the pair most events cover (a difference on two events is no guide), then
    the one with the largest difference (absolute effect size); the first pair when none has
    an effect size.

    >>> pair_to_show(pd.DataFrame({"group_a": ["a", "a"], "group_b": ["b", "c"],
    ...                            "effect_size": [0.2, -0.9]}))
    ('a', 'c')
    >>> pair_to_show(pd.DataFrame({"group_a": ["a", "a"], "group_b": ["b", "c"],
    ...                            "effect_size": [0.2, -0.9], "n_events": [40, 2]}))
    ('a', 'b')
    """
    if not table["effect_size"].notna().any():
        row = table.iloc[0]
    else:
        events = table["n_events"] if "n_events" in table else pd.Series(0, index=table.index)
        order = pd.DataFrame({"events": events, "size": table["effect_size"].abs().fillna(-1)})
        row = table.loc[
            order.sort_values(["events", "size"], ascending=False, kind="stable").index[0]
        ]
    return row["group_a"], row["group_b"]


def describe_plan(
    plan: ComparisonPlan,
    values: pd.Series,
    *,
    group_by: str = "group",
    escape: Callable[[object], str] = str,
) -> str:
    """The comparisons a notebook makes, in words: the plan's note, then each pair's numbers
    of articles and the smallest p-value they allow, then the articles left out.

    ``escape`` makes the group names safe for Markdown (:func:`~analysis.views.escape.
    escape_markdown`).

    >>> from analysis.statistics.plan import plan_comparisons
    >>> groups = pd.Series(["wire"] * 3 + ["colour"] * 2)
    >>> print(describe_plan(plan_comparisons(groups), groups).splitlines()[1])
    - colour vs wire: 2 against 3 articles, so the smallest possible p-value is 0.1.
    """
    note = plan.note
    if len(plan.pairs) == 1:  # the note names the pair: corpus values, escaped like the rest
        a, b = plan.pairs[0]
        note = note.replace(
            f"{a} is compared with {b}.", f"{escape(a)} is compared with {escape(b)}."
        )
    lines = [note]
    for a, b in plan.pairs:
        in_pair = plan.frame(pd.DataFrame({"group": values}), (a, b))["group"]
        n_a, n_b = int((in_pair == a).sum()), int((in_pair == b).sum())
        lines.append(
            f"- {escape(a)} vs {escape(b)}: {n_a:,} against {n_b:,} articles, so the smallest "
            f"possible p-value is {min_possible_p(n_a, n_b, plan.n_resamples):.2g}."
            + (
                " A group of one article has no spread: the means are compared, but there is "
                "no effect size, interval or test."
                if min(n_a, n_b) < 2
                else ""
            )
        )
    named = {g for pair in plan.pairs for g in pair}
    left_out = int((values == UNKNOWN).sum()) if UNKNOWN not in named else 0
    if left_out:
        lines.append(
            f"\n{left_out:,} articles whose {escape(group_by)} is *{UNKNOWN}* are left out; "
            "name the group in `groups` to compare it."
        )
    return "\n".join(lines)
