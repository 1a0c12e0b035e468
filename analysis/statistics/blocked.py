"""Compare two groups within events: does wire differ from colour *on the same story*?

Why: on a real corpus wire and colour pieces cover different events, so a plain
comparison (:func:`analysis.statistics.compare.compare_groups`) mixes what is
covered with how. Blocking by event compares each group's articles only with
the other group's articles on the same event.

For each measure, over the events that both groups cover (events covered by one
group are counted in ``n_events_one_group`` and left out):

* ``difference``: the mean over events of the per-event difference of group
  means (each event weighs the same, however many articles it has);
* ``ci_low``, ``ci_high``: a bootstrap interval of that mean, resampling events
  (:func:`scipy.stats.bootstrap`);
* ``effect_size``: the paired effect size d_z (mean per-event difference over
  its standard deviation), with its own bootstrap interval over events;
* ``p_value``: a permutation test that shuffles the group labels only among the
  articles of each event, so an event's story never crosses groups; exact
  (``exact``) when the events allow no more splits than ``n_resamples``;
* ``wilcoxon_p``: the Wilcoxon signed-rank test of the per-event differences
  (:func:`scipy.stats.wilcoxon`);
* ``mixed_*``: a linear mixed-effects model (statsmodels ``MixedLM``) of the
  measure on the group with a random intercept per event, fitted when at least
  :data:`MIN_EVENTS_MIXED` events have both groups;
* ``unblocked_difference``: the plain difference of article means over all
  articles of the two groups, to show how much blocking changed the answer.

With few events the table says plainly what it cannot show in ``note``.
"""

from __future__ import annotations

import functools
import itertools
import math
import warnings
from collections.abc import Callable, Sequence
from types import SimpleNamespace

import numpy as np
import pandas as pd
from scipy import stats

from analysis.statistics.compare import measures_to_compare
from analysis.statistics.plan import two_groups

#: Fewest events with both groups for the mixed-effects model.
MIN_EVENTS_MIXED = 10
#: Permutations drawn per batch (memory: batch x articles).
_BATCH = 1000


def _within_event_p(
    values: np.ndarray, is_a: np.ndarray, event: np.ndarray, n_resamples: int, seed: int
) -> tuple[np.ndarray, int, bool]:
    """Two-sided permutation p of the mean per-event difference, labels shuffled within events,
    for each column of ``values`` (measures whose rows, groups and events are these).

    Exact (every within-event split enumerated) when there are no more splits
    than ``n_resamples``; otherwise ``n_resamples`` random ones, the same for every
    column. Returns the p-values, the number of splits used and whether they are exact.
    """
    order = np.argsort(event, kind="stable")
    values, is_a, event = values[order], is_a[order], event[order]
    k = event.max() + 1
    sizes = np.bincount(event, minlength=k)
    n_a = np.bincount(event, weights=is_a, minlength=k)
    n_b = sizes - n_a
    # A shuffle within events keeps each event's total, so group b's sum is the total less
    # group a's: the statistic is linear in the labels, one product for every measure.
    weights = values * ((1 / n_a + 1 / n_b)[event] / k)[:, None]
    totals = np.stack([np.bincount(event, weights=v, minlength=k) for v in values.T], axis=1)
    constant = (totals / n_b[:, None]).sum(axis=0) / k

    def statistic(labels: np.ndarray) -> np.ndarray:
        return labels @ weights - constant

    observed = np.abs(statistic(is_a.astype(float))) - 1e-12
    splits = math.prod(math.comb(int(s), int(a)) for s, a in zip(sizes, n_a, strict=True))
    if splits <= n_resamples:
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        choices = [
            itertools.combinations(range(start, start + size), int(a))
            for start, size, a in zip(starts, sizes, n_a, strict=True)
        ]
        labels = np.zeros((splits, len(event)))
        for row, chosen in enumerate(itertools.product(*choices)):
            labels[row, [i for part in chosen for i in part]] = 1
        return np.mean(np.abs(statistic(labels)) >= observed, axis=0), splits, True
    rng = np.random.default_rng(seed)
    extreme, done = np.zeros(values.shape[1], dtype=int), 0
    while done < n_resamples:
        size = min(_BATCH, n_resamples - done)
        keys = rng.random((size, len(event))) + event[None, :]  # shuffles stay inside events
        shuffled = is_a[np.argsort(keys, axis=1)].astype(float)
        extreme += (np.abs(statistic(shuffled)) >= observed).sum(axis=0)
        done += size
    return (extreme + 1) / (n_resamples + 1), n_resamples, False


def _within_event_tests(
    used: dict[str, pd.DataFrame], n_resamples: int, seed: int
) -> dict[str, tuple[float, int, bool]]:
    """:func:`_within_event_p` of each measure's rows (``value``, ``is_a``, ``event``), the
    measures with the same articles in the same groups and events tested together."""
    together: dict[tuple[bytes, bytes], list[str]] = {}
    for measure, data in used.items():
        key = (data["is_a"].to_numpy().tobytes(), pd.factorize(data["event"])[0].tobytes())
        together.setdefault(key, []).append(measure)
    tests = {}
    for measures in together.values():
        first = used[measures[0]]
        p, splits, exact = _within_event_p(
            np.stack([used[m]["value"].to_numpy() for m in measures], axis=1),
            first["is_a"].to_numpy(),
            pd.factorize(first["event"])[0],
            n_resamples,
            seed,
        )
        tests.update({m: (float(p[j]), splits, exact) for j, m in enumerate(measures)})
    return tests


def _mixed(frame: pd.DataFrame, confidence: float) -> tuple[float, float, float, float, str]:
    """MixedLM of value on the group with an event random intercept: coef, CI, p, note."""
    from statsmodels.regression.mixed_linear_model import MixedLM

    # The design the formula "value ~ is_a" gives, built directly: parsing the formula took
    # a tenth of the fit.
    exog = pd.DataFrame({"Intercept": 1.0, "is_a": frame["is_a"].astype(float)})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = MixedLM(
                frame["value"], exog, groups=frame["event"], exog_re=np.ones((len(frame), 1))
            )
            fit = model.fit(reml=True)
        low, high = fit.conf_int(alpha=1 - confidence).loc["is_a"]
        note = "" if fit.converged else "mixed model did not converge"
        return float(fit.params["is_a"]), float(low), float(high), float(fit.pvalues["is_a"]), note
    except (ValueError, np.linalg.LinAlgError) as exc:
        return math.nan, math.nan, math.nan, math.nan, f"mixed model failed ({exc})"


def _by_event(
    frame: pd.DataFrame, measure: str, *, by: str, block: str, a_name: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A measure's non-missing values with their group (``is_a``) and ``event``; the mean of
    each group in each event (columns 1 for a, 0 for b); the values of the events that
    both groups cover."""
    data = pd.DataFrame(
        {
            "value": pd.to_numeric(frame[measure], errors="raise").astype(float),
            "is_a": (frame[by] == a_name).astype(int),
            "event": frame[block].astype(str),
        }
    ).dropna()
    per_event = data.groupby(["event", "is_a"])["value"].mean().unstack("is_a")
    per_event = per_event.reindex(columns=[1, 0])
    used = data[data["event"].isin(per_event.dropna().index)]
    return data, per_event, used


def _blocked_measure(
    measure: str,
    data: pd.DataFrame,
    per_event: pd.DataFrame,
    used: pd.DataFrame,
    *,
    block: str,
    pair: tuple[str, str],
    test: tuple[float, int, bool] | None,
    event_draws: Callable[[int], np.ndarray],
    confidence: float,
) -> dict[str, object]:
    """One measure's row; ``test`` is its within-event permutation test (None: no test),
    ``event_draws(k)`` the indices of k events each bootstrap resample draws."""
    a_name, b_name = pair
    both = per_event.dropna()
    one_group = len(per_event) - len(both)
    diffs = (both[1] - both[0]).to_numpy()
    a_all = data.loc[data["is_a"] == 1, "value"]
    b_all = data.loc[data["is_a"] == 0, "value"]
    k = len(diffs)
    row: dict[str, object] = {
        "measure": measure,
        "group_a": a_name,
        "group_b": b_name,
        "block": block,
        "n_events": k,
        "n_events_one_group": one_group,
        "n_a": int(used["is_a"].sum()),
        "n_b": int((1 - used["is_a"]).sum()),
        "mean_a": float(both[1].mean()) if k else math.nan,
        "mean_b": float(both[0].mean()) if k else math.nan,
        "difference": float(diffs.mean()) if k else math.nan,
        "ci_low": math.nan,
        "ci_high": math.nan,
        "effect_size": math.nan,
        "effect_size_kind": "d_z",
        "dz_ci_low": math.nan,
        "dz_ci_high": math.nan,
        "confidence": confidence,
        "p_value": math.nan,
        "n_permutations": 0,
        "exact": False,
        "wilcoxon_p": math.nan,
        "mixed_difference": math.nan,
        "mixed_ci_low": math.nan,
        "mixed_ci_high": math.nan,
        "mixed_p": math.nan,
        "unblocked_difference": float(a_all.mean() - b_all.mean())
        if len(a_all) and len(b_all)
        else math.nan,
    }
    notes = []
    if one_group:
        notes.append(f"{one_group} event(s) covered by one group only, left out")
    if k == 0:
        notes.append(f"no event has both {a_name} and {b_name}: nothing to compare within events")
        row["note"] = "; ".join(notes)
        return row
    if test is not None:
        row["p_value"], row["n_permutations"], row["exact"] = test
    if row["exact"] and 1 / row["n_permutations"] > 1 - confidence:
        notes.append(
            f"only {row['n_permutations']} ways to split the articles within events: "
            f"p cannot fall below {1 / row['n_permutations']:.2g}"
        )
    if k < 2:
        notes.append(
            "only 1 event with both groups: a difference within one story, no interval, "
            "effect size or signed-rank test; it cannot tell genre from this story"
        )
        row["note"] = "; ".join(notes)
        return row
    sd = diffs.std(ddof=1)
    if sd > 0:
        row["effect_size"] = float(diffs.mean() / sd)
    # The events each bootstrap draws: those scipy.stats.bootstrap draws with this seed,
    # the same for every measure with as many events, drawn once.
    resampled = diffs[event_draws(k)]
    interval = stats.bootstrap(  # the percentile interval of these draws, as scipy computes it
        (diffs,),
        np.mean,
        n_resamples=0,
        bootstrap_result=SimpleNamespace(bootstrap_distribution=np.mean(resampled, axis=-1)),
        confidence_level=confidence,
        method="percentile",
    ).confidence_interval
    row["ci_low"], row["ci_high"] = map(float, interval)
    if sd > 0:
        # A resample drawing one event k times has no spread and no d_z: such draws are
        # left out of the interval (rare from 6 events on; below, the note says so).
        spread = resampled.std(ddof=1, axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            draws = np.where(spread > 0, resampled.mean(axis=-1) / spread, np.nan)
        kept = draws[np.isfinite(draws)]
        if len(kept):
            tail = (1 - confidence) / 2 * 100
            low, high = np.percentile(kept, [tail, 100 - tail])
            row["dz_ci_low"], row["dz_ci_high"] = float(low), float(high)
    if np.any(diffs != 0):
        row["wilcoxon_p"] = float(stats.wilcoxon(diffs).pvalue)
    if k < 6:
        notes.append(
            f"only {k} events with both groups: the signed-rank p cannot fall below "
            f"{2 / 2**k:.2g} and the interval rests on {k} values"
        )
    if k >= MIN_EVENTS_MIXED:
        m, lo, hi, p, note = _mixed(used, confidence)
        row.update(mixed_difference=m, mixed_ci_low=lo, mixed_ci_high=hi, mixed_p=p)
        if note:
            notes.append(note)
    else:
        notes.append(f"fewer than {MIN_EVENTS_MIXED} events: no mixed-effects model")
    row["note"] = "; ".join(notes)
    return row


def compare_within_events(
    scores: pd.DataFrame,
    *,
    by: str = "group",
    block: str = "event",
    groups: tuple[str, str] | None = None,
    measures: Sequence[str] | None = None,
    n_resamples: int = 9999,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Compare two groups within events: one row per measure (see the module docstring).

    Args:
        scores: one row per article with the group column ``by``, the event
            column ``block`` (e.g. :func:`analysis.find_events`'s ``event``) and
            the measures.
        by, groups, measures: as in :func:`analysis.compare_groups`.
        block: the column of events (or any other blocking factor).
        n_resamples: bootstrap resamples and permutations.
        seed: seeds the bootstrap and the permutations.
        confidence: the level of the intervals.

    >>> df = pd.DataFrame({"group": ["wire", "colour"] * 3, "event": list("aabbcc"),
    ...                    "tone": [0.1, 0.3, 0.5, 0.8, -0.2, 0.1]})
    >>> row = compare_within_events(df, groups=("wire", "colour"), n_resamples=999).iloc[0]
    >>> round(float(row["difference"]), 2), int(row["n_events"])
    (-0.27, 3)
    """
    pair = two_groups(scores, by, groups)
    if block not in scores.columns:
        raise ValueError(f"no column {block!r} to block by; find events with analysis.find_events")
    frame = scores[scores[by].isin(pair) & scores[block].notna()]
    names = measures_to_compare(scores, measures, "article")
    split = {m: _by_event(frame, m, by=by, block=block, a_name=pair[0]) for m in names}
    varies = {m: used for m, (_, _, used) in split.items() if used["value"].nunique() > 1}
    tests = _within_event_tests(varies, n_resamples, seed)

    @functools.cache
    def event_draws(k: int) -> np.ndarray:
        return np.random.default_rng(seed).integers(0, k, (n_resamples, k))

    rows = [
        _blocked_measure(
            m,
            *split[m],
            block=block,
            pair=pair,
            test=tests.get(m),
            event_draws=event_draws,
            confidence=confidence,
        )
        for m in names
    ]
    return pd.DataFrame(rows)
