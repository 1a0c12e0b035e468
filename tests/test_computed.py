"""Whole-corpus tables computed once in a report's scoring step and read by the notebooks."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from analysis import load_corpus, paths
from analysis.__main__ import main
from analysis.coding.sample import corpus_units, draw_sample
from analysis.measures.quotes import quote_table
from analysis.report import computed
from analysis.report.config import RunConfig, freeze_corpus, read_run
from analysis.scoring.stored import StoredScoresError

CALLS = computed.ARTICLE_CALLS + [call for task in computed.calls() for call in task]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A seed run folder scored by the command line on two workers, as the report does."""
    out = tmp_path_factory.mktemp("run")
    RunConfig(workers=2).write(out)
    freeze_corpus(load_corpus(), load_corpus(clean=False), out)
    assert main(["score", "--run", str(out)]) == 0
    return read_run(out)


@pytest.mark.parametrize(("func", "kwargs"), CALLS, ids=[f.__name__ for f, _ in CALLS])
def test_a_stored_table_is_the_call_made_now(run, func, kwargs):
    assert computed.path(run.folder, func, kwargs).is_file()
    made, read = func(run.articles, **kwargs), run.once(func, **kwargs)
    if isinstance(made, set):
        assert read == made
        return
    pd.testing.assert_frame_equal(read, made)
    assert read.to_csv() == made.to_csv()  # the tables the notebooks save, byte for byte


def test_a_call_the_run_did_not_store_is_made_now(run):
    assert not computed.path(run.folder, quote_table, {"width": 40}).exists()
    pd.testing.assert_frame_equal(
        run.once(quote_table, width=40), quote_table(run.articles, width=40)
    )


def test_a_stored_table_changed_after_the_run_is_refused(run, tmp_path):
    folder = tmp_path / "run"
    for name in ("run.json", "corpus.parquet"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes((run.folder / name).read_bytes())
    copy = read_run(folder)
    stored = computed.path(run.folder, quote_table, {"width": 90})
    target = computed.path(folder, quote_table, {"width": 90})
    target.parent.mkdir(parents=True)
    target.with_name(target.name + ".sha256").write_text(
        stored.with_name(stored.name + ".sha256").read_text()
    )
    target.write_bytes(stored.read_bytes()[:-1] + b"\0")
    with pytest.raises(StoredScoresError, match=r"quote_table-.*SHA-256 differs"):
        copy.once(quote_table, width=90)


def test_a_sample_drawn_from_the_runs_units_is_the_sample_drawn_afresh(run):
    units = run.once(corpus_units, unit="sentence")
    before = units.copy()
    given = draw_sample(run.articles, n=12, seed=3, units=units)
    afresh = draw_sample(run.articles, n=12, seed=3)
    assert given.sample_id == afresh.sample_id
    pd.testing.assert_frame_equal(given.design, afresh.design)
    pd.testing.assert_frame_equal(given.population, afresh.population)
    pd.testing.assert_frame_equal(units, before)  # the run's table is left as it was read


def test_each_notebook_declares_the_whole_corpus_tables_it_reads():
    """The scoring step makes the tables the run's notebooks declare (``reads``) and no
    other: a table read but not declared would be made in the notebook, on one core, at every
    report; a name declared must be one of the tables the step can make."""
    tables = {func.__name__ for func, _ in CALLS}
    for notebook in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(notebook, 4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        read = set(re.findall(r"\.once\(\s*(\w+)", code))
        declared = set(nb.metadata.get("media_framing", {}).get("reads", []))
        assert read <= declared, f"{notebook.name} reads {read - declared} undeclared"
        assert declared - {"scores"} <= tables, notebook.name
