"""Files a person reviews and the suite reads back: the genre proposal, the duplicates.

Why: a proposal is only as good as its review. The suite writes a CSV the user
opens in a spreadsheet, corrects, and passes back. So cells that come from the
corpus (titles, evidence, doc_ids) pass the run tables' formula guard
(:func:`analysis.safe.write_csv`), a file is never replaced
silently, nothing is written into ``data/raw/``, and reading back names the file,
the row and the problem.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.corpus.errors import CorpusError
from analysis.safe import OutputError, unguarded, write_csv


def write_review(table: pd.DataFrame, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write ``table`` for review; refuse an existing file (unless ``force``) and ``data/raw/``.

    Raises:
        CorpusError: the path is refused or cannot be written (see :func:`analysis.safe.write_csv`).
    """
    try:
        return write_csv(table, path, force=force, float_format="%.3f")
    except OutputError as exc:
        raise CorpusError(str(exc)) from exc


def read_review(path: str | os.PathLike[str], *, columns: Iterable[str], what: str) -> pd.DataFrame:
    """Read a reviewed file: every cell a string, ``columns`` required, ``doc_id`` unique.

    Raises:
        CorpusError: the file is missing or not a CSV, lacks a column, or repeats a doc_id.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: {what} file not found")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise CorpusError(f"{path}: not a readable CSV of {what} ({exc})") from exc
    table.columns = [c.strip() for c in table.columns]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CorpusError(f"{path}: {what} file lacks column(s) {', '.join(missing)}")
    repeated = table["doc_id"][table["doc_id"].duplicated()].tolist()
    if repeated:
        raise CorpusError(f"{path}: doc_id repeated: {', '.join(repeated[:5])}")
    return table.apply(lambda column: column.str.strip())


def corpus_ids(corpus: pd.DataFrame, reviewed: pd.Series, *, where: str) -> pd.Series:
    """The corpus's doc_ids for a reviewed file's ``doc_id`` cells (as written, guard and all,
    or without the guard);
    ``reviewed`` keeps the file's row index, so a row is named by its line in the file.

    Raises:
        CorpusError: a doc_id of the file is not in the corpus, naming its row.
    """
    written = unguarded(corpus["doc_id"])
    unknown = [f"row {n + 2} ({value})" for n, value in reviewed.items() if value not in written]
    if unknown:
        raise CorpusError(f"{where}: doc_id not in the corpus: {', '.join(unknown[:5])}")
    return reviewed.map(written)
