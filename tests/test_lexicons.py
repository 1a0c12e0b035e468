"""Every lexicon is our own file and every entry says what it is and where it comes from."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.measures.lexicons import REQUIRED_COLUMNS, read_lexicon

LEXICONS = sorted(p.name for p in paths.LEXICONS.glob("*.tsv"))


def test_the_four_measures_have_lexicons():
    assert {"hedges.tsv", "human_interest.tsv", "news_tone.tsv", "speakers.tsv"} <= set(LEXICONS)


@pytest.mark.parametrize("name", LEXICONS)
def test_every_entry_has_a_term_category_example_and_source(name):
    rows = read_lexicon(name)
    assert rows, f"{name} is empty"
    for number, row in enumerate(rows, start=2):
        missing = [c for c in REQUIRED_COLUMNS if not (row.get(c) or "").strip()]
        assert not missing, f"{name} line {number}: empty {missing}"


@pytest.mark.parametrize("name", LEXICONS)
def test_no_entry_is_listed_twice(name):
    keys = [(r["term"].lower(), r["category"]) for r in read_lexicon(name)]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"{name}: {sorted(duplicates)}"
