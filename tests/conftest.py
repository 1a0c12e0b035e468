"""Shared fixtures. Evaluation data is read from ../shared/eval, never committed."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pandas as pd
import pytest

from analysis import paths

#: Notebooks that read the human-labelled data, not the corpus: the seed run covers them,
#: so the outlet run leaves them out (checked by test_corpus_blind_notebooks_read_no_corpus).
CORPUS_BLIND = ("07-validity",)


@pytest.fixture(scope="session")
def corpus_blind() -> tuple[str, ...]:
    """The notebooks :func:`outlet_run` leaves out (they read no corpus)."""
    return CORPUS_BLIND


@pytest.fixture(scope="session")
def eval_dir():
    """The human-labelled evaluation data; tests that need it skip when it is absent."""
    if not paths.EVAL.is_dir():
        pytest.skip(
            f"evaluation data not found at {paths.EVAL} "
            "(set MEDIA_FRAMING_EVAL to its folder to run these tests)"
        )
    return paths.EVAL


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """The whole report on the seed corpus, run once per session (about 40 s) and shared by
    every test that reads it: executing the notebooks again would test nothing new."""
    from analysis.report.runner import run_report  # papermill and nbconvert load only here

    return run_report(out=tmp_path_factory.mktemp("seed") / "run", progress=False)


@pytest.fixture(scope="session")
def toy_measure_site(tmp_path_factory):
    """A folder holding tests/fixtures/toy-measure installed as pip installs any package
    (offline: the build tools are in the environment), to put on a path."""
    target = tmp_path_factory.mktemp("site")
    package = paths.ROOT / "tests" / "fixtures" / "toy-measure"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--target", str(target), str(package)],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


@pytest.fixture(scope="session")
def outlet_run(tmp_path_factory, toy_measure_site):
    """240 articles from three outlets in one CSV, each six paragraphs of the seed texts
    drawn at random: a corpus past the size where figures name each article. The toy
    measure of tests/fixtures/toy-measure is installed for this run only (on the path of
    the runner, its scoring and its kernels), as a third party's measure would be.

    Run once per session; any test reading a whole report on a corpus of a few hundred
    articles grouped by outlet can share it (tests/test_end_to_end.py does)."""
    from analysis import load_corpus
    from analysis.measures import registry
    from analysis.report import runner
    from analysis.report.runner import run_report

    notebooks = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    folder = tmp_path_factory.mktemp("outlets")
    site = toy_measure_site
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
    interactive = {k: v for k, v in runner.KERNEL_ENV.items() if k != "MEDIA_FRAMING_BATCH"}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MEDIA_FRAMING_BATCH", raising=False)
        patch.setattr(runner, "KERNEL_ENV", interactive)
        patch.syspath_prepend(str(site))
        path = [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]
        patch.setenv("PYTHONPATH", os.pathsep.join(path))
        registry.refresh()
        try:
            return run_report(
                corpus=csv,
                group_by="outlet",
                out=folder / "run",
                notebooks=[nb for nb in notebooks if nb.stem not in CORPUS_BLIND],
                progress=False,
            )
        finally:
            registry.refresh()
