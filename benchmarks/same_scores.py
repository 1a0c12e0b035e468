"""Are the scores the same after a change to the scorer? Save them before, compare after.

A speed change to the text pass or a measure must not move any score. This script
scores a fixed set of texts (the seed corpus, BASIL's 300 and the narrative-frames
428 articles from ``../shared/eval`` when present, and the pathological inputs of
:mod:`benchmarks.pathological` at 5,000 characters) with :func:`analysis.score_texts`,
:func:`analysis.score_sentences` and :func:`analysis.explain` (the first 60 texts), makes
the tables a report's scoring pass makes article by article from the Docs it scored
(:func:`analysis.report.computed.article_tables`), and either saves the tables or compares
them, value for value, with saved ones::

    .venv/bin/python -m benchmarks.same_scores save /tmp/before.pkl    # before the change
    .venv/bin/python -m benchmarks.same_scores check /tmp/before.pkl   # after it

``check`` prints each table's first difference and exits 1 when any table differs.
The pickle stays outside the repository: it holds texts of ``../shared/eval``.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import pandas as pd

from analysis import paths

PATHOLOGICAL_CHARS = 5_000
EXPLAINED = 60


def texts() -> pd.DataFrame:
    """doc_id and text of every text compared, in a fixed order."""
    from analysis import load_corpus
    from benchmarks.corpora import basil, frames
    from benchmarks.pathological import INPUTS

    tables = [load_corpus()[["doc_id", "text"]]]
    if paths.EVAL.is_dir():
        tables += [basil(paths.EVAL)[["doc_id", "text"]], frames(paths.EVAL)[["doc_id", "text"]]]
    pieces = {
        f"pathological-{k}": (p * (PATHOLOGICAL_CHARS // len(p) + 1))[:PATHOLOGICAL_CHARS]
        for k, p in enumerate(INPUTS.values())
    }
    tables.append(pd.DataFrame({"doc_id": list(pieces), "text": list(pieces.values())}))
    return pd.concat(tables, ignore_index=True)


def tables() -> dict[str, pd.DataFrame]:
    from analysis import explain, score_sentences, score_texts
    from analysis.report.computed import article_tables
    from analysis.text import make_doc

    corpus = texts()
    explained = [
        explain(text).assign(doc_id=doc_id)
        for doc_id, text in corpus[["doc_id", "text"]].head(EXPLAINED).itertuples(index=False)
    ]
    found = {
        "score_texts": score_texts(corpus["text"]).assign(doc_id=corpus["doc_id"].to_numpy()),
        "score_sentences": score_sentences(corpus, carry=()),
        "explain": pd.concat(explained, ignore_index=True),
    }
    docs = [make_doc(text) for text in corpus["text"]]  # as the scoring pass: score, then tables
    score_texts(docs)
    made = article_tables(corpus.assign(group="all"), docs)
    return found | {f"scoring pass table {k}": table for k, table in enumerate(made)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("save", "check"))
    parser.add_argument("path", type=Path, help="the pickle of the tables (outside the repository)")
    args = parser.parse_args(argv)
    found = tables()
    if args.action == "save":
        args.path.write_bytes(pickle.dumps(found))
        print(f"saved {', '.join(f'{k} ({len(v)} rows)' for k, v in found.items())} to {args.path}")
        return 0
    saved = pickle.loads(args.path.read_bytes())
    differ = 0
    for name, table in found.items():
        if name not in saved:  # a table this version makes and the saved one did not
            differ += 1
            print(f"{name}: not in {args.path} (saved by a version without it)")
            continue
        try:
            pd.testing.assert_frame_equal(table, saved[name], check_exact=True)
            print(f"{name}: identical ({len(table)} rows)")
        except AssertionError as exc:
            differ += 1
            print(f"{name}: DIFFERS\n{exc}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
