"""Shared fixtures. Evaluation data is read from ../shared/eval, never committed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis import paths


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
    from analysis.report.runner import run_report

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
