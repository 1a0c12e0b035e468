"""The gun-violence frames data (GVFC): leads and headlines coded episodic or thematic.

Liu, Guo, Mays, Betke & Wijaya (2019), CoNLL; the multimodal extension of Tourni et al.
Read from ``<eval_dir>/gvfc_gun_violence_frames``: ``GVFC_extension_multimodal.csv``
(1,300 articles: headline, the first three sentences as the lead, ``Q2 Focus``
1 episodic / 2 thematic) and ``GVFC_headlines_and_annotations.csv`` (2,990 headlines,
of which 2,608 relevant and coded 1 or 2). No explicit data licence (research use; see
its PROVENANCE.md). Episodic (one incident, one person's story) is the label read as
the human-interest frame on a short text.

Units are grouped by **article**: a headline of the headlines file whose text is the
headline of a multimodal article belongs to that article, so a split never trains on an
article's headline while testing its lead (:func:`part`).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from analysis.evaluate.common import require, spread

DATASET = "gvfc_gun_violence_frames"
#: Parts of the hash split (:func:`part`) that are development; the others are test.
DEV_FOLDS = (0, 1)
FOLDS = 5


@dataclass(frozen=True)
class Unit:
    """A lead or a headline: its id, its article, its text and whether it is episodic."""

    id: str
    article: str
    text: str
    episodic: bool


def _key(title: str) -> str:
    return " ".join(title.lower().replace("’", "'").split())


def load(eval_dir: Path, *, limit: int | None = None) -> tuple[list[Unit], list[Unit]]:
    """(leads, headlines), each in file order; ``limit`` spreads each evenly (quick runs)."""
    folder = require(eval_dir / DATASET)
    with require(folder / "GVFC_extension_multimodal.csv").open(encoding="utf-8") as f:
        articles = list(csv.DictReader(f))
    with require(folder / "GVFC_headlines_and_annotations.csv").open(encoding="utf-8") as f:
        titles = list(csv.DictReader(f))
    lead_column = "lead_3_sentences_summary_of_full_article_text"
    article_of = {_key(r["headline"]): f"a{r['id']}" for r in articles}
    leads = [
        Unit(f"lead a{r['id']}", f"a{r['id']}", r[lead_column], r["Q2 Focus"] == "1")
        for r in articles
        if r[lead_column].strip() and r["Q2 Focus"] in {"1", "2"}
    ]
    headlines = [
        Unit(f"headline {n}", article_of.get(_key(r["news_title"]), f"h{n}"), r["news_title"],
             r["Q2 Focus"] == "1")
        for n, r in enumerate(titles)
        if r["Q1 Relevant"] == "1" and r["Q2 Focus"] in {"1", "2"} and r["news_title"].strip()
    ]  # fmt: skip
    return spread(leads, limit), spread(headlines, limit)


def part(unit: Unit) -> int:
    """The unit's fold, 0-4, from a SHA-256 of its article: one article, one fold.

    >>> part(Unit("lead a1", "a1", "", True)) == part(Unit("headline 7", "a1", "", False))
    True
    """
    return int(hashlib.sha256(unit.article.encode()).hexdigest()[:8], 16) % FOLDS


def is_dev(unit: Unit) -> bool:
    """Whether the unit is in the development part (folds :data:`DEV_FOLDS`)."""
    return part(unit) in DEV_FOLDS
