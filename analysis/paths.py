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


#: The answer in words (describe_comparison), read by the landing page.
RUN_ANSWER = Path("answer.md")
#: A report run's configuration and its corpus as read at its start (analysis.report.config).
RUN_CONFIG = Path("run.json")
RUN_CORPUS = Path("corpus.parquet")
#: A report run's scores, written once before its notebooks (see analysis.scoring.stored).
RUN_SCORES = {"article": Path("scores") / "articles.parquet",
              "sentence": Path("scores") / "sentences.parquet"}  # fmt: skip
#: Whole-corpus tables the notebooks show, computed in the same step (analysis.report.computed).
RUN_COMPUTED = Path("scores") / "computed"


def run_scores(run: str | os.PathLike[str], level: str = "article") -> Path:
    """Where the run folder ``run`` keeps its scores at ``level`` (article or sentence).

    >>> run_scores("/tmp/run", "sentence").as_posix()
    '/tmp/run/scores/sentences.parquet'
    """
    return Path(run) / RUN_SCORES[level]
