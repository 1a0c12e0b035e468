"""The measure registry: a measure added in one place reaches scoring, comparison and views."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import compare_groups, explain, highlight, score_sentences, score_texts
from analysis.measures import registry
from analysis.measures.registry import Mark, Measure
from analysis.text import Cue, Doc


def _exclamations(doc: Doc) -> list[Cue]:
    marks = (t for t in doc.tokens if t.text == "!")
    return [Cue(t.start, t.end, "exclamation", "mark", "'!'", t.text) for t in marks]


TOY = Measure(
    "exclamation",
    _exclamations,
    lambda doc, cues: {"exclamations": len(cues)},
    rate_columns=("exclamations",),
    compare=("exclamations_per_1k_words",),
    sentence_counts={"exclamations": "exclamation"},
    marks={"exclamation": Mark("border-bottom: 2px solid {blue};", "exclamation (solid line)")},
)

TEXTS = ["Peace at last! The war is over!", "Talks resumed.", "No! Not again!", "It rained."]


@pytest.fixture
def toy():
    with registry.registered(TOY) as measure:
        yield measure


def test_a_registered_measure_is_scored_compared_explained_and_highlighted(toy):
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


def test_unregistered_measures_are_gone_and_names_are_unique(toy):
    with pytest.raises(ValueError, match="already registered"):
        registry.register(TOY)
    registry.unregister("exclamation")
    assert "exclamations" not in score_texts(["Stop!"]).columns
    registry.register(TOY)  # the fixture removes it again


def test_the_built_in_measures_keep_their_default_comparisons():
    tone = ("tone", "vader_compound", "textblob_polarity", "textblob_subjectivity", "tone_narrator")
    assert registry.article_measures()[:5] == tone
    assert {"hedge_cues_per_1k_words", "human_interest_index", "quotes_per_1k_words"} <= set(
        registry.article_measures()
    )
    assert registry.sentence_measures()[:2] == ("tone", "hedge_cues")
