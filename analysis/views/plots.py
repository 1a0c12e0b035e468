"""Figures for the notebooks: group comparisons, article profiles, text reuse, words.

No figure grows with the corpus: up to :data:`MAX_LABELLED` articles a figure
shows each article by name; above that it shows distributions by group (box
plots with the articles as points, or group means), so a figure of 10,000
articles is as large and as legible as one of 300. Sizes grow only with the
number of measures, categories or groups (groups beyond :data:`MAX_GROUPS`,
the smallest, are pooled as "other").

Every function returns a :class:`matplotlib.figure.Figure` built without
``pyplot``, so nothing is shown or kept in pyplot's global state (a notebook
saves it with :func:`analysis.report.outputs.save_figure` and shows what that returns,
the saved PNG, or displays the returned figure itself), and
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
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.measures.registry import readable
from analysis.statistics.describe import effect_label, established, format_p
from analysis.views.palette import OKABE_ITO, SPEAKER_COLOURS

matplotlib.rcParams["text.parse_math"] = False  # labels from data are shown literally

_CYCLE = tuple(OKABE_ITO.values())
#: Up to this many articles, figures name each article; above it, they summarise by group.
MAX_LABELLED = 12
#: Figures by group show at most this many groups, the largest; the rest are pooled.
MAX_GROUPS = 20
OTHER = "other"
#: A sequential colour map that is readable in grey and with colour-vision deficiencies.
SEQUENTIAL = "cividis"


def group_colours(groups: Sequence[object]) -> dict[object, str]:
    """A colour for each group, in sorted order, so a group keeps its colour across figures.

    >>> group_colours(["wire", "colour"])
    {'colour': '#0072B2', 'wire': '#D55E00'}
    """
    ordered = sorted(set(groups), key=str)
    return {g: _CYCLE[i % len(_CYCLE)] for i, g in enumerate(ordered)}


#: The widest a figure of one panel per measure may be, in inches: more measures (a third
#: party's among them) make narrower panels, never a wider page.
MAX_WIDTH = 15.0


def _width(per_panel: float, panels: int, margin: float) -> float:
    """A figure's width for ``panels`` side by side, at most :data:`MAX_WIDTH`.

    >>> _width(2.6, 4, 1.2), _width(2.6, 9, 1.2)
    (11.6, 15.0)
    """
    return min(per_panel * panels + margin, MAX_WIDTH)


def _title(what: str, data_label: str) -> str:
    return f"{what}\n({data_label})" if data_label else what


def plot_group_comparison(
    comparison: pd.DataFrame, *, data_label: str = "", title: str = "", largest_first: bool = False
) -> Figure:
    """Each measure's difference in means with its bootstrap interval, for one pair of groups
    or several (a :func:`~analysis.statistics.compare.compare_pairs` table).

    One panel per measure, named in words, since measures have different scales (tone runs
    from -1 to 1, cue rates per 1,000 words into the tens); one row per pair of groups in
    each panel; the dashed line is no difference. A filled marker is a difference the
    statistics establish over the whole table (:func:`~analysis.statistics.describe.established`),
    a hollow one is not. Beside each row: the size of the difference in words with Hedges'
    g, the p-value and the numbers of articles; the table's notes go under the figure.

    Args:
        comparison: :func:`~analysis.statistics.compare.compare_groups` output, or several
            pairs stacked.
        data_label: what data this is, e.g. ``"seed corpus, 5 articles"``.
        title: what the figure shows, when not every measure of every pair (it says so).
        largest_first: panels in order of each measure's largest difference (in standard
            deviations), so the answer's first claim is the first panel; else table order.

    >>> table = pd.DataFrame({"measure": ["tone"], "level": ["article"], "group_a": ["wire"],
    ...     "group_b": ["colour"], "n_a": [3], "n_b": [2], "mean_wire": [0.1],
    ...     "mean_colour": [0.5], "difference": [-0.4], "effect_size": [-2.0],
    ...     "ci_low": [-0.6], "ci_high": [-0.2], "confidence": [0.95], "p_value": [0.1]})
    >>> plot_group_comparison(table, data_label="toy data").axes[0].get_xlabel()
    'wire − colour'
    """
    comparison = comparison.assign(_established=established(comparison))
    pairs = list(dict.fromkeys(zip(comparison["group_a"], comparison["group_b"], strict=True)))
    measures = list(dict.fromkeys(comparison["measure"]))
    if largest_first:
        size = comparison.groupby("measure")["effect_size"].agg(lambda g: g.abs().max())
        measures.sort(key=lambda m: -size.fillna(0).get(m, 0))
    level = comparison["level"].iloc[0] if "level" in comparison else "article"
    confidence = comparison["confidence"].iloc[0] if "confidence" in comparison else 0.95
    per_panel = 0.5 + 0.3 * len(pairs)
    fig = Figure(figsize=(8.5, 1.0 + per_panel * len(measures)), layout="constrained")
    axes = fig.subplots(len(measures), 1, squeeze=False)[:, 0]
    for ax, measure in zip(axes, measures, strict=True):
        rows = comparison[comparison["measure"] == measure]
        ax.axvline(0, color="grey", linestyle="--", linewidth=1)
        labels = []
        for y, (a, b) in enumerate(pairs):
            found = rows[(rows["group_a"] == a) & (rows["group_b"] == b)]
            labels.append(f"{a} − {b}" if len(pairs) > 1 else readable(measure))
            if found.empty:
                continue
            row = found.iloc[0]
            low, high, d = row["ci_low"], row["ci_high"], row["difference"]
            face = OKABE_ITO["blue"] if row["_established"] else "white"
            xerr = None if math.isnan(low) or math.isnan(high) else [[d - low], [high - d]]
            ax.errorbar(d, y, xerr=xerr, fmt="o", color=OKABE_ITO["blue"], mfc=face, capsize=4)
            g = row["effect_size"]
            size = "no effect size" if pd.isna(g) else f"{effect_label(g)} (g {g:+.2f})"
            ax.text(
                1.02,
                y,
                f"{size}, {format_p(row['p_value'])}; n = {row['n_a']:,} vs {row['n_b']:,}",
                transform=ax.get_yaxis_transform(),
                va="center",
                fontsize="small",
            )
        ax.set_yticks(range(len(pairs)), labels)
        ax.set_ylim(len(pairs) - 0.5, -0.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))  # small differences: long tick labels
        ax.set_xlabel(
            readable(measure) if len(pairs) > 1 else f"{pairs[0][0]} − {pairs[0][1]}",
            fontsize="small",
        )
    what = title or (
        f"Difference in mean per {level} ({pairs[0][0]} − {pairs[0][1]})"
        if len(pairs) == 1
        else f"Difference in mean per {level}, every pair compared"
    )
    fig.suptitle(
        _title(f"{what}, with {confidence:.0%} bootstrap interval; filled: established", data_label)
    )
    notes = _notes(comparison) if "note" in comparison else ""
    if notes:
        wrapped = "\n".join(textwrap.fill(line, 110) for line in notes.splitlines())
        fig.supxlabel(wrapped, fontsize="small", ha="left", x=0.02)
    return fig


def plot_effect_sizes(comparison: pd.DataFrame, *, data_label: str = "") -> Figure:
    """Every measure and every pair on one scale: the size of each difference in standard
    deviations (Hedges' g), one row per measure, one marker per pair; filled markers are
    differences the statistics establish over the whole table
    (:func:`~analysis.statistics.describe.established`). Dotted lines mark the rough
    conventions for small (0.2), medium (0.5) and large (0.8). Its height grows with the
    measures only.

    >>> table = pd.DataFrame({"measure": ["tone", "tone"], "group_a": ["a", "a"],
    ...     "group_b": ["b", "c"], "effect_size": [0.9, -0.1], "p_value": [0.001, 0.6],
    ...     "ci_low": [0.1, -0.3], "ci_high": [0.5, 0.2]})
    >>> fig = plot_effect_sizes(table)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['tone']
    """
    comparison = comparison.assign(_established=established(comparison))
    pairs = list(dict.fromkeys(zip(comparison["group_a"], comparison["group_b"], strict=True)))
    measures = list(dict.fromkeys(comparison["measure"]))
    fig = Figure(figsize=(8.5, 1.6 + 0.42 * len(measures)), layout="constrained")
    ax = fig.subplots()
    for size, word in ((0.2, "small"), (0.5, "medium"), (0.8, "large")):
        for side in (-size, size):
            ax.axvline(side, color="#bbb", linestyle=":", linewidth=1)
        ax.text(size, -0.6, word, ha="center", va="bottom", fontsize="x-small", color="#555")
    ax.axvline(0, color="grey", linestyle="--", linewidth=1)
    step = 0.6 / max(len(pairs), 1)
    for k, (a, b) in enumerate(pairs):
        rows = comparison[(comparison["group_a"] == a) & (comparison["group_b"] == b)]
        y = (
            rows["measure"].map({m: i for i, m in enumerate(measures)})
            + (k - (len(pairs) - 1) / 2) * step
        )
        colour = _CYCLE[k % len(_CYCLE)]
        sure = rows["_established"].to_numpy(dtype=bool)
        said = f"{a} − {b}" if sure.any() else None  # a legend entry only for what is drawn
        ax.scatter(rows["effect_size"][sure], y[sure], color=colour, label=said, zorder=3)
        ax.scatter(
            rows["effect_size"][~sure],
            y[~sure],
            facecolors="white",
            edgecolors=colour,
            label=None if sure.all() else f"{a} − {b} (not established)",
            zorder=3,
        )
    ax.set_yticks(range(len(measures)), [readable(m) for m in measures])
    ax.set_ylim(len(measures) - 0.4, -0.8)
    ax.set_xlabel(
        "size of the difference, first group minus second (standard deviations, Hedges' g)"
    )
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.suptitle(
        _title(
            "Every measure and pair: how large each difference is; filled: established", data_label
        )
    )
    return fig


def _notes(comparison: pd.DataFrame) -> str:
    """The table's notes, each once, with the measures it concerns unless it concerns all."""
    measures: dict[str, dict[str, None]] = {}
    for measure, note in zip(map(readable, comparison["measure"]), comparison["note"], strict=True):
        for part in str(note).split("; ") if isinstance(note, str) else []:
            if part:
                measures.setdefault(part, {})[measure] = None
    every = comparison["measure"].nunique()
    lines = [
        part if len(which) == every else f"{', '.join(which)}: {part}"
        for part, which in measures.items()
    ]
    return "\n".join(lines)


def shown_groups(groups: pd.Series) -> pd.Series:
    """The group labels a figure shows: the :data:`MAX_GROUPS` - 1 largest, the rest "other".

    >>> shown_groups(pd.Series(["a", "b", "b"])).tolist()
    ['a', 'b', 'b']
    """
    counts = groups.astype(str).value_counts()
    if len(counts) <= MAX_GROUPS:
        return groups.astype(str)
    kept = set(counts.index[: MAX_GROUPS - 1])
    return groups.astype(str).where(groups.astype(str).isin(kept), OTHER)


def plot_article_profiles(
    scores: pd.DataFrame,
    *,
    by: str = "group",
    measures: Sequence[str],
    id_column: str = "doc_id",
    data_label: str = "",
) -> Figure:
    """Each measure by group: every article named (a handful) or box plots (more).

    Up to :data:`MAX_LABELLED` articles, one dot per article on a named row,
    coloured by group; above it, one box per group (median, quartiles,
    whiskers to 1.5 IQR) over the articles drawn as faint jittered points.
    The figure's size depends on the measures and groups, never on the articles.

    Args:
        scores: one row per article with ``id_column``, ``by`` and the measures.
        by: the group column.
        measures: the columns to show, one panel each.
        id_column: the article label.
        data_label: what data this is.

    >>> df = pd.DataFrame({"doc_id": ["1", "2"], "group": ["wire", "colour"], "tone": [0.1, 0.4]})
    >>> plot_article_profiles(df, measures=["tone"]).axes[0].get_xlabel()
    'tone'
    """
    if len(scores) > MAX_LABELLED:
        return _group_boxes(scores, by=by, measures=measures, data_label=data_label)
    ordered = scores.sort_values([by, id_column], key=lambda s: s.astype(str))
    colours = group_colours(ordered[by].tolist())
    labels = ordered[id_column].astype(str).tolist()
    fig = Figure(
        figsize=(_width(2.6, len(measures), 1.2), 0.9 + 0.3 * len(ordered)), layout="constrained"
    )
    axes = fig.subplots(1, len(measures), sharey=True, squeeze=False)[0]
    positions = np.arange(len(ordered))
    for ax, measure in zip(axes, measures, strict=True):
        ax.scatter(ordered[measure], positions, c=[colours[g] for g in ordered[by]], zorder=3)
        ax.set_xlabel(readable(measure))
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


def _group_boxes(
    scores: pd.DataFrame, *, by: str, measures: Sequence[str], data_label: str
) -> Figure:
    groups = shown_groups(scores[by])
    names = sorted(groups.unique(), key=lambda g: (g == OTHER, g))
    colours = group_colours([g for g in names if g != OTHER]) | {OTHER: "0.6"}
    counts = groups.value_counts()
    fig = Figure(
        figsize=(_width(2.6, len(measures), 1.6), 1.2 + 0.45 * len(names)), layout="constrained"
    )
    axes = fig.subplots(1, len(measures), sharey=True, squeeze=False)[0]
    rng = np.random.default_rng(0)
    for ax, measure in zip(axes, measures, strict=True):
        values = [scores.loc[groups == g, measure].dropna().to_numpy(float) for g in names]
        for k, (name, v) in enumerate(zip(names, values, strict=True)):
            jitter = rng.uniform(-0.18, 0.18, len(v))
            ax.scatter(v, k + jitter, s=4, alpha=0.25, color=colours[name], linewidths=0)
        ax.boxplot(
            [v if len(v) else [np.nan] for v in values],
            positions=range(len(names)),
            orientation="horizontal",
            widths=0.6,
            showfliers=False,
            medianprops={"color": "black"},
            boxprops={"color": "0.25"},
            whiskerprops={"color": "0.25"},
            capprops={"color": "0.25"},
        )
        ax.set_xlabel(readable(measure))
        ax.grid(axis="x", color="0.92")
    axes[0].set_yticks(range(len(names)), [f"{g} ({counts[g]:,})" for g in names])
    axes[0].set_ylabel(f"{by} (articles)")
    axes[0].invert_yaxis()
    fig.suptitle(
        _title(
            "Each measure by group: boxes span the middle half of the articles, "
            "the line is the median, points are articles",
            data_label,
        )
    )
    return fig


def plot_category_counts(
    counts: pd.DataFrame,
    groups: pd.Series,
    *,
    colours: dict[str, str],
    what: str = "cues",
    data_label: str = "",
) -> Figure:
    """Cues by category: stacked bars per article (a handful) or the mean per article by group.

    Args:
        counts: one row per article (index: article id), one column per category.
        groups: every article's group, indexed by article id; articles missing
            from ``counts`` (no cue found) count as zero.
        colours: a colour per category, so a category keeps its colour everywhere.
        what: what is counted, for the axis label.
        data_label: what data this is.

    >>> counts = pd.DataFrame({"speculation": [2, 0]}, index=["a", "b"])
    >>> fig = plot_category_counts(counts, pd.Series(["wire", "colour"], index=["a", "b"]),
    ...                            colours={"speculation": "#0072B2"})
    >>> fig.axes[0].get_ylabel()
    'article (group)'
    """
    counts = counts.reindex(groups.index, fill_value=0)  # an article without cues counts 0
    group = groups.astype(str)
    if len(counts) > MAX_LABELLED:
        shown = counts.groupby(shown_groups(group)).mean()
        sizes = shown_groups(group).value_counts()
        shown.index = [f"{g} ({sizes[g]:,})" for g in shown.index]
        xlabel, ylabel = f"mean {what} per article", "group (articles)"
        title = f"{what.capitalize()} by category: mean per article in each group"
    else:
        shown = counts.rename(index=lambda d: f"{d} ({group[d]})")
        xlabel, ylabel = f"{what} in the article", "article (group)"
        title = f"{what.capitalize()} by category, per article"
    fig = Figure(figsize=(8, 1.0 + 0.4 * len(shown)), layout="constrained")
    ax = fig.subplots()
    _stacked_bars(ax, shown, colours)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.legend(fontsize=7, title="category", loc="outside right upper")
    fig.suptitle(_title(title, data_label))
    return fig


def _stacked_bars(ax: Axes, table: pd.DataFrame, colours: Mapping[str, str]) -> None:
    """One horizontal bar per row of ``table``, its columns stacked, rows in the table's order."""
    left = np.zeros(len(table))
    positions = np.arange(len(table))
    for column in table.columns:
        ax.barh(positions, table[column], left=left, color=colours[column], label=column)
        left += table[column].to_numpy(float)
    ax.set_yticks(positions, [str(i) for i in table.index])
    ax.invert_yaxis()  # the table's order, top down


def plot_speaker_types(by_type: pd.DataFrame, *, by: str = "group", data_label: str = "") -> Figure:
    """Who is quoted: each group's quotes by speaker type, as shares of the group's quotes.

    Args:
        by_type: one row per group, one column per speaker type (quote counts); beyond
            :data:`MAX_GROUPS` groups, those with fewest quotes are pooled as "other".
        by: what the groups are, for the axis label.
        data_label: what data this is.

    >>> table = pd.DataFrame({"official": [3, 1], "anonymous": [1, 1]}, index=["wire", "colour"])
    >>> plot_speaker_types(table).axes[0].get_xlabel()
    "share of the group's quotes"
    """
    if len(by_type) > MAX_GROUPS:  # the groups with most quotes, the rest pooled
        kept = by_type.sum(axis=1).sort_values(ascending=False).index[: MAX_GROUPS - 1]
        rest = by_type.drop(index=kept).sum().rename(OTHER)
        by_type = pd.concat([by_type.loc[kept], rest.to_frame().T])
    shares = by_type.div(by_type.sum(axis=1).where(lambda s: s > 0), axis=0).fillna(0)
    fig = Figure(figsize=(7, 1.2 + 0.5 * len(shares)), layout="constrained")
    ax = fig.subplots()
    _stacked_bars(ax, shares, SPEAKER_COLOURS)
    ax.set_xlabel("share of the group's quotes")
    ax.set_ylabel(by)
    fig.legend(fontsize=8, title="speaker", loc="outside right upper")
    fig.suptitle(_title(f"Who is quoted: speaker types by {by}", data_label))
    return fig


def plot_item_profile(
    scores: pd.DataFrame,
    *,
    items: Sequence[str] | None = None,
    id_column: str = "doc_id",
    by: str = "group",
    data_label: str = "",
) -> Figure:
    """Human-interest item counts (Semetko & Valkenburg) as an annotated grid.

    One row per article up to :data:`MAX_LABELLED` articles; above it, one row
    per group holding the mean count per article.

    Args:
        scores: ``score_texts`` output with ``id_column`` and ``hi_<item>`` columns.
        items: the item ids (without ``hi_``); default every ``hi_`` column.
        id_column: the article label.
        by: the group column, used above :data:`MAX_LABELLED` articles.
        data_label: what data this is.

    >>> df = pd.DataFrame({"doc_id": ["1", "2"], "hi_face": [2, 0], "hi_emotion": [1, 3]})
    >>> [t.get_text() for t in plot_item_profile(df).axes[0].get_xticklabels()]
    ['face', 'emotion']
    """
    if items is None:
        items = [c.removeprefix("hi_") for c in scores.columns if c.startswith("hi_")]
    if not items:
        raise ValueError("no human-interest item columns (hi_<item>) in the frame")
    columns = [f"hi_{item}" for item in items]
    if len(scores) > MAX_LABELLED:
        groups = shown_groups(scores[by])
        means = scores[columns].groupby(groups).mean()
        sizes = groups.value_counts()
        counts, template = means.to_numpy(dtype=float), "{:.1f}"
        labels = [f"{g} ({sizes[g]:,})" for g in means.index]
        ylabel, legend = f"{by} (articles)", "mean cues per article"
        title = "Human-interest items: mean cues per article in each group"
    else:
        counts, template = scores[columns].to_numpy(dtype=float), "{:.0f}"
        labels = scores[id_column].astype(str).tolist()
        ylabel, legend = "article", "cues found"
        title = "Human-interest items: cues found per article"
    fig = Figure(figsize=(1.0 + 0.9 * len(items), 1.2 + 0.4 * len(labels)), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(counts, cmap=SEQUENTIAL, aspect="auto")
    _annotate(ax, counts, template)
    ax.set_xticks(range(len(items)), items, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("human-interest item")
    ax.set_ylabel(ylabel)
    fig.colorbar(image, ax=ax, label=legend)
    fig.suptitle(_title(title, data_label))
    return fig


def _annotate(ax: Axes, values: np.ndarray, template: str) -> None:
    """Write each cell's value on a heatmap, dark on light cells and light on dark."""
    finite = values[np.isfinite(values)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0
    for (row, col), value in np.ndenumerate(values):
        if np.isfinite(value):
            colour = "black" if value > middle else "white"
            ax.text(col, row, template.format(value), ha="center", va="center", color=colour)


def plot_reuse(
    groups: pd.DataFrame, pairs: pd.DataFrame, *, top: int = 10, data_label: str = ""
) -> Figure:
    """Text reuse summarised: a group-by-group grid and the most reused pairs of articles.

    Args:
        groups: output of :func:`analysis.statistics.reuse.reuse_between_groups`; beyond
            :data:`MAX_GROUPS` groups the grid shows the largest (by sentences).
        pairs: output of :func:`analysis.statistics.reuse.text_reuse`.
        top: pairs of articles shown, by the number of A's sentences found in B.
        data_label: what data this is.

    >>> groups = pd.DataFrame({"group_a": ["a", "a", "b", "b"], "group_b": ["a", "b", "a", "b"],
    ...                        "share": [0.0, 0.5, 0.25, 0.0]})
    >>> pairs = pd.DataFrame({"doc_a": ["1"], "doc_b": ["2"], "share": [0.5], "matched": [3]})
    >>> [ax.get_xlabel() for ax in plot_reuse(groups, pairs).axes[:2]]
    ['group B', "A's sentences found in B"]
    """
    sizes = groups.groupby("group_a")["sentences_a"].first() if "sentences_a" in groups else None
    names = sorted(set(groups["group_a"]) | set(groups["group_b"]), key=str)
    if len(names) > MAX_GROUPS and sizes is not None:  # the largest groups, in name order
        names = sorted(sizes.sort_values(ascending=False).index[:MAX_GROUPS], key=str)
    matrix = groups.pivot(index="group_a", columns="group_b", values="share")
    values = matrix.reindex(index=names, columns=names).to_numpy(dtype=float)
    shown = pairs.sort_values(["matched", "share"], ascending=False, kind="stable").head(top)
    side = max(3.6, 2.2 + 0.45 * len(names))
    fig = Figure(figsize=(side + 6.5, max(side, 1.2 + 0.35 * top)), layout="constrained")
    grid, bars = fig.subplots(1, 2, width_ratios=[side, 5.0])
    image = grid.imshow(values, cmap=SEQUENTIAL, vmin=0, vmax=1)
    if len(names) <= 6:
        _annotate(grid, values, "{:.2f}")
    grid.set_xticks(range(len(names)), [str(n) for n in names], rotation=45, ha="right")
    grid.set_yticks(range(len(names)), [str(n) for n in names])
    grid.set_xlabel("group B")
    grid.set_ylabel("group A")
    fig.colorbar(image, ax=grid, label="share of A's sentences found in another B article")
    positions = np.arange(len(shown))
    bars.barh(positions, shown["matched"], color=OKABE_ITO["blue"])
    labels = [
        f"{_short(a)} → {_short(b)} ({s:.0%})"
        for a, b, s in zip(shown["doc_a"], shown["doc_b"], shown["share"], strict=True)
    ]
    bars.set_yticks(positions, labels, fontsize="small")
    bars.invert_yaxis()
    bars.set_xlabel("A's sentences found in B")
    bars.set_title(f"The {len(shown)} most reused pairs (A → B, share of A)", fontsize="medium")
    if shown.empty:
        bars.text(0.5, 0.5, "no sentence is shared", ha="center", transform=bars.transAxes)
    fig.suptitle(
        _title("Text reuse: sentences of one article that reappear in another", data_label)
    )
    return fig


def _short(label: object, width: int = 24) -> str:
    """A long article id cut in the middle, so its start and its end both show.

    >>> _short("basil-005a2961-0c2e-4575-8eec-770ba52a08e0_3")
    'basil-005a29…0ba52a08e0_3'
    """
    text = str(label)
    return text if len(text) <= width else f"{text[: width // 2]}…{text[-(width // 2) :]}"


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
        words: output of :func:`analysis.statistics.distinguishing.distinguishing_words`.
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
    fig = Figure(figsize=(_width(2.8, len(measures), 0.8), 4.2), layout="constrained")
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
        ax.set_ylabel(f"{readable(measure)} (event mean)")
    left_out = len(both) - len(shown)
    what = f"Within events: {len(shown)} event(s) covered by both groups, one line each"
    if left_out:
        what += f" ({left_out} smaller events not drawn)"
    if not len(both):
        what = "Within events: no event is covered by both groups"
    fig.suptitle(_title(what, data_label))
    return fig


def plot_validity(headline: pd.DataFrame) -> Figure:
    """Agreement with human coders: the suite beside its anchors, with each target as a tick.

    Args:
        headline: rows of the validity table (``analysis.evaluate.run_all``) with
            ``dataset``, ``system``, ``value``, ``kind``, ``target`` and ``n``.

    >>> table = pd.DataFrame({"dataset": ["nyt"], "system": ["news tone"], "value": [0.52],
    ...                       "kind": ["suite"], "target": [0.55], "n": [300]})
    >>> [float(x) for x in plot_validity(table).axes[0].get_xlim()]
    [0.0, 1.0]
    """
    colours = {
        "suite": OKABE_ITO["blue"],
        "anchor (measured here)": OKABE_ITO["orange"],
        "anchor (published)": OKABE_ITO["sky_blue"],
    }
    fig = Figure(figsize=(8, 0.9 + 0.32 * len(headline)), layout="constrained")
    ax = fig.subplots()
    labels = (headline["dataset"] + ": " + headline["system"]).tolist()
    positions = np.arange(len(headline))
    ax.barh(positions, headline["value"], color=[colours[k] for k in headline["kind"]])
    for y, target in enumerate(headline["target"]):
        if pd.notna(target):
            ax.plot([target, target], [y - 0.4, y + 0.4], color="black", linewidth=2)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(
        "agreement with human coders (Pearson r for tone, F1 otherwise); black tick: target"
    )
    sizes = headline.groupby("dataset", sort=False)["n"].first()
    items = ", ".join(f"{d} n={n:,}" for d, n in sizes.items())
    ax.set_title(
        "Validity: the suite (blue) beside its anchors (orange: measured here; light blue: "
        f"published)\n({items})",
        fontsize="medium",
    )
    return fig


#: The most rows :func:`plot_corrected_comparison` draws (one per code and pair of groups).
MAX_CORRECTED_ROWS = 24


def plot_corrected_comparison(comparison: pd.DataFrame) -> Figure:
    """Each yes/no code's group difference before and after correcting for the suite's errors.

    Args:
        comparison: the ``calibration`` rows of
            :func:`analysis.coding.corrected.corrected_comparison`; a row without an
            interval (a group too small to say) has no point.

    >>> table = pd.DataFrame({"code": ["hedged"], "group_a": ["$x_$ paper"], "group_b": ["b"],
    ...     **{f"{k}_{s}": [v] for k in ("uncorrected", "corrected")
    ...        for s, v in (("difference", 0.1), ("low", 0.0), ("high", 0.2))}})
    >>> [t.get_text() for t in plot_corrected_comparison(table).axes[0].get_yticklabels()]
    ['hedged ($x_$ paper − b)']

    Past :data:`MAX_CORRECTED_ROWS` rows it draws those with a corrected interval, then the
    largest uncorrected differences, and its title says so:

    >>> many = pd.concat([table] * 30, ignore_index=True)
    >>> len(plot_corrected_comparison(many).axes[0].get_yticks())
    24
    """
    shown, title = comparison.reset_index(drop=True), (
        "Group differences before and after correcting for the suite's errors"
    )
    if len(shown) > MAX_CORRECTED_ROWS:  # many groups x codes: a figure of a readable size
        informative = pd.DataFrame({
            "interval": shown["corrected_low"].notna(),
            "size": shown["uncorrected_difference"].abs().fillna(-1),
        }).sort_values(["interval", "size"], ascending=False, kind="stable")  # fmt: skip
        kept = len(shown)
        shown = shown.loc[sorted(informative.index[:MAX_CORRECTED_ROWS])].reset_index(drop=True)
        title += (
            f"\n{MAX_CORRECTED_ROWS} of {kept} rows: those with a corrected interval, then the "
            "largest uncorrected differences (every row is in the table)"
        )
    fig = Figure(figsize=(7, 0.9 + 0.45 * len(shown)), layout="constrained")
    ax = fig.subplots()
    for offset, (kind, colour, marker) in zip(
        (-0.15, 0.15),
        (("uncorrected", OKABE_ITO["vermillion"], "o"), ("corrected", OKABE_ITO["blue"], "s")),
        strict=True,
    ):
        middle = shown[f"{kind}_difference"].where(shown[f"{kind}_low"].notna())
        spread = [middle - shown[f"{kind}_low"], shown[f"{kind}_high"] - middle]
        ax.errorbar(
            middle,
            shown.index + offset,
            xerr=spread,
            fmt=marker,
            color=colour,
            label=kind,
            capsize=2,
        )
    ax.axvline(0, color="#555", linewidth=0.8)
    labels = [
        f"{c} ({a} − {b})" for c, a, b in zip(shown.code, shown.group_a, shown.group_b, strict=True)
    ]
    ax.set_yticks(shown.index, labels)
    ax.invert_yaxis()
    ax.set_xlabel(
        "difference in the share of units coded yes (95% interval; none: too small to say, "
        "or no correction for a code the coders do not agree on)"
    )
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig
