"""The one tokenization pass: a text becomes a :class:`Doc` that every measure shares.

Sentences come from NLTK's Punkt sentence tokenizer, given news abbreviations
by hand instead of the trained English model, so that nothing is loaded from
``nltk_data``. Sentences never cross a paragraph break. Tokens are word and
punctuation spans from one regular expression, so every token, sentence, quote
and cue is a character span into the original text: what a notebook highlights
is exactly what was counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

#: Abbreviations that end in a full stop without ending a sentence (lower case,
#: final period dropped, as Punkt stores them).
NEWS_ABBREVIATIONS = frozenset(
    """
    u.s u.k u.n e.u u.a.e d.c n.y l.a
    mr mrs ms dr prof sen rep gov gen lt col maj capt sgt adm cmdr pres amb
    st jr sr rev hon fr
    jan feb mar apr jun jul aug sep sept oct nov dec
    a.m p.m etc vs e.g i.e inc corp co ltd no approx est dept univ
    """.split()
)

_PARAGRAPH = re.compile(r"[^\n]+")
#: What may stand at the edge of a quoted span without being part of the quotation.
_EDGE = " \t\n\"'“”‘’«».,;:!?—–-"
#: Words (numbers with their separators, words with inner hyphens, apostrophes and
#: periods) and single punctuation marks. No anchors, ``\b`` or lookaround: a span
#: between tokens tokenizes to the same tokens alone, which ``tone._piece_score``
#: relies on (tested).
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)+|\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)


def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_SENTENCE_TOKENIZER = _punkt()


class Token(NamedTuple):
    """A word or punctuation mark: its text and character span in the document.

    A named tuple rather than a dataclass: every text makes one per word, and a
    tuple is made faster and is not tracked by the garbage collector for long.
    """

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


_new_token = tuple.__new__


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its character span, its text and its tokens."""

    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence a measure found: a span, what it counts as, and why.

    ``measure`` names the measure (``hedge``, ``booster``, ``human_interest``,
    ``quote``, ``tone``); ``category`` the lexicon category or item; ``rule``
    the lexicon entry or rule that fired, so a user can argue with it.
    """

    start: int
    end: int
    measure: str
    category: str
    rule: str
    text: str = ""


@dataclass(frozen=True)
class Doc:
    """A tokenized text. Build it with :func:`make_doc`; measures read it, never change it."""

    text: str
    sentences: tuple[Sentence, ...]

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(t for s in self.sentences for t in s.tokens)

    @cached_property
    def words(self) -> tuple[Token, ...]:
        """Word tokens only (no punctuation): the denominator of every rate."""
        return tuple(t for t in self.tokens if t.is_word)

    @cached_property
    def memo(self) -> dict:
        """Intermediate results that several measures share, computed once per Doc."""
        return {}

    @cached_property
    def quotes(self) -> tuple:
        """Direct quotations with their speakers (see :mod:`analysis.measures.quotes`)."""
        from analysis.measures.quotes import find_quotes

        return tuple(find_quotes(self.text))

    def in_quote(self, start: int, end: int | None = None) -> bool:
        """True when the words of the span ``start:end`` lie inside one direct quotation.

        Quote marks, spaces and punctuation at the span's edges do not count, so a
        sentence that is a whole quotation (marks included) is inside it.

        >>> doc = make_doc('“These talks matter.” Peace is a long road, said a diplomat.')
        >>> [doc.in_quote(s.start, s.end) for s in doc.sentences]
        [True, False]
        """
        end = start + 1 if end is None else end
        span = self.text[start:end]
        start += len(span) - len(span.lstrip(_EDGE))
        end -= len(span) - len(span.rstrip(_EDGE))
        return start < end and any(q.start <= start and end <= q.end for q in self.quotes)


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Split text into word and punctuation tokens with character spans.

    >>> [t.text for t in tokenize("Zelensky's U.S.-backed plan, 1,000 at 8:00 am.")]
    ["Zelensky's", 'U.S', '.', '-', 'backed', 'plan', ',', '1,000', 'at', '8:00', 'am', '.']
    """
    new, cls = _new_token, Token
    matches = _TOKEN.finditer(text)
    return tuple([new(cls, (m.group(), m.start() + offset, m.end() + offset)) for m in matches])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``; no sentence crosses a line break.

    >>> text = "Mr. Witkoff met Dr. Dmitriev at 8 a.m. on Saturday. They talked."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Mr. Witkoff met Dr. Dmitriev at 8 a.m. on Saturday.', 'They talked.']
    """
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        chunk = para.group()
        if not chunk.strip():
            continue
        for s, e in _SENTENCE_TOKENIZER.span_tokenize(chunk):
            spans.append((para.start() + s, para.start() + e))
    return spans


def make_doc(text: str) -> Doc:
    """Tokenize ``text`` once into sentences and tokens.

    >>> doc = make_doc("U.S. envoy Steve Witkoff said he had held talks.\\nNeither side spoke.")
    >>> len(doc.sentences), len(doc.words)
    (2, 12)
    """
    if not isinstance(text, str):
        raise TypeError(f"make_doc expects a str, got {type(text).__name__}")
    sentences = tuple(
        Sentence(s, e, text[s:e], tokenize(text[s:e], offset=s)) for s, e in sentence_spans(text)
    )
    return Doc(text=text, sentences=sentences)
