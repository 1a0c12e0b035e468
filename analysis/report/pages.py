"""The run's pages: each executed notebook as HTML, and the landing page (index.html).

Both come from package templates (``analysis/report/templates/*.j2``): ``page.html.j2``
extends nbconvert's lab template (code cells start hidden once its script runs; without
JavaScript the code simply shows; none of the lab template's CDN scripts, so a page
renders offline), ``index.html.j2`` is the landing page, rendered with autoescape.
"""

from __future__ import annotations

import csv
import functools
import html
import itertools
import re
from importlib import resources
from pathlib import Path
from typing import Any

import analysis._jsonschema  # noqa: F401  (first: nbformat without the IRI grammar)

# isort: split
import nbformat
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from nbconvert import HTMLExporter
from nbconvert.filters import clean_html, markdown2html

from analysis import paths
from analysis.corpus.labels import said_sources
from analysis.report.teaching import hide_solutions

#: Columns left out of the table previews in index.html (the CSV keeps them): long prose.
PREVIEW_SKIPS = ("note",)


def _template(name: str) -> str:
    """A page template shipped with the package."""
    return resources.files("analysis.report").joinpath("templates", name).read_text("utf-8")


@functools.cache
def exporter() -> HTMLExporter:
    """Built once: loading the lab template takes about a second."""
    return HTMLExporter(
        template_name="lab",
        template_file="report.html.j2",
        extra_loaders=[DictLoader({"report.html.j2": _template("page.html.j2")})],
        filters={"clean_html": _clean_html},
    )


#: nbconvert's sanitiser, which parses every code cell's highlighted source (about a third of
#: a page's export), remembered: the same notebooks' cells come back in every report a process
#: runs (the tests run dozens), and the page is the same.
_clean_html = functools.lru_cache(maxsize=4096)(clean_html)


#: A Markdown link to a notebook of the series, e.g. ``[02-tone](02-tone.ipynb)``.
_SERIES_LINK = re.compile(r"\]\((\d\d-[\w-]+)\.ipynb\)")


#: The tag of a cell that describes the seed corpus only (its texts, its labels, its story):
#: a run on another corpus leaves it out of its pages and executed notebooks.
SEED_TAG = "seed-corpus"


def drop_seed_cells(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` without its :data:`SEED_TAG` cells when it ran on another corpus than the seeds
    (papermill's record of its ``corpus`` parameter is not empty); in place."""
    ran_on = nb.metadata.get("papermill", {}).get("parameters", {}).get("corpus", "")
    if ran_on:
        nb.cells = [c for c in nb.cells if SEED_TAG not in c.metadata.get("tags", [])]
    return nb


def write_page(executed: Path, page: Path, *, answer_key: bool = False) -> None:
    """The notebook's HTML page; without ``answer_key`` the solutions become stubs in the
    page and in the executed notebook (the tests run the solutions; students need not see
    them). Text about the seed corpus alone is left out of a run on another corpus."""
    nb = drop_seed_cells(nbformat.read(executed, as_version=4))
    if not answer_key:
        hide_solutions(nb)
    nbformat.write(nb, executed)
    for cell in nb.cells:  # links between notebooks lead to their pages in the run folder
        if cell.cell_type == "markdown":
            cell.source = _SERIES_LINK.sub(r"](\1.html)", cell.source)
    title, _ = _describe(_markdown(nb))
    resources = {"metadata": {"name": title or page.stem}}
    page.write_text(exporter().from_notebook_node(nb, resources=resources)[0], encoding="utf-8")


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


def _markdown_html(text: str) -> Markup | str:
    """Markdown written by the suite as HTML, with any markup inside it escaped first.

    Corpus values in it went through :func:`analysis.views.escape.escape_markdown`
    already: their entities are kept as they are (escaping them again showed
    ``&lt;img``) and their ``<bdi>`` isolation is kept; any other ``<`` or ``>`` is text.

    >>> print(_markdown_html("<b>&lt;img&gt;</b> &amp; <bdi>x</bdi> & y"))
    <p>&lt;b&gt;&lt;img&gt;&lt;/b&gt; &amp; <bdi>x</bdi> &amp; y</p>
    <BLANKLINE>
    """
    if not text.strip():
        return ""
    safe = _BARE_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    safe = safe.replace("&lt;bdi&gt;", "<bdi>").replace("&lt;/bdi&gt;", "</bdi>")
    return Markup(markdown2html(safe))


#: An ``&`` that starts no character reference.
_BARE_AMPERSAND = re.compile(r"&(?!#?\w+;)")


def write_index(out: Path, manifest: dict[str, Any]) -> None:
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
                "tables": [Markup(table_preview(out, f)) for f in entry["tables"]],
            }
        )
    answer = out / paths.RUN_ANSWER
    # The first paragraph ("In short: ...") opens the page; the per-measure list folds away.
    answer_head, _, answer_rest = (
        answer.read_text("utf-8").partition("\n\n") if answer.is_file() else ("", "", "")
    )
    shown = _shown(manifest)
    page = (
        Environment(autoescape=True)
        .from_string(_template("index.html.j2"))
        .render(
            m=manifest,
            failed=manifest.get("error", "The run failed")
            if manifest["status"] == "failed"
            else "",
            answer=_markdown_html(answer_head),
            answer_detail=_markdown_html(answer_rest),
            key_figure=shown.get("key_figure", ""),
            trust=_trust(out / shown["trust"]) if "trust" in shown else [],
            corpus_line=_corpus_line(manifest),
            case_variants=(manifest.get("corpus") or {}).get("case_variants") or [],
            notebooks=notebooks,
        )
    )
    (out / "index.html").write_text(page, encoding="utf-8")


def _shown(manifest: dict[str, Any]) -> dict[str, str]:
    """The landing page's parts the notebooks declared (``shows`` in their metadata): the
    first file each, in reading order. ``key_figure``: the figure under the answer; ``trust``:
    a validity table (columns measure, dataset, n, metric, value, kind, target).

    >>> _shown({"notebooks": [{"shows": {"key_figure": []}},
    ...                       {"shows": {"key_figure": ["figures/06-a.png", "figures/06-b.png"]}}]})
    {'key_figure': 'figures/06-a.png'}
    """
    shown: dict[str, str] = {}
    for entry in manifest["notebooks"]:
        for part, files in entry.get("shows", {}).items():
            if files:
                shown.setdefault(part, files[0])
    return shown


_METRIC_NAMES = {
    "pearson_r": "Pearson r with the mean human rating",
    "f1": "F1 against human coders",
}


def _trust(validity: Path) -> list[str]:
    """One line per measure: its headline agreement with human coders, per data set, vs target.

    >>> import tempfile
    >>> table = Path(tempfile.mkdtemp()) / "v.csv"
    >>> _ = table.write_text("measure,dataset,n,metric,system,value,kind,target\\n"
    ...     "tone,nyt,300,pearson_r,rules,0.52,suite,0.55\\n"
    ...     "human_interest,frames,9,f1,a,0.3,suite,\\nhuman_interest,frames,9,f1,b,0.3,suite,\\n")
    >>> print(_trust(table)[0])
    tone: Pearson r with the mean human rating 0.52 (rules) on nyt (n = 300; target 0.55, not met)
    >>> print(_trust(table)[1])  # each reading named
    human-interest: F1 against human coders 0.30 (a) on frames (n = 9), 0.30 (b) on frames (n = 9)
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
        system = r["system"].split(" (")[0]  # which reading, when a measure has several
        part = (
            f"{float(r['value']):.2f} ({system}) on {r['dataset']}"
            f" (n = {int(float(r['n'])):,}{target})"
        )
        if part not in lines.setdefault(r["measure"], []):  # one line per figure, said once
            lines[r["measure"]].append(part)
    metric = {r["measure"]: _METRIC_NAMES[r["metric"]] for r in rows}
    return [f"{m.replace('_', '-')}: {metric[m]} {', '.join(parts)}" for m, parts in lines.items()]


def _corpus_line(manifest: dict[str, Any]) -> Markup:
    """The corpus in one line: its source, articles per group, events if any, the options.

    Each value from the corpus is escaped and isolated in ``<bdi>``, so a U+202E in a
    group name reverses nothing after it.
    """
    p, corpus = manifest["parameters"], manifest.get("corpus") or {}

    def shown(value: object) -> str:
        return f"<bdi>{html.escape(str(value))}</bdi>"

    groups = ", ".join(f"{n:,} {shown(g)}" for g, n in (corpus.get("groups") or {}).items())
    line = f"Corpus: {shown(Path(p['corpus']).name) if p['corpus'] else 'seed corpus'}"
    if corpus:
        line += f", {corpus['articles']:,} articles by {shown(p['group_by'])} ({groups})"
        line += f", {corpus['events']:,} events" if corpus.get("events") else ""
        line += f"; {html.escape(said_sources(corpus['genres']))}" if corpus.get("genres") else ""
    line += f"; compared: {', '.join(map(shown, p['groups'].split(',')))}" if p["groups"] else ""
    return Markup(f"{line} · seed {html.escape(str(p['seed']))}")


def table_preview(out: Path, table: str, *, rows: int = 5) -> str:
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
