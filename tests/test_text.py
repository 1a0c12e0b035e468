"""The text pass: quotation spans built once on the Doc, and one answer to "is this quoted?"
in every measure."""

from __future__ import annotations

import math
import re

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import score_sentences, score_texts
from analysis.measures import colour_devices, tone
from analysis.measures.quotes import find_quotes
from analysis.text import (
    Sentence,
    Spans,
    Token,
    make_doc,
    quoted_spans,
    sentence_spans,
    tokenize,
)

INCHES = "He stood 6'2\" tall; you could see him from 5'10\" away. Ask yourself why."

_intervals = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=8).map(
    lambda pairs: [(start, start + length) for start, length in pairs]
)


def _inside(intervals, offset):
    return any(start <= offset < end for start, end in intervals)


@given(_intervals, st.integers(-2, 60))
def test_contains_is_membership_in_any_interval(intervals, offset):
    assert Spans(intervals).contains(offset) == _inside(intervals, offset)


@given(_intervals, st.integers(0, 60), st.integers(0, 20))
def test_cut_tiles_the_span_and_marks_each_piece(intervals, start, length):
    end = start + length
    pieces = Spans(intervals).cut(start, end)
    assert [p[0] for p in pieces] == [start, *(p[1] for p in pieces[:-1])][: len(pieces)]
    assert (pieces[-1][1] if pieces else start) == end
    for a, b, inside in pieces:
        assert a < b and all(_inside(intervals, k) == inside for k in range(a, b))
    assert all(x[2] != y[2] for x, y in zip(pieces, pieces[1:], strict=False))  # merged


@given(_intervals, st.integers(0, 60), st.integers(1, 20))
def test_covers_means_every_character_inside_one_interval(intervals, start, length):
    end = start + length
    one = any(a <= start and end <= b for a, b in Spans(intervals))
    assert Spans(intervals).covers(start, end) == one
    assert not one or all(_inside(intervals, k) for k in range(start, end))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="ab1_é .,:;'’-“”\"?!\n", max_size=40), st.data())
def test_tokens_between_are_the_tokens_of_the_piece_alone(text, data):
    sentence = Sentence(0, len(text), text, tokenize(text))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    inside = sentence.tokens_between(start, end)
    straddles = any(t.start < p < t.end for t in sentence.tokens for p in (start, end))
    assert (inside is None) == straddles
    if inside is not None:
        assert inside == tokenize(text[start:end], offset=start)


def test_token_norm_is_lower_case_with_a_straight_apostrophe():
    assert Token("Don’t", 0, 5).norm == Token("DON'T", 0, 5).norm == "don't"


def test_inch_marks_are_no_quotation_in_any_measure():
    doc = make_doc(INCHES)
    assert doc.quotations == () and len(doc.quoted) == 0
    assert find_quotes(INCHES) == []
    assert not any(doc.in_quote(s.start, s.end) for s in doc.sentences)
    assert not score_sentences_in_quote(INCHES)
    scores = tone.tone_scores(doc)
    assert scores["tone_narrator"] == scores["tone"] and math.isnan(scores["tone_quoted"])
    address = [c.text for c in colour_devices.colour_device_cues(doc) if c.category == "address"]
    assert "you" in address
    assert score_texts([INCHES]).iloc[0]["quotes"] == 0


def test_a_real_quotation_is_quoted_in_every_measure():
    text = "He stood 6'2\" tall. “You could see him from afar.” Ask yourself why."
    doc = make_doc(text)
    (quotation,) = doc.quotations
    assert text[quotation.start : quotation.end] == "You could see him from afar."
    assert score_sentences_in_quote(text) == [text.index("“")]
    scores = tone.tone_scores(doc)
    assert not math.isnan(scores["tone_quoted"])
    address = [c.text for c in colour_devices.colour_device_cues(doc) if c.category == "address"]
    assert "You" not in address and "yourself" in address


def score_sentences_in_quote(text: str) -> list[int]:
    """Start of every sentence that ``score_sentences`` marks as quoted."""
    rows = score_sentences(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    return list(rows.loc[rows["in_quote"], "start"])


#: Characters that decide Punkt's sentence ends: marks, closers, abbreviations, spaces.
_PUNKT_PIECES = [*"aAZ1 .?!\"'()[]{}“”‘’«»:;,-*@\t\x0b\x0c\r\u00a0\x1c", "Mr.", "U.S.", "...", "--"]


def _punkt_reference(text):
    """NLTK's own span_tokenize, paragraph by paragraph, as the text pass promises."""
    from analysis.text import _SENTENCE_TOKENIZER

    spans = []
    for para in re.finditer(r"[^\n]+", text):
        if para.group().strip():
            spans += [
                (para.start() + s, para.start() + e)
                for s, e in _SENTENCE_TOKENIZER.span_tokenize(para.group())
            ]
    return spans


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PUNKT_PIECES), max_size=40).map("".join))
def test_sentence_spans_are_nltk_punkt_spans(text):
    assert sentence_spans(text) == _punkt_reference(text)


def test_sentence_spans_are_nltk_punkt_spans_on_the_seed_corpus():
    from analysis import load_corpus

    for text in load_corpus()["text"]:
        assert sentence_spans(text) == _punkt_reference(text)


def test_a_long_paragraph_of_sentence_ends_is_split_without_a_time_limit():
    # NLTK runs its pattern under a 5-second limit for a whole paragraph: this one
    # took longer on a busy machine and raised TimeoutError (issue 21)
    assert len(sentence_spans(". " * 200_000)) == 200_000


def test_a_sentence_keeps_its_words_and_their_norms():
    doc = make_doc("Weren’t they, Sam? . ! Yes.")
    for sent in doc.sentences:
        assert sent.words == tuple(t for t in sent.tokens if t.is_word)
        assert sent.norms == tuple(t.norm for t in sent.tokens)
        assert sent.word_norms == tuple(t.norm for t in sent.words)


def _paired_reference(text):
    """Where quoted_spans quotes a text with no quotation: PAIRED_PATTERN's pairs, inner words."""
    from analysis.text import PAIRED_PATTERN

    spans = []
    for m in re.finditer(PAIRED_PATTERN, text):
        inner = m.group()[1:-1]
        if inner.strip():
            start = m.start() + 1 + len(inner) - len(inner.lstrip())
            spans.append((start, start + len(inner.strip())))
    return list(Spans(spans))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*"a1 .,!?\n“”\"‘’'", "ab", "6'2"]), max_size=40).map("".join))
def test_paired_marks_quote_what_the_paired_pattern_finds(text):
    assert list(quoted_spans(text, [])) == _paired_reference(text)
