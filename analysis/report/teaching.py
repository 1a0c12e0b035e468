"""Student copies of the notebooks: every cell tagged ``solution`` becomes a stub.

The solutions live in the notebooks and run in the tests, so the student copies
are generated, never edited by hand, and never committed: the default folder,
``build/student-notebooks/``, is ignored by git. ``python -m analysis
student-copies`` writes them.

A solution code cell becomes ``# Your answer here``, keeping its first line when
that is a ``# Hint: ...`` comment; a solution markdown cell becomes
``*Your answer here.*``. Every other cell is kept, with its outputs cleared.
"""

from __future__ import annotations

import os
from pathlib import Path

import analysis._jsonschema  # noqa: F401  (first: nbformat without the IRI grammar)

# isort: split
import nbformat

from analysis import paths

#: Where ``python -m analysis student-copies`` writes by default.
STUDENT_COPIES = paths.ROOT / "build" / "student-notebooks"

SOLUTION_TAG = "solution"


def stub(source: str, *, cell_type: str = "code") -> str:
    """What replaces a solution: a prompt, plus the solution's hint if it opens with one.

    >>> print(stub("# Hint: count the cues per sentence.\\nrates = cues / sentences"))
    # Hint: count the cues per sentence.
    # Your answer here
    >>> stub("The hedges cluster in quotes.", cell_type="markdown")
    '*Your answer here.*'
    """
    if cell_type == "markdown":
        return "*Your answer here.*"
    first = source.lstrip().split("\n", 1)[0].rstrip()
    hint = f"{first}\n" if first.startswith("# Hint:") else ""
    return f"{hint}# Your answer here"


def hide_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Replace every solution cell of ``nb`` (in place) by its :func:`stub`; return ``nb``.

    Stubs keep the solution cell's id and its other tags, so a copy diffs cleanly
    against the solution notebook. The report calls this on the executed notebooks,
    so that a run can be handed to students (``--answer-key`` keeps the solutions).
    """
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if SOLUTION_TAG in tags:
            metadata = {"tags": [t for t in tags if t != SOLUTION_TAG]}
            markdown = cell.cell_type == "markdown"
            new = nbformat.v4.new_markdown_cell if markdown else nbformat.v4.new_code_cell
            nb.cells[i] = new(stub(cell.source, cell_type=cell.cell_type), metadata=metadata)
            if "id" in cell:
                nb.cells[i].id = cell.id
    return nb


def make_student_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> Path:
    """Write the student copy of the notebook ``src`` to ``dst`` and return ``dst``.

    Solutions become stubs (:func:`hide_solutions`) and every output is cleared, so
    the copy regenerates byte for byte.
    """
    nb = hide_solutions(nbformat.read(src, as_version=4))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.validate(nb)
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dst)
    return dst


def make_student_copies(
    src_dir: str | os.PathLike[str] = paths.NOTEBOOKS,
    out_dir: str | os.PathLike[str] = STUDENT_COPIES,
) -> list[Path]:
    """Write a student copy of every ``*.ipynb`` in ``src_dir`` into ``out_dir``.

    Raises:
        ValueError: ``out_dir`` is ``src_dir``, which would overwrite the solutions.
    """
    src_dir, out_dir = paths.resolve(src_dir), paths.resolve(out_dir)
    if src_dir == out_dir:
        raise ValueError(f"refusing to overwrite the solution notebooks in {src_dir}")
    return [make_student_copy(nb, out_dir / nb.name) for nb in sorted(src_dir.glob("*.ipynb"))]
