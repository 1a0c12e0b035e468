"""A JupyterLab panel for hand-coding a sample: one unit and one code at a time.

The panel shows the unit with its context (escaped: corpus text is data), the code's
question and one button per answer right under it, so the text and the buttons are on
screen together; the codebook entry is folded below them, one click away. Each button
is numbered, and typing that number and Enter in the key box picks that button, for
every code: tone's answers are numbers too (-2 to 2), so a typed number is never read
as an answer value, only as the button it names; a typed word is taken when it is an
answer (``yes``, ``no``). The note field writes the sheet's ``note`` column for the unit.
Every answer is written at once to the coder's sheet, ``sheets/<coder>.csv`` in the
sample folder, replaced atomically, so killing the kernel loses nothing; opening the
panel again with the same name resumes at the first unanswered code. The sheet is the
same CSV a spreadsheet coder fills in, read back by
:func:`analysis.coding.sheets.read_sheets`.

The report runner sets ``MEDIA_FRAMING_BATCH``: no one is there to click, so
notebooks show the panel only when it is unset.
"""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from analysis.coding.codebook import codebook_entry
from analysis.coding.sample import Sample
from analysis.coding.sheets import SHEET_ENCODING, read_sample, read_sheet
from analysis.safe import neutralise_formula, slug, write_csv

#: Longest coder name, in characters: a name, not a paragraph (and a file name stays short).
MAX_CODER = 60


def coder_name(typed: str) -> str:
    """The coder's name as typed, with runs of spaces made one and the ends trimmed.

    >>> coder_name("  Ana   María ")
    'Ana María'

    Raises:
        ValueError: the name is empty or longer than :data:`MAX_CODER` characters.
    """
    name = " ".join(unicodedata.normalize("NFC", typed).split())
    if not name:
        raise ValueError("a coder name is needed before coding")
    if len(name) > MAX_CODER:
        raise ValueError(f"a coder name of at most {MAX_CODER} characters, please")
    return name


def sheet_path(folder: Path, coder: str) -> Path:
    """The coder's sheet in ``folder``: a safe file name, distinct for distinct names
    (:func:`analysis.safe.slug`: a name that had to change carries a hash of itself).

    >>> [sheet_path(Path("sheets"), n).name for n in ("Ana", "Ana María", "Ana-María")]
    ['Ana.csv', 'Ana-María-8358ed27.csv', 'Ana-María.csv']
    """
    return folder / f"{slug(coder_name(coder))}.csv"


class CodingPanel:
    """Code a sample in JupyterLab: show it with ``display(panel)`` or as a cell's last line.

    Args:
        sample: a :class:`~analysis.coding.sample.Sample` with a folder, or
            the folder itself.
        coder: the coder's name; can also be typed in the panel.
        sheets: where the coder's sheet goes (default: the sample's ``sheets/``).
    """

    def __init__(
        self, sample: Sample | str | Path, *, coder: str = "", sheets: str | Path | None = None
    ) -> None:
        self.sample = sample if isinstance(sample, Sample) else read_sample(sample)
        if sheets is None and self.sample.folder is None:
            raise ValueError("the sample has no folder: pass sheets=FOLDER for the coder's sheet")
        self.folder = Path(sheets) if sheets is not None else self.sample.folder / "sheets"
        self.codes = self.sample.codes
        self.entries = {c.name: codebook_entry(c.name) for c in self.codes}
        self.sheet = self.sample.sheet()
        self.position = 0  # index into the (unit, code) cells, row-major
        self.path: Path | None = None
        self.name = widgets.Text(
            description="Coder", placeholder="your name", continuous_update=False
        )
        self.key = widgets.Text(
            description="Key",
            placeholder="button number, then Enter",
            continuous_update=False,
        )
        self.note = widgets.Text(
            description="Note",
            placeholder="a note on this unit (saved with the sheet)",
            continuous_update=False,
            layout=widgets.Layout(width="60%"),
        )
        self.unit = widgets.HTML()
        self.question = widgets.HTML()
        self.entry = widgets.HTML()
        self.buttons = widgets.HBox()
        self.back = widgets.Button(description="Back", icon="arrow-left")
        self.progress = widgets.IntProgress(min=0, max=len(self.sheet) * len(self.codes))
        self.status = widgets.HTML()
        self.name.observe(lambda change: self.start(change["new"]), names="value")
        self.key.observe(self._typed, names="value")
        self.note.observe(self._noted, names="value")
        self.back.on_click(lambda _: self.go(self.position - 1))
        self.widget = widgets.VBox(
            [
                self.name,
                self.progress,
                self.status,
                self.unit,
                self.question,
                self.buttons,
                widgets.HBox([self.key, self.back]),
                self.note,
                self.entry,
            ]
        )
        if coder:
            self.name.value = coder
        else:
            self._show()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # --- state -------------------------------------------------------------------------

    def start(self, coder: str) -> None:
        """Take the coder's name; resume from their sheet when one exists.

        A name that is too long, or whose sheet holds another coder's answers, is
        refused in the panel's status line: nobody inherits somebody else's answers.
        """
        if not coder.strip():
            return
        try:
            self._open(coder_name(coder))
        except (ValueError, OSError) as exc:
            self.path = None
            self.status.value = f"<b>{html.escape(str(exc))}</b>"

    def _open(self, coder: str) -> None:
        path = sheet_path(self.folder, coder)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise ValueError(f"{path.name}: not a plain file; the panel writes only plain sheets")
        if path.exists():
            saved = read_sheet(path, self.sample, complete=False).set_index("unit_id")
            others = set(saved["coder"].str.strip()) - {"", coder, str(neutralise_formula(coder))}
            if others:
                raise ValueError(
                    f"{path.name} holds the answers of {', '.join(sorted(others))}, not {coder}: "
                    "choose a name that tells you apart"
                )
            names = [c.name for c in self.codes]
            self.sheet = self.sheet.set_index("unit_id")
            kept = [*names, *(["note"] if "note" in saved else [])]
            self.sheet.loc[saved.index, kept] = saved[kept]
            self.sheet = self.sheet.reset_index()[self.sample.sheet().columns]
        self.path = path
        self.sheet["coder"] = coder
        self.name.disabled = True  # one sheet per coder: the name cannot change mid-way
        self.go(self._first_empty())

    def _cells(self) -> int:
        return len(self.sheet) * len(self.codes)

    def _cell(self, position: int) -> tuple[int, str]:
        row, k = divmod(position, len(self.codes))
        return row, self.codes[k].name

    def _first_empty(self) -> int:
        for p in range(self._cells()):
            row, name = self._cell(p)
            if not str(self.sheet.at[row, name]).strip():
                return p
        return self._cells()

    def answered(self) -> int:
        """How many answers the sheet holds."""
        names = [c.name for c in self.codes]
        return int((self.sheet[names].astype(str).apply(lambda s: s.str.strip()) != "").sum().sum())

    def go(self, position: int) -> None:
        """Show the cell at ``position`` (clamped to the sheet)."""
        self.position = max(0, min(position, self._cells()))
        self._show()

    def answer(self, value: str) -> None:
        """Record ``value`` for the current unit and code, save the sheet, move to the next gap."""
        if self.path is None:
            self.status.value = "<b>Type your name in the Coder box first.</b>"
            return
        if self.position >= self._cells():
            return
        row, name = self._cell(self.position)
        allowed = [v for v, _ in self.codes[self.position % len(self.codes)].values]
        if value not in allowed:
            self.status.value = html.escape(f"{value!r} is not an answer to {name}")
            return
        self.sheet.at[row, name] = value
        self.save()
        following = self._first_empty_after(self.position)
        self.go(following)

    def _first_empty_after(self, position: int) -> int:
        for p in [*range(position + 1, self._cells()), *range(0, position + 1)]:
            row, name = self._cell(p)
            if not str(self.sheet.at[row, name]).strip():
                return p
        return self._cells()

    def save(self) -> None:
        """Write the sheet whole, then move it in (:func:`analysis.safe.write_csv`): a crash never
        leaves half a sheet, and the temporary file is a new one, never a link planted there."""
        write_csv(self.sheet, self.path, force=True, encoding=SHEET_ENCODING)

    def _typed(self, change: dict) -> None:
        typed = change["new"].strip()
        if not typed or self.position >= self._cells():
            return
        self.key.value = ""
        values = [v for v, _ in self.codes[self.position % len(self.codes)].values]
        if typed.isdigit():  # a button's number, never an answer value (tone's are numbers)
            if 1 <= int(typed) <= len(values):
                self.answer(values[int(typed) - 1])
            else:
                self.status.value = html.escape(
                    f"{typed} is not a button: type a number from 1 to {len(values)}"
                )
            return
        if typed.lower() in values and not typed.lstrip("+-").isdigit():
            self.answer(typed.lower())
        else:
            self.status.value = html.escape(
                f"{typed!r}: type the number on a button, from 1 to {len(values)}"
            )

    def _noted(self, change: dict) -> None:
        if self.path is None or self.position >= self._cells():
            return
        row, _ = self._cell(self.position)
        if str(self.sheet.at[row, "note"]) != change["new"]:  # not the panel showing it
            self.sheet.at[row, "note"] = change["new"]
            self.save()

    # --- view --------------------------------------------------------------------------

    def _show(self) -> None:
        done = self.answered()
        self.progress.value = done
        self.status.value = html.escape(f"{done} of {self._cells()} answers")
        if self.position >= self._cells():
            self.unit.value = "<p><b>Every unit is coded.</b> The sheet is saved.</p>"
            self.entry.value, self.question.value, self.buttons.children = "", "", ()
            return
        row, name = self._cell(self.position)
        unit = self.sheet.iloc[row]
        e = html.escape
        self.unit.value = (
            f"<p style='color:#555'>{e(unit['unit_id'])} · unit {row + 1} of {len(self.sheet)}"
            f"{' · ' + e(unit['title']) if unit['title'] else ''}</p>"
            f"<p style='color:#777'>{e(unit['context_before'])}</p>"
            f"<p style='font-size:115%;border-left:3px solid #0072B2;padding-left:0.5rem'>"
            f"{e(unit['text'])}</p><p style='color:#777'>{e(unit['context_after'])}</p>"
        )
        code = self.codes[self.position % len(self.codes)]
        self.question.value = f"<p><b>{e(name)}</b>: {e(code.question)}</p>"
        self.entry.value = (
            f"<details><summary>Codebook: {e(name)}</summary>{self.entries[name]}</details>"
        )
        note = self.sheet.at[row, "note"]
        self.note.value = "" if pd.isna(note) else str(note)
        current = str(self.sheet.at[row, name]).strip()
        buttons = []
        for k, (value, label) in enumerate(code.values, 1):
            button = widgets.Button(
                description=f"{k} · {label}",
                tooltip=f"type {k} and Enter; saved as {value}",
                button_style="info" if value == current else "",
                layout=widgets.Layout(width="auto"),
            )
            button.on_click(lambda _, value=value: self.answer(value))
            buttons.append(button)
        self.buttons.children = tuple(buttons)
