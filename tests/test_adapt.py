"""Adapting the learned layer to coded units: too few says so, a planted signal is learned."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.coding import adapt
from analysis.coding.sample import draw_sample
from analysis.measures import learned

#: A stand-in for the shipped model that weighs only numbers (none of the sentences has one), so
#: that what the coders plant below can only come from the correction.
STAND_IN = learned.parse(
    "# name: human_interest\n# version: 0\n# training data: none (a test's stand-in)\n"
    "# date: 2026-12-07\n# scaling: per_word\n# intercept: -1.0\n# threshold: 0.5\n"
    "# kind: logistic\nfeature\tweight\nshape:number\t5\n",
    source="stand-in",
)

_STORY = [
    "He was working at the mill when the storm hit the valley.",
    "She had walked the same road to school for nine years.",
    "He was a welder and had three children.",
    "She was asleep when the water came through the door.",
    "He had never seen the river so high, his neighbour said.",
]
_ARGUMENT = [
    "The council should fund the flood defences before the next winter.",
    "If rates rise again, lenders must explain the change to borrowers.",
    "The plan needs a clear budget and an independent review.",
    "Policy makers ought to weigh the costs against the benefits.",
    "Critics argue the rules are too weak to change behaviour.",
    "The report recommends new standards for river management.",
]


def _corpus(articles: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for i in range(articles):
        picked = [*rng.choice(_STORY, 2, replace=False), *rng.choice(_ARGUMENT, 3, replace=False)]
        rng.shuffle(picked)
        rows.append({"doc_id": f"a{i:02d}", "group": "ab"[i % 2], "text": " ".join(picked)})
    return pd.DataFrame(rows)


def _coded(sample, rule) -> pd.DataFrame:
    """Two coders who both code human_interest by ``rule`` on the unit's text."""
    rows = []
    for coder in ("ann", "ben"):
        for unit in sample.design.itertuples():
            value = "yes" if rule(unit.text) else "no"
            rows.append(
                {"unit_id": unit.unit_id, "coder": coder, "code": "human_interest", "value": value}
            )
    return pd.DataFrame(rows)


def _story(text: str) -> bool:
    return text in _STORY


def test_too_few_coded_units_say_so_and_leave_the_model_unchanged():
    articles = _corpus(8)
    sample = draw_sample(articles, n=12, seed=0)
    found = adapt.adapt(sample, _coded(sample, _story), articles, "human_interest", model=STAND_IN)
    assert "too few to learn from" in found.message
    assert f"at least {adapt.MIN_UNITS} coded units" in found.message
    assert found.fit is None
    assert np.array_equal(found.adapted, found.shipped)
    table = adapt.adaptation_agreement([found])
    assert (table["gain"] == 0).all() and table["penalty"].isna().all()


def test_adaptation_moves_toward_the_coders_on_a_planted_signal():
    articles = _corpus()
    sample = draw_sample(articles, n=120, seed=1)
    found = adapt.adapt(sample, _coded(sample, _story), articles, "human_interest", model=STAND_IN)
    assert found.fit is not None and np.isfinite(found.fit.penalty), found.message
    table = adapt.adaptation_agreement([found]).set_index("statistic")
    assert table.loc["AUC", "adapted"] > table.loc["AUC", "shipped"] + 0.2
    assert table.loc["AUC", "adapted"] > 0.85
    top = found.corrections(6)["feature"].tolist()
    assert any(f.startswith(("cat:pronoun_3sg", "cat:past", "nar:", "b:he", "b:she")) for f in top)
    # over the whole corpus the adapted measure's share of yes moves to the coders' (2 in 5)
    readings = adapt.corpus_readings([found], articles, "sentence")
    assert set(readings["group"]) == {"a", "b"}
    assert ((readings["adapted"] - 0.4).abs() < (readings["shipped"] - 0.4).abs()).all()


def test_a_code_no_learned_model_reads_is_refused():
    articles = _corpus(4)
    sample = draw_sample(articles, n=6, seed=0)
    with pytest.raises(ValueError, match="no learned model reads 'speaker'"):
        adapt.adapt(sample, _coded(sample, _story), articles, "speaker")


def test_a_score_correction_recovers_a_planted_effect_and_leaves_noise_alone():
    """Tone-like scores: coders rate units with feature 0 higher than the shipped model does."""
    from scipy import sparse

    from analysis.coding import correction

    rng = np.random.default_rng(5)
    X = sparse.random(90, 200, density=0.03, random_state=2, format="csr")
    X.data[:] = 1.0
    X = sparse.hstack([sparse.csr_matrix((rng.random(90) < 0.5).astype(float)[:, None]), X]).tocsr()
    shipped = rng.normal(0, 0.3, 90)
    planted = shipped + 0.5 * X[:, 0].toarray().ravel() + rng.normal(0, 0.05, 90)
    fit = correction.choose(X, shipped, planted, binary=False)
    assert fit.weights[0] == pytest.approx(0.5, abs=0.15)
    assert np.abs(fit.weights[1:]).max() < 0.15
    held_out = correction.cross_validated(X, shipped, planted, binary=False)
    assert np.mean((held_out - planted) ** 2) < 0.5 * np.mean((shipped - planted) ** 2)


def test_coders_who_answer_at_random_teach_nothing_the_cross_validation_would_show():
    """Answers drawn at random for each unit (the corpus repeats its sentences, so the
    same sentence gets different answers): no correction can predict held-out units."""
    articles = _corpus()
    sample = draw_sample(articles, n=120, seed=1)
    coded = _coded(sample, _story)
    coin = np.random.default_rng(11).random(len(sample.design)) < 0.4
    at_random = dict(zip(sample.design["unit_id"], np.where(coin, "yes", "no"), strict=True))
    coded["value"] = coded["unit_id"].map(at_random)
    found = adapt.adapt(sample, coded, articles, "human_interest", model=STAND_IN)
    auc = adapt.adaptation_agreement([found]).set_index("statistic").loc["AUC", "adapted"]
    assert auc < 0.65, found.message


def test_calls_that_share_the_articles_docs_give_what_each_gives_alone():
    """A coding step passes one Docs through its calls so that each article is read once;
    every call gives what it gives making its own Docs, and refuses another corpus's."""
    from analysis import load_corpus, paths
    from analysis.coding.rounds import read_rounds
    from analysis.coding.sample import Docs

    articles = load_corpus(None, group_by="genre")
    example, docs = paths.DATA / "coding-example", Docs(articles)
    shared, alone = read_rounds(example, articles, docs=docs), read_rounds(example, articles)
    pd.testing.assert_frame_equal(shared[0].design, alone[0].design)
    pd.testing.assert_frame_equal(shared[1], alone[1])
    found = adapt.adapt_all(*shared, articles, docs=docs)
    assert found, "no learned model ships"
    pd.testing.assert_frame_equal(
        adapt.adaptation_agreement(found),
        adapt.adaptation_agreement(adapt.adapt_all(*alone, articles)),
    )
    unit = shared[0].unit
    pd.testing.assert_frame_equal(
        adapt.corpus_readings(found, articles, unit, docs=docs),
        adapt.corpus_readings(found, articles, unit),
    )
    other = articles.assign(text=articles["text"].str.upper())
    with pytest.raises(ValueError, match="made for another corpus"):
        read_rounds(example, other, docs=docs)


def test_the_offset_is_the_shipped_measures_own_reading_of_each_unit():
    """Adapted or not, the prior is exactly what the measure reads: the human-interest
    probability of the span, a sentence's hedge probability and tone rating."""
    from analysis import load_corpus, paths
    from analysis.coding.rounds import read_rounds
    from analysis.measures import hedging, human_interest, tone
    from analysis.text import make_doc

    articles = load_corpus(None, group_by="genre")
    sample, answers = read_rounds(paths.DATA / "coding-example", articles)
    found = {a.code: a for a in adapt.adapt_all(sample, answers, articles)}
    if set(found) != {"hedged", "tone", "human_interest"}:
        pytest.skip(f"learned models shipped for only {sorted(found)}")
    texts = articles.set_index("doc_id")["text"]
    for k, unit in enumerate(sample.design.head(8).itertuples()):
        doc = make_doc(texts[unit.doc_id])
        i = [s.start for s in doc.sentences].index(int(unit.start))
        assert found["tone"].shipped[k] == pytest.approx(tone.tone_ratings(doc)[i])
        assert found["hedged"].shipped[k] == pytest.approx(hedging.hedge_probabilities(doc)[i])
        alone = make_doc(doc.text[int(unit.start) : int(unit.end)])
        hi = human_interest.human_interest_probability(
            alone, human_interest.human_interest_cues(alone)
        )
        assert found["human_interest"].shipped[k] == pytest.approx(hi, abs=0.05)
