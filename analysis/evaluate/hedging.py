"""Validity of the hedge measure: does a sentence with a hedge cue match "uncertain"?

The unit is the sentence and the prediction is the one ``score_texts`` makes
(``hedged``: at least one :func:`analysis.measures.hedging.hedge_cues` cue on
``make_doc(sentence)``). Two test sets, neither used to build the lexicon:

* ``factbank`` -- the news part of the Szeged Uncertainty Corpus (3,129 WSJ,
  APW, NYT ... sentences; "uncertain" = at least one ``ccue``), which
  annotates *semantic* uncertainty: epistemic modality, belief, conditions,
  investigation.
* ``conll2010_wikipedia`` -- the CoNLL-2010 Task 1 Wikipedia evaluation
  sentences (7,288), whose "uncertain" label is mostly about weasel words.

Beside the suite, each set gets a naive Hyland-style anchor measured here (any
word of Islam et al.'s ``hedge_words.txt``, read from ``eval_dir``) and, where
the data set's PROVENANCE gives them, published sentence-level figures.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.evaluate import prf, require, spread
from analysis.measures.hedging import hedge_cues
from analysis.text import make_doc, tokenize

FACTBANK = "szeged_uncertainty_corpus/factbank.xml"
CONLL_TEST = "conll2010_wikipedia_task1/test.csv"
ISLAM_HEDGES = "hedge_booster_lexicon_islam2020/hedge_words.txt"
#: Issue targets for the suite's F1.
TARGETS = {"factbank": 0.70, "conll2010_wikipedia": 0.55}
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


def load_factbank(eval_dir: Path) -> Labelled:
    """FactBank news sentences and whether each holds an uncertainty cue."""
    root = ET.parse(require(eval_dir / FACTBANK)).getroot()
    return [
        (" ".join("".join(s.itertext()).split()), s.find(".//ccue") is not None)
        for s in root.iter("Sentence")
    ]


def load_conll_test(eval_dir: Path) -> Labelled:
    """CoNLL-2010 Wikipedia test sentences, PTB brackets restored, and their labels."""
    df = pd.read_csv(require(eval_dir / CONLL_TEST))
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


def suite_hedged(sentence: str) -> bool:
    """The suite's prediction, as ``score_texts`` makes it: at least one hedge cue.

    >>> suite_hedged("Talks could be postponed."), suite_hedged("Talks were postponed.")
    (True, False)
    """
    return bool(hedge_cues(make_doc(sentence)))


def evaluate(eval_dir: Path, *, limit: int | None = None) -> list[dict]:
    """Suite and anchors on both test sets, as rows of :data:`analysis.evaluate.COLUMNS`.

    Args:
        eval_dir: the folder holding the evaluation data sets.
        limit: score only ``limit`` sentences of each set, spread evenly (for fast tests).

    Returns:
        One row per data set, system and metric (precision, recall, F1).

    Raises:
        EvalDataMissing: a data file is not in ``eval_dir``.
    """
    naive = naive_lexicon(eval_dir)
    systems = [
        ("suite: hedge lexicon + not-a-hedge rules", "suite", suite_hedged),
        ("naive Hyland-style lexicon (Islam et al. 2020)", "anchor (measured here)", naive),
    ]
    rows: list[dict] = []
    for dataset, load in (("factbank", load_factbank), ("conll2010_wikipedia", load_conll_test)):
        items = spread(load(eval_dir), limit)
        gold = [label for _, label in items]
        base = {"measure": "hedging", "dataset": dataset, "n": len(items)}
        for system, kind, predict in systems:
            scores = prf([predict(text) for text, _ in items], gold)
            for metric, value in zip(("precision", "recall", "f1"), scores, strict=True):
                target = TARGETS[dataset] if kind == "suite" and metric == "f1" else None
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
        for system, metric, value in PUBLISHED.get(dataset, []):
            published = {"n": PUBLISHED_N[dataset], "kind": "anchor (published)", "target": None}
            rows.append(base | published | {"metric": metric, "system": system, "value": value})
    return rows
