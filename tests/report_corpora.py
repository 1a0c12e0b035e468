"""The corpora the whole-report fixtures of tests/conftest.py run on, and the hostile values
they carry (issue 11 items 1, 3, 10, 11, 14; issue 21 items 1, 2, 8, 13), so the tests that
read those reports can name what each page must show as text and never as markup."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pandas as pd

from analysis import load_corpus
from analysis.coding.sample import draw_sample
from analysis.coding.sheets import write_sample

SCRIPT_OUTLET = "<script>alert(2)</script>"
IMG_TITLE = "<img src=x onerror=alert(4)>"
#: The outlets of the outlet corpus: markup, and dollar signs a figure label must draw as
#: written rather than as mathematics. The last sent one article, :data:`REPRINT`, a verbatim
#: reprint of :data:`REPRINTED`: a group of one article.
OUTLETS = (SCRIPT_OUTLET, "Outlet $$", "$x_$ paper")
ONE_ARTICLE = OUTLETS[-1]
REPRINT, REPRINTED = "~copy", "=1+2"
#: Hostile doc ids and titles given to the first articles of the outlet corpus.
DOC_IDS = ("<b>d0</b>", REPRINTED, "@SUM(A1)", "-2+3")
TITLES = (IMG_TITLE, '=HYPERLINK("http://x.example","click")', "cost $5 to $10", "+cmd")
#: A --coded folder name that was put raw into page 09's Markdown (issue 21 item 2).
CODED_NAME = "s<img src=x onerror=alert(5)>[c](javascript:alert(12))"
#: Two group names compared with --groups: each was put raw into page 06's plan note.
PAIR = ("<img src=x onerror=alert(1)>", "[x](javascript:alert(3)) http://2130706433/x \u202eevil")
#: The pair run's reviewed events: a formula and markup as event names.
PAIR_EVENTS = ("=cmd|' /C calc'!A0", IMG_TITLE, "=cmd|' /C calc'!A0", IMG_TITLE, "e3")


def outlet_corpus(folder: Path) -> Path:
    """240 articles of :data:`OUTLETS` in one CSV, each six paragraphs of the seed texts drawn
    at random (a corpus past the size where figures name each article) but :data:`REPRINT`;
    the first have hostile ids and titles; one more article has a blank outlet (left out of
    the comparisons: four groups present, every pair of the three named is compared)."""
    paragraphs = [p for text in load_corpus()["text"] for p in text.split("\n") if p.strip()]
    rng = random.Random(0)
    rows = [
        {
            "doc_id": DOC_IDS[i] if i < len(DOC_IDS) else f"a{i:03d}",
            "outlet": OUTLETS[i % 2],
            "title": TITLES[i] if i < len(TITLES) else f"Article {i}",
            "text": "\n".join(rng.sample(paragraphs, 6)),
        }
        for i in range(239)
    ]
    rows.append({"doc_id": REPRINT, "outlet": ONE_ARTICLE, "title": "", "text": rows[1]["text"]})
    blank = "\n".join(rng.sample(paragraphs, 6))
    rows.append({"doc_id": "d-blank", "outlet": "", "title": "", "text": blank})
    path = folder / "articles.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def coded_sample(corpus: Path, group_by: str, folder: Path) -> Path:
    """A 5-unit sample of ``corpus`` coded by two coders who both agree with the suite, in
    fully quoted sheets, beside a spreadsheet's lock file and a macOS metadata file."""
    articles = load_corpus(corpus, group_by=group_by)
    sample = draw_sample(articles, n=5, seed=0)
    write_sample(sample, folder)
    suite = sample.design.set_index("unit_id")
    for coder in ("Ana", "Bea"):
        sheet = sample.sheet().assign(coder=coder).set_index("unit_id")
        for code in sample.codes:
            sheet[code.name] = suite[f"suite_{code.name}"]
        sheet.reset_index().to_csv(
            folder / "sheets" / f"{coder}.csv", index=False, quoting=csv.QUOTE_ALL
        )
    for stray in ("._Ana.csv", "~$Ana.csv"):
        (folder / "sheets" / stray).write_bytes(b"\x00\x05\x16\x07")
    return folder


def pair_corpus(folder: Path) -> tuple[Path, Path]:
    """The seed texts in exactly two groups named :data:`PAIR`, and their reviewed events."""
    seed = load_corpus()
    table = seed[["doc_id", "title", "text"]].assign(outlet=[PAIR[i % 2] for i in range(len(seed))])
    corpus = folder / "pair.csv"
    table.to_csv(corpus, index=False)
    events = folder / "events.csv"
    pd.DataFrame({"doc_id": table["doc_id"], "event": PAIR_EVENTS}).to_csv(events, index=False)
    return corpus, events
