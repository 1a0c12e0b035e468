"""A comparison's answer in words, as Markdown, written from the tables so it stays true.

Notebooks call these instead of assembling prose, so that the words follow the
corpus: what counts as a settled difference is defined once (:func:`is_settled`).
"""

from __future__ import annotations

import pandas as pd


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
    article of the other, say). A row of a within-events table (no ``min_possible_p``)
    must reach 0.05.
    """
    if pd.isna(row.effect_size) or pd.isna(row.p_value):
        return False
    floor = getattr(row, "min_possible_p", 0.0)
    return abs(row.effect_size) >= 0.8 and row.p_value <= max(0.05, floor) + 1e-9


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
    settled = [r for r in rows if is_settled(r)]
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

    >>> from analysis.statistics.compare import compare_groups
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
