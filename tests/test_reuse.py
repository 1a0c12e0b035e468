"""Text reuse: copied and lightly edited sentences are found, short ones are not."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.scoring.score import score_sentences
from analysis.statistics.reuse import (
    MATCH_COLUMNS,
    drop_reused,
    matched_sentences,
    reuse_between_groups,
    reuse_index,
    reused_sentences,
    sentence_words,
    text_reuse,
)
from analysis.text import make_doc, normalised_words, sentence_spans

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


def test_text_reuse_lists_the_pairs_that_share_a_sentence(corpus):
    reuse = text_reuse(corpus)
    assert reuse[["doc_a", "doc_b"]].values.tolist() == [["a", "b"], ["b", "a"]]  # c shares nothing
    share = reuse.set_index(["doc_a", "doc_b"])
    assert share.loc[("a", "b"), ["matched", "sentences_a"]].tolist() == [2, 2]
    assert share.loc[("a", "b"), "share"] == 1.0
    assert share.loc[("b", "a"), "share"] == pytest.approx(2 / 3)  # b's Miami sentence is new


def test_an_article_without_long_sentences_shares_nothing():
    corpus = pd.DataFrame({"doc_id": ["x", "y"], "text": ["Short one.", ORIGINAL]})
    assert text_reuse(corpus).empty


def _exact_matches(corpus: pd.DataFrame, threshold: float = 0.5) -> set[tuple]:
    """Every sentence against every sentence of every other article, with no index or filter."""
    sentences = []
    for doc, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        for i, (start, end) in enumerate(sentence_spans(text)):
            words = normalised_words(text[start:end])
            if len(words) >= 6:
                sentences.append((doc, i, set(zip(*(words[k:] for k in range(4)), strict=False))))
    return {
        (doc_a, i, doc_b, j, round(len(a & b) / len(a), 9))
        for doc_a, i, a in sentences
        for doc_b, j, b in sentences
        if doc_a != doc_b and len(a & b) >= threshold * len(a)
    }


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8, 1.0])
def test_reuse_finds_the_same_pairs_as_an_exact_all_pairs_check(threshold):
    # sentences of the seed corpus recombined, edited and repeated within an article
    seed = load_corpus()
    spans = [t[a:b] for t in seed["text"] for a, b in sentence_spans(t)]
    rng = random.Random(1)
    texts = []
    for _ in range(24):
        picked = rng.sample(spans, 12)
        picked[0] = picked[0].replace(" the ", " a ", 1)  # a light edit
        texts.append(" ".join([*picked, picked[1]]))  # a sentence repeated in its own article
    corpus = pd.DataFrame({"doc_id": [f"d{k:02d}" for k in range(24)], "text": texts})
    found = matched_sentences(corpus, threshold=threshold)
    expected = _exact_matches(corpus, threshold)
    assert len(expected) > 50  # the check has something to find
    got = {
        (r.doc_a, r.sentence_a, r.doc_b, r.sentence_b, round(r.similarity, 9))
        for r in found.itertuples()
    }
    assert got == expected and len(found) == len(expected)
    pairs = text_reuse(corpus, threshold=threshold).set_index(["doc_a", "doc_b"])["matched"]
    expected_pairs = pd.Series(
        [(a, b) for a, i, b, _, _ in {(a, i, b, 0, 0) for a, i, b, _, _ in expected}]
    ).value_counts()
    assert pairs.sort_index().to_dict() == expected_pairs.sort_index().to_dict()
    later = {(a, i) if a > b else (b, j) for a, i, b, j, _ in expected}  # ids order the articles
    assert reused_sentences(corpus, threshold=threshold) == later


def test_reuse_between_groups_sums_the_sentences_found_in_each_group(corpus):
    corpus["group"] = ["wire", "wire", "colour"]
    table = reuse_between_groups(corpus).set_index(["group_a", "group_b"])
    assert table.loc[("wire", "wire"), ["sentences_a", "matched"]].tolist() == [5, 4]
    assert table.loc[("wire", "colour"), "matched"] == 0
    assert table.loc[("colour", "colour"), "sentences_a"] == 1


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
    assert not reuse.reset_index()[["doc_a", "doc_b"]].isin([ids["000"], ids["003"]]).any(axis=None)


def test_one_index_answers_every_question_as_each_call_alone(corpus):
    corpus = corpus.assign(group=["wire", "colour", "wire"])
    index = reuse_index(corpus)
    pd.testing.assert_frame_equal(matched_sentences(corpus, index=index), matched_sentences(corpus))
    pd.testing.assert_frame_equal(text_reuse(corpus, index=index), text_reuse(corpus))
    pd.testing.assert_frame_equal(
        reuse_between_groups(corpus, index=index), reuse_between_groups(corpus)
    )
    assert reused_sentences(corpus, index=index) == reused_sentences(corpus)


def test_an_index_of_other_texts_or_options_is_refused(corpus):
    index = reuse_index(corpus)
    with pytest.raises(ValueError, match="other texts or options"):
        text_reuse(corpus.assign(text=[UNRELATED] * 3), index=index)
    with pytest.raises(ValueError, match="other texts or options"):
        text_reuse(corpus, index=index, threshold=0.8)


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Witkoff met Dr. Dmitriev at 8 a.m. on Saturday. They talked.",
        "İstanbul’s mayor\tsaid: “No.”\n\n  \u00a0Talks — 1,000 of them — went on… ok?",
        "",
        "...\n!!",
    ],
)
def test_the_words_the_scoring_pass_gives_reuse_are_the_sentences_normalised_words(text):
    """The pass hands reuse each sentence's words joined by spaces (sentence_words): split
    again they are the words reuse found from the text itself, sentence by sentence."""
    made = sentence_words(make_doc(text))
    assert [(start, end) for start, end, _ in made] == sentence_spans(text)
    for start, end, joined in made:
        assert (joined.split(" ") if joined else []) == normalised_words(text[start:end])
