"""Score a whole corpus: in chunks, with a cache, on several processes or a Dask cluster.

:func:`score_corpus` runs :func:`analysis.scoring.score.score_texts` over a corpus and
adds its columns to the corpus's own. It never scores anything itself, so the
numbers are the same whatever the engine or the number of workers.

* **Chunks.** The corpus goes through in chunks of ``chunk_size`` articles and
  only a few chunks are in flight at once, so memory stays bounded;
  :func:`iter_scores` yields the scored chunks one by one for corpora that do
  not fit in memory.
* **Cache.** Each result is stored under the SHA-256 of its text and the
  :func:`scoring_version`, in one SQLite file (``scores.sqlite``) in the cache
  folder. A re-run scores only new or changed texts; an interrupted run resumes
  where it stopped, because each chunk is stored as soon as it is scored; a text
  that occurs twice is scored once. Every row, cached or fresh, is read back
  from the same JSON, so a cached result is the fresh one, float for float.
  Changing a lexicon, a measure module or the package version changes the
  scoring version, and old results are no longer used (delete the folder to
  reclaim the space). A cache file that SQLite cannot read (overwritten,
  truncated) is moved aside to ``scores.sqlite.corrupt-<time>`` with a warning
  naming it, and rebuilt; a row that is not JSON with the columns and types of
  :func:`~.score.score_texts` is scored again, with a warning, never returned
  (:mod:`analysis.scoring.cache`).
* **Workers.** ``workers=N`` scores on ``N`` processes of this machine;
  ``engine="dask"`` on a Dask cluster: a local one by default, or the one at
  ``scheduler``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from importlib.metadata import version as distribution_version
from pathlib import Path
from typing import Literal

import pandas as pd
from tqdm.auto import tqdm

from analysis import paths
from analysis.measures import registry
from analysis.scoring.cache import ScoreCache, cache_folder, text_key
from analysis.scoring.score import collector_paused, score_texts
from analysis.text import Doc, make_doc

log = logging.getLogger(__name__)

#: Articles per chunk: a second or so of scoring, so workers stay busy and the bar moves.
DEFAULT_CHUNK_SIZE = 32

#: Distributions whose code or bundled lexicons the measures use.
_SCORING_DISTRIBUTIONS = ("nltk", "textblob", "vaderSentiment")

#: What a score depends on, relative to the package: the text pass, every file of the
#: measures (modules, shims, lexicons) and the scoring function. The rest of the package
#: (corpus loading, statistics, views, the report) cannot change a score.
_SCORING_SOURCES = ("text.py", "measures", "scoring/score.py")


def _scoring_files() -> list[tuple[str, Path]]:
    """The files of :data:`_SCORING_SOURCES` (lexicons from :data:`paths.LEXICONS`), each
    named relative to the package, in a stable order.

    Raises:
        FileNotFoundError: a source was moved; the cache must not silently stop seeing it.
    """
    package = paths.ROOT / "analysis"
    found: list[Path] = []
    for source in map(package.joinpath, _SCORING_SOURCES):
        if not source.exists():
            raise FileNotFoundError(f"{source} is gone: update engine._SCORING_SOURCES")
        found += sorted(source.rglob("*")) if source.is_dir() else [source]
    named = [(f.relative_to(package).as_posix(), f) for f in found]
    named = [(n, f) for n, f in named if not f.is_relative_to(paths.LEXICONS)]
    named += [
        (f"lexicons/{f.relative_to(paths.LEXICONS).as_posix()}", f)
        for f in paths.LEXICONS.rglob("*")
    ]
    # Bytecode is not a source, and Python writes it through a temporary file
    # (``x.cpython-311.pyc.<id>``) that another process importing a module for the first
    # time can leave in ``__pycache__`` for a moment: counted, it gave that moment's
    # workers another version.
    return sorted(
        (name, f)
        for name, f in named
        if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc"
    )


def scoring_version() -> str:
    """The version of the scores: the package version and a hash of everything scoring reads.

    The hash covers ``analysis/text.py``, every file under ``analysis/measures/``
    (measures, shims, lexicons), ``analysis/scoring/score.py`` and the versions of
    NLTK, TextBlob and vaderSentiment, and every installed measure's distribution,
    version, entry point and source hash (:func:`analysis.measures.registry.provenance`),
    so that a change to any of them, or a measure installed or removed, invalidates
    cached scores. A measure that came to import code from elsewhere in the package
    would have to be added to :data:`_SCORING_SOURCES`.

    >>> import analysis
    >>> scoring_version().startswith(analysis.__version__ + "+")
    True
    """
    from analysis import __version__

    digest = hashlib.sha256()
    for dist in _SCORING_DISTRIBUTIONS:
        digest.update(f"{dist}=={distribution_version(dist)}\n".encode())
    for name, path in _scoring_files():
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for line in registry.provenance():
        digest.update(line.encode() + b"\n")
    return f"{__version__}+{digest.hexdigest()[:16]}"


#: The scoring version of the code this process imported, by the set of measures loaded
#: (:func:`analysis.measures.registry.provenance`; a measure installed and read with
#: ``registry.refresh()`` adds one). Files edited afterwards change :func:`scoring_version`
#: but not the code in memory, so scores are only cached under this.
_LOADED: dict[tuple[str, ...], str] = {registry.provenance(): scoring_version()}


def _loaded_version() -> str:
    loaded = registry.provenance()
    if loaded not in _LOADED:  # hash the files only for a set of measures not seen yet
        _LOADED[loaded] = scoring_version()
    return _LOADED[loaded]


def _check_loaded(version: str) -> None:
    if version != _loaded_version():
        raise RuntimeError(
            f"the scoring code or a lexicon changed on disk (now {version}) since this process "
            f"loaded it ({_loaded_version()}): restart the Python kernel (and any Dask workers) "
            "so that the new code is used and cached scores stay true"
        )


def _json_default(value: object) -> object:
    """NumPy scalars a measure may return become plain Python numbers."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot store a {type(value).__name__} in the score cache")


#: What a pass that also makes tables calls on each chunk (on the worker): the chunk's rows
#: and their Docs, already scored, to the chunk's tables (see :func:`score_with_tables`).
ChunkTables = Callable[[pd.DataFrame, list[Doc]], list[pd.DataFrame]]


def _score_batch(
    texts: list[str],
    labels: list[object],
    version: str | None,
    tables: ChunkTables | None = None,
    frame: pd.DataFrame | None = None,
) -> list[str] | tuple[list[str], list[pd.DataFrame]]:
    """Score ``texts`` in a worker; one JSON row per text, and with ``tables`` the tables
    ``tables(frame, docs)`` makes from the same Docs (``frame``: the rows of ``texts``).

    ``version`` is the caller's scoring version: a worker running other code
    (a remote cluster with another checkout) refuses rather than poisoning the cache.
    """
    if version is not None and version != _loaded_version():
        raise RuntimeError(
            f"this worker's scoring version {_loaded_version()} differs from the caller's "
            f"{version}: install the same analysis package on every worker and restart them"
        )
    timer = _ArticleTimer()
    docs: list[Doc] = []

    def kept() -> Iterator[Doc]:  # each text's Doc, kept for the tables, made in its time limit
        for text in timer.each(texts, labels):
            docs.append(make_doc(text))
            yield docs[-1]

    try:
        if tables is None:
            frame_scores, made_tables = score_texts(timer.each(texts, labels)), None
        else:
            with collector_paused():  # the chunk's Docs stay alive: no collection walks them
                frame_scores = score_texts(kept())
                made_tables = tables(frame, docs)
    except ArticleTimeout:
        raise
    except Exception as err:
        timer.stop()
        for i, (label, text) in enumerate(zip(labels, texts, strict=True)):
            try:
                score_texts([text])
                if tables is not None:
                    tables(frame.iloc[[i]], [make_doc(text)])
            except Exception:
                err.add_note(f"while scoring the text of {label}")
                break
        raise
    finally:
        timer.stop()
    rows = [
        json.dumps(row, separators=(",", ":"), default=_json_default)
        for row in frame_scores.to_dict("records")
    ]
    return rows if made_tables is None else (rows, made_tables)


#: Seconds an article may take to score, and as many again for each 100,000 characters (news
#: scores at about 1 s per 100,000 characters on one core). ``MEDIA_FRAMING_ARTICLE_SECONDS``
#: overrides it (read when scoring starts, so it reaches the worker processes too).
ARTICLE_SECONDS = 60.0


class ArticleTimeout(RuntimeError):
    """An article took longer than its time limit to score: the message names it."""


class _ArticleTimer:
    """Stops an article that outlasts its time limit with :class:`ArticleTimeout` naming it.

    :meth:`each` hands the texts to the scorer one by one and restarts a SIGALRM
    timer for each, so the timer runs while that text is scored. Signals reach a
    process's main thread only: the inline engine and the local processes have the
    limit; a Dask worker's thread scores without it.
    """

    def __init__(self) -> None:
        self.label, self.active = "", threading.current_thread() is threading.main_thread()
        self.previous = signal.signal(signal.SIGALRM, self._stop) if self.active else None
        self.seconds = float(os.environ.get("MEDIA_FRAMING_ARTICLE_SECONDS", ARTICLE_SECONDS))

    def each(self, texts: list[str], labels: list[object]) -> list[str]:
        """``texts``, as a list whose iteration runs each text's timer."""
        return _Timed(texts, self, labels)

    def start(self, label: object, text: str) -> None:
        self.label, self.size = str(label), len(text)
        self.limit = self.seconds * (1 + len(text) / 100_000)
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, self.limit)

    def _stop(self, signum: int, frame: object) -> None:
        raise ArticleTimeout(
            f"scoring the text of {self.label} ({self.size:,} characters) took more than "
            f"{self.limit:.3g} s and was stopped; look at that text (a long run of quotation "
            "marks or sentence ends?), or set MEDIA_FRAMING_ARTICLE_SECONDS higher"
        )

    def stop(self) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)
            self.active = False


class _Timed(list):
    """The texts of a batch; iterating them starts each one's timer as it is handed over."""

    def __init__(self, texts: list[str], timer: _ArticleTimer, labels: list[object]) -> None:
        super().__init__(texts)
        self.timer, self.labels = timer, labels

    def __iter__(self) -> Iterator[str]:
        for label, text in zip(self.labels, list.__iter__(self), strict=True):
            self.timer.start(label, text)
            yield text
        self.timer.stop()


class _InlineExecutor(Executor):
    """Runs each task at once in this process: one worker, no pickling."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:
            future.set_exception(err)
        return future


@contextmanager
def executor(
    engine: Literal["local", "dask"], workers: int | None, scheduler: str | None
) -> Iterator[tuple[Executor, int, bool]]:
    """The executor, the number of tasks to keep in flight, and whether it is remote: this
    process, ``workers`` local processes, or a Dask cluster (``scheduler``, else a local one).
    Scoring articles and sentences both run on it."""
    if engine == "local":
        if scheduler is not None:
            raise ValueError('scheduler is for engine="dask"')
        if workers is None or workers == 1:
            yield _InlineExecutor(), 1, False
            return
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        with ProcessPoolExecutor(max_workers=workers) as pool:
            try:
                yield pool, 2 * workers, True
            finally:
                pool.shutdown(cancel_futures=True)
        return
    if engine != "dask":
        raise ValueError(f'engine must be "local" or "dask", got {engine!r}')
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            slots = workers or sum(client.nthreads().values())
            yield client.get_executor(pure=False), 2 * max(slots, 1), True
        return
    with (
        LocalCluster(
            n_workers=workers or 2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client.get_executor(pure=False), 2 * (workers or 2), True


@dataclass
class _Chunk:
    """One chunk of the corpus on its way through: its rows found so far and its task."""

    frame: pd.DataFrame
    keys: list[str]
    rows: dict[str, str]
    submitted: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    future: Future | None = None
    tables: list[pd.DataFrame] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.future is None


@dataclass
class _Report:
    """What a run did, for ``attrs`` and the log."""

    scoring_version: str = ""
    scored: int = 0
    from_cache: int = 0


def _chunks(corpus: pd.DataFrame | Iterable[pd.DataFrame], size: int) -> Iterator[pd.DataFrame]:
    """The corpus in pieces of at most ``size`` rows, whatever the size of the frames given."""
    for frame in [corpus] if isinstance(corpus, pd.DataFrame) else corpus:
        for start in range(0, len(frame), size):
            yield frame.iloc[start : start + size]


def _stream(
    corpus: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    text_column: str,
    id_column: str | None,
    engine: Literal["local", "dask"],
    workers: int | None,
    chunk_size: int,
    cache: bool | str | Path,
    scheduler: str | None,
    progress: bool,
    report: _Report,
    tables: ChunkTables | None = None,
) -> Iterator[tuple[pd.DataFrame, list[pd.DataFrame]]]:
    """Scored chunks in input order, keeping a few chunks in flight on the executor; each
    with the tables ``tables`` made of it (none without): then every article of a chunk
    is read on the worker, cached or not, and its Doc serves the tables too."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    version = report.scoring_version = scoring_version()
    _check_loaded(version)
    total = len(corpus) if isinstance(corpus, pd.DataFrame) else None
    store = ScoreCache(cache_folder(cache), version)
    in_flight: set[str] = set()  # texts submitted and not yet stored

    def take(frame: pd.DataFrame, executor: Executor, remote: bool) -> _Chunk:
        if text_column not in frame.columns:
            raise KeyError(f"the corpus has no text column {text_column!r}")
        texts = frame[text_column].tolist()
        keys = [text_key(t) for t in texts]
        first = {key: i for i, key in reversed(list(enumerate(keys)))}  # each text's first row
        chunk = _Chunk(frame, keys, store.get(list(first)))
        report.from_cache += sum(k in chunk.rows for k in keys)
        named = id_column in frame.columns
        name = id_column if named else "index"
        labels = [
            f"{name}={label!r}" for label in (frame[id_column] if named else frame.index).tolist()
        ]  # what an error names each row by
        if tables is not None:  # every row goes to the worker, which makes the tables too
            chunk.submitted = keys
            chunk.future = executor.submit(
                _score_batch, texts, labels, version if remote else None, tables, frame
            )
            return chunk
        for key in first:
            if key not in chunk.rows:
                deferred = store.db is not None and key in in_flight
                (chunk.deferred if deferred else chunk.submitted).append(key)
        if chunk.submitted:
            chunk.future = executor.submit(
                _score_batch,
                [texts[first[k]] for k in chunk.submitted],
                [labels[first[k]] for k in chunk.submitted],
                version if remote else None,
            )
            in_flight.update(chunk.submitted)
        return chunk

    def store_done(chunks: Iterable[_Chunk]) -> None:
        error: BaseException | None = None
        for chunk in chunks:
            if chunk.future is None or not chunk.future.done():
                continue
            try:
                result = chunk.future.result()
            except Exception as err:  # re-raised once the other finished chunks are stored
                error = error or err
                continue
            if tables is not None:
                result, chunk.tables = result
            scored = {
                k: row
                for k, row in zip(chunk.submitted, result, strict=True)
                if k not in chunk.rows
            }
            store.put(scored)
            chunk.rows.update(scored)
            in_flight.difference_update(chunk.submitted)
            report.scored += len(scored)
            chunk.future = None
        if error is not None:
            raise error

    def assemble(chunk: _Chunk) -> pd.DataFrame:
        chunk.rows.update(store.get(chunk.deferred))
        scores = pd.DataFrame([json.loads(chunk.rows[k]) for k in chunk.keys])
        clash = sorted(set(chunk.frame.columns) & set(scores.columns))
        if clash:
            raise ValueError(f"the corpus already has score columns {clash}; drop them first")
        frame = chunk.frame.reset_index(drop=True)
        return pd.concat([frame, scores], axis=1).set_axis(chunk.frame.index)

    with (
        closing(store),
        executor(engine, workers, scheduler) as (pool, window, remote),
        tqdm(total=total, unit="article", disable=not progress, desc="scoring") as bar,
    ):
        pending: deque[_Chunk] = deque()
        source = _chunks(corpus, chunk_size)
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                frame = next(source, None)
                if frame is None:
                    exhausted = True
                else:
                    pending.append(take(frame, pool, remote))
            if not pending:
                return
            if not pending[0].ready:
                wait([c.future for c in pending if c.future], return_when=FIRST_COMPLETED)
            store_done(pending)
            if pending[0].ready:
                chunk = pending.popleft()
                yield assemble(chunk), chunk.tables
                bar.update(len(chunk.keys))
                done = f"scored {report.scored:,}, cached {report.from_cache:,}"
                bar.set_postfix_str(done, refresh=False)


def iter_scores(
    corpus: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    text_column: str = "text",
    id_column: str | None = "doc_id",
    engine: Literal["local", "dask"] = "local",
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    cache: bool | str | Path = True,
    scheduler: str | None = None,
    progress: bool = True,
) -> Iterator[pd.DataFrame]:
    """Like :func:`score_corpus`, but yield scored chunks of ``chunk_size`` rows, in order.

    For corpora that do not fit in memory: pass an iterable of DataFrames (for
    example ``pd.read_csv(path, chunksize=10_000)``) and write each scored
    chunk out as it comes; only a few chunks are held at a time.

    Writing a CSV as the chunks come (header, then one line per article):

    >>> import io
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["It may rain.", "It rains."]})
    >>> out = io.StringIO()
    >>> for i, part in enumerate(iter_scores(corpus, chunk_size=1, cache=False, progress=False)):
    ...     part.to_csv(out, header=i == 0, index=False)
    >>> len(out.getvalue().splitlines())
    3
    """
    chunks = _stream(
        corpus,
        text_column=text_column,
        id_column=id_column,
        engine=engine,
        workers=workers,
        chunk_size=chunk_size,
        cache=cache,
        scheduler=scheduler,
        progress=progress,
        report=_Report(),
    )
    return (frame for frame, _ in chunks)


def score_corpus(
    corpus: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    text_column: str = "text",
    id_column: str | None = "doc_id",
    engine: Literal["local", "dask"] = "local",
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    cache: bool | str | Path = True,
    scheduler: str | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Score every article: the corpus's columns plus those of :func:`~.score.score_texts`.

    Args:
        corpus: a DataFrame with one article per row (see
            :func:`analysis.load_corpus`), or an iterable of such DataFrames.
        text_column: the column holding the text.
        id_column: the column naming each article in error messages (the
            index is used when it is missing).
        engine: ``"local"`` for this machine, ``"dask"`` for a Dask cluster.
        workers: processes to score on. Local: ``None`` or 1 scores in this
            process. Dask: workers of the local cluster (default 2).
        chunk_size: articles per chunk, the unit of work and of progress.
        cache: ``True`` for the default folder (``data/processed/score-cache``),
            a folder of your own (relative to the repository root), or
            ``False`` to score everything afresh.
        scheduler: address of a running Dask scheduler (``"tcp://host:8786"``)
            whose workers have this same package installed; ``None`` starts a
            local cluster on 127.0.0.1 without a dashboard.
        progress: show a progress bar.

    Returns:
        One row per article, in input order with the input's index. ``attrs``
        records the ``scoring_version``, how many texts were ``scored`` and how
        many rows came ``from_cache``.

    Raises:
        KeyError: the text column is missing.
        TypeError: a text is not a ``str`` (a missing text is ``NaN``: fill it first).
        ValueError: the corpus already has a score column, or an option is invalid.

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["It may rain.", "It rains."]})
    >>> scored = score_corpus(corpus, cache=False, progress=False)
    >>> scored[["doc_id", "words"]].values.tolist(), scored.attrs["scored"]
    ([['a', 3], ['b', 2]], 2)
    """
    return _scored(
        corpus,
        text_column=text_column,
        id_column=id_column,
        engine=engine,
        workers=workers,
        chunk_size=chunk_size,
        cache=cache,
        scheduler=scheduler,
        progress=progress,
    )[0]


def score_with_tables(
    corpus: pd.DataFrame,
    tables: ChunkTables,
    *,
    text_column: str = "text",
    id_column: str | None = "doc_id",
    engine: Literal["local", "dask"] = "local",
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    cache: bool | str | Path = True,
    scheduler: str | None = None,
    progress: bool = True,
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """:func:`score_corpus`'s table, and the tables ``tables`` makes from the same Docs.

    Each article is read once (:func:`analysis.text.make_doc`), on the worker that scores
    it, and its measures' cues are found once: ``tables(chunk, docs)`` is called there on
    each chunk of the corpus and its Docs (a top-level function, so that it reaches the
    workers), and returns tables whose rows are made article by article (as
    :func:`~analysis.scoring.score.score_sentences` does, given ``docs=``). The chunks'
    tables are joined in corpus order, so each is the table the same call makes on the
    whole corpus. Every article is read, whether its scores are cached or not.

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["It may rain.", "It rains."]})
    >>> from analysis.scoring.score import score_sentences
    >>> def sentences(chunk, docs):
    ...     return [score_sentences(chunk, docs=docs)]
    >>> scored, (table,) = score_with_tables(corpus, sentences, cache=False, progress=False)
    >>> table[["doc_id", "text"]].values.tolist()
    [['a', 'It may rain.'], ['b', 'It rains.']]
    """
    return _scored(
        corpus,
        text_column=text_column,
        id_column=id_column,
        engine=engine,
        workers=workers,
        chunk_size=chunk_size,
        cache=cache,
        scheduler=scheduler,
        progress=progress,
        tables=tables,
    )


def _scored(
    corpus: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    text_column: str,
    tables: ChunkTables | None = None,
    **options,
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """The scored corpus (``attrs``: what the run did) and the chunks' tables, joined."""
    report = _Report()
    chunks = list(_stream(corpus, text_column=text_column, report=report, tables=tables, **options))
    if chunks:
        result = pd.concat([frame for frame, _ in chunks])
    else:
        empty = corpus if isinstance(corpus, pd.DataFrame) else pd.DataFrame({text_column: []})
        result = pd.concat([empty, score_texts([""]).iloc[:0].set_axis(empty.index)], axis=1)
    result.attrs = asdict(report)
    log.info("scored %d texts, %d rows from the cache", report.scored, report.from_cache)
    if tables is None:
        return result, []
    if not chunks:  # the tables of no article, as the calls make them
        return result, tables(result.iloc[:0], [])
    return result, [_joined(parts) for parts in zip(*(made for _, made in chunks), strict=True)]


def _joined(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Tables of consecutive chunks as one, as the call on the whole corpus makes it: the
    chunks without rows are left out (their columns may lack a type the others have), and
    string columns are held in one piece, as in a table made whole (joined, their Arrow
    arrays stay in pieces, which Parquet writes into other pages: the same values, other
    bytes)."""
    parts = list(parts)
    kept = [p for p in parts if len(p)] or parts[:1]
    if len(kept) == 1:
        return kept[0].reset_index(drop=True)
    joined = pd.concat(kept, ignore_index=True)
    strings = [c for c, kind in joined.dtypes.items() if isinstance(kind, pd.StringDtype)]
    return joined.assign(**{c: joined[c].astype(object).astype(joined[c].dtype) for c in strings})
