"""Read a corpus into one table: the seed folder, your own folder, a CSV or a JSON Lines file,
or news-database exports.

Why this module exists: every notebook starts from the same table, one row per
article, with its metadata, its cleaned title and body (:mod:`analysis.corpus.clean`)
and a ``group`` column to compare by. Texts brought by a user are checked up
front: each problem raises a :class:`CorpusError` whose message names the file
and says what to fix, instead of a pandas or Unicode traceback halfway through a
notebook.

Decisions a user should know about:

* Text is decoded as UTF-8 (a byte-order mark is dropped), or as UTF-16 when
  it starts with a UTF-16 byte-order mark. Bytes that are not UTF-8 are decoded
  as Windows-1252, as a careful reader would, with a warning naming the first
  one; the ``encoding`` column says ``cp1252`` (the whole file) or
  ``utf-8+cp1252`` (stray bytes in UTF-8). Files with NUL bytes or more than
  1% control characters are refused as binary; fewer control characters are
  removed, from texts and metadata alike.
* A text that is empty once whitespace, zero-width characters and byte-order
  marks are set aside is refused like an empty file.
* Markup is read as a browser would show it: a web page saved as text (it
  starts with ``<!DOCTYPE html>``, ``<html>``, ``<body>``...) or an HTML
  fragment (it starts with an HTML tag, or holds two or more) is reduced to its
  visible text with the standard library's ``html.parser``: scripts, styles,
  ``<head>``, ``<nav>``, ``<aside>``, ``<footer>`` and forms are dropped, block
  elements become lines. The ``source_format`` column says ``html``.
* Files larger than ``max_bytes`` are refused before they are read.
* In a folder, every ``.txt`` file needs a metadata row and every row a file:
  a mismatch is an error, not a silent gap in a comparison. A file that
  resolves outside the folder (``../`` or an absolute path in ``file``, a
  symbolic link pointing out) is refused: the report publishes what it reads.
* A folder without a metadata CSV whose files are Nexis, Factiva or ProQuest exports
  (by their content), or one such file, is read by :mod:`analysis.corpus.exports`: one
  row per article, ``genre`` ``unknown``, the export's fields as columns.
* Column names must be unique once surrounding spaces are stripped (CSV
  headers and JSON keys alike).
* Metadata values that are missing or blank become the literal ``unknown``;
  ``genre`` must be ``wire``, ``colour``, ``opinion`` or ``unknown``.
* Group labels that differ only by case or spaces (``FOX`` and ``fox``) are
  kept apart unless ``normalise_groups=True`` merges them
  (:func:`group_variants` lists them).
* Error and warning messages show control characters escaped (``\\x1b``), never raw.
* Rows are sorted by ``doc_id``, so the order never depends on the file system.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.corpus.clean import clean_text
from analysis.corpus.decode import CONTROL, decode, is_blank, read_bytes, to_text
from analysis.corpus.errors import CorpusError
from analysis.corpus.exports import export_files, looks_like_export, read_exports
from analysis.corpus.labels import GENRES, UNKNOWN

__all__ = [
    "CorpusError",
    "DEFAULT_MAX_BYTES",
    "GENRES",
    "METADATA_COLUMNS",
    "group_variants",
    "load_corpus",
]

#: Metadata columns every corpus has; missing ones are filled with ``unknown``.
METADATA_COLUMNS = ("outlet", "byline", "date", "url", "event", "genre", "genre_note")
#: Columns a folder's metadata CSV must have.
REQUIRED_METADATA = ("doc_id", "file")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_METADATA_NAMES = ("corpus.csv", "metadata.csv")

PathLike = str | os.PathLike[str]


def load_corpus(
    path: PathLike | None = None,
    *,
    metadata: PathLike | None = None,
    text_column: str = "text",
    group_by: str = "genre",
    clean: bool = True,
    max_bytes: int | None = None,
    normalise_groups: bool = False,
    genres: PathLike | None = None,
) -> pd.DataFrame:
    """Load a corpus as one row per article, sorted by ``doc_id``.

    Args:
        path: A folder of ``.txt`` files, a ``.csv`` file or a ``.jsonl`` file; or a
            news-database export file or a folder of them (see :func:`load_exports`).
            Relative paths are resolved against the repository root. ``None``
            loads the seed corpus (``data/raw`` described by ``data/corpus.csv``).
        metadata: For a folder: the metadata CSV (columns ``doc_id``, ``file``
            and any others). By default ``corpus.csv`` or ``metadata.csv``
            inside the folder, else beside it; with none, ``doc_id`` is the
            file stem and every fact is ``unknown``.
        text_column: For a CSV or JSONL file: the field holding the text. The
            other fields are metadata; ``doc_id`` is optional (default
            ``<file stem>-<row>``, rows counted from 1, header and blank lines
            not counted) and so is ``title``.
        group_by: The column copied to ``group``, the column the notebooks
            compare by.
        clean: Remove page furniture and split off the title
            (:func:`analysis.corpus.clean.clean_text`). ``False`` keeps the text as
            read; ``title`` then comes from the metadata only.
        max_bytes: Refuse any file larger than this; ``None``: :data:`DEFAULT_MAX_BYTES`.
        normalise_groups: Merge ``group`` labels that differ only by case or
            spaces (``FOX``, ``fox``) into their most frequent spelling; the
            ``group_by`` column keeps the labels as read.
        genres: Fill ``genre`` where the corpus has none: ``"proposed"`` (the
            suite's proposal, :mod:`analysis.corpus.genres`) or a reviewed genres
            file (``python -m analysis genres``); the corpus's own labels win, and
            ``genre_source`` says where each came from. ``None``: the corpus's labels
            alone. (A report applies its ``--genres`` once, to the corpus snapshot
            its scoring and notebooks read: :mod:`analysis.report.config`.)

    Returns:
        Columns ``doc_id``, ``file``, the metadata (``outlet``, ``byline``,
        ``date``, ``url``, ``event``, ``genre``, ``genre_note`` and any extra
        ones), ``title``, ``text``, ``group``, ``source_sha256`` (of the file,
        or for a CSV/JSONL row of its text), ``encoding`` and ``source_format``
        (``text`` or ``html``).

    Raises:
        CorpusError: The message names the file and the problem.

    >>> corpus = load_corpus()
    >>> corpus.loc[1, ["doc_id", "outlet", "genre"]].tolist()
    ['001_f49bdae61d479ff0', 'The Moscow Times', 'wire']
    >>> corpus.group.value_counts().to_dict()
    {'wire': 3, 'colour': 2}
    """
    if max_bytes is None:
        max_bytes = DEFAULT_MAX_BYTES
    if path is None:
        source, metadata = paths.RAW, metadata or paths.SEED_METADATA
    else:
        source = paths.resolve(path)
    meta = paths.resolve(metadata) if metadata is not None else None
    if source.is_dir() and meta is None and _find_metadata(source) is None:
        files = export_files(source)  # a folder of database exports, or []
    else:
        files = [source] if source.is_file() and looks_like_export(source) else []
    if files:
        rows = _export_rows(files, "auto", max_bytes)
    elif source.is_dir():
        rows = _folder_rows(source, meta or _find_metadata(source), max_bytes)
    elif not source.exists():
        raise CorpusError(f"{source}: no such file or folder")
    elif metadata is not None:
        raise CorpusError(f"{source}: metadata= is for a folder of .txt files; a table is its own")
    elif source.suffix.lower() == ".csv":
        rows = _table_rows(source, _csv_records(source, max_bytes, text_column), text_column)
    elif source.suffix.lower() == ".jsonl":
        rows = _table_rows(source, _jsonl_records(source, max_bytes), text_column)
    else:
        raise CorpusError(
            f"{source}: cannot load a {source.suffix or 'suffix-less'} file; "
            "give a folder of .txt files, a .csv file or a .jsonl file"
        )
    frame = _frame(rows, source, group_by=group_by, clean=clean, normalise_groups=normalise_groups)
    if not genres:
        return frame
    from analysis.corpus.genres import apply_genres  # the measures load only when asked

    return apply_genres(frame, genres, group_by=group_by)


def load_exports(
    files: list[PathLike],
    *,
    source: str = "auto",
    group_by: str = "genre",
    clean: bool = True,
    max_bytes: int | None = None,
) -> pd.DataFrame:
    """The articles of news-database export files (Nexis, Factiva, ProQuest: see
    :mod:`analysis.corpus.exports`), as :func:`load_corpus` returns a corpus.

    ``source`` is ``auto`` (each file's database read from its content) or the database
    every file must come from; a folder in ``files`` stands for its export files. The
    columns are :func:`load_corpus`'s, with ``genre`` ``unknown``, and the export's own
    ``date_original``, ``section``, ``word_count``, ``dateline``, ``language``,
    ``database`` and ``record`` (the article's place in its file, from 1).
    """
    if max_bytes is None:
        max_bytes = DEFAULT_MAX_BYTES
    found: list[Path] = []
    for path in map(paths.resolve, files):
        if path.is_dir():
            found += export_files(path) or _no_exports(path)
        elif not path.is_file():
            raise CorpusError(f"{path}: no such file or folder")
        else:
            found.append(path)
    rows = _export_rows(found, source, max_bytes)
    where = found[0].parent if len(found) > 1 else found[0]
    return _frame(rows, where, group_by=group_by, clean=clean, normalise_groups=False)


def _no_exports(folder: Path) -> list[Path]:
    raise CorpusError(f"{folder}: no Nexis, Factiva or ProQuest export files in this folder")


def _export_rows(files: list[Path], source: str, max_bytes: int) -> list[dict[str, str]]:
    rows = read_exports(files, source=source, max_bytes=max_bytes)
    for row in rows:
        for column in METADATA_COLUMNS:
            row.setdefault(column, UNKNOWN)
    return rows


def _find_metadata(folder: Path) -> Path | None:
    candidates = [d / name for d in (folder, folder.parent) for name in _METADATA_NAMES]
    return next((p for p in candidates if p.is_file()), None)


def _read_text_file(path: Path, max_bytes: int) -> dict[str, str]:
    data = read_bytes(path, max_bytes)
    text, encoding = decode(data, str(path))
    text, source_format = to_text(text, str(path))
    return {
        "raw": text,
        "source_sha256": hashlib.sha256(data).hexdigest(),
        "encoding": encoding,
        "source_format": source_format,
    }


#: A table's records, each with where it stands in the file ("row 3", "line 7"), and the encoding.
Records = tuple[list[tuple[str, dict[str, object]]], str]


def _read_csv(path: Path, max_bytes: int) -> tuple[list[str], list[dict[str, str]], str]:
    """A CSV file's column names, its rows as strings (nothing turned into NaN, a short row
    padded with blanks) and its encoding. Read with the csv module, in one pass: a table
    thousands of columns wide loads in time linear in its size."""
    text, encoding = decode(read_bytes(path, max_bytes), str(path))
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))  # one article may be long
    records = []
    try:
        rows = csv.reader(io.StringIO(text), strict=True)  # strict: an unclosed quote is an error
        columns = [name.strip() for name in next(rows, [])]
        if not columns:
            raise CorpusError(f"{path}: not a readable CSV file (no header row)")
        _check_columns(columns, str(path))
        width = len(columns)
        for number, row in enumerate(rows, start=2):
            if not row:
                continue  # a blank line
            if len(row) > width and any(field.strip() for field in row[width:]):
                raise CorpusError(
                    f"{path}, row {number}: {len(row)} fields but the header names {width}; "
                    "a text with commas must be in double quotes"
                )
            # a trailing comma on each row must not shift the columns: only empty fields
            # beyond the header are dropped (checked above)
            records.append(dict(zip(columns, row + [""] * (width - len(row)), strict=False)))
    except csv.Error as err:
        raise CorpusError(
            f"{path}, line {rows.line_num}: not a readable CSV file ({err})"
        ) from None
    return columns, records, encoding


def _csv_records(path: Path, max_bytes: int, text_column: str) -> Records:
    columns, records, encoding = _read_csv(path, max_bytes)
    if text_column not in columns:
        raise CorpusError(
            f"{path}: no text column {text_column!r} (columns: {', '.join(columns)}); "
            "pass text_column= to name the column that holds the article text"
        )
    return [(f"row {n}", record) for n, record in enumerate(records, start=1)], encoding


def _jsonl_records(path: Path, max_bytes: int) -> Records:
    """A JSON Lines file's objects; blank lines are skipped."""
    text, encoding = decode(read_bytes(path, max_bytes), str(path))
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, object_pairs_hook=_unique_keys(f"{path}, line {number}"))
        except json.JSONDecodeError as err:
            raise CorpusError(f"{path}, line {number}: not valid JSON ({err.msg})") from None
        if not isinstance(record, dict):
            raise CorpusError(f"{path}, line {number}: expected a JSON object {{...}}")
        records.append((f"line {number}", record))
    return records, encoding


#: Most columns (or JSON keys) a corpus table may have: metadata and the text, not a matrix;
#: a wider table is refused at once (pandas spends about 0.3 ms on each column it builds).
MAX_COLUMNS = 1000


def _check_columns(names: list[str], where: str) -> None:
    """Refuse a column named twice (pandas would keep one silently, or rename one ``name.1``)
    and a table wider than :data:`MAX_COLUMNS`."""
    if len(names) > MAX_COLUMNS:
        raise CorpusError(
            f"{where}: {len(names):,} columns; a corpus table has at most {MAX_COLUMNS:,} "
            "(the text and its metadata)"
        )
    twice = sorted(name for name, n in Counter(names).items() if n > 1)  # linear: wide tables
    if twice:
        raise CorpusError(
            f"{where}: column name(s) used twice: {', '.join(map(repr, twice))} "
            "(surrounding spaces do not count); give each column its own name"
        )


def _unique_keys(where: str):
    """A ``json.loads`` hook building each object, refusing a key given twice."""

    def build(pairs: list[tuple[str, object]]) -> dict[str, object]:
        _check_columns([key.strip() for key, _ in pairs], where)
        return dict(pairs)

    return build


def _metadata(record: dict[str, object], where: str) -> dict[str, str]:
    """Metadata values as stripped strings without control characters (``file`` excepted: it
    names a file as it is); blank ones become ``unknown``; genre checked."""
    row = {
        CONTROL.sub("", str(k)).strip(): "" if v is None else str(v).strip()
        for k, v in record.items()
    }
    row.update({k: CONTROL.sub("", v) for k, v in row.items() if k != "file"})
    row.update({k: v or UNKNOWN for k, v in row.items() if k != "doc_id"})
    for column in METADATA_COLUMNS:
        row.setdefault(column, UNKNOWN)
    genre = row["genre"].lower()
    if genre not in GENRES:
        hint = " (did you mean 'colour'?)" if genre == "color" else ""
        raise CorpusError(
            f"{where}: doc_id {row.get('doc_id', '?')!r} has genre {row['genre']!r}{hint}; "
            f"allowed: {', '.join(GENRES)}. To compare by labels of your own, put them in "
            "another column and pass group_by='that column'"
        )
    row["genre"] = genre
    return row


def _check_unique(values: list[str], what: str, where: str | Path) -> None:
    seen, duplicates = set(), []
    for value in values:
        if not value:
            raise CorpusError(f"{where}: a row has an empty {what}")
        if value in seen:
            duplicates.append(value)
        seen.add(value)
    if duplicates:
        raise CorpusError(f"{where}: duplicate {what}: {', '.join(sorted(set(duplicates)))}")


def _folder_rows(folder: Path, metadata: Path | None, max_bytes: int) -> list[dict[str, str]]:
    files = sorted(p.name for p in folder.glob("*.txt") if p.is_file())
    if metadata is None:
        if not files:
            raise CorpusError(f"{folder}: no .txt files in this folder")
        records = [{"doc_id": Path(name).stem, "file": name} for name in files]
        where = str(folder)
    else:
        columns, records, _ = _read_csv(metadata, max_bytes)
        missing = [c for c in REQUIRED_METADATA if c not in columns]
        if missing or not records:
            raise CorpusError(
                f"{metadata}: metadata needs the column(s) {', '.join(REQUIRED_METADATA)} and "
                f"one row per file; missing: {', '.join(missing) or 'rows'}; "
                f"it has: {', '.join(columns) or 'nothing'}"
            )
        where = str(metadata)
    rows = [_metadata(record, where) for record in records]
    _check_unique([r["doc_id"] for r in rows], "doc_id", where)
    _check_unique([r["file"] for r in rows], "file", where)
    inside = folder.resolve()
    outside = [
        f"{r['file']} (doc_id {r['doc_id']})"
        for r in rows
        if not (folder / r["file"]).resolve().is_relative_to(inside)
    ]
    if outside:
        raise CorpusError(
            f"{where}: files that resolve outside the corpus folder {folder}: "
            f"{', '.join(outside)}; only files inside it are read"
        )
    absent = [
        f"{r['file']} (doc_id {r['doc_id']})" for r in rows if not (folder / r["file"]).is_file()
    ]
    listed = {r["file"] for r in rows}
    unlisted = [name for name in files if name not in listed]
    problems = [f"files missing from {folder}: {', '.join(absent)}"] if absent else []
    if unlisted:
        problems.append(f"files in {folder} with no metadata row: {', '.join(unlisted)}")
    if problems:
        raise CorpusError(f"{where}: " + "; ".join(problems))
    for row in rows:
        row.update(_read_text_file(folder / row["file"], max_bytes))
    return rows


def _table_rows(path: Path, table: Records, text_column: str) -> list[dict[str, str]]:
    records, encoding = table
    if not records:
        raise CorpusError(f"{path}: no rows")
    rows = []
    for number, (place, record) in enumerate(records, start=1):
        if text_column not in record:
            raise CorpusError(
                f"{path}, {place}: no text field {text_column!r} (fields: "
                f"{', '.join(map(str, record)) or 'none'}); pass text_column= to name it"
            )
        raw = record.pop(text_column)
        record.setdefault("doc_id", f"{path.stem}-{number:05d}")
        row = _metadata(record, f"{path}, {place}")
        if isinstance(raw, str):
            raw = CONTROL.sub("", raw)
        if not isinstance(raw, str) or is_blank(raw):
            raise CorpusError(f"{path}, {place} (doc_id {row['doc_id']!r}): no text")
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:
            raise CorpusError(
                f"{path}, {place} (doc_id {row['doc_id']!r}): the text holds invalid Unicode "
                "(a lone surrogate such as \\ud800)"
            ) from None
        text, source_format = to_text(raw.replace("\r\n", "\n").replace("\r", "\n"), str(path))
        row.update(
            file=path.name,
            raw=text,
            source_sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
            encoding=encoding,
            source_format=source_format,
        )
        rows.append(row)
    _check_unique([r["doc_id"] for r in rows], "doc_id", path)
    return rows


def _frame(
    rows: list[dict[str, str]],
    source: Path,
    *,
    group_by: str,
    clean: bool,
    normalise_groups: bool,
) -> pd.DataFrame:
    for row in rows:
        raw = row.pop("raw")
        title = row.get("title", "")
        if clean:
            result = clean_text(raw)
            if is_blank(result.text):
                raise CorpusError(
                    f"{source / row['file'] if source.is_dir() else source} "
                    f"(doc_id {row['doc_id']!r}): no article text left after cleaning; "
                    "load with clean=False to see the text as read"
                )
            row["text"] = result.text
            title = title if title not in ("", UNKNOWN) else result.title
        else:
            row["text"] = raw.strip()
        row["title"] = "" if title == UNKNOWN else title
    names = list(dict.fromkeys(name for row in rows for name in row))
    # column by column (a field some JSON records lack is unknown): linear in a wide table
    frame = pd.DataFrame({name: [row.get(name, UNKNOWN) for row in rows] for name in names})
    if group_by not in frame.columns:
        raise CorpusError(
            f"{source}: cannot group by {group_by!r}, there is no such column; "
            f"available: {', '.join(frame.columns)}"
        )
    if "group" in frame.columns and group_by != "group":
        raise CorpusError(
            f"{source}: has a column named 'group', which the loader fills from group_by "
            f"({group_by!r}); pass group_by='group' to compare by it, or rename the column"
        )
    frame["group"] = frame[group_by]
    if normalise_groups:
        variants = group_variants(frame["group"])
        merged = {v: label for label, spellings in variants.items() for v in spellings}
        frame["group"] = frame["group"].replace(merged)
    first = ["doc_id", "file", *METADATA_COLUMNS, "title", "text", "group"]
    last = ["source_sha256", "encoding", "source_format"]
    extra = [c for c in frame.columns if c not in first and c not in last]
    frame = frame[first + extra + last]
    return frame.sort_values("doc_id", kind="stable").reset_index(drop=True)


def group_variants(labels: pd.Series | list[str]) -> dict[str, list[str]]:
    """Group labels that differ only by case or spaces, by the spelling they would merge into.

    The merged label is the most frequent spelling (the first in sorted order on a tie).

    >>> group_variants(["FOX", "fox", "FOX", "NYT", "CNN", "cnn "])
    {'CNN': ['CNN', 'cnn '], 'FOX': ['FOX', 'fox']}
    """
    counts = pd.Series(list(labels), dtype=object).astype(str).value_counts()
    spellings: dict[str, list[str]] = {}
    for label in sorted(counts.index, key=lambda v: (-counts[v], v)):
        spellings.setdefault(" ".join(label.split()).casefold(), []).append(label)
    return dict(sorted((v[0], sorted(v)) for v in spellings.values() if len(v) > 1))


def corpus_label(articles: pd.DataFrame, *, group_by: str = "genre", source: str = "") -> str:
    """A short label saying what data a figure or table shows, for its title.

    >>> corpus_label(pd.DataFrame({"doc_id": ["a", "b"]}))
    'seed corpus, 2 articles by genre'
    """
    where = Path(source).name if source else "seed corpus"
    return f"{where}, {len(articles)} articles by {group_by}"
