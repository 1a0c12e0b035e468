"""The codebook for hand-coding a sample: a code per suite decision, built from the measures.

Each :class:`Code` says what a coder answers for a unit (a sentence, paragraph or
article), on which scale, what is and is not included, and real examples. It is
generated from what the measures expose, never typed a second time, so a new
lexicon category, item or not-a-hedge rule reaches the coders' instructions with
no edit here:

* ``hedged`` and ``hedge_category`` from :data:`analysis.measures.hedging.CATEGORIES`,
  the hedge lexicon's terms and example sentences, and the not-a-hedge
  :data:`~analysis.measures.hedging.RULES` (the "not included" list);
* ``tone`` on five points, with examples from ``news_tone.tsv`` and its weight-0
  formulas as what is neutral;
* one yes/no code per item of :data:`analysis.measures.human_interest.ITEMS`
  (Semetko & Valkenburg's items and the colour devices, with the lexicon's
  examples), items that text cannot show (``NOT_CODABLE``) left out, and
  ``human_interest``, the frame as a whole;
* ``speaker``, the type of the speaker of a direct quotation in the unit, from
  :data:`analysis.measures.quotes.SPEAKER_TYPES` and ``speakers.tsv``.

:func:`suite_codes` gives the suite's own answer to every code for a span of a
text, so the suite can be compared with coders code by code.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from analysis.measures import hedging, human_interest
from analysis.measures.lexicons import read_lexicon
from analysis.measures.quotes import SPEAKER_TYPES, doc_quotes
from analysis.text import Cue, Doc

Level = Literal["nominal", "ordinal", "interval"]
YES_NO: tuple[tuple[str, str], ...] = (("no", "no"), ("yes", "yes"))

#: Sentence tone (-1..+1, about a mean rating on -4..+4 divided by four) at which the
#: suite's five-point answer moves from neutral to slightly, and from slightly to clearly,
#: positive or negative. Set from the scale's meaning (0.05 is VADER's own neutral band;
#: 0.25 is a rating of 1 on -4..+4), not fitted on any coded data.
TONE_CUTS = (0.05, 0.25)
#: The heading of a code's examples: they come from the lexicons, whose example sentences were
#: written on the seed corpus (the US–Russia talks on Ukraine), not from the corpus coded.
EXAMPLES_TITLE = "Examples (from the suite's lexicons, written on its seed corpus, not yours)"
#: Examples shown per category or item.
EXAMPLES = 3


@dataclass(frozen=True)
class Code:
    """One question a coder answers for every unit.

    ``values`` are the answers a sheet may hold, in scale order, each with a label;
    ``level`` is the level of measurement agreement is computed at.
    """

    name: str
    question: str
    level: Level
    values: tuple[tuple[str, str], ...]
    definition: str
    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    examples: tuple[str, ...] = field(default=())

    @property
    def binary(self) -> bool:
        """A yes/no code: precision, recall and the corrected comparison apply."""
        return self.values == YES_NO

    def number(self, value: str) -> float:
        """The answer as a number for agreement statistics: its position on the scale,
        the signed point for tone (``-2``..``2``).

        >>> codes()["tone"].number("-1"), codes()["hedged"].number("yes")
        (-1.0, 1.0)
        """
        labels = [v for v, _ in self.values]
        if self.name == "tone":
            return float(value)
        return float(labels.index(value))


def _descriptions() -> dict[str, str]:
    """Item id -> description, as the human-interest measure exposes them (none: the id)."""
    return getattr(human_interest, "ITEM_DESCRIPTIONS", {})


def _not_codable() -> dict[str, str]:
    """Items text cannot show, with the reason, as the measure exposes them."""
    return getattr(human_interest, "NOT_CODABLE", {})


def _lexicon_examples(rows: Sequence[dict[str, str]], category: str) -> tuple[str, ...]:
    picked = [r for r in rows if r.category == category][:EXAMPLES]
    return tuple(f"{r.term.replace('|', '/')}: “{r.example}”" for r in picked)


def _terms(rows: Sequence[dict[str, str]], category: str, k: int = 8) -> str:
    return ", ".join([r.term.replace("|", "/") for r in rows if r.category == category][:k])


def _hedge_codes() -> list[Code]:
    rows = read_lexicon("hedges.tsv")
    hedge_categories = [c for c in hedging.CATEGORIES if c != "booster"]
    includes = tuple(f"{c}: {_terms(rows, c)}" for c in hedge_categories)
    excludes = (
        *(f"{r.name}: {r.description} (“{r.example}”)" for r in hedging.RULES),
        f"boosters, which insist rather than doubt: {_terms(rows, 'booster')}",
    )
    examples = tuple(e for c in hedge_categories for e in _lexicon_examples(rows, c)[:1])
    definition = (
        "A hedge is a word or phrase by which the writer withholds full commitment to a "
        "claim: a possibility, a vague or anonymous source, a vague crowd as authority, a "
        "speculative condition, a blurred quantity. Code what the words of the unit do, "
        "inside quotations too."
    )
    return [
        Code(
            "hedged",
            "Does the unit hedge any claim?",
            "nominal",
            YES_NO,
            definition,
            includes,
            excludes,
            examples,
        ),
        Code(
            "hedge_category",
            "What kind is the unit's first hedge? (none when it has none)",
            "nominal",
            (("none", "no hedge"), *((c, c) for c in hedge_categories)),
            "The category of the first hedge in the unit, in reading order.",
            includes,
            excludes,
            tuple(e for c in hedge_categories for e in _lexicon_examples(rows, c)[:1]),
        ),
    ]


def _tone_code() -> Code:
    rows = read_lexicon("news_tone.tsv")
    negative = [r for r in rows if r.weight <= -2.0][:EXAMPLES]
    positive = [r for r in rows if r.weight >= 1.5][:EXAMPLES]
    neutral = [r for r in rows if r.weight == 0.0][:EXAMPLES]
    return Code(
        "tone",
        "How negative or positive is what the unit reports, as a reader of the news would feel it?",
        "ordinal",
        (
            ("-2", "clearly negative"),
            ("-1", "slightly negative"),
            ("0", "neutral or mixed evenly"),
            ("1", "slightly positive"),
            ("2", "clearly positive"),
        ),
        "Tone of the unit as a whole, quotations included: war, deaths, failure and threat "
        "are negative; agreement, progress and relief positive. Code the events and the "
        "words, not whether you approve of them.",
        includes=tuple(
            f"{r.category}, weight {r.weight} of -4..+4: “{r.example}”"
            for r in (*negative, *positive)
        ),
        excludes=tuple(
            f"wire formula or name that scores nothing: {r.term} (“{r.example}”)" for r in neutral
        ),
    )


def _item_code(item: str, rows: Sequence[dict[str, str]], officials: str) -> Code:
    description = _descriptions().get(item, item.replace("_", " "))
    examples = _lexicon_examples(rows, item)
    excludes: tuple[str, ...] = ()
    if item == "human_example":
        examples = _lexicon_examples(rows, "private_role") or examples
        excludes = (f"officials and experts are not private people: {officials}",)
    elif "outside quotes" in description:
        excludes = (
            "the same words inside a direct quotation: they are the speaker's, not the "
            "writer's device",
        )
    return Code(
        f"hi_{item}",
        f"Human interest, {description.split(':')[0]}: present in the unit?",
        "nominal",
        YES_NO,
        description,
        includes=examples,
        excludes=excludes,
    )


def _human_interest_codes() -> list[Code]:
    rows = read_lexicon("human_interest.tsv")
    speakers = read_lexicon("speakers.tsv")
    officials = _terms(speakers, "official") + "; " + _terms(speakers, "expert")
    items = [i for i in human_interest.ITEMS if i not in _not_codable()]
    frame = Code(
        "human_interest",
        "Taken as a whole, does the unit frame the story through its human side?",
        "nominal",
        YES_NO,
        "Semetko & Valkenburg's human-interest frame: the unit brings a human face, an "
        "individual's story or an emotional angle to the issue, by any of the items above.",
        includes=tuple(_descriptions().get(i, i) for i in items),
        excludes=tuple(f"{i}: {why}" for i, why in _not_codable().items()),
    )
    return [*(_item_code(i, rows, officials) for i in items), frame]


def _speaker_code() -> Code:
    rows = read_lexicon("speakers.tsv")
    kinds = [k for k in SPEAKER_TYPES if k != "unknown"]
    return Code(
        "speaker",
        "Who speaks in the unit's first direct quotation? (none when there is no quotation)",
        "nominal",
        (("none", "no direct quotation"), *((k, k) for k in SPEAKER_TYPES)),
        "The type of the person or body quoted directly (between quotation marks) first in "
        "the unit; reported speech without quotation marks is no quotation. unknown: a "
        "quotation whose speaker the unit and its context do not identify.",
        includes=tuple(f"{k}: {_terms(rows, k)}" for k in kinds),
        examples=tuple(e for k in kinds for e in _lexicon_examples(rows, k)[:1]),
    )


@cache
def codes() -> dict[str, Code]:
    """Every code, by name, in the order a sheet lists them.

    >>> list(codes())[:3]
    ['hedged', 'hedge_category', 'tone']
    >>> codes()["hedged"].binary, codes()["tone"].level
    (True, 'ordinal')
    """
    built = [*_hedge_codes(), _tone_code(), *_human_interest_codes(), _speaker_code()]
    return {c.name: c for c in built}


def tone_point(value: float) -> int:
    """A tone score (-1..+1) as a point of the five-point scale, by :data:`TONE_CUTS`.

    >>> [tone_point(v) for v in (-0.4, -0.1, 0.0, 0.1, 0.3)]
    [-2, -1, 0, 1, 2]
    """
    low, high = TONE_CUTS
    size = abs(value)
    point = 0 if size < low else 1 if size < high else 2
    return point if value >= 0 else -point


def suite_codes(
    doc: Doc, cues: Sequence[Cue], tones: Sequence[float], start: int, end: int
) -> dict[str, object]:
    """The suite's answer to every code for the span ``start:end`` of ``doc``.

    ``cues`` are the doc's cues (:func:`analysis.scoring.score.doc_cues`; the rules' cues
    suffice, a learned layer's are not read), ``tones`` its sentence tones. Cues and
    quotations count when they start inside the span; the span's tone is the
    word-weighted mean of its sentences' tones. A span shorter than
    :data:`~analysis.measures.human_interest.SHORT_TEXT_WORDS` words uses the frame
    when it carries any human-interest cue (the measure's own rule for short texts).
    Also returns ``tone_score``, the unrounded tone.
    """
    inside = [c for c in cues if start <= c.start < end]
    hedges = [c for c in inside if c.measure == "hedge"]
    hi = [c for c in inside if c.measure == "human_interest"]
    starts = doc.once(_sentence_starts)  # in order: the span's sentences are a slice
    sentences = doc.sentences
    weighted = [
        (tones[i], len(sentences[i].words))
        for i in range(bisect_left(starts, start), bisect_left(starts, end))
    ]
    words = sum(w for _, w in weighted)
    tone_score = sum(t * w for t, w in weighted) / words if words else 0.0
    quote = next((q for q in doc_quotes(doc) if start <= q.start < end), None)
    if start == 0 and end >= len(doc.text.rstrip()):
        frame = human_interest.is_human_interest(doc, hi)
    else:
        frame = bool(hi)
    found: dict[str, object] = {
        "hedged": "yes" if hedges else "no",
        "hedge_category": hedges[0].category if hedges else "none",
        "tone": str(tone_point(tone_score)),
        "human_interest": "yes" if frame else "no",
        "speaker": quote.speaker_type if quote else "none",
    }
    for name in codes():
        if name.startswith("hi_"):
            found[name] = "yes" if any(c.category == name[3:] for c in hi) else "no"
    found["tone_score"] = round(tone_score, 4)
    return found


def _sentence_starts(doc: Doc) -> list[int]:
    return [s.start for s in doc.sentences]


def codebook_markdown(*, unit: str = "sentence") -> str:
    """The codebook in Markdown, for reading on screen or in a repository."""
    lines = [
        "# Codebook",
        "",
        f"Code every {unit} of the sheet on each code below. Read the context (the text "
        "before and after, the title) but code the unit itself. Code what the text does, "
        "whatever a program would say: the sheet shows nothing the suite decided.",
        "",
        "Generated by `analysis.coding.codebook` from the suite's lexicons and rules.",
    ]
    for code in codes().values():
        values = ", ".join(
            f"`{v}` ({label})" if v != label else f"`{v}`" for v, label in code.values
        )
        lines += [
            "",
            f"## `{code.name}`: {code.question}",
            "",
            code.definition,
            "",
            f"*Answers* ({code.level}): {values}",
        ]
        for title, items in (
            ("Included", code.includes),
            ("Not included", code.excludes),
            (EXAMPLES_TITLE, code.examples),
        ):
            if items:
                lines += ["", f"*{title}:*", "", *(f"* {_md(i)}" for i in items)]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Lexicon text inside Markdown: characters Markdown would read as markup escaped."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def codebook_html(*, unit: str = "sentence") -> str:
    """The same codebook as one self-contained HTML page (no scripts, no external assets)."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Codebook</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}code{background:#f3f3f3}h2{border-top:1px solid #ddd;"
        "padding-top:1rem}</style></head><body><h1>Codebook</h1>",
        f"<p>Code every {e(unit)} of the sheet on each code below. Read the context (the text "
        "before and after, the title) but code the unit itself. Code what the text does, "
        "whatever a program would say: the sheet shows nothing the suite decided.</p>",
    ]
    for code in codes().values():
        values = "".join(
            f"<li><code>{e(v)}</code>{'' if v == label else ' ' + e(label)}</li>"
            for v, label in code.values
        )
        parts.append(
            f"<h2 id='{e(code.name)}'><code>{e(code.name)}</code>: {e(code.question)}</h2>"
            f"<p>{e(code.definition)}</p>"
            f"<p><em>Answers ({e(code.level)}):</em></p><ul>{values}</ul>"
        )
        for title, items in (
            ("Included", code.includes),
            ("Not included", code.excludes),
            (EXAMPLES_TITLE, code.examples),
        ):
            if items:
                rows = "".join(f"<li>{e(i)}</li>" for i in items)
                parts.append(f"<p><em>{title}:</em></p><ul>{rows}</ul>")
    parts.append("</body></html>\n")
    return "".join(parts)


def codebook_entry(name: str) -> str:
    """One code's entry as HTML, for the coding panel beside the unit.

    >>> codebook_entry("hedged").startswith("<h2 id='hedged'>")
    True
    """
    page = codebook_html()
    start = page.index(f"<h2 id='{html.escape(name)}'>")
    end = page.find("<h2 ", start + 1)
    return page[start : end if end != -1 else page.index("</body>")]
