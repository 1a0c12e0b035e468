"""Whole-corpus tables the notebooks show, computed once per run in its scoring step.

Notebooks used to redo whole-corpus text work one at a time, on one core (03's cues, 05's
quotes, 06's text reuse, 08's events, 09's coding units: most of a 10,000-article report).
The scoring step (``python -m analysis score --run``) now makes those calls once, spread
over its workers (``--workers``, ``--scheduler``; the workers make the tables, the step
writes them, so a cluster need not see the run folder), and stores each table in the run
folder (``scores/computed/``, written whole with its SHA-256 beside it, as the scores are).
The tables made article by article (:data:`ARTICLE_CALLS`) come out of the scoring pass
itself, from the Doc and cues that scored each article; those that need the whole corpus at
once (:func:`calls`) are made after it, each kind of index (reuse, event vectors) once. A
notebook asks for a table with the call it would make, ``run.once(quote_table, width=90)``
(:meth:`analysis.report.config.Run.once`): the stored table when the run has this call's,
else the call made now, so a notebook run by hand, or asked for another call, works the same.
A notebook declares the tables it reads by their functions' names (``"reads": ["scores",
"quote_table"]`` in its metadata): a run makes those of its notebooks alone (:func:`wanted`;
the run configuration's ``tables``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import pandas as pd
from pyarrow import ArrowException

from analysis import paths
from analysis.coding.sample import corpus_units
from analysis.measures.quotes import quote_table
from analysis.scoring.score import explain_corpus
from analysis.scoring.stored import read_table, sentence_table, write_table
from analysis.statistics.events import event_index, find_events, names_of
from analysis.statistics.reuse import (
    reuse_between_groups,
    reuse_index,
    reused_sentences,
    sentence_words,
    text_reuse,
)
from analysis.text import Doc

Call = tuple[Callable[..., Any], dict[str, Any]]

#: The calls whose rows are made article by article, from each article's Doc and cues:
#: made in the scoring pass itself, chunk by chunk on the workers, from the Docs scoring
#: made (:func:`article_tables`), as every such call takes them (``docs=``).
ARTICLE_CALLS: list[Call] = [
    (corpus_units, {"unit": "sentence"}),  # 09's coding sample
    (explain_corpus, {"measures": ["hedge", "booster"]}),  # 03
    (quote_table, {"width": 90}),  # 05
]


def article_tables(
    chunk: pd.DataFrame,
    docs: list[Doc],
    made_here: list[Call] = ARTICLE_CALLS,
    tasks: list[list[Call]] | None = None,
) -> list[pd.DataFrame]:
    """A chunk's sentence scores, then its table of each of ``made_here`` (of
    :data:`ARTICLE_CALLS`), then its :func:`index_inputs` for ``tasks`` (``None``: every one of
    :func:`calls`), from the Docs the scoring pass made of it
    (:func:`analysis.scoring.stored.score_articles_with`)."""
    made = sentence_table(chunk, docs)
    made += [func(chunk, **kwargs, docs=docs) for func, kwargs in made_here]
    return [*made, index_inputs(docs, tasks)]


def index_inputs(docs: list[Doc], tasks: list[list[Call]] | None = None) -> pd.DataFrame:
    """What each index of ``tasks`` (``None``: of :func:`calls`) reads of each article (a
    column per index), made from the Docs of the scoring pass: without them each index would
    split and tokenize every article again, half of the whole-corpus tables' time."""
    read = None if tasks is None else {c for task in tasks for c in _input_columns(task)}
    return pd.DataFrame(
        {
            column: list(map(make, docs))
            for column, make in _INDEX_INPUT.values()
            if read is None or column in read
        }
    )


def wanted(calls: list[Call], names: Collection[str] | None) -> list[Call]:
    """The calls of ``calls`` whose function a notebook of the run reads, by its name
    (``names``, the run configuration's ``tables``; ``None``: every call).

    >>> [func.__name__ for func, _ in wanted(ARTICLE_CALLS, ["quote_table", "find_events"])]
    ['quote_table']
    """
    return list(calls) if names is None else [c for c in calls if c[0].__name__ in names]


def calls(events: str = "") -> list[list[Call]]:
    """The calls the notebooks make on the whole corpus that need all of it at once (an index
    of every sentence, a similarity between every two articles), as they make them, in tasks:
    the calls of one task run in one process, one after the other (text reuse's share the
    corpus's reuse, the events' its vectors). Longest first, so that the workers end together.
    ``events`` is the run's reviewed events file (``--events``; 08's ``events_file``)."""
    return [
        [  # 08
            (find_events, {"events": events or None, "use_given": True}),
            (find_events, {"use_given": False}),
            (find_events, {"use_given": False, "threshold": 0.24}),
            (find_events, {"use_given": False, "threshold": 0.35}),  # its exercise 2
            (find_events, {"use_given": False, "window_days": None}),
        ],
        [(text_reuse, {}), (reuse_between_groups, {}), (reused_sentences, {})],  # 06
    ]


def path(run: Path, func: Callable[..., Any], kwargs: dict[str, Any]) -> Path:
    """Where the run folder ``run`` keeps the table of ``func(articles, **kwargs)``."""
    call = json.dumps([func.__module__, func.__qualname__, kwargs], sort_keys=True, default=str)
    digest = hashlib.sha256(call.encode()).hexdigest()[:16]
    return run / paths.RUN_COMPUTED / f"{func.__name__}-{digest}.parquet"


#: Calls whose answer is a set of ``(doc_id, sentence)`` keys, stored as these two columns.
_KEY_SETS = {reused_sentences}
_KEYS = ["doc_id", "sentence"]


#: Calls that take an index of the corpus (``index=``), made once for all of a task's calls
#: that take the same kind: the reuse among its sentences, its articles' event vectors.
_INDEX = {
    text_reuse: reuse_index,
    reuse_between_groups: reuse_index,
    reused_sentences: reuse_index,
    find_events: event_index,
}
#: The argument of each index that takes what it reads of every article, and what makes it
#: from an article's Doc.
_INDEX_INPUT = {reuse_index: ("sentences", sentence_words), event_index: ("names", names_of)}


def _input_columns(task: list[Call]) -> set[str]:
    """The columns of :func:`index_inputs` the indexes of ``task`` read."""
    return {_INDEX_INPUT[_INDEX[func]][0] for func, _ in task if func in _INDEX}


def task_inputs(task: list[Call], inputs: pd.DataFrame) -> pd.DataFrame:
    """The columns of :func:`index_inputs` the indexes of ``task`` read (each task is sent
    to a worker with only its own)."""
    read = _input_columns(task)
    return inputs[[c for c in inputs.columns if c in read]]


def compute(
    articles: pd.DataFrame, task: list[Call], inputs: pd.DataFrame | None = None
) -> list[tuple[Call, pd.DataFrame]]:
    """The calls of ``task`` made on ``articles``, each with its table (a set of keys as
    a table), for :func:`store`: made on a worker, stored where the run folder is.
    ``inputs`` are the articles' :func:`index_inputs`, when the scoring pass made them."""
    made, indexes = [], {}
    for func, kwargs in task:
        make = _INDEX.get(func) if len(articles) else None  # no index of no article
        if make is not None:
            if make not in indexes:
                column = _INDEX_INPUT[make][0]
                given = {} if inputs is None else {column: inputs[column].tolist()}
                indexes[make] = make(articles, **given)
            table = func(articles, **kwargs, index=indexes[make])
        else:
            table = func(articles, **kwargs)
        if func in _KEY_SETS:
            table = pd.DataFrame(sorted(table), columns=_KEYS)
        made.append(((func, kwargs), table))
    return made


def store(run: Path, made: list[tuple[Call, pd.DataFrame]]) -> list[str]:
    """Write the tables :func:`compute` (or :func:`article_tables`) made into the run folder
    ``run``; the names of the
    files written. A table Parquet cannot hold as it is (a column of mixed types) is not
    stored: the notebook makes that call itself."""
    written = []
    for (func, kwargs), table in made:
        to = path(run, func, kwargs)
        try:
            write_table(table, to)
        except ArrowException as exc:
            print(f"{to.name}: not stored ({type(exc).__name__}: {exc})")
            continue
        written.append(to.name)
    return written


def stored(run: Path, func: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """What the run stored for ``func(articles, **kwargs)``, checked; ``None`` if nothing."""
    at = path(run, func, kwargs)
    if not at.is_file():
        return None
    table = read_table(at)
    if func in _KEY_SETS:
        return set(zip(*(table[c].tolist() for c in _KEYS), strict=True))
    return table
