"""CPU seconds of the scoring pass on one core, as a worker runs one chunk of it.

The scoring step's pass (:func:`analysis.scoring.engine.score_with_tables`) makes each
article's Doc, scores it (:func:`analysis.score_texts`) and makes the tables made article by
article from the same Docs (:func:`analysis.report.computed.article_tables`: sentence scores,
09's coding units, 03's evidence, 05's quotes). This script does the same, in this process
and without the score cache, workers or whole-corpus tables, on the first ``--articles``
rows of ``--corpus`` (default the synthetic 10,000 of :mod:`benchmarks.corpora`), after a
warm-up on other rows that loads the lexicons and models::

    .venv/bin/python -m benchmarks.scoring_pass --articles 300

It prints one JSON line: the articles, the CPU seconds of the pass (``time.process_time``)
and per article. For a change to the scorer, time this script before and after it, in turns,
from outside (whole-process CPU seconds), or compare its own figure; on a shared machine
compare CPU seconds, not wall-clock.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from benchmarks.corpora import SCRATCH

WARM_UP = 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SCRATCH / "synthetic-10000.csv")
    parser.add_argument("--articles", type=int, default=300, help="first N rows (300)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"error: {args.corpus} not found (python -m benchmarks.corpora builds it)")
        return 1
    import pandas as pd

    from analysis.report.computed import article_tables
    from analysis.scoring.score import collector_paused, score_texts
    from analysis.text import make_doc

    rows = pd.read_csv(args.corpus, dtype=str, keep_default_na=False)
    if "group" not in rows.columns:  # the coding units carry the group, as a report's do
        rows["group"] = rows.get("collection", "")
    chunk = rows.head(args.articles).reset_index(drop=True)
    warm = rows.iloc[args.articles : args.articles + WARM_UP].reset_index(drop=True)

    def scoring_pass(frame: pd.DataFrame) -> None:
        with collector_paused():  # as a worker runs its chunk
            docs = [make_doc(text) for text in frame["text"]]
            score_texts(docs)
            article_tables(frame, docs)

    scoring_pass(warm)
    cpu = time.process_time()
    scoring_pass(chunk)
    cpu = time.process_time() - cpu
    result = {
        "what": "one chunk of the scoring pass in one process: Docs, scores, article tables",
        "articles": len(chunk),
        "cpu_seconds": round(cpu, 2),
        "cpu_ms_per_article": round(1000 * cpu / max(len(chunk), 1), 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
