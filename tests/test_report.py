"""The report runner, the command line and the student copies, on tiny fixture notebooks.

Each papermill run starts a kernel (2-4 s), so one complete run is shared by the
tests that only read it.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import load_corpus, paths
from analysis.__main__ import main
from analysis.report import pages
from analysis.report import runner as report
from analysis.report.outputs import figures_dir, save_figure, save_table, slug
from analysis.report.runner import NotebookFailed, ReportError, run_report
from analysis.report.teaching import make_student_copies, make_student_copy

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = sorted((FIXTURES / "notebooks").glob("*.ipynb"))
PARAMETERS_ONLY = FIXTURES / "notebooks" / "02-parameters.ipynb"
PARAMETERS_CELL = "\n".join(
    nbformat.read(PARAMETERS_ONLY, 4).cells[1].source.splitlines()[:5]
)  # the five required parameters
KERNELSPEC = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}


def _notebook(path: Path, *sources: str) -> Path:
    """A notebook of the parameters cell, then one code cell per source."""
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = [new_code_cell(PARAMETERS_CELL, metadata={"tags": ["parameters"]})]
    nbformat.write(
        new_notebook(cells=cells + [new_code_cell(s) for s in sources], metadata=KERNELSPEC), path
    )
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "run"
    assert (
        run_report(notebooks=GOOD, out=out, groups=["wire", "colour"], seed=3, progress=False)
        == out
    )
    return out


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        f.relative_to(folder).as_posix(): (f.read_bytes(), f.stat().st_mtime_ns)
        for f in folder.rglob("*")
        if f.is_file()
    }


def test_run_writes_notebooks_pages_figures_tables(run):
    assert sorted(p.name for p in (run / "notebooks").iterdir()) == [nb.name for nb in GOOD]
    assert (run / "figures" / "01-bars.png").read_bytes().startswith(b"\x89PNG")
    assert (run / "tables" / "01-shares.csv").read_text() == (
        "genre,share\nwire,0.333333\ncolour,0.666667\n"
    )
    page = (run / "01-figure.html").read_text()
    assert "data:image/png;base64," in page  # the inline figure is embedded, not linked
    assert 'id="toggle-code"' in page and "hide-code" in page
    assert "<title>Fixture: a figure and a table</title>" in page


def test_notebooks_receive_the_parameters_and_run_in_their_folder(run):
    with (run / "tables" / "02-parameters.csv").open() as f:
        received = dict(list(csv.reader(f))[1:])
    assert received["corpus"] == ""
    assert received["group_by"] == "genre"
    assert received["groups"] == "wire,colour"
    assert received["seed"] == "3"
    assert received["eval_dir"] == (str(paths.EVAL) if paths.EVAL.is_dir() else "")
    assert received["cwd"] == str(FIXTURES / "notebooks")


def test_kernels_run_in_batch_mode_and_the_manifest_says_so(run):
    with (run / "tables" / "02-parameters.csv").open() as f:
        received = dict(list(csv.reader(f))[1:])
    assert received["MEDIA_FRAMING_BATCH"] == "1"
    assert received["PYTHONHASHSEED"] == "0"
    manifest = _manifest(run)
    assert manifest["kernel_env"]["MEDIA_FRAMING_BATCH"] == "1"
    assert manifest["kernel_env"]["PYTHONHASHSEED"] == "0"
    assert manifest["timeouts"] == {
        "cell": report.CELL_TIMEOUT,
        "kernel_start": report.START_TIMEOUT,
    }
    assert os.environ.get("MEDIA_FRAMING_BATCH") is None  # restored after the run


def _copy_instead_of_running(calls: list[dict], interrupt_at: str = ""):
    """A stand-in for papermill.execute_notebook: copies the notebook, or raises Ctrl-C."""

    def execute_notebook(input_path, output_path, **kwargs):
        calls.append({"name": Path(input_path).name, **kwargs})
        if Path(input_path).name == interrupt_at:
            raise KeyboardInterrupt
        shutil.copy(input_path, output_path)

    return execute_notebook


def test_papermill_gets_a_cell_timeout_and_a_start_timeout(tmp_path, monkeypatch):
    calls: list[dict] = []
    monkeypatch.setattr(papermill, "execute_notebook", _copy_instead_of_running(calls))
    run_report(notebooks=[PARAMETERS_ONLY], out=tmp_path / "run", progress=False)
    assert report.CELL_TIMEOUT == 600
    assert [(c["execution_timeout"], c["start_timeout"]) for c in calls] == [
        (600, report.START_TIMEOUT)
    ]


def test_a_cell_that_hangs_fails_the_run_instead(tmp_path, monkeypatch):
    nb = _notebook(
        tmp_path / "notebooks" / "01-hangs.ipynb",
        "import time\n\ntime.sleep(120)  # a widget waiting for a browser",
    )
    monkeypatch.setattr(report, "CELL_TIMEOUT", 1)
    with pytest.raises(NotebookFailed) as failed:
        run_report(notebooks=[nb], out=tmp_path / "run", progress=False)
    message = str(failed.value)
    assert "01-hangs.ipynb failed at cell In [3] `import time`" in message
    assert "timed out after 1 s" in message and "MEDIA_FRAMING_BATCH" in message
    manifest = _manifest(tmp_path / "run")
    assert manifest["status"] == "failed" and manifest["seconds"] < 60
    assert "time.sleep(120)" in (tmp_path / "run" / "FAILED.txt").read_text()


def test_a_notebook_is_saved_at_its_start_and_end_not_at_every_cell(tmp_path, monkeypatch):
    """Saved whole at every cell's start and end, a notebook with figures cost the runner a
    tenth of its work; the notebook left, failed or not, still shows every cell run and the one
    that was running."""
    saves = []
    save = papermill.engines.write_ipynb
    monkeypatch.setattr(
        papermill.engines, "write_ipynb", lambda nb, path: saves.append(path) or save(nb, path)
    )
    monkeypatch.setattr(report, "SAVE_EVERY", 10**9)
    monkeypatch.setattr(report, "CELL_TIMEOUT", 3)  # each quick cell has time under load
    quick = [f"print({i})" for i in range(20)]
    hangs = "import time\n\ntime.sleep(120)"
    nb = _notebook(tmp_path / "notebooks" / "01-many.ipynb", *quick, hangs)
    with pytest.raises(NotebookFailed) as failed:
        run_report(notebooks=[nb], out=tmp_path / "run", progress=False)
    assert "01-many.ipynb failed at cell In [23] `import time`" in str(failed.value)
    assert len(saves) == 2  # at the start, and at the end
    cells = nbformat.read(tmp_path / "run" / "notebooks" / "01-many.ipynb", 4).cells
    printed = ["".join(o["text"] for o in c.outputs) for c in cells[2:22]]  # may come in parts
    assert printed == [f"{i}\n" for i in range(20)]


def test_a_compute_bound_cell_that_times_out_is_not_blamed_on_a_widget(tmp_path, monkeypatch):
    nb = _notebook(tmp_path / "notebooks" / "01-slow.ipynb", "while True:\n    pass")
    monkeypatch.setattr(report, "CELL_TIMEOUT", 1)
    with pytest.raises(NotebookFailed) as failed:
        run_report(notebooks=[nb], out=tmp_path / "run", progress=False)
    message = str(failed.value)
    assert "timed out after 1 s" in message and "--workers" in message
    assert "widget" not in message


def test_index_links_pages_and_lists_figures_and_tables(run):
    index = (run / "index.html").read_text()
    for href in ("01-figure.html", "02-parameters.html", "notebooks/01-figure.ipynb",
                 "figures/01-bars.png", "tables/01-shares.csv", "manifest.json"):  # fmt: skip
        assert f"href='{href}'" in index
    assert "<img src='figures/01-bars.png'" in index
    assert "Fixture: the injected parameters" in index
    assert "Writes the parameters it received as a table" in index
    assert "<td>0.333333</td>" in index  # the first rows of each table are shown
    assert '<div style="overflow-x:auto"><table><tr><th>genre</th>' in index


def test_manifest_records_inputs_versions_timings_and_outputs(run):
    manifest = _manifest(run)
    assert manifest["status"] == "complete"
    assert manifest["parameters"]["groups"] == "wire,colour"
    assert manifest["parameters"]["out_dir"] == str(run)
    for nb in GOOD:
        key = nb.relative_to(paths.ROOT).as_posix()
        assert manifest["inputs"][key] == hashlib.sha256(nb.read_bytes()).hexdigest()
    raw = sorted(paths.RAW.iterdir())
    assert raw and all(f"data/raw/{f.name}" in manifest["inputs"] for f in raw)
    versions = manifest["versions"]
    assert {"python", "media-framing-analysis", "pandas", "papermill", "numpy"} <= set(versions)
    assert {"commit", "dirty"} == set(manifest["git"])
    assert [n["name"] for n in manifest["notebooks"]] == [nb.name for nb in GOOD]
    assert manifest["notebooks"][0]["figures"] == ["figures/01-bars.png"]
    assert manifest["notebooks"][1]["tables"] == ["tables/02-parameters.csv"]
    assert all(n["seconds"] > 0 for n in manifest["notebooks"]) and manifest["seconds"] > 0
    table = run / "tables" / "01-shares.csv"
    assert (
        manifest["outputs"]["tables/01-shares.csv"]
        == hashlib.sha256(table.read_bytes()).hexdigest()
    )


def test_refuses_a_used_folder_and_leaves_it_untouched(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "mine.png").write_bytes(b"not yours")
    (tmp_path / "notes.txt").write_text("keep me")
    before = _tree(tmp_path)
    with pytest.raises(ReportError, match="--force"):
        run_report(notebooks=GOOD, out=tmp_path, progress=False)
    assert _tree(tmp_path) == before


def test_force_does_not_touch_a_folder_that_is_not_a_run(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01-mine.ipynb").write_text("{}")
    before = _tree(tmp_path)
    with pytest.raises(ReportError, match="not a report run"):
        run_report(notebooks=GOOD, out=tmp_path, force=True, progress=False)
    assert _tree(tmp_path) == before


def test_force_replaces_the_previous_run(run, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(run, out)
    (out / "notes.txt").write_text("not the runner's")
    run_report(notebooks=[PARAMETERS_ONLY], out=out, force=True, progress=False)
    assert _manifest(out)["status"] == "complete"
    assert [n["name"] for n in _manifest(out)["notebooks"]] == ["02-parameters.ipynb"]
    assert not (out / "figures" / "01-bars.png").exists()  # no stale figure in the new run
    assert not (out / "01-figure.html").exists()
    assert (out / "notes.txt").read_text() == "not the runner's"


def test_a_failing_notebook_fails_the_run(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "NOTEBOOKS", FIXTURES / "failing")
    assert main(["report", "--out", str(tmp_path / "run")]) != 0
    error = capsys.readouterr().err
    assert '03-fails.ipynb failed at cell In [4] `raise ValueError(f"deliberate' in error
    assert "ValueError: deliberate failure after 41" in error
    out = tmp_path / "run"
    manifest = _manifest(out)
    assert manifest["status"] == "failed" and "03-fails.ipynb" in manifest["error"]
    failed = (out / "FAILED.txt").read_text()
    assert "03-fails.ipynb" in failed and "Traceback" in failed
    assert (out / "03-fails.html").is_file()  # the page shows where it stopped
    assert not (out / "index.html").exists()


def test_the_failure_summary_comes_from_papermills_error_fields(tmp_path, monkeypatch):
    error = papermill.PapermillExecutionError(
        cell_index=5, exec_count=4, source='\n  x = 1\nraise ValueError("in f")', ename="E",
        evalue="why", traceback=["\x1b[0;31mValueError\x1b[0m: in f", "Cell In[4], line 3"],
    )  # fmt: skip

    def execute_notebook(input_path, output_path, **kwargs):
        shutil.copy(input_path, output_path)
        raise error

    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)
    with pytest.raises(NotebookFailed) as failed:
        run_report(notebooks=[PARAMETERS_ONLY], out=tmp_path / "run", progress=False)
    assert failed.value.summary == "at cell In [4] `x = 1`: E: why"
    details = (tmp_path / "run" / "FAILED.txt").read_text(encoding="utf-8")
    assert "Cell source:" in details and "\x1b" not in details and "ValueError: in f" in details


def test_table_previews_scroll_sideways_and_leave_out_the_note_column(tmp_path):
    (tmp_path / "tables").mkdir()
    rows = ["measure,note,diff", *(f"m{i},a long note {i},0.{i}" for i in range(7))]
    (tmp_path / "tables" / "05-compare.csv").write_text("\n".join(rows) + "\n")
    preview = pages.table_preview(tmp_path, "tables/05-compare.csv")
    assert preview.startswith(
        "<p><a href='tables/05-compare.csv'>05-compare.csv</a> (first 5 of 7 rows)</p>"
        '<div style="overflow-x:auto"><table><tr><th>measure</th><th>diff</th></tr>'
        "<tr><td>m0</td><td>0.0</td></tr>"
    )
    assert preview.endswith("<tr><td>m4</td><td>0.4</td></tr></table></div>")
    assert "note" not in preview
    assert "note" in (tmp_path / "tables" / "05-compare.csv").read_text()  # the CSV keeps it


def test_an_interrupted_run_is_marked_failed_with_an_index_of_what_finished(tmp_path, monkeypatch):
    calls: list[dict] = []
    monkeypatch.setattr(
        papermill, "execute_notebook", _copy_instead_of_running(calls, "02-parameters.ipynb")
    )
    out = tmp_path / "run"
    with pytest.raises(KeyboardInterrupt) as interrupt:
        run_report(notebooks=GOOD, out=out, progress=False)
    assert sorted(c["name"] for c in calls) == ["01-figure.ipynb", "02-parameters.ipynb"]
    manifest = _manifest(out)
    assert manifest["status"] == "failed" and manifest["finished"] and manifest["seconds"] >= 0
    assert manifest["error"] == "02-parameters.ipynb was interrupted (KeyboardInterrupt)"
    assert [n["name"] for n in manifest["notebooks"]] == ["01-figure.ipynb"]
    assert (out / "FAILED.txt").read_text().startswith(manifest["error"])
    index = (out / "index.html").read_text()
    assert "href='01-figure.html'" in index and "02-parameters.html" not in index
    assert "only the notebooks that finished are shown" in index
    assert f"{out / 'index.html'} shows the notebooks that finished" in interrupt.value.__notes__


def test_the_cli_reports_an_interrupt_without_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "NOTEBOOKS", FIXTURES / "notebooks")
    monkeypatch.setattr(
        papermill, "execute_notebook", _copy_instead_of_running([], "01-figure.ipynb")
    )
    out = tmp_path / "run"
    assert main(["report", "--out", str(out)]) == 130
    assert f"\ninterrupted\nthe run in {out} is marked failed" in capsys.readouterr().err
    assert _manifest(out)["status"] == "failed" and (out / "index.html").is_file()


def test_a_stale_registered_python3_kernel_is_ignored(tmp_path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    out = run_report(notebooks=[PARAMETERS_ONLY], out=tmp_path / "run", progress=False)
    assert _manifest(out)["status"] == "complete"


def test_notebooks_breaking_the_contract_are_refused_before_anything_runs(tmp_path):
    params = new_code_cell(
        'corpus: str = ""  # "" = seed\nseed: int = 0  # random seed',
        metadata={"tags": ["parameters"]},
    )
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), tmp_path / "01-untagged.ipynb")
    nbformat.write(new_notebook(cells=[params], metadata=KERNELSPEC), tmp_path / "02-partial.ipynb")
    with pytest.raises(ReportError) as error:
        run_report(notebooks=sorted(tmp_path.glob("*.ipynb")), out=tmp_path / "run")
    assert "01-untagged.ipynb: no parameters papermill can read (tag one cell" in str(error.value)
    assert "02-partial.ipynb: parameters cell lacks corpus, group_by" in str(error.value)
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize(
    "groups", [["wire"], ["wire", "colour", "feature"], ["a,b", "c"], ["wire", "wire"]]
)
def test_groups_must_be_two_names(groups, tmp_path):
    with pytest.raises(ReportError, match="two different non-empty names"):
        run_report(notebooks=GOOD, groups=groups, out=tmp_path / "run")


def _texts(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("The minister said on Tuesday that talks would resume.\n")
    (folder / "b.txt").write_text("Rain fell on the square as the old man remembered.\n")
    return folder


def test_a_corpus_without_groups_fails_before_anything_is_written(tmp_path, capsys):
    corpus, out = _texts(tmp_path / "texts"), tmp_path / "run"
    assert main(["report", "--corpus", str(corpus), "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        "error: only one group ('unknown') in column 'genre': add a corpus.csv or metadata.csv"
        " with a genre column beside the .txt files, or pass --genres proposed (the suite's"
        " proposal from each article's signals; python -m analysis genres writes it for review),"
        " or pass --group-by COLUMN\n"
    )
    assert not out.exists()


def test_a_table_with_one_labelled_group_is_refused(tmp_path):
    corpus = tmp_path / "one.csv"
    corpus.write_text('text,genre\n"Talks will resume.",wire\n"Rain fell.",unknown\n')
    with pytest.raises(ReportError) as error:
        run_report(notebooks=GOOD, corpus=corpus, out=tmp_path / "run")
    assert str(error.value) == (
        "only one group besides 'unknown' ('wire') in column 'genre': fill the genre column"
        " of one.csv, or pass --genres proposed (the suite's proposal from each article's"
        " signals; python -m analysis genres writes it for review), or pass --group-by COLUMN"
    )
    assert not (tmp_path / "run").exists()


GENRE_FIXTURE = FIXTURES / "genres" / "articles.csv"
#: A notebook that records the genres its kernel's run gives.
GENRES_CELL = """
from analysis.report.config import open_run
run = open_run(out_dir, corpus=corpus, group_by=group_by, groups=groups, seed=seed)
loaded = run.articles[["doc_id", "genre", "genre_source"]]
(Path(out_dir) / "tables").mkdir(parents=True, exist_ok=True)
loaded.to_csv(Path(out_dir) / "tables" / "01-genres.csv", index=False)
"""


def test_a_report_on_an_export_folder_uses_the_proposal_only_when_told(tmp_path, capsys):
    exports, out = FIXTURES / "exports", tmp_path / "run"
    assert main(["report", "--corpus", str(exports), "--out", str(out)]) == 1
    assert "pass --genres proposed" in capsys.readouterr().err  # no genres: refused, pointed
    nb = _notebook(
        tmp_path / "notebooks" / "01-genres.ipynb", "from pathlib import Path" + GENRES_CELL
    )
    run_report(notebooks=[nb], corpus=exports, genres="proposed", out=out, progress=False)
    kept = pd.read_csv(out / "genres.csv")  # the proposal the run used, with its evidence
    assert {"proposed", "evidence"} <= set(kept.columns) and len(kept) == 12
    seen = pd.read_csv(out / "tables" / "01-genres.csv").set_index("doc_id")
    assert seen.at["proquest-2249000117", "genre"] == "wire"  # "(AP) —" opens it
    assert set(seen["genre_source"]) == {"proposed"}
    unsure = int((kept["proposed"] == "unsure").sum())
    assert (seen["genre"] == "unknown").sum() == unsure
    assert _manifest(out)["corpus"]["genres"] == {
        "from": "genres.csv in the run folder",
        "proposed": 12,
        "unknown": unsure,
    }
    assert _manifest(out)["options"]["genres"] == "proposed"
    page = (out / "index.html").read_text()
    assert "genres: 12 as proposed by the suite from their signals (genres.csv in the run" in page
    assert f"{unsure} unknown, left out" in page


def test_a_report_on_a_reviewed_genres_file_says_which_were_corrected(tmp_path):
    from analysis.corpus.genres import propose_genres, save_genres

    proposal = propose_genres(load_corpus(GENRE_FIXTURE))
    proposal.loc[proposal["doc_id"] == "courier-0001", "genre"] = "colour"
    reviewed = save_genres(proposal, tmp_path / "reviewed.csv")
    nb = _notebook(
        tmp_path / "notebooks" / "01-genres.ipynb", "from pathlib import Path" + GENRES_CELL
    )
    out = run_report(
        notebooks=[nb], corpus=GENRE_FIXTURE, genres=reviewed, out=tmp_path / "run", progress=False
    )
    seen = pd.read_csv(out / "tables" / "01-genres.csv").set_index("doc_id")
    assert seen.at["courier-0001", "genre_source"] == "corrected"
    assert any(name.endswith("reviewed.csv") for name in _manifest(out)["inputs"])
    page = (out / "index.html").read_text()
    assert "1 corrected in review (reviewed.csv)" in page
    assert not (out / "genres.csv").exists()


def test_genres_must_be_proposed_or_a_file(tmp_path):
    with pytest.raises(ReportError, match="not a file"):
        run_report(notebooks=GOOD, genres=tmp_path / "nope.csv", out=tmp_path / "run")
    assert not (tmp_path / "run").exists()


def test_a_corpus_error_is_shown_as_is(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["report", "--group-by", "nope", "--out", str(out)]) == 1
    assert "cannot group by 'nope', there is no such column; available: doc_id" in (
        capsys.readouterr().err
    )
    assert not out.exists()


def test_named_groups_must_exist(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["report", "--groups", "wire, feature", "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        "error: no group 'feature' in column 'genre'; groups present: 'colour' (2), 'wire' (3)\n"
    )
    assert not out.exists()


def test_cli_report_help(capsys):
    """In this process: ``python -m analysis`` itself runs in every report (its scoring step)."""
    with pytest.raises(SystemExit) as done:
        main(["report", "--help"])
    assert done.value.code == 0
    said = capsys.readouterr().out
    for option in ("--corpus", "--group-by", "--groups", "--out", "--force", "--seed"):
        assert option in said


@pytest.mark.parametrize("command", [[], ["student-copies"], ["status"]])
def test_cli_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    assert "usage: python -m analysis" in capsys.readouterr().out


def test_save_table_is_byte_stable(tmp_path):
    table = pd.DataFrame({"x": [1 / 3, -1e-12, 2.0], "n": [1, 2, 3]}, index=[9, 8, 7])
    first = save_table(table, tmp_path, "t.csv").read_bytes()
    second = save_table(table.astype({"x": "float32"}), tmp_path, "t").read_bytes()
    assert first == second == b"x,n\n0.333333,1\n0.0,2\n2.0,3\n"


def _exercise(path: Path) -> Path:
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Exercise\n\nCount the hedges."),
            new_code_cell("hedges = 3", metadata={"tags": ["solution"]}),
            new_code_cell(
                "# Hint: divide by the sentences.\nrate = hedges / 10",
                metadata={"tags": ["solution", "exercise"]},
            ),  # fmt: skip
            new_markdown_cell("Most hedges sit in quotes.", metadata={"tags": ["solution"]}),
            new_code_cell("print(rate)", execution_count=3, outputs=[]),
        ]
    )
    nbformat.write(nb, path)
    return path


def test_student_copy_replaces_solutions_and_keeps_the_rest(tmp_path):
    src = _exercise(tmp_path / "01-exercise.ipynb")
    copy = nbformat.read(make_student_copy(src, tmp_path / "student" / "01.ipynb"), 4)
    nbformat.validate(copy)
    sources = [c.source for c in copy.cells]
    assert sources == [
        "# Exercise\n\nCount the hedges.",
        "# Your answer here",
        "# Hint: divide by the sentences.\n# Your answer here",
        "*Your answer here.*",
        "print(rate)",
    ]
    assert [c.id for c in copy.cells] == [c.id for c in nbformat.read(src, 4).cells]
    assert copy.cells[2].metadata.tags == ["exercise"]
    assert copy.cells[4].execution_count is None
    assert "hedges = 3" not in (tmp_path / "student" / "01.ipynb").read_text()


def test_student_copies_never_overwrite_the_solutions(tmp_path):
    _exercise(tmp_path / "01-exercise.ipynb")
    assert [p.name for p in make_student_copies(tmp_path, tmp_path / "out")] == [
        "01-exercise.ipynb"
    ]
    with pytest.raises(ValueError, match="overwrite"):
        make_student_copies(tmp_path, tmp_path)


# Hostile and broken input, faults and concurrency (issue 11) ---------------------------

_CDN = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//", re.I)


def test_pages_load_nothing_from_the_network(run):
    pages = sorted(run.glob("*.html"))
    assert len(pages) == len(GOOD) + 1
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not _CDN.findall(text), page.name
        assert "require.min.js" not in text and "mathjax" not in text.lower(), page.name


#: Runs the report in a child process: ``argv`` is the run folder, then the notebooks.
#: ``STAND_IN=sleep`` replaces papermill by a long sleep (no kernel to leave behind). It
#: imports nbformat as ``python -m analysis report`` does (analysis._jsonschema first: without
#: it, jsonschema's IRI grammar costs each child about 4 CPU seconds).
_CHILD = """
import os, sys, time
from pathlib import Path
import analysis._jsonschema
import papermill
from analysis import paths
from analysis.__main__ import main
if os.environ.get("STAND_IN") == "sleep":
    papermill.execute_notebook = lambda *args, **kwargs: time.sleep(60)
paths.NOTEBOOKS = Path(sys.argv[2])
sys.exit(main(["report", "--out", sys.argv[1]]))
"""


def _child(out: Path, notebooks: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(out), str(notebooks)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


def test_two_reports_at_once_both_complete_and_leave_no_sockets(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(PARAMETERS_ONLY, notebooks)
    children = [_child(tmp_path / f"run{i}", notebooks) for i in (1, 2)]
    for child in children:
        _, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
    for i in (1, 2):
        assert _manifest(tmp_path / f"run{i}")["status"] == "complete"
    assert not list(notebooks.glob("kernel-*")), "kernel sockets left beside the notebooks"


def test_sigterm_closes_the_run_like_ctrl_c(tmp_path):
    notebooks = tmp_path / "notebooks"
    _notebook(notebooks / "01-sleeps.ipynb", "import time\n\ntime.sleep(120)")
    out = tmp_path / "run"
    child = _child(out, notebooks)
    _wait_for(out / "notebooks" / "01-sleeps.ipynb")  # papermill has started the notebook
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 143, err
    assert (
        "\ninterrupted\n"
        f"the run in {out} is marked failed: see FAILED.txt\n"
        f"{out / 'index.html'} shows the notebooks that finished\n"
    ) in err
    manifest = _manifest(out)
    assert manifest["status"] == "failed" and manifest["finished"]
    assert manifest["error"] == "01-sleeps.ipynb was interrupted (SIGTERM)"
    assert (out / "FAILED.txt").read_text().startswith(manifest["error"])


def test_a_runner_killed_with_sigkill_leaves_no_kernel_folder_or_kernel(tmp_path):
    notebooks = tmp_path / "notebooks"
    kernel_pid = tmp_path / "kernel.pid"
    _notebook(
        notebooks / "01-sleeps.ipynb",
        "import os, pathlib, time\n\n"
        f"pathlib.Path({str(kernel_pid)!r}).write_text(f'{{os.getpid()}} {{os.getppid()}}')\n"
        "time.sleep(120)",
    )
    out = tmp_path / "run"
    child = _child(out, notebooks)
    _wait_for(kernel_pid)
    folders = list(Path(tempfile.gettempdir()).glob(f"{report.KERNELS_PREFIX}{child.pid}-*"))
    assert len(folders) == 1 and list(folders[0].glob("kernel-*.json"))
    child.kill()  # SIGKILL: no cleanup code runs in the runner
    child.communicate(timeout=60)
    # the kernel, and the zygote it was forked from (or the runner, for a kernel started the
    # usual way)
    kernel, parent = map(int, kernel_pid.read_text().split())
    deadline = time.monotonic() + 30
    while folders[0].exists() or _running(kernel) or _running(parent):
        assert time.monotonic() < deadline, (
            f"30 s after the kill: folder left {folders[0].exists()}, kernel running "
            f"{_running(kernel)}, its parent running {_running(parent)}"
        )
        time.sleep(0.2)


#: What a notebook records of the kernel it runs in: all of it as in a kernel started the usual
#: way, but its parent (the zygote, or the runner) and its random draw. Its magic makes it a
#: notebook written for Jupyter, as the suite's are: its zygote imports the whole of PRELOAD.
_SEEN = """%pwd
import json, os, sys, pathlib
import numpy as np, pandas as pd, tqdm.auto
seen = {
    "parent": os.getppid(), "draw": float(np.random.random()), "cwd": os.getcwd(),
    "path": sys.path, "argv": sys.argv[:2] + sys.argv[3:], "hash": hash("media framing"),
    "env": {k: v for k, v in os.environ.items() if k not in ("JPY_PARENT_PID", "SEEN")},
    "pandas": [pd.get_option("display.max_columns"), pd.get_option("display.encoding"),
               repr(pd.DataFrame({f"a long column name {i}": [i] for i in range(12)}))],
    "progress": tqdm.auto.tqdm.__module__,
}
pathlib.Path(os.environ["SEEN"], pathlib.Path.cwd().name + ".json").write_text(json.dumps(seen))"""


def _seen(tmp_path: Path, monkeypatch, name: str, *, folders: int = 2, **run: object) -> list:
    """What the notebooks of a run saw of their kernels, one notebook in each of ``folders``."""
    seen = tmp_path / name
    seen.mkdir()
    monkeypatch.setenv("SEEN", str(seen))
    notebooks = [_notebook(tmp_path / f"nb{i}" / f"0{i}-sees.ipynb", _SEEN) for i in range(folders)]
    run_report(notebooks=notebooks, out=tmp_path / f"run-{name}", progress=False, **run)
    return [json.loads((seen / f"nb{i}.json").read_text()) for i in range(folders)]


def test_kernels_are_forked_from_a_zygote_and_see_what_a_usual_kernel_sees(tmp_path, monkeypatch):
    forked = _seen(tmp_path, monkeypatch, "forked", parallel=2)

    # The zygote fails (it dies at once): the kernels start the usual way, the run completes.
    class Dead(report.Zygote):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)
            self.process.kill()

    monkeypatch.setattr(report, "Zygote", Dead)
    usual = _seen(tmp_path, monkeypatch, "usual", parallel=2)
    assert {s["parent"] for s in usual} == {os.getpid()}
    zygotes = {s["parent"] for s in forked}
    assert len(zygotes) == 1 and os.getpid() not in zygotes
    assert not report.process_alive(zygotes.pop())  # it ended with the run
    assert forked[0]["draw"] != forked[1]["draw"]  # no random state shared through the zygote
    for a, b in zip(forked, usual, strict=True):
        a.pop("parent"), a.pop("draw"), b.pop("parent"), b.pop("draw")
        assert a == b


def _said_by_the_kernel(tmp_path: Path, name: str, modules: str, expression: str) -> object:
    """What the kernel of a one-notebook report (``nb/<name>``, importing ``modules``) gave
    for ``expression``, read back as JSON."""
    seen = tmp_path / "seen.json"
    nb = _notebook(
        tmp_path / "nb" / name,
        f"import json, {modules}\n\nopen({str(seen)!r}, 'w').write(json.dumps({expression}))",
    )
    run_report(notebooks=[nb], out=tmp_path / "run", progress=False)
    return json.loads(seen.read_text())


def test_a_notebook_folder_shadowing_an_imported_module_gets_a_usual_kernel(tmp_path):
    """The notebook imports PIL, so its zygote imports Pillow; its folder's PIL.py is what a
    kernel started there imports instead."""
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "PIL.py").write_text("")  # imported in place of the library
    parent, shadowed = _said_by_the_kernel(
        tmp_path, "01-shadowed.ipynb", "os, PIL", "[os.getppid(), PIL.__file__]"
    )
    assert parent == os.getpid()
    assert shadowed == str(tmp_path / "nb" / "PIL.py")


def test_notebooks_importing_the_standard_library_alone_get_a_zygote_without_the_stack(tmp_path):
    """Their kernels are still forked, from a zygote that imported ipykernel alone: one that
    imported pandas and the rest would keep them waiting for nothing."""
    parent, stack = _said_by_the_kernel(
        tmp_path, "01-light.ipynb", "os, sys", "[os.getppid(), 'pandas' in sys.modules]"
    )
    assert parent != os.getpid() and not stack


def _running(pid: int) -> bool:
    """Whether ``pid`` runs: an exited process not yet reaped by its new parent (a zombie,
    state Z in /proc) does not."""
    stat = Path(f"/proc/{pid}/stat")
    if not Path("/proc/self/stat").exists():
        return report.process_alive(pid)
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:  # gone
        return False


def test_a_run_left_running_by_a_killed_process_is_reported_interrupted(tmp_path, capsys):
    out, notebooks = tmp_path / "run", tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(PARAMETERS_ONLY, notebooks)  # no heavy import: its kernels would start none
    child = _child(out, notebooks, STAND_IN="sleep")
    _wait_for(out / "manifest.json")
    assert main(["status", str(out)]) == 1
    assert capsys.readouterr().out.startswith(f"running: process {child.pid} on ")
    with pytest.raises(ReportError, match="is still being written"):
        run_report(notebooks=GOOD, out=out, force=True, progress=False)
    child.kill()  # SIGKILL: nothing in the child can mark the run failed
    child.communicate(timeout=60)
    manifest = _manifest(out)
    assert manifest["status"] == "running"
    assert manifest["process"] == {"pid": child.pid, "host": report.socket.gethostname()}
    assert main(["status", str(out)]) == 1
    said = capsys.readouterr().out
    assert said.startswith(f"interrupted: the manifest says running, but process {child.pid}")
    assert "re-run with --force" in said
    run_report(notebooks=[PARAMETERS_ONLY], out=out, force=True, progress=False)
    assert main(["status", str(out)]) == 0
    assert capsys.readouterr().out == "complete: 1 notebooks in " + (
        f"{_manifest(out)['seconds']} s\n"
    )


def test_a_running_manifest_that_records_no_process_cannot_be_checked(run, tmp_path, capsys):
    out = tmp_path / "run"
    shutil.copytree(run, out)
    manifest = {**_manifest(out), "status": "running"}
    del manifest["process"]  # as written before pid and host were recorded
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert main(["status", str(out)]) == 1
    assert capsys.readouterr().out == (
        "unknown: the manifest says running (no process recorded); cannot check from here\n"
    )
    run_report(notebooks=[PARAMETERS_ONLY], out=out, force=True, progress=False)  # replaceable


def test_status_of_a_folder_that_is_not_a_run(tmp_path, capsys):
    assert main(["status", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {tmp_path} is not a report run")


def test_a_full_disk_ends_with_one_line_and_keeps_what_was_written(tmp_path, monkeypatch, capsys):
    """The disk fills while notebook 2 is written: every later write fails too (one notebook
    at a time: notebook 1's page, written beside notebook 2, would meet the full disk too)."""
    full = []
    real_write_text = Path.write_text

    def write_text(self, *args, **kwargs):
        if full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write_text(self, *args, **kwargs)

    def execute_notebook(input_path, output_path, **kwargs):
        if Path(input_path).name == "02-parameters.ipynb":
            full.append(True)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(output_path))
        shutil.copy(input_path, output_path)
        shutil.copy(run_figure, figures_dir(kwargs["parameters"]["out_dir"]))

    out = tmp_path / "run"
    run_figure = tmp_path / "01-bars.png"
    run_figure.write_bytes(b"\x89PNG")
    monkeypatch.setattr(paths, "NOTEBOOKS", FIXTURES / "notebooks")
    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)
    monkeypatch.setattr(Path, "write_text", write_text)
    assert main(["report", "--out", str(out), "--parallel", "1"]) == 1
    err = capsys.readouterr().err  # after the progress bar: one line
    assert err.endswith(
        f"\nerror: cannot write {out / 'notebooks' / '02-parameters.ipynb'}: no space left on the"
        f" device while running 02-parameters.ipynb; what was written before stays in {out}\n"
    )
    assert "Traceback" not in err
    manifest = _manifest(out)  # the last complete manifest, not half a file
    assert [n["name"] for n in manifest["notebooks"]] == ["01-figure.ipynb"]
    assert manifest["notebooks"][0]["figures"] == ["figures/01-bars.png"]
    assert (out / "figures" / "01-bars.png").is_file() and (out / "01-figure.html").is_file()
    assert not (out / "FAILED.txt").exists()  # rather than an empty one
    assert not list(out.glob(".*.part"))


@pytest.mark.parametrize(
    ("code", "cause"),
    [
        (errno.EROFS, "read-only file system"),
        (errno.EACCES, "permission denied"),
        (errno.ENOSPC, "no space left on the device"),
    ],
)
def test_a_run_folder_that_cannot_be_made_is_one_line(code, cause, tmp_path, monkeypatch, capsys):
    def mkdir(self, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(paths, "NOTEBOOKS", FIXTURES / "notebooks")
    monkeypatch.setattr(Path, "mkdir", mkdir)
    out = tmp_path / "run"
    assert main(["report", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"error: cannot write {out / 'notebooks'}: {cause}\n"


def test_an_out_under_a_file_is_refused_before_anything_runs(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("a file")
    out = tmp_path / "notes.txt" / "run"
    assert main(["report", "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"error: cannot use {out} as the run folder: it is under {tmp_path / 'notes.txt'},"
        " which is a file, not a folder\n"
    )


def test_an_out_inside_data_raw_is_refused(capsys):
    raw = sorted(p.name for p in paths.RAW.iterdir())
    assert main(["report", "--out", str(paths.RAW / "run")]) == 1
    assert "is never written to: choose another --out" in capsys.readouterr().err
    assert sorted(p.name for p in paths.RAW.iterdir()) == raw


@pytest.mark.parametrize("seed", ["-1", str(2**32)])
def test_a_seed_numpy_cannot_take_is_refused_up_front(seed, tmp_path, capsys):
    assert main(["report", "--seed", seed, "--out", str(tmp_path / "run")]) == 1
    assert capsys.readouterr().err == (
        f"error: seed must be a whole number from 0 to 4294967295, got {seed}\n"
    )
    assert not (tmp_path / "run").exists()


def test_an_empty_group_by_is_refused_up_front(tmp_path):
    with pytest.raises(ReportError, match="group_by must name a metadata column"):
        run_report(notebooks=GOOD, group_by=" ", out=tmp_path / "run")


def test_file_names_from_data_are_bounded_and_distinct(tmp_path):
    from matplotlib.figure import Figure

    table = pd.DataFrame({"x": [1]})
    long_group = "Outlet " * 43  # 301 characters
    names = [f"06-compare-{g}-vs-wire" for g in ("a b", "a/b", "a-b", long_group, "../../x")]
    written = [save_table(table, tmp_path, slug(n)) for n in names]
    written += [save_figure(Figure(), tmp_path, n) for n in names]  # made safe without slug
    assert len(set(written)) == len(written) == 10
    for path in written:
        assert path.parent.parent == tmp_path and len(path.stem.encode()) <= 120


def test_a_run_that_succeeds_prints_no_kernel_error(tmp_path, capfd):
    """jupyter_client interrupts a kernel before shutting it down, and ipykernel logs that as
    "ERROR | KeyboardInterrupt caught in kernel.": a newcomer reads it as a failure."""
    out = run_report(notebooks=[PARAMETERS_ONLY], out=tmp_path / "run", progress=False)
    assert _manifest(out)["status"] == "complete"
    printed = capfd.readouterr()
    assert "KeyboardInterrupt" not in printed.err + printed.out


@pytest.mark.parametrize("corpus, shown", [("", True), ("basil.csv", False)])
def test_text_about_the_seed_corpus_alone_is_left_out_of_another_corpus_pages(
    tmp_path, corpus, shown
):
    nb = new_notebook(
        cells=[
            new_markdown_cell("# 06 · A comparison"),
            new_markdown_cell(
                "**On the seed corpus:** five texts, one story.",
                metadata={"tags": [pages.SEED_TAG]},
            ),  # fmt: skip
            new_markdown_cell("Groups are judgements."),
        ],
        metadata={"papermill": {"parameters": {"corpus": corpus}}},
    )
    executed = tmp_path / "06-x.ipynb"
    nbformat.write(nb, executed)
    pages.write_page(executed, tmp_path / "06-x.html")
    page = (tmp_path / "06-x.html").read_text("utf-8")
    assert ("five texts, one story" in page) is shown
    assert ("five texts, one story" in executed.read_text("utf-8")) is shown
    assert "Groups are judgements." in page


def test_a_cell_in_two_reports_pages_is_sanitised_once(tmp_path, monkeypatch):
    """nbconvert's sanitiser parses every code cell of a page (a third of its export); the
    same notebooks' cells come back in every report a process runs, and give the same page."""
    import bleach

    sanitised = []
    clean = bleach.clean
    monkeypatch.setattr(
        bleach, "clean", lambda text, **kw: sanitised.append(text) or clean(text, **kw)
    )
    marker = f"cell-{tmp_path.name}"  # no other test's cell
    nb = new_notebook(
        cells=[new_markdown_cell(f"# {marker}"), new_code_cell(f"print('{marker}')")],
        metadata=KERNELSPEC,
    )
    shown = []
    for run in ("one", "two"):
        executed = tmp_path / run / "01-x.ipynb"
        executed.parent.mkdir()
        nbformat.write(nb, executed)
        pages.write_page(executed, tmp_path / run / "01-x.html")
        shown.append((tmp_path / run / "01-x.html").read_bytes())
    assert shown[0] == shown[1] and marker.encode() in shown[0]
    ours = [text for text in sanitised if marker in text]
    assert ours and len(ours) == len(set(ours))  # each once


def test_a_message_whose_wake_up_was_lost_is_read_within_a_recheck(monkeypatch):
    """pyzmq's asyncio poll now and then misses a message's wake-up and sees the message only
    when its wait times out: a widget cell stalled for the whole cell timeout that way. Here
    the socket's poll misses every wake-up (it waits out its timeout, then looks), as in that
    stall: the client's channel still reads the message within a recheck, and a wait with a
    timeout and no message still ends in ``Empty``."""
    import asyncio
    from queue import Empty

    import zmq
    import zmq.asyncio
    from jupyter_client.session import Session

    class MissesWakeUps:
        def __init__(self, socket):
            self.socket, self.waits = socket, []

        async def poll(self, timeout_ms=None):
            self.waits.append(timeout_ms)
            if timeout_ms is None:
                await asyncio.Event().wait()  # a lost wake-up with no timeout: forever
            await asyncio.sleep(timeout_ms / 1000)
            return await self.socket.poll(0)

        def __getattr__(self, name):
            return getattr(self.socket, name)

    monkeypatch.setattr(report, "RECHECK", 0.05)
    session = Session(key=b"")

    async def exchange():
        context = zmq.asyncio.Context()
        sender, receiver = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
        receiver.bind("inproc://wake-up")
        sender.connect("inproc://wake-up")
        channel = report._WakefulChannel(receiver, session)
        channel.socket = MissesWakeUps(receiver)
        try:
            with pytest.raises(Empty):
                await asyncio.wait_for(channel.get_msg(timeout=0.2), 5)
            session.send(sender, "execute_reply", {"status": "ok"})
            got = await asyncio.wait_for(channel.get_msg(timeout=None), 5)
            return got["msg_type"], channel.socket.waits
        finally:
            sender.close(0), receiver.close(0), context.term()

    kind, waits = asyncio.run(exchange())
    assert kind == "execute_reply"
    assert None not in waits and max(waits) <= 50
    assert isinstance(report._ThisInterpreterKernelManager().client(), report._WakefulClient)
