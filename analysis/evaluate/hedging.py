"""Validity of the hedge measure: does a sentence with a hedge cue match "uncertain"?

The unit is the sentence and the prediction is the one ``score_texts`` makes
(``hedged``: at least one :func:`analysis.measures.hedging.hedge_cues` cue on
``make_doc(sentence)``). Two test sets, neither used to build the lexicon:

* ``factbank`` -- the news part of the Szeged Uncertainty Corpus (3,129 WSJ,
  APW, NYT ... sentences; "uncertain" = at least one ``ccue``), which
  annotates *semantic* uncertainty: epistemic modality, belief, conditions,
  investigation. Split by document (:func:`factbank_part`, SHA-256 of the
  DocID): the 2026-11 not-a-hedge rules (``plain_quantifier``,
  ``comparative_likelihood``, ``negated_doubt``, ``assumed_not_believed``,
  ``evidential_indicate``, ``booster_under_modal``) were developed on the
  ``dev`` half (1,533 sentences) and the CoNLL training file; the figures are
  reported on the ``test`` half (1,596 sentences). So was their second pass
  (a quantifier is a weasel only as a vague source, wherever it stands; group
  attributions; estimates with a figure; "likely to" after a comparative), and
  the test figures were looked at once, after each pass. Before those rules
  the suite reached P 0.695, R 0.795, F1 0.742 on the test half (P 0.693,
  R 0.814, F1 0.749 on all 3,129); after the first pass P 0.747, F1 0.763.
* ``conll2010_wikipedia`` -- the CoNLL-2010 Task 1 Wikipedia evaluation
  sentences (7,288), whose "uncertain" label is mostly about weasel words,
  vague quantity ("in many countries") included: the suite leaves that out
  (news coders do not count it), and the anchor :func:`with_vague_quantity`
  shows what counting it would give.

With ``development=True`` (the default) the development sets are reported too,
their dataset names saying ``development``, without targets: FactBank's
``dev`` half and the CoNLL training file (7,363 sentences, a subset of unknown
construction whose labels count modals less often than the test file's).

The learned layer (:func:`learned_hedged`: ``hedge_probability`` at its model's
threshold, the measure's primary reading) is trained on those development sets
(``make train``), so it is reported on the test sets only, first, against the issue-18
targets (FactBank F1 0.80, CoNLL 0.55); the rules keep their issue-13 targets.

Beside the suite, each set gets two anchors measured here: a naive
Hyland-style lexicon (any word of Islam et al.'s ``hedge_words.txt``, read from
``eval_dir``) and a regular expression of ten words (:data:`TEN_WORDS`: may,
might, could, possibly, perhaps, probably, likely, suggest, appear, seem, with
their inflections), the baseline the held-out science-news figures are judged
against; and, where the data set's PROVENANCE gives them, published
sentence-level figures.

Boosters are checked against certainty, not only counted: ``booster_certain``
is the share of sentences with a booster cue (and no hedge cue) that coders
left certain, beside ``base_certain``, the share of all sentences they left
certain. A booster that tracks certainty beats the base rate.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.evaluate.common import prf, require, spread
from analysis.measures.hedging import booster_cues, hedge_cues, hedge_decisions, hedged_by_model
from analysis.text import make_doc, tokenize

FACTBANK = "szeged_uncertainty_corpus/factbank.xml"
CONLL = {part: f"conll2010_wikipedia_task1/{part}.csv" for part in ("train", "test")}
ISLAM_HEDGES = "hedge_booster_lexicon_islam2020/hedge_words.txt"
#: Issue targets for the rules' F1 (and FactBank's precision), issue 13.
TARGETS = {("factbank", "f1"): 0.75, ("factbank", "precision"): 0.75,
           ("conll2010_wikipedia", "f1"): 0.55}  # fmt: skip
#: Issue targets for the learned layer's F1 on the test parts, issue 18.
LEARNED_TARGETS = {("factbank", "f1"): 0.80, ("conll2010_wikipedia", "f1"): 0.55}
LEARNED_SYSTEM = "suite, learned: hedge_probability at the model's threshold (primary)"
#: The ten-word baseline: a sentence is hedged when it holds one of these words.
TEN_WORDS = re.compile(
    r"\b(?:may|might|could|possibly|perhaps|probably|likely|suggest(?:s|ed|ing)?"
    r"|appear(?:s|ed|ing)?|seem(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)
#: Sentence-level figures quoted in ``conll2010_wikipedia_task1/PROVENANCE.md``
#: (Farkas et al. 2010): (system, metric, value), on the official evaluation set of
#: :data:`PUBLISHED_N` sentences (``test.csv`` plus the always-certain titles).
#: No such figure is given for FactBank.
PUBLISHED = {
    "conll2010_wikipedia": [
        ("Georgescul 2010 (best closed system)", "f1", 0.602),
        ("Morante et al. 2010", "precision", 0.81),
        ("Morante et al. 2010", "recall", 0.44),
        ("Morante et al. 2010", "f1", 0.57),
        ("Tjong Kim Sang 2010 (weighted cue words)", "f1", 0.628),
    ],
}
PUBLISHED_N = {"conll2010_wikipedia": 9634}

Labelled = list[tuple[str, bool]]


def factbank_part(doc_id: str) -> str:
    """``dev`` or ``test``: the half of FactBank a document belongs to (SHA-256 of its ID).

    >>> factbank_part("NYT19981026.0446.txt") in {"dev", "test"}
    True
    """
    return "dev" if int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def factbank_documents(eval_dir: Path, part: str | None = "test") -> list[tuple[str, str, bool]]:
    """FactBank sentences of one half (``None``: all) as (document ID, sentence, uncertain)."""
    root = ET.parse(require(eval_dir / FACTBANK)).getroot()
    out = []
    for document in root.iter("Document"):
        doc_id = document.findtext("DocID", "")
        if part is None or factbank_part(doc_id) == part:
            out += [
                (doc_id, " ".join("".join(s.itertext()).split()), s.find(".//ccue") is not None)
                for s in document.iter("Sentence")
            ]
    return out


def load_factbank(eval_dir: Path, part: str | None = "test") -> Labelled:
    """FactBank news sentences of one half (``None``: all) and whether each holds a cue."""
    return [(text, label) for _, text, label in factbank_documents(eval_dir, part)]


def load_conll(eval_dir: Path, part: str = "test") -> Labelled:
    """CoNLL-2010 Wikipedia sentences (``test`` or ``train``), PTB brackets restored; labels."""
    df = pd.read_csv(require(eval_dir / CONLL[part]))
    text = df["text"].str.strip().str.replace("-LRB-", "(").str.replace("-RRB-", ")")
    return list(zip(text, df["label"].astype(bool), strict=True))


def naive_lexicon(eval_dir: Path) -> Callable[[str], bool]:
    """A predictor: True when the sentence contains any entry of Islam et al.'s hedge list.

    Entries are matched as whole lower-case token sequences, with the suite's tokenizer.
    """
    lines = require(eval_dir / ISLAM_HEDGES).read_text(encoding="utf-8").splitlines()
    entries = {tuple(line.split()) for line in lines if line.strip() and not line.startswith("#")}
    lengths = {len(e) for e in entries}

    def predict(sentence: str) -> bool:
        words = [t.norm for t in tokenize(sentence)]
        return any(tuple(words[i : i + n]) in entries for n in lengths for i in range(len(words)))

    return predict


def ten_words(sentence: str) -> bool:
    """The ten-word baseline.

    >>> ten_words("The drug may help."), ten_words("The drug helped.")
    (True, False)
    """
    return TEN_WORDS.search(sentence) is not None


def booster_rows(items: Labelled, base: dict) -> list[dict]:
    """Boosters against certainty: share certain among booster sentences, and overall.

    No rows when no sentence has a booster.
    """
    gold = [label for _, label in items]
    boosted = []
    for text, label in items:
        doc = make_doc(text)
        if booster_cues(doc) and not hedge_cues(doc):
            boosted.append(label)
    if not boosted:
        return []  # no booster among these sentences: nothing to check
    system = "suite: booster cue, no hedge cue"
    share = sum(not g for g in boosted) / len(boosted)
    return [
        base | {"n": len(boosted), "metric": "booster_certain", "system": system,
                "value": share, "kind": "suite", "target": None},
        base | {"metric": "base_certain", "system": "all sentences",
                "value": sum(not g for g in gold) / len(gold), "kind": "anchor (measured here)",
                "target": None},
    ]  # fmt: skip


def suite_hedged(sentence: str) -> bool:
    """The suite's prediction, as ``score_texts`` makes it: at least one hedge cue.

    >>> suite_hedged("Talks could be postponed."), suite_hedged("Talks were postponed.")
    (True, False)
    """
    return bool(hedge_cues(make_doc(sentence)))


def with_vague_quantity(sentence: str) -> bool:
    """The suite's prediction, also counting the quantifiers it sets aside as counting things.

    Wikipedia's weasel annotation counts vague quantity ("in many countries") that
    news coders leave certain; this shows how much of the CoNLL gap that is.

    >>> counting = "Many homes were destroyed."
    >>> with_vague_quantity(counting), suite_hedged(counting)
    (True, False)
    """
    return any(
        d.suppressed_by == "plain_quantifier" or d.fired and d.cue.measure == "hedge"
        for d in hedge_decisions(make_doc(sentence))
    )


def rule_effects(eval_dir: Path) -> pd.DataFrame:
    """What each not-a-hedge rule removes on the development data: hits against false alarms.

    One row per development set and rule (``fired`` for the cues no rule suppressed):
    how many of its candidates stand in sentences coders rated uncertain (a rule that
    suppresses them loses hits) and certain (a rule that suppresses them saves false
    alarms). Only FactBank's development half and the CoNLL training file are read.
    """
    sets = {
        "factbank (development half)": load_factbank(eval_dir, "dev"),
        "conll2010_wikipedia train (development)": load_conll(eval_dir, "train"),
    }
    counts: dict[tuple[str, str], list[int]] = {}
    for name, items in sets.items():
        for text, uncertain in items:
            for d in hedge_decisions(make_doc(text)):
                if d.cue.measure == "hedge":
                    tally = counts.setdefault((name, d.suppressed_by or "fired"), [0, 0])
                    tally[0 if uncertain else 1] += 1
    return pd.DataFrame(
        [(name, rule, hits, false) for (name, rule), (hits, false) in sorted(counts.items())],
        columns=["dataset", "rule", "in uncertain sentences", "in certain sentences"],
    )


def learned_hedged(sentence: str) -> bool:
    """The learned layer's prediction, as ``score_texts`` makes it (any sentence over threshold).

    >>> learned_hedged("Talks could be postponed."), learned_hedged("Talks were postponed.")
    (True, False)
    """
    return hedged_by_model(make_doc(sentence))


def evaluate(eval_dir: Path, *, limit: int | None = None, development: bool = True) -> list[dict]:
    """Suite and anchors on both test sets, as rows of :data:`analysis.evaluate.COLUMNS`.

    The learned layer (``hedge_probability``, the primary reading) comes first, on the
    test sets only: the development sets are its training data (its cross-validated
    figures are in its model card, ``analysis/measures/models/hedging.md``).

    Args:
        eval_dir: the folder holding the evaluation data sets.
        limit: score only ``limit`` sentences of each set, spread evenly (for fast tests).
        development: also report the sets the rules were developed on (FactBank's other
            half, the CoNLL training file); their dataset names say ``development``.

    Returns:
        One row per data set, system and metric (precision, recall, F1).

    Raises:
        EvalDataMissing: a data file is not in ``eval_dir``.
    """
    naive = naive_lexicon(eval_dir)
    systems = [
        (LEARNED_SYSTEM, "suite", learned_hedged),
        ("suite: hedge lexicon + not-a-hedge rules", "suite", suite_hedged),
        ("suite, also counting quantifiers that count things (Wikipedia's vague quantity)",
         "anchor (measured here)", with_vague_quantity),
        ("naive Hyland-style lexicon (Islam et al. 2020)", "anchor (measured here)", naive),
        ("ten-word regex (may, might, could, ... seem)", "anchor (measured here)", ten_words),
    ]  # fmt: skip
    sets = [
        ("factbank", "factbank (test half)", lambda: load_factbank(eval_dir, "test")),
        ("conll2010_wikipedia", "conll2010_wikipedia", lambda: load_conll(eval_dir, "test")),
    ]
    if development:
        sets += [
            ("factbank", "factbank (development half)", lambda: load_factbank(eval_dir, "dev")),
            ("conll2010_wikipedia", "conll2010_wikipedia train (development)",
             lambda: load_conll(eval_dir, "train")),
        ]  # fmt: skip
    rows: list[dict] = []
    for dataset, shown, load in sets:
        items = spread(load(), limit)
        gold = [label for _, label in items]
        test = "development" not in shown
        base = {"measure": "hedging", "dataset": shown, "n": len(items)}
        for system, kind, predict in systems:
            if system == LEARNED_SYSTEM and not test:
                continue  # its training data
            scores = prf([predict(text) for text, _ in items], gold)
            targets = LEARNED_TARGETS if system == LEARNED_SYSTEM else TARGETS
            for metric, value in zip(("precision", "recall", "f1"), scores, strict=True):
                target = targets.get((dataset, metric)) if kind == "suite" and test else None
                rows.append(
                    base
                    | {
                        "metric": metric,
                        "system": system,
                        "value": value,
                        "kind": kind,
                        "target": target,
                    }
                )
        for system, metric, value in PUBLISHED.get(dataset, []) if test else []:
            published = {"n": PUBLISHED_N[dataset], "kind": "anchor (published)", "target": None}
            rows.append(base | published | {"metric": metric, "system": system, "value": value})
        rows += booster_rows(items, base)
    return rows
