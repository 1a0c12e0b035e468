"""Later rounds of coding: drawn where a model is least sure, never twice, weighted without bias."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from analysis import load_corpus, paths
from analysis.coding import rounds
from analysis.coding.sample import Sample, corpus_units
from analysis.coding.sheets import read_sample, write_sample


def _units(n: int = 600, groups: tuple[str, ...] = ("fox", "nyt", "hpo")) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "doc_id": [f"d{i // 10}" for i in range(n)],
            "group": [groups[i % len(groups)] for i in range(n)],
            "start": [(i % 10) * 100 for i in range(n)],
            "end": [(i % 10) * 100 + 50 for i in range(n)],
            "p": rng.beta(0.6, 0.6, n),
        }
    )


def test_a_later_round_draws_more_where_the_model_is_unsure_and_never_with_probability_zero():
    units = _units()
    doubt = rounds.uncertainty(units["p"].to_numpy())
    design = rounds.draw_uncertain(units, doubt, n=60, seed=1)
    assert len(design) == 60
    assert design[["doc_id", "start"]].duplicated().sum() == 0
    pi = design.groupby("stratum")["inclusion_probability"].first()
    assert (pi > 0).all() and (pi <= 1).all()
    unsure = pi[pi.index.str.endswith("0.75-1.00")].mean()
    sure = pi[pi.index.str.endswith("0.00-0.25")].mean()
    assert unsure > 2 * sure
    # every stratum of the corpus is represented, so no unit has probability zero
    bands = max(1, min(rounds.BANDS, 60 // 3))
    band = np.minimum((doubt * bands).astype(int), bands - 1)
    assert design["stratum"].nunique() == len(set(zip(units["group"], band, strict=True)))


def test_a_later_round_draws_the_same_units_whatever_order_they_come_in():
    units = _units(300)
    doubt = rounds.uncertainty(units["p"].to_numpy())
    drawn = rounds.draw_uncertain(units, doubt, n=30, seed=5)
    shuffled = np.random.default_rng(1).permutation(len(units))
    again = rounds.draw_uncertain(units.iloc[shuffled], doubt[shuffled], n=30, seed=5)
    key = ["doc_id", "start", "p"]
    pd.testing.assert_frame_equal(
        drawn.sort_values(key, ignore_index=True), again.sort_values(key, ignore_index=True)
    )


def test_horvitz_thompson_over_pooled_rounds_is_unbiased_where_the_plain_mean_is_not():
    """Round 1 fixed, round 2 drawn 500 times by doubt: the pooled weighted total of a
    yes/no answer that goes with the doubt must average to the corpus total."""
    units = _units()
    y = pd.Series((units["p"] > 0.35) & (units["p"] < 0.7), index=units.index).astype(float)
    first = units.sample(40, random_state=0)
    first = first.assign(
        stratum="all", stratum_units=len(units), stratum_sample=40, weight=len(units) / 40
    )
    rest = units.drop(first.index).reset_index(names="row")
    doubt = rounds.uncertainty(rest["p"].to_numpy())
    r1 = Sample("s-1", "sentence", 0, first.reset_index(names="row"), pd.DataFrame())
    estimates, plain = [], []
    for seed in range(500):
        drawn = rounds.draw_uncertain(rest, doubt, n=40, seed=seed)
        pooled = rounds.pool([r1, Sample("s-2", "sentence", seed, drawn, pd.DataFrame(), round=2)])
        d = pooled.design
        answers = y.loc[d["row"]].to_numpy()
        estimates.append((d["weight"].to_numpy() * answers).sum())
        plain.append(len(units) * answers.mean())
    truth = y.sum()
    se = np.std(estimates) / np.sqrt(len(estimates))
    assert abs(np.mean(estimates) - truth) < 4 * se
    assert abs(np.mean(plain) - truth) > 10 * se  # the test has power: ignoring weights is biased


def test_too_small_a_round_for_the_groups_is_refused():
    with pytest.raises(ValueError, match="at least the number of groups"):
        rounds.draw_uncertain(_units(), np.full(600, 0.5), n=2, seed=0)


def test_the_next_round_never_offers_a_coded_unit_and_links_back(tmp_path):
    articles = load_corpus(None, group_by="genre")
    shutil.copytree(paths.DATA / "coding-example", tmp_path / "r1")

    def coin(units: pd.DataFrame) -> tuple[np.ndarray, float]:
        return np.random.default_rng(0).random(len(units)), 0.5

    second = rounds.next_round(articles, tmp_path / "r1", coin, n=20, seed=0, out=tmp_path / "r2")
    write_sample(second, tmp_path / "r2")
    first = read_sample(tmp_path / "r1")
    key = ["doc_id", "start", "end"]
    again = second.design[key].astype(str).merge(first.design[key].astype(str))
    assert again.empty
    assert read_sample(tmp_path / "r2").round == 2
    assert rounds.chain(tmp_path / "r2")[0].resolve() == (tmp_path / "r1").resolve()
    assert all(u.startswith("r2-") for u in second.design["unit_id"])
    assert "round 2" in (tmp_path / "r2" / "README.md").read_text(encoding="utf-8")


def test_sample_after_an_uncoded_sample_or_for_a_code_no_model_reads_says_so(tmp_path, capsys):
    from analysis.__main__ import main

    assert main(["sample", "--n", "8", "--out", str(tmp_path / "r1")]) == 0
    capsys.readouterr()
    assert main(["sample", "--after", str(tmp_path / "r1"), "--out", str(tmp_path / "r2")]) == 1
    assert "no coded sheets" in capsys.readouterr().err
    shutil.copytree(paths.DATA / "coding-example", tmp_path / "example")
    args = ["sample", "--after", str(tmp_path / "example"), "--code", "speaker"]
    assert main([*args, "--out", str(tmp_path / "r3")]) == 1
    assert "no learned model reads 'speaker'" in capsys.readouterr().err
    assert not (tmp_path / "r2").exists() and not (tmp_path / "r3").exists()


def test_the_next_round_knows_coded_units_whose_ids_look_like_formulas(tmp_path):
    """design.csv keeps an id such as "=a1" guarded against spreadsheets; the next round
    must still see that its units are coded."""
    articles = pd.DataFrame(
        {
            "doc_id": [f"=d{i}" for i in range(6)],
            "group": ["x", "y"] * 3,
            "text": [f"Talks may resume in town {i}. Marco, a fisherman, wept." for i in range(6)],
        }
    )
    first = rounds.draw_uncertain(corpus_units(articles), np.full(12, 0.5), n=10, seed=0).assign(
        unit_id=[f"u{i}" for i in range(10)]
    )
    write_sample(
        Sample("s-1", "sentence", 0, first, pd.DataFrame({"group": ["x"]})), tmp_path / "r1"
    )

    def coin(units: pd.DataFrame) -> tuple[np.ndarray, float]:
        return np.full(len(units), 0.5), 0.5

    second = rounds.next_round(articles, tmp_path / "r1", coin, n=2, seed=0, out=tmp_path / "r2")
    key = ["doc_id", "start", "end"]
    assert len(second.design) == 2
    assert second.design[key].astype(str).merge(first[key].astype(str)).empty
