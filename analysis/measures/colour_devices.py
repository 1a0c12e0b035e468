"""Colour devices: the writer's devices of colour (feature) writing, measured apart from the frame.

Scene-setting, direct address and rhetorical questions make a piece read as
colour writing, but they are not Semetko & Valkenburg's human-interest frame,
which is about people (:mod:`analysis.measures.human_interest`): on held-out news,
address and questions fired more often in argument than in anecdote, so
counting them as human interest pulled that index toward opinion writing.
Here they are a measure of their own, each cue a
:class:`~analysis.text.Cue` (``measure="colour_device"``, ``category`` one of
:data:`DEVICES`, ``rule`` the lexicon entry or rule):

* ``scene`` -- sensory, weather and place detail ("On a humid Florida
  morning", "the scent of cafecito").
* ``address`` -- the reader addressed: "you", an inclusive "we", a
  sentence-initial imperative ("Ask yourself", "Imagine"), after Hyland's
  (2005) reader pronouns and directives.
* ``rhetorical_question`` -- a question the writer asks.

All three count only outside direct quotations (the text pass's
:attr:`Doc.quoted <analysis.text.Doc.quoted>`): inside one they are the
speaker's, not the writer's. The article columns are ``colour_devices`` (all
cues), its rate per 1,000 words, and ``colour_<device>`` for each device.

Lexicon: ``lexicons/colour_devices.tsv`` (term, category, example, source),
written for this suite from the seed texts and Hyland (2005); until 2026-11 it
was part of the human-interest lexicon. No research-only list was copied.
Licence: MIT, as the package. Not validated against coders: no labelled data
for these devices is at hand, so read the rate as description.

Source:
    Hyland, K. (2005). Stance and engagement: a model of interaction in academic
    discourse. Discourse Studies 7(2), 173-192.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from analysis.measures.base import Mark, Measure
from analysis.measures.lexicons import LexiconEntry, PhraseMatcher, read_lexicon
from analysis.text import Cue, Doc

#: The devices, each with a ``colour_<device>`` count column.
DEVICES: tuple[str, ...] = ("scene", "address", "rhetorical_question")

#: Device id -> what it records, for notebooks and legends.
DEVICE_DESCRIPTIONS: dict[str, str] = {
    "scene": "scene-setting: sensory, weather and place detail",
    "address": "the reader addressed: 'you', inclusive 'we', an imperative",
    "rhetorical_question": "a question asked by the writer",
}

_SCENE_OPENING = re.compile(
    r"\b(?i:on|under|beneath) (?i:an?) (?:[\w’'-]+ ){1,3}?"
    r"(?i:morning|afternoon|evening|night|day|sky)\b"
)


@cache
def lexicon() -> tuple[LexiconEntry, ...]:
    """The lexicon entries (categories ``scene``, ``address``, ``imperative``), read once.

    >>> sorted({e.category for e in lexicon()})
    ['address', 'imperative', 'scene']
    """
    return read_lexicon("colour_devices.tsv")


@cache
def _terms(category: str) -> frozenset[str]:
    return frozenset(e.term for e in lexicon() if e.category == category)


@cache
def _scene_phrases() -> PhraseMatcher:
    return PhraseMatcher(e for e in lexicon() if e.category == "scene")


def _cue(doc: Doc, start: int, end: int, device: str, rule: str) -> Cue:
    return Cue(start, end, "colour_device", device, rule, doc.text[start:end])


def _word_cues(doc: Doc) -> list[Cue]:
    """Scene words, reader pronouns and sentence-initial imperatives outside quotations."""
    scene, quoted = _scene_phrases(), doc.quoted
    pronouns, imperatives = _terms("address"), _terms("imperative")
    cues = []
    for sent in doc.sentences:
        words, norms = sent.words, sent.word_norms
        if (
            pronouns.isdisjoint(norms)
            and not (norms and norms[0] in imperatives)
            and not scene.may_match(norms)
        ):
            continue  # no reader pronoun, imperative or scene word: no cue (most sentences)
        for i, (word, norm) in enumerate(zip(words, norms, strict=True)):
            if quoted.contains(word.start):
                continue
            if norm in pronouns and not word.text.isupper():  # "US" is the country
                cues.append(_cue(doc, word.start, word.end, "address", norm))
            elif i == 0 and norm in imperatives:
                cues.append(_cue(doc, word.start, word.end, "address", f"imperative: {norm}"))
            match = scene.longest_at(norms, i)
            if match is not None:
                end, entry = match
                cues.append(_cue(doc, word.start, words[end - 1].end, "scene", entry.term))
    return cues


def _sentence_cues(doc: Doc) -> list[Cue]:
    """Scene openings ("On a humid morning") and questions, outside quotations."""
    quoted = doc.quoted
    cues = [
        _cue(doc, *m.span(), "scene", "scene opening: On a ... morning")
        for m in _SCENE_OPENING.finditer(doc.text)
        if not quoted.contains(m.start())
    ]
    for sent in doc.sentences:
        if "?" not in sent.text:
            continue  # most sentences: no question to find
        start: int | None = None
        for tok in sent.tokens:
            start = tok.start if start is None else start
            if tok.text == "?" and not quoted.contains(tok.start):
                rule = "question by the writer"
                cues.append(_cue(doc, start, tok.end, "rhetorical_question", rule))
            if tok.text in {"?", "!", "."}:
                start = None
    return cues


def colour_device_cues(doc: Doc) -> list[Cue]:
    """Every colour device in ``doc``, in text order (``category`` one of :data:`DEVICES`).

    >>> from analysis.text import make_doc
    >>> doc = make_doc('Ask yourself: why? "Do you care?" she asked, on a humid Florida morning.')
    >>> [(c.category, c.text) for c in colour_device_cues(doc)]  # doctest: +NORMALIZE_WHITESPACE
    [('address', 'Ask'), ('rhetorical_question', 'Ask yourself: why?'), ('address', 'yourself'),
     ('scene', 'on a humid Florida morning'), ('scene', 'humid')]
    """
    return sorted([*_word_cues(doc), *_sentence_cues(doc)], key=lambda c: (c.start, c.end))


def _columns(doc: Doc, cues: Sequence[Cue]) -> dict[str, object]:
    return {"colour_devices": len(cues)} | {
        f"colour_{device}": sum(c.category == device for c in cues) for device in DEVICES
    }


#: Colour devices as the registry (:mod:`analysis.measures.registry`) finds them, by entry point.
MEASURE = Measure(
    "colour_devices",
    colour_device_cues,
    _columns,
    rate_columns=("colour_devices",),
    compare=("colour_devices_per_1k_words",),
    sentence_counts={"colour_devices": "colour_device"},
    marks={
        "colour_device": Mark(
            "border-bottom: 2px dashed {sky_blue};", "colour device (dashed underline)"
        )
    },
    order=40,
    labels={"colour_devices": "colour devices per sentence"},
)
