"""One run configuration and one frozen corpus per report run (issue 19 item 3, issue 21 item 9)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis import load_corpus, paths
from analysis.__main__ import main
from analysis.report.config import RunConfig, freeze_corpus, open_run, read_run
from analysis.report.runner import ReportError, run_report

KERNELSPEC = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
PARAMETERS = """corpus: str = ""  # the corpus
group_by: str = "genre"  # the column
groups: str = ""  # two groups
out_dir: str = ""  # the run folder
seed: int = 0  # the seed"""
#: Records the genre of every article as the run gives it, in table NN-genres.csv.
RECORD = """
from pathlib import Path
from analysis.report.config import open_run
run = open_run(out_dir, corpus=corpus, group_by=group_by, groups=groups, seed=seed)
(Path(out_dir) / "tables").mkdir(exist_ok=True)
run.articles[["doc_id", "genre"]].to_csv(Path(out_dir) / "tables" / "{name}.csv", index=False)
"""


def _notebook(path: Path, *sources: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = [new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]})]
    nb = new_notebook(cells=cells + [new_code_cell(s) for s in sources], metadata=KERNELSPEC)
    nbformat.write(nb, path)
    return path


def _corpus(folder: Path) -> Path:
    csv = folder / "corpus.csv"
    csv.write_text(
        "doc_id,genre,text\n"
        'a,wire,"Talks will resume on Monday, officials said."\n'
        'b,colour,"Rain fell on the square as the delegates arrived."\n'
        'c,wire,"The ministry said the talks may be delayed."\n',
        encoding="utf-8",
    )
    return csv


def test_by_hand_a_notebook_loads_the_corpus_its_parameters_name():
    run = open_run("", group_by="outlet")
    pd.testing.assert_frame_equal(run.articles, load_corpus(group_by="outlet"))
    assert run.folder is None and run.dir.name == "interactive"
    assert run.label == "seed corpus, 5 articles by outlet"


def test_in_a_run_folder_every_reader_gets_the_snapshot_not_the_files(tmp_path):
    corpus = _corpus(tmp_path)
    articles = load_corpus(corpus)
    RunConfig(corpus=str(corpus), seed=4).write(tmp_path)
    freeze_corpus(articles, load_corpus(corpus, clean=False), tmp_path)
    corpus.write_text("doc_id,genre,text\nz,wire,Something else.\n", encoding="utf-8")
    run = open_run(tmp_path, corpus=str(corpus), seed=4)
    pd.testing.assert_frame_equal(run.articles, articles)
    assert run.as_read["a"] == "Talks will resume on Monday, officials said."
    assert read_run(tmp_path).config == RunConfig(corpus=str(corpus), seed=4)


def test_a_notebook_asking_for_another_configuration_of_the_run_is_refused(tmp_path):
    corpus = _corpus(tmp_path)
    RunConfig(corpus=str(corpus)).write(tmp_path)
    freeze_corpus(load_corpus(corpus), load_corpus(corpus, clean=False), tmp_path)
    with pytest.raises(ValueError, match=r"another configuration: group_by 'outlet'"):
        open_run(tmp_path, corpus=str(corpus), group_by="outlet")


def test_a_broken_run_configuration_is_named(tmp_path):
    (tmp_path / paths.RUN_CONFIG).write_text('{"corpus": 1}', encoding="utf-8")
    with pytest.raises(ValueError, match="run.json: not a run configuration"):
        RunConfig.read(tmp_path)
    assert main(["score", "--run", str(tmp_path)]) == 1


def test_the_options_reach_the_run_through_its_configuration(tmp_path):
    nb = _notebook(tmp_path / "notebooks" / "01-record.ipynb", RECORD.format(name="01-genres"))
    out = run_report(notebooks=[nb], out=tmp_path / "run", seed=7, max_bytes=10**6, progress=False)
    config = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert config["seed"] == 7 and config["max_bytes"] == 10**6 and config["corpus"] == ""
    manifest = json.loads((out / "manifest.json").read_text())
    assert "MAX_BYTES" not in json.dumps(manifest["kernel_env"])
    assert "scoring" not in manifest  # no notebook declares it reads the scores: no scoring step


def test_a_corpus_edited_during_a_run_gives_no_mixed_pages(tmp_path, capsys):
    """Issue 21 item 9: relabelling an article after the first notebooks ran."""
    corpus = _corpus(tmp_path)
    relabel = f"""
from pathlib import Path
path = Path({str(corpus)!r})
path.write_text(path.read_text(encoding="utf-8").replace("a,wire", "a,colour"), encoding="utf-8")
"""
    notebooks = [
        _notebook(tmp_path / "nb" / "01-before.ipynb", RECORD.format(name="01-genres"), relabel),
        _notebook(tmp_path / "nb" / "02-after.ipynb", RECORD.format(name="02-genres")),
    ]
    out = run_report(notebooks=notebooks, corpus=corpus, out=tmp_path / "run", progress=False)
    before = pd.read_csv(out / "tables" / "01-genres.csv")
    after = pd.read_csv(out / "tables" / "02-genres.csv")
    pd.testing.assert_frame_equal(before, after)
    assert before.set_index("doc_id").at["a", "genre"] == "wire"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "complete"
    assert manifest["changed_during_run"] == [str(corpus)]
    assert "the corpus changed during the run" in capsys.readouterr().err


def test_a_notebook_edited_during_a_run_fails_it(tmp_path):
    later = tmp_path / "nb" / "02-later.ipynb"
    edit = f"""
from pathlib import Path
path = Path({str(later)!r})
path.write_text(path.read_text(encoding="utf-8").replace("the seed", "the seed!"), encoding="utf-8")
"""
    notebooks = [_notebook(tmp_path / "nb" / "01-edit.ipynb", edit), _notebook(later, "1 + 1")]
    with pytest.raises(ReportError, match="inputs changed during the run: .*02-later.ipynb"):
        run_report(notebooks=notebooks, out=tmp_path / "run", progress=False)
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed"


def test_notebooks_declare_what_they_read_and_what_the_landing_page_shows(tmp_path):
    """The runner names no notebook: scoring runs because a notebook's metadata asks for the
    scores, and the key figure is the one a notebook's metadata declares."""
    draw = """
from matplotlib.figure import Figure
from analysis.report.outputs import save_figure
run = open_run(out_dir, corpus=corpus, group_by=group_by, groups=groups, seed=seed)
assert len(run.scores) == len(run.articles)
save_figure(Figure(figsize=(1, 1)), out_dir, "01-key")
save_figure(Figure(figsize=(1, 1)), out_dir, "01-other")
"""
    nb = _notebook(
        tmp_path / "nb" / "01-key.ipynb", "from analysis.report.config import open_run" + draw
    )
    declared = nbformat.read(nb, 4)
    declared.metadata["media_framing"] = {
        "reads": ["scores", "quote_table"],  # and no other whole-corpus table
        "shows": {"key_figure": "figures/01-k*.png"},
    }
    nbformat.write(declared, nb)
    plain = _notebook(tmp_path / "nb" / "02-plain.ipynb", "1 + 1")
    out = run_report(notebooks=[nb, plain], out=tmp_path / "run", progress=False)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["scoring"]["files"]
    assert files[:2] == ["scores/articles.parquet", "scores/sentences.parquet"]
    assert [f.split("-")[0] for f in files[2:]] == ["scores/computed/quote_table"]
    assert manifest["notebooks"][0]["shows"] == {"key_figure": ["figures/01-key.png"]}
    assert "class='key-figure'><a href='figures/01-key.png'" in (out / "index.html").read_text()
    # a run whose notebooks declare no reads has no scoring step: checked by
    # test_the_options_reach_the_run_through_its_configuration, on a run it makes anyway


def test_a_failed_scoring_step_blames_no_notebook(tmp_path, monkeypatch):
    nb = _notebook(tmp_path / "nb" / "01-reads.ipynb", "1 + 1")
    declared = nbformat.read(nb, 4)
    declared.metadata["media_framing"] = {"reads": ["scores"]}
    nbformat.write(declared, nb)
    monkeypatch.setattr(sys, "executable", shutil.which("false"))  # the scoring child fails
    with pytest.raises(ReportError) as failed:
        run_report(notebooks=[nb], out=tmp_path / "run", progress=False)
    message = str(failed.value)
    assert message.startswith(
        "scoring the corpus failed, no notebook that reads the scores ran: the scoring process"
    )
    assert "01-reads" not in message and "\n" not in message
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and manifest["error"] == message
