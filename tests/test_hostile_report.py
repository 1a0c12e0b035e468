"""Hostile corpora through the whole report: no live markup in any page, no script run and no
request made when a page is opened in a browser, no formula in any table, labels with ``$`` drawn
as written, a group of one article and a verbatim reprint compared where they can be (issue 11
items 1, 3, 10, 11, 14; issue 21 items 1, 2, 8, 13).

The two whole runs are session fixtures of tests/conftest.py, shared with the other tests that
read a report: ``outlet_run`` (three outlets with hostile names, hostile ids and titles, a group
of one article, a verbatim reprint, ``--coded`` with a hostile folder name and fully quoted
sheets beside stray spreadsheet files, the answer key) and ``pair_run`` (exactly two hostile
groups named with ``--groups``, the comparison plan's one-pair note, and ``--events``).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output
from report_corpora import (
    CODED_NAME,
    IMG_TITLE,
    OUTLETS,
    PAIR,
    REPRINT,
    REPRINTED,
    SCRIPT_OUTLET,
)

from analysis import paths
from analysis.report.pages import exporter
from analysis.safe import FORMULA_STARTS
from analysis.views.escape import escape_markdown

pytestmark = pytest.mark.slow

#: What hostile markup would carry into a page if it were live.
PAYLOADS = ("alert(",)
#: The hostile values each run shows: on its pages as text, never as markup.
SHOWN = {
    "outlet_run": (SCRIPT_OUTLET, IMG_TITLE, OUTLETS[2], CODED_NAME),
    "pair_run": (PAIR[0],),
}


@pytest.fixture(params=sorted(SHOWN))
def any_run(request) -> tuple[str, Path]:
    return request.param, request.getfixturevalue(request.param)


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


def test_the_run_completes(any_run: tuple[str, Path], corpus_blind):
    _, run = any_run
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "complete"
    pages = {p.stem for p in run.glob("*.html")}
    notebooks = {nb.stem for nb in paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")}
    assert pages == {"index"} | notebooks - set(corpus_blind)


def test_no_page_holds_live_markup_from_the_corpus(any_run: tuple[str, Path]):
    name, run = any_run
    shown = ""
    for page in sorted(run.glob("*.html")):
        parser = _LiveMarkup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page.name
        shown += "".join(parser.text)
    # the hostile values are on the pages, as text: the check above had something to find
    assert [value for value in SHOWN[name] if value not in shown] == []


def test_no_table_cell_is_a_formula(any_run: tuple[str, Path]):
    tables = sorted((any_run[1] / "tables").glob("*.csv"))
    assert tables
    for table in tables:
        with table.open(newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    if cell.startswith(FORMULA_STARTS):
                        float(cell)  # a negative number is fine; text would raise here


def test_one_article_groups_and_verbatim_reprints_are_said_plainly(outlet_run: Path):
    page = (outlet_run / "06-wire-vs-colour.html").read_text(encoding="utf-8")
    assert "A group of one article has no spread" in page
    assert re.search(r"<strong>[1-9]\d* sentences</strong> are later copies", page)
    # the verbatim reprint is found as one: every sentence of it is in the article it copies
    reuse = pd.read_csv(outlet_run / "tables" / "06-text-reuse.csv", keep_default_na=False)
    pair = reuse[(reuse["doc_a"] == REPRINT) | (reuse["doc_b"] == REPRINT)]
    copied = pair[pair["doc_a"].str.endswith(REPRINTED) | pair["doc_b"].str.endswith(REPRINTED)]
    assert len(copied) and copied["share"].eq(1).all(), pair
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


def _chromium():
    """Playwright and a Chromium it can drive, or a skip saying which is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    return sync_api, executable


#: nbconvert's anchor of a widget's view: an element id, nothing from the corpus. Only a run
#: made as a reader in Jupyter would make it (widgets built) has one; `report`
#: runs in batch mode and builds no widget.
WIDGET_ANCHOR = re.compile(r"\s*var element = document\.getElementById\('[0-9a-f-]{36}'\);\s*")


def _opened_in_chromium(run: Path) -> list[str]:
    """Open every page of ``run`` in headless Chromium, listening for dialogs, requests and
    scripts; what ran or left the page, one line each. The page's own script (the code
    toggle of page.html.j2) and :data:`WIDGET_ANCHOR` are the only scripts allowed; a
    request may only fetch the page itself or a file of the run folder that exists (its
    figures)."""
    sync_api, executable = _chromium()
    found: list[str] = []
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        except sync_api.Error as exc:
            pytest.skip(
                f"no Chromium to open the pages in ({str(exc).splitlines()[0]}; a `ulimit -v` "
                "stops it reserving its address space)"
            )
        try:
            for page_path in sorted(run.glob("*.html")):
                context = browser.new_context()
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                scripts: list[dict] = []
                cdp.on("Debugger.scriptParsed", lambda event, s=scripts: s.append(event))
                cdp.send("Debugger.enable")
                name = page_path.name
                page.on("dialog", lambda d, n=name, f=found: _dialog(d, n, f))
                page.on("request", lambda r, n=name, f=found: f.extend(_leaves(r.url, run, n)))
                page.goto(page_path.as_uri(), wait_until="load")
                page.wait_for_timeout(200)  # an onerror fires after the failed load
                for script in scripts:
                    if script["url"] != page_path.as_uri():
                        continue  # the browser's and playwright's own
                    source = cdp.send("Debugger.getScriptSource", {"scriptId": script["scriptId"]})
                    code = source["scriptSource"]
                    if "toggle-code" not in code and not WIDGET_ANCHOR.fullmatch(code):
                        found.append(f"{name}: script ran: {code[:80]!r}")
                hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
                found.extend(f"{name}: link {h[:80]}" for h in hrefs if not _stays(h, run))
                context.close()
        finally:
            browser.close()
    return found


def _dialog(dialog, page: str, found: list[str]) -> None:
    found.append(f"{page}: dialog {dialog.message}")
    dialog.dismiss()


def _stays(url: str, run: Path) -> bool:
    """Whether ``url`` is a file of the run folder (a page, a table, a figure) or a fragment."""
    if not url.startswith("file://"):
        return False
    return Path(url.removeprefix("file://").split("#")[0]).resolve().is_relative_to(run)


def _leaves(url: str, run: Path, page: str) -> list[str]:
    if url.startswith("data:"):
        return []
    if _stays(url, run) and Path(url.removeprefix("file://").split("#")[0]).is_file():
        return []
    return [f"{page}: request to {url[:80]}"]


def test_no_page_runs_a_script_or_makes_a_request_in_a_browser(any_run: tuple[str, Path]):
    assert _opened_in_chromium(any_run[1]) == []


def test_the_browser_check_can_fail(tmp_path: Path):
    """A page with the issue's payloads raw: the check sees the dialog, the request, the
    handler's script and the javascript: link."""
    (tmp_path / "bad.html").write_text(
        "<html><body><img src=x onerror=alert(1)><a href='javascript:alert(3)'>x</a></body></html>",
        encoding="utf-8",
    )
    found = "\n".join(_opened_in_chromium(tmp_path))
    assert "dialog" in found and "request" in found and "script ran" in found and "link" in found


class _Isolated(HTMLParser):
    """The page's text, and the text of a bidirectional control outside any ``<bdi>`` or
    table cell (a cell is a paragraph of its own to the bidirectional algorithm)."""

    ISOLATING = ("bdi", "td", "th")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.text, self.loose = 0, [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag in self.ISOLATING

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in self.ISOLATING

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "\u202e" in data and not self.depth:
            self.loose.append(data)


def test_index_shows_group_names_once_escaped_not_linked_and_isolated(pair_run: Path):
    page = _Isolated()
    page.feed((pair_run / "index.html").read_text(encoding="utf-8"))
    shown = "".join(page.text)
    assert PAIR[0] in shown and PAIR[1].split()[0] in shown  # as written, escaped once
    assert "&lt;" not in shown and "&amp;" not in shown
    assert "\u202e" in shown and page.loose == []
    assert 'href="http://2130706433' not in (pair_run / "index.html").read_text(encoding="utf-8")
