"""Tone: VADER and TextBlob as published, and the suite's news tone built on them.

Every sentence is scored once; article-level numbers are aggregated from the
sentence scores, and the narrator/quoted split re-scores only the sentences a
quotation cuts through. Typographic apostrophes (``weren’t``) are read as ASCII
ones, as VADER's and TextBlob's negation rules expect. VADER and TextBlob give
their libraries' numbers, reached faster (:class:`_Vader`, :class:`_Pattern`;
``tests/test_tone.py`` compares them with the libraries).

The three measures and their lexicons:

``vader_compound`` (-1..+1)
    VADER (Hutto & Gilbert 2014) through NLTK's
    :class:`~nltk.sentiment.vader.SentimentIntensityAnalyzer`. Its lexicon is
    ``vader_lexicon.txt`` from the ``vaderSentiment`` package (7,500 terms, each
    the mean of ten raters on -4..+4; MIT licence), so nothing is read from
    ``nltk_data`` and nothing is downloaded. Per sentence this is VADER's own
    number. For a text it is the word-weighted mean of the sentence scores, not
    VADER run on the whole text: VADER's compound is a sum squashed into -1..+1,
    so on an article of a few hundred words it saturates near +1 or -1 and stops
    telling articles apart.
``textblob_polarity`` (-1..+1), ``textblob_subjectivity`` (0..1)
    TextBlob's pattern analyzer (adjective lexicon of the pattern library,
    De Smedt & Daelemans 2012; TextBlob MIT, pattern BSD licence). It needs no
    NLTK data. It averages over the words it knows. For a text the sentence
    scores are pooled by the number of known words, which gives what TextBlob
    returns for the whole text (up to negations across a sentence boundary).
``tone`` (-1..+1): the suite's news tone
    For each sentence:

    1. *News valence*: VADER's valence sum (its sum of word ratings after its
       own rules for boosters, "but", capitals and negation, before squashing),
       corrected word by word where news needs another reading:

       * words of ``lexicons/news_tone.tsv`` (written for this suite; weights
         on VADER's -4..+4 scale, each set by analogy with the nearest VADER
         rating, named in its ``source`` column): conflict, casualty, disaster
         and economy terms that VADER lacks (``shelling``, ``casualties``,
         ``displaced``, ``invasion``) and agreement terms (``deal``,
         ``ceasefire``, ``constructive``; VADER's own ``agreement``, ``peace``
         and ``progress`` are listed with VADER's weight, for their category);
       * negation by the news negators VADER misses: ``no``, ``without``,
         ``lack of`` negate any term ("no deal", "no agreement"); ``failed``,
         ``refused``, ``unable``, ``rejected`` negate positive terms only
         ("failed to agree"). Negation multiplies by VADER's -0.74, looks back
         over three content words and stops at a comma or at a word opening a
         new clause (``who``, ``which``, ``but``); a negator that negates a
         term loses its own rating, as ``no`` does in vaderSentiment 3.3;
       * entries of weight 0 score nothing, whatever VADER rates their words:
         wire-service formulas (``not immediately clear``, ``declined to
         comment``), which report missing information rather than judge, and
         names and political terms that contain rated words (``United
         States``, ``Supreme Court``, ``security forces``, ``party``).

    2. *Combination*: ``A * v / sqrt(v**2 + ALPHA) + B * polarity``, where
       ``v`` is the news valence and ``polarity`` TextBlob's.
       ``ALPHA``, ``A`` and ``B`` were chosen on VADER's tweets, movie-review and
       Amazon-review sentences (see :data:`ALPHA`), never on the NYT editorial
       sentences the measure is evaluated on. The scale reads like the human
       ratings it was calibrated against: roughly the mean rating on -4..+4
       divided by four, so no sentence goes beyond ``A + B`` (0.67) either way.

    For a text, ``tone`` is the word-weighted mean of its sentence tones;
    ``tone_narrator`` and ``tone_quoted`` are the same mean over the text outside
    and inside direct quotations (``doc.quoted``, :mod:`analysis.text`).

Every correction the news tone makes, and every rated word it counts, is a
:class:`~analysis.text.Cue` (:func:`tone_cues`), so a reader can see and argue
with each piece of evidence. Limits: a lexicon measure reads words, not stance;
the quoted/narrator split is only as good as the quote finder.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import chain, pairwise, repeat

import nltk
from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText, VaderConstants
from textblob import _text as textblob_text
from textblob.en import sentiment as pattern_sentiment

from analysis.measures.lexicons import LexiconEntry, read_lexicon
from analysis.text import Cue, Doc, Sentence, Token, tokenize

#: Squashing constant of the news valence: ``v / sqrt(v**2 + ALPHA)``. VADER uses
#: 15; a larger value saturates later. ALPHA, A and B were chosen together on the
#: tweets, movie and Amazon sentences of Hutto & Gilbert (2014), never on the NYT
#: sentences: ALPHA and B/A maximise the mean Pearson r over the three sets, then
#: A minimises the squared error against the human mean rating / 4.
#: :func:`analysis.evaluate.tone.calibrate` recomputes them (0.38 and 0.29 are
#: its 0.3837 and 0.2878, rounded).
ALPHA = 15.0
#: Weight of the squashed news valence.
A = 0.38
#: Weight of TextBlob's polarity.
B = 0.29

#: VADER's negation multiplier (``VaderConstants.N_SCALAR``).
NEGATION = -0.74
#: Negators, besides VADER's own, that turn any rated term ("no deal", "without violence").
NEGATORS = frozenset(
    "no not never without nor neither none nobody nothing lack lacks lacked lacking absence".split()
)
#: Negators that turn positive terms only: "failed to agree" is negative, but
#: "failed to stop the fighting" is not positive.
FAILURE_NEGATORS = frozenset(
    """failed fail fails failing failure unable refused refuses refusing refusal
    rejected rejects rejecting rejection short""".split()
)
#: Words skipped when looking back for a negator ("no sign of a deal").
_SKIP = frozenset(
    "a an the to of any for on in at with its their his her this that these those "
    "be been being was were is are has have had yet immediate immediately real "
    "reach reached reaching secure win produce make sign signs".split()
)
#: Where a negation's reach ends: punctuation inside the sentence, and words
#: that open a new clause ("not immediately clear who fired").
_CLAUSE_BREAKS = frozenset(",;:()—–")
_CLAUSE_WORDS = frozenset(
    "but who whom which whether while although because after before when if".split()
)
_WINDOW = 3
_LEXICON_FILE = "news_tone.tsv"


@cache
def news_lexicon() -> dict[tuple[str, ...], LexiconEntry]:
    """The suite's news tone lexicon, keyed by its lower-case words.

    >>> news_lexicon()[("shelling",)].category
    'conflict'
    >>> news_lexicon()[("not", "immediately", "clear")].weight
    0.0
    """
    return {tuple(e.term.lower().split()): e for e in read_lexicon(_LEXICON_FILE)}


_DELETE_PUNCTUATION = str.maketrans("", "", string.punctuation)


class _SentiText(SentiText):
    """NLTK's ``SentiText``, finding the words of a text in linear time.

    NLTK maps every word of the text joined to every punctuation mark
    (``_words_plus_punc``), a dict of thousands of entries per sentence that was
    most of VADER's time. This gives the same words: a word loses its trailing
    (else leading) punctuation when that is one mark of ``PUNC_LIST`` and the
    rest is a word of the text with its punctuation removed.
    """

    def _words_and_emoticons(self) -> list[str]:
        # NLTK removes ``string.punctuation`` with a ReDoS-guarded regex (nltk.redos), a
        # fifth of all scoring time; deleting the same characters with translate is equal
        no_punc = self.text.translate(_DELETE_PUNCTUATION).split()
        words_only = {w for w in no_punc if len(w) > 1}
        punc, out = set(self.PUNC_LIST), []
        for we in self.text.split():
            if len(we) <= 1:
                continue
            if we[0] not in string.punctuation and we[-1] not in string.punctuation:
                out.append(we)  # most words: nothing to strip
                continue
            after, before = we.rstrip(string.punctuation), we.lstrip(string.punctuation)
            if after != we and we[len(after) :] in punc and after in words_only:
                we = after
            elif before != we and we[: len(we) - len(before)] in punc and before in words_only:
                we = before
            out.append(we)
        return out

    def allcap_differential(self, words: list[str]) -> bool:
        """NLTK's: whether some but not all words are in capitals; counted in C."""
        different = len(words) - sum(map(str.isupper, words))
        return 0 < different < len(words)


class _Constants(VaderConstants):
    """NLTK's VADER constants, with a faster ``negated``: the same answers."""

    def negated(self, input_words: list[str], include_nt: bool = True) -> bool:
        """NLTK 3.10.4's ``negated``, lower-casing each word once (VADER calls it per word)."""
        lowers = [w.lower() for w in input_words]
        if not self.NEGATE.isdisjoint(lowers):
            return True
        if include_nt and any("n't" in w for w in lowers):
            return True
        return any(b == "least" and a != "at" for a, b in pairwise(lowers))


class _Vader(SentimentIntensityAnalyzer):
    """NLTK's VADER, also returning ``valence``: the sum its compound score squashes."""

    def __init__(self, lexicon_file: str) -> None:
        super().__init__(lexicon_file)
        self.constants = _Constants()

    def polarity_scores(self, text: str) -> dict[str, float]:
        """NLTK 3.10.4's ``polarity_scores``: the same scores, faster.

        It uses :class:`_SentiText`, lower-cases each word once, and skips the
        call to ``sentiment_valence`` for words VADER does not rate, which
        counts them 0 as that would.
        """
        lexicon, boosters = self.lexicon, self.constants.BOOSTER_DICT
        sentitext = _SentiText(
            text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION
        )
        words_and_emoticons = sentitext.words_and_emoticons
        lowers = [w.lower() for w in words_and_emoticons]
        sentiments = []
        first_index = {}
        for idx, token in enumerate(words_and_emoticons):
            if token not in first_index:
                first_index[token] = idx
        last = len(words_and_emoticons) - 1
        for item, lower in zip(words_and_emoticons, lowers, strict=True):
            if lower not in lexicon or lower in boosters:
                sentiments.append(0)
                continue
            i = first_index[item]
            if i < last and lower == "kind" and lowers[i + 1] == "of":
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        if "but" in lowers:  # NLTK's _but_check
            bi = lowers.index("but")
            for sidx, sentiment in enumerate(sentiments):
                if sidx < bi:
                    sentiments[sidx] = sentiment * 0.5
                elif sidx > bi:
                    sentiments[sidx] = sentiment * 1.5
        return self.score_valence(sentiments, text)

    def score_valence(self, sentiments: list[float], text: str) -> dict[str, float]:
        scores = super().score_valence(sentiments, text)
        total = float(sum(sentiments))
        if total:
            total += math.copysign(self._punctuation_emphasis(total, text), total)
        scores["valence"] = total
        return scores


@cache
def vader() -> SentimentIntensityAnalyzer:
    """The one VADER analyzer, built on first use from ``vaderSentiment``'s lexicon.

    NLTK only opens files under its data path, so the ``vaderSentiment``
    package folder is on ``nltk.data.path`` while the lexicon is read, and
    taken off again.

    >>> vader().polarity_scores("The talks were a success.")["compound"]
    0.5719
    """
    lexicon = resources.files("vaderSentiment").joinpath("vader_lexicon.txt")
    folder = str(lexicon.parent)
    nltk.data.path.append(folder)
    try:
        return _Vader(lexicon_file="file:" + str(lexicon))
    finally:
        nltk.data.path.remove(folder)


class _Pattern(type(pattern_sentiment)):
    """TextBlob's English sentiment analyzer, with plain dict look-ups.

    TextBlob's lexicon is a lazy dict that calls Python code for every ``in``
    and ``[]``: a sizeable part of TextBlob's time on news sentences. Loaded
    up front, a dict's own look-ups give the same answers. A plain string
    goes straight to its words (:meth:`__call__`), which its tokenizer
    (:func:`_tb_sentiment_tokens`) gives without TextBlob's sentence grouping.
    """

    __contains__ = dict.__contains__
    __getitem__ = dict.__getitem__

    def __call__(self, s, negation=True, **kwargs):  # TextBlob's signature
        """TextBlob's ``__call__``; a plain string goes straight to its words."""
        if type(s) is not str or kwargs:
            return super().__call__(s, negation, **kwargs)
        words = " ".join(self.tokenizer(s)).split()
        a = self.assessments(zip(map(str.lower, words), repeat(None)), negation)
        return textblob_text.Score(
            polarity=_tb_mean(p for _, p, _, _ in a),
            subjectivity=_tb_mean(subj for _, _, subj, _ in a),
            assessments=a,
        )


def _tb_mean(values: Iterable[float]) -> float:
    """TextBlob's unweighted ``avg``: the same additions in the same order."""
    total, n = 0, 0
    for value in values:
        total += value
        n += 1
    return total / float(n or 1)


#: What TextBlob's tokenizer splits off the start of a token: its punctuation but the period.
_TB_PUNCTUATION = tuple(textblob_text.PUNCTUATION.replace(".", ""))
#: What may follow a sentence's end and still belong to it (quotes, brackets, more marks).
_TB_CLOSERS = ("'", '"', "”", "’", "...", ".", "!", "?", ")", textblob_text.EOS)
_TB_CONTRACTIONS = [(re.compile(a), b) for a, b in textblob_text.replacements.items()]


@lru_cache(maxsize=1 << 16)
def _tb_split(t: str) -> tuple[str, ...]:
    """How TextBlob's tokenizer splits one whitespace-separated token (its code, verbatim)."""
    punctuation, replace, tokens, tail = _TB_PUNCTUATION, textblob_text.replacements, [], []
    while t.startswith(punctuation) and t not in replace:
        # Split leading punctuation.
        if t.startswith(punctuation):
            tokens.append(t[0])
            t = t[1:]
    while t.endswith(punctuation + (".",)) and t not in replace:
        # Split trailing punctuation.
        if t.endswith(punctuation):
            tail.append(t[-1])
            t = t[:-1]
        # Split ellipsis (...) before splitting period.
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        # Split period (if not an abbreviation).
        if t.endswith("."):
            if (
                t in textblob_text.ABBREVIATIONS
                or textblob_text.RE_ABBR1.match(t) is not None
                or textblob_text.RE_ABBR2.match(t) is not None
                or textblob_text.RE_ABBR3.match(t) is not None
            ):
                break
            else:
                tail.append(t[-1])
                t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))
    return tuple(tokens)


def _tb_sentiment_tokens(text: str) -> list[str]:
    """TextBlob 0.20.1's ``find_tokens`` with its defaults, as its sentiment reads it.

    TextBlob's sentiment joins the sentences ``find_tokens`` returns with spaces
    and splits them into words again; this gives the same words, faster.
    TextBlob splits every token character by character in Python, about half of
    its sentiment's time on news, so here each distinct token is split once
    (:func:`_tb_split`, memoised). The contraction patterns are compiled once,
    and substitutions that cannot match are skipped. Whitespace is split with
    ``str.split``, which finds the tokens TextBlob's collapse-then-match finds.
    Sentences are grouped only when it can change the words: TextBlob's sarcasm
    and emoticon patterns are applied sentence by sentence, and a pattern that
    matches none of the text matches none of its sentences. Otherwise, the
    result is one string, and the rest is TextBlob's code.
    """
    EOS = textblob_text.EOS  # noqa: N806 (TextBlob's name)
    # Handle replacements (contractions).
    if "'" in text:  # every contraction has one
        for a, b in _TB_CONTRACTIONS:
            text = a.sub(b, text)
    # Handle Unicode quotes.
    text = (
        text.replace("“", " “ ")
        .replace("”", " ” ")
        .replace("‘", " ‘ ")
        .replace("’", " ’ ")
        .replace("'", " ' ")
        .replace('"', ' " ')
    )
    # Collapse whitespace.
    if "\n" in text:
        text = re.sub("\r\n", "\n", text)
        text = re.sub(r"\n{2,}", f" {EOS} ", text)
    tokens = list(chain.from_iterable(map(_tb_split, text.split())))
    joined = " ".join(tokens)
    if (
        EOS not in joined
        and textblob_text.RE_SARCASM.search(joined) is None
        and textblob_text.RE_EMOTICONS.search(joined) is None
    ):
        return [joined]
    sentences, i, j = [[]], 0, 0
    while j < len(tokens):
        if tokens[j] in ("...", ".", "!", "?", EOS):
            # Handle citations, trailing parenthesis, repeated punctuation (!?).
            while j < len(tokens) and tokens[j] in _TB_CLOSERS:
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break  # Balanced quotes.
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != EOS)
            sentences.append([])
            i = j
        j += 1
    sentences[-1].extend(tokens[i:j])
    sentences = (" ".join(s) for s in sentences if len(s) > 0)
    sentences = (textblob_text.RE_SARCASM.sub("(!)", s) for s in sentences)
    return [
        textblob_text.RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), s)
        for s in sentences
    ]


@cache
def pattern() -> _Pattern:
    """TextBlob's English sentiment analyzer (``textblob.en.sentiment``), loaded.

    >>> text = "The talks were a great success."
    >>> pattern()(text) == pattern_sentiment(text)
    True
    """
    analyzer = _Pattern(
        path=pattern_sentiment.path,
        synset=pattern_sentiment._synset,
        tokenizer=_tb_sentiment_tokens,
        negations=pattern_sentiment.negations,
        modifiers=pattern_sentiment.modifiers,
        modifier=pattern_sentiment.modifier,
    )
    analyzer.load()
    return analyzer


@dataclass(frozen=True, slots=True)
class _Scored:
    """The scores of one sentence (or piece of one); cue spans are relative to it."""

    tone: float
    valence: float
    vader: float
    polarity: float
    subjectivity: float
    assessed: int
    words: int
    cues: tuple[Cue, ...]


def _plain(text: str) -> str:
    """Typographic apostrophes as ASCII ones, which VADER and TextBlob expect (same length)."""
    return text.replace("’", "'")


def _negator(norms: list[str], i: int, *, positive: bool, fenced: set[int]) -> int | None:
    """Index of the negator governing ``norms[i]`` (lower case, "n't" as "not"), if any.

    ``fenced`` words stop the search.
    """
    seen = 0
    for k in range(i - 1, -1, -1):
        word = norms[k]
        if k in fenced or word in _CLAUSE_BREAKS or word in _CLAUSE_WORDS or seen == _WINDOW:
            return None
        if word in _SKIP:
            continue
        if word in NEGATORS or word in vader().constants.NEGATE:
            return k
        if positive and word in FAILURE_NEGATORS:
            return k
        seen += 1
    return None


@cache
def _first_words() -> dict[str, int]:
    """Each first word of a news-lexicon term, with the most words a term starting with it has."""
    first: dict[str, int] = {}
    for key in news_lexicon():
        first[key[0]] = max(first.get(key[0], 0), len(key))
    return first


def _matches(norms: list[str]) -> Iterable[tuple[int, int, LexiconEntry]]:
    """Longest news-lexicon matches, left to right, as (start, end, entry)."""
    lexicon, first = news_lexicon(), _first_words()
    free = 0  # the first word no earlier match covers
    for i in [i for i, word in enumerate(norms) if word in first]:  # most words start no term
        if i < free:
            continue
        for n in range(min(first[norms[i]], len(norms) - i), 0, -1):
            entry = lexicon.get(tuple(norms[i : i + n]))
            if entry is not None:
                yield i, i + n, entry
                free = i + n
                break


def _news_valence(
    text: str, tokens: Sequence[Token], offset: int
) -> tuple[float, tuple[Cue, ...], int]:
    """The correction to VADER's valence sum for ``text``, the cues behind it, its word count.

    ``tokens`` are the tokens of ``text`` (:func:`~analysis.text.tokenize`), their
    spans ``offset`` past its start: a sentence's come from its :class:`Doc`,
    so that it is not tokenized twice.
    """
    spans: list[tuple[int, int]] = []
    word_index: list[int] = []  # where the words are among the kept tokens
    for t in tokens:
        if t.is_word:
            word_index.append(len(spans))
        elif t.text not in _CLAUSE_BREAKS:
            continue
        spans.append((t.start - offset, t.end - offset))
    plain = _plain(text)  # same length, so the spans hold
    words = [plain[start:end] for start, end in spans]
    raw = [w.lower() for w in words]
    norms = ["not" if w.endswith("n't") else w for w in raw]
    analyzer = vader()
    lexicon, boosters, negated = (
        analyzer.lexicon,
        analyzer.constants.BOOSTER_DICT,
        analyzer.constants.negated,
    )
    ratings = [0.0 if w in boosters else lexicon.get(w, 0.0) for w in raw]

    def vader_part(k: int) -> float:
        """What VADER counted for ``words[k]``, with its own three-word negation."""
        if not ratings[k]:
            return 0.0
        position = bisect_left(word_index, k)  # k is a word: its place among the words
        if negated([raw[j] for j in word_index[max(0, position - 3) : position]]):
            return ratings[k] * NEGATION
        return ratings[k]

    # The rated units: a news-lexicon match, or a word VADER rates; left to right,
    # a match hiding what its words would be on their own.
    matched = {i: (j, e) for i, j, e in _matches(norms)}
    units: list[tuple[int, int, float, str, str, int | None]] = []
    free = 0
    for i in sorted(matched.keys() | {k for k, rating in enumerate(ratings) if rating}):
        if i < free:
            continue
        if i in matched:
            free, entry = matched[i]
            rule = f"{_LEXICON_FILE}: {entry.term}"
            units.append((i, free, entry.weight, entry.category, rule, None))
        else:
            free = i + 1
            units.append((i, free, ratings[i], "", f"VADER lexicon: {raw[i]}", None))
    fenced = {k for i, end, w, *_ in units if w == 0 for k in range(i, end)}
    units = [
        (i, end, w, cat, rule, _negator(norms, i, positive=w > 0, fenced=fenced) if w else None)
        for i, end, w, cat, rule, _ in units
    ]
    spent = {neg for *_, neg in units if neg is not None}

    correction = 0.0
    cues: list[Cue] = []
    for i, end, weight, category, rule, negator in units:
        correction -= sum([vader_part(k) for k in range(i, end)])
        if weight == 0:  # a formula or a name: what VADER counted in it goes
            cues.append(_cue(spans, i, end - 1, "neutralized", rule, text))
        elif i in spent:
            continue  # a negator: its rating goes, the negated term carries the sentiment
        elif negator is None:
            correction += weight
            category = category or ("positive" if weight > 0 else "negative")
            cues.append(_cue(spans, i, end - 1, category, f"{rule} {weight:+.1f}", text))
        else:
            correction += weight * NEGATION
            category = "deal_negated" if category == "agreement" else "negated"
            rule = f"{rule} {weight:+.1f}, negated by '{words[negator]}' (x {NEGATION})"
            cues.append(_cue(spans, negator, end - 1, category, rule, text))
    return correction, tuple(cues), len(word_index)


def _cue(
    spans: list[tuple[int, int]], first: int, last: int, category: str, rule: str, text: str
) -> Cue:
    start, end = spans[first][0], spans[last][1]
    return Cue(start, end, "tone", category, rule, text[start:end])


def combine(valence: float, polarity: float) -> float:
    """The news tone of a sentence from its news valence and TextBlob polarity.

    >>> combine(0.0, 0.0)
    0.0
    >>> combine(-4.0, -0.5) < combine(-1.0, 0.0) < 0 < combine(2.0, 0.3)
    True
    """
    return A * valence / math.sqrt(valence * valence + ALPHA) + B * polarity


#: The most texts :func:`_score` remembers; past it, the oldest is forgotten first.
_MEMO_SIZE = 1 << 16
_memo: dict[str, _Scored] = {}


def _score(text: str, tokens: Sequence[Token] | None = None, offset: int = 0) -> _Scored:
    """The scores of ``text``, memoised.

    ``tokens`` and ``offset``, when known, are its tokens as :func:`_news_valence` takes them.
    """
    scored = _memo.get(text)
    if scored is None:
        if len(_memo) >= _MEMO_SIZE:
            del _memo[next(iter(_memo))]
        if tokens is None:
            tokens = tokenize(text)
        scored = _memo[text] = _score_new(text, tokens, offset)
    return scored


def _sentence_score(sent: Sentence) -> _Scored:
    return _score(sent.text, sent.tokens, sent.start)


def _score_new(text: str, tokens: Sequence[Token], offset: int) -> _Scored:
    plain = _plain(text)
    scores = vader().polarity_scores(plain)
    textblob = pattern()(plain)  # a (polarity, subjectivity) tuple with .assessments
    polarity, subjectivity = textblob
    correction, cues, words = _news_valence(text, tokens, offset)
    valence = scores["valence"] + correction
    return _Scored(
        tone=combine(valence, polarity),
        valence=valence,
        vader=scores["compound"],
        polarity=polarity,
        subjectivity=subjectivity,
        assessed=len(textblob.assessments),
        words=words,
        cues=cues,
    )


def score_sentence(text: str) -> dict[str, float]:
    """Every tone score of one sentence (or any short text scored as one).

    >>> s = score_sentence("There was no deal.")
    >>> s["tone"] < 0, s["vader_compound"]
    (True, -0.296)
    """
    s = _score(text)
    return {
        "tone": s.tone,
        "news_valence": s.valence,
        "vader_compound": s.vader,
        "textblob_polarity": s.polarity,
        "textblob_subjectivity": s.subjectivity,
    }


def sentence_tones(doc: Doc) -> list[float]:
    """The news tone of each sentence of ``doc``, in order.

    >>> from analysis.text import make_doc
    >>> doc = make_doc("Russian shelling killed 12 civilians. Talks were constructive.")
    >>> [t < 0 for t in sentence_tones(doc)]
    [True, False]
    """
    return [_sentence_score(s).tone for s in doc.sentences]


def tone_cues(doc: Doc) -> list[Cue]:
    """The evidence for the news tone: each rated word, negation and formula, in order.

    >>> from analysis.text import make_doc
    >>> [(c.text, c.category) for c in tone_cues(make_doc("No deal after the shelling."))]
    [('No deal', 'deal_negated'), ('shelling', 'conflict')]
    """
    return [
        Cue(c.start + s.start, c.end + s.start, c.measure, c.category, c.rule, c.text)
        for s in doc.sentences
        for c in _sentence_score(s).cues
    ]


def _mean(pairs: Iterable[tuple[float, float]], *, empty: float) -> float:
    """Weighted mean of (value, weight) pairs; ``empty`` when the weights sum to zero."""
    total = weight = 0.0
    for value, w in pairs:
        total += value * w
        weight += w
    return total / weight if weight else empty


def _pieces(doc: Doc, scored: list[_Scored]) -> tuple[list[_Scored], list[_Scored]]:
    """The text outside and inside direct quotations, scored piece by piece.

    ``scored`` are the scores of the sentences: a sentence no quotation cuts
    through is one piece, and keeps its score.
    """
    narrator: list[_Scored] = []
    quoted: list[_Scored] = []
    for sent, whole in zip(doc.sentences, scored, strict=True):
        pieces = doc.quoted.cut(sent.start, sent.end)
        if len(pieces) < 2:  # the whole sentence on one side
            (quoted if pieces and pieces[0][2] else narrator).append(whole)
            continue
        for start, end, inside in pieces:
            (quoted if inside else narrator).append(_piece_score(doc, sent, start, end))
    return narrator, quoted


def _piece_score(doc: Doc, sent: Sentence, start: int, end: int) -> _Scored:
    """The scores of ``doc.text[start:end]``, a piece of ``sent``.

    When no token of the sentence straddles an edge of the piece, tokenizing
    the piece would give the sentence's tokens inside it (the token pattern
    has no anchors, ``\\b`` or lookaround), so those are used.
    """
    tokens = sent.tokens
    if any(t.start < start < t.end or t.start < end < t.end for t in tokens):
        return _score(doc.text[start:end])
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    return _score(doc.text[start:end], inside, start)


def tone_scores(doc: Doc) -> dict[str, float]:
    """The tone of a text: the news tone, VADER, TextBlob, narrator and quoted.

    Args:
        doc: the tokenized text (:func:`analysis.text.make_doc`).

    Returns:
        ``tone``, ``vader_compound``, ``textblob_polarity``,
        ``textblob_subjectivity``, ``tone_narrator`` and ``tone_quoted`` (NaN
        when the text quotes no one; ``tone_narrator`` is NaN when all of it is
        quoted). A text without sentences scores 0.

    >>> from analysis.text import make_doc
    >>> s = tone_scores(make_doc("Russian shelling killed 12 civilians. Talks stalled."))
    >>> s["tone"] < 0, s["tone"] == s["tone_narrator"], s["tone_quoted"]
    (True, True, nan)
    """
    scored = [_sentence_score(s) for s in doc.sentences]
    if not scored:
        return {
            "tone": 0.0,
            "vader_compound": 0.0,
            "textblob_polarity": 0.0,
            "textblob_subjectivity": 0.0,
            "tone_narrator": 0.0,
            "tone_quoted": math.nan,
        }
    narrator, quoted = _pieces(doc, scored)
    return {
        "tone": _mean(((s.tone, s.words) for s in scored), empty=0.0),
        "vader_compound": _mean(((s.vader, s.words) for s in scored), empty=0.0),
        "textblob_polarity": _mean(((s.polarity, s.assessed) for s in scored), empty=0.0),
        "textblob_subjectivity": _mean(((s.subjectivity, s.assessed) for s in scored), empty=0.0),
        "tone_narrator": _mean(((s.tone, s.words) for s in narrator), empty=math.nan),
        "tone_quoted": _mean(((s.tone, s.words) for s in quoted), empty=math.nan),
    }
