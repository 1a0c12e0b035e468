"""The score cache: scored rows as JSON, keyed by scoring version and text hash, in one SQLite file.

Why its own module: the engine decides what to score and where; this module only
stores and returns rows, and refuses to return anything that is not scores (a file
SQLite cannot read is set aside and rebuilt, a row that is not scores, or not as it was
written, is scored again), each time with a :class:`CacheWarning` naming the file. A
cache it cannot write (read-only, full) is left aside: scoring goes on without it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import warnings
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from analysis import paths
from analysis.measures import registry
from analysis.scoring.score import score_texts

#: Default cache folder (``data/processed`` is not committed).
DEFAULT_CACHE = paths.PROCESSED / "score-cache"
#: Largest number of ``?`` placeholders in one SQLite query.
_SQL_BATCH = 500


def text_key(text: object) -> str:
    """The cache key of a text: the SHA-256 of its UTF-8 bytes."""
    if not isinstance(text, str):
        raise TypeError(f"texts must be str, got {type(text).__name__}: {text!r:.60}")
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class CacheWarning(UserWarning):
    """The score cache, or a row in it, could not be used; it is being rebuilt."""


#: SQLite's result codes for a file that is not, or no longer, a database.
_UNREADABLE = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


@lru_cache(maxsize=4)
def _row_types(measures: tuple[str, ...]) -> dict[str, type]:
    """The Python type of each column :func:`~.score.score_texts` returns, as read from JSON,
    for the installed ``measures`` (:func:`analysis.measures.registry.provenance`)."""
    kinds = {"i": int, "f": float, "b": bool}
    return {c: kinds[t.kind] for c, t in score_texts([""]).dtypes.items()}


def _sealed(row: str) -> str:
    """A row as stored: its JSON, a tab and the first 16 hex digits of the JSON's SHA-256, so
    a row changed in the file (a value edited, a NaN put in) is known when read back."""
    return f"{row}\t{hashlib.sha256(row.encode()).hexdigest()[:16]}"


def _unsealed(stored: str) -> str | None:
    """The JSON of a stored row, or None when it does not match its seal."""
    row, _, seal = str(stored).rpartition("\t")
    return row if seal and _sealed(row) == stored else None


def _valid_row(row: str | None) -> bool:
    """Whether a cached row is a JSON object with exactly the score columns and their types."""
    if row is None:
        return False
    try:
        values = json.loads(row)
    except (TypeError, ValueError):
        return False
    types = _row_types(registry.provenance())
    return (
        isinstance(values, dict)
        and values.keys() == types.keys()
        and all(type(values[c]) is t for c, t in types.items())
    )


class ScoreCache:
    """Scored rows as JSON, keyed by (scoring version, text hash), in one SQLite file.

    A file SQLite cannot read is moved aside and a new one started; rows that are
    not scores are left out of :meth:`get`, so they are scored again and replaced.
    """

    def __init__(self, folder: Path | None, version: str) -> None:
        self.version = version
        self.db: sqlite3.Connection | None = None
        self.path = None if folder is None else folder / "scores.sqlite"
        if self.path is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                self._give_up(err)
                return
            self._guard(self._open)

    def _open(self) -> None:
        self.db = sqlite3.connect(self.path, timeout=60)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS scores (version TEXT NOT NULL, sha256 TEXT NOT NULL,"
            " row TEXT NOT NULL, PRIMARY KEY (version, sha256)) WITHOUT ROWID"
        )
        self.db.commit()

    def _guard(self, action, *args):
        """Run ``action``; if the file turns out unreadable, set it aside and run it again."""
        try:
            return action(*args)
        except sqlite3.DatabaseError as err:
            if (getattr(err, "sqlite_errorcode", 0) & 0xFF) not in _UNREADABLE:
                return self._give_up(err)  # read-only, full or locked: not a corrupt file
            self._set_aside(err)
            self._open()
            return action(*args)

    def _give_up(self, err: Exception) -> None:
        """Score on without the cache, saying why: a cache is a speed-up, never a reason to fail."""
        if self.db is not None:
            self.db.close()
            self.db = None
        warnings.warn(
            f"the score cache {self.path} cannot be used ({err}): scoring goes on without it; "
            "free some space or make the folder writable to have it again",
            CacheWarning,
            stacklevel=4,
        )

    def _set_aside(self, err: sqlite3.DatabaseError) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):  # the journal belongs to the broken file
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                part.replace(aside.with_name(aside.name + suffix))
        warnings.warn(
            f"the score cache {self.path} cannot be read ({err}): moved to {aside.name}; "
            "it is rebuilt as texts are scored",
            CacheWarning,
            stacklevel=4,
        )

    def get(self, keys: list[str]) -> dict[str, str]:
        if self.db is None or not keys:
            return {}
        stored = self._guard(self._select, keys) or {}
        found = {key: _unsealed(row) for key, row in stored.items()}
        bad = [key for key, row in found.items() if not _valid_row(row)]
        if bad:
            warnings.warn(
                f"the score cache {self.path} holds {len(bad)} row(s) that are not scores "
                f"(changed since written, bad JSON, or columns or types other than score_texts "
                f"gives), e.g. for text "
                f"sha256 {bad[0][:12]}: they are scored again and replaced",
                CacheWarning,
                stacklevel=4,
            )
            for key in bad:
                del found[key]
        return found

    def _select(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for i in range(0, len(keys), _SQL_BATCH):
            batch = keys[i : i + _SQL_BATCH]
            found.update(
                self.db.execute(
                    "SELECT sha256, row FROM scores WHERE version = ? AND sha256 IN "
                    f"({','.join('?' * len(batch))})",
                    [self.version, *batch],
                )
            )
        return found

    def put(self, rows: dict[str, str]) -> None:
        if self.db is not None:
            self._guard(self._insert, rows)

    def _insert(self, rows: dict[str, str]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO scores VALUES (?, ?, ?)",
                [(self.version, key, _sealed(row)) for key, row in rows.items()],
            )

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


def cache_folder(cache: bool | str | Path) -> Path | None:
    """The cache folder asked for; an empty path is an error, not the repository root."""
    if cache is True:
        return DEFAULT_CACHE
    if cache is False:
        return None
    if not str(cache).strip():
        raise ValueError("cache is an empty path: give a folder, True (the default) or False")
    folder = paths.resolve(cache)
    if folder.resolve().is_relative_to(paths.RAW.resolve()):
        raise ValueError(f"cache {folder} is inside {paths.RAW}, which is never written to")
    return folder
