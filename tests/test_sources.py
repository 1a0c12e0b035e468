"""Tests for analysis.measures.sources: speaker types from role words and descriptions."""

from __future__ import annotations

import csv

import pytest

from analysis import paths
from analysis.measures.sources import SPEAKER_TYPES, lexicon, speaker_type


@pytest.mark.parametrize(
    ("speaker", "context", "kind"),
    [
        # official
        ("U.S. envoy Steve Witkoff", "", "official"),
        ("Rustem Umerov", "Ukraine’s top negotiator, Rustem Umerov", "official"),
        ("Marco Rubio", "Marco Rubio, the U.S. national security advisor", "official"),
        ("Spokesperson Dmitry Peskov", "", "official"),
        ("the Kremlin", "", "official"),
        ("U.S. officials", "", "official"),
        ("Ukrainian President Volodymyr Zelensky", "", "official"),
        ("Prime Minister Keir Starmer", "", "official"),
        # expert
        ("Dr. Mira Khodorkova", "Dr. Mira Khodorkova, an international law scholar", "expert"),
        ("Lena Sokolov", "Lena Sokolov, a former intelligence analyst", "expert"),
        ("A retired diplomat", "A retired diplomat who has watched decades of talks", "expert"),
        ("Prof. Anna Weber", "", "expert"),
        ("an economist", "an economist at the bank", "expert"),
        # private
        (
            "Natalia",
            "Natalia, a 42-year-old who fled Kharkiv and now runs a small bakery",
            "private",
        ),
        ("Marco", "Marco, a fisherman who watches international news", "private"),
        ("Ana", "Ana, a hotel barista", "private"),
        ("Olena", "Olena, a schoolteacher from Kyiv", "private"),
        ("a volunteer medic", "", "private"),
        ("the hotel’s concierge", "", "private"),
        ("residents", "", "private"),
        # the first role word is the speaker's own
        ("Natalia", "Natalia, a 42-year-old who voted for the president", "private"),
        # anonymous
        ("a source", "a source close to the talks", "anonymous"),
        ("an attendee", "an attendee who asked to remain unnamed", "anonymous"),
        ("people", "people familiar with the talks", "anonymous"),
        ("a diplomat", "a diplomat after the meeting", "anonymous"),
        ("an official", "", "anonymous"),
        ("Officials", "Officials close to the talks", "anonymous"),
        # unknown
        (None, "", "unknown"),
        ("", "", "unknown"),
        ("he", "", "unknown"),
        ("She", "", "unknown"),
        ("Dmitriev", "", "unknown"),
    ],
)
def test_speaker_type(speaker, context, kind):
    assert speaker_type(speaker, context=context) == kind


def test_words_inside_other_words_do_not_count():
    assert speaker_type("Lena", context="Lena, who runs a sourcebook shop") == "unknown"
    assert speaker_type("Mr. Ministerson") == "unknown"


def test_lexicon_rows_are_complete():
    with (paths.LEXICONS / "speakers.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert rows and list(rows[0]) == ["term", "category", "example", "source"]
    for row in rows:
        assert row["category"] in SPEAKER_TYPES[:-1], row
        assert row["term"] and row["example"] and row["source"], row
    assert len(lexicon()) == len(rows)  # no duplicate terms
