"""The human-interest learned layer: trained on narrative-frames articles, tested across domains.

Training data: the 428 narrative-frames articles (Frermann et al. 2023, MIT), label
``HI``. Features (:func:`analysis.measures.human_interest.learned_occurrences`): word
categories, shapes and narration (:mod:`analysis.measures.features`) and the rules'
cues by item, each as a rate per word (``per_word``), so an article, a lead and a
headline are read on one scale.

The topic guard is a closed feature set: no single word is a feature, only the
categories of the closed vocabulary (pronouns by person, past tenses, role nouns,
time anchors, incident words, argument markers), word shapes (a name, a number, a
quoted word), narration and the rules' items. No feature can name a subject.

Signs are fixed by the theory before fitting (:data:`TOWARD`, :data:`AGAINST`): a
story told through particular people (narration, singular people, past tenses, the
rules' items) against argument about an issue (modals of obligation, conditions,
quantities, issue and official words). A feature whose fitted weight has the other
sign is dropped and the model refitted, until none does (:func:`fit`). This keeps
what the narrative-frames articles teach that also holds for short news texts: on
those climate articles "they" and affected groups carry the frame, which on other
news would read an issue story as a human one.

Procedure (:func:`procedure`): L2 logistic regression, balanced classes, its ``C``
chosen from :data:`C_GRID` by 5-fold cross-validated ROC AUC on the training rows,
the decision threshold the F1-best one on those out-of-fold probabilities. Reported
(:func:`figures`): the whole procedure in nested 5-fold CV on narrative frames; trained
on all of narrative frames and tested on the gun-violence leads and headlines
(episodic vs thematic, never seen in training or development of the fit); the reverse
(trained on the gun-violence units, tested on the narrative-frames articles); and
trained on the gun-violence headlines of the development part, tested on the leads of
the test part (split by article).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import analysis.evaluate.gvfc as gvfc
import analysis.evaluate.human_interest as nf
from analysis.evaluate.common import prf
from analysis.measures import human_interest as hi
from analysis.measures.features import Occurrence
from analysis.measures.learned import LinearModel, sigmoid, values
from analysis.text import make_doc
from analysis.train import Trained
from analysis.train.fit import FeatureRows, Row, fit_logistic, linear_score

NAME = "human_interest"
#: The recipe's version and date: change them when the recipe changes.
VERSION = "1"
DATE = "2026-12-07"
SCALING = "per_word"
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1)
#: Features that may only push toward the frame: a story told through particular people.
TOWARD = frozenset(
    {
        "nar:person_past",
        "cat:pronoun_1sg",
        "cat:pronoun_3sg",
        "cat:role_singular",
        "cat:past_aux",
        "cat:past_verb",
        "cat:incident",
        "cat:police",
        "cat:time_anchor",
        "cat:narrative_connective",
        "shape:past_ed",
        *(f"cue:hi:{item}" for item in hi.ITEMS),
    }
)
#: Features that may only push away from it: argument about an issue.
AGAINST = frozenset(
    {
        "cat:argument_modal",
        "cat:argument_condition",
        "cat:argument_connective",
        "cat:quantity",
        "cat:issue",
        "cat:official",
        "cat:pronoun_1pl",
        "cat:pronoun_2",
    }
)
#: Inner and outer cross-validation folds.
FOLDS = 5


#: What the figures call the shipped model's training data.
SHIPPED = "all narrative frames articles"


def unit_occurrences(texts: Iterable[str]) -> list[tuple[list[Occurrence], int]]:
    """Each text's occurrences and word count, as the measure computes them."""
    out = []
    for text in texts:
        doc = make_doc(text)
        out.append((hi.learned_occurrences(doc, hi.human_interest_cues(doc)), len(doc.words)))
    return out


def rows_of(texts: Iterable[str]) -> list[Row]:
    """Each text's feature values, as the shipped model reads them."""
    return [values(o, words, SCALING) for o, words in unit_occurrences(texts)]


#: The ablation the card reports: group cues (the rules' cues about groups, "they",
#: plural role nouns) allowed toward the frame too.
GROUPS = frozenset(
    {*(f"cue:hi:{item}:group" for item in hi.ITEMS), "cat:pronoun_3pl", "cat:role_plural"}
)


def _guarded(rows: Sequence[Row], toward: frozenset[str] = TOWARD) -> list[Row]:
    """Each row cut to the features :func:`fit` may use (those in ``toward`` or :data:`AGAINST`).

    Fitting on the cut rows gives the same model: done once before the hundreds of fits of
    cross-validation, it spares each fit a pass over every word feature.
    """
    return [{f: v for f, v in row.items() if f in toward or f in AGAINST} for row in rows]


def fit(
    rows: Sequence[Row], gold: Sequence[bool], c: float, toward: frozenset[str] = TOWARD
) -> tuple[float, dict[str, float]]:
    """Fit, drop the features whose weight has the sign the theory forbids, refit until none.

    Only features in ``toward`` (may only push toward the frame) or :data:`AGAINST` are used.
    """
    rows = FeatureRows.of(rows)
    keep = {f for f in rows.names if f in toward or f in AGAINST}
    while True:
        intercept, weights = fit_logistic(rows, gold, c=c, allowed=keep.__contains__, min_docs=3)
        wrong = {f for f, w in weights.items() if (w < 0) == (f in toward)}
        if not wrong:
            return intercept, weights
        keep -= wrong


def folds_of(n: int) -> list[int]:
    """Deterministic unstratified folds for rows without ids (round-robin)."""
    return [i % FOLDS for i in range(n)]


def out_of_fold(
    rows: Sequence[Row],
    gold: Sequence[bool],
    fold: Sequence[int],
    c: float,
    toward: frozenset[str] = TOWARD,
) -> list[float]:
    """Each row's logit from a fit on the other folds."""
    rows, scores = FeatureRows.of(rows), [0.0] * len(rows)
    for k in sorted(set(fold)):
        train = [i for i, f in enumerate(fold) if f != k]
        intercept, weights = fit(rows.take(train), [gold[i] for i in train], c, toward)
        for i, f in enumerate(fold):
            if f == k:
                scores[i] = linear_score(rows[i], intercept, weights)
    return scores


def procedure(
    rows: Sequence[Row],
    gold: Sequence[bool],
    ids: Sequence[str],
    toward: frozenset[str] = TOWARD,
) -> tuple[float, dict[str, float], float, float]:
    """(intercept, weights, probability threshold, C) fitted on ``rows`` alone."""
    rows = FeatureRows(_guarded(rows, toward))
    fold = nf.folds(list(ids), list(gold), k=FOLDS)
    best = None
    for c in C_GRID:
        scores = out_of_fold(rows, gold, fold, c, toward)
        auc = nf.roc_auc(scores, gold)
        if best is None or auc > best[0] + 1e-9:
            best = (auc, c, scores)
    _, c, scores = best
    cut = nf.best_threshold([sigmoid(s) for s in scores], gold)
    intercept, weights = fit(rows, gold, c, toward)
    return intercept, weights, cut, c


def _articles(eval_dir: Path) -> tuple[list[str], list[Row], list[bool]]:
    articles = nf.load_articles(eval_dir)
    return [a[0] for a in articles], rows_of([a[1] for a in articles]), [a[2] for a in articles]


def _metrics(scores: Sequence[float], gold: Sequence[bool], cut: float | None) -> dict:
    out = {"roc_auc": nf.roc_auc(scores, gold)}
    if cut is not None:
        p, r, f = prf([sigmoid(s) >= cut for s in scores], gold)
        out |= {"precision": p, "recall": r, "f1": f}
    return out


def nested(
    rows: Sequence[Row], gold: Sequence[bool], ids: Sequence[str], toward: frozenset[str]
) -> dict:
    """The whole procedure in nested cross-validation: ROC AUC, precision, recall, F1."""
    rows = _guarded(rows, toward)
    fold = nf.folds(list(ids), list(gold), k=FOLDS)
    scores, cuts = [0.0] * len(rows), [0.0] * len(rows)
    for k in range(FOLDS):
        train = [i for i, f in enumerate(fold) if f != k]
        intercept, weights, cut, _ = procedure(
            [rows[i] for i in train], [gold[i] for i in train], [ids[i] for i in train], toward
        )
        for i, f in enumerate(fold):
            if f == k:
                scores[i], cuts[i] = linear_score(rows[i], intercept, weights), cut
    p, r, f1 = prf([sigmoid(s) >= cut for s, cut in zip(scores, cuts, strict=True)], gold)
    return {"roc_auc": nf.roc_auc(scores, gold), "precision": p, "recall": r, "f1": f1}


def figures(
    eval_dir: Path,
    articles: tuple[list[str], list[Row], list[bool]] | None = None,
    shipped: tuple[float, dict[str, float], float] | None = None,
) -> list[dict]:
    """Every figure of the model card, as rows (dataset, n, trained on, kind, metrics).
    ``articles``: the narrative-frames articles' ids, rows and labels when already read
    (reading them is a fifth of a rebuild); ``shipped``: :func:`procedure`'s intercept,
    weights and threshold on them, when already fitted."""
    ids, rows, gold = articles or _articles(eval_dir)
    cv = f"narrative frames articles ({FOLDS}-fold nested CV)"
    out = [
        {"dataset": cv, "n": len(rows), "trained on": "the other folds (C and threshold chosen "
         "inside)", "kind": "development"} | nested(rows, gold, ids, TOWARD)
    ]  # fmt: skip
    intercept, weights, cut = shipped or procedure(rows, gold, ids)[:3]
    leads, headlines = gvfc.load(eval_dir)
    unit_rows = {"leads": rows_of([u.text for u in leads]),
                 "headlines": rows_of([u.text for u in headlines])}  # fmt: skip
    for name, units in (("leads", leads), ("headlines", headlines)):
        scored = [linear_score(r, intercept, weights) for r in unit_rows[name]]
        episodic = [u.episodic for u in units]
        out.append(
            {"dataset": f"gun-violence {name}, episodic vs thematic", "n": len(units),
             "trained on": SHIPPED, "kind": "development (cross-domain)"}
            | _metrics(scored, episodic, cut)
        )  # fmt: skip
    both = [*leads, *headlines]
    both_rows = [*unit_rows["leads"], *unit_rows["headlines"]]
    both_ids = [u.article for u in both]
    b, w, c_cut, _ = procedure(both_rows, [u.episodic for u in both], both_ids)
    out.append(
        {"dataset": "narrative frames articles", "n": len(rows),
         "trained on": "all gun-violence leads and headlines (reverse)",
         "kind": "development (cross-domain)"}
        | _metrics([linear_score(r, b, w) for r in rows], gold, c_cut)
    )  # fmt: skip
    train = [
        (u, r) for u, r in zip(headlines, unit_rows["headlines"], strict=True) if gvfc.is_dev(u)
    ]
    test = [(u, r) for u, r in zip(leads, unit_rows["leads"], strict=True) if not gvfc.is_dev(u)]
    b, w, c_cut, _ = procedure([r for _, r in train], [u.episodic for u, _ in train],
                               [u.article for u, _ in train])  # fmt: skip
    out.append(
        {"dataset": "gun-violence leads, test part", "n": len(test),
         "trained on": "gun-violence headlines, development part (split by article)",
         "kind": "development (within domain)"}
        | _metrics([linear_score(r, b, w) for _, r in test], [u.episodic for u, _ in test], c_cut)
    )  # fmt: skip
    ablation = "ablation: group cues, they and plural role nouns allowed toward the frame"
    out.append(
        {"dataset": cv, "n": len(rows), "trained on": f"the other folds ({ablation})",
         "kind": "development (not shipped)"} | nested(rows, gold, ids, TOWARD | GROUPS)
    )  # fmt: skip
    b, w, c_cut, _ = procedure(rows, gold, ids, TOWARD | GROUPS)
    out.append(
        {"dataset": "gun-violence leads, episodic vs thematic", "n": len(leads),
         "trained on": f"all narrative frames articles ({ablation})",
         "kind": "development (not shipped)"}
        | _metrics([linear_score(r, b, w) for r in unit_rows["leads"]],
                   [u.episodic for u in leads], c_cut)
    )  # fmt: skip
    return out


def build(eval_dir: Path) -> Trained:
    """The shipped model (the procedure on all narrative-frames articles) and its card."""
    articles = ids, rows, gold = _articles(eval_dir)
    intercept, weights, cut, c = procedure(rows, gold, ids)
    model = LinearModel(
        name=NAME,
        intercept=intercept,
        threshold=cut,
        scaling=SCALING,
        weights=weights,
        header={
            "version": VERSION,
            "training data": f"narrative_frames_frermann2023: {len(rows)} articles, label HI "
            f"({sum(gold)} true); MIT",
            "date": DATE,
            "c": str(c),
        },
    )
    shown = figures(eval_dir, articles, (intercept, weights, cut))
    return Trained(model, card(model, shown, len(rows), sum(gold)))


def card(model: LinearModel, rows: Sequence[dict], n: int, positives: int) -> str:
    """The model card's Markdown, from the model and :func:`figures`."""

    def cell(row: dict, key: str) -> str:
        return f"{row[key]:.3f}" if key in row else "–"

    table = [
        "| data set | n | trained on | kind | ROC AUC | F1 | precision | recall |",
        "|---|---|---|---|---|---|---|---|",
        *(
            f"| {r['dataset']} | {r['n']} | {r['trained on']} | {r['kind']} | "
            f"{cell(r, 'roc_auc')} | {cell(r, 'f1')} | {cell(r, 'precision')} | "
            f"{cell(r, 'recall')} |"
            for r in rows
        ),
    ]
    weights = "\n".join(f"| `{f}` | {w:+.3f} |" for f, w in model.top_weights(len(model.weights)))
    return f"""# Model card: `{model.name}` (version {model.version}, {model.header["date"]})

Written by `make train` (`python -m analysis.train {model.name}`); do not edit by hand.

**What it reads:** the probability that coders would code a text as using the
human-interest frame (a story told through particular people), as the column
`human_interest_probability`. This is the measure's **primary reading**: the report
compares it first and `make evaluate` reports it first. The rule index
(`human_interest_index`) stays beside it.

**Training data:** `narrative_frames_frermann2023` (Frermann, Li, Khanehzar &
Mikolajczak 2023, ACL): {n} English climate-change news articles, aggregated `HI`
label ({positives} true). Licence: MIT (the articles' copyright stays with their
publishers). The gun-violence frames data (Liu et al. 2019; no explicit licence,
research use) is used only to test, never to fit the shipped model.

**Split:** the shipped model is fitted on all {n} articles; its `C`
({model.header.get("c")}) chosen by 5-fold cross-validated ROC AUC (folds by SHA-256 of
the article id, stratified), its threshold ({model.threshold:.3f}, on the probability)
the F1-best on those out-of-fold probabilities. The figures below refit that whole
procedure on the training part of each split.

**Features and the topic guard:** rates per word of word categories of a closed
vocabulary (`analysis/measures/lexicons/features.tsv`), word shapes, narration by a
particular person and the rules' cues by item (`analysis/measures/features.py`). No
single word is a feature and names never are, so no word that names a subject
(climate, gun, Trump) can carry the decision. Signs are fixed by the theory before
fitting (narration, particular people and the rules' items toward; argument markers,
issue and official words against); a feature fitted with the other sign is dropped.
The group features that the climate articles lean on (the rules' cues about groups,
"they", plural role nouns) are left out: the ablation rows below show what they would
gain on those articles and lose on the gun-violence leads.

## Figures (all development: the held-out sets are the project's, not here)

{chr(10).join(table)}

## Weights (intercept {model.intercept:+.3f}; per-word rates, so a weight of 10 moves the
logit by 0.1 for one occurrence in 100 words)

| feature | weight |
|---|---|
{weights}
"""
