"""Where a notebook writes its figures and tables, and how tables are written.

A report run is compared with the committed reference run file by file, so a
table must come out byte for byte the same on every machine: floats are rounded,
negative zero is folded into zero, the index is dropped and lines end in ``\\n``.
Text cells come from the corpus (doc_ids, titles, group names, sentences), so a
cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, as OWASP lists them) is written with a
leading ``'``, as spreadsheet-safe exporters do; numbers are written as numbers.
Relative folders resolve against the repository root, never the working
directory, because papermill runs each notebook from its own folder. File names
may come from the data (group names): :func:`~analysis.safe.slug` keeps them short, inside
``figures/`` and ``tables/``, and distinct.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis import paths
from analysis.safe import neutralise_formula, slug

#: Where notebooks run interactively (``out_dir = ""``) put their figures and tables.
INTERACTIVE = paths.PROCESSED / "interactive"


def run_dir(out_dir: str | os.PathLike[str]) -> Path:
    """The folder a notebook writes to: the report's run folder, or a scratch folder.

    Run by hand, a notebook's ``out_dir`` parameter is empty and its outputs go to
    ``data/processed/interactive/`` (git-ignored), never into ``reports/``.

    >>> run_dir("") == INTERACTIVE
    True
    """
    return paths.resolve(out_dir) if str(out_dir) else INTERACTIVE


def figures_dir(out_dir: str | os.PathLike[str]) -> Path:
    """The run's ``figures/`` folder, created if missing.

    >>> import tempfile
    >>> figures_dir(tempfile.mkdtemp()).name
    'figures'
    """
    return _subdir(out_dir, "figures")


def tables_dir(out_dir: str | os.PathLike[str]) -> Path:
    """The run's ``tables/`` folder, created if missing."""
    return _subdir(out_dir, "tables")


def save_table(
    df: pd.DataFrame, out_dir: str | os.PathLike[str], name: str, *, decimals: int = 6
) -> Path:
    """Write ``df`` to ``out_dir/tables/<name>.csv`` so that reruns give identical bytes.

    Args:
        df: The table; its index is not written, so keep what matters in columns.
        out_dir: The run folder (the notebook's ``out_dir`` parameter).
        name: File name, with or without ``.csv``; made safe by :func:`slug`.
        decimals: Float columns are rounded to this many decimals, which hides
            last-bit differences between platforms and library versions.

    Returns:
        The path written.

    >>> import tempfile
    >>> table = pd.DataFrame({"genre": ["wire", "colour"], "tone": [0.1 + 0.2, -1e-9]})
    >>> path = save_table(table, tempfile.mkdtemp(), "tone")
    >>> print(path.read_text(), end="")
    genre,tone
    wire,0.3
    colour,0.0
    """
    stable = df.copy()
    floats = stable.select_dtypes("floating").columns
    stable[floats] = stable[floats].round(decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    texts = stable.select_dtypes(exclude="number").columns
    stable[texts] = stable[texts].map(_table_text)
    stable.columns = [neutralise_formula(c) for c in stable.columns]
    path = tables_dir(out_dir) / f"{slug(name.removesuffix('.csv'))}.csv"
    stable.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def _table_text(value: object) -> object:
    """A text cell with line ends as ``\\n`` (the CSV writer leaves a lone ``\\r`` unquoted,
    which splits the row for a reader) and no live formula."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return neutralise_formula(value)


class Preview(pd.DataFrame):
    """A table's first rows, shown in a page with a line naming the full CSV."""

    _metadata = ["caption"]

    def _repr_html_(self) -> str:
        return f"<p>{self.caption}</p>" + super()._repr_html_()


def preview(df: pd.DataFrame, saved: Path, *, rows: int = 10) -> pd.DataFrame:
    """``df`` as a page shows it, with a link to the full CSV ``saved`` (from :func:`save_table`)
    whenever the page shows less: its first ``rows`` of a longer table, or some of the CSV's
    columns (a view such as :func:`analysis.views.tables.comparison_view`).

    The link is relative to the run folder, where the report puts each notebook's page.

    >>> import tempfile
    >>> table = pd.DataFrame({"n": range(30), "m": range(30)})
    >>> path = save_table(table, tempfile.mkdtemp(), "02-numbers")
    >>> shown = preview(table, path)
    >>> len(shown), shown.caption[:39]
    (10, 'The first 10 of 30 rows; the full table')
    >>> preview(table[["n"]].head(3), path).caption[:44]
    'Some of the columns; every row and column in'
    """
    with saved.open(encoding="utf-8") as f:
        narrowed = f.readline().rstrip("\n") != ",".join(map(str, df.columns))
    if len(df) <= rows and not narrowed:
        return df
    link = f"{saved.parent.name}/{saved.name}"
    shown = Preview(df.head(rows))
    said = (
        f"The first {rows} of {len(df):,} rows; the full table"
        if len(df) > rows
        else "Some of the columns; every row and column in"
    )
    shown.caption = f'{said}: <a href="{html.escape(link)}">{html.escape(link)}</a>'
    return shown


def save_answer(markdown: str, out_dir: str | os.PathLike[str]) -> Path:
    """Write the answer in words (``describe_comparison``) where the landing page reads it."""
    path = run_dir(out_dir) / paths.RUN_ANSWER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown + "\n", encoding="utf-8")
    return path


#: Resolution of a saved figure's PNG.
FIGURE_DPI = 150


class SavedFigure(type(Path())):  # type: ignore[misc]  (PosixPath or WindowsPath)
    """The path of a saved figure, shown in a notebook as the saved PNG itself.

    Shown as the figure object would be, a figure is drawn a second time by the inline
    backend (about 0.4 CPU s each, 13 figures a report). The saved PNG is shown instead, at
    the width the inline backend would give it (the figure's own dpi), so the page looks the
    same and is sharper on a high-resolution screen.
    """

    display_width: int

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        data = {"image/png": self.read_bytes(), "text/plain": f"<Figure {self.name}>"}
        return data, {"image/png": {"width": self.display_width}}


def save_figure(fig: Figure, out_dir: str | os.PathLike[str], name: str) -> SavedFigure:
    """Save ``fig`` as ``out_dir/figures/<name>.png`` (:data:`FIGURE_DPI`) and return the
    path, which a notebook shows as the saved image (:class:`SavedFigure`).

    ``name`` is made safe by :func:`slug`.

    The PNG carries no software or version stamp, so a figure built and saved the
    same way gives the same bytes on every run. (Saving one figure object twice
    may differ in a pixel: matplotlib's layout settles on the first save.)

    >>> import tempfile
    >>> save_figure(Figure(), tempfile.mkdtemp(), "empty").name
    'empty.png'
    """
    path = SavedFigure(figures_dir(out_dir) / f"{slug(name)}.png")
    fig.savefig(path, dpi=FIGURE_DPI, bbox_inches="tight", metadata={"Software": None})
    width = int.from_bytes(path.read_bytes()[16:20], "big")  # the PNG header's IHDR width
    path.display_width = round(width * fig.dpi / FIGURE_DPI)
    return path


def _subdir(out_dir: str | os.PathLike[str], name: str) -> Path:
    if not str(out_dir):
        raise ValueError("out_dir is empty: give the run folder (the notebook's out_dir parameter)")
    folder = paths.resolve(out_dir) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
