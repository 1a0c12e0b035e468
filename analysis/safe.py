"""Corpus text made safe where a person meets it outside a page: a spreadsheet, a terminal.

Why this module exists: titles, doc_ids, event labels and coder names come from
whoever made the corpus or the sheet. A cell ``=HYPERLINK(...)`` runs as a formula
when a coder opens a CSV in a spreadsheet; ``ESC]0;...BEL`` or ``ESC[2J`` in an error
message rewrites the user's terminal. Every CSV meant for a person goes through
:func:`write_csv` (formula guard, no silent overwrite, never into ``data/raw/``),
and every value printed goes through :func:`printable`. It sits low in the package
(it needs only :mod:`analysis.paths`), so corpus, coding, scoring and report can all use it.
(Markdown and HTML escaping: :mod:`analysis.views.escape`.)
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from analysis import paths

__all__ = [
    "FORMULA_STARTS",
    "OutputError",
    "check_out",
    "neutralise_formula",
    "printable",
    "slug",
    "spreadsheet_safe",
    "unguarded",
    "write_csv",
    "write_whole",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class OutputError(ValueError):
    """An output path the suite refuses: inside data/raw, existing, or not what it must be."""


def neutralise_formula(value: object) -> object:
    """A text that a spreadsheet would run as a formula, prefixed with ``'``; anything else as is.

    >>> print(neutralise_formula('=HYPERLINK("http://x.example", "click")'))
    '=HYPERLINK("http://x.example", "click")
    >>> neutralise_formula(-0.5), neutralise_formula("wire"), neutralise_formula("-1")
    (-0.5, 'wire', '-1')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return f"'{value}"
    return value


#: A number written as text (a coder's tone "-1"): a spreadsheet reads it as a number.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")


def unguarded(values: Iterable[object]) -> dict[str, str]:
    """Each of ``values`` (as text) keyed by itself and by its guarded form: to find the
    original of a cell read back from a CSV written with the guard, or saved by a
    spreadsheet (which takes the ``'`` as its text mark).

    >>> unguarded(["=1+2", "d4"])["'=1+2"]
    '=1+2'
    """
    texts = [str(v) for v in values]
    return {str(neutralise_formula(t)): t for t in texts} | {t: t for t in texts}


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells and column names are no formulas; numbers kept.

    >>> spreadsheet_safe(pd.DataFrame({"=t": ["@SUM(A1)"], "n": [-1]})).to_dict("list")
    {"'=t": ["'@SUM(A1)"], 'n': [-1]}
    """
    safe = table.copy()
    texts = safe.select_dtypes(exclude="number").columns
    safe[texts] = safe[texts].map(neutralise_formula)
    safe.columns = [neutralise_formula(c) for c in safe.columns]
    return safe


def check_out(path: str | os.PathLike[str], *, force: bool = False, folder: bool = False) -> Path:
    """``path`` if the suite may write it: not inside ``data/raw/``, not an existing file
    (unless ``force``), a file where a file is meant and a folder where a folder is.

    Raises:
        OutputError: naming the path and the problem.
    """
    path = Path(path)
    if path.resolve().is_relative_to(paths.RAW.resolve()):
        raise OutputError(f"{path}: inside {paths.RAW}, which holds the corpus as received")
    parent = next((p for p in path.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise OutputError(f"{path}: {parent} is a file, not a folder")
    if folder and path.exists() and not path.is_dir():
        raise OutputError(f"{path}: is a file; --out names a folder here")
    if not folder and path.is_dir():
        raise OutputError(f"{path}: is a folder; --out names a file here")
    if not folder and path.exists() and not force:
        raise OutputError(f"{path}: already exists; choose another file or pass --force")
    return path


def write_csv(
    table: pd.DataFrame, path: str | os.PathLike[str], *, force: bool = False, **to_csv
) -> Path:
    """Write ``table`` as a CSV a person may open in a spreadsheet, by :func:`write_whole`,
    formulas neutralised. ``to_csv`` goes to :meth:`DataFrame.to_csv`.

    >>> out = Path(tempfile.mkdtemp()) / "sheet.csv"
    >>> print(write_csv(pd.DataFrame({"title": ["=1+1"], "n": [2]}), out).read_text(), end="")
    title,n
    '=1+1,2
    """
    encoding = to_csv.pop("encoding", "utf-8")

    def write(temporary: Path) -> None:
        with temporary.open("w", encoding=encoding, newline="") as f:
            spreadsheet_safe(table).to_csv(f, index=False, lineterminator="\n", **to_csv)

    return write_whole(path, write, force=force)


def write_whole(
    path: str | os.PathLike[str], write: Callable[[Path], object], *, force: bool = False
) -> Path:
    """Let ``write`` fill a file beside ``path``, then move it in: ``path`` appears whole or
    not at all (a full disk leaves nothing behind). Checked by :func:`check_out`; without
    ``force`` an existing file is never replaced, even one made while writing.

    Raises:
        OutputError: the path is refused, or cannot be written (naming the cause).
    """
    path = check_out(path, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        if force:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the file appeared meanwhile: never clobber
    except FileExistsError as exc:
        raise OutputError(f"{path}: already exists; choose another file or pass --force") from exc
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    finally:
        temporary.unlink(missing_ok=True)
    return path


#: Control characters (C0 except tab and line feed, DEL, C1) and bidirectional overrides.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: object) -> str:
    r"""``value`` as text safe to print to a terminal: control characters shown as escapes.

    >>> printable("unit \x1b]0;owned\x07 of \x1b[2JAna")
    'unit \\x1b]0;owned\\x07 of \\x1b[2JAna'
    """
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode(), str(value))


#: Longest file name (in UTF-8 bytes, before ``.png`` or ``.csv``); file systems allow 255.
MAX_NAME_BYTES = 120


def slug(name: str) -> str:
    """A file name made safe, short and distinct: for names built from group names.

    Spaces and punctuation become hyphens. A name that had to change, or is longer
    than :data:`MAX_NAME_BYTES`, is cut and ends with 8 hex digits of its SHA-256,
    so ``a b`` and ``a/b`` stay two files; a safe name is kept as it is.

    >>> slug("06-compare-colour-vs-wire")
    '06-compare-colour-vs-wire'
    >>> slug("06-compare-a b"), slug("06-compare-a/b")
    ('06-compare-a-b-fdd970f9', '06-compare-a-b-39d72220')
    >>> len(slug("06-" + "x" * 300))
    120
    """
    safe = re.sub(r"[^\w.-]+", "-", name).strip("-.")
    if safe == name and len(name.encode()) <= MAX_NAME_BYTES:
        return name
    tag = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    cut = safe.encode()[: MAX_NAME_BYTES - len(tag) - 1].decode("utf-8", "ignore")
    return f"{cut.rstrip('-.') or 'unnamed'}-{tag}"
