"""Prevalence from a coded sample, and group differences corrected for the suite's errors.

Source: Rogan, W. J. & Gladen, B. (1978). Estimating prevalence from the results of a
screening test. American Journal of Epidemiology 107(1), 71-76.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations

import numpy as np
import pandas as pd

from analysis.coding.agreement import MAX_FAILED, MIN_ALPHA, coders_alpha, consensus
from analysis.coding.sample import Sample, stratified_bootstrap

#: Fewest coded units per group for a corrected comparison; fewer is "too small to say".
MIN_CODED = 10


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
    units, or without a unit coded "yes" (or "no"), or a correction undefined in more
    than :data:`MAX_FAILED` of the replicates, is reported as too small to say. A code
    whose coders agree less than :data:`~analysis.coding.agreement.MIN_ALPHA`
    (Krippendorff's alpha) gets no correction: its coders' answers cannot judge the
    suite, and the verdict says so.

    Returns:
        One row per yes/no code, pair of groups and method: the uncorrected shares
        and difference (``a - b``) with interval, the corrected ones, coded units and
        coded "yes" per group, the coders' ``alpha`` on the code and a ``verdict`` in words.
    """
    rng = np.random.default_rng(seed)
    ref = consensus(coded)
    population = sample.population.set_index("group")
    groups = population.index.tolist()
    alpha = coders_alpha(sample, coded)
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
        replicates = list(stratified_bootstrap(design, rng, resamples))
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
                yes_a, yes_b = int(t[members[a]].sum()), int(t[members[b]].sum())
                too_small = (
                    min(coded_a, coded_b) < MIN_CODED
                    or min(yes_a, yes_b) == 0
                    or min(coded_a - yes_a, coded_b - yes_b) == 0
                    or not np.isfinite(point[a] - point[b])
                    or np.isfinite(diff).mean() < 1 - MAX_FAILED
                )
                unreliable = bool(alpha[code.name] < MIN_ALPHA)  # NaN (one coder): not judged
                withheld = too_small or unreliable
                ci = (np.nan, np.nan) if withheld else tuple(np.nanpercentile(diff, [2.5, 97.5]))
                if unreliable:
                    verdict = (
                        f"no correction: the coders' alpha on {code.name} is "
                        f"{alpha[code.name]:.2f}, below {MIN_ALPHA}, so their answers cannot "
                        "judge the suite"
                    )
                elif too_small:
                    verdict = (
                        f"the coded sample is too small to say (at least {MIN_CODED} coded "
                        "units per group, with coded yes and no, are needed)"
                    )
                else:
                    verdict = _verdict(raw_ci, ci)
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
                        "corrected_share_a": np.nan if withheld else point[a],
                        "corrected_share_b": np.nan if withheld else point[b],
                        "corrected_difference": np.nan if withheld else point[a] - point[b],
                        "corrected_low": ci[0],
                        "corrected_high": ci[1],
                        "coded_a": coded_a,
                        "coded_b": coded_b,
                        "coded_yes_a": yes_a,
                        "coded_yes_b": yes_b,
                        "alpha": alpha[code.name],
                        "verdict": verdict,
                    }
                )
    return pd.DataFrame(rows)


def describe_corrected(
    comparison: pd.DataFrame, *, method: str = "calibration", escape: Callable[[object], str] = str
) -> str:
    """The corrected comparison in words, as Markdown: one line per code and pair of groups,
    its uncorrected difference and interval, the corrected one where the coded sample gives
    one, and the verdict. ``escape`` makes group names safe for Markdown.

    >>> row = {"code": "hedged", "group_a": "wire", "group_b": "colour",
    ...     "method": "calibration", "uncorrected_difference": 0.1, "uncorrected_low": 0.05,
    ...     "uncorrected_high": 0.15, "corrected_difference": float("nan"),
    ...     "corrected_low": float("nan"), "corrected_high": float("nan"),
    ...     "verdict": "the coded sample is too small to say"}
    >>> said = describe_corrected(pd.DataFrame([row]))
    >>> said.split(": ")[1:]
    ['uncorrected +0.10 [+0.05, +0.15]', 'the coded sample is too small to say.']
    """
    lines = []
    for r in comparison[comparison["method"] == method].itertuples():
        corrected = (
            f", corrected {r.corrected_difference:+.2f} [{r.corrected_low:+.2f}, "
            f"{r.corrected_high:+.2f}]"
            if pd.notna(r.corrected_low)
            else ""
        )
        lines.append(
            f"- **{r.code}**, {escape(r.group_a)} − {escape(r.group_b)}: uncorrected "
            f"{r.uncorrected_difference:+.2f} [{r.uncorrected_low:+.2f}, "
            f"{r.uncorrected_high:+.2f}]{corrected}: {r.verdict}."
        )
    return "\n".join(lines)


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
