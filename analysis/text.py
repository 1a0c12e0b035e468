"""The one tokenization pass: a text becomes a :class:`Doc` that every measure shares.

Sentences come from NLTK's Punkt sentence tokenizer, given news abbreviations
by hand instead of the trained English model, so that nothing is loaded from
``nltk_data``. Sentences never cross a paragraph break. Tokens are word and
punctuation spans from one regular expression, so every token, sentence, quote
and cue is a character span into the original text: what a notebook highlights
is exactly what was counted.

Direct quotations are found here as well, once per text (:func:`find_quotations`),
and every measure asks the same merged :class:`Spans` (``doc.quoted``) whether a
word is quoted, so "inside a quote" means one thing everywhere. Who said each
quotation is a measure's question (:mod:`analysis.measures.quotes`): the text
pass imports no measure.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter
from typing import NamedTuple, TypeVar

import analysis._nltk  # noqa: F401  (first: NLTK without SciPy and scikit-learn)

# isort: split
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

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

T = TypeVar("T")

_PARAGRAPH = re.compile(r"[^\n]+")
#: What may stand at the edge of a quoted span without being part of the quotation.
_EDGE = " \t\n\"'“”‘’«».,;:!?—–-"
#: Words (numbers with their separators, words with inner hyphens, apostrophes and
#: periods) and single punctuation marks. No anchors, ``\b`` or lookaround: a span
#: between tokens tokenizes to the same tokens alone (:meth:`Sentence.tokens_between`).
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)+|\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)


#: An unclosed quotation longer than this (characters) is a stray mark, not a quotation.
MAX_UNCLOSED = 600
#: A single-quoted span longer than this is apostrophes, not a quotation.
MAX_SINGLE = 300

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
_WORD = re.compile(r"\w")
#: Text between paired quotation marks: quoted even where :data:`_QUOTE` cannot
#: delimit a quotation (pasted text that lost its paragraph breaks, ``said." It's``).
#: A straight double mark after a digit is an inch mark (``6'2"``) and opens nothing.
#: The pairs are what ``finditer`` of this pattern finds, found by :func:`_paired_marks`
#: in linear time (the pattern itself is quadratic on a run of unclosed marks).
PAIRED_PATTERN = (
    r"“[^”]*”|(?<!\d)\"[^\"\n]*\"|‘.*?[\w.,!?]’(?!\w)|(?<![\w'])'(?=\w).*?[\w.,!?]'(?!\w)"
)
_MARKS = re.compile("[“”\"‘’'\n]")  # every character _paired_marks looks at
_DIGIT_BEFORE = re.compile(r"(?<=\d)")
_CLOSER_AFTER = re.compile(r"(?<=[\w.,!?]).(?!\w)")  # at j: the closing mark at j may end a pair
_APOSTROPHE_OPENS = re.compile(r"(?<![\w'])'(?=\w)")  # at i: the ' at i may open a pair


_LANGUAGE = PunktLanguageVars()


def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return PunktSentenceTokenizer(params, lang_vars=_LANGUAGE)


_SENTENCE_TOKENIZER = _punkt()
#: Punkt's patterns: where a sentence may end, and what closing marks move onto the
#: sentence before.
_PERIOD_CONTEXT = _LANGUAGE.period_context_re()
_REALIGN = _LANGUAGE.re_boundary_realignment
_REALIGN_OPENERS = frozenset("\"')]}‘’“”«»")  # the first character a realignment needs


#: Contexts longer than this (characters) are decided afresh, not remembered.
_REMEMBERED_CONTEXT = 80


def _breaks(context: str) -> bool:
    """Punkt's decision on one candidate end (the word before, the mark, what follows).

    A function of the context alone (the parameters are fixed), so a short one is
    remembered: news repeats its contexts ("said. The"), and a text of repeated
    sentences asks once. A long one (a word of thousands of characters) is not kept.
    """
    if len(context) > _REMEMBERED_CONTEXT:
        return _SENTENCE_TOKENIZER.text_contains_sentbreak(context)
    return _remembered_break(context)


@lru_cache(maxsize=1 << 16)
def _remembered_break(context: str) -> bool:
    return _SENTENCE_TOKENIZER.text_contains_sentbreak(context)


def _punkt_spans(text: str) -> list[tuple[int, int]]:
    """What ``PunktSentenceTokenizer.span_tokenize(text)`` gives (tested), faster.

    The same candidates, contexts, decisions and realignment as NLTK 3.10's
    ``_match_potential_end_contexts``, ``_slices_from_text`` and ``_realign_boundaries``,
    with two differences that change no span: each decision is remembered
    (:func:`_breaks`), and the candidates are found without NLTK's wall-clock limit
    (``nltk.redos``: 5 s for the iteration over a whole paragraph, so a long
    paragraph on a busy machine raised ``TimeoutError``; the pattern is NLTK's own
    and linear). Per sentence this costs a few microseconds, not Punkt's twenty.
    """
    slices: list[tuple[int, int]] = []
    last_break = 0

    def decide(match: re.Match[str], word_start: int, word_end: int) -> None:
        nonlocal last_break
        context = text[word_start:word_end] + match.group() + match.group("after_tok")
        if _breaks(context):
            slices.append((last_break, match.end()))
            last_break = match.start("next_tok") if match.group("next_tok") else match.end()

    previous = None
    word_start = word_end = 0  # the word before the previous candidate
    for match in _PERIOD_CONTEXT.finditer(text, timeout=None):
        start = match.start()
        space = max([text.rfind(c, word_end, start) for c in string.whitespace])
        # NLTK reads a space at the first character as no space: the word runs on
        begins = space + 1 if space > word_end else word_start
        if previous is not None and word_end <= begins:
            decide(previous, word_start, word_end)
        previous, word_start, word_end = match, begins, start
    if previous is not None:
        decide(previous, word_start, word_end)
    slices.append((last_break, len(text.rstrip())))

    spans: list[tuple[int, int]] = []
    realign = 0
    for k, (start, end) in enumerate(slices):
        start += realign
        if k + 1 == len(slices):
            if start < end:
                spans.append((start, end))
            break
        next_start, next_end = slices[k + 1]
        moved = None
        if next_start < next_end and text[next_start] in _REALIGN_OPENERS:
            moved = _REALIGN.match(text[next_start:next_end], timeout=None)
        if moved:
            spans.append((start, next_start + len(moved.group().rstrip())))
            realign = moved.end()
        else:
            realign = 0
            if start < end:
                spans.append((start, end))
    return spans


class Token(NamedTuple):
    """A word or punctuation mark: its text and character span in the document.

    A named tuple rather than a dataclass: every text makes one per word, and a
    tuple is made faster and is not tracked by the garbage collector for long.
    """

    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        """The form every lexicon is matched on: lower case, typographic apostrophe as ``'``.

        >>> Token("Weren’t", 0, 7).norm
        "weren't"
        """
        return ascii_apostrophes(self.text.lower())

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


_new_token = tuple.__new__
_START, _END = itemgetter(1), itemgetter(2)  # a token's start and end, for binary searches


def ascii_apostrophes(text: str) -> str:
    """Typographic apostrophes (``’``) as ASCII ones: what VADER's and TextBlob's rules read.

    The length is kept, so spans into the text still hold.

    >>> ascii_apostrophes("weren’t")
    "weren't"
    """
    return text.replace("’", "'")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its character span, its text and its tokens.

    ``words`` (its word tokens), ``norms`` (each token's :attr:`Token.norm`) and
    ``word_norms`` (each word's) follow from the tokens, made once here: every measure
    reads them, most more than once.

    >>> s = make_doc("Weren’t they, Sam?").sentences[0]
    >>> [t.text for t in s.words], s.norms, s.word_norms
    (['Weren’t', 'they', 'Sam'], ("weren't", 'they', ',', 'sam', '?'), ("weren't", 'they', 'sam'))
    """

    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    words: tuple[Token, ...] = field(init=False, repr=False, compare=False)
    norms: tuple[str, ...] = field(init=False, repr=False, compare=False)
    word_norms: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tokens = self.tokens
        norms = tuple([t[0].lower().replace("’", "'") for t in tokens])
        is_word = [t[0][0].isalnum() or t[0][0] == "_" for t in tokens]
        if all(is_word):
            words, word_norms = tokens, norms
        elif not any(is_word):  # "." alone: a run of them is thousands of sentences
            words = word_norms = ()
        else:
            words = tuple([t for t, w in zip(tokens, is_word, strict=True) if w])
            word_norms = tuple([n for n, w in zip(norms, is_word, strict=True) if w])
        set_field = object.__setattr__
        set_field(self, "words", words)
        set_field(self, "norms", norms)
        set_field(self, "word_norms", word_norms)

    def tokens_between(self, start: int, end: int) -> tuple[Token, ...] | None:
        """The tokens inside ``start:end``; None when a token straddles either edge.

        They are what :func:`tokenize` gives for that piece of text alone, at
        the same offsets: the token pattern has no anchors, ``\\b`` or
        lookaround, so it sees no context (tested). A piece of a sentence need
        not be tokenized again.

        >>> sentence = make_doc("“Talks matter,” he said.").sentences[0]
        >>> [t.text for t in sentence.tokens_between(1, 14)]
        ['Talks', 'matter', ',']
        >>> sentence.tokens_between(3, 14) is None
        True
        """
        # tokens are sorted and do not overlap: binary searches, not a scan of the sentence
        # (a quote-heavy sentence has thousands of pieces, each asking this)
        tokens = self.tokens
        before = bisect.bisect_right(tokens, start, key=_START) - 1  # last token starting by start
        if before >= 0 and tokens[before].start < start < tokens[before].end:
            return None
        last = bisect.bisect_left(tokens, end, key=_START) - 1  # last token starting before end
        if last >= 0 and tokens[last].start < end < tokens[last].end:
            return None
        lo = bisect.bisect_left(tokens, start, key=_START)
        return tokens[lo : bisect.bisect_right(tokens, end, key=_END)]


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence a measure found: a span, what it counts as, and why.

    ``measure`` names the measure (``hedge``, ``booster``, ``human_interest``,
    ``quote``, ``tone``); ``category`` the lexicon category or item; ``rule``
    the lexicon entry or rule that fired, so a user can argue with it. ``weight``
    is a learned layer's contribution of this span on its model's scale (a
    coefficient times the feature's value); a rule's cue has none.
    """

    start: int
    end: int
    measure: str
    category: str
    rule: str
    text: str = ""
    weight: float | None = None


@dataclass(frozen=True, slots=True)
class Quotation:
    """A direct quotation: its quoted words and where its marks are.

    ``start:end`` excludes the quotation marks and the spaces inside them;
    ``outer_start:outer_end`` includes the marks. ``closed`` is False for a
    quotation cut at its paragraph's end because no closing mark came.
    """

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool


class Spans:
    """Sorted, merged character intervals ``[start, end)``: where a text is quoted.

    Overlapping or touching intervals are merged once, on construction; every
    question is then a binary search.

    >>> spans = Spans([(10, 20), (0, 5), (18, 25)])
    >>> list(spans), spans.contains(19), spans.contains(25)
    ([(0, 5), (10, 25)], True, False)
    >>> spans.covers(11, 24), spans.covers(4, 11)
    (True, False)
    >>> spans.cut(3, 12)
    [(3, 5, True), (5, 10, False), (10, 12, True)]
    """

    __slots__ = ("_starts", "_ends")

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(intervals):
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts, self._ends = starts, ends

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._starts, self._ends, strict=True)

    def __len__(self) -> int:
        return len(self._starts)

    def contains(self, offset: int) -> bool:
        """Whether the character at ``offset`` is inside an interval."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]

    def covers(self, start: int, end: int) -> bool:
        """Whether the non-empty span ``start:end`` lies inside one interval."""
        i = bisect.bisect_right(self._starts, start) - 1
        return start < end and i >= 0 and end <= self._ends[i]

    def cut(self, start: int, end: int) -> list[tuple[int, int, bool]]:
        """``start:end`` cut at the interval edges: non-empty pieces, each marked inside or not."""
        pieces: list[tuple[int, int, bool]] = []
        pos = start
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        while i < len(self._starts) and self._starts[i] < end:
            inside_start, inside_end = max(self._starts[i], start), min(self._ends[i], end)
            if inside_start < inside_end:
                if pos < inside_start:
                    pieces.append((pos, inside_start, False))
                pieces.append((inside_start, inside_end, True))
                pos = inside_end
            i += 1
        if pos < end:
            pieces.append((pos, end, False))
        return pieces


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
        return tuple(t for s in self.sentences for t in s.words)

    @cached_property
    def _computed(self) -> dict[tuple, object]:
        return {}

    def once(self, make: Callable[..., T], *args: Hashable) -> T:
        """``make(self, *args)``, computed once per Doc: what several measures share.

        Each result is kept under the function that makes it (and its arguments), not
        under a name, and lives as long as the Doc: nothing outlives the text it was
        computed from, and no two measures can take each other's place.

        >>> doc = make_doc("Talks resumed.")
        >>> doc.once(lambda d: object()) is not None
        True
        >>> count = lambda d, kind: len(d.tokens) if kind == "all" else len(d.words)
        >>> doc.once(count, "all"), doc.once(count, "words")
        (3, 2)
        """
        key = (make, args)
        found = self._computed
        if key not in found:
            found[key] = make(self, *args)
        return found[key]  # type: ignore[return-value]

    @cached_property
    def quotations(self) -> tuple[Quotation, ...]:
        """The direct quotations, in order (:func:`find_quotations`)."""
        return tuple(find_quotations(self.text))

    @cached_property
    def quoted(self) -> Spans:
        """Where the text is quoted; every measure reads this (:func:`quoted_spans`)."""
        return quoted_spans(self.text, self.quotations)

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
        return self.quoted.covers(start, end)


def _quoted_words(m: re.Match[str]) -> tuple[int, int] | None:
    """The quoted words of a match, spaces trimmed; None for an empty or overlong one."""
    group = "body" if m.group("body") is not None else "single"
    start, end = m.span(group)
    start += len(m.group(group)) - len(m.group(group).lstrip())
    end -= len(m.group(group)) - len(m.group(group).rstrip())
    limit = {"single": MAX_SINGLE, "body": None if m.group("closed") else MAX_UNCLOSED}[group]
    if not _WORD.search(m.string, start, end) or (limit is not None and end - start > limit):
        return None
    return start, end


def find_quotations(text: str) -> list[Quotation]:
    """The direct quotations in ``text``, in order, found by one regular-expression pass.

    What counts as a quotation:

    * Double quotes, straight (``"``) or curly (``“ ”``). A straight mark opens
      only at the start of a word (after a space, a bracket or a dash) and closes
      only at the end of one, so the inch marks of ``6'2"`` and ``5'10"`` are no
      quotation.
    * Single quotes (``'...'``, ``‘...’``) only outside double quotes, opening at
      the start of a word before a letter and closing before a space or
      punctuation, at most :data:`MAX_SINGLE` characters long; an apostrophe
      inside a word (``don't``) does not end one. So the headline ``Reports
      'Constructive' Talks`` has a quotation, and ``Russia's``, ``don’t``
      and ``negotiators’`` are apostrophes. Single quotes inside a double quote
      stay part of it.
    * A quotation ends at its paragraph (a line). The one exception is the news
      convention for a long quote: a paragraph that opens a quote without closing
      it, followed by a paragraph that opens with a quote mark, continues the same
      quotation. One still open at its paragraph end is cut there, and dropped if
      it is longer than :data:`MAX_UNCLOSED` characters: a stray mark never
      swallows an article.
    * ``start:end`` is the quoted text *without* the quotation marks and
      surrounding spaces; one over two paragraphs includes the line break and the
      continuation's opening mark.

    >>> text = 'A 2" pipe burst. “We are ready,” she said of the ‘plan’.'
    >>> [text[q.start:q.end] for q in find_quotations(text)]
    ['We are ready,', 'plan']
    """
    found = []
    for m in _QUOTE.finditer(text):
        words = _quoted_words(m)
        if words is not None:
            closed = m.group("single") is not None or m.group("closed") is not None
            found.append(Quotation(*words, m.start(), m.end(), closed))
    return found


def quoted_spans(text: str, quotations: Iterable[Quotation]) -> Spans:
    """Where ``text`` is quoted: its quotations, and the words between paired marks.

    Pairs of marks catch quotations that :func:`find_quotations` cannot delimit
    (``said." It's a sad day," she added``: a glued opening mark); their words
    are quoted, though no quotation (and so no speaker) is counted for them.
    The inch marks of ``6'2"`` pair with nothing.

    >>> text = 'He stood 6\\'2" tall; you could see him from 5\\'10" away.'
    >>> len(quoted_spans(text, find_quotations(text)))
    0
    >>> text = 'It ended." It is a sad day," she said.'
    >>> [text[s:e] for s, e in quoted_spans(text, find_quotations(text))]
    ['It is a sad day,']
    """
    paired = []
    for outer_start, outer_end in _paired_marks(text):
        inner = text[outer_start + 1 : outer_end - 1]
        if inner.strip():
            start = outer_start + 1 + len(inner) - len(inner.lstrip())
            paired.append((start, start + len(inner.strip())))
    return Spans([*((q.start, q.end) for q in quotations), *paired])


def _paired_marks(text: str) -> list[tuple[int, int]]:
    """The spans (marks included) ``re.finditer(PAIRED_PATTERN, text)`` matches, in O(n log n).

    Each alternative opens on its own mark, and whether an opening mark at ``i`` pairs,
    and where, depends on the text only: the first closing mark after it (for ``“`` and
    ``"``, ``"`` on the same line) or the first that may close (``’`` or ``'`` after a
    word character or ``.,!?`` and before no word character, on the same line). The
    pairs are then taken left to right, each starting after the last one's end, as
    ``finditer`` takes them. (Tested against the pattern.)

    >>> _paired_marks('“a “b” ‘c’ 5" "d"')
    [(0, 6), (7, 10), (14, 17)]
    """
    n = len(text)
    where: dict[str, list[int]] = {mark: [] for mark in "“”\"‘’'\n"}
    for m in _MARKS.finditer(text):  # the marks only, not every character
        where[m.group()].append(m.start())
    newlines = where["\n"]

    def next_in(positions: list[int], after: int) -> int:
        k = bisect.bisect_left(positions, after)
        return positions[k] if k < len(positions) else n

    def line_end(i: int) -> int:
        return next_in(newlines, i)

    closers = {
        mark: [j for j in where[mark] if j >= 1 and _CLOSER_AFTER.match(text, j)] for mark in "’'"
    }
    found: list[tuple[int, int]] = []
    for i in where["“"]:
        if (j := next_in(where["”"], i + 1)) < n:
            found.append((i, j + 1))
    for i in where['"']:
        if not _DIGIT_BEFORE.match(text, i) and (j := next_in(where['"'], i + 1)) < line_end(i):
            found.append((i, j + 1))
    for opener, closer in (("‘", "’"), ("'", "'")):
        for i in where[opener]:
            if opener == "'" and not _APOSTROPHE_OPENS.match(text, i):
                continue
            if (j := next_in(closers[closer], i + 2)) < line_end(i):
                found.append((i, j + 1))
    pairs, position = [], 0
    for start, end in sorted(found):
        if start >= position:
            pairs.append((start, end))
            position = end
    return pairs


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Split text into word and punctuation tokens with character spans.

    >>> [t.text for t in tokenize("Zelensky's U.S.-backed plan, 1,000 at 8:00 am.")]
    ["Zelensky's", 'U.S', '.', '-', 'backed', 'plan', ',', '1,000', 'at', '8:00', 'am', '.']
    """
    new, cls = _new_token, Token
    matches = _TOKEN.finditer(text)
    return tuple([new(cls, (m.group(), m.start() + offset, m.end() + offset)) for m in matches])


def normalised_words(text: str) -> list[str]:
    """The words of ``text`` as reuse and distinguishing words compare them: lower case,
    straight apostrophes, punctuation left out.

    >>> normalised_words("“Productive and constructive,” Witkoff’s post said.")
    ['productive', 'and', 'constructive', "witkoff's", 'post', 'said']
    """
    # Token.norm of each token that Token.is_word, without making the tokens: reuse and
    # distinguishing words read every word of the corpus (a third of the time)
    words = _TOKEN.findall(text)
    return [ascii_apostrophes(w.lower()) for w in words if w[0].isalnum() or w[0] == "_"]


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
        offset = para.start()
        spans += [(offset + s, offset + e) for s, e in _punkt_spans(chunk)]
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


def docs_of(texts: Sequence[str], docs: Sequence[Doc] | None = None) -> Iterator[Doc]:
    """The Doc of each text, in order: ``docs`` when given (made once for several
    whole-corpus calls, which then share each Doc's cues), else made one at a time.

    Raises:
        ValueError: ``docs`` are not the Docs of ``texts``, in their order.
    """
    if docs is None:
        yield from map(make_doc, texts)
        return
    if len(docs) != len(texts):
        raise ValueError(f"{len(docs)} Docs given for {len(texts)} texts")
    for doc, text in zip(docs, texts, strict=True):
        if doc.text != text:
            raise ValueError("a Doc given is not its row's text: give the Docs in corpus order")
        yield doc
