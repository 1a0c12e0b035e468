"""A hostile corpus through the whole report: no live markup in any page, no formula in any
table, labels with ``$`` drawn as written, a group of one article and a verbatim reprint
compared where they can be (issue 11 items 1, 3, 10, 11, 14)."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis import load_corpus, paths
from analysis.report.outputs import FORMULA_STARTS
from analysis.report.pages import exporter
from analysis.report.runner import run_report
from analysis.views.escape import escape_markdown

pytestmark = pytest.mark.slow

SCRIPT_OUTLET = "<script>alert(2)</script>"
IMG_TITLE = "<img src=x onerror=alert(4)>"
#: What hostile markup would carry into a page if it were live.
PAYLOADS = ("alert(",)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Path:
    """The seed texts under hostile names; a seventh article reprints the second verbatim."""
    folder = tmp_path_factory.mktemp("hostile")
    seed = load_corpus()
    outlets = [SCRIPT_OUTLET, SCRIPT_OUTLET, "Outlet $$", "Outlet $$", ""]
    doc_ids = ["<b>d0</b>", "=1+2", "@SUM(A1)", "-2+3", "d4"]
    titles = [IMG_TITLE, '=HYPERLINK("http://x.example","click")', "cost $5 to $10", "+cmd", ""]
    rows = [
        {"doc_id": d, "outlet": o, "title": t, "text": text}
        for d, o, t, text in zip(doc_ids, outlets, titles, seed["text"], strict=True)
    ]
    rows.append({"doc_id": "~copy", "outlet": "$x_$ paper", "title": "", "text": seed["text"][1]})
    corpus = folder / "hostile.csv"
    pd.DataFrame(rows).to_csv(corpus, index=False)
    # With the answer key, the pages show the exercises' solutions too: more corpus values
    # to escape, and the solutions' own messages about odd corpora can be read.
    return run_report(
        corpus=corpus, group_by="outlet", out=folder / "run", progress=False, answer_key=True
    )


class _LiveMarkup(HTMLParser):
    """Collect script bodies, event-handler attributes and any attribute carrying a payload."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or any(p in (value or "") for p in PAYLOADS):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = self.in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self.in_script and any(p in data for p in PAYLOADS):
            self.found.append(f"<script>{data[:80]}</script>")
        elif not self.in_script:
            self.text.append(data)


def test_the_run_completes(hostile_run: Path):
    manifest = json.loads((hostile_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "complete"
    pages = {p.stem for p in hostile_run.glob("*.html")}
    assert pages == {"index"} | {nb.stem for nb in paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")}


def test_no_page_holds_live_markup_from_the_corpus(hostile_run: Path):
    shown = ""
    for page in sorted(hostile_run.glob("*.html")):
        parser = _LiveMarkup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page.name
        shown += "".join(parser.text)
    # the hostile values are on the pages, as text: the check above had something to find
    assert SCRIPT_OUTLET in shown and IMG_TITLE in shown and "$x_$ paper" in shown


def test_no_table_cell_is_a_formula(hostile_run: Path):
    tables = sorted((hostile_run / "tables").glob("*.csv"))
    assert tables
    for table in tables:
        with table.open(newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    if cell.startswith(FORMULA_STARTS):
                        float(cell)  # a negative number is fine; text would raise here


def test_one_article_groups_and_verbatim_reprints_are_said_plainly(hostile_run: Path):
    page = (hostile_run / "06-wire-vs-colour.html").read_text(encoding="utf-8")
    assert "A group of one article has no spread" in page
    assert "nothing of theirs is left to compare" in page  # the reprint, in exercise 1
    assert "1 articles whose outlet is" in page  # the blank outlet, left out


@pytest.mark.parametrize("value", [SCRIPT_OUTLET, IMG_TITLE])
def test_the_check_finds_corpus_values_put_raw_into_markdown(value: str):
    """The page check can fail: Markdown built from a raw value gives a page with live markup."""

    def found(markdown: str) -> list[str]:
        output = new_output("display_data", data={"text/markdown": markdown, "text/plain": ""})
        nb = new_notebook(cells=[new_code_cell("", outputs=[output])])
        parser = _LiveMarkup()
        parser.feed(exporter().from_notebook_node(nb)[0])
        return parser.found

    assert found(f"**2 articles**: 1 {value}.")
    assert not found(f"**2 articles**: 1 {escape_markdown(value)}.")
