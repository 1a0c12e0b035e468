"""Page-furniture rules: each fires on its real example; article bodies survive whole."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.corpus.clean import (
    HEAD_RULES,
    LINE_RULES,
    MARKUP_RULES,
    RULES,
    CleaningRule,
    clean_text,
)

SEEDS = {p.stem[:3]: p.read_text(encoding="utf-8") for p in sorted(paths.RAW.glob("*.txt"))}


def _seed_with(line: str) -> str:
    return next(text for text in SEEDS.values() if line in text.split("\n"))


def test_rule_names_are_unique():
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_example_is_a_real_seed_line(rule: CleaningRule):
    assert any(rule.example in text.split("\n") for text in SEEDS.values())
    assert rule.description


@pytest.mark.parametrize("rule", LINE_RULES + HEAD_RULES, ids=lambda r: r.name)
def test_rule_removes_its_example(rule: CleaningRule):
    result = clean_text(_seed_with(rule.example))
    assert (rule.name, rule.example.strip()) in result.removed
    assert rule.example.strip() not in result.text.split("\n\n")


@pytest.mark.parametrize(
    ("rule", "rewritten"),
    list(
        zip(
            MARKUP_RULES,
            [
                "U.S. Envoy Reports 'Constructive' Ukraine Talks With Russia",
                "U.S. envoy Steve Witkoff Brendan Smialowski/AFP",
                "By AFP",
                "• Security guarantees—mechanisms to prevent renewed hostilities;",
            ],
            strict=True,
        )
    ),
    ids=lambda x: x.name if isinstance(x, CleaningRule) else "",
)
def test_markup_rule_rewrites_its_example(rule: CleaningRule, rewritten: str):
    assert rule.pattern is not None
    assert rule.pattern.sub(rule.replacement, rule.example).strip() == rewritten


@pytest.mark.parametrize(
    ("page", "rule"),
    [
        ("Home > World > Europe", "navigation"),
        ("Updated: 3 March 2025, 14:05 GMT", "standalone_date"),
        ("2025-03-03", "standalone_date"),
        ("By Jane Smith and John Doe", "byline"),
        ("Photo: Reuters", "photo_credit"),
        ("Soldiers at a checkpoint (Jane Smith/Getty Images)", "photo_credit"),
        ("Read more: Ceasefire talks stall in Geneva", "related_link"),
        ("ADVERTISEMENT", "advertisement"),
        ("Source: https://example.com/story", "original_url"),
        ("www.example.com/world/story-123", "bare_url"),
    ],
)
def test_rules_work_on_other_pages(page: str, rule: str):
    body = "The envoys met on Saturday in Miami for talks on the war."
    result = clean_text(f"{page}\n{body}")
    assert (rule, page) in result.removed
    assert result.text == body


@pytest.mark.parametrize(
    "sentence",
    [
        "By Sunday, the talks in Miami had ended without any agreement on territory.",
        "The meeting took place on February 1, 2026, in a hotel near the port.",
        "The photographer Brendan Smialowski works for AFP and was in the room.",
        "Details were posted at https://example.com after the meeting had ended.",
        "Advertisement revenue fell as the war dragged on, the outlet's owners said.",
    ],
)
def test_sentences_that_mention_furniture_stay(sentence: str):
    result = clean_text(f"Envoys meet in Florida\nThe envoys met on Saturday in Miami.\n{sentence}")
    assert sentence in result.text.split("\n\n")


def test_crlf_and_blank_lines_are_normalised():
    result = clean_text(
        "Talks in Florida\r\n\r\nThe envoys met on Saturday in Miami for talks.\r\n"
    )
    assert result.title == "Talks in Florida"
    assert result.text == "The envoys met on Saturday in Miami for talks."


def test_text_without_a_full_paragraph_is_kept():
    assert clean_text("Peace talks begin").text == "Peace talks begin"


# Each seed: its title, the first and last body paragraphs, subheads that must survive,
# and furniture that must be gone.
EXPECTED = {
    "000": (
        "Sun, Sand and Diplomatic Whispers: A Florida Meeting That Hinted at Peace",
        "On a humid Florida morning, where the palms lean into the Atlantic breeze",
        "What would you want negotiators to prioritize if you had a voice at that table?",
        ["Why Miami? Why now?", "The shadow of other crises", "• Security guarantees—mechanisms"],
        [
            "Sunday, February 1, 2026",
            "Home WORLD NEWS",
            "U.S. Envoy Reports Constructive Dialogue",
            "US envoy to meet Putin",
            "Steve Witkoff is due to meet the Russian president in\n",
            "\n12\n",
        ],
    ),
    "001": (
        "U.S. Envoy Reports 'Constructive' Ukraine Talks With Russia",
        "U.S. envoy Steve Witkoff said Saturday he had held constructive talks",
        "The Kremlin on Friday said Putin had agreed to a pause on striking Kyiv — ending Sunday"
        " — following a request by Trump.",
        ['"Ukraine is ready to work in all working formats," said Zelensky.'],
        [
            "By AFP",
            "February 01, 2026",
            "Smialowski",
            "Related article",
            "WWII",
            "Original url",
            "themoscowtimes.com",
            "**",
            "[",
            "#",
        ],
    ),
    "002": (
        "US envoy says talks with Russia on Ukraine were constructive",
        "U.S. envoy Steve Witkoff said he held “productive and constructive” talks Friday",
        "will offer an early test of how much leverage the U.S. and its partners have to steer"
        " the war toward de-escalation.",
        ["The session began at 8 a.m. local time (1 p.m. GMT)"],
        ["Advertisement", "By Abdiwahab Ahmed", "Axadle Times"],
    ),
    "003": (
        "In the Heat of Miami, an Attempt at Peace — and the Cold Reality Waiting in Kyiv and"
        " Moscow",
        "The lobby of a Miami hotel is not the obvious place to imagine the fate of a nation"
        " hangs in the balance.",
        "it will require people ready to accept the messy, imperfect compromises that"
        " realpolitik and real people demand.",
        ["Who was at the table — and who wasn’t", "Sticking points at a glance", "What comes next"],
        [
            "U.S. and Russian delegations meet in Florida for Ukraine negotiations",
            "US, Russian officials meet in Florida for Ukraine talks",
            "Russia's war with Ukraine began in February 2022",
            "\n1\n",
        ],
    ),
    "004": (
        "Ukraine Russia US Envoys Hold Key Peace Talks",
        "A series of high-level meetings in Florida and Abu Dhabi signals renewed momentum",
        "The world’s eyes—and its hopes—remain fixed on the negotiating table.",
        ["According to Reuters, Witkoff met with Russian special envoy Kirill Dmitriev in Miami"],
        ["Today : Feb 01, 2026", "World News", "01 February 2026"],
    ),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_article_survives_and_furniture_goes(seed: str):
    title, first, last, inside, furniture = EXPECTED[seed]
    result = clean_text(SEEDS[seed])
    paragraphs = result.text.split("\n\n")
    assert result.title == title
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].endswith(last)
    for fragment in inside:
        assert any(p.startswith(fragment) for p in paragraphs), fragment
    for fragment in furniture:
        assert fragment not in f"\n{result.text}\n", fragment


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_every_line_is_kept_whole_in_order_or_accounted_for(seed: str):
    raw = SEEDS[seed]
    result = clean_text(raw)
    removed = {line for _, line in result.removed}
    body_lines = []
    for line in raw.split("\n"):
        plain = " ".join(line.split())
        if not plain or plain == result.title:
            continue
        if line.strip() in removed and plain not in result.text.split("\n\n"):
            continue
        body_lines.append(plain)
    assert result.text.split("\n\n") == body_lines


@pytest.mark.parametrize(
    "sentence",
    [
        "Home NHS waiting lists grew again in January, the health department said on Friday.",
        "Photo by the river, the envoys met again on Sunday to continue their talks.",
    ],
)
def test_a_body_sentence_that_looks_like_furniture_is_kept(sentence):
    page = "Envoys meet again\n" + sentence + "\nThe talks will resume next week, officials said."
    assert sentence in clean_text(page).text
