"""Hostile input, round two (issue 21): each item's input from the issue, short of a whole report
(the report paths are in tests/test_hostile_report.py)."""

from __future__ import annotations

import csv
import os
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus, paths
from analysis.__main__ import main
from analysis.coding.sample import draw_sample, rescore
from analysis.coding.sheets import CodingSheetError, read_sample, read_sheets, write_sample
from analysis.corpus import CorpusError
from analysis.safe import FORMULA_STARTS
from analysis.statistics.describe import describe_plan
from analysis.statistics.plan import plan_comparisons
from analysis.views.escape import escape_markdown

EXAMPLE = paths.DATA / "coding-example"
HYPERLINK = '=HYPERLINK("http://x.example","click")'
CMD = "=cmd|' /C calc'!A0"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = "[x](javascript:alert(3))"
ESCAPES = "\x1b]0;owned\x07\x1b[2J"


def _cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return [cell for row in csv.reader(f) for cell in row]


def _formulas(path: Path) -> list[str]:
    """The cells of a CSV a spreadsheet would run as formulas (a negative number is none)."""
    return [c for c in _cells(path) if c.startswith(FORMULA_STARTS) and not _number(c)]


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def hostile_csv(tmp_path_factory) -> Path:
    """The seed texts with a formula title, a formula doc_id and a formula event label."""
    seed = load_corpus()
    table = seed[["doc_id", "genre", "title", "text"]].copy()
    table.loc[0, "title"] = HYPERLINK
    table.loc[1, "doc_id"] = "=1+2"
    table["event"] = [CMD, CMD, "e2", "e2", "e3"][: len(table)]
    path = tmp_path_factory.mktemp("corpus") / "hostile.csv"
    table.to_csv(path, index=False)
    return path


# --- 1: the comparison plan, as notebooks show it, is Markdown with the group names escaped --


class _Live(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") or "javascript:" in (value or "") or tag in ("img", "svg"):
                self.found.append(f"<{tag} {name}={value!r}>")


@pytest.mark.parametrize("groups", ["", f"{IMG},{JS_LINK}"])
def test_a_two_group_plan_note_renders_no_live_markup(groups: str):
    from nbconvert.filters.markdown import markdown2html

    values = pd.Series([IMG, IMG, JS_LINK, "<svg onload=alert(2)>"][:3])
    shown = describe_plan(plan_comparisons(values, groups), values, escape=escape_markdown)
    parser = _Live()
    parser.feed(markdown2html(shown))
    assert parser.found == [] and "onerror" in shown  # shown, as text


# --- 3: every CSV meant for a person passes the formula guard ------------------------------


def test_the_sample_files_hold_no_formula_and_read_back(hostile_csv: Path, tmp_path: Path):
    corpus = load_corpus(hostile_csv)
    sample = draw_sample(corpus, unit="article", n=40, seed=0)  # every article
    folder = write_sample(sample, tmp_path / "s")
    for name in ("sheet.csv", "design.csv", "population.csv", "allowed-values.csv"):
        assert _formulas(folder / name) == [], name
    assert "'" + HYPERLINK in _cells(folder / "design.csv")
    again = rescore(read_sample(folder), corpus)  # the guarded doc_id finds its article
    assert set(again.design["doc_id"]) <= set(corpus["doc_id"])


def test_events_score_and_reviewed_events_hold_no_formula(hostile_csv: Path, tmp_path: Path):
    events, scores = tmp_path / "events.csv", tmp_path / "scores.csv"
    assert main(["events", "--corpus", str(hostile_csv), "--out", str(events)]) == 0
    assert _formulas(events) == [] and "'" + CMD in _cells(events)
    checked = tmp_path / "checked.csv"
    argv = ["--corpus", str(hostile_csv), "--events", str(events), "--out", str(checked)]
    assert main(["events", *argv]) == 0  # the guarded ids are read back as the corpus's
    assert _formulas(checked) == []
    assert main(["score", "--corpus", str(hostile_csv), "--out", str(scores)]) == 0
    assert _formulas(scores) == [] and "'" + HYPERLINK in _cells(scores)


# --- 5: --out never overwrites silently, never writes into data/raw --------------------------


def test_sample_out_refuses_a_folder_in_use_a_file_and_raw_data(tmp_path: Path, capsys):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "README.md").write_text("mine\n", encoding="utf-8")
    assert main(["sample", "--n", "5", "--out", str(project)]) == 1
    assert (project / "README.md").read_text(encoding="utf-8") == "mine\n"
    assert not (project / "design.csv").exists()
    (tmp_path / "some").write_text("a file\n", encoding="utf-8")
    raw_before = sorted(p.name for p in paths.RAW.iterdir())
    for out in (tmp_path / "some" / "file", paths.RAW, paths.RAW / "sample"):
        capsys.readouterr()
        assert main(["sample", "--n", "5", "--out", str(out)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert sorted(p.name for p in paths.RAW.iterdir()) == raw_before


@pytest.mark.parametrize("command", ["score", "events"])
def test_score_and_events_out_refuse_raw_data_and_an_existing_file(command, tmp_path, capsys):
    for out in (paths.RAW / "x.parquet", paths.RAW / "ev.csv"):
        assert main([command, "--out", str(out)]) == 1
        assert not out.exists() and "data/raw" in capsys.readouterr().err
    existing = tmp_path / "x.csv"
    existing.write_text("mine\n", encoding="utf-8")
    assert main([command, "--out", str(existing)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "mine\n"


# --- 4: the coding panel ------------------------------------------------------------------


@pytest.fixture()
def fresh_sample(tmp_path: Path) -> Path:
    folder = write_sample(draw_sample(load_corpus(), n=3), tmp_path / "s")
    return folder


def test_the_panel_writes_through_no_link(fresh_sample: Path, tmp_path: Path):
    from analysis.views.coding_panel import CodingPanel, sheet_path

    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep\n", encoding="utf-8")
    sheet = sheet_path(fresh_sample / "sheets", "Bob")
    sheet.with_suffix(".csv.partial").symlink_to(elsewhere)
    panel = CodingPanel(fresh_sample, coder="Bob")
    panel.buttons.children[1].click()
    assert elsewhere.read_text(encoding="utf-8") == "keep\n" and sheet.is_file()
    sheet.unlink()
    sheet.symlink_to(elsewhere)  # the sheet itself a link: refused, nothing written
    linked = CodingPanel(fresh_sample, coder="Bob")
    assert linked.path is None and "not a plain file" in linked.status.value
    linked.answer("yes")
    assert elsewhere.read_text(encoding="utf-8") == "keep\n"


def test_coders_keep_their_own_sheets_and_long_names_are_refused(fresh_sample: Path):
    from analysis.views.coding_panel import CodingPanel

    first = CodingPanel(fresh_sample, coder="Ana María")
    first.buttons.children[1].click()
    second = CodingPanel(fresh_sample, coder="Ana-María")
    assert second.answered() == 0 and second.path != first.path
    again = CodingPanel(fresh_sample, coder=" Ana  María ")  # the same name, spaced
    assert again.path == first.path and again.answered() == 1
    assert set(pd.read_csv(first.path, dtype=str)["coder"]) == {"Ana María"}
    long = CodingPanel(fresh_sample, coder="A" * 300)
    assert long.path is None and "at most" in long.status.value


def test_a_sheet_holding_another_coders_answers_is_not_inherited(fresh_sample: Path):
    from analysis.views.coding_panel import CodingPanel, sheet_path

    CodingPanel(fresh_sample, coder="Ana").buttons.children[1].click()
    path = sheet_path(fresh_sample / "sheets", "Ana")
    table = pd.read_csv(path, dtype=str, keep_default_na=False).assign(coder="Bea")
    table.to_csv(path, index=False)
    panel = CodingPanel(fresh_sample, coder="Ana")
    assert panel.path is None and "Bea" in panel.status.value


# --- 8 and 16: coding sheets ---------------------------------------------------------------


@pytest.fixture()
def coded(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "sample")
    return tmp_path / "sample"


def test_stray_lock_and_metadata_files_are_skipped_saying_so(coded: Path):
    for name in ("._a.csv", "~$a.csv"):
        (coded / "sheets" / name).write_bytes(b"\x00\x05Mac OS X")
    with pytest.warns(UserWarning, match="skipped") as said:
        answers = read_sheets(read_sample(coded))
    assert {"._a.csv", "~$a.csv"} <= {w.message.args[0].split(":")[0] for w in said}
    assert answers["coder"].nunique() == 2


def test_fully_quoted_sheets_are_read(coded: Path):
    sample = read_sample(coded)
    before = read_sheets(sample)
    for sheet in (coded / "sheets").glob("*.csv"):
        table = pd.read_csv(sheet, dtype=str, keep_default_na=False)
        table.to_csv(sheet, index=False, quoting=csv.QUOTE_ALL)
    pd.testing.assert_frame_equal(read_sheets(sample), before)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "outside"])
def test_a_sheet_that_is_no_plain_file_inside_the_folder_is_refused(coded, tmp_path, kind):
    target = coded / "sheets" / "x.csv"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    else:
        outside = tmp_path / "outside.csv"
        shutil.copy(next((coded / "sheets").glob("*.csv")), outside)
        target.symlink_to(outside)
    with pytest.raises(CodingSheetError, match="x.csv"):
        read_sheets(read_sample(coded))


def test_a_duplicate_column_is_refused(coded: Path):
    sheet = next((coded / "sheets").glob("*.csv"))
    table = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    table.assign(again=table["tone"]).to_csv(sheet, index=False)
    lines = sheet.read_text(encoding="utf-8").split("\n", 1)
    sheet.write_text(lines[0].replace(",again", ",tone") + "\n" + lines[1], encoding="utf-8")
    with pytest.raises(CodingSheetError, match="tone twice"):
        read_sheets(read_sample(coded))


def test_sheet_errors_show_terminal_escapes_as_text(coded: Path):
    sheet = next((coded / "sheets").glob("*.csv"))
    table = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    table.loc[0, "unit_id"] = f"u{ESCAPES}"
    table.loc[1, "tone"] = ESCAPES
    table.to_csv(coded / "sheets" / f"x{ESCAPES[:2]}.csv", index=False)
    sheet.unlink()
    with pytest.raises(CodingSheetError) as caught:
        read_sheets(read_sample(coded))
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message and "\\x1b" in message


# --- 6: the scorer on pathological input -----------------------------------------------------


@pytest.mark.parametrize("piece", ['"a ', "\"'“‘«", "“"])
def test_the_scorer_reads_runs_of_quotation_marks_sanely(piece: str):
    """20,000 characters of quotation marks: one complete row, every quote inside the text.
    How long it takes is benchmarks/pathological.py's (target 1 s per 100,000 characters;
    before the fix the first input took 26 s): a test asserts no time on a shared machine."""
    from analysis import score_texts
    from analysis.measures.quotes import doc_quotes
    from analysis.text import make_doc

    text = (piece * (20_000 // len(piece) + 1))[:20_000]
    scores = score_texts([text])
    assert len(scores) == 1 and scores[["words", "sentences", "quotes"]].ge(0).all(axis=None)
    quotes = doc_quotes(make_doc(text))
    assert scores["quotes"].iloc[0] == len(quotes)
    assert all(0 <= q.start < q.end <= len(text) for q in quotes)


def test_an_article_over_its_time_limit_is_named_not_waited_for(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MEDIA_FRAMING_ARTICLE_SECONDS", "0.01")
    corpus = tmp_path / "c.csv"
    text = f"Talks went on at {time.time_ns()}. " * 4000  # new to the score cache
    pd.DataFrame({"doc_id": ["slow-one"], "text": [text]}).to_csv(corpus, index=False)
    out = tmp_path / "s.parquet"
    assert main(["score", "--corpus", str(corpus), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "slow-one" in err and "MEDIA_FRAMING_ARTICLE_SECONDS" in err and not out.exists()


# --- 7: wide tables ----------------------------------------------------------------------------


def test_a_table_too_wide_is_refused_and_a_duplicate_among_many_named(tmp_path: Path):
    wide = tmp_path / "wide.csv"
    header = ["doc_id", "text", *(f"c{i}" for i in range(20_000))]
    wide.write_text(",".join(header) + "\n" + ",".join(["a", "Text."] + [""] * 20_000) + "\n")
    with pytest.raises(CorpusError, match="20,002 columns"):
        load_corpus(wide)
    header = ["doc_id", "text", *(f"c{i}" for i in range(900)), "c7"]
    wide.write_text(",".join(header) + "\n" + ",".join(["a", "Text."] + [""] * 901) + "\n")
    with pytest.raises(CorpusError, match="'c7'"):
        load_corpus(wide)


# --- 14: stored data is checked when read back -------------------------------------------------


@pytest.fixture()
def stored_run(tmp_path: Path) -> tuple[pd.DataFrame, Path]:
    from analysis.scoring.stored import score_articles, write_table

    articles = load_corpus()
    write_table(score_articles(articles), paths.run_scores(tmp_path, "article"))
    return articles, tmp_path


@pytest.mark.parametrize("how", ["altered", "string scores", "truncated"])
def test_stored_scores_not_as_the_run_wrote_them_are_refused(stored_run, how):
    from analysis.scoring.stored import StoredScoresError, read_scores

    articles, run = stored_run
    assert read_scores(articles, run)["tone"].notna().all()  # as written: read
    path = paths.run_scores(run, "article")
    table = pd.read_parquet(path)
    if how == "truncated":
        path.write_bytes(path.read_bytes()[:-200])
    else:
        table["tone"] = table["tone"] + 0.5 if how == "altered" else "HACKED"
        table.to_parquet(path, index=False)
    with pytest.raises(StoredScoresError, match=f"{path.name}: not the file the run wrote"):
        read_scores(articles, run)


def test_stored_scores_of_another_type_are_refused_even_with_their_hash(stored_run):
    from analysis.scoring.stored import StoredScoresError, read_scores, write_table

    articles, run = stored_run
    path = paths.run_scores(run, "article")
    write_table(pd.read_parquet(path).assign(words=-1), path)  # hash and all
    with pytest.raises(StoredScoresError, match="column words"):
        read_scores(articles, run)


@pytest.mark.parametrize(
    ("column", "value"), [("weight", "-3"), ("inclusion_probability", "x"), ("start", "")]
)
def test_a_design_with_bad_values_is_refused_in_one_line(coded: Path, column: str, value: str):
    design = pd.read_csv(coded / "design.csv", dtype=str, keep_default_na=False)
    design.loc[0, column] = value
    design.to_csv(coded / "design.csv", index=False)
    with pytest.raises(CodingSheetError, match=f"design.csv.*{column}"):
        read_sample(coded)


def test_a_sample_json_that_is_not_json_is_refused_in_one_line(coded: Path):
    (coded / "sample.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CodingSheetError, match="sample.json"):
        read_sample(coded)


# --- 15: status on a damaged manifest ----------------------------------------------------------


@pytest.mark.parametrize(
    "manifest",
    [
        [],
        {"status": "complete"},
        {"status": "complete", "notebooks": 5, "seconds": 1},
        {"status": "complete", "notebooks": [], "seconds": "x"},
        {"status": 7},
        {"status": "running", "process": "pid 5"},
    ],
)
def test_status_on_a_damaged_manifest_says_so_in_one_line(manifest, tmp_path, capsys):
    import json

    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["status", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "damaged" in err and err.count("\n") == 1


@pytest.mark.parametrize("pid", [0, -1, 10**30, True])
def test_a_pid_that_is_no_process_is_not_reported_running(pid, tmp_path, capsys):
    import json
    import socket

    manifest = {"status": "running", "process": {"pid": pid, "host": socket.gethostname()}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["status", str(tmp_path)]) == 1
    assert capsys.readouterr().out.startswith("unknown")


# --- 10 and 12: the report's own errors -----------------------------------------------------


def test_workers_below_one_is_refused_before_any_folder_is_made(tmp_path, capsys):
    assert main(["report", "--workers", "-1", "--out", str(tmp_path / "run")]) == 1
    assert "--workers" in capsys.readouterr().err and not (tmp_path / "run").exists()


def test_two_runs_taking_one_default_name_both_get_a_folder(tmp_path: Path):
    from analysis.report.run_folder import ReportError, claim

    first = claim(tmp_path / "2026-12-07T120000Z-seed", force=False, default=True)
    second = claim(tmp_path / "2026-12-07T120000Z-seed", force=False, default=True)
    assert first != second and second.name.endswith("-2")
    assert (first / "manifest.json").exists() and (second / "manifest.json").exists()
    (tmp_path / "mine").mkdir()
    claim(tmp_path / "mine", force=False)  # an empty folder the user named: taken once
    with pytest.raises(ReportError, match="nothing was changed"):
        claim(tmp_path / "mine", force=False)


def test_the_scoring_step_fails_in_one_line_naming_its_cause(tmp_path, monkeypatch):
    """A notebook that reads the scores, and one that reads none and runs beside the scoring
    step (as the suite's first notebooks do): the failure names neither."""
    import nbformat

    from analysis.report.runner import ReportError, run_report

    monkeypatch.setenv("MEDIA_FRAMING_ARTICLE_SECONDS", "0.0001")
    corpus = tmp_path / "c.csv"
    text = f"Talks went on at {time.time_ns()}. " * 2000  # new to the score cache
    pd.DataFrame({"doc_id": ["slow-one", "b"], "genre": ["wire", "colour"], "text": [text] * 2}
                 ).to_csv(corpus, index=False)  # fmt: skip
    beside = paths.ROOT / "tests" / "fixtures" / "notebooks" / "02-parameters.ipynb"
    reads = nbformat.read(beside, as_version=4)
    reads.metadata["media_framing"] = {"reads": ["scores"]}
    nbformat.write(reads, tmp_path / "01-reads.ipynb")
    with pytest.raises(ReportError) as caught:
        run_report(
            notebooks=[tmp_path / "01-reads.ipynb", beside],
            corpus=corpus,
            out=tmp_path / "run",
            progress=False,
        )
    said = str(caught.value)
    assert said.startswith(
        "scoring the corpus failed, no notebook that reads the scores ran: scoring the text of"
    )
    assert "doc_id='" in said and "\n" not in said and "ipynb" not in said


# --- 16: a runner killed with SIGKILL leaves no kernel folder behind --------------------------


def test_a_killed_runners_kernel_folder_is_removed_by_the_next_run(tmp_path: Path):
    import subprocess
    import sys
    import tempfile

    from analysis.report.runner import KERNELS_PREFIX, run_report

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    left = Path(tempfile.mkdtemp(prefix=f"{KERNELS_PREFIX}{gone}-"))
    (left / "kernel-1.json").write_text("{}", encoding="utf-8")
    notebook = paths.ROOT / "tests" / "fixtures" / "notebooks" / "02-parameters.ipynb"
    run_report(notebooks=[notebook], out=tmp_path / "run", progress=False)
    assert not left.exists()
    assert not list(Path(tempfile.gettempdir()).glob(f"{KERNELS_PREFIX}{os.getpid()}-*"))


# --- 11: terminal escapes; 10: a full disk under --out ------------------------------------------


def test_events_prints_labels_with_their_escapes_shown(tmp_path: Path, capsys):
    reviewed = tmp_path / "reviewed.csv"  # a reviewed file is read as written
    load_corpus()[["doc_id"]].assign(event=f"label{ESCAPES}").to_csv(reviewed, index=False)
    argv = ["events", "--events", str(reviewed), "--out", str(tmp_path / "e.csv")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "\\x1b]0;owned" in out and "\x1b" not in out and "\x07" not in out


def test_a_full_disk_under_out_leaves_no_part_file_and_one_line(tmp_path, monkeypatch, capsys):
    import errno

    def full(self, path, **kwargs):
        Path(path).write_bytes(b"PAR1" + b"\0" * 16_000)  # part of a file, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    out = tmp_path / "scores.parquet"
    assert main(["score", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "No space left" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
