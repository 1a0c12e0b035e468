"""The whole papermill report, end to end: on the seed corpus, against the committed
reference run, and on a corpus of another shape (a CSV grouped by three outlets, one of them a
group of one article). Both runs are session fixtures of tests/conftest.py (``seed_run``,
``outlet_run``), run once and shared by every test that reads a whole report.

Between them every cell of every notebook runs, in batch mode as every report does; the
live widgets (built only when ``MEDIA_FRAMING_BATCH`` is unset, as a reader in Jupyter runs a
notebook) are checked on notebook 03 run alone that way: a live widget's cell under nbclient
once waited out the cell timeout (600 s) inside a whole run on the CI machine.
"""

from __future__ import annotations

import html
import itertools
import re
import struct
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from report_corpora import ONE_ARTICLE, OUTLETS

from analysis import paths
from analysis.corpus import UNKNOWN
from analysis.report import runner
from analysis.report.runner import run_report

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(p.stem for p in paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"


def _ran(run) -> list[str]:
    return sorted(p.stem for p in (run / "notebooks").glob("*.ipynb"))


def test_corpus_blind_notebooks_read_no_corpus(corpus_blind):
    for name in corpus_blind:
        cells = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", 4).cells
        code = [
            c.source
            for c in cells
            if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
        ]
        assert not re.search(r"\b(corpus|group_by|groups)\b", "\n".join(code)), (
            f"{name} now reads the corpus: take it out of CORPUS_BLIND"
        )


def _linked(index_html: str) -> set[str]:
    return set(re.findall(r"(?:href|src)=[\"']([^\"'#]+)[\"']", index_html))


@pytest.mark.parametrize("run_name", ["seed_run", "outlet_run"])
def test_run_folder_has_every_page_figure_and_table(run_name, request, corpus_blind):
    run = request.getfixturevalue(run_name)
    manifest = pd.read_json(run / "manifest.json", typ="series")
    assert manifest["status"] == "complete"
    linked = _linked((run / "index.html").read_text(encoding="utf-8"))
    assert _ran(run) == [n for n in NOTEBOOKS if run_name == "seed_run" or n not in corpus_blind]
    for name in _ran(run):
        assert (run / f"{name}.html").is_file() and f"{name}.html" in linked
        assert (run / "notebooks" / f"{name}.ipynb").is_file()
    figures = sorted(p.relative_to(run).as_posix() for p in (run / "figures").glob("*.png"))
    tables = sorted(p.relative_to(run).as_posix() for p in (run / "tables").glob("*.csv"))
    assert figures and tables
    assert set(figures) <= linked, set(figures) - linked
    assert set(tables) <= linked, set(tables) - linked


@pytest.mark.parametrize("run_name", ["seed_run", "outlet_run"])
def test_every_cell_of_every_notebook_ran_without_error(run_name, request):
    """What ``pytest --nbval-lax`` checked: each code cell ran, none raised."""
    run = request.getfixturevalue(run_name)
    for name in _ran(run):
        cells = nbformat.read(run / "notebooks" / f"{name}.ipynb", 4).cells
        source = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", 4).cells
        hidden = {c.id for c in source if "solution" in c.metadata.get("tags", [])}
        for cell in (c for c in cells if c.cell_type == "code" and c.id not in hidden):
            assert cell.execution_count is not None, f"{name}: a cell did not run"
            assert cell.metadata.papermill.exception is False, f"{name}: {cell.source[:60]}"
            assert not [o for o in cell.outputs if o.output_type == "error"], name


def test_every_figure_a_notebook_saves_it_also_shows_as_an_image(seed_run):
    """A figure shown as its text (``<Figure size 850x... with 3 Axes>``) is a page without
    its figure: a notebook that draws with matplotlib's ``Figure`` needs the inline backend."""
    for name in _ran(seed_run):
        cells = nbformat.read(seed_run / "notebooks" / f"{name}.ipynb", 4).cells
        outputs = [o for c in cells if c.cell_type == "code" for o in c.outputs]
        data = [o.get("data", {}) for o in outputs]
        as_text = [
            d["text/plain"]
            for d in data
            if "image/png" not in d and str(d.get("text/plain", "")).startswith("<Figure")
        ]
        assert as_text == [], f"{name}: {as_text}"
        saved = list((seed_run / "figures").glob(f"{name[:2]}-*.png"))
        assert len([d for d in data if "image/png" in d]) >= len(saved) > 0 or not saved, name


def test_an_installed_measure_reaches_the_scores_and_the_notebooks(outlet_run):
    """Nothing registered by hand: the toy measure's entry point alone brings it into the
    scoring step and into the comparison a notebook's kernel makes."""
    assert "exclamations" in pd.read_parquet(paths.run_scores(outlet_run)).columns
    compared = pd.read_csv(outlet_run / "tables" / "06-compare-articles.csv")
    assert "exclamations_per_1k_words" in set(compared["measure"])


def test_the_live_widgets_are_built_only_outside_batch_mode(seed_run, tmp_path, monkeypatch):
    def widgets(run):
        cells = nbformat.read(run / "notebooks" / "03-hedging.ipynb", 4).cells
        return [o for c in cells for o in c.get("outputs", []) if WIDGET in o.get("data", {})]

    interactive = {k: v for k, v in runner.KERNEL_ENV.items() if k != "MEDIA_FRAMING_BATCH"}
    monkeypatch.delenv("MEDIA_FRAMING_BATCH", raising=False)
    monkeypatch.setattr(runner, "KERNEL_ENV", interactive)
    alone = run_report(
        notebooks=[paths.NOTEBOOKS / "03-hedging.ipynb"], out=tmp_path / "run", progress=False
    )
    assert not widgets(seed_run) and widgets(alone)


@pytest.mark.parametrize("run_name", ["seed_run", "outlet_run"])
def test_pages_load_no_script_or_style_from_the_network(run_name, request):
    run = request.getfixturevalue(run_name)
    for page in run.glob("*.html"):
        tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page.read_text("utf-8"), re.I)
        assert not [t for t in tags if re.search(r"(?:src|href)=[\"']?(?:https?:)?//", t)], page


def test_seed_run_reproduces_the_reference_tables(seed_run):
    reference = paths.REFERENCE_RUN / "tables"
    assert reference.is_dir(), "no reference run: make reference"
    compared = 0
    for table in sorted(reference.glob("*.csv")):
        produced = seed_run / "tables" / table.name
        if table.name.startswith("07-") and not paths.EVAL.is_dir():
            continue  # the validity table needs ../shared/eval
        assert produced.is_file(), f"{table.name} is in the reference run but was not produced"
        assert produced.read_bytes() == table.read_bytes(), (
            f"{table.name} differs from reports/reference; "
            "if the change is intended, run `make reference`"
        )
        compared += 1
    assert compared >= 10


def test_outlet_run_compares_every_pair_of_outlets(outlet_run):
    compared = pd.read_csv(outlet_run / "tables" / "06-compare-articles.csv")
    pairs = {frozenset(p) for p in zip(compared["group_a"], compared["group_b"], strict=True)}
    assert pairs == {frozenset(p) for p in itertools.combinations(OUTLETS, 2)}
    reuse = pd.read_csv(outlet_run / "tables" / "06-reuse-between-groups.csv")
    assert {*reuse["group_a"]} == {*reuse["group_b"]} == {*OUTLETS, UNKNOWN}
    many = ~reuse["group_b"].isin([ONE_ARTICLE, UNKNOWN])  # the groups of more than one article
    assert reuse.loc[many, "share"].gt(0).all()  # paragraphs drawn from one pool
    alone = (reuse["group_a"] == reuse["group_b"]) & ~many
    assert reuse.loc[alone, "share"].eq(0).all()  # one article has no other to copy


def _png_size(path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


#: A figure whose rows are codes x pairs of groups (capped), not articles.
CORRECTED = "09-corrected-comparison.png"


def _fits(size: tuple[int, int]) -> bool:
    width, height = size
    return width <= 2400 and height <= 2000


def test_a_few_hundred_articles_give_figures_of_a_fixed_size(outlet_run):
    sizes = {p.name: _png_size(p) for p in (outlet_run / "figures").glob("*.png")}
    assert "06-reuse.png" in sizes and "06-article-profiles.png" in sizes and CORRECTED in sizes
    # 240 articles drawn one row each would be over 10,000 px tall at 150 dpi
    assert all(_fits(size) for size in sizes.values()), sizes
    pages = [p.stat().st_size for p in outlet_run.glob("[0-9][0-9]-*.html")]
    assert max(pages) < 5_000_000


@pytest.mark.parametrize("run_name", ["seed_run", "outlet_run"])
def test_the_landing_page_opens_with_the_answer_and_has_no_dead_link(run_name, request):
    run = request.getfixturevalue(run_name)
    ran = _ran(run)
    index = (run / "index.html").read_text(encoding="utf-8")
    answer = index.index("In short:")
    assert answer < index.index("How far to trust each measure") < index.index("The notebooks")
    assert "articles by" in index[: index.index("The notebooks")]  # the corpus in one line
    for page in [run / "index.html", *run.glob("[0-9][0-9]-*.html")]:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=[\"']?https?:", html), f"{page.name} needs a network"
        for link in _linked(html):
            if re.match(r"[a-z]+:", link):  # http:, mailto:, data: are not files
                continue
            if re.fullmatch(r"\d\d-[\w-]+\.html", link) and Path(link).stem not in ran:
                continue  # a page of a notebook this test's run left out (07 in the outlet run)
            assert (page.parent / link).exists(), f"{page.name} links to missing {link}"


def test_the_report_hides_the_solutions(seed_run):
    """Every cell tagged ``solution`` in the source is, in the executed notebook and its page,
    a stub: none of its code lines and none of its outputs are left."""
    hidden = 0
    for name in _ran(seed_run):
        source = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", 4).cells
        solutions = {c.id: c for c in source if "solution" in c.metadata.get("tags", [])}
        executed = {
            c.id: c for c in nbformat.read(seed_run / "notebooks" / f"{name}.ipynb", 4).cells
        }
        page = (seed_run / f"{name}.html").read_text(encoding="utf-8")
        for cell_id, solution in solutions.items():
            stub = executed[cell_id]
            assert "solution" not in stub.metadata.get("tags", []), (name, cell_id)
            assert not stub.get("outputs"), (name, cell_id)
            code = [ln.strip() for ln in solution.source.splitlines()
                    if len(ln.strip()) > 3 and not ln.lstrip().startswith("#")]  # fmt: skip
            for line in code:
                assert line not in stub.source, (name, cell_id, line)
            hidden += 1
        assert not any(
            len(line.strip()) > 20 and html.escape(line.strip(), quote=False) in page
            for c in solutions.values() if c.cell_type == "code"
            for line in c.source.splitlines() if not line.lstrip().startswith("#")
        ), name  # fmt: skip
    assert hidden >= 5  # the series has exercises: the check has something to check


#: Sentences that describe the seed corpus alone (its texts, its labels, its example coding).
SEED_ONLY = (
    "Five texts, one story",
    "says why each article got its label; one of the",
    "What the seed corpus can and cannot show",
    "In the example coding",
    "is the colour writer addressing the reader",
)


def _pages(run: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in run.glob("[0-9][0-9]-*.html")}


def test_the_seed_pages_say_what_is_true_of_the_seed_corpus_alone(seed_run):
    """The texts the next test looks for are said on the seed pages (so it can fail)."""
    seed = _pages(seed_run)
    assert all(any(s in page for page in seed.values()) for s in SEED_ONLY)


def test_text_about_the_seed_corpus_stays_out_of_another_corpus_pages(outlet_run):
    leaked = [
        (name, s) for name, page in _pages(outlet_run).items() for s in SEED_ONLY if s in page
    ]
    assert not leaked, leaked


def test_the_answer_on_several_outlets_covers_every_pair_in_words(outlet_run):
    answer = (outlet_run / "answer.md").read_text("utf-8")
    head = answer.split("\n\n")[0]
    assert "_per_1k_words" not in head and "p = 0.00" not in answer
    index = (outlet_run / "index.html").read_text("utf-8")
    assert "figures/06-answer.png" in index  # the key figure: every pair the answer talks about
