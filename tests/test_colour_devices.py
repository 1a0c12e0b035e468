"""Colour devices: scene-setting, direct address and the writer's questions, outside quotations."""

from __future__ import annotations

import pytest

from analysis import paths, score_texts
from analysis.measures import colour_devices as cd
from analysis.text import make_doc

SEED = {p.name[:3]: p.read_text(encoding="utf-8") for p in paths.RAW.glob("*.txt")}


def found(text: str) -> set[tuple[str, str]]:
    return {(c.category, c.text) for c in cd.colour_device_cues(make_doc(text))}


@pytest.mark.parametrize(
    ("text", "device", "evidence"),
    [
        # seed texts 000 and 003
        ("On a humid Florida morning, where the palms lean into the Atlantic breeze, "
         "negotiators met.", "scene", "On a humid Florida morning"),
        ("Dominoes were clacking in a park.", "scene", "clacking"),
        ("Ask yourself: what is peace worth?", "address", "yourself"),
        ("Ask yourself: what is peace worth?", "address", "Ask"),
        ("Ask yourself: what is peace worth?", "rhetorical_question",
         "Ask yourself: what is peace worth?"),
        ("What would you want negotiators to prioritize if you had a voice at that table?",
         "rhetorical_question",
         "What would you want negotiators to prioritize if you had a voice at that table?"),
        ("What would you want negotiators to prioritize?", "address", "you"),
        ("Keep watching. Ask hard questions.", "address", "Keep"),
        ("So where does that leave us?", "address", "us"),
    ],
)  # fmt: skip
def test_device_found_with_its_evidence(text: str, device: str, evidence: str) -> None:
    assert (device, evidence) in found(text)


def test_inside_quotations_they_are_the_speakers() -> None:
    text = "“Talks are necessary. But what kind of peace asks you to forget your homes?” she said."
    assert found(text) == set()
    assert found("She told them: 'How dare you.' The hall fell silent.") == set()


def test_inch_marks_open_no_quotation() -> None:
    # issue 10's example: one quote model, so "you" after 5'10" is the writer's
    text = "He stood 6'2\" tall; you could see him from 5'10\" away. Ask yourself why."
    assert ("address", "you") in found(text)


def test_us_the_country_is_not_the_reader() -> None:
    assert found("The US and Russia met in Miami.") == set()


def test_wire_sentences_carry_no_device() -> None:
    assert found("U.S. envoy Steve Witkoff said Saturday he had held constructive talks.") == set()


def test_a_measure_of_its_own_with_rate_and_evidence() -> None:
    scores = score_texts([SEED["000"], SEED["001"]])
    assert scores.loc[0, "colour_devices"] > 0 == scores.loc[1, "colour_devices"]
    expected = 1000 * scores["colour_devices"] / scores["words"]
    assert scores["colour_devices_per_1k_words"].round(9).equals(expected.round(9))
    assert scores.loc[0, "colour_devices"] == sum(scores.loc[0, f"colour_{d}"] for d in cd.DEVICES)
    for cue in cd.colour_device_cues(make_doc(SEED["000"])):
        assert cue.measure == "colour_device" and cue.category in cd.DEVICES and cue.rule
        assert SEED["000"][cue.start : cue.end] == cue.text


def test_colour_pieces_use_more_devices_than_wire() -> None:
    rate = score_texts(list(SEED.values()))["colour_devices_per_1k_words"].tolist()
    by_key = dict(zip(SEED, rate, strict=True))
    assert min(by_key["000"], by_key["003"]) > max(by_key[k] for k in ("001", "002", "004"))
