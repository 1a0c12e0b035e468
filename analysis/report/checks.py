"""Checks before a run: the notebooks keep the contract, the run folder can be written, the
corpus loads and has two groups to compare, all before anything is written.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import analysis._jsonschema  # noqa: F401  (first: nbformat without the IRI grammar)

# isort: split
import pandas as pd
import papermill

from analysis import paths
from analysis.corpus import UNKNOWN, CorpusError, group_variants, load_corpus
from analysis.corpus.labels import genre_sources
from analysis.report.run_folder import ReportError

#: Where a run keeps the genre proposal it used (``--genres proposed``), for review.
RUN_GENRES = "genres.csv"
#: Parameters every notebook must declare; ``eval_dir`` is optional.
REQUIRED_PARAMETERS = ("corpus", "group_by", "groups", "out_dir", "seed")


def check_notebooks(notebooks: list[Path]) -> dict[Path, set[str]]:
    """Each notebook's declared parameters, checked before the run, not at notebook 7."""
    if not notebooks:
        raise ReportError(f"no notebooks to run (looked for NN-*.ipynb in {paths.NOTEBOOKS})")
    names = [nb.name for nb in notebooks]
    problems = [f"{n}: two notebooks share it" for n in sorted(set(names)) if names.count(n) > 1]
    declared = {}
    for nb in notebooks:
        if not nb.is_file():
            problems.append(f"{nb}: not found")
            continue
        try:
            declared[nb] = set(papermill.inspect_notebook(nb))
        except ValueError as exc:  # papermill needs the notebook's kernelspec to read it
            problems.append(f"{nb.name}: {exc}")
            continue
        if not declared[nb]:
            problems.append(
                f"{nb.name}: no parameters papermill can read (tag one cell 'parameters' and"
                " write one `name: type = value  # comment` a line)"
            )
            continue
        missing = set(REQUIRED_PARAMETERS) - declared[nb]
        if missing:
            problems.append(
                f"{nb.name}: parameters cell lacks {', '.join(sorted(missing))} (papermill reads"
                " one `name: type = value  # comment` a line; a second '=', even in the comment,"
                " hides the line)"
            )
    if problems:
        raise ReportError("notebooks break the contract:\n  " + "\n  ".join(problems))
    return declared


def check_out(out: Path) -> None:
    """Refuse, before anything runs, a run folder inside data/raw/ or under a file."""
    if out.resolve().is_relative_to(paths.RAW.resolve()):
        raise ReportError(
            f"{out} is inside {paths.RAW}, which holds the corpus as received and is never "
            "written to: choose another --out"
        )
    for folder in [out, *out.parents]:
        if folder.exists():
            if not folder.is_dir():
                where = "is a file" if folder == out else f"is under {folder}, which is a file"
                raise ReportError(f"cannot use {out} as the run folder: it {where}, not a folder")
            return


def check_corpus(
    corpus: Path | None,
    *,
    group_by: str,
    groups: Sequence[str] | None,
    normalise: bool,
    max_bytes: int | None,
    genres: str | pd.DataFrame = "",
    events: Path | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Load the corpus once and check it has the groups to compare, and that a reviewed
    ``events`` file reads and names its articles, before anything runs; list on stderr
    group labels that differ only by case or spaces, unless merging them.

    Returns the articles (with ``genres`` applied: the run's snapshot is made of them) and
    the corpus in brief for the landing page: articles, articles per group, events (when
    an ``event`` column names some), group labels that differ only by case or spaces
    (``case_variants``), where the genres came from (with ``genres``, a genres
    file or the proposal's table, or grouped by genre).
    """
    with_genres = isinstance(genres, pd.DataFrame) or bool(genres)
    try:
        articles = load_corpus(
            corpus, group_by=group_by, normalise_groups=normalise, max_bytes=max_bytes, genres=""
        )
        if with_genres:  # a file or the proposal, applied once: the run's snapshot holds them
            from analysis.corpus.genres import apply_genres

            articles = apply_genres(articles, genres, group_by=group_by)
        if events is not None:  # imported here: the runner starts without the statistics
            from analysis.statistics.events import load_events

            unknown = sorted(set(load_events(events)["doc_id"]) - set(articles["doc_id"]))
            if unknown:
                raise CorpusError(
                    f"--events {events}: doc_id not in the corpus: {', '.join(unknown[:5])}"
                )
    except CorpusError as exc:
        raise ReportError(str(exc)) from exc
    variants = group_variants(articles["group"])
    if variants:
        listed = "; ".join(" and ".join(map(repr, spellings)) for spellings in variants.values())
        print(
            f"note: groups in {group_by!r} that differ only by case or spaces are compared as "
            f"different groups: {listed}. Pass --normalise-groups to merge them.",
            file=sys.stderr,
        )
    counts = articles["group"].value_counts()
    given_events = set(articles["event"]) - {UNKNOWN} if "event" in articles else set()
    summary = {
        "articles": len(articles),
        "group_by": group_by,
        "groups": {str(g): int(n) for g, n in counts.items()},
        "events": len(given_events) or None,
        "case_variants": [list(map(str, spellings)) for spellings in variants.values()],
    }
    if with_genres or group_by == "genre":
        summary["genres"] = genre_sources(
            articles["genre"],
            articles.get("genre_source", ["given"] * len(articles)),
            file=RUN_GENRES + " in the run folder"
            if isinstance(genres, pd.DataFrame)
            else Path(genres).name,
        )
    present = ", ".join(f"{g!r} ({n})" for g, n in sorted(counts.items()))
    if groups is not None:
        missing = [g for g in groups if g not in counts]
        if missing:
            raise ReportError(
                f"no group {' or '.join(map(repr, missing))} in column {group_by!r}; "
                f"groups present: {present}"
            )
        return articles, summary
    labelled = sorted(g for g in counts.index if g != UNKNOWN)
    if len(labelled) >= 2:
        return articles, summary
    if not labelled:
        found = f"only one group ({UNKNOWN!r})"
    else:
        found = f"only one group besides {UNKNOWN!r} ({labelled[0]!r})"
    if corpus is None or corpus.is_dir():
        a = "an" if group_by[:1].lower() in "aeiou" else "a"
        where = f"add a corpus.csv or metadata.csv with {a} {group_by} column beside the .txt files"
    else:
        where = f"fill the {group_by} column of {corpus.name}"
    if group_by == "genre" and not with_genres:
        where += (
            ", or pass --genres proposed (the suite's proposal from each article's signals; "
            "python -m analysis genres writes it for review)"
        )
    raise ReportError(f"{found} in column {group_by!r}: {where}, or pass --group-by COLUMN")


def genre_proposal(corpus: Path | None, *, max_bytes: int | None) -> pd.DataFrame:
    """The genre proposal for the articles without a genre, made once for the whole run.

    The measures it reads load here, and only for ``--genres proposed``.
    """
    from analysis.corpus.genres import propose_genres

    try:
        return propose_genres(load_corpus(corpus, max_bytes=max_bytes, genres=""))
    except CorpusError as exc:
        raise ReportError(str(exc)) from exc
