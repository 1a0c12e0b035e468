"""Events: found from the texts, overridden by the user, reviewed and read back; compared within.

The blocked comparison is checked on synthetic corpora whose truth is known: a
difference that lies only between events (wire covers other stories) must
vanish under blocking, one that lies within events must survive it.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from report_corpora import PAIR_EVENTS

from analysis import find_events, load_corpus, load_events, paths
from analysis.__main__ import main
from analysis.corpus import CorpusError
from analysis.evaluate import EvalDataMissing
from analysis.evaluate import events as evaluate_events
from analysis.statistics.blocked import MIN_EVENTS_MIXED, compare_within_events
from analysis.statistics.compare import compare_groups
from analysis.statistics.describe import describe_comparison
from analysis.statistics.events import (
    COLUMNS,
    agreement,
    event_index,
    event_table,
    names,
    save_events,
)
from analysis.views.plots import plot_event_lines

JANUARY = {"000_a89683496b4cef77", "001_f49bdae61d479ff0", "002_8849fa07efa36ea9",
           "004_da186260c844cd04"}  # fmt: skip
DECEMBER = "003_c971a7b832d7bb1e"


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return load_corpus()


def story(place: str, person: str, day: str, n: int, topic: str) -> list[dict]:
    """``n`` short articles on one invented event: shared names, rare terms and a date."""
    rng = np.random.default_rng(abs(hash((place, person))) % 2**32)
    filler = "officials said on Tuesday that the situation remained under review".split()
    rows = []
    for i in range(n):
        words = list(rng.permutation(filler))
        text = (
            f"In {place}, {person} spoke about the {topic} crisis. "
            f"Residents of {place} said the {topic} {' '.join(words)}. "
            f"According to {person}, the {topic} response in {place} continues."
        )
        rows.append({"doc_id": f"{place}-{i}", "date": day, "text": text, "truth": place})
    return rows


@pytest.fixture
def invented() -> pd.DataFrame:
    rows = (
        story("Tromsø", "Ingrid Solberg", "2024-03-01", 3, "avalanche")
        + story("Valparaíso", "Matías Rojas", "2024-03-02", 4, "wildfire")
        + story("Kinshasa", "Grace Mbuyi", "2024-03-03", 2, "cholera")
    )
    return pd.DataFrame(rows)


def test_the_seed_corpus_splits_into_its_two_events(seed):
    found = find_events(seed, use_given=False).set_index("doc_id")
    january = found.loc[sorted(JANUARY), "event"]
    assert january.nunique() == 1
    assert found.loc[DECEMBER, "event"] != january.iloc[0]
    assert found["event"].nunique() == 2
    assert (found["source"] == "found").all()


def test_invented_events_are_recovered_with_their_evidence(invented):
    found = find_events(invented)
    assert list(found.columns) == list(COLUMNS)
    truth = invented["truth"].to_numpy()
    assert agreement(found["event"], truth)["adjusted_rand"] == 1.0
    by_event = found.assign(truth=truth).drop_duplicates("event").set_index("truth")
    assert "solberg" in by_event.loc["Tromsø", "shared_names"]
    assert "avalanche" in by_event.loc["Tromsø", "shared_terms"]
    assert by_event.loc["Valparaíso", "first_date"] == "2024-03-02"
    assert found["strength"].between(0, 1).all()
    assert event_table(found)["articles"].tolist() == [4, 3, 2]


def test_the_date_window_separates_the_same_words_far_apart_in_time():
    rows = story("Tromsø", "Ingrid Solberg", "2024-03-01", 2, "avalanche")
    later = story("Tromsø", "Ingrid Solberg", "2024-09-01", 2, "avalanche")
    for row in later:
        row["doc_id"] += "-later"
    corpus = pd.DataFrame(rows + later)
    assert find_events(corpus)["event"].nunique() == 2
    assert find_events(corpus, window_days=None)["event"].nunique() == 1


def test_an_article_alone_has_no_strength_and_no_shared_evidence(invented):
    corpus = pd.concat(
        [invented, pd.DataFrame([{"doc_id": "x", "date": "2024-03-01", "truth": "x",
                                  "text": "Quarterly cocoa futures in Accra rose sharply."}])],
        ignore_index=True,
    )  # fmt: skip
    alone = find_events(corpus).set_index("doc_id").loc["x"]
    assert alone["event_size"] == 1
    assert np.isnan(alone["strength"])
    assert alone["shared_names"] == alone["shared_terms"] == ""


def test_the_users_event_column_wins(seed):
    given = find_events(seed)
    assert (given["event"] == seed["event"]).all()
    assert (given["source"] == "given").all()
    # an article without an event joins the user's event most of its found event carries
    partial = seed.assign(event=seed["event"].where(seed["doc_id"] != "002_8849fa07efa36ea9",
                                                    "unknown"))  # fmt: skip
    found = find_events(partial).set_index("doc_id")
    assert found.loc["002_8849fa07efa36ea9", "event"] == seed.set_index("doc_id").loc[
        "001_f49bdae61d479ff0", "event"]  # fmt: skip
    assert found.loc["002_8849fa07efa36ea9", "source"] == "found"


def test_a_reviewed_events_file_round_trips(seed, tmp_path):
    path = save_events(find_events(seed, use_given=False), tmp_path / "events.csv")
    reviewed = pd.read_csv(path, dtype=str, keep_default_na=False)
    reviewed.loc[reviewed["doc_id"] == DECEMBER, "event"] = "Miami, December 2025"
    reviewed.to_csv(path, index=False)
    loaded = load_events(path)
    assert list(loaded.columns) == ["doc_id", "event"]
    again = find_events(seed, events=path, use_given=False).set_index("doc_id")
    assert again.loc[DECEMBER, "event"] == "Miami, December 2025"
    assert again.loc[sorted(JANUARY), "event"].nunique() == 1
    assert (again["source"] == "reviewed").all()  # the reviewed file said so for each


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("doc_id,label\na,x\n", "lacks column"),
        ("doc_id,event\na,x\na,y\n", "repeated"),
        ("doc_id,event\na, \n", "no event for doc_id a"),
    ],
)
def test_a_bad_events_file_is_refused_naming_it(tmp_path, content, message):
    path = tmp_path / "reviewed.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as error:
        load_events(path)
    assert "reviewed.csv" in str(error.value)


def test_an_events_file_naming_unknown_articles_is_refused(seed, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("doc_id,event\nnot-in-corpus,E1\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"not in the corpus: row 2 \(not-in-corpus\)"):
        find_events(seed, events=path)


def test_the_command_line_writes_and_reads_back(tmp_path, capsys):
    out = tmp_path / "events.csv"
    assert main(["events", "--out", str(out), "--ignore-given"]) == 0
    assert "2 events written" in capsys.readouterr().out
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    table.loc[table["doc_id"] == DECEMBER, "event"] = "December"
    table.to_csv(out, index=False)
    again = tmp_path / "again.csv"
    assert main(["events", "--events", str(out), "--out", str(again)]) == 0
    assert "December" in set(pd.read_csv(again)["event"])
    assert main(["events", "--events", str(tmp_path / "missing.csv")]) == 1
    assert "events file not found" in capsys.readouterr().err


def test_names_are_capitalised_words_inside_sentences():
    assert names("Talks began. Officials met Zelensky in Kyiv's centre.") == ["zelensky", "kyiv"]


# The blocked comparison


def synthetic(*, within: float, between: float, n_events: int = 24, seed: int = 0) -> pd.DataFrame:
    """Articles of ``n_events`` events, 3 wire and 3 colour each, or one group only.

    Each event has a level of its own; in the first half of the events wire
    articles outnumber colour 5 to 1 and the events' levels are ``between``
    higher, so a plain comparison sees a genre difference that is the events'.
    ``within`` is the true wire-minus-colour difference on the same event.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for e in range(n_events):
        high = e < n_events // 2
        level = rng.normal(0, 0.2) + (between if high else 0.0)
        wire = 5 if high else 1
        for i in range(6):
            group = "wire" if i < wire else "colour"
            value = level + (within if group == "wire" else 0.0) + rng.normal(0, 0.3)
            rows.append({"doc_id": f"{e}-{i}", "event": f"e{e}", "group": group, "tone": value})
    rows.append({"doc_id": "solo", "event": "solo", "group": "wire", "tone": 0.0})
    return pd.DataFrame(rows)


def test_a_difference_between_events_vanishes_under_blocking():
    scores = synthetic(within=0.0, between=2.0)
    plain = compare_groups(scores, groups=("wire", "colour"), measures=["tone"], n_resamples=999)
    assert plain.loc[0, "difference"] > 0.8 and plain.loc[0, "p_value"] < 0.01
    blocked = compare_within_events(
        scores, groups=("wire", "colour"), measures=["tone"], n_resamples=999
    ).iloc[0]
    assert abs(blocked["difference"]) < 0.3
    assert blocked["p_value"] > 0.05 and blocked["wilcoxon_p"] > 0.05 and blocked["mixed_p"] > 0.05
    assert blocked["ci_low"] < 0 < blocked["ci_high"]
    assert blocked["unblocked_difference"] == pytest.approx(plain.loc[0, "difference"])
    assert blocked["n_events"] == 24 and blocked["n_events_one_group"] == 1
    assert "1 event(s) covered by one group only" in blocked["note"]


def test_a_difference_within_events_survives_blocking():
    blocked = compare_within_events(
        synthetic(within=0.5, between=2.0), groups=("wire", "colour"), measures=["tone"],
        n_resamples=999,
    ).iloc[0]  # fmt: skip
    assert blocked["difference"] == pytest.approx(0.5, abs=0.2)
    assert blocked["p_value"] < 0.01 and blocked["wilcoxon_p"] < 0.01 and blocked["mixed_p"] < 0.01
    assert blocked["effect_size"] > 0.8 and blocked["dz_ci_low"] > 0
    assert blocked["mixed_ci_low"] < blocked["mixed_difference"] < blocked["mixed_ci_high"]


def test_few_events_are_said_plainly():
    few = synthetic(within=0.5, between=0.0, n_events=4)
    row = compare_within_events(few, groups=("wire", "colour"), measures=["tone"],
                                n_resamples=99).iloc[0]  # fmt: skip
    assert "only 4 events with both groups" in row["note"]
    assert f"fewer than {MIN_EVENTS_MIXED} events: no mixed-effects model" in row["note"]
    assert np.isnan(row["mixed_p"])
    one = few[few["event"].isin(["e0", "solo"])]
    row = compare_within_events(one, groups=("wire", "colour"), measures=["tone"],
                                n_resamples=99).iloc[0]  # fmt: skip
    assert row["n_events"] == 1 and np.isnan(row["effect_size"])
    assert "only 1 event with both groups" in row["note"]


def _within_event_p_by_hand(frame: pd.DataFrame) -> float:
    """Every relabelling of wire and colour within events, the statistic recomputed each time."""
    import itertools

    events = [g.reset_index(drop=True) for _, g in frame.groupby("event")]

    def mean_difference(labels) -> float:
        return np.mean([
            e["tone"][lab].mean() - e["tone"][~lab].mean()
            for e, lab in zip(events, labels, strict=True)
        ])  # fmt: skip

    splits = [
        [np.isin(np.arange(len(e)), chosen)
         for chosen in itertools.combinations(range(len(e)), int((e["group"] == "wire").sum()))]
        for e in events
    ]  # fmt: skip
    observed = abs(mean_difference([e["group"].eq("wire").to_numpy() for e in events]))
    null = [abs(mean_difference(labels)) for labels in itertools.product(*splits)]
    return float(np.mean(np.array(null) >= observed - 1e-12))


def test_the_within_event_test_is_exact_and_each_measure_gets_its_own_answer():
    # 3 events of 2 wire and 2 colour pieces: 6 ** 3 = 216 splits, all enumerated.
    rng = np.random.default_rng(4)
    frame = pd.DataFrame({
        "event": np.repeat(["e0", "e1", "e2"], 4),
        "group": ["wire", "wire", "colour", "colour"] * 3,
        "tone": rng.normal(0, 1, 12) + np.tile([0.6, 0.6, 0, 0], 3),
        "hedge_probability": rng.integers(0, 3, 12) / 2,
    })  # fmt: skip
    table = compare_within_events(frame, groups=("wire", "colour"), n_resamples=999)
    row = table.set_index("measure").loc["tone"]
    assert row["exact"] and row["n_permutations"] == 216
    assert row["p_value"] == pytest.approx(_within_event_p_by_hand(frame))
    # Tested together or alone, sampled or exact, a measure's p is its own.
    for n_resamples in (999, 99):
        both = compare_within_events(frame, groups=("wire", "colour"), n_resamples=n_resamples)
        for measure in ("tone", "hedge_probability"):
            alone = compare_within_events(
                frame, groups=("wire", "colour"), measures=[measure], n_resamples=n_resamples
            )
            pd.testing.assert_frame_equal(
                alone, both[both["measure"] == measure].reset_index(drop=True)
            )


def test_the_answer_in_words_leads_with_the_blocked_result():
    scores = synthetic(within=0.0, between=2.0)
    plain = compare_groups(scores, groups=("wire", "colour"), measures=["tone"], n_resamples=99)
    blocked = compare_within_events(scores, groups=("wire", "colour"), measures=["tone"],
                                    n_resamples=99)  # fmt: skip
    text = describe_comparison(plain, blocked=blocked)
    assert text.startswith("**Within events:** on the 24 events covered by both groups (wire and")
    assert "no difference is established" in text.split("\n")[0]
    assert "blocking by event moved the difference by -" in text
    assert describe_comparison(plain) in text  # the plain answer follows, unchanged


def test_the_event_figure_does_not_grow_with_the_events():
    small = plot_event_lines(synthetic(within=0.5, between=0, n_events=6), pair=("wire", "colour"),
                             measures=["tone"])  # fmt: skip
    large = plot_event_lines(synthetic(within=0.5, between=0, n_events=200),
                             pair=("wire", "colour"), measures=["tone"], max_events=40)  # fmt: skip
    assert tuple(small.get_size_inches()) == tuple(large.get_size_inches())
    assert len(large.axes[0].lines) == 41  # 40 events and their mean
    assert "160 smaller events not drawn" in large.get_suptitle()


# Validity on BASIL (read from paths.EVAL, never committed)


@pytest.mark.eval
def test_event_finding_meets_its_targets_on_basils_held_out_half():
    try:
        rows = pd.DataFrame(evaluate_events.evaluate(paths.EVAL))
    except EvalDataMissing as missing:
        pytest.skip(f"BASIL not available: {missing}")
    suite = rows[rows["system"].str.startswith("suite: ")].set_index("metric")["value"]
    assert suite["f1"] >= 0.90
    assert suite["adjusted_rand"] >= 0.85
    anchor = rows[rows["kind"] == "anchor (measured here)"].set_index("metric")["value"]
    assert suite["f1"] > anchor["f1"]


@pytest.mark.eval
def test_the_basil_split_keeps_events_whole():
    try:
        articles = evaluate_events.load_basil(paths.EVAL)
    except EvalDataMissing as missing:
        pytest.skip(f"BASIL not available: {missing}")
    halves = articles.groupby("event")["event"].first().map(evaluate_events.split)
    assert set(halves) == {"dev", "held-out"}
    assert articles.groupby("event").size().eq(3).all()


def test_a_component_too_large_for_average_linkage_is_split_first(invented, monkeypatch):
    from analysis.statistics import events as module

    expected = find_events(invented)["event"]
    monkeypatch.setattr(module, "MAX_COMPONENT", 2)  # every event here is larger
    split_first = find_events(invented)["event"]
    assert agreement(split_first, invented["truth"])["precision"] == 1.0
    assert split_first.nunique() >= expected.nunique()


def test_dates_in_mixed_formats_are_read_and_unknown_ones_constrain_nothing():
    rows = story("Tromsø", "Ingrid Solberg", "2024-03-01", 3, "avalanche")
    rows[1]["date"], rows[2]["date"] = "March 2, 2024", "unknown"
    found = find_events(pd.DataFrame(rows))
    assert found["event"].nunique() == 1
    assert found.loc[0, "first_date"] == "2024-03-01" and found.loc[0, "last_date"] == "2024-03-02"


def test_texts_with_nothing_to_compare_are_refused_plainly():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["the and of", "it is 42"]})
    with pytest.raises(ValueError, match="no article has a word to compare"):
        find_events(corpus)


@pytest.mark.slow
def test_report_events_reaches_page_08_and_shows_them_as_reviewed(pair_run):
    """`report --events FILE` (the pair run of tests/conftest.py, through the command line):
    the reviewed file's events win in notebook 08, which says so."""
    reviewed = pair_run.parent / "events.csv"
    events = pd.read_csv(pair_run / "tables" / "08-events.csv")
    assert (events["source"] == "reviewed").all()
    assert events["event"].nunique() == len(set(PAIR_EVENTS)) > 1
    page = (pair_run / "08-same-event.html").read_text("utf-8")
    assert f"{len(PAIR_EVENTS)} reviewed (from the events file)" in page
    manifest = json.loads((pair_run / "manifest.json").read_text("utf-8"))
    assert manifest["parameters"]["events_file"] == str(reviewed)
    assert str(reviewed) in manifest["inputs"]


def test_report_refuses_an_events_file_naming_articles_not_in_the_corpus(tmp_path, capsys):
    reviewed = tmp_path / "events.csv"
    reviewed.write_text("doc_id,event\nnot-an-article,E1\n", encoding="utf-8")
    assert main(["report", "--out", str(tmp_path / "run"), "--events", str(reviewed)]) == 1
    err = capsys.readouterr().err
    assert "events.csv" in err and "not-an-article" in err
    assert not (tmp_path / "run").exists()


def test_events_found_with_an_index_made_once_are_those_found_afresh(invented):
    corpus = invented.assign(event=["given"] * 3 + [None] * 6)  # some given, some found
    index = event_index(corpus)
    for kwargs in ({}, {"use_given": False}, {"use_given": False, "threshold": 0.24}):
        pd.testing.assert_frame_equal(
            find_events(corpus, index=index, **kwargs), find_events(corpus, **kwargs)
        )
    with pytest.raises(ValueError, match="other titles or texts"):
        find_events(corpus.iloc[::-1], index=index)
