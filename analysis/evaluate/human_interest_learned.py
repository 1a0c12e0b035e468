"""Human interest across domains: the learned layer first, the rules and the baselines beside it.

The learned layer's figures are its model card's (:func:`analysis.train.human_interest.figures`:
nested CV on the narrative-frames articles; trained on them and tested on the
gun-violence leads and headlines; the reverse; headlines to leads split by article).
Beside them, on the same gun-violence units (:mod:`analysis.evaluate.gvfc`, episodic vs
thematic): the rule index as a ranking (ROC AUC), the rules' judgement with the
thresholds per length (F1, on the test part only: the short bands' thresholds were
fitted on the development part), and three baselines measured here: a family-word
regex (family words per word), VADER's abs(compound), and word count.

Every figure here is development: the features, signs and rule fixes were chosen
looking at these sets. The held-out sets that judge issue 18 are the project's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import analysis.evaluate.gvfc as gvfc
import analysis.evaluate.human_interest as nf
from analysis.evaluate.common import prf
from analysis.measures import human_interest as hi
from analysis.measures import learned, tone
from analysis.train import human_interest as trainer

#: Issue 18's development targets for the learned layer.
TARGETS = {
    "narrative frames articles (5-fold nested CV)": {"roc_auc": 0.85, "f1": 0.55},
    "gun-violence leads, episodic vs thematic, all": {"roc_auc": 0.75},
}
#: The family-word baseline of issue 18's table.
FAMILY = re.compile(
    r"\b(?:mother|father|mom|dad|sons?|daughters?|wife|husband|brothers?|sisters?|"
    r"grand(?:mother|father|son|daughter|children)|parents?|child(?:ren)?|famil(?:y|ies)|kids?)\b",
    re.IGNORECASE,
)


def family_rate(text: str) -> float:
    """Family words per word: the issue's family-word regex baseline.

    >>> family_rate("Her mother and father fled.")
    0.4
    """
    words = len(text.split())
    return len(FAMILY.findall(text)) / words if words else 0.0


def _row(dataset: str, n: int, metric: str, system: str, value: float, kind: str) -> dict:
    learned_row = system.startswith("human_interest_probability")
    target = TARGETS.get(dataset.split(" [")[0], {}).get(metric) if learned_row else None
    return {"measure": "human_interest", "dataset": dataset, "n": n, "metric": metric,
            "system": system, "value": round(value, 3), "kind": kind, "target": target}  # fmt: skip


def learned_rows(eval_dir: Path) -> list[dict]:
    """The model card's figures as evaluation rows (the learned layer, primary reading).

    The shipped model on the gun-violence units is :func:`unit_rows`' (the same figures).
    """
    rows = []
    for figure in trainer.figures(eval_dir):
        if figure["trained on"] == trainer.SHIPPED:
            continue
        dataset = f"{figure['dataset']} [{figure['kind']}]"
        system = f"human_interest_probability (learned; trained on {figure['trained on']})"
        for metric in ("roc_auc", "f1", "precision", "recall"):
            if metric in figure:
                rows.append(_row(dataset, figure["n"], metric, system, figure[metric], "suite"))
    return rows


def unit_rows(name: str, units: Sequence[gvfc.Unit]) -> list[dict]:
    """The rules and the baselines on gun-violence ``units``: all of them, and the test part."""
    table = nf.unit_table(units)
    model = learned.load(hi.MODEL)
    logits = [model.logit(o, w) for o, w in trainer.unit_occurrences(u.text for u in units)]
    rows = []
    for part, keep in (("all", lambda u: True), ("test part", lambda u: not gvfc.is_dev(u))):
        chosen = [(u, r) for u, r in zip(units, table, strict=True) if keep(u)]
        gold = [u.episodic for u, _ in chosen]
        dataset = f"gun-violence {name}, episodic vs thematic, {part} [development]"
        n = len(chosen)
        scores = [s for u, s in zip(units, logits, strict=True) if keep(u)]
        system = f"human_interest_probability (learned; trained on {trainer.SHIPPED})"
        decided = [learned.sigmoid(s) >= model.threshold for s in scores]
        rows += [
            _row(dataset, n, "roc_auc", system, nf.roc_auc(scores, gold), "suite"),
            _row(dataset, n, "f1", system, prf(decided, gold)[2], "suite"),
        ]
        rows.append(_row(dataset, n, "roc_auc", "human_interest_index (rules, ranking)",
                         nf.roc_auc([r["index"] for _, r in chosen], gold), "suite"))  # fmt: skip
        if part == "test part":
            judged = [r["index"] >= hi.threshold_for(r["words"]) for _, r in chosen]
            system = "human_interest (rules, thresholds per length fitted on the development part)"
            rows.append(_row(dataset, n, "f1", system, prf(judged, gold)[2], "suite"))
        for system, scores in (
            ("family-word regex (family words per word)", [family_rate(u.text) for u, _ in chosen]),
            ("VADER abs(compound)",
             [abs(tone.vader().polarity_scores(u.text)["compound"]) for u, _ in chosen]),
            ("word count alone", [r["words"] for _, r in chosen]),
        ):  # fmt: skip
            rows.append(_row(dataset, n, "roc_auc", system, nf.roc_auc(scores, gold),
                             "anchor (measured here)"))  # fmt: skip
    return rows


def evaluate(eval_dir: Path, *, limit: int | None = None) -> list[dict]:
    """The learned layer's figures, then the rules and baselines on the gun-violence units.

    ``limit`` spreads the gun-violence units (the learned layer's figures always use
    all the data: its model card's are the ones reported).
    """
    leads, headlines = gvfc.load(eval_dir, limit=limit)
    rows = learned_rows(eval_dir) if limit is None else []
    return [*rows, *unit_rows("leads", leads), *unit_rows("headlines", headlines)]
