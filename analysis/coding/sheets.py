"""The coding sample's folder: writing the sheet and its companions, reading coded sheets back.

A coded sheet is data from people: every problem is reported with the sheet, the row
(as a spreadsheet numbers it) and what is wrong (:class:`CodingSheetError`).
"""

from __future__ import annotations

import csv
import json
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.coding.codebook import codebook_html, codebook_markdown
from analysis.coding.sample import Sample
from analysis.safe import printable, spreadsheet_safe

#: Sheets are UTF-8 with a byte-order mark, which spreadsheets need to show curly quotes and
#: accents right; reading accepts sheets with or without it.
SHEET_ENCODING = "utf-8-sig"


class CodingSheetError(ValueError):
    """A coded sheet cannot be read: the message names the sheet, the row and the problem."""


_README = """# Coding sample {sample_id}

{n} {unit}s drawn from the corpus, {how}.

* `codebook.html` (or `codebook.md`): what each code means. Read it first.
* `sheet.csv`: the blank coding sheet. Copy it to `sheets/<your name>.csv`, put your
  name in the `coder` column and one answer per code column (allowed answers:
  `allowed-values.csv`, usable as data-validation lists in a spreadsheet). Or code in
  JupyterLab with `analysis.views.coding_panel.CodingPanel`, which writes that file.
* `design.csv`: the sampling design and **the suite's answers**: do not open it while
  coding. `population.csv`: the suite's decisions over the whole corpus.
* Two people code independently; then `python -m analysis report --coded THIS_FOLDER`.
  Where they disagree, their majority is the reference (a tie has none); a third sheet
  whose coder is `adjudicated` replaces the majority as the reference.
"""


def write_sample(sample: Sample, out: str | Path) -> Path:
    """Write the sample folder: sheet, design, population, codebook, allowed values."""
    out = Path(out)
    if (out / "sample.json").exists():
        raise FileExistsError(f"{out} already holds a sample; choose another folder")
    (out / "sheets").mkdir(parents=True, exist_ok=True)
    meta = {
        "sample_id": sample.sample_id,
        "unit": sample.unit,
        "seed": sample.seed,
        "n": len(sample.design),
        "codes": [c.name for c in sample.codes],
        **({"round": sample.round, "after": sample.after} if sample.after else {}),
    }
    (out / "sample.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    # files a coder opens in a spreadsheet: no cell from the corpus may run as a formula
    spreadsheet_safe(sample.design).to_csv(out / "design.csv", index=False, lineterminator="\n")
    spreadsheet_safe(sample.population).to_csv(
        out / "population.csv", index=False, lineterminator="\n"
    )
    spreadsheet_safe(sample.sheet()).to_csv(
        out / "sheet.csv", index=False, lineterminator="\n", encoding=SHEET_ENCODING
    )
    allowed = [(c.name, v, label) for c in sample.codes for v, label in c.values]
    spreadsheet_safe(pd.DataFrame(allowed, columns=["code", "value", "label"])).to_csv(
        out / "allowed-values.csv", index=False, lineterminator="\n", encoding=SHEET_ENCODING
    )
    (out / "codebook.md").write_text(codebook_markdown(unit=sample.unit), encoding="utf-8")
    (out / "codebook.html").write_text(codebook_html(unit=sample.unit), encoding="utf-8")
    (out / "README.md").write_text(
        _README.format(
            sample_id=sample.sample_id,
            n=len(sample.design),
            unit=sample.unit,
            how=f"round {sample.round}: none of them coded in the earlier rounds ({sample.after}), "
            "drawn more often where the learned model is least sure, each with its inclusion "
            "probability in design.csv"
            if sample.after
            else "stratified by group and by the suite's decisions",
        ),
        encoding="utf-8",
    )
    return out


def read_sample(folder: str | Path) -> Sample:
    """A sample folder written by :func:`write_sample`, checked as it is read.

    Raises:
        FileNotFoundError: the folder is not a coding sample.
        CodingSheetError: ``sample.json`` or ``design.csv`` is damaged (not JSON, a
            field missing, a number that is not one, a weight or probability out of
            range); the message names the file, the row and the column.
    """
    folder = Path(folder)
    try:
        meta = json.loads((folder / "sample.json").read_text(encoding="utf-8"))
        read = {"keep_default_na": False, "dtype": str}
        design = pd.read_csv(folder / "design.csv", **read)
        population = pd.read_csv(folder / "population.csv")
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"{folder} is not a coding sample (missing {Path(exc.filename).name}); "
            "draw one with `python -m analysis sample`"
        ) from exc
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CodingSheetError(f"{folder}: sample.json or a CSV cannot be read ({exc})") from exc
    design = _checked_design(design, folder / "design.csv")
    try:
        return Sample(
            str(meta["sample_id"]),
            str(meta["unit"]),
            int(meta["seed"]),
            design,
            population,
            folder,
            tuple(map(str, meta["codes"])),
            str(meta.get("after", "")),
            int(meta.get("round", 1)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CodingSheetError(
            f"{folder / 'sample.json'}: damaged ({type(exc).__name__}: {exc})"
        ) from exc


#: The design's number columns, with the values each may take.
_DESIGN_NUMBERS = {
    "stratum_units": (int, lambda v: v >= 1),
    "stratum_sample": (int, lambda v: v >= 1),
    "start": (int, lambda v: v >= 0),
    "end": (int, lambda v: v >= 0),
    "position": (int, lambda v: v >= 0),
    "inclusion_probability": (float, lambda v: 0 < v <= 1),
    "weight": (float, lambda v: v >= 1),
    "suite_tone_score": (float, lambda v: -1 <= v <= 1),
}


def _checked_design(design: pd.DataFrame, path: Path) -> pd.DataFrame:
    """``design`` with its number columns as numbers, each in its range, or a
    :class:`CodingSheetError` naming the file, the row and the column."""
    for column, (kind, valid) in _DESIGN_NUMBERS.items():
        if column not in design:
            raise CodingSheetError(f"{path.name}: no column {column}")
        for i, raw in design[column].items():
            try:
                value = kind(float(raw)) if kind is int else float(raw)
            except ValueError:
                value = None
            if value is None or value != value or not valid(value):
                raise CodingSheetError(
                    f"{path.name}, row {i + 2}: {column} {printable(repr(raw))} is not a "
                    "valid value (the design is the sampler's: do not edit it)"
                )
        design[column] = design[column].astype(float).astype(kind)
    return design


def sheet_paths(folder: str | Path) -> list[Path]:
    """The coded sheets (``*.csv``) of ``folder``, in name order.

    A spreadsheet's lock file (``~$a.csv``) and macOS metadata (``._a.csv``) are skipped
    with a warning naming them; a sheet that is a link to outside ``folder``, or not a
    regular file (a FIFO, a device), is refused: reading it could block, fill memory or
    read a file that does not belong to the sample.

    Raises:
        CodingSheetError: naming the sheet and the problem.
    """
    folder = Path(folder)
    inside = folder.resolve()
    sheets = []
    for path in sorted(folder.glob("*.csv")):
        if path.name.startswith(("~$", "._", ".")):
            warnings.warn(
                f"{printable(path.name)}: skipped (a spreadsheet's lock file or a system file, "
                "not a coded sheet)",
                stacklevel=2,
            )
            continue
        target = path.resolve()
        if not target.is_relative_to(inside):
            raise CodingSheetError(
                f"{printable(path.name)}: a link to outside {folder}; "
                "copy the sheet into the folder instead"
            )
        if not target.is_file():
            raise CodingSheetError(f"{printable(path.name)}: not a regular file")
        sheets.append(path)
    return sheets


def read_sheet(path: str | Path, sample: Sample, *, complete: bool = True) -> pd.DataFrame:
    """One coder's sheet, checked against the sample: one row per unit, answers as codes spell them.

    Args:
        path: the CSV.
        sample: the sample it codes.
        complete: refuse empty answers and missing units (``False`` for a sheet in progress).

    Raises:
        CodingSheetError: naming the sheet, the row (as a spreadsheet numbers it) and
            each problem: wrong sample, unknown or repeated unit, no coder, an empty or
            out-of-range answer, a unit of the sample missing, a column twice. Names,
            units and answers from the sheet are shown with control characters escaped.
    """
    path = Path(path)
    name_of = printable(path.name)
    if path.exists() and not path.is_file():
        raise CodingSheetError(f"{name_of}: not a regular file")
    try:
        with path.open(encoding=SHEET_ENCODING, newline="") as handle:
            header = next(csv.reader(handle), [])
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=SHEET_ENCODING)
    except (OSError, ValueError, csv.Error, pd.errors.ParserError) as exc:
        raise CodingSheetError(f"{name_of}: not a readable CSV ({printable(exc)})") from exc
    twice = sorted(c for c, n in Counter(h.strip() for h in header).items() if n > 1)
    if twice:
        raise CodingSheetError(f"{name_of}: column {', '.join(map(printable, twice))} twice")
    names = [c.name for c in sample.codes]
    missing = [c for c in ("sample_id", "unit_id", "coder", *names) if c not in sheet]
    if missing:
        raise CodingSheetError(f"{name_of}: no column {', '.join(missing)}")
    known = set(sample.design["unit_id"])
    sheet = sheet.reset_index(drop=True)
    problems: list[tuple[int, int, str]] = []  # (row, order within the row, problem)

    def add(mask: pd.Series, order: int, said: str | Callable[[int], str]) -> None:
        """The problem ``said`` (or ``said(row)``, worked out only where it is) of each row
        where ``mask`` holds."""
        rows = np.flatnonzero(mask.to_numpy())
        problems.extend((i, order, said if isinstance(said, str) else said(i)) for i in rows)

    wrong = sheet["sample_id"] != sample.sample_id
    unknown = ~wrong & ~sheet["unit_id"].isin(known)
    good = ~wrong & ~unknown
    given = sheet["sample_id"].tolist()
    add(
        wrong, 0, lambda i: f"from sample {printable(given[i] or '(none)')}, not {sample.sample_id}"
    )
    add(unknown, 0, "unknown unit id")
    add(good & sheet["unit_id"].where(good).duplicated(), 1, "unit coded twice")
    add(good & (sheet["coder"].str.strip() == ""), 2, "no coder name")
    for order, code in enumerate(sample.codes, start=3):
        raw = sheet[code.name]
        value = raw.str.strip().str.lower()
        if code.name == "tone":
            value = value.str.lstrip("+").str.replace(r"\.0$", "", regex=True)
        allowed = [v for v, _ in code.values]
        empty, valid = raw.str.strip() == "", value.isin(allowed)
        if complete:
            add(good & empty, order, f"{code.name} is empty")
        typed, listed = raw.tolist(), ", ".join(allowed)
        add(
            good & ~empty & ~valid,
            order,
            lambda i, n=code.name, t=typed, a=listed: (
                f"{n} {printable(repr(t[i]))} is not one of {a}"
            ),
        )
        sheet.loc[good & ~empty & valid, code.name] = value
    seen = set(sheet.loc[good, "unit_id"])
    units = sheet["unit_id"].tolist()
    problems.sort()
    said = [
        f"{name_of}, row {i + 2} (unit {printable(units[i] or '?')}): {problem}"
        for i, _, problem in problems[:21]
    ] + [""] * max(0, len(problems) - 21)  # counted, not spelt out
    if complete and not said and (absent := sorted(known - seen)):
        said.append(f"{name_of}: units of the sample not coded: {', '.join(absent[:10])}")
    coders = {c.strip() for c in sheet["coder"] if c.strip()}
    if len(coders) > 1:
        listed = ", ".join(printable(c) for c in sorted(coders)[:10])
        said.append(f"{name_of}: several coders in one sheet ({listed})")
    if said:
        more = f"\n  ... and {len(said) - 20} more" if len(said) > 20 else ""
        raise CodingSheetError("\n  ".join([f"{name_of} cannot be read:", *said[:20]]) + more)
    sheet["coder"] = sheet["coder"].str.strip()
    return sheet


def read_sheets(sample: Sample, folder: str | Path | None = None) -> pd.DataFrame:
    """Every coded sheet (``*.csv``) of ``folder`` (default: the sample's ``sheets/``), checked.

    Returns one row per unit, coder and code: ``unit_id``, ``coder``, ``code``, ``value``.

    Raises:
        CodingSheetError: a bad sheet (see :func:`read_sheet`), two sheets by one
            coder, or fewer than one sheet.
    """
    if folder is None:
        if sample.folder is None:
            raise CodingSheetError("the sample has no folder; pass the folder of coded sheets")
        folder = sample.folder / "sheets"
    sheets = sheet_paths(folder)
    if not sheets:
        raise CodingSheetError(f"no coded sheets (*.csv) in {folder}")
    frames, by_coder = [], {}
    for path in sheets:
        sheet = read_sheet(path, sample)
        coder = sheet["coder"].iloc[0]
        if coder in by_coder:
            raise CodingSheetError(
                f"{printable(path.name)} and {printable(by_coder[coder])} are both by coder "
                f"{printable(repr(coder))}: "
                "one sheet per coder (rename the coder if two people share a name)"
            )
        by_coder[coder] = path.name
        frames.append(
            sheet.melt(["unit_id", "coder"], [c.name for c in sample.codes], "code", "value")
        )
    return pd.concat(frames, ignore_index=True)
