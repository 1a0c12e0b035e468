"""Shared fixtures. Evaluation data is read from ../shared/eval, never committed."""

from __future__ import annotations

import analysis._jsonschema  # noqa: F401  (first: the tests import nbformat as the runner does)

# isort: split
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import report_corpora

from analysis import paths

#: Notebooks that read the human-labelled data, not the corpus: the seed run covers them, so
#: the outlet and pair runs leave them out (checked by test_corpus_blind_notebooks_read_no_corpus).
CORPUS_BLIND = ("07-validity",)


#: The whole reports of this file, each made once per session and read by many tests, longest
#: first: each is handed out first, to a worker of its own while there is one.
REPORTS = ("outlet_run", "seed_run", "pair_run")
#: The other files that take longest (small reports, fresh interpreters, model training),
#: longest first as ``--durations`` measured them: handed out right after the whole reports,
#: before the many short files, so that no worker starts a long file while the other runs out
#: of work. Only the schedule depends on this list.
LONG_FILES = ("tests/test_report.py", "tests/test_answer.py", "tests/test_engine.py",
              "tests/test_coding_loop.py", "tests/test_config.py", "tests/test_adapt.py",
              "tests/test_learned.py", "tests/test_validation.py", "tests/test_hostile_input.py",
              "tests/test_bad_input.py", "tests/test_library_shims.py")  # fmt: skip


def _reads_file(controller: int, worker: str = "*") -> Path:
    """Where an xdist worker writes which whole report each test reads, for the controller
    (process ``controller``) to hand them out: pytest 9.2 no longer lets a worker rename a test
    (``item._nodeid``, how xdist's ``loadgroup`` says a test's group: pytest-xdist issue 1386)."""
    return Path(tempfile.gettempdir()) / f"media-framing-reads-{controller}-{worker}.json"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, except that the tests reading one whole report are one unit of work
    whatever their files (:func:`pytest_collection_modifyitems`), so each report is made once
    and the reports are made on different workers at once; the units are handed out in the
    order the workers collected them (xdist's own order, the files with more tests first, put
    the whole reports behind six files of quick tests)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    config.option.loadscopereorder = False

    class ByReport(LoadFileScheduling):
        reads: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.reads is None:  # every worker has collected (and written) by now
                self.reads = {}
                for written in Path(tempfile.gettempdir()).glob(_reads_file(os.getpid()).name):
                    self.reads.update(json.loads(written.read_text("utf-8")))
                    written.unlink()
            report = self.reads.get(nodeid)
            return f"whole report {report}" if report else super()._split_scope(nodeid)

    return ByReport(config, log)


def pytest_collection_modifyitems(config, items):
    """On an xdist worker: write which whole report each test reads (one at most, so that each
    is made once) for the scheduler; those tests come first, the longest pieces of work, then
    :data:`LONG_FILES`, so the other workers share the rest."""
    if not hasattr(config, "workerinput"):
        return
    reads: dict[str, str] = {}
    for item in items:
        callspec = getattr(item, "callspec", None)
        used = [*getattr(item, "fixturenames", ()), *(callspec.params.values() if callspec else ())]
        runs = sorted({name for name in used if isinstance(name, str) and name in REPORTS})
        if len(runs) > 1:
            raise pytest.UsageError(f"{item.nodeid} reads {' and '.join(runs)}: a test reads "
                                    "one whole report, so each is made once")  # fmt: skip
        if runs:
            reads[item.nodeid] = runs[0]
    written = _reads_file(os.getppid(), config.workerinput["workerid"])
    part = written.with_suffix(".part")
    part.write_text(json.dumps(reads), "utf-8")
    part.replace(written)

    long = {file: i for i, file in enumerate(LONG_FILES)}

    def rank(item: pytest.Item) -> tuple[int, int]:
        if item.nodeid in reads:
            return REPORTS.index(reads[item.nodeid]), 0
        return len(REPORTS), long.get(item.nodeid.split("::")[0], len(long))

    items.sort(key=rank)  # stable: the order within is kept


def pytest_sessionfinish(session):
    """The controller removes what its workers wrote for the scheduler that no scheduler read
    (another ``--dist`` than ``loadfile``; a run stopped before scheduling)."""
    if not hasattr(session.config, "workerinput"):
        for written in Path(tempfile.gettempdir()).glob(_reads_file(os.getpid()).name):
            written.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def corpus_blind() -> tuple[str, ...]:
    """The notebooks :func:`outlet_run` leaves out (they read no corpus)."""
    return CORPUS_BLIND


@pytest.fixture(scope="session")
def eval_dir():
    """The human-labelled evaluation data; tests that need it skip when it is absent."""
    if not paths.EVAL.is_dir():
        pytest.skip(
            f"evaluation data not found at {paths.EVAL} "
            "(set MEDIA_FRAMING_EVAL to its folder to run these tests)"
        )
    return paths.EVAL


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """The whole report on the seed corpus, run once per session (about 40 s) and shared by
    every test that reads it: executing the notebooks again would test nothing new."""
    from analysis.report.runner import run_report  # papermill and nbconvert load only here

    return run_report(out=tmp_path_factory.mktemp("seed") / "run", progress=False)


@pytest.fixture(scope="session")
def toy_measure_site(tmp_path_factory):
    """A folder holding tests/fixtures/toy-measure installed as pip installs any package
    (offline: the build tools are in the environment), to put on a path."""
    target = tmp_path_factory.mktemp("site")
    package = tmp_path_factory.mktemp("toy-source") / "toy-measure"  # pip builds in place
    shutil.copytree(paths.ROOT / "tests" / "fixtures" / "toy-measure", package)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--target", str(target), str(package)],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


@pytest.fixture(scope="session")
def outlet_run(tmp_path_factory, toy_measure_site):
    """One whole report that takes every path a corpus other than the seeds can take:
    :func:`report_corpora.outlet_corpus` (240 articles from three outlets with hostile names,
    one of which sent a single article that reprints another verbatim; hostile ids and
    titles; a blank outlet) grouped by outlet, with the answer key (the
    solutions' outputs are more corpus values to escape), coded sheets in a folder with a
    hostile name, and the toy measure of tests/fixtures/toy-measure installed for this run
    only (on the path of the runner, its scoring and its kernels), as a third party's
    measure would be.

    Run once per session and shared by tests/test_end_to_end.py and
    tests/test_hostile_report.py: one report instead of one per concern."""
    from analysis.measures import registry
    from analysis.report.runner import run_report

    notebooks = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    folder = tmp_path_factory.mktemp("outlets")
    csv = report_corpora.outlet_corpus(folder)
    coded = report_corpora.coded_sample(csv, "outlet", folder / report_corpora.CODED_NAME)
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(toy_measure_site))
        path = [str(toy_measure_site), *filter(None, [os.environ.get("PYTHONPATH")])]
        patch.setenv("PYTHONPATH", os.pathsep.join(path))
        registry.refresh()
        try:
            return run_report(
                corpus=csv,
                group_by="outlet",
                out=folder / "run",
                notebooks=[nb for nb in notebooks if nb.stem not in CORPUS_BLIND],
                progress=False,
                answer_key=True,
                coded=coded,
            )
        finally:
            registry.refresh()


@pytest.fixture(scope="session")
def pair_run(tmp_path_factory):
    """Exactly two groups with hostile names compared with ``--groups`` (the comparison
    plan's one-pair note) and reviewed events with hostile names (``--events``), run through
    the command line as a user would."""
    from analysis.__main__ import main
    from analysis.report import runner

    folder = tmp_path_factory.mktemp("pair")
    corpus, events = report_corpora.pair_corpus(folder)
    notebooks = [
        nb for nb in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
        if nb.stem not in CORPUS_BLIND
    ]  # fmt: skip
    argv = ["report", "--corpus", str(corpus), "--group-by", "outlet", "--out", str(folder / "run"),
            "--groups", ",".join(report_corpora.PAIR), "--events", str(events)]  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        real = runner.run_report
        patch.setattr(
            runner, "run_report", lambda **kw: real(notebooks=notebooks, progress=False, **kw)
        )
        assert main(argv) == 0
    return folder / "run"
