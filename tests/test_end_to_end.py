"""The whole papermill report, end to end: on the seed corpus, against the committed
reference run, and on a corpus of another shape (a CSV grouped by three outlets)."""

from __future__ import annotations

import re

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
    """Ten articles from three outlets in one CSV: each seed text cut in two halves."""
    folder = tmp_path_factory.mktemp("outlets")
    rows = []
    for i, article in enumerate(load_corpus().itertuples()):
        paragraphs = article.text.split("\n")
        half = len(paragraphs) // 2
        for part, body in enumerate(("\n".join(paragraphs[:half]), "\n".join(paragraphs[half:]))):
            rows.append(
                {
                    "doc_id": f"{article.doc_id[:3]}-{part}",
                    "outlet": "ABC"[(2 * i + part) % 3],
                    "title": article.title,
                    "text": body,
                }
            )
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
