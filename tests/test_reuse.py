"""Text reuse: copied and lightly edited sentences are found, short ones are not."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.scoring.score import score_sentences
from analysis.statistics.reuse import (
    MATCH_COLUMNS,
    drop_reused,
    matched_sentences,
    reused_sentences,
    text_reuse,
)

ORIGINAL = (
    "U.S. envoy Steve Witkoff said Saturday he had held constructive talks with a Russian envoy.\n"
    "Neither side released details of what was discussed.\n"
    "Talks ended. Nobody spoke after that."
)
EDITED = (
    "The weather in Miami was humid and the palms swayed in the breeze.\n"
    # the same sentence with one word changed and curly quotes added
    "U.S. envoy Steve Witkoff said “Saturday” he had held productive talks with a Russian envoy.\n"
    "Neither side released details of what was discussed.\n"
    "Talks ended. Nobody spoke after that."
)
UNRELATED = "Grain prices rose sharply across Europe after the announcement on Monday."


@pytest.fixture
def corpus() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [ORIGINAL, EDITED, UNRELATED]})


def test_copied_and_edited_sentences_match_short_ones_do_not(corpus):
    matches = matched_sentences(corpus)
    assert list(matches.columns) == MATCH_COLUMNS
    a_to_b = matches[(matches.doc_a == "a") & (matches.doc_b == "b")]
    assert a_to_b["sentence_a"].tolist() == [0, 1]
    assert a_to_b["sentence_b"].tolist() == [1, 2]
    similarity = a_to_b.set_index("sentence_a")["similarity"]
    assert similarity[1] == 1.0  # verbatim
    assert 0.5 <= similarity[0] < 1.0  # one word changed, quotes added
    # "Talks ended." and "Nobody spoke after that." are in both, but too short to count.
    assert not matches["text_a"].str.startswith(("Talks", "Nobody")).any()


def test_text_reuse_has_every_ordered_pair(corpus):
    reuse = text_reuse(corpus)
    assert len(reuse) == 3 * 2
    assert not (reuse.doc_a == reuse.doc_b).any()
    share = reuse.set_index(["doc_a", "doc_b"])
    assert share.loc[("a", "b"), ["matched", "sentences_a"]].tolist() == [2, 2]
    assert share.loc[("a", "b"), "share"] == 1.0
    assert share.loc[("b", "a"), "share"] == pytest.approx(2 / 3)  # b's Miami sentence is new
    assert share.loc[("a", "c"), "share"] == 0.0


def test_an_article_without_long_sentences_has_no_share():
    corpus = pd.DataFrame({"doc_id": ["x", "y"], "text": ["Short one.", ORIGINAL]})
    reuse = text_reuse(corpus).set_index("doc_a")
    assert reuse.loc["x", "sentences_a"] == 0
    assert pd.isna(reuse.loc["x", "share"])


def test_ids_may_be_the_index_but_must_be_unique(corpus):
    by_index = text_reuse(corpus.set_index("doc_id"))
    pd.testing.assert_frame_equal(by_index, text_reuse(corpus))
    doubled = pd.concat([corpus, corpus])
    with pytest.raises(ValueError, match="unique"):
        text_reuse(doubled)


def test_reused_sentences_keep_the_earliest_copy(corpus):
    assert reused_sentences(corpus) == {("b", 1), ("b", 2)}
    corpus["date"] = ["2026-02-02", "2026-02-01", "2026-02-03"]
    assert reused_sentences(corpus, order_by="date") == {("a", 0), ("a", 1)}


def test_drop_reused_joins_with_score_sentences(corpus):
    reused = reused_sentences(corpus)
    sentences = score_sentences(corpus)
    kept = drop_reused(sentences, reused)
    assert len(kept) == len(sentences) - 2
    dropped = sentences.loc[sentences.index.difference(kept.index)]
    assert dropped["text"].tolist() == [
        EDITED.splitlines()[1],
        "Neither side released details of what was discussed.",
    ]


def test_seed_wire_rewrite_shares_sentences_with_the_afp_report():
    corpus = load_corpus()
    ids = {doc[:3]: doc for doc in corpus["doc_id"]}
    reuse = text_reuse(corpus).set_index(["doc_a", "doc_b"])
    assert reuse.loc[(ids["001"], ids["002"]), "share"] > 0
    matches = matched_sentences(corpus)
    witkoff = matches[(matches.doc_a == ids["001"]) & (matches.doc_b == ids["002"])]
    assert witkoff["text_a"].str.contains("Witkoff posted on X").any()
    # The two colour features share no sentence with anything.
    assert reuse.loc[[ids["000"], ids["003"]], "matched"].sum() == 0
