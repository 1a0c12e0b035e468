"""Validity figures computed once per code version, not once per report.

The evaluators read the human-labelled data and the package's code, never the corpus of a
report, so their tables depend only on the code, the libraries, the data and the item
limit. :func:`cached` keys a table by all of these (a hash of every file of the package,
the versions of the libraries the figures depend on, the installed measures, the data's
files and the arguments) and keeps it in ``data/processed/validity-cache/`` (not committed):
the next report on the same code reads it back, and any edit recomputes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from analysis import paths

#: Where the tables are kept.
CACHE = paths.PROCESSED / "validity-cache"

#: Libraries whose version can move a figure.
_LIBRARIES = ("nltk", "textblob", "vaderSentiment", "scikit-learn", "scipy", "numpy", "pandas")


def cached(
    name: str,
    compute: Callable[[], pd.DataFrame],
    *,
    eval_dir: Path,
    limit: int | None,
    folder: Path = CACHE,
) -> pd.DataFrame:
    """``compute()``, or the table it gave before for the same code, libraries, data and limit.

    >>> import tempfile
    >>> calls = []
    >>> def table():
    ...     calls.append(1)
    ...     return pd.DataFrame({"n": [1]})
    >>> data, kept = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> cached("t", table, eval_dir=data, limit=3, folder=kept).equals(
    ...     cached("t", table, eval_dir=data, limit=3, folder=kept)), len(calls)
    (True, 1)
    """
    path = folder / f"{name}-{_key(name, eval_dir, limit)}.parquet"
    if path.is_file():
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError):  # a truncated file: computed again below
            pass
    table = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{id(table)}.part")
    table.to_parquet(part)
    part.replace(path)
    return table


def _key(name: str, eval_dir: Path, limit: int | None) -> str:
    from analysis.measures import registry

    digest = hashlib.sha256(f"{name}\0{limit}\0".encode())
    package = Path(__file__).resolve().parents[1]
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}=={version(library)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{library} absent\n".encode())
    for line in registry.provenance():
        digest.update(line.encode() + b"\n")
    for folder in (package, Path(eval_dir)):
        for file in sorted(f for f in folder.rglob("*") if f.is_file()):
            if "__pycache__" in file.parts:
                continue
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:20]
