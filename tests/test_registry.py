"""Measures are found by entry point: one installed from a package of its own reaches
scoring (in this process and in worker processes), comparison, evidence and highlighting,
with nothing registered by hand."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis import compare_groups, explain, highlight, score_corpus, score_sentences, score_texts
from analysis.measures import registry
from analysis.measures.base import Measure
from analysis.scoring import engine

TEXTS = ["Peace at last! The war is over!", "Talks resumed.", "No! Not again!", "It rained."]


@pytest.fixture(scope="module")
def toy(toy_measure_site):
    """The toy measure installed, on this process's path and on its children's."""
    target = toy_measure_site
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(target))
        patch.setenv(
            "PYTHONPATH", os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")]))
        )
        registry.refresh()
        yield next(m for m in registry.measures() if m.name == "exclamation")
    registry.refresh()


def test_an_installed_measure_is_scored_compared_explained_and_highlighted(toy):
    scores = score_texts(TEXTS).assign(group=["loud", "calm", "loud", "calm"])
    assert scores["exclamations"].tolist() == [2, 0, 2, 0]
    assert scores["exclamations_per_1k_words"].iloc[0] == 1000 * 2 / 7
    compared = compare_groups(scores, by="group")
    row = compared.set_index("measure").loc["exclamations_per_1k_words"]
    assert row["mean_loud"] > row["mean_calm"] == 0
    assert (explain(TEXTS[0])["measure"] == "exclamation").sum() == 2
    page = highlight(TEXTS[0], sentence_tone=False)
    assert page.count('class="mf-exclamation"') == 2 and "exclamation (solid line)" in page
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["loud", "calm"], "text": TEXTS[:2]})
    sentences = score_sentences(corpus)
    assert sentences["exclamations"].tolist() == [1, 1, 0]
    by_sentence = compare_groups(sentences, by="group", level="sentence")
    assert "exclamations" in by_sentence["measure"].tolist()


def test_an_installed_measure_reaches_scoring_workers_and_the_scoring_version(toy, tmp_path):
    assert any(line.startswith("exclamation toy-measure==0.1.0") for line in registry.provenance())
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(8)], "text": TEXTS * 2})
    scores = score_corpus(corpus, workers=2, cache=tmp_path / "cache", progress=False)
    assert scores["exclamations"].tolist() == [2, 0, 2, 0] * 2
    with_toy = engine.scoring_version()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry, "provenance", lambda: ())
        assert engine.scoring_version() != with_toy


def test_a_measure_must_be_what_its_entry_point_names():
    def points(group):
        class Point:
            name, value, dist = "mismatch", "x:MEASURE", None

            def load(self):
                return Measure("other", lambda doc: [], lambda doc, cues: {})

        return [Point()]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry, "entry_points", points)
        registry.refresh()
        with pytest.raises(ValueError, match="must be the same"):
            registry.measures()
    registry.refresh()


def test_the_built_in_measures_are_entry_points_with_their_default_comparisons():
    names = {m.name for m in registry.measures()}
    assert {"tone", "hedging", "human_interest", "colour_devices", "quotes"} <= names
    assert {
        "tone",
        "hedge_cues_per_1k_words",
        "human_interest_index",
        "quotes_per_1k_words",
    } <= set(registry.article_measures())
    assert {"tone", "hedge_cues"} <= set(registry.sentence_measures())
