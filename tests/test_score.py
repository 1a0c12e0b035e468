"""score_texts and explain: the stable columns, one tokenization shared by every measure,
and no crash on arbitrary input (property-based)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import explain, load_corpus, score_sentences, score_texts
from analysis.measures.registry import measures
from analysis.scoring.score import (
    doc_cues,
    explain_corpus,
    largest_disagreements,
    weights_shown,
)
from analysis.text import make_doc

STABLE_COLUMNS = [
    "words",
    "tone",
    "vader_compound",
    "textblob_polarity",
    "textblob_subjectivity",
    "hedge_cues",
    "hedged",
    "human_interest_cues",
    "human_interest",
    "quotes",
]


@pytest.fixture(scope="module")
def seed():
    return load_corpus()


def test_one_row_per_text_in_order_with_the_stable_columns(seed):
    scores = score_texts(seed["text"])
    assert list(scores.index) == list(seed.index)
    assert set(STABLE_COLUMNS) <= set(scores.columns)
    assert (scores["hedged"] == (scores["hedge_cues"] > 0)).all()
    for column in (c for m in measures() for c in m.rate_columns):
        expected = 1000 * scores[column] / scores["words"]
        assert scores[f"{column}_per_1k_words"].round(9).equals(expected.round(9))


def test_explain_is_the_evidence_that_was_counted(seed):
    text = seed["text"].iloc[0]
    row = score_texts([text]).iloc[0]
    cues = explain(text)
    assert (cues["measure"] == "hedge").sum() == row["hedge_cues"]
    assert (cues["measure"] == "human_interest").sum() == row["human_interest_cues"]
    assert (cues["measure"] == "quote").sum() == row["quotes"]
    for cue in cues.itertuples():
        assert text[cue.start : cue.end] == cue.text or cue.measure == "quote"


def test_a_single_sentence_is_human_interest_when_it_carries_a_cue():
    sentence = "Natalia, a 42-year-old who fled Kharkiv, now runs a small bakery."
    row = score_texts([sentence]).iloc[0]
    assert row["human_interest_cues"] > 0 and row["human_interest"]


def test_sentence_rows_add_up_to_the_article(seed):
    sentences = score_sentences(seed)
    scores = score_texts(seed["text"])
    per_article = sentences.groupby("doc_id", sort=False)["hedge_cues"].sum()
    assert list(per_article) == list(scores["hedge_cues"])
    assert set(sentences["group"]) == set(seed["group"])


def test_editing_a_sentence_moves_the_scores_the_way_a_reader_expects():
    plain, hedged = score_texts(
        [
            "Officials said the talks were constructive.",
            "Officials reportedly said the talks may have been constructive.",
        ]
    ).to_dict("records")
    assert hedged["hedge_cues"] > plain["hedge_cues"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_unicode_never_crashes(text):
    row = score_texts([text]).iloc[0]
    assert row["words"] >= 0
    assert -1 <= row["tone"] <= 1 and not math.isnan(row["tone"])
    explain(text)


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "“", '"""', "?!", "\x00\ufeff"])
def test_degenerate_texts_score_zero(text):
    row = score_texts([text]).iloc[0]
    assert row["words"] == 0 and row["hedge_cues"] == 0 and row["quotes"] == 0
    assert row["hedge_cues_per_1k_words"] == 0.0 and row["tone"] == 0.0


def test_a_very_long_text_is_scored(seed):
    text = "\n".join(seed["text"]) * 20  # about 80,000 words
    row = score_texts([text]).iloc[0]
    assert row["words"] > 50_000
    assert -1 <= row["tone"] <= 1


def test_explain_corpus_is_explain_for_every_article():
    corpus = load_corpus()
    table = explain_corpus(corpus)
    expected = pd.concat(
        [
            explain(t).assign(doc_id=d)
            for d, t in zip(corpus["doc_id"], corpus["text"], strict=True)
        ],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(table, expected[table.columns])
    hedges = explain_corpus(corpus, measures=["hedge"])
    assert (
        set(hedges["measure"]) == {"hedge"} and len(hedges) == (table["measure"] == "hedge").sum()
    )


def test_the_rules_cues_are_every_cue_less_the_learned_layers(seed):
    learned = {m.weights_measure for m in measures() if m.weights is not None}
    assert learned and "" not in learned  # every shipped learned layer names its kind
    for text in seed["text"]:
        doc = make_doc(text)
        rules = doc_cues(doc, weights=False)
        assert rules == [c for c in doc_cues(doc) if c.measure not in learned]
        assert all(c.weight is None for c in rules)
    assert not weights_shown(["hedge", "booster"]) and weights_shown([*learned][:1])
    assert weights_shown(None)


def test_largest_disagreements_give_each_sentence_the_tones_score_texts_gives_it():
    sentences = score_sentences(load_corpus())
    table = largest_disagreements(sentences, top=4, limit=60, seed=1)
    alone = score_texts(table["text"].tolist())
    for column in ("tone", "vader_compound", "textblob_polarity"):
        assert table[column].tolist() == alone[column].tolist()
    gaps = (alone["vader_compound"] - alone["textblob_polarity"]).abs()
    assert table["gap"].tolist() == gaps.tolist() == sorted(gaps, reverse=True)
    drawn = sentences.sample(60, random_state=1)  # the 60 it may score
    assert set(table["text"]) <= set(drawn["text"])
