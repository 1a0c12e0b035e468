"""Figures for the notebooks: group comparisons, article profiles, text reuse, words.

Every function returns a :class:`matplotlib.figure.Figure` built without
``pyplot``, so nothing is shown or kept in pyplot's global state (a notebook
displays the returned figure; a script saves it with
:func:`analysis.report.outputs.save_figure`), and
any backend, Agg included, works. Colours are the Okabe-Ito palette, which
stays distinguishable with the common colour-vision deficiencies. Every title
says what is shown and on what data: pass ``data_label``, e.g. ``"seed corpus,
5 articles"``.

Labels come from the corpus (group names, doc_ids, titles), so importing this
module turns matplotlib's mathtext off (``text.parse_math``): ``cost $5 to $10``
or an outlet ``$x_$ paper`` is shown as written instead of as maths, or an error.
Every notebook imports it before drawing; pass ``parse_math=True`` to a text of
your own to typeset it.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.views.palette import OKABE_ITO

matplotlib.rcParams["text.parse_math"] = False  # labels from data are shown literally

_CYCLE = tuple(OKABE_ITO.values())
#: A sequential colour map that is readable in grey and with colour-vision deficiencies.
SEQUENTIAL = "cividis"


def group_colours(groups: Sequence[object]) -> dict[object, str]:
    """A colour for each group, in sorted order, so a group keeps its colour across figures.

    >>> group_colours(["wire", "colour"])
    {'colour': '#0072B2', 'wire': '#D55E00'}
    """
    ordered = sorted(set(groups), key=str)
    return {g: _CYCLE[i % len(_CYCLE)] for i, g in enumerate(ordered)}


def _title(what: str, data_label: str) -> str:
    return f"{what}\n({data_label})" if data_label else what


def plot_group_comparison(comparison: pd.DataFrame, *, data_label: str = "") -> Figure:
    """Each measure's difference in means with its bootstrap interval, one panel per measure.

    Measures have different scales (tone runs from -1 to 1, cue rates per
    1,000 words into the tens), so each panel has its own axis; the dashed line
    is no difference. Each panel is annotated with the group means, Hedges' g,
    the p-value and the numbers of articles; the table's notes go under the
    figure, each naming the measures it concerns.

    Args:
        comparison: output of :func:`analysis.statistics.compare.compare_groups` (one pair).
        data_label: what data this is, e.g. ``"seed corpus, 5 articles"``.

    >>> table = pd.DataFrame({"measure": ["tone"], "level": ["article"], "group_a": ["wire"],
    ...     "group_b": ["colour"], "n_a": [3], "n_b": [2], "mean_wire": [0.1],
    ...     "mean_colour": [0.5], "difference": [-0.4], "effect_size": [-2.0],
    ...     "ci_low": [-0.6], "ci_high": [-0.2], "confidence": [0.95], "p_value": [0.1]})
    >>> plot_group_comparison(table, data_label="toy data").axes[0].get_xlabel()
    'wire − colour'
    """
    pairs = comparison[["group_a", "group_b"]].drop_duplicates()
    if len(pairs) != 1:
        raise ValueError("plot one pair of groups at a time; filter the table by group_a/group_b")
    a, b = pairs.iloc[0]
    mean_a = comparison.get(f"mean_{a}", comparison.get("mean_a"))
    mean_b = comparison.get(f"mean_{b}", comparison.get("mean_b"))
    level = comparison["level"].iloc[0] if "level" in comparison else "article"
    confidence = comparison["confidence"].iloc[0] if "confidence" in comparison else 0.95
    fig = Figure(figsize=(7.5, 1.0 + 1.1 * len(comparison)), layout="constrained")
    axes = fig.subplots(len(comparison), 1, squeeze=False)[:, 0]
    for ax, (i, row) in zip(axes, comparison.iterrows(), strict=True):
        low, high = row["ci_low"], row["ci_high"]
        ax.axvline(0, color="grey", linestyle="--", linewidth=1)
        if not (math.isnan(low) or math.isnan(high)):
            ax.errorbar(
                row["difference"],
                0,
                xerr=[[row["difference"] - low], [high - row["difference"]]],
                fmt="o",
                color=OKABE_ITO["blue"],
                capsize=4,
            )
        else:
            ax.plot(row["difference"], 0, "o", color=OKABE_ITO["blue"])
        ax.set_yticks([0], [row["measure"]])
        ax.set_xlabel(f"{a} − {b}", fontsize="small")
        g = "n/a" if pd.isna(row["effect_size"]) else f"{row['effect_size']:.2f}"
        p = "n/a" if pd.isna(row["p_value"]) else f"{row['p_value']:.3g}"
        ax.text(
            1.02,
            0.5,
            f"{a} {mean_a[i]:.3g} vs {b} {mean_b[i]:.3g}\n"
            f"g = {g}, p = {p}\n"
            f"n = {row['n_a']} vs {row['n_b']} articles",
            transform=ax.transAxes,
            va="center",
            fontsize="small",
        )
    fig.suptitle(
        _title(
            f"Difference in mean per {level} ({a} − {b}) with {confidence:.0%} bootstrap interval",
            data_label,
        )
    )
    notes = _notes(comparison) if "note" in comparison else ""
    if notes:
        wrapped = "\n".join(textwrap.fill(line, 110) for line in notes.splitlines())
        fig.supxlabel(wrapped, fontsize="small", ha="left", x=0.02)
    return fig


def _notes(comparison: pd.DataFrame) -> str:
    """The table's notes, each once, with the measures it concerns unless it concerns all."""
    measures: dict[str, list[str]] = {}
    for measure, note in zip(comparison["measure"], comparison["note"], strict=True):
        for part in str(note).split("; ") if isinstance(note, str) else []:
            if part:
                measures.setdefault(part, []).append(measure)
    lines = [
        part if len(which) == len(comparison) else f"{', '.join(which)}: {part}"
        for part, which in measures.items()
    ]
    return "\n".join(lines)


def plot_article_profiles(
    scores: pd.DataFrame,
    *,
    by: str = "group",
    measures: Sequence[str],
    id_column: str = "doc_id",
    data_label: str = "",
) -> Figure:
    """Each article's value on each measure: a dot plot per measure, articles coloured by group.

    Args:
        scores: one row per article with ``id_column``, ``by`` and the measures.
        by: the group column (colours the dots).
        measures: the columns to show, one panel each.
        id_column: the article label.
        data_label: what data this is.

    >>> df = pd.DataFrame({"doc_id": ["1", "2"], "group": ["wire", "colour"], "tone": [0.1, 0.4]})
    >>> plot_article_profiles(df, measures=["tone"]).axes[0].get_xlabel()
    'tone'
    """
    ordered = scores.sort_values([by, id_column], key=lambda s: s.astype(str))
    colours = group_colours(ordered[by].tolist())
    labels = ordered[id_column].astype(str).tolist()
    fig = Figure(
        figsize=(2.6 * len(measures) + 1.2, 0.9 + 0.3 * len(ordered)), layout="constrained"
    )
    axes = fig.subplots(1, len(measures), sharey=True, squeeze=False)[0]
    positions = np.arange(len(ordered))
    for ax, measure in zip(axes, measures, strict=True):
        ax.scatter(ordered[measure], positions, c=[colours[g] for g in ordered[by]], zorder=3)
        ax.set_xlabel(measure)
        ax.grid(axis="y", color="0.9")
    axes[0].set_yticks(positions, labels)
    axes[0].set_ylabel("article")
    axes[0].invert_yaxis()
    handles = [
        axes[0].scatter([], [], color=colour, label=str(group)) for group, colour in colours.items()
    ]
    fig.legend(handles=handles, title=by, loc="outside right upper")
    fig.suptitle(_title("Article profiles: each article's score on each measure", data_label))
    return fig


def plot_item_profile(
    scores: pd.DataFrame,
    *,
    items: Sequence[str] | None = None,
    id_column: str = "doc_id",
    data_label: str = "",
) -> Figure:
    """Each article's human-interest item counts (Semetko & Valkenburg), as an annotated grid.

    Args:
        scores: ``score_texts`` output with ``id_column`` and ``hi_<item>`` columns.
        items: the item ids (without ``hi_``); default every ``hi_`` column.
        id_column: the article label.
        data_label: what data this is.

    >>> df = pd.DataFrame({"doc_id": ["1", "2"], "hi_face": [2, 0], "hi_emotion": [1, 3]})
    >>> [t.get_text() for t in plot_item_profile(df).axes[0].get_xticklabels()]
    ['face', 'emotion']
    """
    if items is None:
        items = [c.removeprefix("hi_") for c in scores.columns if c.startswith("hi_")]
    if not items:
        raise ValueError("no human-interest item columns (hi_<item>) in the frame")
    counts = scores[[f"hi_{item}" for item in items]].to_numpy(dtype=float)
    labels = scores[id_column].astype(str).tolist()
    fig = Figure(figsize=(1.0 + 0.9 * len(items), 1.2 + 0.4 * len(labels)), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(counts, cmap=SEQUENTIAL, aspect="auto")
    _annotate(ax, counts, "{:.0f}")
    ax.set_xticks(range(len(items)), items, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("human-interest item")
    ax.set_ylabel("article")
    fig.colorbar(image, ax=ax, label="cues found")
    fig.suptitle(_title("Human-interest items: cues found per article", data_label))
    return fig


def _annotate(ax: Axes, values: np.ndarray, template: str) -> None:
    """Write each cell's value on a heatmap, dark on light cells and light on dark."""
    finite = values[np.isfinite(values)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0
    for (row, col), value in np.ndenumerate(values):
        if np.isfinite(value):
            colour = "black" if value > middle else "white"
            ax.text(col, row, template.format(value), ha="center", va="center", color=colour)


def plot_reuse_matrix(reuse: pd.DataFrame, *, data_label: str = "") -> Figure:
    """Heatmap of text reuse: the share of the row article's sentences found in the column article.

    Args:
        reuse: output of :func:`analysis.statistics.reuse.text_reuse`.
        data_label: what data this is.

    >>> reuse = pd.DataFrame({"doc_a": ["1", "2"], "doc_b": ["2", "1"], "share": [0.5, 0.25]})
    >>> plot_reuse_matrix(reuse).axes[0].get_ylabel()
    'article A'
    """
    order = list(dict.fromkeys([*reuse["doc_a"], *reuse["doc_b"]]))
    matrix = reuse.pivot(index="doc_a", columns="doc_b", values="share")
    values = matrix.reindex(index=order, columns=order).to_numpy(dtype=float)
    labels = [str(d) for d in order]
    size = 2.0 + 0.6 * len(order)
    fig = Figure(figsize=(size + 1.2, size), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(values, cmap=SEQUENTIAL, vmin=0, vmax=1)
    _annotate(ax, values, "{:.2f}")
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("article B")
    ax.set_ylabel("article A")
    fig.colorbar(image, ax=ax, label="share of A's sentences found in B")
    fig.suptitle(_title("Text reuse: share of A's sentences that appear in B", data_label))
    return fig


def plot_distinguishing_words(
    words: pd.DataFrame,
    *,
    label_a: str = "a",
    label_b: str = "b",
    top: int = 15,
    data_label: str = "",
) -> Figure:
    """The words most typical of each side, by z-score of the log-odds ratio.

    Args:
        words: output of :func:`analysis.statistics.compare.distinguishing_words`.
        label_a: the name of side a (positive z), e.g. ``"wire"``.
        label_b: the name of side b (negative z).
        top: words shown per side.
        data_label: what data this is.

    >>> words = pd.DataFrame({"word": ["said", "palms"], "count_a": [9, 0],
    ...                       "count_b": [2, 5], "log_odds": [1.0, -1.2], "z": [2.5, -2.1]})
    >>> plot_distinguishing_words(words, label_a="wire", label_b="colour").axes[0].get_xlabel()
    'z-score of log-odds (> 0: more wire, < 0: more colour)'
    """
    ranked = words.sort_values("z", ascending=False)
    shown = pd.concat([ranked[ranked["z"] > 0].head(top), ranked[ranked["z"] < 0].tail(top)])
    shown = shown.iloc[::-1]  # barh draws bottom-up: put the most typical of a on top
    colours = [OKABE_ITO["blue"] if z > 0 else OKABE_ITO["vermillion"] for z in shown["z"]]
    fig = Figure(figsize=(6.5, 1.2 + 0.25 * len(shown)), layout="constrained")
    ax = fig.subplots()
    positions = np.arange(len(shown))
    ax.barh(positions, shown["z"], color=colours)
    ax.set_yticks(positions, shown["word"].tolist())
    ax.axvline(0, color="grey", linewidth=1)
    ax.set_xlabel(f"z-score of log-odds (> 0: more {label_a}, < 0: more {label_b})")
    ax.set_ylabel("word")
    fig.suptitle(
        _title(f"Words that distinguish {label_a} from {label_b} (Monroe et al. 2008)", data_label)
    )
    return fig


#: The most events drawn as lines in :func:`plot_event_lines`; the figure's size never grows.
MAX_EVENT_LINES = 40


def plot_event_lines(
    scores: pd.DataFrame,
    *,
    pair: tuple[str, str],
    measures: Sequence[str],
    by: str = "group",
    block: str = "event",
    max_events: int = MAX_EVENT_LINES,
    data_label: str = "",
) -> Figure:
    """One line per event joining its mean in one group to its mean in the other.

    Only events covered by both groups are drawn; a line that slopes the same
    way in most events is a difference that holds on the same stories. The thick
    line joins the means of the event means. With more than ``max_events``
    events, the largest are drawn and the title says how many were left out, so
    the figure's size stays fixed whatever the corpus.

    >>> df = pd.DataFrame({"group": ["wire", "colour"] * 2, "event": list("aabb"),
    ...                    "tone": [0.1, 0.3, 0.0, 0.4]})
    >>> fig = plot_event_lines(df, pair=("wire", "colour"), measures=["tone"])
    >>> len(fig.axes[0].lines)
    3
    """
    frame = scores[scores[by].isin(pair) & scores[block].notna()]
    sizes = frame.groupby(block).size()
    covered = frame.groupby(block)[by].nunique()
    both = sizes[covered[covered == 2].index].sort_values(ascending=False, kind="stable")
    shown = both.index[:max_events]
    fig = Figure(figsize=(2.8 * len(measures) + 0.8, 4.2), layout="constrained")
    axes = fig.subplots(1, len(measures), squeeze=False)[0]
    for ax, measure in zip(axes, measures, strict=True):
        means = (
            frame[frame[block].isin(shown)]
            .groupby([block, by])[measure]
            .mean()
            .unstack(by)
            .reindex(columns=list(pair))
        )
        for _, row in means.iterrows():
            ax.plot([0, 1], row.to_numpy(), color="0.6", alpha=0.7, marker="o", markersize=3)
        if len(means):
            ax.plot([0, 1], means.mean().to_numpy(), color="black", linewidth=2.5, marker="o")
        ax.set_xticks([0, 1], [str(g) for g in pair])
        ax.set_xlim(-0.3, 1.3)
        ax.set_xlabel(by)
        ax.set_ylabel(f"{measure} (event mean)")
    left_out = len(both) - len(shown)
    what = f"Within events: {len(shown)} event(s) covered by both groups, one line each"
    if left_out:
        what += f" ({left_out} smaller events not drawn)"
    if not len(both):
        what = "Within events: no event is covered by both groups"
    fig.suptitle(_title(what, data_label))
    return fig
