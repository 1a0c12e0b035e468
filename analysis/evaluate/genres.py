"""Agreement of the genre proposal (:mod:`analysis.corpus.genres`) with human labels.

Data, and what was developed on what:

* the seed corpus (``data/corpus.csv``): three wire reports and two colour
  pieces labelled by the suite's developer, with a ``genre_note`` saying why.
  The signals were written while reading these five: a *development* figure,
  shown as such;
* the narrative-frames articles (Frermann et al. 2023, MIT): 428 climate
  articles, 18 flagged as opinion (``_opinion``) by the data's coders; opinion
  against not. Split by the SHA-256 of the article id (:func:`analysis.evaluate.events.split`):
  the points and thresholds were set on the development half, the figures are
  measured on the held-out half;
* BASIL (Fan et al. 2019, research use only): 300 news reports, one story from
  Fox, the NYT and HuffPost; none is opinion or a feature by the data's design,
  so it measures how often the proposal calls a news report opinion or colour.
  Split by event as in :mod:`analysis.evaluate.events`; held-out half here.

Anchor (measured here): an opinion label in the title, byline or first line
alone, to show what the other signals add.

Run: ``python -m analysis.evaluate`` (every evaluator), or
``python -c "from analysis.evaluate.genres import evaluate; from analysis import paths;
print(evaluate(paths.EVAL))"``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from analysis.corpus import load_corpus
from analysis.corpus.genre_signals import opinion_label
from analysis.corpus.genres import propose_genres
from analysis.evaluate.common import prf, require, spread
from analysis.evaluate.events import load_basil, split

FRAMES = "narrative_frames_frermann2023"


def load_frames(eval_dir: Path) -> pd.DataFrame:
    """The narrative-frames articles: ``doc_id``, ``outlet``, ``text``, ``opinion`` (bool)."""
    folder = require(eval_dir / FRAMES)
    flags = json.loads(require(folder / "full_annotations.json").read_text(encoding="utf-8"))
    csv.field_size_limit(1 << 30)
    with require(folder / "articles_metadata.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return pd.DataFrame(
        {
            "doc_id": [r["ID"] for r in rows],
            "outlet": [r["source"] for r in rows],
            "text": [r["text"] for r in rows],
            "opinion": [flags[r["ID"]]["_opinion"] == "True" for r in rows],
        }
    )


def _row(dataset: str, n: int, metric: str, system: str, value: float, kind: str) -> dict:
    return {
        "measure": "genre proposal",
        "dataset": dataset,
        "n": n,
        "metric": metric,
        "system": system,
        "value": round(float(value), 3),
        "kind": kind,
        "target": None,
    }


def seed_rows() -> list[dict]:
    """The seed corpus: proposals against the developer's labels (a development figure)."""
    corpus = load_corpus(genres="")  # the developer's labels, whatever a run applies
    proposed = propose_genres(corpus.assign(genre="unknown"))["proposed"]
    sure = proposed != "unsure"
    dataset = "seed corpus, 3 wire / 2 colour (development: the signals were written on it)"
    agree = (proposed[sure] == corpus["genre"][sure]).mean() if sure.any() else float("nan")
    return [
        _row(dataset, len(corpus), "agreement where proposed", "suite", agree, "suite"),
        _row(dataset, len(corpus), "share unsure", "suite", 1 - sure.mean(), "suite"),
    ]


def frames_rows(eval_dir: Path, *, limit: int | None = None) -> list[dict]:
    """Opinion against not on the held-out half of the narrative-frames articles."""
    articles = load_frames(eval_dir)
    held = articles[articles["doc_id"].map(split) == "held-out"]
    held = held.iloc[spread(list(range(len(held))), limit)].reset_index(drop=True)
    proposed = propose_genres(held.assign(genre="unknown"))["proposed"]
    gold = held["opinion"].tolist()
    dataset = (
        f"narrative frames held-out half ({len(held)} articles, {sum(gold)} opinion; "
        "developed on the other half)"
    )
    anchor = [bool(opinion_label("", "", t.split("\n", 1)[0])) for t in held["text"]]
    rows = []
    for system, kind, predicted in (
        ("suite: opinion proposed", "suite", (proposed == "opinion").tolist()),
        ("an opinion label alone", "anchor (measured here)", anchor),
    ):
        precision, recall, f1 = prf(predicted, gold)
        rows += [
            _row(dataset, len(held), "opinion precision", system, precision, kind),
            _row(dataset, len(held), "opinion recall", system, recall, kind),
            _row(dataset, len(held), "opinion F1", system, f1, kind),
        ]
    news = ~held["opinion"]
    for genre in ("wire", "colour", "unsure"):
        share = (proposed[news] == genre).mean()
        rows.append(
            _row(dataset, int(news.sum()), f"news proposed {genre}", "suite", share, "suite")
        )
    return rows


def basil_rows(eval_dir: Path, *, limit: int | None = None) -> list[dict]:
    """How BASIL's held-out news reports are proposed: opinion and colour are errors."""
    articles = load_basil(eval_dir)
    held = articles[articles["event"].map(split) == "held-out"]
    kept = spread(sorted(held["event"].unique()), limit)
    held = held[held["event"].isin(kept)].reset_index(drop=True)
    proposed = propose_genres(held.assign(genre="unknown"))["proposed"]
    dataset = f"BASIL held-out half ({len(held)} news reports; developed on the other half)"
    return [
        _row(dataset, len(held), f"proposed {genre}", "suite", (proposed == genre).mean(), "suite")
        for genre in ("wire", "colour", "opinion", "unsure")
    ]


def evaluate(eval_dir: Path, *, limit: int | None = None) -> list[dict]:
    """Every genre-proposal row: seed (development), narrative frames and BASIL (held out)."""
    return [*seed_rows(), *frames_rows(eval_dir, limit=limit), *basil_rows(eval_dir, limit=limit)]
