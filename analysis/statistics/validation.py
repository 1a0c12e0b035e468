"""Check the measures on your own corpus: sample, hand-code, agreement, corrected comparison.

Measures validated on other people's data need not carry over to a new corpus,
so quantitative content analysis checks them against manual coding of the corpus
at hand. This module does that end to end:

1. :func:`draw_sample` draws units (sentences, paragraphs or articles), stratified
   by group and by the suite's own decisions (hedged, human interest), so rare
   positives are present; every unit keeps its inclusion probability, and every
   figure below is weighted back to the corpus with its inverse. The coder's sheet
   (:func:`write_sample`) holds the unit and its context in shuffled order and
   nothing the suite decided; the suite's answers stay in ``design.csv``.
2. :func:`read_sheets` reads the coded sheets back, refusing (:class:`CodingSheetError`,
   naming sheet, row and problem) unknown units, missing or out-of-range codes,
   a sheet of another sample and two sheets by one coder.
3. :func:`intercoder_agreement`: Krippendorff's alpha per code (``krippendorff``
   package) at the code's level of measurement, with a bootstrap interval over
   units; :func:`disagreements` lists where coders differ.
4. :func:`suite_agreement`: the suite against each coder and their consensus:
   precision, recall and F1 for yes/no codes, Spearman and Pearson for tone
   (weighted to the corpus), and alpha with the suite as one more coder;
   :func:`suite_errors` lists the units the suite got wrong with what fired.
5. :func:`corrected_comparison`: the group difference of each yes/no measure
   before and after correcting for the suite's error rates in each group, as
   estimated on the coded sample (calibration, and Rogan & Gladen 1978), with
   intervals from a bootstrap that redraws both the coded sample (within
   strata) and the suite's corpus prevalence; and whether the difference survives.

Intervals treat units as independent draws: sentences of one article are not,
so on a corpus of few articles they are too narrow (``compare_groups`` resamples
articles). Nothing here is fitted on the coded data beyond the error rates the
correction estimates from it, and those are reported beside the corrected figure.

Sources:
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    Rogan, W. J. & Gladen, B. (1978). Estimating prevalence from the results of a
    screening test. American Journal of Epidemiology 107(1), 71-76.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Literal

import krippendorff
import numpy as np
import pandas as pd

from analysis.measures import tone
from analysis.scoring.score import doc_cues, explain
from analysis.statistics.codebook import Code, codebook_html, codebook_markdown, codes, suite_codes
from analysis.text import make_doc

Unit = Literal["sentence", "paragraph", "article"]
UNITS: tuple[str, ...] = ("sentence", "paragraph", "article")
#: The sheet's columns before the codes; a ``note`` column follows them.
SHEET_CONTEXT = (
    "sample_id",
    "unit_id",
    "coder",
    "title",
    "context_before",
    "text",
    "context_after",
)
#: The suite decisions the sample is stratified by, within each group.
STRATIFY_BY = ("hedged", "human_interest")
#: A coder of this name is the adjudicated reference, when a sheet has it.
ADJUDICATED = "adjudicated"
#: Fewest coded units per group for a corrected comparison; fewer is "too small to say".
MIN_CODED = 10
#: Share of bootstrap replicates that may fail (no positive coded, say) before a
#: corrected figure is called too uncertain to report.
MAX_FAILED = 0.1
#: Sheets are UTF-8 with a byte-order mark, which spreadsheets need to show curly quotes and
#: accents right; reading accepts sheets with or without it.
SHEET_ENCODING = "utf-8-sig"
_PARAGRAPH = re.compile(r"[^\n]+")


class CodingSheetError(ValueError):
    """A coded sheet cannot be read: the message names the sheet, the row and the problem."""


@dataclass(frozen=True)
class Sample:
    """A drawn sample: its id, the design (one row per unit) and the corpus totals.

    ``design`` has ``unit_id``, ``doc_id``, ``group``, the unit's span, its text and
    context, its ``stratum``, ``stratum_units`` (N_h), ``stratum_sample`` (n_h),
    ``inclusion_probability`` and ``weight`` (its inverse), and the suite's answer to
    every code as ``suite_<code>`` (with ``suite_tone_score``). ``population`` has, per
    group, ``units`` and the suite's positives of every yes/no code.
    """

    sample_id: str
    unit: str
    seed: int
    design: pd.DataFrame
    population: pd.DataFrame
    folder: Path | None = None
    code_names: tuple[str, ...] = ()

    @property
    def codes(self) -> list[Code]:
        """The codes this sample was drawn with that the codebook still has, in its order."""
        drawn = set(self.code_names or codes())
        return [c for name, c in codes().items() if name in drawn]

    def sheet(self) -> pd.DataFrame:
        """The blank coding sheet: context and empty codes, shuffled, nothing the suite said."""
        sheet = self.design[[c for c in SHEET_CONTEXT if c in self.design]].copy()
        sheet.insert(0, "sample_id", self.sample_id)
        sheet.insert(2, "coder", "")
        names = [c.name for c in self.codes]
        for name in names:
            sheet[name] = ""
        sheet["note"] = ""
        return sheet[[*SHEET_CONTEXT, *names, "note"]]


# --- 1. sampling --------------------------------------------------------------------


def _spans(text: str, doc, unit: str) -> list[tuple[int, int]]:
    if unit == "sentence":
        return [(s.start, s.end) for s in doc.sentences]
    if unit == "paragraph":
        return [m.span() for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    return [(0, len(text))] if text.strip() else []


def corpus_units(articles: pd.DataFrame, *, unit: Unit = "sentence") -> pd.DataFrame:
    """Every unit of a corpus with its context and the suite's answer to every code.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "group": ["wire"], "title": ["T"],
    ...                        "text": ["Talks may resume. Marco, a fisherman, wept."]})
    >>> corpus_units(corpus)[["text", "suite_hedged", "suite_hi_human_example"]].values.tolist()
    [['Talks may resume.', 'yes', 'no'], ['Marco, a fisherman, wept.', 'no', 'yes']]
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    rows = []
    for article in articles.itertuples(index=False):
        text = article.text
        doc = make_doc(text)
        cues, tones = doc_cues(doc), tone.sentence_tones(doc)
        spans = _spans(text, doc, unit)
        for k, (start, end) in enumerate(spans):
            answers = suite_codes(doc, cues, tones, start, end)
            rows.append(
                {
                    "doc_id": article.doc_id,
                    "group": article.group,
                    "position": k,
                    "start": start,
                    "end": end,
                    "title": str(getattr(article, "title", "") or ""),
                    "context_before": text[slice(*spans[k - 1])].strip() if k else "",
                    "text": text[start:end].strip(),
                    "context_after": text[slice(*spans[k + 1])].strip()
                    if k + 1 < len(spans)
                    else "",
                    **{f"suite_{name}": value for name, value in answers.items()},
                }
            )
    return pd.DataFrame(rows)


def _allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Equal allocation over strata, capped by each stratum's size, leftovers passed on."""
    alloc = dict.fromkeys(sizes, 0)
    remaining = min(n, sum(sizes.values()))
    while remaining:
        open_ = sorted(k for k in sizes if alloc[k] < sizes[k])
        share = max(remaining // len(open_), 1)
        for k in open_:
            give = min(share, sizes[k] - alloc[k], remaining)
            alloc[k] += give
            remaining -= give
    return alloc


def draw_sample(
    articles: pd.DataFrame, *, unit: Unit = "sentence", n: int = 40, seed: int = 0
) -> Sample:
    """Draw ``n`` units, stratified by group and the suite's decisions, and record the design.

    Strata are group × suite ``hedged`` × suite ``human_interest``; each gets an equal
    share of ``n`` (all its units when it has fewer), so a rare decision is coded
    often enough to measure the suite's errors on it. A unit's inclusion probability
    is its stratum's ``n_h / N_h``. The sheet order is shuffled and unit ids follow it,
    so neither reveals the stratum.

    Args:
        articles: a corpus from :func:`analysis.corpus.load_corpus` (``doc_id``,
            ``group``, ``text``; ``title`` when present).
        unit: what a coder codes: a sentence, a paragraph or a whole article.
        n: units to draw (all of them when the corpus has fewer).
        seed: the random seed; the same seed and corpus give the same sample.

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["wire", "colour"],
    ...                        "text": ["It may rain. It rained.", "Ask yourself. Why?"]})
    >>> sample = draw_sample(corpus, n=3, seed=1)
    >>> len(sample.design), float(sample.design["weight"].sum())
    (3, 4.0)
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    units = corpus_units(articles, unit=unit)
    if units.empty:
        raise ValueError("the corpus has no text to sample from")
    units["stratum"] = units["group"].astype(str)
    for name in STRATIFY_BY:
        units["stratum"] += f"|{name}=" + units[f"suite_{name}"]
    units = units.sort_values(["stratum", "doc_id", "start"], kind="stable").reset_index(drop=True)
    sizes = units["stratum"].value_counts().to_dict()
    alloc = _allocate(sizes, n)
    rng = np.random.default_rng(seed)
    picked = []
    for stratum in sorted(alloc):
        members = np.flatnonzero(units["stratum"].to_numpy() == stratum)
        picked.extend(rng.choice(members, size=alloc[stratum], replace=False).tolist())
    design = units.loc[picked].copy()
    design["stratum_units"] = design["stratum"].map(sizes)
    design["stratum_sample"] = design["stratum"].map(alloc)
    design["inclusion_probability"] = design["stratum_sample"] / design["stratum_units"]
    design["weight"] = 1 / design["inclusion_probability"]
    design = design.iloc[rng.permutation(len(design))].reset_index(drop=True)
    width = len(str(len(design)))
    design.insert(0, "unit_id", [f"u{i + 1:0{width}d}" for i in range(len(design))])
    key = "\n".join(
        [unit, str(seed), *(f"{r.doc_id}:{r.start}:{r.end}" for r in design.itertuples())]
    )
    sample_id = "s-" + hashlib.sha256(key.encode()).hexdigest()[:10]
    return Sample(sample_id, unit, seed, design, _population(units), code_names=tuple(codes()))


def _population(units: pd.DataFrame) -> pd.DataFrame:
    """Per group: its units and the suite's "yes" count for every yes/no code."""
    binary = [c.name for c in codes().values() if c.binary and f"suite_{c.name}" in units]
    return (
        units.assign(**{f"suite_{b}": units[f"suite_{b}"].eq("yes") for b in binary})
        .groupby("group", sort=True)
        .agg(units=("doc_id", "size"), **{f"suite_{b}": (f"suite_{b}", "sum") for b in binary})
        .reset_index()
    )


def rescore(sample: Sample, articles: pd.DataFrame) -> Sample:
    """The sample with the suite's answers and corpus totals recomputed by the current suite.

    The design (strata, inclusion probabilities) stays as drawn; only the ``suite_*``
    columns and ``population`` change, so coded sheets stay valid after a measure
    changes and the agreement figures describe the suite as it is now.

    Raises:
        ValueError: a unit of the sample is not in ``articles`` (another corpus).
    """
    units = corpus_units(articles, unit=sample.unit)
    key = ["doc_id", "start", "end"]
    suite = [c for c in units if c.startswith("suite_")]
    design = sample.design.drop(columns=[c for c in sample.design if c.startswith("suite_")])
    merged = design.merge(units[key + suite], on=key, how="left", validate="one_to_one")
    lost = merged[merged[suite[0]].isna()]
    if not lost.empty:
        raise ValueError(
            f"{len(lost)} units of sample {sample.sample_id} are not in this corpus "
            f"(first: {lost['doc_id'].iloc[0]}, characters "
            f"{lost['start'].iloc[0]}-{lost['end'].iloc[0]})"
        )
    return Sample(
        sample.sample_id,
        sample.unit,
        sample.seed,
        merged,
        _population(units),
        sample.folder,
        sample.code_names,
    )


_README = """# Coding sample {sample_id}

{n} {unit}s drawn from the corpus, stratified by group and by the suite's decisions.

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
        _README.format(sample_id=sample.sample_id, n=len(sample.design), unit=sample.unit),
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
    )


# --- 2. reading coded sheets --------------------------------------------------------


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


# --- 3. agreement -------------------------------------------------------------------


def _matrix(coded: pd.DataFrame, code: Code, coders: Iterable[str], units: list[str]) -> np.ndarray:
    """Reliability data: one row per coder, one column per unit, NaN where not coded."""
    table = coded[coded["code"] == code.name].pivot(
        index="coder", columns="unit_id", values="value"
    )
    table = table.reindex(index=list(coders), columns=units)
    return table.map(lambda v: code.number(v) if isinstance(v, str) else np.nan).to_numpy(float)


def _alpha(data: np.ndarray, code: Code) -> float:
    domain = sorted({code.number(v) for v, _ in code.values})
    try:
        with np.errstate(invalid="ignore", divide="ignore"):  # one value only: alpha is NaN
            return float(
                krippendorff.alpha(data, level_of_measurement=code.level, value_domain=domain)
            )
    except (ValueError, ZeroDivisionError):  # fewer than two values in the domain used
        return np.nan


def _alpha_with_interval(
    data: np.ndarray, code: Code, rng: np.random.Generator, resamples: int
) -> tuple[float, float, float]:
    """Alpha and a 95% percentile interval from resampling units (columns) with replacement."""
    point = _alpha(data, code)
    k = data.shape[1]
    boot = [_alpha(data[:, rng.integers(0, k, k)], code) for _ in range(resamples)]
    low, high = np.nanpercentile(boot, [2.5, 97.5]) if np.isfinite(boot).any() else (np.nan,) * 2
    return point, float(low), float(high)


def _coders(coded: pd.DataFrame) -> list[str]:
    return sorted(set(coded["coder"]) - {ADJUDICATED})


def intercoder_agreement(
    sample: Sample, coded: pd.DataFrame, *, resamples: int = 1000, seed: int = 0
) -> pd.DataFrame:
    """Krippendorff's alpha between coders for every code, with a 95% bootstrap interval.

    Alpha is computed on the coded sample as drawn (not weighted: it describes the
    coders, and the stratified sample holds the rare cases reliability needs).

    Returns:
        One row per code: ``code``, ``level``, ``units``, ``coders``, ``agreement``
        (share of units where all coders agree), ``alpha``, ``alpha_low``, ``alpha_high``.
    """
    coders = _coders(coded)
    if len(coders) < 2:
        raise CodingSheetError(f"agreement needs two coders' sheets, got {len(coders)}")
    rng = np.random.default_rng(seed)
    units = sample.design["unit_id"].tolist()
    rows = []
    for code in sample.codes:
        data = _matrix(coded, code, coders, units)
        point, low, high = _alpha_with_interval(data, code, rng, resamples)
        rows.append(
            {
                "code": code.name,
                "level": code.level,
                "units": int(((~np.isnan(data)).sum(axis=0) >= 2).sum()),
                "coders": len(coders),
                "agreement": float(np.mean(np.nanmax(data, 0) == np.nanmin(data, 0))),
                "alpha": point,
                "alpha_low": low,
                "alpha_high": high,
            }
        )
    return pd.DataFrame(rows)


def disagreements(sample: Sample, coded: pd.DataFrame) -> pd.DataFrame:
    """Units and codes where the coders differ: one row each, every coder's answer and the text."""
    wide = coded[coded["coder"] != ADJUDICATED].pivot_table(
        index=["unit_id", "code"], columns="coder", values="value", aggfunc="first"
    )
    differ = wide[wide.nunique(axis=1) > 1].reset_index()
    order = {name: i for i, name in enumerate(codes())}
    differ = differ.sort_values(
        ["unit_id", "code"], key=lambda s: s.map(order) if s.name == "code" else s
    )
    text = sample.design.set_index("unit_id")["text"]
    return differ.assign(text=differ["unit_id"].map(text)).reset_index(drop=True)


def consensus(coded: pd.DataFrame) -> pd.DataFrame:
    """The reference answer per unit and code: the adjudicated sheet's when there is one,
    else the coders' majority (a tie has none); for tone, the coders' median point.

    Returns ``unit_id``, ``code``, ``value`` (tone as a number, others as the codebook spells them).
    """
    if ADJUDICATED in set(coded["coder"]):
        ref = coded[coded["coder"] == ADJUDICATED][["unit_id", "code", "value"]]
        return ref.assign(
            value=[float(v) if c == "tone" else v for c, v in zip(ref.code, ref.value, strict=True)]
        )

    tone_rows = coded["code"] == "tone"
    tone = coded[tone_rows].assign(value=lambda d: d["value"].astype(float))
    tone = tone.groupby(["unit_id", "code"])["value"].median().reset_index()
    counts = coded[~tone_rows].groupby(["unit_id", "code", "value"]).size().rename("n")
    counts = counts.reset_index().sort_values("n", ascending=False, kind="stable")
    rank = counts.groupby(["unit_id", "code"])["n"].rank(method="first", ascending=False)
    top = counts[rank == 1].set_index(["unit_id", "code"])
    runner_up = counts[rank == 2].set_index(["unit_id", "code"])["n"].reindex(top.index)
    majority = top[top["n"] > runner_up.fillna(0)].reset_index()[["unit_id", "code", "value"]]
    return pd.concat([majority, tone], ignore_index=True)


def _resampled(
    design: pd.DataFrame, rng: np.random.Generator, resamples: int
) -> Iterable[np.ndarray]:
    """Row indexes of ``design`` resampled with replacement within each stratum (a
    stratified bootstrap: the design's weights stay right in every replicate)."""
    strata = [np.flatnonzero(design["stratum"].to_numpy() == s) for s in design["stratum"].unique()]
    for _ in range(resamples):
        yield np.concatenate([s[rng.integers(0, len(s), len(s))] for s in strata])


def _interval(
    stat: Callable[[np.ndarray], float],
    design: pd.DataFrame,
    rng: np.random.Generator,
    resamples: int,
) -> tuple[float, float, float]:
    point = stat(np.arange(len(design)))
    boot = np.array([stat(i) for i in _resampled(design, rng, resamples)])
    if not np.isfinite(point) or np.isfinite(boot).mean() < 1 - MAX_FAILED:
        return point, np.nan, np.nan
    low, high = np.nanpercentile(boot, [2.5, 97.5])
    return point, float(low), float(high)


def _prf(s: np.ndarray, t: np.ndarray, w: np.ndarray) -> tuple[float, float, float]:
    tp, fp, fn = (w * s * t).sum(), (w * s * (1 - t)).sum(), (w * (1 - s) * t).sum()
    precision = tp / (tp + fp) if tp + fp else np.nan
    recall = tp / (tp + fn) if tp + fn else np.nan
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else np.nan
    return precision, recall, f1


def _weighted_pearson(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    if len(x) < 3:
        return np.nan
    mx, my = np.average(x, weights=w), np.average(y, weights=w)
    cov = np.average((x - mx) * (y - my), weights=w)
    sx, sy = np.average((x - mx) ** 2, weights=w), np.average((y - my) ** 2, weights=w)
    return float(cov / np.sqrt(sx * sy)) if sx > 0 and sy > 0 else np.nan


def suite_agreement(
    sample: Sample, coded: pd.DataFrame, *, resamples: int = 1000, seed: int = 0
) -> pd.DataFrame:
    """How well the suite agrees with each coder and with their consensus, code by code.

    Yes/no codes get precision, recall and F1 of the suite's "yes"; tone gets
    Spearman and Pearson correlations of the suite's unrounded tone with the coded
    points; both are weighted by the inverse inclusion probabilities (so they
    describe the corpus, not the stratified sample) with a stratified-bootstrap 95%
    interval. Every code also gets Krippendorff's alpha with the suite as one more
    coder beside the human ones (on the sample as drawn, unweighted).
    Spearman here is the weighted Pearson correlation of the ranks.

    Returns:
        One row per code and reference (each coder, then ``consensus``): ``code``,
        ``reference``, ``units``, ``statistic``, ``value``, ``low``, ``high``.
    """
    rng = np.random.default_rng(seed)
    design = sample.design
    references = {
        c: coded[coded["coder"] == c][["unit_id", "code", "value"]] for c in _coders(coded)
    }
    references["consensus"] = consensus(coded)
    rows = []
    for code in sample.codes:
        for name, ref in references.items():
            answers = ref[ref["code"] == code.name].set_index("unit_id")["value"]
            keep = design["unit_id"].isin(answers.index).to_numpy()
            d = design[keep].reset_index(drop=True)
            if d.empty:
                continue
            truth = d["unit_id"].map(answers)
            w = d["weight"].to_numpy(float)
            stats: dict[str, Callable[[np.ndarray], float]] = {}
            if code.binary:
                s = d[f"suite_{code.name}"].eq("yes").to_numpy(float)
                t = truth.eq("yes").to_numpy(float)
                for k, label in enumerate(("precision", "recall", "F1")):
                    stats[label] = lambda i, k=k, s=s, t=t, w=w: _prf(s[i], t[i], w[i])[k]
            elif code.name == "tone":
                x = d["suite_tone_score"].to_numpy(float)
                y = truth.astype(float).to_numpy()
                stats["Spearman"] = lambda i, x=x, y=y, w=w: _weighted_pearson(
                    pd.Series(x[i]).rank().to_numpy(), pd.Series(y[i]).rank().to_numpy(), w[i]
                )
                stats["Pearson"] = lambda i, x=x, y=y, w=w: _weighted_pearson(x[i], y[i], w[i])
            for label, stat in stats.items():
                point, low, high = _interval(stat, d, rng, resamples)
                rows.append(_agreement_row(code.name, name, len(d), label, point, low, high))
            if name == "consensus":
                units = design["unit_id"].tolist()
                data = np.vstack(
                    [
                        _matrix(coded, code, _coders(coded), units),
                        [code.number(v) for v in design[f"suite_{code.name}"]],
                    ]
                )
                point, low, high = _alpha_with_interval(data, code, rng, resamples)
                rows.append(
                    _agreement_row(
                        code.name, "coders + suite", len(units), "alpha", point, low, high
                    )
                )
    return pd.DataFrame(rows, columns=_AGREEMENT_COLUMNS)


_AGREEMENT_COLUMNS = ["code", "reference", "units", "statistic", "value", "low", "high"]


def _agreement_row(*values: object) -> dict[str, object]:
    return dict(zip(_AGREEMENT_COLUMNS, values, strict=True))


def suite_errors(sample: Sample, coded: pd.DataFrame) -> pd.DataFrame:
    """Units where the suite's yes/no answer differs from the coders' consensus, with evidence.

    Returns ``unit_id``, ``doc_id``, ``code``, ``suite``, ``coders`` (each coder's
    answer), ``error`` (false positive or false negative), ``fired`` (the cues the
    suite found in the unit: text, category and rule) and ``text``.
    """
    ref = consensus(coded).set_index(["unit_id", "code"])["value"]
    answers = coded.pivot_table(
        index=["unit_id", "code"], columns="coder", values="value", aggfunc="first"
    )
    texts = sample.design.set_index("unit_id")
    docs = {}
    rows = []
    for code in (c for c in sample.codes if c.binary):
        for unit in texts.itertuples():
            truth = ref.get((unit.Index, code.name))
            suite = getattr(unit, f"suite_{code.name}")
            if truth is None or truth == suite:
                continue
            fired = _fired(sample, unit, code, docs)
            coders = answers.loc[(unit.Index, code.name)].dropna()
            rows.append(
                {
                    "unit_id": unit.Index,
                    "doc_id": unit.doc_id,
                    "code": code.name,
                    "suite": suite,
                    "coders": ", ".join(f"{c}: {v}" for c, v in coders.items()),
                    "error": "false positive" if suite == "yes" else "false negative",
                    "fired": fired or "(nothing)",
                    "text": unit.text,
                }
            )
    return pd.DataFrame(
        rows, columns=["unit_id", "doc_id", "code", "suite", "coders", "error", "fired", "text"]
    )


def _fired(sample: Sample, unit, code: Code, docs: dict) -> str:
    """The cues behind the suite's answer, found again in the unit's own text."""
    measure = "hedge" if code.name == "hedged" else "human_interest"
    if unit.text not in docs:
        docs[unit.text] = explain(unit.text)
    cues = docs[unit.text]
    cues = cues[cues["measure"] == measure]
    if code.name.startswith("hi_"):
        cues = cues[cues["category"] == code.name[3:]]
    return "; ".join(f"“{c.text}” ({c.category}: {c.rule})" for c in cues.itertuples())


# --- 4. prevalence and the corrected comparison ---------------------------------------


def weighted_prevalence(values: pd.Series, design: pd.DataFrame) -> tuple[float, float, float]:
    """The corpus share of units coded "yes", from a stratified sample, with a 95% interval.

    The stratified estimator ``sum_h (N_h / N) p_h`` and its variance
    ``sum_h (N_h / N)^2 (1 - n_h / N_h) s_h^2 / n_h`` (Cochran 1977, 5.5), a normal
    interval clipped to 0..1. ``values`` are yes/no answers indexed like ``design``;
    the strata and their sizes come from ``design``.

    >>> design = pd.DataFrame({"stratum": ["a", "a", "b", "b"], "stratum_units": [10, 10, 30, 30]})
    >>> round(weighted_prevalence(pd.Series(["yes", "no", "no", "no"]), design)[0], 3)
    0.125
    """
    y = values.eq("yes").astype(float)
    total = design.groupby("stratum")["stratum_units"].first().sum()
    estimate, variance = 0.0, 0.0
    for _stratum, rows in design.groupby("stratum"):
        size, n = rows["stratum_units"].iloc[0], len(rows)
        share = size / total
        p = y.loc[rows.index].mean()
        s2 = y.loc[rows.index].var(ddof=1) if n > 1 else 0.0
        estimate += share * p
        variance += share**2 * (1 - n / size) * s2 / n
    half = 1.959964 * np.sqrt(variance)
    return float(estimate), float(max(estimate - half, 0.0)), float(min(estimate + half, 1.0))


def _corrected(q: float, s: np.ndarray, t: np.ndarray, w: np.ndarray, method: str) -> float:
    """A group's true prevalence from the suite's corpus prevalence ``q`` and the coded sample."""
    if method == "calibration":  # P(true | suite) averaged over the corpus's suite answers
        yes, no = w * s, w * (1 - s)
        if (q > 0 and not yes.sum()) or (q < 1 and not no.sum()):
            return np.nan
        ppv = (yes * t).sum() / yes.sum() if yes.sum() else 0.0
        missed = (no * t).sum() / no.sum() if no.sum() else 0.0
        return q * ppv + (1 - q) * missed
    positives, negatives = (w * t).sum(), (w * (1 - t)).sum()
    if not positives or not negatives:
        return np.nan
    sensitivity = (w * s * t).sum() / positives
    specificity = (w * (1 - s) * (1 - t)).sum() / negatives
    youden = sensitivity + specificity - 1
    return float(np.clip((q + specificity - 1) / youden, 0, 1)) if youden > 0.05 else np.nan


def _verdict(raw: tuple[float, float], corrected: tuple[float, float]) -> str:
    def sign(interval: tuple[float, float]) -> int:
        return 1 if interval[0] > 0 else -1 if interval[1] < 0 else 0

    before, after = sign(raw), sign(corrected)
    if before and after == before:
        return "the difference survives the correction"
    if before and after == -before:
        return "the difference reverses after the correction"
    if before:
        return "the difference does not survive the correction (its interval includes 0)"
    if after:
        return "a difference appears only after the correction"
    return "no difference either way"


def corrected_comparison(
    sample: Sample,
    coded: pd.DataFrame,
    *,
    resamples: int = 1000,
    seed: int = 0,
    methods: Iterable[str] = ("calibration", "rogan_gladen"),
) -> pd.DataFrame:
    """Each yes/no measure's group difference, uncorrected and corrected for the suite's errors.

    The uncorrected share is the suite's share of "yes" over every unit of the group
    (``sample.population``). The correction estimates the suite's error rates in each
    group from the coded sample (weighted), separately per group because error that
    differs between groups can create or hide a difference:

    * ``calibration``: P(coded yes | suite yes) and P(coded yes | suite no), averaged
      over the group's suite answers (a regression calibration of the share);
    * ``rogan_gladen``: (q + specificity - 1) / (sensitivity + specificity - 1), with
      q the suite's share; undefined when the suite is barely better than chance.

    Intervals (95%, percentile) come from a bootstrap that redraws the coded sample
    within strata and the suite's corpus share from its binomial, so they carry the
    coded sample's own uncertainty. A group with fewer than :data:`MIN_CODED` coded
    units, or a correction undefined in more than :data:`MAX_FAILED` of the
    replicates, is reported as too small to say.

    Returns:
        One row per yes/no code, pair of groups and method: the uncorrected shares
        and difference (``a - b``) with interval, the corrected ones, coded units per
        group and a ``verdict`` in words.
    """
    rng = np.random.default_rng(seed)
    ref = consensus(coded)
    population = sample.population.set_index("group")
    groups = population.index.tolist()
    rows = []
    for code in (c for c in sample.codes if c.binary and c.name in set(ref["code"])):
        truth = ref[ref["code"] == code.name].set_index("unit_id")["value"]
        design = sample.design[sample.design["unit_id"].isin(truth.index)].reset_index(drop=True)
        s = design[f"suite_{code.name}"].eq("yes").to_numpy(float)
        t = design["unit_id"].map(truth).eq("yes").to_numpy(float)
        w = design["weight"].to_numpy(float)
        members = {g: design["group"].eq(g).to_numpy() for g in groups}
        sizes = population["units"].astype(int)
        q = population[f"suite_{code.name}"].astype(float) / sizes
        replicates = list(_resampled(design, rng, resamples))
        q_draws = {g: rng.binomial(sizes[g], q[g], resamples) / sizes[g] for g in groups}
        whole = np.arange(len(design))
        for method in methods:
            point, boot = {}, {}
            for g in groups:
                mine = [i[members[g][i]] for i in [whole, *replicates]]
                found = [
                    _corrected(qg, s[i], t[i], w[i], method)
                    for qg, i in zip([q[g], *q_draws[g]], mine, strict=True)
                ]
                point[g], boot[g] = found[0], np.array(found[1:])
            for a, b in combinations(groups, 2):
                raw = q_draws[a] - q_draws[b]
                raw_ci = tuple(np.percentile(raw, [2.5, 97.5]))
                diff = boot[a] - boot[b]
                coded_a, coded_b = int(members[a].sum()), int(members[b].sum())
                too_small = (
                    min(coded_a, coded_b) < MIN_CODED
                    or not np.isfinite(point[a] - point[b])
                    or np.isfinite(diff).mean() < 1 - MAX_FAILED
                )
                ci = (np.nan, np.nan) if too_small else tuple(np.nanpercentile(diff, [2.5, 97.5]))
                rows.append(
                    {
                        "code": code.name,
                        "group_a": a,
                        "group_b": b,
                        "method": method,
                        "suite_share_a": q[a],
                        "suite_share_b": q[b],
                        "uncorrected_difference": q[a] - q[b],
                        "uncorrected_low": raw_ci[0],
                        "uncorrected_high": raw_ci[1],
                        "corrected_share_a": point[a],
                        "corrected_share_b": point[b],
                        "corrected_difference": point[a] - point[b],
                        "corrected_low": ci[0],
                        "corrected_high": ci[1],
                        "coded_a": coded_a,
                        "coded_b": coded_b,
                        "verdict": f"the coded sample is too small to say (at least {MIN_CODED} "
                        "coded units per group, with coded yes and no, are needed)"
                        if too_small
                        else _verdict(raw_ci, ci),
                    }
                )
    return pd.DataFrame(rows)


def error_rates(sample: Sample, coded: pd.DataFrame) -> pd.DataFrame:
    """The suite's error rates per group and yes/no code against the consensus, weighted to
    the corpus: sensitivity, specificity, and the coded units they rest on."""
    ref = consensus(coded)
    rows = []
    for code in (c for c in sample.codes if c.binary):
        truth = ref[ref["code"] == code.name].set_index("unit_id")["value"]
        design = sample.design[sample.design["unit_id"].isin(truth.index)]
        for group, d in design.groupby("group"):
            s = d[f"suite_{code.name}"].eq("yes").to_numpy(float)
            t = d["unit_id"].map(truth).eq("yes").to_numpy(float)
            w = d["weight"].to_numpy(float)
            pos, neg = (w * t).sum(), (w * (1 - t)).sum()
            rows.append(
                {
                    "code": code.name,
                    "group": group,
                    "coded": len(d),
                    "coded_yes": int(t.sum()),
                    "sensitivity": (w * s * t).sum() / pos if pos else np.nan,
                    "specificity": (w * (1 - s) * (1 - t)).sum() / neg if neg else np.nan,
                }
            )
    return pd.DataFrame(rows)
