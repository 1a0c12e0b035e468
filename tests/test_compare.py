"""Group comparisons on data where the answer is known, and log-odds against a hand computation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import UNKNOWN
from analysis.statistics.compare import (
    compare_all_pairs,
    compare_groups,
    hedges_g,
    min_possible_p,
    typical_articles,
)
from analysis.statistics.distinguishing import distinguishing_words
from analysis.statistics.plan import MAX_COMPARISONS, REST, plan_comparisons

FAST = {"n_resamples": 999}


def two_groups(a: list[float], b: list[float], column: str = "tone") -> pd.DataFrame:
    return pd.DataFrame({"group": ["a"] * len(a) + ["b"] * len(b), column: [*a, *b]})


def test_large_effect_interval_excludes_zero_and_p_is_small():
    rng = np.random.default_rng(1)
    scores = two_groups(list(rng.normal(5, 1, 20)), list(rng.normal(0, 1, 20)))
    row = compare_groups(scores, **FAST).iloc[0]
    assert row["ci_low"] > 0
    assert row["p_value"] == pytest.approx(1 / 1000)  # none of 999 permutations as extreme
    assert not row["exact"]
    assert row["effect_size"] > 2


def test_identical_groups_give_a_large_p():
    scores = two_groups([1.0, 2, 3, 4, 5], [1.0, 2, 3, 4, 5])
    row = compare_groups(scores, **FAST).iloc[0]
    assert row["difference"] == 0
    assert row["p_value"] == 1
    assert row["ci_low"] < 0 < row["ci_high"]


def test_hedges_g_matches_a_hand_computation():
    a, b = [1.0, 2, 3, 4], [3.0, 4, 5, 6, 7]
    # means 2.5 and 5; variances 5/3 and 5/2; pooled variance (3 * 5/3 + 4 * 5/2) / 7 = 15/7
    d = (2.5 - 5) / math.sqrt(15 / 7)
    df = 7
    correction = math.gamma(df / 2) / (math.sqrt(df / 2) * math.gamma((df - 1) / 2))
    assert hedges_g(a, b) == pytest.approx(correction * d)
    assert hedges_g(a, b) == pytest.approx((1 - 3 / (4 * df - 1)) * d, rel=1e-3)  # Hedges' approx.
    row = compare_groups(two_groups(a, b), **FAST).iloc[0]
    assert row["effect_size"] == pytest.approx(correction * d)
    assert row["effect_size_kind"] == "hedges_g"


def test_columns_and_direction_follow_groups():
    scores = pd.DataFrame(
        {"genre": ["wire", "wire", "colour", "colour"], "tone": [0.0, 0.2, 0.5, 0.7], "x": 1}
    )
    default = compare_groups(scores, by="genre", measures=["tone"], **FAST)
    assert default.loc[0, "group_a"] == "colour"  # sorted order
    table = compare_groups(scores, by="genre", groups=("wire", "colour"), **FAST)
    assert list(table["measure"]) == ["tone"]  # the default measures present in the frame
    assert {"mean_wire", "mean_colour"} <= set(table.columns)
    assert table.loc[0, "difference"] == pytest.approx(0.1 - 0.6)
    assert table.loc[0, "difference"] == -default.loc[0, "difference"]


def test_seeded_reruns_are_identical_and_the_seed_matters():
    rng = np.random.default_rng(2)
    scores = two_groups(list(rng.normal(0, 1, 15)), list(rng.normal(0.5, 1, 15)))
    first = compare_groups(scores, n_resamples=499, seed=7)
    pd.testing.assert_frame_equal(first, compare_groups(scores, n_resamples=499, seed=7))
    other = compare_groups(scores, n_resamples=499, seed=8)
    assert first.loc[0, "ci_low"] != other.loc[0, "ci_low"]


def _scipy_reference(a: np.ndarray, b: np.ndarray, n_resamples: int, seed: int):
    """The interval and p-value scipy gives for the difference in means of ``a`` and ``b``."""
    from scipy import stats

    def difference(x, y, axis=-1):
        return x.mean(axis) - y.mean(axis)

    boot = stats.bootstrap(
        (a, b),
        difference,
        n_resamples=n_resamples,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    perm = stats.permutation_test(
        (a, b),
        lambda x, y, axis=-1: np.abs(difference(x, y, axis)),
        n_resamples=n_resamples,
        alternative="greater",
        rng=np.random.default_rng(seed),
    )
    return *boot.confidence_interval, perm.pvalue


@pytest.mark.parametrize(("n_a", "n_b", "n_resamples"), [(40, 30, 999), (4, 3, 999), (6, 6, 99)])
def test_every_measure_gets_the_interval_and_p_scipy_gives_it_alone(n_a, n_b, n_resamples):
    # Sampled, exact (35 splits) and sampled again though small; a missing value in one
    # measure leaves it fewer articles than the others.
    rng = np.random.default_rng(3)
    scores = pd.DataFrame(
        {
            "group": ["a"] * n_a + ["b"] * n_b,
            "tone": np.r_[rng.normal(0.3, 1, n_a), rng.normal(0, 1, n_b)],
            "hedge_probability": rng.integers(0, 4, n_a + n_b) / 3,
        }
    )
    scores.loc[0, "hedge_probability"] = np.nan
    table = compare_groups(scores, n_resamples=n_resamples, seed=5).set_index("measure")
    for measure in ("tone", "hedge_probability"):
        values = scores.dropna(subset=[measure])
        a, b = (values.loc[values["group"] == g, measure].to_numpy() for g in "ab")
        low, high, p = _scipy_reference(a, b, n_resamples, seed=5)
        row = table.loc[measure]
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-12)
        assert row["p_value"] == p
        alone = compare_groups(scores, measures=[measure], n_resamples=n_resamples, seed=5)
        assert alone.set_index("measure").loc[measure].equals(row)  # asked for alone: the same


def test_more_than_two_groups_asks_for_a_choice():
    scores = pd.DataFrame({"group": list("xxyyzz"), "tone": [1.0, 2, 3, 4, 5, 6]})
    with pytest.raises(ValueError, match=r"3 groups.*groups=.*compare_all_pairs"):
        compare_groups(scores)
    chosen = compare_groups(scores, groups=("x", "z"), **FAST)
    assert chosen.loc[0, "difference"] == -4
    pairs = compare_all_pairs(scores, **FAST)
    assert list(zip(pairs["group_a"], pairs["group_b"], strict=True)) == [
        ("x", "y"),
        ("x", "z"),
        ("y", "z"),
    ]
    assert {"mean_a", "mean_b"} <= set(pairs.columns)
    assert pairs["mean_b"].tolist() == [3.5, 5.5, 5.5]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "genre"}, "no column 'genre'"),
        ({"groups": ("x", "w")}, "two different values"),
        ({"measures": ["missing"]}, "not in the frame"),
        ({"level": "paragraph"}, "level must be"),
    ],
)
def test_bad_arguments_say_what_is_wrong(kwargs, message):
    scores = pd.DataFrame({"group": list("xxyy"), "tone": [1.0, 2, 3, 4]})
    with pytest.raises(ValueError, match=message):
        compare_groups(scores, **kwargs)


def test_missing_values_are_left_out_and_noted():
    scores = pd.DataFrame(
        {
            "group": ["wire"] * 4 + ["colour"] * 3,
            "tone_quoted": [0.1, np.nan, 0.3, 0.2, np.nan, 0.5, 0.6],
        }
    )
    row = compare_groups(scores, measures=["tone_quoted"], **FAST).iloc[0]
    assert (row["n_a"], row["n_b"]) == (2, 3)  # colour first: sorted order
    assert row["mean_colour"] == pytest.approx(0.55)
    assert not math.isnan(row["p_value"])
    assert "2 missing values left out" in row["note"]


def test_a_group_with_one_article_gives_nan_not_an_error():
    scores = pd.DataFrame({"group": ["a", "a", "b"], "tone": [0.1, 0.2, np.nan]})
    row = compare_groups(scores, measures=["tone"], **FAST).iloc[0]
    assert row["n_b"] == 0
    assert math.isnan(row["p_value"]) and math.isnan(row["ci_low"])
    assert math.isnan(row["effect_size"])
    assert "fewer than 2 articles in b" in row["note"]


def test_zero_variance():
    constant = compare_groups(two_groups([1.0, 1, 1], [1.0, 1]), **FAST).iloc[0]
    assert math.isnan(constant["p_value"]) and math.isnan(constant["effect_size"])
    assert "all values identical" in constant["note"]
    # Constant within each group but different between them: a test, but no g.
    separated = compare_groups(two_groups([1.0, 1, 1], [0.0, 0, 0]), **FAST).iloc[0]
    assert math.isnan(separated["effect_size"])
    assert separated["p_value"] == pytest.approx(0.1)  # 2 of the 20 splits are this extreme
    assert "Hedges' g undefined" in separated["note"]


def test_tiny_samples_are_tested_exactly_and_say_so():
    row = compare_groups(two_groups([0.0, 0.1, 0.2], [0.5, 0.6]), **FAST).iloc[0]
    assert row["exact"] and row["n_permutations"] == math.comb(5, 2) == 10
    assert row["min_possible_p"] == pytest.approx(0.1)
    assert row["p_value"] == pytest.approx(0.1)  # the most extreme of 10 splits
    assert "p cannot fall below 0.1" in row["note"]
    assert "too narrow" in row["note"]
    # Fewer resamples than splits: a Monte Carlo test, and p >= 1 / (n_resamples + 1).
    sampled = compare_groups(two_groups([0.0, 0.1, 0.2], [0.5, 0.6]), n_resamples=5).iloc[0]
    assert not sampled["exact"] and sampled["min_possible_p"] == pytest.approx(1 / 6)


def dominated_sentences() -> pd.DataFrame:
    """Group a: one long article of 1s and two short ones of 0s; group b: three of 0.5s."""
    rows = [("a1", "a", 1.0)] * 200 + [("a2", "a", 0.0)] * 5 + [("a3", "a", 0.0)] * 5
    rows += [(f"b{i}", "b", 0.5) for i in range(3) for _ in range(5)]
    frame = pd.DataFrame(rows, columns=["doc_id", "group", "tone"])
    frame["sentence_id"] = range(len(frame))
    return frame


def test_sentence_level_resamples_articles_not_sentences():
    sentences = dominated_sentences()
    row = compare_groups(sentences, level="sentence", measures=["tone"], **FAST).iloc[0]
    assert (row["n_a"], row["n_b"]) == (3, 3)
    assert (row["n_sentences_a"], row["n_sentences_b"]) == (210, 15)
    assert row["mean_a"] == pytest.approx(200 / 210)  # a mean over sentences
    # Permutations move whole articles: 6 articles split 3/3 in 20 ways.
    assert row["exact"] and row["n_permutations"] == 20
    # Resampling articles, a draw without the long article has mean 0: a wide interval.
    assert row["ci_low"] < 0
    # Treating every sentence as independent (each its own cluster) is falsely sure.
    naive = compare_groups(
        sentences, level="sentence", measures=["tone"], cluster="sentence_id", **FAST
    ).iloc[0]
    assert naive["ci_low"] > 0.3
    assert naive["p_value"] < row["p_value"]


def test_sentence_level_measures_get_the_cluster_resampling_scipy_gives_each_alone():
    # The drawn articles' sentence counts are summed once for the measures with the same
    # counts (tone, hedge_cues); a missing value gives booster_cues counts of their own.
    from scipy import stats

    rng = np.random.default_rng(4)
    sizes = rng.integers(1, 6, 20)
    frame = pd.DataFrame(
        {
            "doc_id": np.repeat([f"d{i:02}" for i in range(20)], sizes),
            "group": np.repeat(["a"] * 9 + ["b"] * 11, sizes),
        }
    )
    for measure in ("tone", "hedge_cues", "booster_cues"):
        frame[measure] = rng.normal(0, 1, len(frame)).round(1)
    frame.loc[[0, 7], "booster_cues"] = np.nan
    table = compare_groups(frame, level="sentence", n_resamples=299, seed=2,
                           measures=["tone", "hedge_cues", "booster_cues"])  # fmt: skip
    for row in table.itertuples():
        per_article = frame.dropna(subset=[row.measure]).groupby("doc_id")
        sums, counts = per_article[row.measure].sum(), per_article[row.measure].count()
        in_a = (per_article["group"].first() == "a").to_numpy()
        sums, counts = np.r_[sums[in_a], sums[~in_a]], np.r_[counts[in_a], counts[~in_a]]

        def mean(i, axis, sums=sums, counts=counts):  # of the sentences of articles i
            return sums[i].sum(axis) / counts[i].sum(axis)

        def difference(ia, ib, axis=-1, mean=mean):
            return mean(ia, axis) - mean(ib, axis)

        articles = (np.arange(in_a.sum()), np.arange(in_a.sum(), len(in_a)))
        interval = stats.bootstrap(
            articles, difference, n_resamples=299, method="percentile",
            rng=np.random.default_rng(2),
        ).confidence_interval  # fmt: skip
        p = stats.permutation_test(
            articles, lambda x, y, axis=-1: np.abs(difference(x, y, axis)),
            n_resamples=299, alternative="greater", rng=np.random.default_rng(2),
        ).pvalue  # fmt: skip
        assert (row.ci_low, row.ci_high) == pytest.approx(tuple(interval), rel=1e-12)
        assert row.p_value == p


def test_sentence_level_refuses_an_article_in_two_groups():
    sentences = pd.DataFrame({"doc_id": ["1", "1", "2"], "group": list("aba"), "tone": [1.0, 2, 3]})
    with pytest.raises(ValueError, match="more than one group"):
        compare_groups(sentences, level="sentence", measures=["tone"])


def test_log_odds_match_a_hand_computation():
    # a: x x y (3 words); b: y z (2 words); pooled prior counts x 2, y 2, z 1 (alpha_0 = 5).
    words = distinguishing_words(["X, x. 42 y!"], ["y z"], min_count=1, top=None)
    table = words.set_index("word")
    assert table.loc["x", ["count_a", "count_b"]].tolist() == [2, 0]
    expected = {
        "x": (math.log(4 / 4) - math.log(2 / 5), 1 / 4 + 1 / 2),
        "y": (math.log(3 / 5) - math.log(3 / 4), 1 / 3 + 1 / 3),
        "z": (math.log(1 / 7) - math.log(2 / 5), 1 / 1 + 1 / 2),
    }
    for word, (delta, variance) in expected.items():
        assert table.loc[word, "log_odds"] == pytest.approx(delta)
        assert table.loc[word, "z"] == pytest.approx(delta / math.sqrt(variance))
    assert words["word"].tolist() == ["x", "y", "z"]  # sorted by z, most typical of a first
    assert "42" not in table.index


def test_log_odds_prior_options():
    # alpha_0 = 10 doubles every prior count: x -> 4, y -> 4.
    words = distinguishing_words(["x x y"], ["y z"], alpha_0=10, min_count=1, top=None)
    x = words.set_index("word").loc["x"]
    assert x["log_odds"] == pytest.approx(math.log(6 / 7) - math.log(4 / 8))
    # A background corpus adds its counts to the prior: x 2 + 3 = 5 of 5 + 3 = 8 words.
    words = distinguishing_words(["x x y"], ["y z"], prior_texts=["x x x"], min_count=1, top=None)
    x = words.set_index("word").loc["x"]
    assert x["log_odds"] == pytest.approx(math.log(7 / 4) - math.log(5 / 5))


def test_log_odds_filters_and_truncates():
    words = distinguishing_words(["a b c d e f"] * 2, ["g h i j k l"] * 2, min_count=3, top=None)
    assert words.empty and list(words.columns) == ["word", "count_a", "count_b", "log_odds", "z"]
    words = distinguishing_words(["a b c d e f"] * 2, ["g h i j k l"] * 2, min_count=1, top=2)
    assert len(words) == 4
    assert set(words["word"].head(2)) <= set("abcdef")
    assert set(words["word"].tail(2)) <= set("ghijkl")


def test_many_groups_are_each_compared_with_the_rest():
    groups = pd.Series([f"g{i % 15:02d}" for i in range(150)] + ["g00"] * 5)
    plan = plan_comparisons(groups)
    assert plan.pairs[0] == ("g00", REST) and len(plan.pairs) == MAX_COMPARISONS
    assert "15 groups" in plan.note and "105" in plan.note and "--groups" in plan.note
    scores = pd.DataFrame({"group": groups, "tone": range(len(groups))})
    table = compare_groups(plan.frame(scores, plan.pairs[0]), groups=plan.pairs[0], n_resamples=99)
    assert table.loc[0, ["n_a", "n_b"]].tolist() == [15, 140]
    assert plan_comparisons(groups, "g01,g02").pairs == [("g01", "g02")]
    assert plan_comparisons(groups[:40].where(groups[:40] < "g03", "g03")).pairs == [
        ("g00", "g01"), ("g00", "g02"), ("g00", "g03"),
        ("g01", "g02"), ("g01", "g03"), ("g02", "g03"),
    ]  # fmt: skip


def test_the_blank_group_is_not_counted_compared_or_part_of_the_rest():
    four = pd.Series(list("aabbccdd") + ["unknown"] * 30)
    plan = plan_comparisons(four)  # four labelled groups: every pair, none with unknown
    assert len(plan.pairs) == 6 and all(UNKNOWN not in pair for pair in plan.pairs)
    assert plan.note.startswith("4 groups")
    five = pd.Series(list("aabbccddee") + ["unknown"] * 30)
    plan = plan_comparisons(five)  # five: each against the rest, unknown in neither side
    assert [a for a, _ in plan.pairs] == list("abcde")
    scores = pd.DataFrame({"group": five, "tone": range(len(five))})
    table = compare_groups(plan.frame(scores, plan.pairs[0]), groups=plan.pairs[0], n_resamples=99)
    assert table.loc[0, ["n_a", "n_b"]].tolist() == [2, 8]


def test_large_corpora_get_fewer_resamples_and_are_told_so():
    groups = pd.Series(["a", "b"] * 50_000)
    plan = plan_comparisons(groups, n_resamples=9999)
    assert 999 <= plan.n_resamples < 9999
    assert f"{plan.n_resamples:,} resamples instead of 9,999" in plan.note
    assert plan_comparisons(groups[:1000], n_resamples=9999).n_resamples == 9999


@pytest.mark.parametrize("n_a, n_b", [(3, 2), (3, 3), (4, 4), (40, 35)])
def test_min_possible_p_is_the_one_compare_groups_reports(n_a, n_b):
    scores = pd.DataFrame({"group": ["a"] * n_a + ["b"] * n_b, "tone": range(n_a + n_b)})
    table = compare_groups(scores, n_resamples=999)
    assert table.loc[0, "min_possible_p"] == min_possible_p(n_a, n_b, 999)
    assert table.loc[0, "p_value"] >= min_possible_p(n_a, n_b, 999) - 1e-12


def test_the_typical_article_is_nearest_its_group_medians():
    scores = pd.DataFrame(
        {
            "doc_id": list("abcdef"),
            "group": list("xxxyyy"),
            "tone": [0.0, 0.1, 0.9, 0.5, 0.5, 0.5],
            "hedges": [1.0, 2.0, 2.0, 0.0, 9.0, 4.0],
        }
    )
    assert typical_articles(scores, ["tone", "hedges"]).to_dict() == {"x": "b", "y": "f"}
