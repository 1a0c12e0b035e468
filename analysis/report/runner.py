"""Run the notebook series with papermill into one run folder, with HTML pages and a manifest.

``python -m analysis report`` calls :func:`run_report`. One run folder holds::

    manifest.json          parameters, SHA-256 of every input, versions, git commit,
                           timings, the pid and host of the run, status: "running",
                           then "complete" or "failed" (:func:`run_status` tells a
                           "running" left by a killed process from a live one)
    index.html             the answer (answer.md), the key figure, how far to trust each
                           measure (tables/07-validity.csv), the corpus in one line; then each
                           notebook's title and first paragraph, its figures, its tables
                           (after an interrupt (Ctrl-C or SIGTERM): those of the notebooks
                           that finished)
    NN-name.html           each executed notebook; code hidden behind a "Show code" button;
                           exercise solutions replaced by stubs unless ``answer_key``; no
                           script or style from the network (no require.js, MathJax or
                           widget scripts from a CDN): the pages render offline
    notebooks/NN-name.ipynb  the executed notebooks (solutions likewise)
    scores/*.parquet       every article's and sentence's scores, computed once before the
                           notebooks (``python -m analysis score``) and read by them
    answer.md              the answer in words (``analysis.report.outputs.save_answer``)
    figures/*.png          written by the notebooks
    tables/*.csv           written by the notebooks (``analysis.report.outputs.save_table``)
    FAILED.txt             only when a notebook failed: which one, which cell, the traceback

The notebook contract
---------------------
Every ``notebooks/NN-name.ipynb`` (sorted names = reading order) has one cell
tagged ``parameters`` holding literals only; the runner injects, after it:

* ``corpus: str`` -- absolute path of a folder, CSV or JSONL; ``""`` = the seed corpus.
* ``group_by: str = "genre"`` -- the metadata column that defines the groups.
* ``groups: str = ""`` -- two groups to compare, comma-separated; ``""`` = all/auto.
* ``out_dir: str`` -- absolute path of the run folder. Write figures with
  ``save_figure(fig, run_dir(out_dir), "NN-what")`` and tables with
  ``save_table(df, run_dir(out_dir), "NN-what")`` (all from :mod:`analysis.report.outputs`);
  prefix file names with the notebook's number (the runner lists ``figures/NN-*`` and
  ``tables/NN-*`` as the outputs of notebook ``NN``). Its default is ``""``: run by
  hand, a notebook writes to ``data/processed/interactive/``.
* ``seed: int = 0`` -- seed every random draw with it.
* ``eval_dir: str = ""`` -- optional; injected only where declared: the human-labelled
  data folder (:data:`analysis.paths.EVAL`) when present, else ``""``.
* ``coded: str = ""`` -- optional; injected only where declared: the coding-sample folder
  given with ``--coded`` (its coded sheets in ``sheets/``), else ``""``.

Write one ``name: type = value  # comment`` a line, with no ``=`` inside the comment:
papermill cannot read such a line, and the runner refuses a notebook whose required
parameters it cannot read (before anything runs) rather than silently not inject them.

Each notebook runs in a fresh kernel with its own folder as working directory (its
connection file and IPC sockets in a private temporary folder of the run, so that two
reports at once never share a socket),
``PYTHONHASHSEED=0`` (set order, hence row order, is stable), matplotlib's inline
backend, which renders headless and embeds every shown figure in the HTML page, and
``MEDIA_FRAMING_BATCH=1``: no one is there to move a slider, so a notebook shows live
widgets (ipywidgets) only when that variable is unset. A cell that runs longer than
:data:`CELL_TIMEOUT` fails the run instead of hanging it. A notebook that writes
figures or tables anywhere but under ``out_dir`` is not reported.

Before anything is written the runner loads the corpus once
(:func:`analysis.corpus.load_corpus`) and checks that it has two groups to compare, so a
corpus without labels fails at once with a clear message rather than in some notebook.

Bad arguments (``seed`` outside numpy's 0 to 2**32 - 1, an ``out`` inside ``data/raw/``
or under a file) are refused before anything runs; a write that fails (no space left,
a read-only disk) ends the run with one :class:`ReportError` naming the path and the
cause, and what was written before stays.

The runner imports no measure: it only knows paths, the corpus loader, papermill and
nbconvert (though importing any ``analysis`` module runs ``analysis/__init__.py``).
"""

from __future__ import annotations

import csv
import errno
import functools
import hashlib
import html
import itertools
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
import papermill
from jinja2 import DictLoader, Environment
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager
from markupsafe import Markup
from nbclient.exceptions import CellTimeoutError
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html
from tqdm import tqdm
from traitlets import default

from analysis import paths
from analysis.corpus import UNKNOWN, CorpusError, group_variants, load_corpus
from analysis.corpus.load import GENRES_VARIABLE, MAX_BYTES_VARIABLE
from analysis.report.teaching import hide_solutions

#: Parameters every notebook must declare; ``eval_dir`` is optional.
REQUIRED_PARAMETERS = ("corpus", "group_by", "groups", "out_dir", "seed")

#: Environment of every kernel: stable hashing, figures rendered without a display, and
#: ``MEDIA_FRAMING_BATCH`` telling notebooks that no one is there to use a live widget.
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "MEDIA_FRAMING_BATCH": "1",
}

#: Seconds one cell may run before the run fails rather than hangs, as a cell showing a
#: widget now and then does (nteract/papermill#723).
CELL_TIMEOUT = 600
#: Seconds a kernel may take to start.
START_TIMEOUT = 120

#: Columns left out of the table previews in index.html (the CSV keeps them): long prose.
PREVIEW_SKIPS = ("note",)

_VERSIONED = (
    "pandas", "numpy", "scipy", "nltk", "textblob", "vaderSentiment",
    "matplotlib", "papermill", "nbconvert", "ipykernel",
)  # fmt: skip
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: The largest seed numpy's random generators take, plus one.
_SEED_LIMIT = 2**32
#: Failed writes in words, for the one line the user sees.
_WRITE_ERRORS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a file of that name is in the way",
    errno.ENAMETOOLONG: "file name too long",
}


class ReportError(Exception):
    """The report cannot run as asked; the message says why and what to do."""


class NotebookFailed(ReportError):
    """A notebook raised; the run folder is marked failed and FAILED.txt holds the details."""

    def __init__(self, notebook: str, summary: str, details: str, *, run_dir: Path) -> None:
        self.notebook, self.summary, self.details = notebook, summary, details
        self.run_dir = run_dir
        page = run_dir / f"{Path(notebook).stem}.html"
        super().__init__(
            f"{notebook} failed {summary}\n  details: {run_dir / 'FAILED.txt'}, {page}"
        )


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised as an interrupt so that the run is closed as after Ctrl-C."""


class _LocalKernelManager(AsyncKernelManager):
    """Talks to the kernel over Unix sockets where there are some: no open TCP port, and
    no ipykernel warning about unencrypted TCP across the progress bar at every start."""

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc" if os.name == "posix" else "tcp"


class _ThisInterpreterKernelManager(_LocalKernelManager):
    """Starts ``python3`` as ipykernel under the running interpreter, registered or not.

    jupyter_client falls back to ipykernel's built-in spec (which uses
    ``sys.executable``) when no ``python3`` kernel is registered; ignoring the
    registered ones as well means a stale user-level spec pointing at another
    Python cannot run the notebooks without this project's packages.
    """

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self) -> KernelSpecManager:
        return KernelSpecManager(kernel_dirs=[])


def _in_folder(manager: type[AsyncKernelManager], folder: Path) -> type[AsyncKernelManager]:
    """``manager`` with its connection file, hence its IPC sockets, in ``folder``.

    jupyter_client otherwise names the sockets ``kernel-ipc-N`` in the working directory
    (the notebooks' folder), where two runs at once take the same names.
    """

    class InFolder(manager):
        @default("connection_file")
        def _connection_file_default(self) -> str:
            return str(folder / f"kernel-{uuid.uuid4().hex[:12]}.json")

    return InFolder


def run_report(
    *,
    corpus: str | Path | None = None,
    group_by: str = "genre",
    groups: Sequence[str] | None = None,
    out: str | Path | None = None,
    force: bool = False,
    notebooks: Sequence[Path] | None = None,
    seed: int = 0,
    progress: bool = True,
    kernel_name: str | None = None,
    normalise_groups: bool = False,
    coded: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    max_bytes: int | None = None,
    answer_key: bool = False,
    genres: str | Path | None = None,
) -> Path:
    """Execute the notebooks in order into one run folder and return that folder.

    Args:
        corpus: Folder, CSV or JSONL; ``None`` = the seed corpus. Relative paths
            resolve against the repository root.
        group_by: Metadata column that defines the groups.
        groups: The two groups to compare; ``None`` = all/auto.
        out: The run folder; default a new ``reports/<UTC time>-<corpus name>/``.
        force: Replace the earlier run in ``out``: its manifest, pages, FAILED.txt,
            notebooks/, figures/ and tables/ are deleted first; other files stay.
            A non-empty folder without ``manifest.json`` is refused even so.
        notebooks: The notebooks to run, in order; default ``notebooks/NN-*.ipynb``.
        seed: Injected into every notebook for its random draws (0 to 2**32 - 1).
        progress: Show a progress bar, one step per notebook.
        kernel_name: A registered Jupyter kernel; default ipykernel in this interpreter.
        normalise_groups: Merge group labels that differ only by case or spaces
            (``FOX``, ``fox``); without it such labels are listed on stderr first.
        coded: A coding-sample folder with coded sheets (``python -m analysis sample``),
            passed to the notebooks that declare ``coded``.
        workers: Score the corpus on this many processes (once, before the notebooks).
        scheduler: Score it on the Dask cluster at this address instead.
        max_bytes: Refuse corpus files larger than this (default: the loader's limit).
        answer_key: Keep the exercise solutions in the pages and executed notebooks;
            by default they are replaced by stubs, so a run can be handed to students.
        genres: Where articles without a genre get one: ``"proposed"`` (the suite's
            proposal, unreviewed) or a reviewed genres file; ``None``: the corpus's own
            labels alone. Scoring and every notebook load the corpus with it, and the
            landing page says where the labels came from.

    Raises:
        ReportError: Bad arguments, a notebook breaking the contract, a corpus that
            does not load or has fewer than two groups, an ``out`` inside ``data/raw/``
            or under a file (all checked before anything is written), an existing run
            folder without ``force``, or a write that failed (no space, read-only):
            one line naming the path and the cause.
        NotebookFailed: A notebook raised or a cell ran longer than :data:`CELL_TIMEOUT`;
            ``manifest.json`` says "failed" and ``FAILED.txt`` holds the traceback.
        KeyboardInterrupt: Ctrl-C, or :class:`Terminated` for SIGTERM: re-raised after
            marking the run failed as above, with an ``index.html`` of the notebooks
            that finished.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < _SEED_LIMIT:
        raise ReportError(f"seed must be a whole number from 0 to {_SEED_LIMIT - 1}, got {seed!r}")
    if not isinstance(group_by, str) or not group_by.strip():
        raise ReportError(f"group_by must name a metadata column, got {group_by!r}")
    declared = _contract(
        [Path(nb).resolve() for nb in notebooks]
        if notebooks is not None
        else sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    )
    corpus_path = paths.resolve(corpus) if corpus else None
    if corpus_path is not None and not corpus_path.exists():
        raise ReportError(f"corpus not found: {corpus_path}")
    if groups is not None and (
        len(groups) != 2 or groups[0] == groups[1] or any("," in g or not g for g in groups)
    ):
        raise ReportError(
            f"groups must be two different non-empty names without commas, got {groups!r}"
        )
    genres_file = paths.resolve(genres) if genres and str(genres) != "proposed" else None
    if genres_file is not None and not genres_file.is_file():
        raise ReportError(
            f"--genres {genres_file}: not a file (a reviewed genres CSV or 'proposed')"
        )
    genres = str(genres_file or genres or "")
    started = datetime.now(UTC)
    out = paths.resolve(out) if out else paths.REPORTS / run_name(corpus_path, when=started)
    _check_out(out)
    summary = _check_corpus(
        corpus_path,
        group_by=group_by,
        groups=groups,
        normalise=normalise_groups,
        max_bytes=max_bytes,
        genres=genres,
    )
    coded_path = paths.resolve(coded) if coded else None
    if coded_path is not None and not (coded_path / "sample.json").is_file():
        raise ReportError(f"--coded {coded_path}: not a coding sample (no sample.json)")
    notebooks = list(declared)
    git = _git_state()  # before the run folder exists: a new folder must not make the tree dirty

    parameters: dict[str, Any] = {
        "corpus": str(corpus_path or ""),
        "group_by": group_by,
        "groups": ",".join(groups or ()),
        "out_dir": str(out),
        "seed": seed,
        "eval_dir": str(paths.EVAL) if paths.EVAL.is_dir() else "",
        "normalise_groups": normalise_groups,
        "coded": str(coded_path or ""),
    }
    manifest: dict[str, Any] = {
        "status": "running",
        "started": started.isoformat(timespec="seconds"),
        "finished": None,
        "seconds": None,
        "process": {"pid": os.getpid(), "host": socket.gethostname()},
        "parameters": parameters,
        "kernel": kernel_name or f"python3 ({sys.executable})",
        "kernel_env": KERNEL_ENV,
        "timeouts": {"cell": CELL_TIMEOUT, "kernel_start": START_TIMEOUT},
        "git": git,
        "versions": _versions(),
        "inputs": _input_hashes(corpus_path, notebooks, coded_path)
        | ({_label(genres_file, paths.ROOT): _sha256(genres_file)} if genres_file else {}),
        "corpus": summary,
        "options": {"workers": workers, "scheduler": scheduler, "max_bytes": max_bytes,
                    "answer_key": answer_key, "genres": genres},
        "notebooks": [],
    }  # fmt: skip
    try:
        _claim(out, force=force)
        _write_manifest(out, manifest)
    except OSError as exc:
        raise _write_error(exc, out) from exc
    kernel_env = KERNEL_ENV | ({MAX_BYTES_VARIABLE: str(max_bytes)} if max_bytes else {})
    kernel_env |= {GENRES_VARIABLE: genres} if genres else {}  # scoring's process reads it too
    clock, current = time.perf_counter(), notebooks[0]
    try:
        bar = tqdm(notebooks, unit="notebook", disable=not progress, file=sys.stderr)
        kernels = tempfile.TemporaryDirectory(prefix="media-framing-kernels-")
        with _environ(kernel_env), _sigterm_interrupts(), kernels as folder, bar:
            manager = _in_folder(
                _LocalKernelManager if kernel_name else _ThisInterpreterKernelManager, Path(folder)
            )
            if any(_reads_scores(nb) for nb in notebooks):
                manifest["scoring"] = _score_once(
                    corpus_path, out, group_by=group_by, workers=workers, scheduler=scheduler
                )
            for current in bar:
                bar.set_postfix_str(current.name)
                manifest["notebooks"].append(
                    _execute(
                        current,
                        out,
                        parameters={k: v for k, v in parameters.items() if k in declared[current]},
                        kernel_name=kernel_name,
                        manager=manager,
                        answer_key=answer_key,
                    )
                )
                _write_manifest(out, manifest)
    except BaseException as exc:  # Ctrl-C and SIGTERM too: the folder must not say "running"
        _finish(manifest, clock)
        if isinstance(exc, OSError) and exc.errno is not None:  # not a cell timing out
            failure: ReportError = _write_error(exc, out, during=f"running {current.name}")
            manifest.update(status="failed", error=str(failure))
            details = ""
        elif isinstance(exc, Exception):
            failure = _failure(current.name, exc, run_dir=out)
            manifest.update(status="failed", error=f"{current.name} failed {failure.summary}")
            details = failure.details
        else:
            why = "SIGTERM" if isinstance(exc, Terminated) else type(exc).__name__
            manifest.update(status="failed", error=f"{current.name} was interrupted ({why})")
            details = ""
        # Best effort: on a full or read-only disk these fail too, and must not hide the cause.
        with suppress(OSError):
            _write_text(out / "FAILED.txt", f"{manifest['error']}\n\n{details}\n")
        with suppress(OSError):
            _write_manifest(out, manifest)
        if isinstance(exc, Exception):
            raise failure from exc
        exc.add_note(f"the run in {out} is marked failed: see FAILED.txt")
        with suppress(Exception):  # a page of what finished, never hiding the Ctrl-C
            manifest["outputs"] = _outputs(out)
            _write_index(out, manifest)
            exc.add_note(f"{out / 'index.html'} shows the notebooks that finished")
        raise
    _finish(manifest, clock)
    try:
        manifest["outputs"] = _outputs(out)
        _write_index(out, manifest)
        manifest["status"] = "complete"  # last: a run whose index failed is not complete
        _write_manifest(out, manifest)
    except OSError as exc:
        raise _write_error(exc, out, during="writing the index") from exc
    return out


def _finish(manifest: dict[str, Any], clock: float) -> None:
    manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    manifest["seconds"] = round(time.perf_counter() - clock, 2)


def _outputs(out: Path) -> dict[str, str]:
    return {_label(f, out): _sha256(f) for d in ("figures", "tables") for f in _files(out / d)}


def _check_out(out: Path) -> None:
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


def _write_error(exc: OSError, out: Path, *, during: str = "") -> ReportError:
    """One line for a write that failed: the path, the cause in words, what stays."""
    cause = _WRITE_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
    where = exc.filename or out
    stays = f" while {during}; what was written before stays in {out}" if during else ""
    return ReportError(f"cannot write {where}: {cause}{stays}")


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Inside, SIGTERM raises :class:`Terminated`, so the run is closed as after Ctrl-C.

    Signal handlers belong to the main thread; elsewhere SIGTERM keeps its handler.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise Terminated(signal.Signals(signum).name)

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_status(run: str | Path) -> tuple[str, str]:
    """The state of a run folder and one line saying it, from its manifest.

    The state is ``"complete"``, ``"failed"``, ``"running"`` (its process, recorded by
    pid and host, is alive), ``"interrupted"`` when the manifest says running but that
    process is gone (SIGKILL, a power cut), or ``"unknown"`` when it cannot be checked
    from here (another host, or a manifest that records no process).
    """
    folder = paths.resolve(run)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(
            f"{folder} is not a report run: cannot read its manifest.json ({exc})"
        ) from exc
    status = manifest.get("status")
    if status == "complete":
        done = len(manifest["notebooks"])
        return status, f"complete: {done} notebooks in {manifest['seconds']} s"
    if status == "failed":
        return status, f"failed: {manifest.get('error', 'see FAILED.txt')}"
    process = manifest.get("process") or {}
    pid, host = process.get("pid"), process.get("host")
    done = len(manifest.get("notebooks", []))
    if host != socket.gethostname() or not isinstance(pid, int):
        where = f"process {pid} on {host}" if host else "no process recorded"
        return "unknown", f"unknown: the manifest says running ({where}); cannot check from here"
    if not _alive(pid):
        return "interrupted", (
            f"interrupted: the manifest says running, but process {pid} on {host} that wrote "
            f"it is gone (killed?) after {done} notebooks; re-run with --force to replace it"
        )
    return "running", f"running: process {pid} on {host}, {done} notebooks done so far"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def run_name(corpus: Path | None, *, when: datetime) -> str:
    """The default run folder name: UTC time, then the corpus name.

    >>> run_name(None, when=datetime(2026, 11, 22, 22, 15, tzinfo=UTC))
    '2026-11-22T221500Z-seed'
    >>> run_name(Path("/data/My corpus.csv"), when=datetime(2026, 1, 2, tzinfo=UTC))
    '2026-01-02T000000Z-My-corpus'
    """
    label = re.sub(r"[^A-Za-z0-9_.-]+", "-", corpus.stem if corpus else "seed").strip("-.")
    return f"{when.astimezone(UTC):%Y-%m-%dT%H%M%SZ}-{label or 'corpus'}"


def _check_corpus(
    corpus: Path | None,
    *,
    group_by: str,
    groups: Sequence[str] | None,
    normalise: bool,
    max_bytes: int | None,
    genres: str = "",
) -> dict[str, Any]:
    """Load the corpus once and check it has the groups to compare, before anything runs;
    list on stderr group labels that differ only by case or spaces, unless merging them.

    Returns the corpus in brief for the landing page: articles, articles per group,
    events (when an ``event`` column names some), where the genres came from.
    """
    try:
        articles = load_corpus(
            corpus,
            group_by=group_by,
            normalise_groups=normalise,
            max_bytes=max_bytes,
            genres=genres,
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
    events = set(articles["event"]) - {UNKNOWN} if "event" in articles else set()
    summary = {
        "articles": len(articles),
        "group_by": group_by,
        "groups": {str(g): int(n) for g, n in counts.items()},
        "events": len(events) or None,
    }
    if genres or group_by == "genre":
        sources = articles["genre_source"] if "genre_source" in articles else []
        summary["genres"] = {
            "from": Path(genres).name if genres and genres != "proposed" else genres or "corpus",
            **{str(s): int(n) for s, n in Counter(sources).items()},
            "unknown": int((articles["genre"] == UNKNOWN).sum()),
        }
    present = ", ".join(f"{g!r} ({n})" for g, n in sorted(counts.items()))
    if groups is not None:
        missing = [g for g in groups if g not in counts]
        if missing:
            raise ReportError(
                f"no group {' or '.join(map(repr, missing))} in column {group_by!r}; "
                f"groups present: {present}"
            )
        return summary
    labelled = sorted(g for g in counts.index if g != UNKNOWN)
    if len(labelled) >= 2:
        return summary
    if not labelled:
        found = f"only one group ({UNKNOWN!r})"
    else:
        found = f"only one group besides {UNKNOWN!r} ({labelled[0]!r})"
    if group_by == "genre" and not genres:
        where = (
            "pass --genres proposed to use the suite's genre proposal, or review it first "
            "(python -m analysis genres) and pass --genres FILE"
        )
    elif corpus is None or corpus.is_dir():
        a = "an" if group_by[:1].lower() in "aeiou" else "a"
        where = f"add a corpus.csv or metadata.csv with {a} {group_by} column beside the .txt files"
    else:
        where = f"fill the {group_by} column of {corpus.name}"
    raise ReportError(f"{found} in column {group_by!r}: {where}, or pass --group-by COLUMN")


def _score_once(
    corpus: Path | None,
    out: Path,
    *,
    group_by: str,
    workers: int | None,
    scheduler: str | None,
) -> dict[str, Any]:
    """Score every article and sentence once into ``out/scores/`` for the notebooks to read
    (with :func:`analysis.scoring.stored.read_scores`; a run none of whose notebooks calls it
    skips this step).

    A child process (``python -m analysis score``) does it, so the runner imports no
    measure and the scoring's memory is returned before the first notebook starts.
    """
    command = [
        sys.executable, "-m", "analysis", "score", "--group-by", group_by,
        "--out", str(paths.run_scores(out, "article")),
        "--sentences", str(paths.run_scores(out, "sentence")),
    ]  # fmt: skip
    command += ["--corpus", str(corpus)] if corpus else []
    command += ["--workers", str(workers)] if workers else []
    command += ["--scheduler", scheduler] if scheduler else []
    clock = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=paths.ROOT)
    if done.returncode:
        raise ReportError(f"scoring the corpus failed:\n{done.stderr.strip()[-3000:]}")
    return {
        "seconds": round(time.perf_counter() - clock, 2),
        "workers": workers,
        "scheduler": scheduler,
        "files": [_label(paths.run_scores(out, level), out) for level in ("article", "sentence")],
    }


def _reads_scores(notebook: Path) -> bool:
    """Whether a notebook reads the run's scores (``read_scores``), so they must be written."""
    cells = nbformat.read(notebook, as_version=4).cells
    return any(c.cell_type == "code" and "read_scores(" in c.source for c in cells)


def _contract(notebooks: list[Path]) -> dict[Path, set[str]]:
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


def _claim(out: Path, *, force: bool) -> None:
    """Make ``out`` the run folder; refuse a used one, without touching it, unless forced."""
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise ReportError(
                f"{out} already exists and is not empty; nothing was changed. "
                "Choose another --out, or pass --force to replace the run in it."
            )
        if not (out / "manifest.json").is_file():  # never clear a folder that is not a run
            raise ReportError(
                f"{out} is not a report run (it has no manifest.json); nothing was changed. "
                "--force only replaces an earlier run."
            )
        state, said = run_status(out)
        if state == "running":  # two runs writing one folder would mix their outputs
            raise ReportError(f"{out} is still being written ({said}); nothing was changed")
        for name in ("notebooks", "figures", "tables", "scores"):
            shutil.rmtree(out / name, ignore_errors=True)
        for page in [*out.glob("[0-9][0-9]-*.html"), *out.glob("index.html")]:
            page.unlink()
        for name in ("manifest.json", "FAILED.txt", str(paths.RUN_ANSWER)):
            (out / name).unlink(missing_ok=True)
    (out / "notebooks").mkdir(parents=True, exist_ok=True)


def _execute(
    nb: Path,
    out: Path,
    *,
    parameters: dict[str, Any],
    kernel_name: str | None,
    manager: type[AsyncKernelManager],
    answer_key: bool,
) -> dict:
    """Run one notebook, export its page, and list the figures and tables it wrote.

    A notebook's outputs are the files named with its number (``figures/NN-*``,
    ``tables/NN-*``), the contract of ``out_dir``. A cell running longer than
    :data:`CELL_TIMEOUT` raises ``CellTimeoutError``.
    """
    executed = out / "notebooks" / nb.name
    clock = time.perf_counter()
    try:
        papermill.execute_notebook(
            nb,
            executed,
            parameters=parameters,
            kernel_name=kernel_name or "python3",
            language="python",
            cwd=nb.parent,
            progress_bar=False,
            kernel_manager_class=manager,
            execution_timeout=CELL_TIMEOUT,
            start_timeout=START_TIMEOUT,
        )
    except BaseException:
        with suppress(Exception):  # a failed notebook's page shows where it failed, if it can
            _write_page(executed, out / f"{nb.stem}.html", answer_key=answer_key)
        raise
    _write_page(executed, out / f"{nb.stem}.html", answer_key=answer_key)
    number = nb.name[:2]
    return {
        "name": nb.name,
        "seconds": round(time.perf_counter() - clock, 2),
        "figures": [_label(f, out) for f in sorted((out / "figures").glob(f"{number}-*.png"))],
        "tables": [_label(f, out) for f in sorted((out / "tables").glob(f"{number}-*.csv"))],
    }


def _failure(notebook: str, exc: BaseException, *, run_dir: Path) -> NotebookFailed:
    """Name the notebook, the cell and the error in one line; keep the traceback for FAILED.txt.

    papermill's error carries the cell's execution count, source, error name and value,
    so nothing is parsed out of the traceback text.
    """
    if isinstance(exc, papermill.PapermillExecutionError):
        trace = _ANSI.sub("", "\n".join(exc.traceback))
        return NotebookFailed(
            notebook,
            f"at cell In [{exc.exec_count}] `{_first_line(exc.source)[:60]}`: "
            f"{exc.ename}: {exc.evalue}",
            f"Cell source:\n{exc.source}\n\nTraceback:\n{trace}",
            run_dir=run_dir,
        )
    if isinstance(exc, CellTimeoutError):
        count, source = _last_started_cell(run_dir / "notebooks" / notebook)
        why = (
            "a live widget can wait forever: show it only if MEDIA_FRAMING_BATCH is unset"
            if "widget" in source.lower()
            else "the cell computes for longer than that: compare fewer groups (--groups A,B), "
            "or score on more processes (--workers N) first"
        )
        return NotebookFailed(
            notebook,
            f"at cell In [{count}] `{_first_line(source)[:60]}`: timed out after {CELL_TIMEOUT}"
            f" s ({why})",
            f"Cell source:\n{source}\n\n{exc}",
            run_dir=run_dir,
        )
    return NotebookFailed(notebook, f"{type(exc).__name__}: {exc}", "", run_dir=run_dir)


def _first_line(source: str) -> str:
    return next((ln.strip() for ln in source.splitlines() if ln.strip()), "")


def _last_started_cell(executed: Path) -> tuple[int | None, str]:
    """Execution count and source of the last cell papermill started (the one that timed out)."""
    try:
        cells = nbformat.read(executed, as_version=4).cells
    except (OSError, ValueError):
        return None, ""
    started = [
        c
        for c in cells
        if c.cell_type == "code" and c.metadata.get("papermill", {}).get("start_time")
    ]
    return (started[-1].get("execution_count"), started[-1].source) if started else (None, "")


@contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the kernels started inside, then restore them."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _git_state() -> dict[str, str | bool]:
    try:
        run = {"cwd": paths.ROOT, "capture_output": True, "text": True, "check": True, "timeout": 9}
        commit = subprocess.run(["git", "rev-parse", "HEAD"], **run).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain"], **run).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "dirty": "unknown"}
    return {"commit": commit, "dirty": dirty}


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in ("media-framing-analysis", *_VERSIONED):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _input_hashes(
    corpus: Path | None, notebooks: list[Path], coded: Path | None = None
) -> dict[str, str]:
    """SHA-256 of the corpus (seed: data/raw/ and data/corpus.csv), the lexicons, the notebooks
    and the coding sample given with ``--coded``."""
    if corpus is None:
        files = [*_files(paths.RAW), paths.SEED_METADATA]
    else:
        files = _files(corpus) if corpus.is_dir() else [corpus]
    files += [*_files(paths.LEXICONS), *notebooks, *(_files(coded) if coded else [])]
    return {_label(f, paths.ROOT): _sha256(f) for f in files if f.is_file()}


def _files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else []


def _label(path: Path, base: Path) -> str:
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    _write_text(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")


def _write_text(path: Path, text: str) -> None:
    """Write all of ``text`` or leave ``path`` as it was: a full disk never leaves half a file."""
    part = path.with_name(f".{path.name}.part")
    try:
        part.write_text(text, encoding="utf-8")
        part.replace(path)
    except OSError:
        part.unlink(missing_ok=True)
        raise


# Code cells start hidden once the script runs; without JavaScript the code simply shows.
# The lab template's scripts from a CDN are left out, so a page renders offline: require.js
# and the widget manager (batch runs show no live widget), MathJax (TeX shows as typed) and
# mermaid.js (no notebook draws a diagram).
_PAGE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{#- Pages open without a network: none of the lab template's CDN scripts (RequireJS,
    MathJax, Mermaid, the widget manager); the notebooks use no maths, diagrams or
    live widgets in a report. -#}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}
<style>
body.hide-code .jp-CodeCell .jp-Cell-inputWrapper,
body.hide-code .jp-CodeCell.jp-mod-noOutputs { display: none; }
#toggle-code { position: fixed; top: 0.5rem; right: 0.5rem; z-index: 100; padding: 0.3rem 0.8rem; }
@media print { #toggle-code { display: none; } }
</style>
{% endblock extra_css %}
{%- block body_header -%}
{{ super() }}
<button id="toggle-code" type="button" hidden>Show code</button>
{%- endblock body_header -%}
{% block footer_js %}
<script>
(function () {
  var button = document.getElementById("toggle-code");
  document.body.classList.add("hide-code");
  button.hidden = false;
  button.addEventListener("click", function () {
    var hidden = document.body.classList.toggle("hide-code");
    button.textContent = hidden ? "Show code" : "Hide code";
  });
})();
</script>
{% endblock footer_js %}
"""


@functools.cache
def _exporter() -> HTMLExporter:
    """Built once: loading the lab template takes about a second."""
    return HTMLExporter(
        template_name="lab",
        template_file="report.html.j2",
        extra_loaders=[DictLoader({"report.html.j2": _PAGE_TEMPLATE})],
    )


#: A Markdown link to a notebook of the series, e.g. ``[02-tone](02-tone.ipynb)``.
_SERIES_LINK = re.compile(r"\]\((\d\d-[\w-]+)\.ipynb\)")


def _write_page(executed: Path, page: Path, *, answer_key: bool = False) -> None:
    """The notebook's HTML page; without ``answer_key`` the solutions become stubs in the
    page and in the executed notebook (the tests run the solutions; students need not see them)."""
    nb = nbformat.read(executed, as_version=4)
    if not answer_key:
        nbformat.write(hide_solutions(nb), executed)
    for cell in nb.cells:  # links between notebooks lead to their pages in the run folder
        if cell.cell_type == "markdown":
            cell.source = _SERIES_LINK.sub(r"](\1.html)", cell.source)
    title, _ = _describe(_markdown(nb))
    resources = {"metadata": {"name": title or page.stem}}
    page.write_text(_exporter().from_notebook_node(nb, resources=resources)[0], encoding="utf-8")


def _markdown(nb: nbformat.NotebookNode) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _describe(markdown: str) -> tuple[str, str]:
    """The first heading and the first paragraph after it.

    >>> _describe("# 02 Tone\\nIn this notebook you will learn\\nto score tone.\\n\\n## Data")
    ('02 Tone', 'In this notebook you will learn\\nto score tone.')
    """
    title, paragraph = "", []
    for line in markdown.splitlines():
        heading = re.match(r"#{1,6}\s+(.*)", line)
        if heading and not title:
            title = heading.group(1).strip()
        elif heading or not line.strip():
            if paragraph:
                break
        elif title:
            paragraph.append(line.strip())
    return title, "\n".join(paragraph)


_INDEX_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
.meta { color: #555; font-size: 0.9rem; }
section { border-top: 1px solid #ddd; margin-top: 2rem; }
.answer { background: #f6f8fa; border-left: 4px solid #0072B2; padding: 0.5rem 1rem; }
.key-figure img { max-width: 100%; border: 1px solid #ddd; }
.trust li { margin: 0.15rem 0; }
.figures { display: flex; flex-wrap: wrap; gap: 0.75rem; }
.figures img { max-width: 240px; max-height: 180px; border: 1px solid #ddd; }
figure { margin: 0; } figcaption { font-size: 0.8rem; color: #555; }
table { border-collapse: collapse; font-size: 0.8rem; margin-bottom: 1rem; }
td, th { border: 1px solid #ddd; padding: 0.15rem 0.5rem; text-align: left; }
.failed { color: #a00; font-weight: bold; }
"""

#: The landing page: the answer first, then the key figure, how far to trust each measure,
#: the corpus in one line, and then the notebooks. Autoescaped: corpus values are data.
_INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang='en'><head><meta charset='utf-8'><title>Media framing report</title>
<style>{{ css }}</style></head><body>
<h1>Media framing report</h1>
{% if failed %}<p class='failed'>{{ failed }}: only the notebooks that finished are shown; see
<a href='FAILED.txt'>FAILED.txt</a>.</p>{% endif %}
{% if answer %}<div class='answer'><h2>The answer</h2>{{ answer }}
{% if answer_detail %}<details><summary>Every measure and pair, in detail</summary>
{{ answer_detail }}</details>{% endif %}</div>{% endif %}
{% if key_figure %}<figure class='key-figure'><a href='{{ key_figure }}'><img src='{{ key_figure }}'
alt='the key comparison: difference in mean per article with its interval'></a></figure>{% endif %}
<h2>How far to trust each measure</h2>{% if trust %}<ul class='trust'>
{% for line in trust %}<li>{{ line }}</li>{% endfor %}</ul>{% else %}<p>Not measured in this
run: notebook 07 did not run or found no human-labelled data. The README's table "How far to
trust each measure" gives the figures, and <code>make evaluate</code> measures them.</p>{% endif %}
<p class='meta'>{{ corpus_line }}<br>Run {{ m.started }} in {{ m.seconds }} s · commit
{{ m.git.commit }}{% if m.git.dirty is sameas true %} (uncommitted changes){% endif %}
· <a href='manifest.json'>manifest.json</a></p>
<h2>The notebooks</h2>
{% for nb in notebooks %}<section><h2><a href='{{ nb.stem }}.html'>{{ nb.title }}</a></h2>
{{ nb.paragraph }}<p class='meta'>{{ nb.seconds }} s · executed notebook:
<a href='notebooks/{{ nb.name }}'>{{ nb.name }}</a></p>
{% if nb.figures %}<h3>Figures</h3><div class=figures>{% for f in nb.figures %}<figure>
<a href='{{ f }}'><img src='{{ f }}' alt='{{ f }}' loading='lazy'></a>
<figcaption>{{ f.split('/')[-1] }}</figcaption>
</figure>{% endfor %}</div>{% endif %}
{% if nb.tables %}<h3>Tables</h3>{% for t in nb.tables %}{{ t }}{% endfor %}{% endif %}
</section>{% endfor %}
</body></html>
"""


def _markdown_html(text: str) -> Markup | str:
    """Markdown written by the suite as HTML, with any markup inside it escaped first."""
    return Markup(markdown2html(html.escape(text, quote=False))) if text.strip() else ""


def _write_index(out: Path, manifest: dict[str, Any]) -> None:
    """The landing page: the answer, the key figure, the trust in each measure, the corpus,
    then every notebook's page with its description, figures and tables."""
    notebooks = []
    for entry in manifest["notebooks"]:
        stem = Path(entry["name"]).stem
        title, paragraph = _describe(_markdown(nbformat.read(out / "notebooks" / entry["name"], 4)))
        notebooks.append(
            {
                "stem": stem,
                "name": entry["name"],
                "title": title or stem,
                "paragraph": _markdown_html(paragraph),
                "seconds": entry["seconds"],
                "figures": entry["figures"],
                "tables": [Markup(_table_preview(out, f)) for f in entry["tables"]],
            }
        )
    answer = out / paths.RUN_ANSWER
    # The first paragraph ("In short: ...") opens the page; the per-measure list folds away.
    answer_head, _, answer_rest = (
        answer.read_text("utf-8").partition("\n\n") if answer.is_file() else ("", "", "")
    )
    figures = [f for entry in manifest["notebooks"] for f in entry["figures"]]
    page = (
        Environment(autoescape=True)
        .from_string(_INDEX_TEMPLATE)
        .render(
            css=Markup(_INDEX_CSS),
            m=manifest,
            failed=manifest.get("error", "The run failed")
            if manifest["status"] == "failed"
            else "",
            answer=_markdown_html(answer_head),
            answer_detail=_markdown_html(answer_rest),
            key_figure=next((f for f in figures if f.startswith(_KEY_FIGURE)), ""),
            trust=_trust(out / "tables" / _VALIDITY_TABLE),
            corpus_line=_corpus_line(manifest),
            notebooks=notebooks,
        )
    )
    (out / "index.html").write_text(page, encoding="utf-8")


#: The landing page's key figure: the first group comparison of notebook 06.
_KEY_FIGURE = "figures/06-compare-"
#: The validity table of notebook 07, read for one line per measure.
_VALIDITY_TABLE = "07-validity.csv"
_METRIC_NAMES = {
    "pearson_r": "Pearson r with the mean human rating",
    "f1": "F1 against human coders",
}


def _trust(validity: Path) -> list[str]:
    """One line per measure: its headline agreement with human coders, per data set, vs target.

    >>> import tempfile
    >>> table = Path(tempfile.mkdtemp()) / "v.csv"
    >>> _ = table.write_text("measure,dataset,n,metric,system,value,kind,target\\n"
    ...     "tone,nyt,300,pearson_r,news tone,0.52,suite,0.55\\n")
    >>> _trust(table)
    ['tone: Pearson r with the mean human rating 0.52 on nyt (n = 300; target 0.55, not met)']
    """
    if not validity.is_file():
        return []
    with validity.open(newline="", encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["kind"] == "suite" and r["metric"] in _METRIC_NAMES
            and "development" not in r["dataset"]
        ]  # fmt: skip
    lines: dict[str, list[str]] = {}
    for r in rows:
        target = (
            f"; target {float(r['target']):.2f}, "
            f"{'met' if float(r['value']) >= float(r['target']) else 'not met'}"
            if r["target"]
            else ""
        )
        lines.setdefault(r["measure"], []).append(
            f"{float(r['value']):.2f} on {r['dataset']} (n = {int(float(r['n'])):,}{target})"
        )
    metric = {r["measure"]: _METRIC_NAMES[r["metric"]] for r in rows}
    return [f"{m}: {metric[m]} {', '.join(parts)}" for m, parts in lines.items()]


def _corpus_line(manifest: dict[str, Any]) -> str:
    """The corpus in one line: its source, articles per group, events if any, the options."""
    p, corpus = manifest["parameters"], manifest.get("corpus") or {}
    groups = ", ".join(f"{n:,} {g}" for g, n in (corpus.get("groups") or {}).items())
    line = f"Corpus: {Path(p['corpus']).name if p['corpus'] else 'seed corpus'}"
    if corpus:
        line += f", {corpus['articles']:,} articles by {p['group_by']} ({groups})"
        line += f", {corpus['events']:,} events" if corpus.get("events") else ""
        line += _genres_said(corpus.get("genres") or {})
    line += f"; compared: {p['groups']}" if p["groups"] else ""
    return f"{line} · seed {p['seed']}"


def _genres_said(genres: dict[str, Any]) -> str:
    """Where the genre labels came from, for the corpus line.

    >>> print(_genres_said({"from": "proposed", "given": 2, "proposed": 8, "unknown": 3}))
    ... # doctest: +NORMALIZE_WHITESPACE
    ; genres: 8 proposed by the suite from their signals, not reviewed, 2 given by the corpus
    (3 unknown, left out)
    """
    if genres.get("from", "corpus") == "corpus":
        return (
            f"; genres: the corpus's own ({genres.get('unknown', 0):,} unknown)" if genres else ""
        )
    said = [
        f"{genres['proposed']:,} proposed by the suite from their signals, not reviewed"
        if genres.get("proposed")
        else "",
        f"{genres['reviewed']:,} from the reviewed file {genres['from']}"
        if genres.get("reviewed")
        else "",
        f"{genres['given']:,} given by the corpus" if genres.get("given") else "",
    ]
    unknown = f" ({genres['unknown']:,} unknown, left out)" if genres.get("unknown") else ""
    return "; genres: " + ", ".join(s for s in said if s) + unknown


def _table_preview(out: Path, table: str, *, rows: int = 5) -> str:
    """A link to the CSV and its first rows, without the :data:`PREVIEW_SKIPS` columns, in a
    box that scrolls sideways so a wide table does not widen the page."""
    with (out / table).open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        lines = list(itertools.islice(reader, rows + 1))
        total = len(lines) - 1 + sum(1 for _ in reader)  # counted, not kept: a table may be long
    keep = [i for i, name in enumerate(lines[0] if lines else []) if name not in PREVIEW_SKIPS]
    lines = [[row[i] for i in keep if i < len(row)] for row in lines]
    head, body = (lines[0], lines[1:]) if lines else ([], [])
    cells = "".join(
        "<tr>" + "".join(f"<{tag}>{html.escape(v)}</{tag}>" for v in row) + "</tr>"
        for tag, row in [("th", head)] + [("td", r) for r in body]
    )
    more = f" (first {rows} of {total:,} rows)" if total > rows else ""
    link = f"<a href='{html.escape(table)}'>{html.escape(Path(table).name)}</a>"
    return f'<p>{link}{more}</p><div style="overflow-x:auto"><table>{cells}</table></div>'
