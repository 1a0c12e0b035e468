"""Direct quotations in news text and who said them.

One regular-expression pass finds the quotes; a few bounded look-ups around each
quote find its speaker; :func:`analysis.measures.sources.speaker_type` types the speaker.

What counts as a quote:

* Double quotes, straight (``"``) or curly (``“ ”``). A straight mark opens
  only at the start of a word (after a space, a bracket or a dash) and closes
  only at the end of one, so ``6'2"`` is not a quote. Curly marks say which
  way they face, so they need no such check.
* Single quotes (``'...'``, ``‘...’``) only outside double quotes, opening at
  the start of a word before a letter and closing before a space or
  punctuation, at most :data:`MAX_SINGLE` characters long; an apostrophe
  inside a word (``don't``) does not end one. So the headline ``Reports
  'Constructive' Talks`` has a (partial) quote, and ``Russia's``, ``don’t``
  and ``negotiators’`` are apostrophes. Single quotes inside a double quote
  stay part of it.
* A quote ends at its paragraph (a line). The one exception is the news
  convention for a long quote: a paragraph that opens a quote without closing
  it, followed by a paragraph that opens with a quote mark, continues the same
  quote. A quote still open at its paragraph end is cut there, and dropped if
  it is longer than :data:`MAX_UNCLOSED` characters: a stray mark never
  swallows an article.
* ``Quote.start:Quote.end`` is the quoted text *without* the quote marks and
  surrounding spaces, so ``text[q.start:q.end] == q.text``; a quote over two
  paragraphs includes the line break and the continuation's opening mark.
* A quote is *partial* when the quoted words carry no closing punctuation of
  their own (``. , ; : ? ! … —``), are not followed by a speech tag and do not
  follow a colon: the narrator's sentence runs through them, as in described
  as “productive and constructive” by Witkoff.

Who said it, first match wins:

1. A tag after a quote that ends in a comma, ``?``, ``!`` or a dash (or is
   followed by a comma or a dash), in the same sentence: verb first (``, said Natalia,
   a 42-year-old ...``, ``, explained Dr. Mira Khodorkova``, ``, according to
   a source``) or subject first (``, Witkoff posted on X``, ``, Marco Rubio,
   the U.S. national security advisor, told reporters``, ``, an attendee who
   asked to remain unnamed told me``).
2. For a partial quote, ``by X`` right after it.
3. A speech verb before the quote in its sentence: ``Witkoff said he held
   “...”``, ``Trump told reporters, “...”``, ``As one volunteer put it, “...”``.
4. A full quote with no tag takes the speaker of the quote before it in the
   same paragraph (``“...,” said Zelensky. “It is important ...”``).

A pronoun speaker (``he added``) becomes the speaker named by a speech verb in
the preceding sentence of its paragraph, else the speaker of the previous quote
if that ends less than :data:`PRONOUN_REACH` characters before; otherwise it
stays a pronoun of type ``unknown``. The speaker span points at the words that
name the speaker (for a resolved pronoun, at its antecedent), so
``text[q.speaker_start:q.speaker_end] == q.speaker``. The type comes from the
speaker, its appositive (``Lena Sokolov, a former intelligence analyst``) and,
for a bare name, the titles and appositives at the name's other mentions in
the text (``Ukrainian President Volodymyr Zelensky``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.measures.sources import PRONOUNS, SPEAKER_TYPES, speaker_type
from analysis.text import NEWS_ABBREVIATIONS

__all__ = [
    "MAX_SINGLE", "MAX_UNCLOSED", "PRONOUN_REACH", "SPEAKER_TYPES", "Quote", "find_quotes",
    "quote_table",
]  # fmt: skip

#: An unclosed quote longer than this (characters) is a stray mark, not a quote.
MAX_UNCLOSED = 600
#: A single-quoted span longer than this is apostrophes, not a quote.
MAX_SINGLE = 300
#: How far back (characters) a pronoun may look for the previous quote's speaker.
PRONOUN_REACH = 600


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: its span and text (marks excluded) and its speaker."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_type: str = "unknown"
    partial: bool = False


_AFTER = r"(?![^\s.,;:!?)\]}—–-])"  # a closing straight mark ends a word
_QUOTE = re.compile(
    rf"""
    (?: “ | (?<![^\s(\[{{—–/-])"(?=\S) )
    (?P<body> [^"“”\n]* (?: \n\s*[“"][^"“”\n]* )* )
    (?: (?P<closed> ” | (?<=\S)"{_AFTER} ) | (?=\n|\Z) )
    |
    (?<![^\s(\[{{—–/-]) ['‘] (?=[^\W\d_])
    (?P<single> (?: [^"“”\n'‘’] | (?<=\w)['’](?=\w) )+ ) (?<=\S) ['’]{_AFTER}
    """,
    re.VERBOSE,
)
_SENTENCE_END = re.compile(r"[.!?…]+[”\"’')\]]*(?=\s|$)")
_WORD_BEFORE_DOT = re.compile(r"[\w.]+$")

_SPEECH_VERBS = (
    "said says say told tells added adds adding explained explains wrote writes posted posts "
    "stated states remarked noted notes asked asks replied continued insisted warned cautioned "
    "argued declared announced tweeted recalled acknowledged conceded emphasized emphasised "
    "stressed suggested characterized characterised described called expressed reported "
    "reports commented confirmed observed admitted joked quipped predicted promised vowed "
    "urged claimed concluded responded"
).split() + ["put it", "according to"]
_VERB = re.compile(  # not in a relative clause ("who asked to"), not passive ("was said")
    r"(?<!\bwho )(?<!\bthat )(?<!\bto )(?<!\bbe )(?<!\bbeen )(?<!\bwas )(?<!\bis )"
    r"(?<!\bwere )(?<!\bare )\b(?i:"
    + "|".join(sorted(_SPEECH_VERBS, key=len, reverse=True))
    + r")\b"
)
_BY = re.compile(r"\s+by\s")
_TAIL_PUNCT = re.compile(r"\s?[,—–]")  # "We are ready", he said / "It is over" — said X
_AUX_TAIL = re.compile(r"(?:\s+(?:had|has|have|also|later|then|again|once|earlier|[a-z]+ly))+\s*$")
_LEAD = re.compile(r"[\W_]*(?:(?i:as|while|when|but|and|so|though|although|because|if|since)\s+)?")
_CUT = re.compile(
    r"\s+(?:who|whom|whose|which|that|close|familiar|in|at|from|after|before|on|with|near"
    r"|during|outside|inside|while|when|as|adding)\b|\s*[(\[—–]"
)
_PART = re.compile(r"[^,;]+")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"\w")
_NAME = re.compile(r"\b[A-Z][a-z]")
_DETERMINER = re.compile(r"\s*(?:a|an|the|one|another|some)\b", re.IGNORECASE)
_NOT_A_TITLE = re.compile(
    r"\s*(?:after|before|in|on|at|during|while|when|as|with|for|since|earlier|later|then)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Tag:
    start: int
    end: int
    context: str


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE_DOT.search(text, max(0, dot - 20), dot)
    word = m.group().lower() if m else ""
    return word in NEWS_ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _sentence_ends(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The sentence-final punctuation spans in ``text[lo:hi]``, skipping abbreviations."""
    return [
        m.span()
        for m in _SENTENCE_END.finditer(text, lo, hi)
        if m.group() != "." or not _is_abbreviation(text, m.start())
    ]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return a, b


def _speaker_words(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The speaker's own words in ``text[a:b]``: leading conjunctions and trailing clauses cut."""
    a = _LEAD.match(text, a, b).end()
    cut = _CUT.search(text, a, b)
    a, e = _strip(text, a, cut.start() if cut else b)
    words = text[a:e].split()
    if not words or len(words) > 8 or not _LETTER.search(text, a, e):
        return None
    return a, e


def _after_verb(text: str, a: int, b: int) -> _Tag | None:
    """The speaker after a verb-first tag: ``said Natalia, a 42-year-old ...``."""
    parts = [m.span() for m in _PART.finditer(text, a, b)]
    if not parts:
        return None
    span = _speaker_words(text, *parts[0])
    if span is None:
        return None
    end = parts[1][1] if len(parts) > 1 else parts[0][1]
    return _Tag(*span, text[span[0] : end].strip())


def _subject(text: str, a: int, b: int) -> _Tag | None:
    """The speaker before a verb: ``Marco Rubio, the U.S. national security advisor, told``."""
    aux = _AUX_TAIL.search(text, a, b)
    b = aux.start() if aux else b
    parts = [m.span() for m in _PART.finditer(text, a, b) if _LETTER.search(m.group())]
    if not parts:
        return None
    (s, e), context_start = parts[-1], parts[-1][0]
    if len(parts) > 1:
        ps, pe = parts[-2]
        short = len(text[ps:pe].split()) <= 5
        if short and _DETERMINER.match(text, s, e) and _NAME.search(text, ps, pe):
            (s, e), context_start = (ps, pe), ps  # name, then its appositive
        elif short and not _NOT_A_TITLE.match(text, ps, pe):
            context_start = ps  # a title, then the name
    span = _speaker_words(text, s, e)
    return None if span is None else _Tag(*span, text[context_start:b].strip())


def _tag(text: str, a: int, b: int, *, max_words: int | None = None) -> _Tag | None:
    """The speaker named by the first speech verb in ``text[a:b]``."""
    verb = _VERB.search(text, a, b)
    if verb is None:
        return None
    if verb.group().lower() == "according to" or not _LETTER.search(text, a, verb.start()):
        return _after_verb(text, verb.end(), b)
    if max_words is not None and len(text[a : verb.start()].split()) > max_words:
        return None
    return _subject(text, a, verb.start())


def _quoted_span(m: re.Match[str]) -> tuple[int, int] | None:
    """The quoted words of a match, spaces trimmed; None for an empty or overlong one."""
    group = "body" if m.group("body") is not None else "single"
    start, end = m.span(group)
    start += len(m.group(group)) - len(m.group(group).lstrip())
    end -= len(m.group(group)) - len(m.group(group).rstrip())
    limit = {"single": MAX_SINGLE, "body": None if m.group("closed") else MAX_UNCLOSED}[group]
    if not _WORD.search(m.string, start, end) or (limit is not None and end - start > limit):
        return None
    return start, end


def _is_pronoun(text: str, tag: _Tag) -> bool:
    return text[tag.start : tag.end].lower() in PRONOUNS


def _mentions(text: str, name: str) -> str:
    """Titles and appositives at every mention of ``name``'s last word in ``text``."""
    last = name.split()[-1].removesuffix("’s").removesuffix("'s")
    if not _NAME.match(last):
        return ""
    found = []
    for m in re.finditer(rf"\b{re.escape(last)}\b", text):
        before = re.search(r"(?:[\w.’'-]+ ){0,5}$", text[max(0, m.start() - 80) : m.start()])
        after = re.match(r", ([^,;.]{1,80})", text[m.end() : m.end() + 90])
        found.append(f"{before.group() if before else ''}{last}, {after.group(1) if after else ''}")
    return " | ".join(found)


def _type(text: str, tag: _Tag, cache: dict[str, str]) -> str:
    speaker = text[tag.start : tag.end]
    kind = speaker_type(speaker, context=tag.context)
    if kind == "unknown":  # a bare name: its titles elsewhere in the text
        if speaker not in cache:
            cache[speaker] = speaker_type(speaker, context=_mentions(text, speaker))
        kind = cache[speaker]
    return kind


def find_quotes(text: str) -> list[Quote]:
    """Direct quotations in ``text``, in order, each with its speaker and speaker type.

    Args:
        text: a news text; paragraphs are lines.

    Returns:
        The quotes (see the module docstring for the rules).

    >>> text = ('“We are ready,” said Ukraine’s top negotiator, Rustem Umerov. “It matters.”\\n'
    ...         'A fisherman called the talks “useless”.')
    >>> for q in find_quotes(text):
    ...     print(q.text, "|", q.speaker, "|", q.speaker_type, "|", q.partial)
    We are ready, | Ukraine’s top negotiator | official | False
    It matters. | Ukraine’s top negotiator | official | False
    useless | A fisherman | private | True
    >>> text = '"Peace is a long road," he said.'
    >>> q = find_quotes(text)[0]
    >>> text[q.start:q.end], q.speaker, q.speaker_type
    ('Peace is a long road,', 'he', 'unknown')
    """
    breaks = [m.start() for m in re.finditer(r"\n", text)]
    matches = list(_QUOTE.finditer(text))
    quotes: list[Quote] = []
    tags: list[_Tag | None] = []
    cache: dict[str, str] = {}
    for i, m in enumerate(matches):
        span = _quoted_span(m)
        if span is None:
            continue
        start, end = span
        j = bisect.bisect_left(breaks, m.start())
        para_start = breaks[j - 1] + 1 if j else 0
        k = bisect.bisect_left(breaks, m.end())
        para_end = breaks[k] if k < len(breaks) else len(text)
        # The sentence around the quote: head before it, tail after it.
        lo = max(para_start, matches[i - 1].end() if i else 0, m.start() - 400)
        ends = [e for _, e in _sentence_ends(text, lo, m.start())]
        head_start = ends[-1] if ends else lo
        next_start = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        hi = min(para_end, next_start, m.end() + 300)
        tail_end = min([hi, *(s for s, _ in _sentence_ends(text, m.end(), hi))])
        final = text[start:end].rstrip("”\"’')")[-1:]
        tag = None
        closed = m.group("single") is not None or m.group("closed") is not None
        if closed and ((not final.isalnum() and final != ".") or _TAIL_PUNCT.match(text, m.end())):
            tag = _tag(text, m.end(), tail_end, max_words=10)
        after_colon = text[max(0, m.start() - 3) : m.start()].rstrip().endswith(":")
        partial = tag is None and final.isalnum() and not after_colon
        by = _BY.match(text, m.end(), tail_end) if partial else None
        if by:
            tag = _after_verb(text, by.end(), tail_end)
        if tag is None:
            tag = _tag(text, head_start, m.start())
        if tag is None and not partial and quotes and quotes[-1].end > para_start:
            tag = tags[-1]  # "...," said X. "More of the same quote."
        if tag is not None and _is_pronoun(text, tag):
            earlier = [
                _tag(text, head_start, m.start()),
                _tag(text, ends[-2] if len(ends) > 1 else lo, head_start) if ends else None,
                tags[-1] if quotes and quotes[-1].end > m.start() - PRONOUN_REACH else None,
            ]
            tag = next((t for t in earlier if t and not _is_pronoun(text, t)), tag)
        tags.append(tag)
        if tag is None:
            quotes.append(Quote(start, end, text[start:end], partial=partial))
        else:
            speaker, kind = text[tag.start : tag.end], _type(text, tag, cache)
            quote = Quote(start, end, text[start:end], speaker, tag.start, tag.end, kind, partial)
            quotes.append(quote)
    return quotes


def quote_table(
    corpus: pd.DataFrame,
    *,
    carry: Sequence[str] = ("group",),
    width: int | None = 90,
    text_column: str = "text",
    id_column: str = "doc_id",
) -> pd.DataFrame:
    """Every quotation of a corpus, one row each: article, speaker, speaker type, partial, quote.

    Args:
        corpus: one row per article.
        carry: article columns copied to each of its quotes (the group, say).
        width: quotes longer than this many characters are cut, with "…"; ``None`` keeps them whole.
        text_column: the text.
        id_column: the article id.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "group": ["wire"],
    ...                        "text": ['“We are ready,” said Ukraine’s negotiator.']})
    >>> quote_table(corpus)[["doc_id", "group", "speaker_type", "quote"]].values.tolist()
    [['a', 'wire', 'official', 'We are ready,']]
    """
    carried = [c for c in carry if c in corpus.columns]
    rows = [
        {
            id_column: doc_id,
            **dict(zip(carried, extra, strict=True)),
            "speaker": q.speaker,
            "speaker_type": q.speaker_type,
            "partial": q.partial,
            "quote": q.text if width is None or len(q.text) <= width else q.text[:width] + "…",
        }
        for doc_id, text, *extra in corpus[[id_column, text_column, *carried]].itertuples(
            index=False
        )
        for q in find_quotes(text)
    ]
    columns = [id_column, *carried, "speaker", "speaker_type", "partial", "quote"]
    return pd.DataFrame(rows, columns=columns)
