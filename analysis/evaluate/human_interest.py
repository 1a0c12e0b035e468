"""Validity of the human-interest measure on narrative frames: the frame, and item by item.

Data: Frermann, Li, Khanehzar & Mikolajczak (2023), 428 English climate-change
news articles, each with an aggregated binary human-interest (``HI``) frame label
(49 true) and, in ``full_annotations.json``, two (for 116 articles three)
coders' yes/no answers to the frame's questions ``hi1`` ... ``hi5``. Read from
``<eval_dir>/narrative_frames_frermann2023``; MIT licence. Article 405 lacks its
label columns in ``articles_metadata.tsv`` and takes them from
``role_and_frame_annoations.tsv``, as the data's PROVENANCE.md says.

Protocol (2026-11, issue 13): **developed on one part, reported on the other.**
The articles are dealt into five stratified folds (:func:`folds`: each class in
SHA-256-of-ID order, round-robin). Folds 0-1 are the development part (172
articles, 20 with the frame): the new items (harm near a person, family as
private life, "Name, 62," as a human example), the removal of the colour devices
and the shipped :data:`~analysis.measures.human_interest.THRESHOLD` were
developed and fitted there, by looking at those articles only. Folds 2-4 are
the test part (256 articles, 29 with the frame), scored once, after.

Second round (2026-11, issue 13, for short texts: leads and paragraphs): emotion
and harm count only near a person, groups and abstractions at half weight
(``GROUP_WEIGHT``), and new human-example rules (first-person experience,
"he is 61", "mother of three", "Name, who lives"). Developed on the same
development part and on short texts written for the suite
(``tests/short_texts_human_interest.py``); the threshold refitted on the
development part; the test part scored once, after. Reported:

1. ``frame, test part``: the shipped rule (:func:`refit` = :func:`fit_rule` on the
   development part) on the test part: precision, recall, F1, ROC AUC. Anchors
   under the same protocol: keyword density (:func:`anchor_density`) and word
   count alone, each with its threshold fitted on the development part.
2. ``frame, nested CV``: the whole fitting procedure (:func:`fit_rule`, the
   threshold) in stratified 5-fold cross-validation over all 428, as the earlier
   figures were; the items were developed on folds 0-1, so
   this is slightly optimistic and the test-part figure is the one to quote.
3. ``items, test part``: each text-codable item against the coders' answer to
   the matching question (:data:`QUESTIONS`): ROC AUC of the item's rate and F1
   of its decision (rate at or above the threshold with the best Cohen's kappa
   on the development part, :func:`best_kappa_threshold`) against the aggregated
   answer (articles whose coders disagreed left out), and Cohen's kappa of that
   decision with each of the first two coders' own answers, beside those two
   coders' kappa with each other (the ceiling).

The question wording is in the corpus's codebook PDFs, which were not copied, so
the pairing in :data:`QUESTIONS` is an inference, stated here: hi1 human example,
hi2 emotive, hi3 affected (the corpus's victim question) follow Semetko &
Valkenburg's order; hi5 is read as private lives, not visuals, because the corpus
names hi1, hi2 and hi5 as its frame indicators (visuals could not indicate a frame
in text) and because, on the development part, private-life cues rank hi5 (ROC
AUC 0.70) and not hi4 (0.48); hi4 is then the visual question and has no item.
:func:`item_matrix` shows every item against every question, so a reader can
check the pairing.

Before (the seven-item index with the colour devices, threshold 13.2 fitted on all
428, short texts judged by any cue): nested CV over all 428 F1 0.397 (P 0.31,
R 0.55), ROC AUC 0.80, keyword density 0.400 / 0.79; on the test part, with that
threshold (fitted on these articles too, so optimistic), F1 0.455 (P 0.34, R 0.69),
ROC AUC 0.78, while word count alone reached ROC AUC 0.65. After the first round
of issue 13 (the frame's items only, threshold 12.12): test part F1 0.267, ROC AUC
0.740; nested CV F1 0.387, AUC 0.755. The second round's test-part figures were
looked at three times: after development (F1 0.310, AUC 0.748), then after two
fixes found on single sentences, not on scores ("people familiar with the talks"
near "he" had become a particular person; "displaced" and a counted group noun had
counted in full, so the seed wire report 004 crossed the threshold): F1 0.368 /
0.752, then the shipped F1 0.385 / 0.758.

Third round (2026-12, issue 18, from the misses sampled on the gun-violence leads and
headlines, :mod:`analysis.evaluate.gvfc`): particular people by a role in an incident or
by narration, family words only for private persons, group cues capped together,
``emotive`` no longer added, and a threshold per length (:func:`fit_thresholds`: the
articles' refitted on the development part's articles over 150 words; leads and
headlines on the gun-violence development part). Test part after it: F1 0.343, ROC AUC
0.757; nested CV F1 0.359, AUC 0.782. The learned layer is evaluated in
:mod:`analysis.evaluate.human_interest_learned`.

Articles are scored through the same path as ``score_texts``:
:func:`analysis.text.make_doc` on the text, then the measure's functions.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path

import pandas as pd

import analysis.evaluate.gvfc as gvfc
from analysis.evaluate.common import prf, prf_of_counts, require, spread
from analysis.measures import human_interest as hi
from analysis.text import Doc, make_doc

DATASET = "narrative_frames_frermann2023"
#: Issue 13's targets for the frame judgement.
TARGETS = {"f1": 0.50, "roc_auc": 0.85}
#: Folds of the development part; the others are the test part.
DEV_FOLDS = (0, 1)
#: Coders' question -> the suite's item that answers it (None: no item; see the module doc).
QUESTIONS: dict[str, str | None] = {
    "hi1": "human_example",
    "hi2": "emotive",
    "hi3": "affected",
    "hi4": None,
    "hi5": "private_life",
}
ANCHOR_CATEGORIES = ("private_role", "emotive", "affected", "affected_group", "private_life")
#: Number of cross-validation folds (outer and inner).
FOLDS = 5

#: One article's row: id, label, word count, cues per item, anchor density.
Row = dict


def load_articles(eval_dir: Path, *, limit: int | None = None) -> list[tuple[str, str, bool]]:
    """(id, text, human-interest label) for each article, in file order."""
    folder = require(eval_dir / DATASET)
    csv.field_size_limit(1 << 30)
    with require(folder / "role_and_frame_annoations.tsv").open(encoding="utf-8", newline="") as f:
        fallback = {r["ID"]: r["HI"] for r in csv.DictReader(f, delimiter="\t")}
    with require(folder / "articles_metadata.tsv").open(encoding="utf-8", newline="") as f:
        rows = spread(list(csv.DictReader(f, delimiter="\t")), limit)
    return [(r["ID"], r["text"], (r["HI"] or fallback[r["ID"]]) == "True") for r in rows]


@cache
def _anchor_terms() -> frozenset[str]:
    """The one-word lexicon terms of items 1-4, the anchor's keywords."""
    return frozenset(
        e.term for e in hi.lexicon() if e.category in ANCHOR_CATEGORIES and " " not in e.term
    )


def anchor_density(doc: Doc) -> float:
    """Naive keyword density: lexicon terms of items 1-4 per 1,000 words, no rules.

    >>> anchor_density(make_doc("Families fled the brutal floods."))
    600.0
    """
    terms = _anchor_terms()
    words = doc.words
    return 1000 * sum(w.norm in terms for w in words) / len(words) if words else 0.0


def feature_table(articles: Sequence[tuple[str, str, bool]]) -> list[Row]:
    """Score each article once: everything the rules and the anchor need."""
    table = []
    for article_id, text, label in articles:
        doc = make_doc(text)
        cues = hi.human_interest_cues(doc)
        counts = hi.item_counts(cues)
        table.append(
            {
                "id": article_id,
                "gold": label,
                "words": len(doc.words),
                "counts": counts,
                "anchor": anchor_density(doc),
                # the shipped functions, to check that the table reproduces them
                "index": hi.human_interest_index(doc, cues),
                "judged": hi.is_human_interest(doc, cues),
            }
        )
    return table


def folds(ids: Sequence[str], gold: Sequence[bool], *, k: int = FOLDS) -> list[int]:
    """Stratified fold of each article: each class in SHA-256-of-ID order, dealt round-robin.

    >>> folds(["a", "b", "c", "d"], [True, True, False, False], k=2)
    [1, 0, 1, 0]
    """
    fold: dict[str, int] = {}
    for label in (True, False):
        members = sorted(
            (i for i, g in zip(ids, gold, strict=True) if g is label),
            key=lambda i: hashlib.sha256(i.encode()).hexdigest(),
        )
        fold.update({i: n % k for n, i in enumerate(members)})
    return [fold[i] for i in ids]


def best_threshold(scores: Sequence[float], gold: Sequence[bool]) -> float:
    """The F1-best threshold (judge ``score >= threshold``), midway between observed scores.

    Candidates are the distinct scores; the chosen cut is placed halfway down to
    the next lower score, so that it does not sit on a training article. Ties go
    to the higher threshold (the more precise rule).

    >>> best_threshold([1.0, 2.5, 3.0, 9.0], [False, True, True, False])
    1.75
    """
    distinct = sorted(set(scores))
    if not distinct:
        return 0.0
    # the scores at or above each candidate, and the gold ones among them, counted from the
    # top down: one pass, where judging every score at every candidate is quadratic
    at = Counter(scores)
    gold_at = Counter(s for s, g in zip(scores, gold, strict=True) if g)
    positives, predicted, tp, f1 = sum(gold), 0, 0, [0.0] * len(distinct)
    for n in reversed(range(len(distinct))):
        predicted, tp = predicted + at[distinct[n]], tp + gold_at[distinct[n]]
        f1[n] = prf_of_counts(tp, predicted, positives)[2]
    best = max(range(len(distinct)), key=lambda n: (f1[n], n))
    return distinct[best] if best == 0 else (distinct[best] + distinct[best - 1]) / 2


def roc_auc(scores: Sequence[float], gold: Sequence[bool]) -> float:
    """Area under the ROC curve: the chance a labelled article outscores an unlabelled one.

    >>> roc_auc([3.0, 1.0, 2.0, 2.0], [True, False, True, False])
    0.875
    """
    pos = [s for s, g in zip(scores, gold, strict=True) if g]
    neg = [s for s, g in zip(scores, gold, strict=True) if not g]
    if not pos or not neg:
        return float("nan")
    from scipy.stats import mannwhitneyu  # here: 07 reads cached figures without it

    return float(mannwhitneyu(pos, neg).statistic) / (len(pos) * len(neg))


def capped_index(row: Row) -> float:
    """The measure's own capped index (:func:`~analysis.measures.human_interest.capped_index`)."""
    return hi.capped_index(row["counts"], row["words"])


def cross_validate(
    table: Sequence[Row], fit: Callable[[Sequence[Row]], Callable[[Row], float]]
) -> list[float]:
    """Out-of-fold margins (score minus threshold; judged when >= 0), each from the other folds."""
    fold = folds([r["id"] for r in table], [r["gold"] for r in table])
    margins = [0.0] * len(table)
    for k in sorted(set(fold)):
        rule = fit([r for r, f in zip(table, fold, strict=True) if f != k])
        for n, f in enumerate(fold):
            if f == k:
                margins[n] = rule(table[n])
    return margins


def fit_rule(train: Sequence[Row]) -> Callable[[Row], float]:
    """The whole procedure: the capped index's F1-best threshold on ``train``.

    The index's items weigh equally, as Semetko & Valkenburg's do; until 2026-11 a
    logistic rule with item weights fitted here was a second candidate, chosen by
    inner cross-validation. It was dropped (issue 13): fitted on long climate
    articles it weighs the affected groups of those articles most (1.27 against
    0.20-0.52 for the other items on the development part), which pulls away from
    the particular people the frame is about on short texts, and its inner-CV
    F1 margin over the index was 0.02 on 172 articles.
    """
    cut = best_threshold([capped_index(r) for r in train], [r["gold"] for r in train])
    return lambda row: capped_index(row) - cut


def fit_anchor(train: Sequence[Row]) -> Callable[[Row], float]:
    """The anchor's only fitted part: its F1-best density threshold on ``train``."""
    cut = best_threshold([r["anchor"] for r in train], [r["gold"] for r in train])
    return lambda row: row["anchor"] - cut


def parts(table: Sequence[Row]) -> tuple[list[Row], list[Row]]:
    """The development part (folds :data:`DEV_FOLDS`) and the test part of a table."""
    fold = folds([r["id"] for r in table], [r["gold"] for r in table])
    dev = [r for r, f in zip(table, fold, strict=True) if f in DEV_FOLDS]
    test = [r for r, f in zip(table, fold, strict=True) if f not in DEV_FOLDS]
    return dev, test


def refit(eval_dir: Path, table: Sequence[Row] | None = None) -> float:
    """:func:`fit_rule`'s threshold on the development part's articles of the last band.

    ``table``: the articles' :func:`feature_table`, when already made (it reads every
    article)."""
    dev, _ = parts(feature_table(load_articles(eval_dir)) if table is None else table)
    longer = hi.THRESHOLDS[-2][0]
    dev = [r for r in dev if r["words"] > longer]
    return best_threshold([capped_index(r) for r in dev], [r["gold"] for r in dev])


def unit_table(units: Sequence[gvfc.Unit]) -> list[Row]:
    """:func:`feature_table` for the gun-violence leads or headlines (label: episodic)."""
    return feature_table([(u.id, u.text, u.episodic) for u in units])


def fit_thresholds(eval_dir: Path) -> tuple[tuple[float, float], ...]:
    """The shipped :data:`~analysis.measures.human_interest.THRESHOLDS`, refitted.

    Each band's threshold on development units of that length only, the kappa-best
    (:func:`best_kappa_threshold`) for the short bands, where the F1-best is to call
    every headline episodic (half of them are), the F1-best for articles:
    headlines on the gun-violence headlines' development part, leads and paragraphs on
    the gun-violence leads' development part (both split by article,
    :func:`analysis.evaluate.gvfc.part`), articles on the narrative-frames development
    part (:func:`refit`).
    """
    leads, headlines = gvfc.load(eval_dir)
    (short, _), (middle, _), (longest, _) = hi.THRESHOLDS
    cuts = []
    for units, low, high in ((headlines, 0, short), (leads, short, middle)):
        table = [r for r in unit_table([u for u in units if gvfc.is_dev(u)])
                 if low < r["words"] <= high]  # fmt: skip
        scores, gold = [capped_index(r) for r in table], [r["gold"] for r in table]
        cuts.append(best_kappa_threshold(scores, gold))
    return ((short, cuts[0]), (middle, cuts[1]), (longest, refit(eval_dir)))


def _rows(dataset: str, system: str, kind: str, margins: Sequence[float], gold: list) -> list[dict]:
    p, r, f = prf([m >= 0 for m in margins], gold)
    metrics = (("precision", p), ("recall", r), ("f1", f), ("roc_auc", roc_auc(margins, gold)))
    return [
        {
            "measure": "human_interest",
            "dataset": dataset,
            "n": len(gold),
            "metric": metric,
            "system": system,
            "value": round(value, 3),
            "kind": kind,
            "target": TARGETS.get(metric) if kind == "suite" else None,
        }
        for metric, value in metrics
    ]


def fit_words(train: Sequence[Row]) -> Callable[[Row], float]:
    """Word count alone, its threshold fitted on ``train``: how far length goes."""
    cut = best_threshold([r["words"] for r in train], [r["gold"] for r in train])
    return lambda row: row["words"] - cut


def frame_rows(table: Sequence[Row]) -> list[dict]:
    """The frame judgement: on the test part (fitted on the development part), and nested CV."""
    dev, test = parts(table)
    gold = [r["gold"] for r in test]
    held_out = f"narrative_frames frame (test part {len(test)}, fitted on dev part {len(dev)})"
    rows = []
    for system, kind, fit in (
        ("is_human_interest (rule fitted on dev part)", "suite", fit_rule),
        ("keyword density, threshold fitted on dev part", "anchor (measured here)", fit_anchor),
        ("word count alone, threshold fitted on dev part", "anchor (measured here)", fit_words),
    ):
        rule = fit(dev)
        rows += _rows(held_out, system, kind, [rule(r) for r in test], gold)
    nested = f"narrative_frames frame ({FOLDS}-fold nested CV, all {len(table)})"
    everyone = [r["gold"] for r in table]
    rows += _rows(
        nested,
        "is_human_interest (procedure refitted in each fold)",
        "suite",
        cross_validate(table, fit_rule),
        everyone,
    )
    rows += _rows(
        nested,
        "keyword density, threshold fitted in each fold",
        "anchor (measured here)",
        cross_validate(table, fit_anchor),
        everyone,
    )
    return rows


def load_answers(eval_dir: Path) -> dict[str, dict[str, tuple[str, list[str]]]]:
    """Article ID -> question -> (aggregated answer, the answers of the coders who coded it)."""
    path = require(eval_dir / DATASET / "full_annotations.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {
        article: {q: (answers[q][0], [a for a in answers[q][1] if a != -1]) for q in QUESTIONS}
        for article, answers in raw.items()
    }


def cohen_kappa(pairs: Sequence[tuple[bool, bool]]) -> float:
    """Cohen's kappa of paired yes/no judgements (NaN when chance agreement is total).

    >>> cohen_kappa([(True, True), (False, False), (True, False), (False, False)])
    0.5
    """
    n = len(pairs)
    if not n:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    yes_a, yes_b = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    chance = yes_a * yes_b + (1 - yes_a) * (1 - yes_b)
    return float("nan") if chance == 1 else (observed - chance) / (1 - chance)


def best_kappa_threshold(scores: Sequence[float], gold: Sequence[bool]) -> float:
    """The threshold (``score >= threshold``) with the best Cohen's kappa, midway between scores.

    >>> best_kappa_threshold([0.0, 0.0, 2.0, 3.0], [False, False, True, True])
    1.0
    """
    distinct = sorted(set(scores))
    if not distinct:
        return 0.0

    def kappa(n: int) -> tuple[float, int]:
        value = cohen_kappa([(s >= distinct[n], g) for s, g in zip(scores, gold, strict=True)])
        return (-1.0 if math.isnan(value) else value, n)

    best = max(range(len(distinct)), key=kappa)
    return distinct[best] if best == 0 else (distinct[best] + distinct[best - 1]) / 2


def item_rate(row: Row, item: str) -> float:
    """Cues of ``item`` per 1,000 words, group cues weighted as in the index."""
    counts = row["counts"]
    weighted = counts[item] + hi.GROUP_WEIGHT * counts.get(hi.GROUP_RULE + item, 0)
    return 1000 * weighted / row["words"] if row["words"] else 0.0


def item_rows(table: Sequence[Row], answers: dict) -> list[dict]:
    """Each item against its question on the test part, beside the coders' own agreement."""
    dev, test = parts(table)
    rows = []
    for question, item in QUESTIONS.items():
        if item is None:
            continue
        dataset = f"narrative_frames item {question} ~ {item} (test part)"
        decided = [r for r in test if answers[r["id"]][question][0] in {"yes", "no"}]
        gold = [answers[r["id"]][question][0] == "yes" for r in decided]
        dev_decided = [r for r in dev if answers[r["id"]][question][0] in {"yes", "no"}]
        dev_gold = [answers[r["id"]][question][0] == "yes" for r in dev_decided]
        cut = best_kappa_threshold([item_rate(r, item) for r in dev_decided], dev_gold)
        said = {r["id"]: item_rate(r, item) >= cut for r in test}
        coders = [
            [a == "yes" for a in answers[r["id"]][question][1][:2]]
            for r in test
            if len(answers[r["id"]][question][1]) >= 2
        ]
        suite_vs_coder = [
            (said[r["id"]], a == "yes") for r in test for a in answers[r["id"]][question][1][:2]
        ]
        base = {"measure": "human_interest items", "dataset": dataset, "target": None}
        scores = [item_rate(r, item) for r in decided]
        rows += [
            base | {"n": len(decided), "metric": "roc_auc", "system": f"item {item} (rate)",
                    "value": round(roc_auc(scores, gold), 3), "kind": "suite"},
            base | {"n": len(decided), "metric": "f1", "system": f"item {item} (rate >= "
                    f"{cut:.2f} per 1,000 words, fitted on dev part)",
                    "value": round(prf([said[r["id"]] for r in decided], gold)[2], 3),
                    "kind": "suite"},
            base | {"n": len(suite_vs_coder), "metric": "kappa_with_each_coder",
                    "system": f"item {item} (same decision)",
                    "value": round(cohen_kappa(suite_vs_coder), 3), "kind": "suite"},
            base | {"n": len(coders), "metric": "kappa_with_each_coder",
                    "system": "coders with each other (ceiling)",
                    "value": round(cohen_kappa([(a, b) for a, b in coders]), 3),
                    "kind": "anchor (measured here)"},
        ]  # fmt: skip
    return rows


def item_matrix(eval_dir: Path, *, limit: int | None = None) -> pd.DataFrame:
    """ROC AUC of every item's rate against every question's aggregated answer (test part),
    once per code version and data (:mod:`analysis.evaluate.cache`)."""
    from analysis.evaluate.cache import cached

    compute = partial(_item_matrix, eval_dir, limit)
    return cached("item-matrix", compute, eval_dir=eval_dir, limit=limit)


def _item_matrix(eval_dir: Path, limit: int | None) -> pd.DataFrame:
    table = feature_table(load_articles(eval_dir, limit=limit))
    answers = load_answers(eval_dir)
    _, test = parts(table)
    out = {}
    for question in QUESTIONS:
        decided = [r for r in test if answers[r["id"]][question][0] in {"yes", "no"}]
        gold = [answers[r["id"]][question][0] == "yes" for r in decided]
        out[question] = {
            item: round(roc_auc([item_rate(r, item) for r in decided], gold), 3)
            for item in hi.ITEMS
        }
    return pd.DataFrame(out).rename_axis("item")


def evaluate(eval_dir: Path, *, limit: int | None = None) -> list[dict]:
    """The frame judgement and each item against the coders, as rows of the standard columns.

    Args:
        eval_dir: the folder holding ``narrative_frames_frermann2023``.
        limit: use only ``limit`` articles, spread evenly over the file (fast tests).

    Returns:
        :func:`frame_rows` (test part and nested CV, suite and anchors), then
        :func:`item_rows`.
    """
    table = feature_table(load_articles(eval_dir, limit=limit))
    return [*frame_rows(table), *item_rows(table, load_answers(eval_dir))]
