"""highlight marks exactly the cues explain reports, readably without colour."""

from __future__ import annotations

import html
import re

from analysis import explain, highlight, side_by_side
from analysis.views.highlighting import legend


def _marked(page: str, measure: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(rf'class="mf-{measure}"[^>]*>([^<]*)<', page)]


def test_every_hedge_cue_is_marked_once():
    text = "The talks may resume, a source close to the talks said. They could not agree."
    page = highlight(text, sentence_tone=False)
    hedges = explain(text).query("measure == 'hedge'")["text"].tolist()
    assert hedges and _marked(page, "hedge") == hedges


def test_quotes_carry_their_speaker_type_in_words_not_only_colour():
    text = "“We can’t negotiate away our country,” said Olena, a schoolteacher from Kyiv."
    page = highlight(text, sentence_tone=False)
    assert 'class="mf-quote"' in page and "[private]" in page


def test_text_is_escaped():
    page = highlight("<script>alert(1)</script> may", sentence_tone=False)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_sentence_tone_is_written_as_a_signed_number():
    page = highlight("The war killed thousands. The deal was welcome.")
    assert len(re.findall(r"\[[+-]\d\.\d\d\]", page)) >= 2


def test_legend_names_every_mark_in_words():
    key = legend()
    for words in ("hedge", "booster", "human-interest", "quote: official", "sentence tone"):
        assert words in key


def test_side_by_side_shows_both_articles_under_one_legend():
    page = side_by_side(
        "Talks may resume.", "Marco, a fisherman, watched.", titles=("wire", "colour")
    )
    assert page.count("mf-highlight") == 2 and page.count("dotted underline") == 1
    assert page._repr_html_() == str(page)
