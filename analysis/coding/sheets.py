"""The coding sample's folder: writing the sheet and its companions, reading coded sheets back.

A coded sheet is data from people: every problem is reported with the sheet, the row
(as a spreadsheet numbers it) and what is wrong (:class:`CodingSheetError`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.coding.codebook import Code, codebook_html, codebook_markdown
from analysis.coding.sample import Sample

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
    sample.design.to_csv(out / "design.csv", index=False, lineterminator="\n")
    sample.population.to_csv(out / "population.csv", index=False, lineterminator="\n")
    sample.sheet().to_csv(
        out / "sheet.csv", index=False, lineterminator="\n", encoding=SHEET_ENCODING
    )
    allowed = [(c.name, v, label) for c in sample.codes for v, label in c.values]
    pd.DataFrame(allowed, columns=["code", "value", "label"]).to_csv(
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
    """A sample folder written by :func:`write_sample`."""
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
    for col in ("stratum_units", "stratum_sample", "start", "end", "position"):
        design[col] = design[col].astype(int)
    for col in ("inclusion_probability", "weight", "suite_tone_score"):
        design[col] = design[col].astype(float)
    return Sample(
        meta["sample_id"],
        meta["unit"],
        int(meta["seed"]),
        design,
        population,
        folder,
        tuple(meta["codes"]),
        meta.get("after", ""),
        int(meta.get("round", 1)),
    )


def _normalise(code: Code, raw: str) -> str | None:
    """The answer as the codebook spells it, or None when it is not one of its answers."""
    value = raw.strip().lower()
    if code.name == "tone":
        value = value.lstrip("+")
        value = value[:-2] if value.endswith(".0") else value
    return value if value in {v for v, _ in code.values} else None


def read_sheet(path: str | Path, sample: Sample, *, complete: bool = True) -> pd.DataFrame:
    """One coder's sheet, checked against the sample: one row per unit, answers as codes spell them.

    Args:
        path: the CSV.
        sample: the sample it codes.
        complete: refuse empty answers and missing units (``False`` for a sheet in progress).

    Raises:
        CodingSheetError: naming the sheet, the row (as a spreadsheet numbers it) and
            each problem: wrong sample, unknown or repeated unit, no coder, an empty or
            out-of-range answer, a unit of the sample missing.
    """
    path = Path(path)
    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=SHEET_ENCODING)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise CodingSheetError(f"{path.name}: not a readable CSV ({exc})") from exc
    names = [c.name for c in sample.codes]
    missing = [c for c in ("sample_id", "unit_id", "coder", *names) if c not in sheet]
    if missing:
        raise CodingSheetError(f"{path.name}: no column {', '.join(missing)}")
    known = set(sample.design["unit_id"])
    problems, seen = [], set()
    for i, row in sheet.iterrows():
        where = f"{path.name}, row {i + 2} (unit {row['unit_id'] or '?'})"
        if row["sample_id"] != sample.sample_id:
            problems.append(
                f"{where}: from sample {row['sample_id'] or '(none)'}, not {sample.sample_id}"
            )
            continue
        if row["unit_id"] not in known:
            problems.append(f"{where}: unknown unit id")
            continue
        if row["unit_id"] in seen:
            problems.append(f"{where}: unit coded twice")
        seen.add(row["unit_id"])
        if not row["coder"].strip():
            problems.append(f"{where}: no coder name")
        for code in sample.codes:
            name, raw = code.name, row[code.name]
            if not raw.strip():
                if complete:
                    problems.append(f"{where}: {name} is empty")
            elif (value := _normalise(code, raw)) is None:
                allowed = ", ".join(v for v, _ in code.values)
                problems.append(f"{where}: {name} {raw!r} is not one of {allowed}")
            else:
                sheet.at[i, name] = value
    if complete and not problems and (absent := sorted(known - seen)):
        problems.append(f"{path.name}: units of the sample not coded: {', '.join(absent[:10])}")
    names = {c.strip() for c in sheet["coder"] if c.strip()}
    if len(names) > 1:
        problems.append(f"{path.name}: several coders in one sheet ({', '.join(sorted(names))})")
    if problems:
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise CodingSheetError("\n  ".join([f"{path.name} cannot be read:", *problems[:20]]) + more)
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
    sheets = sorted(Path(folder).glob("*.csv"))
    if not sheets:
        raise CodingSheetError(f"no coded sheets (*.csv) in {folder}")
    frames, by_coder = [], {}
    for path in sheets:
        sheet = read_sheet(path, sample)
        coder = sheet["coder"].iloc[0]
        if coder in by_coder:
            raise CodingSheetError(
                f"{path.name} and {by_coder[coder]} are both by coder {coder!r}: "
                "one sheet per coder (rename the coder if two people share a name)"
            )
        by_coder[coder] = path.name
        frames.append(
            sheet.melt(["unit_id", "coder"], [c.name for c in sample.codes], "code", "value")
        )
    return pd.concat(frames, ignore_index=True)
