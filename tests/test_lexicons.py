"""Every lexicon is our own file and every entry says what it is and where it comes from;
the one phrase matcher all measures share."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.measures.lexicons import LexiconEntry, PhraseMatcher, read_lexicon

LEXICONS = sorted(p.name for p in paths.LEXICONS.glob("*.tsv"))


def test_the_four_measures_have_lexicons():
    assert {"hedges.tsv", "human_interest.tsv", "news_tone.tsv", "speakers.tsv"} <= set(LEXICONS)


@pytest.mark.parametrize("name", LEXICONS)
def test_every_entry_has_a_term_category_example_and_source(name):
    entries = read_lexicon(name)
    assert entries, f"{name} is empty"
    for entry in entries:
        assert all(f.strip() for f in (entry.term, entry.category, entry.example, entry.source))


@pytest.mark.parametrize("name", LEXICONS)
def test_no_entry_is_listed_twice(name):
    keys = [(e.term.lower(), e.category) for e in read_lexicon(name)]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"{name}: {sorted(duplicates)}"


def test_only_the_tone_lexicon_has_weights():
    for name in LEXICONS:
        weighted = {e.weight is not None for e in read_lexicon(name)}
        assert weighted == {name == "news_tone.tsv"}, name


def _matcher(*terms: str) -> PhraseMatcher:
    return PhraseMatcher(LexiconEntry(t, "c", "", "") for t in terms)


@pytest.mark.parametrize("term", ["* may", "^", "", "^ *"])
def test_a_term_must_start_with_a_word(term):
    with pytest.raises(ValueError, match="must start with a word"):
        _matcher(term)


def test_the_longest_match_wins_and_ties_go_to_the_earlier_entry():
    matcher = _matcher("no", "no deal|accord", "no deal")
    words = "there was no deal".split()
    end, entry = matcher.longest_at(words, 2)
    assert (end, entry.term) == (4, "no deal|accord")


def test_scan_is_leftmost_longest_and_does_not_overlap():
    matcher = _matcher("a b", "b c d", "d")
    assert [(i, j) for i, j, _ in matcher.scan("a b c d".split())] == [(0, 2), (3, 4)]


def test_an_anchored_term_starts_only_at_the_first_word():
    matcher = _matcher("^ some")
    words = ", some say some".split()
    assert [i for i, _, _ in matcher.scan(words, first=1)] == [1]


def test_a_term_is_not_matched_past_the_end():
    assert _matcher("not * clear").longest_at("it is not".split(), 2) is None
