"""Every plot returns a titled Figure with labelled axes, and saves as a reproducible PNG."""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis.report.outputs import save_figure
from analysis.statistics.compare import compare_all_pairs, compare_groups
from analysis.statistics.distinguishing import distinguishing_words
from analysis.statistics.reuse import reuse_between_groups, text_reuse
from analysis.views import plots

LABEL = "toy data, 5 articles"


@pytest.fixture
def scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["w1", "w2", "w3", "c1", "c2"],
            "group": ["wire", "wire", "wire", "colour", "colour"],
            "tone": [0.0, 0.1, 0.2, 0.5, 0.6],
            "hedge_cues_per_1k_words": [5.0, 6, 7, 9, 12],
            "tone_quoted": [0.1, None, 0.3, None, None],
            "hi_emotive": [0, 1, 0, 4, 3],
            "hi_scene": [0, 0, 0, 2, 5],
        }
    )


def assert_labelled(fig: Figure) -> None:
    assert isinstance(fig, Figure)
    assert LABEL in fig.get_suptitle()
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert all(ax.get_xlabel() for ax in panels)
    assert panels[0].get_ylabel() or panels[0].get_yticklabels()  # later panels may share y


def comparison_figure(scores: pd.DataFrame) -> Figure:
    comparison = compare_groups(
        scores,
        groups=("wire", "colour"),
        measures=["tone", "hedge_cues_per_1k_words", "tone_quoted"],
        n_resamples=99,
    )
    return plots.plot_group_comparison(comparison, data_label=LABEL)


def figures(scores: pd.DataFrame) -> dict[str, Figure]:
    texts = ["The envoy said talks in Florida were productive and constructive today."] * 2
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": texts})
    words = distinguishing_words(["said talks envoy"] * 3, ["palms humid breeze"] * 3, min_count=1)
    return {
        "comparison": comparison_figure(scores),
        "profiles": plots.plot_article_profiles(
            scores, measures=["tone", "hedge_cues_per_1k_words"], data_label=LABEL
        ),
        "items": plots.plot_item_profile(scores, data_label=LABEL),
        "reuse": plots.plot_reuse(
            reuse_between_groups(corpus.assign(group=["wire", "colour"])),
            text_reuse(corpus),
            data_label=LABEL,
        ),
        "words": plots.plot_distinguishing_words(
            words, label_a="wire", label_b="colour", data_label=LABEL
        ),
    }


def test_every_plot_is_a_titled_figure_with_labelled_axes(scores):
    for fig in figures(scores).values():
        assert_labelled(fig)


def test_comparison_plot_says_what_and_how_sure(scores):
    fig = comparison_figure(scores)
    assert "wire − colour" in fig.get_suptitle()
    assert "95% bootstrap interval" in fig.get_suptitle()
    assert "tone inside quotations: fewer than 2 articles in colour" in fig.get_supxlabel()
    assert [ax.get_yticklabels()[0].get_text() for ax in fig.axes] == [
        "tone",
        "hedges per 1,000 words",
        "tone inside quotations",
    ]  # measures in words, as a reader sees them


def test_comparison_plot_shows_every_pair_in_each_measures_panel(scores):
    scores.loc[0, "group"] = "other"
    fig = plots.plot_group_comparison(compare_all_pairs(scores, measures=["tone"], n_resamples=9))
    assert len(fig.axes) == 1 and len(fig.axes[0].get_yticklabels()) == 3


def test_item_profile_reads_items_from_the_columns(scores):
    fig = plots.plot_item_profile(scores, items=["scene"], data_label=LABEL)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["scene"]
    with pytest.raises(ValueError, match="hi_"):
        plots.plot_item_profile(scores.drop(columns=["hi_emotive", "hi_scene"]))


def test_group_colours_are_okabe_ito_and_stable():
    assert plots.group_colours(["wire", "colour"]) == plots.group_colours(["colour", "wire"])
    assert set(plots.group_colours(["wire", "colour"]).values()) <= set(plots.OKABE_ITO.values())


def test_save_figure_writes_the_same_png_on_every_run(scores, tmp_path):
    first = save_figure(comparison_figure(scores), tmp_path / "one", "comparison")
    second = save_figure(comparison_figure(scores), tmp_path / "two", "comparison")
    assert first == tmp_path / "one" / "figures" / "comparison.png"
    assert first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert first.read_bytes() == second.read_bytes()
    assert b"Software" not in first.read_bytes()


def test_a_saved_figure_is_shown_as_saved_at_the_inline_backends_size(scores, tmp_path):
    """A notebook shows the saved PNG rather than drawing the figure again: the same bytes as
    the file, and the same width on the page as the inline backend's own drawing."""
    from IPython.core.formatters import format_display_data
    from IPython.core.pylabtools import print_figure

    fig = comparison_figure(scores)
    saved = save_figure(fig, tmp_path, "comparison")
    data, metadata = format_display_data(saved)
    assert data["image/png"] == saved.read_bytes() and "<Figure" in data["text/plain"]
    inline_width = struct.unpack(">I", print_figure(fig, "png", bbox_inches="tight")[16:20])[0]
    shown = metadata["image/png"]["width"]
    assert abs(shown - inline_width) <= 0.02 * inline_width, (shown, inline_width)
    assert struct.unpack(">I", data["image/png"][16:20])[0] > 1.4 * shown  # 150 dpi, not 100


def _many(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(n)
    return pd.DataFrame(
        {
            "doc_id": [f"d{i:05d}" for i in range(n)],
            "group": rng.choice(["wire", "colour", "feature"], n),
            "tone": rng.normal(0, 0.1, n),
            "words": rng.integers(100, 2000, n),
            "hi_emotive": rng.integers(0, 5, n),
            "hi_scene": rng.integers(0, 5, n),
        }
    )


def _pixels(fig: Figure, tmp_path, name: str) -> tuple[int, int]:
    path = save_figure(fig, tmp_path, name)
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


@pytest.mark.parametrize(
    "draw",
    [
        lambda t: plots.plot_article_profiles(t, measures=["tone", "words"], data_label=LABEL),
        lambda t: plots.plot_item_profile(t, data_label=LABEL),
        lambda t: plots.plot_category_counts(
            t.set_index("doc_id")[["hi_emotive", "hi_scene"]],
            t.set_index("doc_id")["group"],
            colours={"hi_emotive": "#0072B2", "hi_scene": "#D55E00"},
            data_label=LABEL,
        ),
        lambda t: plots.plot_reuse(
            pd.DataFrame(
                [(a, b, 0.1) for a in ("x", "y") for b in ("x", "y")],
                columns=["group_a", "group_b", "share"],
            ),
            pd.DataFrame(
                {
                    "doc_a": t["doc_id"],
                    "doc_b": t["doc_id"][::-1].to_numpy(),
                    "share": 0.5,
                    "matched": t["words"] % 7,
                }  # fmt: skip
            ),
            data_label=LABEL,
        ),
    ],
    ids=["profiles", "items", "categories", "reuse"],
)
def test_figure_size_does_not_grow_with_the_corpus(draw, tmp_path):
    sizes = {n: _pixels(draw(_many(n)), tmp_path, f"n{n}") for n in (40, 400, 4000)}
    assert len(set(sizes.values())) == 1, sizes
    width, height = sizes[40]
    assert width <= 2400 and height <= 1800


def test_many_groups_are_pooled_beyond_the_largest():
    table = _many(300).assign(group=[f"g{i % 30:02d}" for i in range(300)])
    fig = plots.plot_article_profiles(table, measures=["tone"], data_label=LABEL)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == plots.MAX_GROUPS and labels[-1].startswith(plots.OTHER)


def test_speaker_types_of_many_groups_pool_the_smallest():
    table = pd.DataFrame(
        {"official": range(1, 31), "anonymous": [1] * 30}, index=[f"g{i:02d}" for i in range(30)]
    )
    fig = plots.plot_speaker_types(table, data_label=LABEL)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == plots.MAX_GROUPS and labels[0] == "g29" and labels[-1] == plots.OTHER


def test_more_measures_make_narrower_panels_not_a_wider_figure():
    rng = np.random.default_rng(0)
    measures = [f"m{i}" for i in range(9)]
    many = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)], "group": ["a", "b"] * 20,
                         "event": ["e1", "e2"] * 10 + ["e2", "e1"] * 10,
                         **{m: rng.normal(size=40) for m in measures}})  # fmt: skip
    figures = [
        plots.plot_article_profiles(many, measures=measures),
        plots.plot_event_lines(many, pair=("a", "b"), measures=measures),
    ]
    assert all(fig.get_figwidth() <= plots.MAX_WIDTH for fig in figures)
