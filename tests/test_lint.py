"""ruff passes on the package, the tests, the benchmarks and the notebooks (ruff reads .ipynb)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths


def _ruff() -> str:
    beside = Path(sys.executable).with_name("ruff")
    found = str(beside) if beside.is_file() else shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (it is in the dev extra: pip install -e '.[dev]')")
    return found


def test_ruff_passes_on_code_and_notebooks():
    folders = ["analysis", "tests", "benchmarks", "notebooks"]
    done = subprocess.run(
        [_ruff(), "check", "--no-cache", *folders], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
