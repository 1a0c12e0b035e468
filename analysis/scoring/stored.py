"""Scores computed once per report run, written to the run folder, read by every notebook.

A report scores its corpus snapshot once, before the notebooks run (``python -m analysis
score --run``, which the runner calls): every article into ``scores/articles.parquet`` and
every sentence into ``scores/sentences.parquet``. Each notebook then reads them (through
:class:`analysis.report.config.Run`, or :func:`read_scores`), which reads those files when
they hold this corpus's articles and otherwise scores afresh (through the score cache), so
a notebook run by hand works the same way, only slower.

The stored article table holds the corpus's columns except the text (the
notebook has the text already) plus the scores; Parquet keeps every column's type.
Each file's SHA-256 is written beside it (``articles.parquet.sha256``), and what
is read back is checked: the same bytes, a readable file, score columns of the
scorer's types and ranges; anything else is refused in one line
(:class:`StoredScoresError`), never used.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pyarrow import ArrowException

from analysis import paths
from analysis.safe import write_csv, write_whole
from analysis.scoring.engine import ChunkTables, score_corpus, score_with_tables
from analysis.scoring.score import score_sentences, score_texts
from analysis.text import Doc

Level = Literal["article", "sentence"]


def score_articles(
    corpus: pd.DataFrame, *, workers: int | None = None, scheduler: str | None = None
) -> pd.DataFrame:
    """Every article's scores, on this process, ``workers`` processes or a Dask cluster."""
    return score_articles_with(corpus, None, workers=workers, scheduler=scheduler)[0]


def score_articles_with(
    corpus: pd.DataFrame,
    tables: ChunkTables | None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Every article's scores, and the tables ``tables`` makes from the same Docs in the
    same pass (:func:`~analysis.scoring.engine.score_with_tables`; none when ``None``): on
    this process, ``workers`` processes or the Dask cluster at ``scheduler``."""
    engine = "dask" if scheduler else "local"
    options = {"workers": workers, "engine": engine, "scheduler": scheduler, "progress": False}
    if tables is None:
        scored, made = score_corpus(corpus, **options), []
    else:
        scored, made = score_with_tables(corpus, tables, **options)
    return scored.drop(columns=["text"]), made


def sentence_table(chunk: pd.DataFrame, docs: list[Doc]) -> list[pd.DataFrame]:
    """A chunk's sentences (:func:`~analysis.scoring.score.score_sentences`), from the Docs
    the scoring pass made: for :func:`score_articles_with`."""
    return [score_sentences(chunk, docs=docs)]


def write_table(table: pd.DataFrame, path: Path, *, force: bool = True) -> Path:
    """Write ``table`` as Parquet, or as a CSV for a person when ``path`` ends in ``.csv``
    (formulas neutralised); whole or not at all, and never over a file unless ``force``
    (:mod:`analysis.safe`)."""
    if path.suffix.lower() == ".csv":
        return write_csv(table, path, force=force)
    write_whole(path, lambda to: table.to_parquet(to, index=False), force=force)
    digest = _sha256(path)
    write_whole(_digest_file(path), lambda to: to.write_text(digest + "\n"), force=True)
    return path


class StoredScoresError(ValueError):
    """A run's stored scores are not as the run wrote them; the message names the file."""


def _digest_file(path: Path) -> Path:
    """Where the SHA-256 of a stored table is kept, beside it, as the run wrote it."""
    return path.with_name(f"{path.name}.sha256")


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


_AGAIN = "delete the run's scores/ folder to score afresh, or re-run the report"


def read_table(path: Path) -> pd.DataFrame:
    """A table :func:`write_table` wrote, checked: the bytes it wrote (their SHA-256), and a
    Parquet file pandas reads.

    Raises:
        StoredScoresError: naming the file and the problem, in one line.
    """
    recorded = _digest_file(path)
    written = recorded.read_text(encoding="utf-8").strip() if recorded.is_file() else ""
    if written != _sha256(path):
        raise StoredScoresError(
            f"{path}: not the file the run wrote (its SHA-256 differs from {recorded.name}); "
            + _AGAIN
        )
    try:
        return pd.read_parquet(path)
    except (ArrowException, OSError, ValueError) as exc:
        raise StoredScoresError(f"{path}: not a readable Parquet file ({exc}); {_AGAIN}") from exc


def _read_stored(path: Path) -> pd.DataFrame:
    """A run's stored scores, checked (:func:`read_table`), their score columns numbers in
    their ranges."""
    table = read_table(path)
    for column, kind in _score_kinds().items():
        if column not in table:
            continue
        values = table[column]
        if values.dtype.kind != kind or (
            kind in "iu" and (values < 0).any() or kind == "f" and np.isinf(values).any()
        ):
            raise StoredScoresError(
                f"{path}: column {column} holds {values.dtype} values out of range or of "
                f"another type than the scorer's ({kind}); {_AGAIN}"
            )
    return table


@functools.cache
def _score_kinds() -> dict[str, str]:
    """Each score column's dtype kind (``i`` counts, ``f`` measures, ``b`` decisions)."""
    return {c: t.kind for c, t in score_texts([""]).dtypes.items()}


def read_scores(
    articles: pd.DataFrame, out_dir: str | os.PathLike[str], *, level: Level = "article"
) -> pd.DataFrame:
    """This run's scores for ``articles``: the stored ones when they match, else scored now.

    Args:
        articles: the corpus as :func:`analysis.load_corpus` returns it.
        out_dir: the run folder (the notebook's ``out_dir``; ``""`` scores afresh).
        level: ``"article"`` (as :func:`~analysis.scoring.engine.score_corpus`
            returns) or ``"sentence"`` (as :func:`~analysis.scoring.score.score_sentences`).

    Returns:
        The same table either way; the group comes from ``articles``, so it follows
        the notebook's ``group_by``.
    """
    path = paths.run_scores(paths.resolve(out_dir), level) if str(out_dir) else None
    stored = _read_stored(path) if path is not None and path.is_file() else None
    if level == "article":
        if stored is None or not _same_articles(stored, articles):
            return score_corpus(articles, progress=False)
        scores = stored.drop(columns=[c for c in stored.columns if c in articles.columns])
        return pd.concat([articles, scores.set_axis(articles.index)], axis=1)
    if stored is None or set(stored["doc_id"]) != set(articles["doc_id"]):
        return score_sentences(articles)
    group = articles.set_index("doc_id")["group"]
    return stored.assign(group=stored["doc_id"].map(group))


def _same_articles(stored: pd.DataFrame, articles: pd.DataFrame) -> bool:
    """The stored rows are these articles, in this order, with the same texts."""
    return (
        len(stored) == len(articles)
        and stored["doc_id"].tolist() == articles["doc_id"].tolist()
        and stored["source_sha256"].tolist() == articles["source_sha256"].tolist()
    )
