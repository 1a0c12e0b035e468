"""One run configuration, written once into the run folder and read by scoring and every notebook.

A report writes two files before anything else runs: ``run.json``, what the run was asked
(corpus, grouping, groups, normalisation, seed, limits, genres, coded sample, scoring
processes), and ``corpus.parquet``, the corpus as the run read it: cleaned, grouped, with
the run's genres applied, and the text as read beside it. Scoring and every notebook read
that snapshot, never the corpus files, so a corpus edited while the run goes on cannot give
pages that disagree (the runner also checks the inputs' hashes at the end), and the corpus
is parsed once per run instead of once per notebook.

A notebook opens its run with one call, :func:`open_run`; run by hand (``out_dir`` empty)
the same call loads the corpus its parameters name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import paths
from analysis.corpus.load import corpus_label, load_corpus

#: The column of the snapshot holding each article's text as read, before cleaning.
AS_READ = "text_as_read"


@dataclass(frozen=True)
class RunConfig:
    """What a report run was asked; ``run.json`` in the run folder."""

    corpus: str = ""  # absolute path of the folder, CSV or JSONL; "" = the seed corpus
    group_by: str = "genre"
    groups: str = ""  # "A,B", or "" for all
    normalise_groups: bool = False
    seed: int = 0
    max_bytes: int | None = None  # the loader's limit; None = its default
    genres: str = ""  # the genres file applied to the articles without one; "" = none
    coded: str = ""  # the coding-sample folder given with --coded
    events: str = ""  # the reviewed events file given with --events
    eval_dir: str = ""  # the human-labelled data, when present
    workers: int | None = None  # scoring processes
    scheduler: str | None = None  # or a Dask cluster
    #: The whole-corpus tables the notebooks read, by function name (analysis.report.computed),
    #: made in the scoring step; None = every one.
    tables: list[str] | None = None

    def write(self, run: Path) -> Path:
        """Write ``run.json`` into the run folder ``run``."""
        path = run / paths.RUN_CONFIG
        text = json.dumps(asdict(self), indent=2) + "\n"
        part = path.with_name(f".{path.name}.part")
        part.write_text(text, encoding="utf-8")
        part.replace(path)
        return path

    @classmethod
    def read(cls, run: str | os.PathLike[str]) -> RunConfig:
        """The configuration of the run folder ``run``."""
        path = Path(run) / paths.RUN_CONFIG
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{f.name: values[f.name] for f in fields(cls)})
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a run configuration ({exc})") from exc


def freeze_corpus(articles: pd.DataFrame, as_read: pd.DataFrame, run: Path) -> Path:
    """Write the snapshot every reader of the run uses: ``articles`` (as loaded, cleaned) with
    the texts of ``as_read`` (the same corpus loaded with ``clean=False``) beside them."""
    texts = as_read.set_index("doc_id")["text"]
    path = run / paths.RUN_CORPUS
    part = path.with_name(f".{path.name}.part")
    articles.assign(**{AS_READ: articles["doc_id"].map(texts)}).to_parquet(part, index=False)
    part.replace(path)
    return path


@dataclass
class Run:
    """The run a notebook (or the scoring step) works on: its configuration and its articles."""

    config: RunConfig
    #: Where figures and tables go: the run folder, or data/processed/interactive by hand.
    dir: Path
    #: The run folder of a report; ``None`` for a notebook run by hand.
    folder: Path | None
    frame: pd.DataFrame

    @cached_property
    def articles(self) -> pd.DataFrame:
        """One row per article, as :func:`analysis.load_corpus` returns them."""
        return self.frame.drop(columns=[AS_READ], errors="ignore")

    @cached_property
    def as_read(self) -> pd.Series:
        """Each article's text as read, before cleaning, by ``doc_id``."""
        if AS_READ in self.frame:
            return self.frame.set_index("doc_id")[AS_READ].rename("text")
        c = self.config
        raw = load_corpus(c.corpus or None, clean=False, max_bytes=c.max_bytes, genres="")
        return raw.set_index("doc_id")["text"]

    @property
    def label(self) -> str:
        """What the figures and tables show, for their titles."""
        return corpus_label(self.articles, group_by=self.config.group_by, source=self.config.corpus)

    @cached_property
    def scores(self) -> pd.DataFrame:
        """Every article's scores: the run's stored ones, else scored now."""
        from analysis.scoring.stored import read_scores

        return read_scores(self.articles, self.dir)

    def once(self, func: Callable[..., Any], **kwargs: Any) -> Any:
        """``func(self.articles, **kwargs)``, a whole-corpus table: the one the run's scoring
        step stored for this very call (:mod:`analysis.report.computed`), else made now."""
        if self.folder is not None:
            from analysis.report.computed import stored

            table = stored(self.folder, func, kwargs)
            if table is not None:
                return table
        return func(self.articles, **kwargs)

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """Every sentence's scores: the run's stored ones, else scored now."""
        from analysis.scoring.stored import read_scores

        return read_scores(self.articles, self.dir, level="sentence")


def open_run(
    out_dir: str | os.PathLike[str] = "",
    *,
    corpus: str = "",
    group_by: str = "genre",
    groups: str = "",
    normalise_groups: bool = False,
    seed: int = 0,
) -> Run:
    """The run a notebook works on, from its parameters, in one call.

    In a report's run folder (``out_dir`` holding ``run.json``): the run's configuration and
    its frozen corpus; parameters that contradict the configuration are refused, so a
    notebook re-run by hand into a run folder cannot mix two corpora in one report. With
    ``out_dir`` empty (or a folder that is no run): the corpus the parameters name, loaded now.
    """
    asked = RunConfig(
        corpus=str(corpus),
        group_by=group_by,
        groups=groups,
        normalise_groups=normalise_groups,
        seed=seed,
    )
    folder = paths.resolve(out_dir) if str(out_dir) else None
    if folder is None or not (folder / paths.RUN_CONFIG).is_file():
        articles = load_corpus(corpus or None, group_by=group_by, normalise_groups=normalise_groups)
        return Run(asked, _interactive(out_dir), None, articles)
    config = RunConfig.read(folder)  # read twice (here and in read_run): a small JSON file
    differ = [
        f"{name} {getattr(asked, name)!r} (the run has {getattr(config, name)!r})"
        for name in ("corpus", "group_by", "groups", "normalise_groups", "seed")
        if getattr(asked, name) != getattr(config, name)
    ]
    if differ:
        raise ValueError(
            f"{folder} is a report run of another configuration: {'; '.join(differ)}. "
            "Give out_dir='' to work on these parameters outside the run."
        )
    return read_run(folder)


def read_run(run: str | os.PathLike[str]) -> Run:
    """A report's run folder as its scoring step and notebooks see it: configuration, snapshot."""
    folder = paths.resolve(run)
    return Run(RunConfig.read(folder), folder, folder, pd.read_parquet(folder / paths.RUN_CORPUS))


def _interactive(out_dir: str | os.PathLike[str]) -> Path:
    from analysis.report.outputs import run_dir

    return run_dir(out_dir)
