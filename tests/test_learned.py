"""The learned layer's core: model files, scores, and each word's share of a score."""

from __future__ import annotations

import math

import pytest

from analysis.measures.features import cue_occurrences, doc_occurrences, sentence_occurrences
from analysis.measures.learned import LinearModel, parse
from analysis.text import Cue, make_doc

TEXT = "Tutka was working as a substitute teacher when he was shot. Lawmakers should act."


def toy_model(scaling: str = "per_word") -> LinearModel:
    return LinearModel(
        name="toy",
        intercept=-1.5,
        threshold=0.5,
        scaling=scaling,
        weights={"cat:pronoun_3sg": 20.0, "nar:person_past": 15.0, "w:should": -30.0,
                 "cue:hedge:epistemic": 2.0},
        header={"version": "1", "training data": "none (a test)", "date": "2026-12-07"},
    )  # fmt: skip


def test_a_model_file_reads_back_to_the_same_model_and_the_same_bytes():
    model = toy_model()
    again = parse(model.dumps())
    assert again.weights == model.weights
    assert (again.intercept, again.threshold, again.scaling) == (-1.5, 0.5, "per_word")
    assert again.dumps() == model.dumps()


def test_word_shares_add_up_to_the_score():
    doc = make_doc(TEXT)
    occurrences = doc_occurrences(doc)
    model = toy_model()
    cues = model.cues(doc.text, occurrences, len(doc.words), "toy")
    assert cues, "the text has pronouns, narration and an argument marker"
    assert math.isclose(
        model.intercept + sum(c.weight for c in cues), model.logit(occurrences, len(doc.words))
    )
    should = [c for c in cues if c.text == "should"]
    assert should and should[0].weight < 0 and should[0].category == "against"
    assert {c.text for c in cues if "cat:pronoun_3sg" in c.rule} == {"he"}
    assert 0 < model.probability(occurrences, len(doc.words)) < 1


def test_a_rule_cue_is_a_feature_with_its_own_share():
    doc = make_doc("It may rain.")
    occurrences = [
        *doc_occurrences(doc),
        *cue_occurrences([Cue(3, 6, "hedge", "epistemic", "may")]),
    ]
    (cue,) = [c for c in toy_model("binary").cues(doc.text, occurrences, 3, "toy")]
    assert (cue.text, cue.category, cue.weight) == ("may", "toward", 2.0)
    assert cue.rule.startswith("rule cue cue:hedge:epistemic")


def test_names_are_never_word_features():
    doc = make_doc("Officials said President Trump met Ivanka Trump in Parkland.")
    words = {f for sentence in sentence_occurrences(doc) for f, _, _ in sentence}
    assert not {"w:trump", "w:ivanka", "w:parkland"} & words
    assert {"shape:name", "cat:official"} <= words  # "President" is a title, not a name


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# name: x\nfeature\tweight\n", "header lacks"),
        ("# name: x\n# version: 1\n# training data: t\n# date: d\n# scaling: per_word\n"
         "# intercept: 0\n# threshold: 0.5\nfeature\tweight\nw:he\tlots\n", "line 9"),
    ],
)  # fmt: skip
def test_a_broken_model_file_is_named_with_its_line(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse(text, source="models/x.tsv")


def test_a_reading_adds_its_value_times_its_weight_on_its_span():
    model = LinearModel(
        name="toy", intercept=0.1, threshold=0.0, scaling="binary", kind="linear",
        weights={"read:vader": 0.5, "w:should": -0.2},
    )  # fmt: skip
    doc = make_doc("Lawmakers should act.")
    readings = [("read:vader", 0.8, 0, len(doc.text))]
    occurrences = doc_occurrences(doc)
    assert model.output(occurrences, 3, readings) == pytest.approx(0.1 + 0.4 - 0.2)
    cues = model.cues(doc.text, occurrences, 3, "toy", readings=readings)
    (reading,) = [c for c in cues if c.rule.startswith("reading")]
    assert (reading.text, reading.weight) == (doc.text, pytest.approx(0.4))
    assert model.intercept + sum(c.weight for c in cues) == pytest.approx(0.3)


LEAD = (
    "A 19-year-old college student was shot and killed outside a convenience store in south "
    "Chicago late Saturday, police said."
)
ISSUE = "Lawmakers should pass the bill, because gun deaths rose 12 percent last year."


def test_the_human_interest_probability_is_the_sum_of_the_shares_explain_shows():
    from analysis import explain, score_texts
    from analysis.measures import human_interest, learned

    evidence = explain(LEAD)
    shares = evidence[evidence["measure"] == human_interest.LEARNED]
    assert len(shares) and shares["weight"].notna().all()
    assert set(shares["category"]) <= {"toward", "against"}
    spans = zip(shares["start"], shares["end"], strict=True)
    assert (shares["text"] == [LEAD[s:e] for s, e in spans]).all()
    model = learned.load(human_interest.MODEL)
    probability = score_texts([LEAD])["human_interest_probability"].iloc[0]
    assert math.isclose(learned.sigmoid(model.intercept + shares["weight"].sum()), probability)
    # the rules' own cues are there too, each with its share as a feature of the model
    assert (evidence["measure"] == "human_interest").any()
    assert shares["rule"].str.contains("rule cue cue:hi:").any()


def test_a_story_about_a_person_reads_higher_than_an_argument():
    from analysis import score_texts

    scores = score_texts([LEAD, ISSUE])["human_interest_probability"]
    assert scores.iloc[0] > scores.iloc[1]


def test_highlight_shows_each_words_share_only_when_asked():
    from analysis import highlight

    assert "mf-human_interest_learned" not in highlight(LEAD, sentence_tone=False)
    page = highlight(LEAD, measures=["human_interest_learned"], sentence_tone=False)
    assert 'class="mf-human_interest_learned"' in page
    assert "human_interest_learned: toward +" in page  # the share, signed, in the hover text


@pytest.mark.eval
@pytest.mark.slow
def test_make_train_rebuilds_the_shipped_model_and_card_byte_for_byte(eval_dir):
    from analysis.measures.learned import model_path
    from analysis.train import build

    trained = build("human_interest", eval_dir)
    assert trained.model.dumps() == model_path("human_interest").read_text(encoding="utf-8")
    card = model_path("human_interest").parent / "human_interest.md"
    assert trained.card == card.read_text(encoding="utf-8")


def test_the_shipped_model_is_small_and_topic_guarded():
    from analysis.measures import human_interest, learned

    path = learned.model_path(human_interest.MODEL)
    assert len(path.read_bytes()) < 100_000
    model = learned.load(human_interest.MODEL)
    assert model.weights and not any(f.startswith(("w:", "b:")) for f in model.weights)
    assert {"name", "version", "training data", "date"} <= set(model.header)


def test_a_fit_is_deterministic_and_keeps_only_guarded_features():
    from analysis.train.fit import fit_logistic, topic_guard

    rows = [
        {"cat:pronoun_3sg": 0.05 * (i % 3), "w:climate": 0.01 * (i % 5), "w:he": 0.02 * (i % 2)}
        for i in range(40)
    ]
    gold = [i % 3 == 2 for i in range(40)]
    first = fit_logistic(rows, gold, c=1.0)
    assert first == fit_logistic(rows, gold, c=1.0)
    intercept, weights = first
    assert "w:climate" not in weights and not topic_guard("w:climate")
    assert weights["cat:pronoun_3sg"] > 0


def test_a_fit_on_rows_taken_from_a_shared_matrix_is_the_fit_on_those_rows_alone():
    """The trainers make the feature matrix once and each cross-validation fit takes its
    rows' part: the same fit as one made from those rows' own features."""
    from analysis.train.fit import FeatureRows, fit_logistic, fit_ridge

    rows = [
        {"cat:a": 0.1 * (i % 4), "cat:b": 0.05 * (i % 3), "cat:c": 0.2 * (i % 5 == 0)}
        | ({"cat:rare": 0.3} if i < 6 else {})  # 3+ rows in all, fewer in the part taken
        | ({"cat:zero": 0.4 * (i in (9, 11))} if i % 2 else {})  # present, mostly as 0
        for i in range(40)
    ]
    gold = [i % 3 == 1 or i % 7 == 0 for i in range(40)]
    keep = [i for i in range(40) if i % 5 != 2 and i not in (1, 3, 5)][::-1]
    shared = FeatureRows(rows).take(keep)
    alone = [rows[i] for i in keep]
    assert list(shared) == alone
    part_gold = [gold[i] for i in keep]
    fitted = fit_logistic(shared, part_gold, c=1.0, allowed=lambda f: True)
    assert fitted == fit_logistic(alone, part_gold, c=1.0, allowed=lambda f: True)
    assert "cat:rare" not in fitted[1] and "cat:zero" in fitted[1]  # counted in the part,
    # a 0 given counting as present
    target = [0.1 * (i % 6) for i in keep]
    assert fit_ridge(shared, target, alpha=1.0, allowed=lambda f: True) == fit_ridge(
        alone, target, alpha=1.0, allowed=lambda f: True
    )


def test_features_of_some_kinds_are_those_kinds_of_every_feature_in_order():
    doc = make_doc(TEXT + " “Smith, 42, was hit,” she said in 2019.")
    every = sentence_occurrences(doc)
    for kinds in ({"cat"}, {"w", "b"}, {"shape", "nar"}, set()):
        some = sentence_occurrences(doc, kinds)
        assert [list(s) for s in some] == [
            [o for o in sentence if o[0].split(":", 1)[0] in kinds] for sentence in every
        ]
