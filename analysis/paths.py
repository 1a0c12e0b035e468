"""Every path the suite uses, resolved from the package's own location.

Notebooks run under papermill from wherever it is started, so no path here is
built from the current working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
RAW = DATA / "raw"
SEED_METADATA = DATA / "corpus.csv"
PROCESSED = DATA / "processed"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
REFERENCE_RUN = REPORTS / "reference"
LEXICONS = Path(__file__).resolve().parent / "measures" / "lexicons"

#: Human-labelled evaluation data lives beside the checkout and is never committed.
#: ``MEDIA_FRAMING_EVAL`` overrides it.
EVAL = Path(os.environ.get("MEDIA_FRAMING_EVAL", ROOT.parent / "shared" / "eval"))


def resolve(path: str | os.PathLike[str]) -> Path:
    """Resolve a user path: absolute as given, relative ones against the repository root.

    >>> resolve("data/raw") == RAW
    True
    """
    p = Path(path).expanduser()
    return p if p.is_absolute() else (ROOT / p).resolve()
