"""Tests for measures.quotes: quote forms, speaker patterns, robustness, the seed corpus."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import load_corpus, paths
from analysis.measures.quotes import (
    SPEAKER_TYPES,
    Quote,
    doc_quotes,
    find_quotes,
    quote_table,
)
from analysis.text import MAX_UNCLOSED, make_doc
from benchmarks.quotes_speed import PATHOLOGICAL


def only(text: str) -> Quote:
    quotes = find_quotes(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_speaker_types_unchanged():
    assert SPEAKER_TYPES == ("official", "expert", "private", "anonymous", "unknown")


# --- quote forms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quoted", "partial"),
    [
        (
            '"Ukraine is ready to work in all working formats," said Zelensky.',
            "Ukraine is ready to work in all working formats,",
            False,
        ),
        (
            "“It wasn’t showy. It was straight talk.”",
            "It wasn’t showy. It was straight talk.",
            False,
        ),
        (
            "Witkoff said he held “productive and constructive” talks Friday.",
            "productive and constructive",
            True,
        ),
        ("U.S. officials say both sides are “close” to a deal.", "close", True),
        ("Witkoff characterized the meeting as “productive”.", "productive", True),
        ("# U.S. Envoy Reports 'Constructive' Ukraine Talks With Russia", "Constructive", True),
        ("The minister called it ‘a disgrace’ and left.", "a disgrace", True),
        (
            'Witkoff said: "We are encouraged by this meeting"',
            "We are encouraged by this meeting",
            False,
        ),
        ('"We are ready", he said.', "We are ready", False),
        ("“Why now?” asked Ana.", "Why now?", False),
        ("Residents said the shelling was “constant”, and left.", "constant", True),
        ('He was 6\'2" tall. "Hello," she said.', "Hello,", False),
        ('“A mixed pair," she said.', "A mixed pair,", False),
    ],
)
def test_quote_forms(text, quoted, partial):
    q = only(text)
    assert (q.text, q.partial) == (quoted, partial)
    assert text[q.start : q.end] == q.text  # the span excludes the marks


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Russia’s envoy said he didn’t know. It’s the negotiators’ table.",
        "Russia's envoy said he didn't know. It's the players' union, rock 'n roll.",
        "The '90s were different.",
        "“",
        '" "',
        "“”",
        "He stood 6' 2\" and weighed 80 kg.",
    ],
)
def test_no_quote(text):
    assert find_quotes(text) == []


def test_apostrophes_inside_single_quotes():
    assert only("He said 'I don't know' and left.").text == "I don't know"


def test_single_quotes_inside_double_quotes_stay_in_it():
    q = only("“They called it ‘constructive’ again,” she said.")
    assert q.text == "They called it ‘constructive’ again,"


def test_quote_spanning_paragraphs():
    text = (
        "“The first paragraph of a long quote ends without a closing mark.\n\n"
        "“The second paragraph opens with a mark and closes the quote,” said Olena, a teacher.\n"
        "Narration follows."
    )
    q = only(text)
    assert q.text.startswith("The first paragraph") and q.text.endswith("closes the quote,")
    assert "\n\n“The second" in q.text
    assert (q.speaker, q.speaker_type) == ("Olena", "private")


def test_unclosed_quote_stops_at_paragraph_end():
    text = "“An unclosed quote runs to the end of the line\nThe next paragraph is narration."
    q = only(text)
    assert q.text == "An unclosed quote runs to the end of the line"


def test_long_unclosed_quote_is_a_stray_mark():
    text = "“" + "word " * (MAX_UNCLOSED // 4) + "\nThen “a real quote,” he said."
    assert [q.text for q in find_quotes(text)] == ["a real quote,"]


def test_unbalanced_marks_keep_later_quotes():
    text = "An opening “ without a close. Then “a real quote,” said the mayor. And a lone ” here."
    q = only(text)
    assert (q.text, q.speaker, q.speaker_type) == ("a real quote,", "the mayor", "official")


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_texts_give_sane_quotes(name):
    """The worst cases of the quote pass (their time is benchmarks/quotes_speed.py's): every
    quote found lies inside the text, and the one real quote of "long" is found."""
    text = PATHOLOGICAL[name]
    quotes = doc_quotes(make_doc(text))
    assert all(0 <= q.start < q.end <= len(text) for q in quotes)
    if name == "long":
        assert [q.text for q in quotes] == ["ok,"]


_PIECES = [*"ab ,.\n\"'“”‘’:", " said ", " he ", "Dr. ", "Ann ", " a source "]


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_any_text_gives_consistent_spans(text):
    quotes = find_quotes(text)
    ends = [0]
    for q in quotes:
        assert text[q.start : q.end] == q.text and q.text.strip()
        assert q.start >= ends[-1]
        ends.append(q.end)
        assert q.speaker_type in SPEAKER_TYPES
        if q.speaker is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker


def test_doc_quotations_and_in_quote():
    doc = make_doc("“Peace is a long road,” said a diplomat after the meeting.")
    (q,) = doc.quotations
    assert doc.in_quote(q.start, q.end)
    assert not doc.in_quote(doc.text.index("diplomat"))


# --- speakers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        # X said / said X, with an appositive
        (
            "“We’ve been living with the headlines for years,” said Natalia, a 42-year-old "
            "who fled Kharkiv and now runs a small bakery.",
            "Natalia",
            "private",
        ),
        (
            "“Territory isn’t a line on a map,” explained Dr. Mira Khodorkova, an "
            "international law scholar.",
            "Dr. Mira Khodorkova",
            "expert",
        ),
        (
            "“Diplomacy is backstopped by leverage,” said Lena Sokolov, a former intelligence "
            "analyst.",
            "Lena Sokolov",
            "expert",
        ),
        ("“Peace is a long road,” said a diplomat after the meeting.", "a diplomat", "anonymous"),
        ("“Talks mean less shelling,” a volunteer medic said.", "a volunteer medic", "private"),
        (
            "“We get all kinds of guests,” the hotel’s concierge told me.",
            "the hotel’s concierge",
            "private",
        ),
        # X posted / told reporters / wrote
        (
            "“Today in Florida, Dmitriev held meetings,” U.S. envoy Steve Witkoff posted on X.",
            "U.S. envoy Steve Witkoff",
            "official",
        ),
        (
            "“We agreed on further steps,” Ukraine’s top negotiator, Rustem Umerov, wrote on "
            "Telegram.",
            "Rustem Umerov",
            "official",
        ),
        (
            "“That may not be possible,” Marco Rubio, the U.S. national security advisor, told "
            "reporters.",
            "Marco Rubio",
            "official",
        ),
        (
            "“You could feel the energy,” an attendee who asked to remain unnamed told me.",
            "an attendee",
            "anonymous",
        ),
        (
            "“Nothing was agreed,” a senior official said on condition of anonymity.",
            "a senior official",
            "anonymous",
        ),
        ("“It is over,” the Kremlin said.", "the Kremlin", "official"),
        # according to X, by X, head verbs
        ("Talks were “stuck”, according to a source close to the talks.", "a source", "anonymous"),
        (
            "The talks, described as “productive and constructive” by US special envoy Steve "
            "Witkoff, took place in Florida.",
            "US special envoy Steve Witkoff",
            "official",
        ),
        (
            "Spokesperson Dmitry Peskov told Sky News that Putin had “of course” agreed.",
            "Spokesperson Dmitry Peskov",
            "official",
        ),
        (
            "As one Ukrainian volunteer in Miami put it, “We need promises that can be kept.”",
            "one Ukrainian volunteer",
            "private",
        ),
        (
            "On January 26, Trump told reporters in the Oval Office, “we are getting close” to a "
            "deal. U.S. President Donald Trump flew home.",
            "Trump",
            "official",
        ),
        # no speaker
        ("“It is over” — said the mayor.", "the mayor", "official"),
        ("“Why now?” Nobody knows.", None, "unknown"),
    ],
)
def test_speaker_patterns(text, speaker, kind):
    q = find_quotes(text)[0]
    assert (q.speaker, q.speaker_type) == (speaker, kind)
    if speaker is not None:
        assert text[q.speaker_start : q.speaker_end] == speaker


def test_quote_continued_after_tag_keeps_speaker():
    text = (
        '"Ukraine is ready," said Zelensky. "It is important that there are results." '
        "Ukrainian President Volodymyr Zelensky spoke on Saturday."
    )
    assert [(q.speaker, q.speaker_type) for q in find_quotes(text)] == [
        ("Zelensky", "official")
    ] * 2


def test_pronoun_resolves_to_previous_quote_speaker():
    text = (
        '"Today we met," Witkoff posted on X.\n\n'
        '"We are encouraged," he added.\n\nU.S. envoy Steve Witkoff flew home.'
    )
    second = find_quotes(text)[1]
    assert (second.speaker, second.speaker_type) == ("Witkoff", "official")
    assert second.speaker_start == text.index("Witkoff")


def test_pronoun_resolves_to_subject_of_previous_sentence():
    text = (
        "A retired diplomat who has watched decades of negotiations cautioned against "
        "optimism. “You can have constructive talks and still have a long way to go,” he said."
    )
    q = only(text)
    assert (q.speaker, q.speaker_type) == ("A retired diplomat", "expert")


def test_unresolved_pronoun_stays_unknown():
    q = only("“We are ready,” she said.")
    assert (q.speaker, q.speaker_type) == ("she", "unknown")


# --- the seed corpus -----------------------------------------------------------


def seed(prefix: str) -> str:
    (path,) = paths.RAW.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "quote_start", "speaker", "kind"),
    [
        ("000", "You could feel the improvisational energy", "an attendee", "anonymous"),
        ("000", "It wasn’t showy", "an attendee", "anonymous"),
        ("000", "We’ve been living with the headlines", "Natalia", "private"),
        ("000", "Territory isn’t a line on a map", "Dr. Mira Khodorkova", "expert"),
        ("000", "If these talks end the war tomorrow", "Marco", "private"),
        ("000", "Diplomacy is backstopped by leverage", "Lena Sokolov", "expert"),
        ("000", "close", "U.S. officials", "official"),
        ("000", "We need promises that can be kept", "one Ukrainian volunteer", "private"),
        ("000", "Peace is a long road", "a diplomat", "anonymous"),
        ("001", "Constructive", "U.S. Envoy", "official"),
        ("001", "Today in Florida, the Russian Special Envoy", "Witkoff", "official"),
        ("001", "We are encouraged by this meeting", "Witkoff", "official"),
        ("001", "Ukraine is ready to work in all working formats", "Zelensky", "official"),
        ("001", "It is important that there are results", "Zelensky", "official"),
        ("002", "productive and constructive", "U.S. envoy Steve Witkoff", "official"),
        ("002", "We are encouraged by this meeting", "Witkoff", "official"),
        ("003", "You kind of felt history was here", "Ana", "private"),
        ("003", "The discussions are proceeding constructively", "Dmitriev", "official"),
        ("003", "We agreed with our American partners", "Rustem Umerov", "official"),
        ("003", "The role we’re trying to play", "Marco Rubio", "official"),
        ("003", "We can’t negotiate away our country", "Olena", "private"),
        ("003", "We get all kinds of high-profile guests", "the hotel’s concierge", "private"),
        ("003", "You can have constructive talks", "A retired diplomat", "expert"),
        ("003", "Talks mean less shelling", "a volunteer medic", "private"),
        ("003", "The devil is always in the details", "the retired diplomat", "expert"),
        ("004", "productive and constructive", "US special envoy Steve Witkoff", "official"),
        ("004", "We are encouraged by this meeting", "Witkoff", "official"),
        ("004", "Above all, we must meet as three parties", "Zelenskyy", "official"),
        ("004", "we are getting close", "Trump", "official"),
        ("004", "It was very nice of the Russian president", "Trump", "official"),
        ("004", "of course", "Spokesperson Dmitry Peskov", "official"),
        ("004", "De-escalation steps contribute", "Zelenskyy", "official"),
    ],
)
def test_seed_quotes(prefix, quote_start, speaker, kind):
    matches = [q for q in find_quotes(seed(prefix)) if q.text.startswith(quote_start)]
    assert matches, f"{quote_start!r} not found in {prefix}"
    assert (matches[0].speaker, matches[0].speaker_type) == (speaker, kind)


@pytest.mark.parametrize(
    ("prefix", "low", "high"),
    [("000", 12, 18), ("001", 4, 6), ("002", 3, 4), ("003", 14, 18), ("004", 6, 8)],
)
def test_seed_quote_counts_are_plausible(prefix, low, high):
    quotes = find_quotes(seed(prefix))
    assert low <= len(quotes) <= high
    assert all(len(q.text) < 600 for q in quotes)  # nothing swallowed


def test_seed_partial_quotes():
    partial = {q.text for p in ("000", "002", "004") for q in find_quotes(seed(p)) if q.partial}
    assert {"close", "productive", "productive and constructive", "of course"} <= partial


def test_quote_table_lists_every_quote_of_the_corpus():
    corpus = load_corpus()
    table = quote_table(corpus, width=None)
    expected = [(d, q.text) for d, t in zip(corpus["doc_id"], corpus["text"], strict=True)
                for q in find_quotes(t)]  # fmt: skip
    assert list(zip(table["doc_id"], table["quote"], strict=True)) == expected
    assert set(table["group"]) <= set(corpus["group"])
    assert quote_table(corpus)["quote"].str.len().max() <= 91  # 90 characters and "…"
