"""`make lab` as a class uses it: it starts as root (JupyterLab refuses root without
--allow-root, and a lab machine or container often is root), and `make lab STUDENT=1`
serves the student copies, written once and never overwritten by a second start."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import paths

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _make_lab(*options: str) -> list[str]:
    """`make lab` with the environment this test runs in (no rebuild of it)."""
    venv = Path(sys.executable).parent.parent
    stamp = venv / ".installed"
    return ["make", "--no-print-directory", "lab", f"VENV={venv}", "-o", str(stamp), *options]


def test_make_lab_passes_allow_root_only_to_root_and_opens_the_student_copies_on_request():
    plan = subprocess.run(
        [*_make_lab(), "-n"], cwd=paths.ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "jupyter lab notebooks" in plan
    assert ("--allow-root" in plan) is (os.geteuid() == 0)
    student = subprocess.run(
        [*_make_lab("STUDENT=1"), "-n"], cwd=paths.ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "jupyter lab build/student-notebooks" in student
    assert "test -d build/student-notebooks || " in student  # students' saved work is kept


@pytest.mark.slow
def test_make_lab_starts_and_serves_the_notebooks(tmp_path):
    log = tmp_path / "lab.log"
    args = "LAB_ARGS=--no-browser --port=0 --ServerApp.token=class --ServerApp.open_browser=False"
    with log.open("w") as out:
        lab = subprocess.Popen(
            [*_make_lab(args)], cwd=paths.ROOT, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)},
        )  # fmt: skip
        try:
            for _ in range(240):  # up to two minutes on a loaded machine
                if "token=class" in log.read_text() or lab.poll() is not None:
                    break
                time.sleep(0.5)
            said = log.read_text()
            assert lab.poll() is None, f"make lab stopped:\n{said[-2000:]}"
            assert "token=class" in said, said[-2000:]
            assert "Running as root is not recommended. Use --allow-root" not in said
        finally:
            os.killpg(lab.pid, signal.SIGTERM)
            lab.wait(30)


def _exercises(notebook: Path) -> list[tuple[int, int]]:
    """(exercise number, lines of its solution) for every exercise of a notebook."""
    import nbformat

    found, number = [], 0
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            number = max([number, *map(int, re.findall(r"(?m)^(\d)\. ", cell.source))])
        elif "solution" in cell.metadata.get("tags", []):
            found.append((number, len(cell.source.strip().splitlines())))
    return found


def test_the_teachers_guide_answers_every_exercise_and_schedules_real_ones():
    guide = (paths.ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    answered = set(re.findall(r"\*\*(\d\d), exercise (\d)\*\*", guide))
    for notebook in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        for k, lines in _exercises(notebook):
            assert (notebook.name[:2], str(k)) in answered, f"{notebook.name} exercise {k}"
            assert lines <= 10, f"{notebook.name} exercise {k}: a solution of {lines} lines"
    table = re.findall(r"(?m)^\| [\d–]+ \| (\d\d)-[\w-]+ \|[^|]*\| (\d) \(", guide)
    assert len(table) >= 5, "the class table schedules exercises"
    for number, k in table:
        notebook = next(paths.NOTEBOOKS.glob(f"{number}-*.ipynb"))
        assert int(k) in {e for e, _ in _exercises(notebook)}, f"{number} has no exercise {k}"
