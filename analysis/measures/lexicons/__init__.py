"""The suite's own lexicons: tab-separated files with a header row, one entry a row.

Every file has at least the columns ``term``, ``category``, ``example`` (a real
sentence where the entry applies) and ``source`` (what informed the entry). They
are package data, read with :mod:`importlib.resources`, so they travel with an
installed package. None copies a research-only list (LIWC, NRC, Lexicoder).
"""

from __future__ import annotations

import csv
from importlib.resources import files

REQUIRED_COLUMNS = ("term", "category", "example", "source")


def read_lexicon(name: str) -> list[dict[str, str]]:
    """The rows of ``analysis/measures/lexicons/<name>``, as dicts keyed by the header.

    >>> set(REQUIRED_COLUMNS) <= read_lexicon("hedges.tsv")[0].keys()
    True
    """
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
