"""The whole papermill report, end to end: on the seed corpus, against the committed
reference run, and on a corpus of another shape (a CSV grouped by three outlets)."""

from __future__ import annotations

import random
import re
import struct

import pandas as pd
import pytest

from analysis import load_corpus, paths
from analysis.report.runner import run_report

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(p.stem for p in paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    return run_report(out=tmp_path_factory.mktemp("seed") / "run", progress=False)


@pytest.fixture(scope="module")
def outlet_run(tmp_path_factory):
    """240 articles from three outlets in one CSV, each six paragraphs of the seed texts
    drawn at random: a corpus past the size where figures name each article."""
    folder = tmp_path_factory.mktemp("outlets")
    paragraphs = [p for text in load_corpus()["text"] for p in text.split("\n") if p.strip()]
    rng = random.Random(0)
    rows = [
        {
            "doc_id": f"a{i:03d}",
            "outlet": "ABC"[i % 3],
            "title": f"Article {i}",
            "text": "\n".join(rng.sample(paragraphs, 6)),
        }
        for i in range(240)
    ]
    csv = folder / "articles.csv"
    pd.DataFrame(rows).to_csv(csv, index=False)
    return run_report(corpus=csv, group_by="outlet", out=folder / "run", progress=False)


def _linked(index_html: str) -> set[str]:
    return set(re.findall(r"(?:href|src)=[\"']([^\"'#]+)[\"']", index_html))


@pytest.mark.parametrize("run_name", ["seed_run", "outlet_run"])
def test_run_folder_has_every_page_figure_and_table(run_name, request):
    run = request.getfixturevalue(run_name)
    manifest = pd.read_json(run / "manifest.json", typ="series")
    assert manifest["status"] == "complete"
    linked = _linked((run / "index.html").read_text(encoding="utf-8"))
    for name in NOTEBOOKS:
        assert (run / f"{name}.html").is_file() and f"{name}.html" in linked
        assert (run / "notebooks" / f"{name}.ipynb").is_file()
    figures = sorted(p.relative_to(run).as_posix() for p in (run / "figures").glob("*.png"))
    tables = sorted(p.relative_to(run).as_posix() for p in (run / "tables").glob("*.csv"))
    assert figures and tables
    assert set(figures) <= linked, set(figures) - linked
    assert set(tables) <= linked, set(tables) - linked


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
    pairs = set(zip(compared["group_a"], compared["group_b"], strict=True))
    assert pairs == {("A", "B"), ("A", "C"), ("B", "C")}
    reuse = pd.read_csv(outlet_run / "tables" / "06-reuse-between-groups.csv")
    assert len(reuse) == 9 and reuse["share"].gt(0).all()  # paragraphs drawn from one pool


def _png_size(path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_a_few_hundred_articles_give_figures_of_a_fixed_size(outlet_run):
    sizes = {p.name: _png_size(p) for p in (outlet_run / "figures").glob("*.png")}
    assert "06-reuse.png" in sizes and "06-article-profiles.png" in sizes
    # 240 articles drawn one row each would be over 10,000 px tall at 150 dpi
    assert all(w <= 2400 and h <= 1800 for w, h in sizes.values()), sizes
    pages = [p.stat().st_size for p in outlet_run.glob("[0-9][0-9]-*.html")]
    assert max(pages) < 5_000_000


@pytest.mark.parametrize("run_name", ["seed_run", "outlet_run"])
def test_the_landing_page_opens_with_the_answer_and_has_no_dead_link(run_name, request):
    run = request.getfixturevalue(run_name)
    index = (run / "index.html").read_text(encoding="utf-8")
    answer = index.index("In short:")
    assert answer < index.index("How far to trust each measure") < index.index("The notebooks")
    assert "articles by" in index[: index.index("The notebooks")]  # the corpus in one line
    for page in [run / "index.html", *run.glob("[0-9][0-9]-*.html")]:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=[\"']?https?:", html), f"{page.name} needs a network"
        for link in _linked(html):
            if not re.match(r"[a-z]+:", link):  # http:, mailto:, data: are not files
                assert (page.parent / link).exists(), f"{page.name} links to missing {link}"


def test_the_report_hides_the_solutions(seed_run):
    executed = (seed_run / "notebooks" / "01-corpus.ipynb").read_text(encoding="utf-8")
    assert "# Your answer here" in executed and "by_outlet = load_corpus" not in executed
