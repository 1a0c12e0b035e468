"""Agreement on a coded sample: between coders (Krippendorff's alpha), and of the suite with them.

Source: Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import krippendorff
import numpy as np
import pandas as pd

from analysis.coding.codebook import Code, codes
from analysis.coding.sample import Sample, stratified_bootstrap
from analysis.coding.sheets import CodingSheetError
from analysis.scoring.score import explain

#: A coder of this name is the adjudicated reference, when a sheet has it.
ADJUDICATED = "adjudicated"
#: Share of bootstrap replicates that may fail (no positive coded, say) before a
#: corrected figure is called too uncertain to report.
MAX_FAILED = 0.1
#: Krippendorff's alpha below which coders' answers are no standard for the suite: the
#: lowest level he calls conceivable for tentative conclusions.
MIN_ALPHA = 0.67


def _matrix(coded: pd.DataFrame, code: Code, coders: Iterable[str], units: list[str]) -> np.ndarray:
    """Reliability data: one row per coder, one column per unit, NaN where not coded."""
    table = coded[coded["code"] == code.name].pivot(
        index="coder", columns="unit_id", values="value"
    )
    table = table.reindex(index=list(coders), columns=units)
    return table.map(lambda v: code.number(v) if isinstance(v, str) else np.nan).to_numpy(float)


def _domain(code: Code) -> list:
    return sorted({code.number(v) for v, _ in code.values})


def _krippendorff(code: Code, **data: np.ndarray) -> float:
    """Krippendorff's alpha of ``reliability_data`` or ``value_counts``; NaN where undefined."""
    try:
        with np.errstate(invalid="ignore", divide="ignore"):  # one value only: alpha is NaN
            return float(
                krippendorff.alpha(
                    **data, level_of_measurement=code.level, value_domain=_domain(code)
                )
            )
    except (ValueError, ZeroDivisionError):  # fewer than two values in the domain used
        return np.nan


def _alpha(data: np.ndarray, code: Code) -> float:
    return _krippendorff(code, reliability_data=data)


def _alpha_with_interval(
    data: np.ndarray, code: Code, rng: np.random.Generator, resamples: int
) -> tuple[float, float, float]:
    """Alpha and a 95% percentile interval from resampling units (columns) with replacement.

    A resample's alpha comes from its units' value counts, the table krippendorff first
    makes of the data (so it is counted once, not once a resample); a resample holding a
    value outside the code's domain has no alpha, as the data would have none.
    """
    point = _alpha(data, code)
    k = data.shape[1]
    domain = np.asarray(_domain(code))
    counts = (data.T[..., np.newaxis] == domain).sum(axis=1)
    outside = (~np.isnan(data) & ~np.isin(data, domain)).any(axis=0)
    draws = rng.integers(0, k, (resamples, k))  # the numbers of one call a resample
    boot = [
        np.nan if outside[i].any() else _krippendorff(code, value_counts=counts[i]) for i in draws
    ]
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


def coders_alpha(sample: Sample, coded: pd.DataFrame) -> dict[str, float]:
    """Krippendorff's alpha between the coders for each code (no interval); NaN for every
    code when fewer than two coders coded (reliability cannot be measured)."""
    coders = _coders(coded)
    units = sample.design["unit_id"].tolist()
    return {
        code.name: _alpha(_matrix(coded, code, coders, units), code) if len(coders) > 1 else np.nan
        for code in sample.codes
    }


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


def _interval(
    stat: Callable[[np.ndarray], np.ndarray],
    design: pd.DataFrame,
    rng: np.random.Generator,
    resamples: int,
) -> tuple[float, float, float]:
    """``stat`` on the whole sample and a 95% stratified-bootstrap interval; ``stat`` takes
    row indexes, one replicate a row, and gives one value a replicate."""
    point = float(stat(np.arange(len(design))))
    boot = stat(stratified_bootstrap(design, rng, resamples))
    if not np.isfinite(point) or np.isfinite(boot).mean() < 1 - MAX_FAILED:
        return point, np.nan, np.nan
    low, high = np.nanpercentile(boot, [2.5, 97.5])
    return point, float(low), float(high)


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``numerator / denominator``, NaN where the denominator is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator != 0, numerator / denominator, np.nan)


def _prf(s: np.ndarray, t: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, ...]:
    """Weighted precision, recall and F1 along the last axis (one replicate a row)."""
    tp, fp, fn = (w * s * t).sum(-1), (w * s * (1 - t)).sum(-1), (w * (1 - s) * t).sum(-1)
    return _ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn)


def weighted_pearson(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted Pearson correlation along the last axis (one replicate a row); NaN with
    fewer than three units or no spread."""
    if x.shape[-1] < 3:
        return np.full(x.shape[:-1], np.nan)

    def average(v: np.ndarray) -> np.ndarray:
        return np.average(v, weights=w, axis=-1, keepdims=True)

    mx, my = average(x), average(y)
    cov = average((x - mx) * (y - my))
    sx, sy = average((x - mx) ** 2), average((y - my) ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where((sx > 0) & (sy > 0), cov / np.sqrt(sx * sy), np.nan)
    return r[..., 0]


def _ranks(v: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, ties given their mean rank (pandas' ``rank``)."""
    if v.ndim == 1:
        return pd.Series(v).rank().to_numpy()
    return pd.DataFrame(v).rank(axis=1).to_numpy()


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
                stats["Spearman"] = lambda i, x=x, y=y, w=w: weighted_pearson(
                    _ranks(x[i]), _ranks(y[i]), w[i]
                )
                stats["Pearson"] = lambda i, x=x, y=y, w=w: weighted_pearson(x[i], y[i], w[i])
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
