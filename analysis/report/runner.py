"""Run the notebook series with papermill into one run folder, with HTML pages and a manifest.

``python -m analysis report`` calls :func:`run_report`. One run folder holds::

    manifest.json          parameters, SHA-256 of every input, versions, git commit,
                           timings, the pid and host of the run, status: "running",
                           then "complete" or "failed" (:func:`run_status` tells a
                           "running" left by a killed process from a live one)
    index.html             the answer (answer.md), the key figure, how far to trust each
                           measure (the parts notebooks declare they show), the corpus in
                           one line; then each
                           notebook's title and first paragraph, its figures, its tables
                           (after an interrupt (Ctrl-C or SIGTERM): those of the notebooks
                           that finished)
    NN-name.html           each executed notebook; code hidden behind a "Show code" button;
                           exercise solutions replaced by stubs unless ``answer_key``; no
                           script or style from the network (no require.js, MathJax or
                           widget scripts from a CDN): the pages render offline
    notebooks/NN-name.ipynb  the executed notebooks (solutions likewise)
    run.json               the run configuration, read by scoring and every notebook
                           (:mod:`analysis.report.config`)
    corpus.parquet         the corpus as read at the start: every reader reads this snapshot
    scores/*.parquet       every article's and sentence's scores, computed once before the
                           notebooks (``python -m analysis score --run``) and read by them
    scores/computed/       the whole-corpus tables the notebooks show (cues, quotes, text
                           reuse, events, coding units), made in the same step
                           (:mod:`analysis.report.computed`)
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
* ``events_file: str = ""`` -- optional; injected only where declared: the reviewed events
  CSV given with ``--events`` (``doc_id``, ``event``), else ``""``.

Write one ``name: type = value  # comment`` a line, with no ``=`` inside the comment:
papermill cannot read such a line, and the runner refuses a notebook whose required
parameters it cannot read (before anything runs) rather than silently not inject them.

Each notebook runs in a fresh kernel with its own folder as working directory (its
connection file and IPC sockets in a private temporary folder of the run, so that two
reports at once never share a socket), forked from a process of the run that imported
ipykernel and the notebooks' libraries once (:mod:`analysis.report.zygote`; a registered
``kernel_name``, or a platform without fork, starts each kernel the usual way),
``PYTHONHASHSEED=0`` (set order, hence row order, is stable), matplotlib's inline
backend, which renders headless and embeds every shown figure in the HTML page, and
``MEDIA_FRAMING_BATCH=1``: no one is there to move a slider, so a notebook shows live
widgets (ipywidgets) only when that variable is unset. A cell that runs longer than
:data:`CELL_TIMEOUT` fails the run instead of hanging it. A notebook that writes
figures or tables anywhere but under ``out_dir`` is not reported.

A notebook opens its run with :func:`analysis.report.config.open_run` (the run's
configuration and corpus snapshot), and may declare in its metadata, under
``media_framing``: ``"reads": ["scores", "quote_table"]`` (the run's scores, and the
whole-corpus tables it reads by their functions' names (:mod:`analysis.report.computed`),
are written before it runs; the scoring step makes the tables its run's notebooks read and
no other; the notebooks that read nothing run beside it) and ``"shows": {"key_figure":
"figures/NN-*.png", "trust": "tables/NN-validity.csv"}`` (the landing page's parts it
provides, a file pattern each: the first file matching, in reading order, is shown).
The runner names no notebook.

Before anything is written the runner loads the corpus once
(:func:`analysis.corpus.load_corpus`) and checks that it has two groups to compare, so a
corpus without labels fails at once with a clear message rather than in some notebook;
that load becomes the run's snapshot. At the end the inputs' hashes are taken again: a
corpus edited during the run is noted (every reader read the snapshot), any other input
that changed (notebooks, lexicons, coded sheets, genres file, the snapshot) fails the run.

Bad arguments (``seed`` outside numpy's 0 to 2**32 - 1, an ``out`` inside ``data/raw/``
or under a file) are refused before anything runs; a write that fails (no space left,
a read-only disk) ends the run with one :class:`ReportError` naming the path and the
cause, and what was written before stays.

The runner imports no measure: it only knows paths, the corpus loader, papermill and
nbconvert (though importing any ``analysis`` module runs ``analysis/__init__.py``).
This module runs the notebooks; the checks before a run are in
:mod:`analysis.report.checks`, the run folder (claim, manifest, status, safe writes) in
:mod:`analysis.report.run_folder`, the pages in :mod:`analysis.report.pages`.
"""

from __future__ import annotations

import getpass
import os
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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from queue import Empty
from typing import Any

import analysis._jsonschema  # noqa: F401  (first: nbformat without the IRI grammar)

# isort: split
import nbformat
import papermill
from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.kernelspec import KernelSpecManager
from nbclient.exceptions import CellTimeoutError
from papermill.engines import NBClientEngine, papermill_engines
from tqdm import tqdm
from traitlets import Type, default

from analysis import paths
from analysis.corpus.load import load_corpus
from analysis.report.checks import (
    RUN_GENRES,
    check_corpus,
    check_notebooks,
    check_out,
    genre_proposal,
)
from analysis.report.config import RunConfig, freeze_corpus
from analysis.report.pages import write_index, write_page
from analysis.report.run_folder import (
    ReportError,
    claim,
    corpus_hashes,
    git_state,
    input_hashes,
    label,
    process_alive,
    run_name,
    run_outputs,
    sha256,
    versions,
    write_error,
    write_manifest,
    write_text,
)
from analysis.report.zygote import ForkedProvisioner, Zygote, available, preload_for

#: Environment of every kernel: stable hashing, figures rendered without a display,
#: ``MEDIA_FRAMING_BATCH`` telling notebooks that no one is there to use a live widget, and
#: no debugger warning about Python's frozen modules across the progress bar (ipykernel's
#: own kernel spec sets the same variable; no batch run uses the debugger).
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "MEDIA_FRAMING_BATCH": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


#: Seconds one cell may run before the run fails rather than hangs, as a cell showing a
#: widget now and then does (nteract/papermill#723).
CELL_TIMEOUT = 600


#: Seconds a kernel may take to start.
START_TIMEOUT = 120


#: Seconds between two saves of a notebook while its cells run (papermill saves it whole at
#: every cell's start and end otherwise: validated and encoded, its figures included, about a
#: tenth of the runner's work).
SAVE_EVERY = 5.0


class _SparseSaves(NBClientEngine):
    """papermill's engine, saving the executed notebook at its start, at most every
    :data:`SAVE_EVERY` seconds while its cells run, and at its end, however it ends (papermill
    saves it then, after a failure too): the notebook it leaves is the same, and a failed
    one still shows the cell that was running (:func:`_last_started_cell`)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
        save = nb_man.save

        def save_when_due(**kw: Any) -> None:
            if (nb_man.now() - nb_man.last_save_time).total_seconds() >= SAVE_EVERY:
                save(**kw)

        nb_man.save = save_when_due
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        finally:
            del nb_man.save  # papermill's own again, for the save at the end


papermill_engines.register("media-framing", _SparseSaves)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


#: The largest seed numpy's random generators take, plus one.
_SEED_LIMIT = 2**32


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


#: Seconds a kernel client waits on a socket before it looks again (:class:`_WakefulChannel`).
RECHECK = 1.0


class _WakefulChannel(AsyncZMQSocketChannel):
    """A channel that looks at its socket again every :data:`RECHECK` seconds while it waits.

    pyzmq's asyncio poll now and then misses the wake-up of a message that has arrived (the
    socket's descriptor signals an edge, and the edge was taken elsewhere); it then finds the
    message only when the wait times out. A cell showing a widget stalled this way for the
    whole cell timeout (10 minutes) after the kernel had sent its reply and gone idle (the
    reply's own time stamps said so). Looking again each second bounds such a stall to a
    second and changes nothing else: the same message is read, and a wait with a timeout
    still ends with ``Empty`` once it has passed.
    """

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = RECHECK if deadline is None else max(0.0, deadline - time.monotonic())
            if await self.socket.poll(int(min(left, RECHECK) * 1000)):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class _WakefulClient(AsyncKernelClient):
    """A kernel client whose shell and output channels are :class:`_WakefulChannel`."""

    shell_channel_class = Type(_WakefulChannel)
    iopub_channel_class = Type(_WakefulChannel)


class _LocalKernelManager(AsyncKernelManager):
    """Talks to the kernel over Unix sockets where there are some: no open TCP port, and
    no ipykernel warning about unencrypted TCP across the progress bar at every start.

    It also sends no interrupt before the shutdown request once a notebook is done:
    jupyter_client does, and ipykernel logs "ERROR | KeyboardInterrupt caught in kernel."
    for it, which a newcomer reads as a failure of a run that succeeded. (ipykernel
    answers the shutdown request on its control channel even while a cell runs.)
    """

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc" if os.name == "posix" else "tcp"

    @default("client_factory")
    def _client_factory_default(self) -> type[AsyncKernelClient]:
        return _WakefulClient

    async def _async_interrupt_kernel(self) -> None:
        if not self.shutting_down:
            await super()._async_interrupt_kernel()


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


class _Kernels:
    """The kernels a run started, so that those still running can be stopped when the run
    stops early (a notebook failed, Ctrl-C, SIGTERM) while others run beside them."""

    def __init__(self) -> None:
        self.managers: list[AsyncKernelManager] = []

    def kill(self) -> None:
        """Kill every kernel still running; its notebook then ends with a dead kernel."""
        for manager in list(self.managers):
            process = getattr(manager.provisioner, "process", None)  # None once reaped
            if process is not None:
                with suppress(OSError):
                    process.kill()


def _in_folder(
    manager: type[AsyncKernelManager],
    folder: Path,
    kernels: _Kernels,
    zygote: Zygote | None,
    cwd: Path,
) -> type[AsyncKernelManager]:
    """``manager`` with its connection file, hence its IPC sockets, in ``folder``, every
    instance listed in ``kernels``, its kernels forked from ``zygote`` where it can, and
    running in ``cwd``.

    jupyter_client otherwise names the sockets ``kernel-ipc-N`` in the working directory
    (the notebooks' folder), where two runs at once take the same names; and it starts a
    kernel in this process's working directory, which papermill changes for each notebook:
    with two notebooks at once, one from another folder would run in the other's.
    """

    class InFolder(manager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            kernels.managers.append(self)

        async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
            kw["cwd"] = str(cwd)
            if zygote is not None and self.provisioner is None:
                self.provisioner = ForkedProvisioner(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self,
                    zygote=zygote,
                )  # fmt: skip
            return await super()._async_pre_start_kernel(**kw)

        @default("connection_file")
        def _connection_file_default(self) -> str:
            return str(folder / f"kernel-{uuid.uuid4().hex[:12]}.json")

    return InFolder


class _InNotebook(BaseException):
    """What stopped the run (``cause``), and the notebook it stopped in."""

    def __init__(self, notebook: Path, cause: BaseException) -> None:
        super().__init__(notebook.name)
        self.notebook, self.cause = notebook, cause


def _lanes(parallel: int | None, notebooks: int) -> int:
    """How many notebooks run at once: ``parallel``, else one per core, never more than there
    are notebooks."""
    return max(1, min(parallel or os.cpu_count() or 1, notebooks))


def _run_all(
    notebooks: list[Path],
    execute: Callable[[Path], dict[str, Any]],
    *,
    lanes: int,
    finished: Callable[[dict[str, Any]], None],
    stop: Callable[[], None],
    first: Callable[[Path], bool] = lambda nb: False,
) -> None:
    """``execute`` every notebook, ``lanes`` at a time in reading order, those for which
    ``first`` holds (they wait for nothing) before the others; ``finished`` is called with each
    result as soon as it comes, one call at a time (so with one lane a notebook's record is
    written before the next starts).

    Notebooks share nothing but the run's snapshot and scores, each writes its own files, and
    each kernel starts with the same environment, so their outputs are those of a serial run.
    On the first failure, or Ctrl-C or SIGTERM here, no notebook starts any more, the running
    ones are stopped (``stop``) and waited for; those that had finished are kept, and
    :class:`_InNotebook` is raised for the earliest failing notebook in reading order (for an
    interrupt: the earliest one still running).
    """
    lock = threading.Lock()

    def job(nb: Path) -> None:
        entry = execute(nb)
        with lock:
            finished(entry)

    pool = ThreadPoolExecutor(lanes, thread_name_prefix="notebook")
    futures = {pool.submit(job, nb): nb for nb in sorted(notebooks, key=lambda nb: not first(nb))}
    failed: dict[Path, BaseException] = {}
    interrupt: BaseException | None = None
    pending = set(futures)
    try:
        while pending and not failed:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            failed |= {futures[f]: f.exception() for f in done if f.exception() is not None}
    except BaseException as exc:  # raised in this thread: Ctrl-C, SIGTERM
        interrupt = exc
    running = [futures[f] for f in pending if not f.cancel()]
    while running and not all(f.done() for f in pending):
        stop()  # again and again: a kernel may have been starting at the first call
        wait(pending, timeout=0.5)
    pool.shutdown(wait=True)
    if interrupt is not None:
        raise _InNotebook(
            min(running, key=notebooks.index) if running else notebooks[-1], interrupt
        )
    if failed:
        first = min(failed, key=notebooks.index)
        raise _InNotebook(first, failed[first])


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
    events: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    max_bytes: int | None = None,
    answer_key: bool = False,
    genres: str | Path | None = None,
    parallel: int | None = None,
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
        events: A reviewed events CSV (``python -m analysis events``, corrected), passed
            to the notebooks that declare ``events_file``; its events win and are shown
            as reviewed.
        workers: Score the corpus on this many processes (once, before the notebooks).
        scheduler: Score it on the Dask cluster at this address instead.
        max_bytes: Refuse corpus files larger than this (default: the loader's limit).
        answer_key: Keep the exercise solutions in the pages and executed notebooks;
            by default they are replaced by stubs, so a run can be handed to students.
        genres: Genres for the articles without one: ``"proposed"`` (the suite's
            proposal, made once and written to ``genres.csv`` in the run folder) or a
            reviewed genres file; ``None``: the corpus's own labels alone. Scoring and
            every notebook load the corpus with them; the landing page says where the
            labels came from.
        parallel: How many notebooks run at once once the corpus is scored; default one
            per core. Their outputs are the same as one at a time.

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
    if parallel is not None and (
        isinstance(parallel, bool) or not isinstance(parallel, int) or parallel < 1
    ):
        raise ReportError(f"parallel must be a whole number of notebooks from 1, got {parallel!r}")
    if not isinstance(group_by, str) or not group_by.strip():
        raise ReportError(f"group_by must name a metadata column, got {group_by!r}")
    declared = check_notebooks(
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
    if workers is not None and workers < 1:
        raise ReportError(f"--workers must be at least 1, got {workers}")
    started = datetime.now(UTC)
    default_out = not out
    out = paths.resolve(out) if out else paths.REPORTS / run_name(corpus_path, when=started)
    check_out(out)
    genres_file = None if genres in (None, "", "proposed") else paths.resolve(genres)
    if genres_file is not None and not genres_file.is_file():
        raise ReportError(
            f"--genres {genres_file}: not a file (a reviewed genres CSV, or 'proposed')"
        )
    coded_path = paths.resolve(coded) if coded else None
    if coded_path is not None and not (coded_path / "sample.json").is_file():
        raise ReportError(f"--coded {coded_path}: not a coding sample (no sample.json)")
    events_path = paths.resolve(events) if events else None
    notebooks = list(declared)
    reads = {nb: _reads(nb) for nb in notebooks}
    # Hashed before the corpus is read: a change from here on shows at the end (_changed_inputs).
    inputs = _inputs(corpus_path, notebooks, coded_path, genres_file, events_path)
    proposal = genre_proposal(corpus_path, max_bytes=max_bytes) if genres == "proposed" else None
    articles, summary = check_corpus(
        corpus_path,
        group_by=group_by,
        groups=groups,
        normalise=normalise_groups,
        max_bytes=max_bytes,
        genres=proposal if proposal is not None else str(genres_file or ""),
        events=events_path,
    )
    as_read = load_corpus(corpus_path, clean=False, max_bytes=max_bytes, genres="")
    git = git_state()  # before the run folder exists: a new folder must not make the tree dirty

    config = RunConfig(
        corpus=str(corpus_path or ""),
        group_by=group_by,
        groups=",".join(groups or ()),
        normalise_groups=normalise_groups,
        seed=seed,
        max_bytes=max_bytes,
        genres="proposed" if proposal is not None else str(genres_file or ""),
        coded=str(coded_path or ""),
        events=str(events_path or ""),
        eval_dir=str(paths.EVAL) if paths.EVAL.is_dir() else "",
        workers=workers,
        scheduler=scheduler,
        tables=sorted({name for names in reads.values() for name in names} - {"scores"}),
    )
    parameters: dict[str, Any] = {
        "corpus": config.corpus,
        "group_by": group_by,
        "groups": config.groups,
        "out_dir": str(out),
        "seed": seed,
        "eval_dir": config.eval_dir,
        "normalise_groups": normalise_groups,
        "coded": config.coded,
        "events_file": config.events,
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
        "versions": versions(),
        "inputs": inputs,
        "corpus_files": sorted(corpus_hashes(corpus_path)),
        "corpus": summary,
        "options": {"workers": workers, "scheduler": scheduler, "max_bytes": max_bytes,
                    "answer_key": answer_key,
                    "genres": config.genres or None},
        "notebooks": [],
    }  # fmt: skip
    try:
        out = claim(out, force=force, default=default_out)
        parameters["out_dir"] = str(out)  # a default name another run took has a suffix
        write_manifest(out, manifest)
        if proposal is not None:  # kept for review beside the snapshot that applies it
            from analysis.corpus.review import write_review

            write_review(proposal, out / RUN_GENRES, force=True)
        config.write(out)
        freeze_corpus(articles, as_read, out)
        manifest["snapshot"] = {label(f, out): sha256(f) for f in _run_files(out)}
        write_manifest(out, manifest)
    except OSError as exc:
        raise write_error(exc, out) from exc
    del articles, as_read  # the notebooks read the snapshot
    clock, current = time.perf_counter(), notebooks[0]
    order = {nb.name: i for i, nb in enumerate(notebooks)}

    def finished(entry: dict[str, Any]) -> None:  # in this thread, as each notebook ends
        manifest["notebooks"] = sorted(
            [*manifest["notebooks"], entry], key=lambda e: order[e["name"]]
        )
        bar.update()
        bar.set_postfix_str(entry["name"])
        write_manifest(out, manifest)

    try:
        bar = tqdm(total=len(notebooks), unit="notebook", disable=not progress, file=sys.stderr)
        _sweep_kernel_folders()
        kernels = tempfile.TemporaryDirectory(prefix=f"{KERNELS_PREFIX}{os.getpid()}-")
        with _environ(KERNEL_ENV), _sigterm_interrupts(), kernels as folder, bar, \
                _removed_when_this_process_dies(Path(folder)), \
                _warm_kernels(Path(folder), notebooks, kernel_name) as zygote:  # fmt: skip
            started_kernels = _Kernels()
            kind = _LocalKernelManager if kernel_name else _ThisInterpreterKernelManager
            scoring = (
                _Scoring(out, workers=workers, scheduler=scheduler) if any(reads.values()) else None
            )

            def execute(nb: Path) -> dict[str, Any]:
                if reads[nb]:
                    manifest["scoring"] = scoring.result()
                return _execute(
                    nb,
                    out,
                    parameters={k: v for k, v in parameters.items() if k in declared[nb]},
                    kernel_name=kernel_name,
                    manager=_in_folder(kind, Path(folder), started_kernels, zygote, nb.parent),
                    answer_key=answer_key,
                )

            def stop() -> None:
                started_kernels.kill()
                if scoring is not None:
                    scoring.kill()

            try:
                _run_all(
                    notebooks,
                    execute,
                    lanes=_lanes(parallel, len(notebooks)),
                    finished=finished,
                    stop=stop,
                    first=lambda nb: not reads[nb],
                )
            finally:
                if scoring is not None:  # a run that stopped early leaves no scoring behind
                    scoring.kill()
    except BaseException as raised:  # Ctrl-C and SIGTERM too: the folder must not say "running"
        current, exc = (
            (raised.notebook, raised.cause)
            if isinstance(raised, _InNotebook)
            else (current, raised)
        )
        _finish(manifest, clock)
        if isinstance(exc, OSError) and exc.errno is not None:  # not a cell timing out
            failure: ReportError = write_error(exc, out, during=f"running {current.name}")
            manifest.update(status="failed", error=str(failure))
            details = ""
        elif isinstance(exc, ReportError):  # the scoring step, before any notebook ran
            failure = exc
            manifest.update(status="failed", error=str(exc))
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
            write_text(out / "FAILED.txt", f"{manifest['error']}\n\n{details}\n")
        with suppress(OSError):
            write_manifest(out, manifest)
        if isinstance(exc, Exception):
            raise failure from (None if failure is exc else exc)
        exc.add_note(f"the run in {out} is marked failed: see FAILED.txt")
        with suppress(Exception):  # a page of what finished, never hiding the Ctrl-C
            manifest["outputs"] = run_outputs(out)
            write_index(out, manifest)
            exc.add_note(f"{out / 'index.html'} shows the notebooks that finished")
        raise exc from None
    _finish(manifest, clock)
    corpus_changed, changed = _changed_inputs(
        manifest, out, _inputs(corpus_path, notebooks, coded_path, genres_file, events_path)
    )
    if corpus_changed:  # every reader read the snapshot: the run holds together; say so
        manifest["changed_during_run"] = corpus_changed
        print(
            f"note: the corpus changed during the run ({', '.join(corpus_changed[:5])}); every "
            f"notebook read the snapshot taken at its start ({paths.RUN_CORPUS} in {out}), "
            "whose files' hashes the manifest records: run the report again for the new version",
            file=sys.stderr,
        )
    if changed:
        manifest.update(
            status="failed",
            changed_during_run=corpus_changed + changed,
            error=f"inputs changed during the run: {', '.join(changed[:5])}; its pages may mix "
            "two versions of them: run the report again",
        )
        with suppress(OSError):
            write_text(out / "FAILED.txt", manifest["error"] + "\n")
        try:
            manifest["outputs"] = run_outputs(out)
            write_index(out, manifest)
            write_manifest(out, manifest)
        except OSError as exc:
            raise write_error(exc, out, during="writing the index") from exc
        raise ReportError(manifest["error"])
    try:
        manifest["outputs"] = run_outputs(out)
        write_index(out, manifest)
        manifest["status"] = "complete"  # last: a run whose index failed is not complete
        write_manifest(out, manifest)
    except OSError as exc:
        raise write_error(exc, out, during="writing the index") from exc
    return out


def _finish(manifest: dict[str, Any], clock: float) -> None:
    manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    manifest["seconds"] = round(time.perf_counter() - clock, 2)


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


class _Scoring:
    """The scoring step: every article and sentence of the run's snapshot scored once into
    ``out/scores/``, with the whole-corpus tables (:mod:`analysis.report.computed`), for the
    notebooks to read (:attr:`analysis.report.config.Run.scores`; a run none of whose notebooks
    reads them skips this step).

    A child process (``python -m analysis score --run OUT``, reading the run configuration)
    does it, so the runner imports no measure and the scoring's memory is returned when it
    ends. It starts at once: the notebooks that read no scores run beside it, and those that
    do wait for it (:meth:`result`); :meth:`kill` stops it when the run stops early.
    """

    def __init__(self, out: Path, *, workers: int | None, scheduler: str | None) -> None:
        self.out, self.record = out, {"workers": workers, "scheduler": scheduler}
        self.clock = time.perf_counter()
        self.said = [tempfile.TemporaryFile("w+", encoding="utf-8") for _ in range(2)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "analysis", "score", "--run", str(out)],
            stdout=self.said[0], stderr=self.said[1], text=True, cwd=paths.ROOT,
        )  # fmt: skip
        self.lock = threading.Lock()
        self.outcome: dict[str, Any] | ReportError | None = None

    def result(self) -> dict[str, Any]:
        """The step's record for the manifest, once it has ended; raises :class:`ReportError`
        (naming its log) when it failed."""
        with self.lock:
            if self.outcome is None:
                self.outcome = self._wait()
        if isinstance(self.outcome, ReportError):
            raise self.outcome
        return self.outcome

    def _wait(self) -> dict[str, Any] | ReportError:
        code = self.process.wait()
        stdout, stderr = (self._read(f) for f in self.said)
        if code:
            log = self.out / "scoring.log"
            with suppress(OSError):
                write_text(log, stdout + stderr)
            done = subprocess.CompletedProcess(self.process.args, code, stdout, stderr)
            return ReportError(
                "scoring the corpus failed, no notebook that reads the scores ran: "
                f"{_cause(done)} (all of it: {log})"
            )
        files = [paths.run_scores(self.out, level) for level in ("article", "sentence")]
        files += sorted((self.out / paths.RUN_COMPUTED).glob("*.parquet"))
        return {
            "seconds": round(time.perf_counter() - self.clock, 2),
            **self.record,
            "files": [label(f, self.out) for f in files],
        }

    @staticmethod
    def _read(file: Any) -> str:
        file.seek(0)
        text = file.read()
        file.close()
        return text

    def kill(self) -> None:
        """Stop the step if it still runs."""
        if self.process.poll() is None:
            with suppress(OSError):
                self.process.kill()


def _run_files(out: Path) -> list[Path]:
    """The files every reader of the run reads: its configuration and its corpus snapshot."""
    return [out / paths.RUN_CONFIG, out / paths.RUN_CORPUS]


def _inputs(
    corpus: Path | None,
    notebooks: list[Path],
    coded: Path | None,
    genres: Path | None,
    events: Path | None,
) -> dict[str, str]:
    """SHA-256 of every input of the run, by path (the genres and events files too)."""
    files = {label(f, paths.ROOT): sha256(f) for f in (genres, events) if f}
    return input_hashes(corpus, notebooks, coded) | files


def _changed_inputs(
    manifest: dict[str, Any], out: Path, inputs: dict[str, str]
) -> tuple[list[str], list[str]]:
    """The inputs whose SHA-256 at the end of the run differs from the one recorded at its
    start: the corpus's files (harmless: every reader read the snapshot), then the rest
    (lexicons, notebooks, coded sheets, the genres file, the run's snapshot itself)."""
    now = inputs | {label(f, out): sha256(f) for f in _run_files(out) if f.is_file()}
    before = manifest["inputs"] | manifest["snapshot"]
    changed = sorted(n for n in before.keys() | now.keys() if before.get(n) != now.get(n))
    corpus = set(manifest["corpus_files"])
    return [n for n in changed if n in corpus], [n for n in changed if n not in corpus]


def _declared(notebook: Path) -> dict[str, Any]:
    """What a notebook declares in its metadata under ``media_framing`` (see the module's
    notebook contract): ``reads`` (``"scores"`` and the whole-corpus tables it reads: they must
    be written before it runs) and ``shows`` (the landing page's parts it provides, a file
    pattern each)."""
    declared = nbformat.read(notebook, as_version=4).metadata.get("media_framing", {})
    return declared if isinstance(declared, dict) else {}


def _reads(notebook: Path) -> list[str]:
    """What the notebook declares it reads of the scoring step (names; none: it reads none)."""
    reads = _declared(notebook).get("reads", [])
    return [r for r in reads if isinstance(r, str)] if isinstance(reads, list) else []


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
            engine_name="media-framing",
            language="python",
            cwd=nb.parent,
            progress_bar=False,
            kernel_manager_class=manager,
            execution_timeout=CELL_TIMEOUT,
            start_timeout=START_TIMEOUT,
            shutdown_kernel="immediate",  # every output is written: no second to wait for it
        )
    except BaseException:
        with suppress(Exception):  # a failed notebook's page shows where it failed, if it can
            write_page(executed, out / f"{nb.stem}.html", answer_key=answer_key)
        raise
    write_page(executed, out / f"{nb.stem}.html", answer_key=answer_key)
    number = nb.name[:2]
    shows = _declared(nb).get("shows", {})
    return {
        "name": nb.name,
        "seconds": round(time.perf_counter() - clock, 2),
        "figures": [label(f, out) for f in sorted((out / "figures").glob(f"{number}-*.png"))],
        "tables": [label(f, out) for f in sorted((out / "tables").glob(f"{number}-*.csv"))],
        "shows": {part: [label(f, out) for f in sorted(out.glob(pattern)) if f.is_file()]
                  for part, pattern in shows.items() if isinstance(pattern, str)},
    }  # fmt: skip


#: The kernels' private folder in the temporary folder: this prefix, then the runner's pid.
KERNELS_PREFIX = "media-framing-kernels-"


#: Waits until the runner's end of its standard input closes (the runner ended, however it
#: ended, SIGKILL included), gives the orphaned kernels time to notice and exit, then removes
#: the kernel folder. It runs in a session of its own so Ctrl-C in the terminal does not stop it.
_REMOVER = """
import shutil, sys, time
sys.stdin.buffer.read()
for pause in (2, 5):
    time.sleep(pause)
    shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


@contextmanager
def _removed_when_this_process_dies(folder: Path) -> Iterator[None]:
    """Remove ``folder`` even if this process is killed with SIGKILL, which runs no cleanup:
    a small process started here removes it once this process is gone. On any other end the
    folder's owner removes it and the remover is stopped."""
    remover = subprocess.Popen(
        [sys.executable, "-c", _REMOVER, str(folder)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        yield
    finally:
        remover.kill()
        remover.wait()


@contextmanager
def _warm_kernels(
    folder: Path, notebooks: list[Path], kernel_name: str | None
) -> Iterator[Zygote | None]:
    """The zygote the run's kernels are forked from (:mod:`analysis.report.zygote`), started
    in the kernels' environment to import what ``notebooks`` need, or ``None``: a registered
    kernel (``kernel_name``), or a platform without fork, starts the usual way."""
    if kernel_name or not available():
        yield None
        return
    code = [
        cell.source
        for nb in notebooks
        for cell in nbformat.read(nb, as_version=4).cells
        if cell.cell_type == "code"
    ]
    zygote = Zygote(folder, preload_for(code))
    try:
        yield zygote
    finally:
        zygote.close()


def _sweep_kernel_folders() -> None:
    """Remove the kernel folders that runs killed with SIGKILL could not remove: the folder
    names its runner's pid, and a folder whose runner is gone is nobody's."""
    for folder in Path(tempfile.gettempdir()).glob(f"{KERNELS_PREFIX}*"):
        pid = folder.name.removeprefix(KERNELS_PREFIX).split("-")[0]
        if pid.isdigit() and folder.owner() == getpass.getuser() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _cause(done: subprocess.CompletedProcess) -> str:
    """Why the scoring process failed, in one line: its ``error:`` line, the signal that
    killed it, or its last line of output."""
    said = [
        ln.removeprefix("error: ") for ln in done.stderr.splitlines() if ln.startswith("error:")
    ]
    if said:
        return said[-1]
    if done.returncode < 0:
        return f"the scoring process was killed ({signal.Signals(-done.returncode).name})"
    last = [ln.strip() for ln in done.stderr.splitlines() if ln.strip()]
    return last[-1] if last else f"the scoring process exited with code {done.returncode}"


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
