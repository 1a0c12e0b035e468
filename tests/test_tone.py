"""Tests for measures.tone: negation, news words, quotes, ranges, the lexicon, the evaluator.

The faster VADER and TextBlob are compared with the libraries in test_library_shims.py."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from textblob import TextBlob

from analysis import paths
from analysis.evaluate import COLUMNS, KINDS
from analysis.evaluate import tone as evaluate_tone
from analysis.measures import tone
from analysis.text import make_doc, tokenize

SEED_TEXTS = sorted(paths.RAW.glob("*.txt"))
#: Sentences from the seed corpus (data/raw).
SEED_WAR = (
    "The frequency of these meetings underscores the urgency and complexity of the "
    "negotiations, as world leaders seek to end a war that has caused immense human suffering "
    "since Russia’s full-scale invasion of Ukraine on February 24, 2022."
)
SEED_UNCLEAR = "Any extension of that pause was not immediately clear."
SEED_QUOTE = "“Peace is a long road,” said a diplomat after the meeting."


def categories(text: str) -> list[str]:
    return [c.category for c in tone.tone_cues(make_doc(text))]


@pytest.fixture(scope="module", params=SEED_TEXTS, ids=lambda p: p.name)
def seed_doc(request):
    return make_doc(request.param.read_text(encoding="utf-8"))


# --- negation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("positive", "negated", "category"),
    [
        ("Both sides said a deal was close.", "There was no deal.", "deal_negated"),
        (
            "There was agreement on territory.",
            "There was no agreement on territory.",
            "deal_negated",
        ),
        ("They agreed on a ceasefire.", "They failed to agree on a ceasefire.", "deal_negated"),
        ("Negotiators made progress.", "There were no signs of progress.", "deal_negated"),
        ("The talks were good.", "The talks were not good.", "negated"),
    ],
)
def test_negation_turns_the_tone(positive, negated, category):
    assert tone.score_sentence(positive)["tone"] > 0
    assert tone.score_sentence(negated)["tone"] < 0
    assert category in categories(negated)


def test_no_deal_is_negative_where_vader_is_not():
    # NLTK's VADER rates "no agreement" positive: "agreement" counts, "no" does not negate it.
    assert tone.vader().polarity_scores("There was no agreement.")["compound"] > 0
    assert tone.score_sentence("There was no agreement.")["tone"] < 0


def test_typographic_apostrophes_negate():
    curly, straight = "The talks weren’t good.", "The talks weren't good."
    assert tone.score_sentence(curly) == tone.score_sentence(straight)
    assert tone.score_sentence(curly)["vader_compound"] < 0
    assert "negated" in categories(curly)


def test_failure_does_not_make_a_negative_term_positive():
    assert tone.score_sentence("The army failed to stop the fighting.")["tone"] < 0


def test_no_casualties_reads_as_relief():
    assert tone.score_sentence("No one was killed, officials said.")["tone"] > 0


def test_not_immediately_clear_is_a_formula_not_a_judgement():
    scores = tone.score_sentence(SEED_UNCLEAR)
    assert scores["vader_compound"] < 0  # VADER reads "not ... clear" as negative
    assert scores["tone"] == pytest.approx(0.0, abs=0.05)
    assert "neutralized" in categories(SEED_UNCLEAR)


def test_negation_stops_at_a_new_clause():
    # "not" belongs to the formula; it must not turn "fired" positive.
    assert tone.score_sentence("It was not immediately clear who fired.")["tone"] < 0


# --- news vocabulary -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        (SEED_WAR, "conflict"),
        ("Overnight shelling hit the city's power plant.", "conflict"),
        ("Both sides have suffered heavy casualties.", "casualty"),
        ("Millions have been displaced by the war.", "casualty"),
    ],
)
def test_conflict_and_casualty_words_are_negative(sentence, category):
    assert tone.score_sentence(sentence)["tone"] < 0
    assert category in categories(sentence)


def test_names_carry_no_tone():
    sentence = "The United States and the Security Council met the party leaders."
    assert tone.vader().polarity_scores(sentence)["compound"] > 0.5
    assert tone.score_sentence(sentence)["tone"] == pytest.approx(0.0, abs=0.01)


def test_seed_agreement_words_are_positive():
    sentence = "Participants later called the discussions constructive."
    assert tone.vader().polarity_scores(sentence)["compound"] == 0
    assert tone.score_sentence(sentence)["tone"] > 0


# --- narrator and quoted ---------------------------------------------------------


def test_quoted_and_narrator_tone_are_scored_apart():
    text = "“This is a wonderful day,” the minister said after shelling killed 12 civilians."
    scores = tone.tone_scores(make_doc(text))
    assert scores["tone_quoted"] > 0 > scores["tone_narrator"]


def test_seed_quote_is_scored_as_quoted():
    scores = tone.tone_scores(make_doc(SEED_QUOTE))
    assert scores["tone_quoted"] == pytest.approx(
        tone.score_sentence("Peace is a long road,")["tone"]
    )
    assert not math.isnan(scores["tone_narrator"])


def test_without_quotes_the_narrator_is_the_text():
    scores = tone.tone_scores(make_doc(SEED_WAR))
    assert math.isnan(scores["tone_quoted"])
    assert scores["tone_narrator"] == pytest.approx(scores["tone"])


def test_narrator_and_quoted_tone_are_the_word_weighted_means_of_the_pieces_scored_alone():
    """Each piece a quotation cuts from a sentence is scored as a text of its own (a piece
    without words weighs nothing), to the last bit."""
    text = (
        "“No deal,” he said. Talks failed, but “we remain hopeful” and “constructive.” "
        "Shelling killed 12 civilians. “It is a catastrophe,” she said, “a tragedy.”"
    )
    doc = make_doc(text)
    sides: dict[bool, list[tuple[float, int]]] = {True: [], False: []}
    for sent in doc.sentences:
        for start, end, inside in doc.quoted.cut(sent.start, sent.end):
            piece = text[start:end]
            words = sum(t.is_word for t in tokenize(piece))
            sides[inside].append((tone.score_sentence(piece)["tone"], words))
    scores = tone.tone_scores(make_doc(text))
    for column, inside in (("tone_narrator", False), ("tone_quoted", True)):
        pairs = sides[inside]
        total = weight = 0.0
        for value, w in pairs:
            total += value * w
            weight += w
        assert scores[column] == total / weight, column


def test_all_quoted_has_no_narrator():
    scores = tone.tone_scores(make_doc("“We do not want treaties, only to be forgotten again.”"))
    assert math.isnan(scores["tone_narrator"]) and not math.isnan(scores["tone_quoted"])


# --- shapes, ranges, edge cases --------------------------------------------------


def test_seed_texts_shapes_and_ranges(seed_doc):
    tones = tone.sentence_tones(seed_doc)
    assert len(tones) == len(seed_doc.sentences)
    assert all(-1 <= t <= 1 for t in tones)
    scores = tone.tone_scores(seed_doc)
    for key in ("tone", "vader_compound", "textblob_polarity", "tone_narrator", "tone_quoted"):
        assert -1 <= scores[key] <= 1, key
    assert 0 <= scores["textblob_subjectivity"] <= 1


def test_seed_cues_are_spans_of_the_text(seed_doc):
    cues = tone.tone_cues(seed_doc)
    assert cues
    for cue in cues:
        assert cue.measure == "tone"
        assert seed_doc.text[cue.start : cue.end] == cue.text
        assert cue.rule


def test_textblob_columns_equal_textblob_on_the_whole_text(seed_doc):
    whole = TextBlob(seed_doc.text).sentiment
    scores = tone.tone_scores(seed_doc)
    assert scores["textblob_polarity"] == pytest.approx(whole.polarity, abs=1e-9)
    assert scores["textblob_subjectivity"] == pytest.approx(whole.subjectivity, abs=1e-9)


def test_vader_compound_is_the_mean_of_sentences_not_the_saturated_whole(seed_doc):
    sentences = [tone.score_sentence(s.text)["vader_compound"] for s in seed_doc.sentences]
    compound = tone.tone_scores(seed_doc)["vader_compound"]
    assert min(sentences) <= compound <= max(sentences)


def test_combination_stays_within_minus_one_to_one():
    weights = tone.VALENCE_WEIGHT, tone.POLARITY_WEIGHT
    assert min(weights) > 0 and sum(weights) <= 1
    assert -1 < tone.combine(-1e6, -1.0) < tone.combine(1e6, 1.0) < 1


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\n"])
def test_empty_text(text):
    doc = make_doc(text)
    scores = tone.tone_scores(doc)
    assert {k: v for k, v in scores.items() if k != "tone_quoted"} == {
        "tone": 0.0,
        "vader_compound": 0.0,
        "textblob_polarity": 0.0,
        "textblob_subjectivity": 0.0,
        "tone_narrator": 0.0,
    }
    assert math.isnan(scores["tone_quoted"])
    assert tone.sentence_tones(doc) == [] and tone.tone_cues(doc) == []


def test_punctuation_only_sentence():
    scores = tone.tone_scores(make_doc("... !!! ?"))
    assert scores["tone"] == 0.0


def test_the_narrator_and_quoted_tones_are_their_pieces_scored_alone():
    text = (
        "Shelling killed 12 civilians. “This is a wonderful day.” "
        "“Peace is a long road,” said a diplomat after the meeting. No deal was reached."
    )
    narrator = [
        ("Shelling killed 12 civilians.", 4),
        ("” said a diplomat after the meeting.", 6),
        ("No deal was reached.", 4),
    ]
    quoted = [("This is a wonderful day.", 5), ("Peace is a long road,", 5)]
    scores = tone.tone_scores(make_doc(text))

    def mean(pieces):
        total = sum(tone.score_sentence(piece)["tone"] * words for piece, words in pieces)
        return total / sum(words for _, words in pieces)

    assert scores["tone_narrator"] == pytest.approx(mean(narrator), abs=1e-12)
    assert scores["tone_quoted"] == pytest.approx(mean(quoted), abs=1e-12)
    assert scores["tone_quoted"] > 0 > scores["tone_narrator"]


# --- the lexicon -------------------------------------------------------------------


@pytest.mark.parametrize("entry", tone.news_lexicon(), ids=lambda e: e.term)
def test_lexicon_entry_is_complete_and_fires_on_its_example(entry):
    assert entry.category in {
        "conflict",
        "casualty",
        "disaster",
        "economy",
        "agreement",
        "reporting",
        "name",
    }
    assert -4 <= entry.weight <= 4 and entry.source and entry.example
    assert (entry.weight == 0) == (entry.category in {"reporting", "name"})
    rules = [c.rule for c in tone.tone_cues(make_doc(entry.example))]
    assert any(r.startswith(f"news_tone.tsv: {entry.term}") for r in rules), rules


# --- the evaluator -------------------------------------------------------------------


@pytest.mark.eval
def test_evaluator_on_a_slice(eval_dir):
    rows = evaluate_tone.evaluate(eval_dir, limit=100)
    assert {tuple(sorted(r)) for r in rows} == {tuple(sorted(COLUMNS))}
    assert {r["kind"] for r in rows} == set(KINDS)
    suite = [r for r in rows if r["kind"] == "suite"]
    assert [r["dataset"] for r in suite][:2] == ["nyt_editorials", "nyt_editorials"]
    # the learned tone first (its training sets are not reported), then the news tone
    assert suite[0]["system"] == evaluate_tone.LEARNED_SYSTEM
    assert suite[0]["target"] == evaluate_tone.LEARNED_TARGET and suite[0]["n"] == 100
    assert suite[1]["target"] == evaluate_tone.TARGET and suite[1]["n"] == 100
    assert all(-1 <= r["value"] <= 1 for r in rows)
    assert all("development" in r["dataset"] for r in suite[2:])
    assert evaluate_tone.LEARNED_SYSTEM not in {r["system"] for r in suite[2:]}


# --- the learned layer (issue 18) ----------------------------------------------------


def test_learned_tone_shares_add_up_to_the_rating():
    from analysis import explain, score_texts
    from analysis.measures import learned

    text = "The ceasefire collapsed and shelling killed twelve civilians."
    evidence = explain(text)
    shares = evidence[evidence["measure"] == tone.LEARNED]
    rating = learned.load(tone.MODEL).intercept + shares["weight"].sum()
    (scored,) = score_texts([text])["tone_rating"]
    assert scored == pytest.approx(rating) and scored < 0
    # VADER's and TextBlob's readings sit on the sentence, each with its share
    readings = shares[shares["rule"].str.startswith("reading")]
    assert not readings.empty and (readings["text"] == text).all()


def test_learned_tone_orders_sentences_as_readers_would():
    from analysis import score_sentences

    text = "Talks ended in a generous, welcome agreement. Then a bomb killed nine children."
    sentences = score_sentences(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    good, bad = sentences["tone_rating"]
    assert good > 0 > bad and -1 <= bad < good <= 1


def test_learned_tone_is_highlighted_only_when_asked():
    from analysis import highlight

    text = "A wonderful result."
    assert tone.LEARNED not in highlight(text)
    assert f'class="mf-{tone.LEARNED}"' in highlight(text, measures=[tone.LEARNED])
