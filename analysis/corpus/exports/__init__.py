"""News-database exports read into articles: Nexis (TXT, DOCX, RTF), Factiva (RTF, HTML,
text) and ProQuest (TXT).

Why this package exists: researchers get their corpus out of a news database in
batches of up to 100 articles per file, not as one tidy table. :func:`read_exports`
reads such files, each by the database that wrote it (:mod:`.sniff` decides from the
content; ``source=`` can insist on one), into one record per article with the same
columns whatever the database (:mod:`.records`); ``load_corpus`` on a folder of exports
and ``python -m analysis import`` both come here. One module per database
(:mod:`.nexis`, :mod:`.factiva`, :mod:`.proquest`) and one per container (:mod:`.rtf`,
:mod:`.word`).

Every refusal is one :class:`~analysis.corpus.load.CorpusError` naming the file and,
where the problem is in a record, its number (from 1, in file order): a cut-off
file, labels in another interface language, two exports joined into one file, a
Word document that is not an export, a zip bomb, a record too long. Nothing is
returned from a folder until every file has been read.

The same article exported twice (the same document number and text, from
overlapping searches) is kept once, with a warning naming both places; the same
document number with different texts is refused.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pandas as pd

from analysis.corpus.decode import decode, read_bytes
from analysis.corpus.errors import CorpusError, printable
from analysis.corpus.exports.factiva import factiva_html_rows, factiva_text_rows, read_factiva
from analysis.corpus.exports.nexis import TXT_RECORD, read_nexis_txt, read_nexis_uni
from analysis.corpus.exports.proquest import read_proquest
from analysis.corpus.exports.records import EXPORT_COLUMNS
from analysis.corpus.exports.rtf import is_rtf, rtf_lines
from analysis.corpus.exports.sniff import DATABASES, database_of, foreign_labels, record_markers
from analysis.corpus.exports.word import docx_paragraphs, is_zip

__all__ = [
    "EXPORT_COLUMNS",
    "SOURCES",
    "export_files",
    "looks_like_export",
    "read_exports",
    "review_table",
]

Source = Literal["auto", "nexis", "factiva", "proquest"]
#: What ``source=`` (and ``import --from``) accepts.
SOURCES: tuple[str, ...] = ("auto", *DATABASES)
#: File name endings an export folder's files may have (any case).
SUFFIXES = (".txt", ".rtf", ".docx", ".htm", ".html")
_HEAD_BYTES = 64 * 1024


def read_exports(
    files: Iterable[str | os.PathLike[str]],
    *,
    source: Source = "auto",
    max_bytes: int,
) -> list[dict[str, str]]:
    """Every article in ``files``, in file order then record order.

    Args:
        files: Export files.
        source: ``auto`` (each file's database from its content) or the database every
            file must come from.
        max_bytes: Refuse any file larger than this, before reading it.

    Returns:
        One dict per article: ``doc_id``, ``file`` (the file's name), ``title``,
        ``outlet``, ``byline``, ``date``, ``url``, :data:`EXPORT_COLUMNS`, ``raw`` (the
        text, for cleaning),
        ``source_sha256`` (of the text), ``encoding`` and ``source_format``
        (``nexis-docx``, ``factiva-rtf`` ...).

    Raises:
        CorpusError: naming the file (and the record) that cannot be read.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, got {source!r}")
    rows: list[dict[str, str]] = []
    seen: dict[str, dict[str, str]] = {}
    for file in map(Path, files):
        for row in _read_file(file, source, max_bytes):
            earlier = seen.get(row["doc_id"])
            if earlier is None:
                seen[row["doc_id"]] = row
                rows.append(row)
                continue
            first, again = _place(earlier), _place(row)
            if earlier["source_sha256"] != row["source_sha256"]:
                raise CorpusError(
                    f"{again}: doc_id {row['doc_id']!r} is also {first}, with a different "
                    "text; one document number, two texts: which is the article?"
                )
            warnings.warn(
                printable(
                    f"{again}: the same article as {first} (doc_id {row['doc_id']!r}); kept once"
                ),
                UserWarning,
                stacklevel=2,
            )
    for row in rows:
        del row["path"]
    return rows


#: The columns of the CSV that ``python -m analysis import`` writes, in order. ``file`` and
#: ``source_format`` are renamed: loading the CSV gives those the CSV's own values.
REVIEW_COLUMNS = {
    "doc_id": "doc_id", "file": "export_file", "record": "record", "database": "database",
    "source_format": "export_format", "outlet": "outlet", "date": "date",
    "date_original": "date_original", "title": "title", "byline": "byline",
    "section": "section", "word_count": "word_count", "dateline": "dateline",
    "language": "language", "url": "url", "genre": "genre", "genre_note": "genre_note",
    "event": "event", "text": "text",
}  # fmt: skip


def review_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """The imported corpus as a person reviews it, and as ``load_corpus`` reads it back: one
    row per article, the export's fields, the cleaned text (no ``group`` or hashes)."""
    return corpus[list(REVIEW_COLUMNS)].rename(columns=REVIEW_COLUMNS)


def _place(row: dict[str, str]) -> str:
    return f"{row['path']}, record {row['record']}"


def looks_like_export(path: Path) -> bool:
    """Whether ``path`` is, by its first 64 KB, a file of a database export: a DOCX or RTF,
    or text holding a database's record lines (a plain article does not)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return False
    if is_zip(head) or is_rtf(head):
        return True
    text = head.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return (
        bool(record_markers(text))
        or foreign_labels(text) is not None
        or ("<td" in text.lower() and bool(factiva_html_rows(text)))
    )


def export_files(folder: Path) -> list[Path]:
    """The files of an export folder, sorted by name; ``[]`` when it holds no export.

    Raises:
        CorpusError: exports and plain articles in one folder, or a file that resolves
            outside the folder (a symbolic link out of it).
    """
    files = sorted(
        p for p in folder.iterdir()
        if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and p.is_file()
    )  # fmt: skip
    kinds = {p: looks_like_export(p) for p in files}
    if not any(kinds.values()):
        return []
    plain = [p.name for p, export in kinds.items() if not export]
    if plain:
        exports = [p.name for p, export in kinds.items() if export]
        raise CorpusError(
            f"{folder}: holds news-database exports ({', '.join(exports[:3])}) and files "
            f"that are not ({', '.join(plain[:3])}{', ...' if len(plain) > 3 else ''}); put "
            "plain .txt articles in a folder of their own"
        )
    inside = folder.resolve()
    outside = [p.name for p in files if not p.resolve().is_relative_to(inside)]
    if outside:
        raise CorpusError(
            f"{folder}: files that resolve outside the corpus folder: {', '.join(outside)}; "
            "only files inside it are read"
        )
    return files


def _read_file(path: Path, source: Source, max_bytes: int) -> list[dict[str, str]]:
    where = str(path)
    data = read_bytes(path, max_bytes)
    if is_zip(data):
        paragraphs = docx_paragraphs(data, where)
        database = _insist(database_of("\n".join(t for t, _ in paragraphs), where), source, where)
        if database != "nexis":
            raise CorpusError(f"{where}: a Word document, but only Nexis exports Word documents")
        kind, encoding = "docx", "docx"
        rows = read_nexis_uni(paragraphs, where)
    elif is_rtf(data):
        lines, encoding, whole = rtf_lines(data, where)
        text = "\n".join(line for line, _ in lines)
        database = _insist(database_of(text, where), source, where)
        kind = "rtf"
        rows = _read_text(database, text, where, lines)
        if not whole:
            raise CorpusError(
                f"{where}, record {len(rows) + 1}: the RTF document is cut off after "
                f"record {len(rows)} (it ends inside an open group); export it again"
            )
    else:
        text, encoding = decode(data, where)
        if "<td" in text.lower() and (html_rows := factiva_html_rows(text)):
            _insist("factiva", source, where)
            database, kind = "factiva", "html"
            rows = read_factiva(html_rows, where)
        else:
            database = _insist(database_of(text, where), source, where)
            kind = "txt"
            rows = _read_text(database, text, where)
    if not rows:
        raise CorpusError(f"{where}: a {database} export with no articles")
    for row in rows:
        row.update(
            path=where,
            file=path.name,
            encoding=encoding,
            source_format=f"{database}-{kind}",
        )
    return rows


def _insist(database: str, source: Source, where: str) -> str:
    if source not in ("auto", database):
        raise CorpusError(f"{where}: a {database} export, not {source} (see --from / source=)")
    return database


def _read_text(
    database: str, text: str, where: str, lines: list[tuple[str, list[str]]] | None = None
) -> list[dict[str, str]]:
    """The articles of a text export (or an RTF one: ``lines`` keep its hyperlinks)."""
    if database == "factiva":
        return read_factiva(factiva_text_rows(text.split("\n")), where)
    if database == "proquest":
        return read_proquest(text, where)
    if TXT_RECORD.search(text):
        return read_nexis_txt(text, where)
    return read_nexis_uni(lines or [(line, []) for line in text.split("\n")], where)
