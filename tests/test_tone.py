"""Tests for measures.tone: negation, news words, quotes, ranges, the lexicon, the evaluator."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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
    assert tone.A > 0 and tone.B > 0 and tone.A + tone.B <= 1
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


# --- the faster VADER and TextBlob give their libraries' answers ---------------------

#: Strings that exercise the edge cases: punctuation around words, punctuation-only
#: and one-letter tokens, emoticons, repeated words, capitals, contractions, quotes.
TRICKY = [
    "",
    "   ",
    "!!!",
    "cat, ,cat cat,, !!cat?!? dog!?! -cat- 'cat' \"cat\" (cat) ..cat.. cat... cat.",
    "Good, good. GOOD!!! :) :-( ;) <3 :D :'( (!) It's not good... isn't it?!?",
    "The the THE the. the, the! the? the; the: the- 'the the' kind of good, but not great",
    "a , b ; c : d - e ' f \" g ! h ? x. y, z",
    "U.S. e.g. i.e. Mr. Smith's plan... T. De Smedt, vs. etc. A.B.C. w/ n. 1,000.5% $100 #tag @you",
    "naïve café—résumé “quoted,” ‘single’ ’tis weren’t can't won't",
    "He said: \"no deal.\" 'No deal,' he said. Wait!! What?? Really?!?! Never so good.",
    "At least not bad. The very least. Yeah right, kiss of death, the bomb.",
    "line one\n\nline two\r\nline three\n\n\nfour ... (!) ( ! )",
]


def _sentences():
    docs = [make_doc(path.read_text(encoding="utf-8")) for path in SEED_TEXTS]
    sentences = [s.text for doc in docs for s in doc.sentences]
    return [*sentences, *(tone._plain(s) for s in sentences), *TRICKY]


def test_sentitext_finds_the_words_nltk_finds():
    from nltk.sentiment.vader import SentiText

    constants = tone.vader().constants
    for text in _sentences():
        args = (text, constants.PUNC_LIST, constants.REGEX_REMOVE_PUNCTUATION)
        ours, nltks = tone._SentiText(*args), SentiText(*args)
        assert ours.words_and_emoticons == nltks.words_and_emoticons, text
        assert ours.is_cap_diff == nltks.is_cap_diff, text


def test_negated_is_nltks():
    from nltk.sentiment.vader import VaderConstants

    ours, nltks = tone.vader().constants, VaderConstants()
    windows = [["at", "least"], ["very", "least"], ["Least"], ["don't"], ["NEVER"], ["nope"], []]
    for text in _sentences():
        words = text.split()
        windows += [words[max(0, i - 3) : i + 1] for i in range(len(words))]
    for window in windows:
        for include_nt in (True, False):
            assert ours.negated(window, include_nt) == nltks.negated(window, include_nt), window


def test_vader_scores_are_nltks():
    from nltk.sentiment.vader import VaderConstants

    analyzer = tone.vader()
    stock = tone.SentimentIntensityAnalyzer.__new__(tone.SentimentIntensityAnalyzer)
    stock.lexicon, stock.constants = analyzer.lexicon, VaderConstants()  # NLTK's own code
    for text in _sentences():
        ours = analyzer.polarity_scores(text)
        del ours["valence"]
        assert ours == stock.polarity_scores(text), text


def test_textblob_tokens_and_scores_are_textblobs():
    from textblob.en import sentiment

    for text in _sentences():
        words = " ".join(tone._tb_sentiment_tokens(text)).split()  # what the sentiment reads
        assert words == " ".join(sentiment.tokenizer(text)).split(), text
        ours, textblobs = tone.pattern()(text), sentiment(text)
        assert tuple(ours) == tuple(textblobs), text
        assert ours.assessments == textblobs.assessments, text


def test_sentences_reuse_their_scores_in_the_narrator_quoted_split():
    text = (
        "Shelling killed 12 civilians. “This is a wonderful day.” "
        "“Peace is a long road,” said a diplomat after the meeting. No deal was reached."
    )
    doc = make_doc(text)
    scored = [tone._score(s.text) for s in doc.sentences]
    narrator, quoted = tone._pieces(doc, scored)
    assert narrator[0] is scored[0] and narrator[-1] is scored[-1]  # no quotation: reused
    assert [q.words for q in quoted] == [5, 5]  # the quotations, marks aside, scored anew
    assert quoted[0] == tone._score("This is a wonderful day.")
    assert quoted[1] == tone._score("Peace is a long road,")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="ab1_é .,:;'’-“”\"?!\n", max_size=40), st.data())
def test_a_piece_between_tokens_has_the_sentences_tokens(text, data):
    """What :func:`tone._piece_score` relies on: the token pattern sees no context."""
    tokens = tokenize(text)
    edges = [p for p in range(len(text) + 1) if not any(t.start < p < t.end for t in tokens)]
    start = data.draw(st.sampled_from(edges))
    end = data.draw(st.sampled_from([p for p in edges if p >= start]))
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    assert list(tokenize(text[start:end], offset=start)) == inside


def test_pieces_score_as_if_scored_alone():
    for path in SEED_TEXTS:
        doc = make_doc(path.read_text(encoding="utf-8"))
        spans = list(doc.quoted)
        for sent in doc.sentences:
            for start, end in spans:
                start, end = max(start, sent.start), min(end, sent.end)
                if start < end:
                    tone._memo.clear()
                    piece = tone._piece_score(doc, sent, start, end)
                    text = doc.text[start:end]
                    assert piece == tone._score_new(text, tokenize(text), 0), text


# --- the lexicon -------------------------------------------------------------------


@pytest.mark.parametrize("entry", tone.news_lexicon().values(), ids=lambda e: e.term)
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
    assert [r["dataset"] for r in suite][0] == "nyt_editorials"
    assert suite[0]["target"] == evaluate_tone.TARGET and suite[0]["n"] == 100
    assert all(-1 <= r["value"] <= 1 for r in rows)
    assert all("development" in r["dataset"] for r in suite[1:])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No deal!!! :-) (really?)",
        "U.S.-backed “plan” — isn't it?",
        "a_b^c~d`e|f",
        "100% @home #1",
    ],
)
def test_punctuation_is_removed_exactly_as_nltk_vader_does(text):
    from nltk.sentiment.vader import VaderConstants

    from analysis.measures.tone import _DELETE_PUNCTUATION

    expected = VaderConstants.REGEX_REMOVE_PUNCTUATION.sub("", text)
    assert text.translate(_DELETE_PUNCTUATION) == expected
