"""Direct quotations in news text and who said them.

The quotations themselves are the text pass's (:func:`analysis.text.find_quotations`,
``doc.quotations``: what counts as a quotation is decided there, once, for
every measure). This module finds who said each one, from a few bounded
look-ups around it in the Doc's own sentences, and
:func:`analysis.measures.sources.speaker_type` types the speaker.

A quote is *partial* when the quoted words carry no closing punctuation of
their own (``. , ; : ? ! … —``), are not followed by a speech tag and do not
follow a colon: the narrator's sentence runs through them, as in described as
“productive and constructive” by Witkoff.

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

from analysis.measures.base import Mark, Measure
from analysis.measures.sources import PRONOUNS, SPEAKER_TYPES, speaker_type
from analysis.text import Cue, Doc, docs_of, make_doc

__all__ = ["PRONOUN_REACH", "SPEAKER_TYPES", "Quote", "doc_quotes", "find_quotes", "quote_table"]

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


#: Sentence-final punctuation and what may close it: where a speech tag after a quote ends.
_FINAL_PUNCTUATION = ".!?…"
_CLOSERS = "”\"’')]"


def _tail_end(text: str, sentence_ends: list[int], pos: int, hi: int) -> int:
    """Where the sentence running on after ``pos`` ends, before its final punctuation.

    ``hi`` when that sentence has no final punctuation or it ends at or past ``hi``.
    """
    k = bisect.bisect_right(sentence_ends, pos)
    if k == len(sentence_ends):
        return hi
    end = sentence_ends[k]
    while end > pos and text[end - 1] in _CLOSERS:
        end -= 1
    final = end
    while final > pos and text[final - 1] in _FINAL_PUNCTUATION:
        final -= 1
    return hi if final == end else min(hi, final)


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


def doc_quotes(doc: Doc) -> tuple[Quote, ...]:
    """The quotations of ``doc`` with their speakers, found once per Doc.

    >>> from analysis.text import make_doc
    >>> [(q.text, q.speaker) for q in doc_quotes(make_doc('“Ready,” she said.'))]
    [('Ready,', 'she')]
    """
    return doc.once(_attributed)


def find_quotes(text: str) -> list[Quote]:
    """Direct quotations in ``text``, in order, each with its speaker and speaker type.

    Args:
        text: a news text; paragraphs are lines.

    Returns:
        The quotes: what counts as one is :func:`analysis.text.find_quotations`'s
        rule, who said it this module's (see its docstring).

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
    return list(doc_quotes(make_doc(text)))


def _attributed(doc: Doc) -> tuple[Quote, ...]:
    text, quotations = doc.text, doc.quotations
    breaks = [m.start() for m in re.finditer(r"\n", text)]
    sentence_starts = [s.start for s in doc.sentences]
    sentence_ends = [s.end for s in doc.sentences]
    quotes: list[Quote] = []
    tags: list[_Tag | None] = []
    cache: dict[str, str] = {}
    for i, q in enumerate(quotations):
        start, end = q.start, q.end
        j = bisect.bisect_left(breaks, q.outer_start)
        para_start = breaks[j - 1] + 1 if j else 0
        k = bisect.bisect_left(breaks, q.outer_end)
        para_end = breaks[k] if k < len(breaks) else len(text)
        # The sentence around the quote: head before it, tail after it.
        lo = max(para_start, quotations[i - 1].outer_end if i else 0, q.outer_start - 400)
        first = bisect.bisect_right(sentence_starts, lo)
        last = bisect.bisect_right(sentence_starts, q.outer_start)
        ends = sentence_starts[first:last]  # sentence boundaries between lo and the quote
        head_start = ends[-1] if ends else lo
        next_start = quotations[i + 1].outer_start if i + 1 < len(quotations) else len(text)
        hi = min(para_end, next_start, q.outer_end + 300)
        tail_end = _tail_end(text, sentence_ends, q.outer_end, hi)
        final = text[start:end].rstrip("”\"’')")[-1:]
        tag = None
        if q.closed and (
            (not final.isalnum() and final != ".") or _TAIL_PUNCT.match(text, q.outer_end)
        ):
            tag = _tag(text, q.outer_end, tail_end, max_words=10)
        after_colon = text[max(0, q.outer_start - 3) : q.outer_start].rstrip().endswith(":")
        partial = tag is None and final.isalnum() and not after_colon
        by = _BY.match(text, q.outer_end, tail_end) if partial else None
        if by:
            tag = _after_verb(text, by.end(), tail_end)
        if tag is None:
            tag = _tag(text, head_start, q.outer_start)
        if tag is None and not partial and quotes and quotes[-1].end > para_start:
            tag = tags[-1]  # "...," said X. "More of the same quote."
        if tag is not None and _is_pronoun(text, tag):
            earlier = [
                _tag(text, head_start, q.outer_start),
                _tag(text, ends[-2] if len(ends) > 1 else lo, head_start) if ends else None,
                tags[-1] if quotes and quotes[-1].end > q.outer_start - PRONOUN_REACH else None,
            ]
            tag = next((t for t in earlier if t and not _is_pronoun(text, t)), tag)
        tags.append(tag)
        if tag is None:
            quotes.append(Quote(start, end, text[start:end], partial=partial))
        else:
            speaker, kind = text[tag.start : tag.end], _type(text, tag, cache)
            quote = Quote(start, end, text[start:end], speaker, tag.start, tag.end, kind, partial)
            quotes.append(quote)
    return tuple(quotes)


def quote_table(
    corpus: pd.DataFrame,
    *,
    carry: Sequence[str] = ("group",),
    width: int | None = 90,
    text_column: str = "text",
    id_column: str = "doc_id",
    docs: Sequence[Doc] | None = None,
) -> pd.DataFrame:
    """Every quotation of a corpus, one row each: article, speaker, speaker type, partial, quote.

    Args:
        corpus: one row per article.
        carry: article columns copied to each of its quotes (the group, say).
        width: quotes longer than this many characters are cut, with "…"; ``None`` keeps them whole.
        text_column: the text.
        id_column: the article id.
        docs: the articles' Docs, in order, when already made (their quotes are reused).

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
        for (doc_id, *extra), doc in zip(
            corpus[[id_column, *carried]].itertuples(index=False),
            docs_of(corpus[text_column], docs),
            strict=True,
        )
        for q in doc_quotes(doc)
    ]
    columns = [id_column, *carried, "speaker", "speaker_type", "partial", "quote"]
    return pd.DataFrame(rows, columns=columns)


def _quote_cues(doc: Doc) -> list[Cue]:
    return [
        Cue(q.start, q.end, "quote", q.speaker_type, f"speaker: {q.speaker or 'not found'}", q.text)
        for q in doc_quotes(doc)
    ]


def _columns(doc: Doc, found: Sequence[Cue]) -> dict[str, object]:
    return {"quotes": len(found)} | {
        f"quotes_{kind}": sum(c.category == kind for c in found) for kind in SPEAKER_TYPES
    }


#: Quotes as the registry (:mod:`analysis.measures.registry`) finds them, by entry point;
#: each speaker type is tinted with the lightened colour its figures use.
MEASURE = Measure(
    "quotes",
    _quote_cues,
    _columns,
    rate_columns=("quotes",),
    compare=("quotes_per_1k_words",),
    marks={
        "quote": Mark(
            style="background:{tint_unknown};",
            category_styles={kind: f"background:{{tint_{kind}}};" for kind in SPEAKER_TYPES},
            label=True,
        )
    },
    order=50,
)
