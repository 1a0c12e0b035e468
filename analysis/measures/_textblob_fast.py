"""TextBlob's English sentiment (the pattern analyzer), faster, with the same scores.

Follows TextBlob 0.20.1, the version pinned in ``pyproject.toml``:
``textblob/_text.py`` (``Sentiment.__call__``, ``find_tokens`` and its helpers,
``avg``) and ``textblob/en/__init__.py`` (the ``sentiment`` instance it is built
like). It reads TextBlob's private module ``textblob._text`` and the private
``_synset`` attribute, so another TextBlob may differ silently:
``tests/test_library_shims.py`` compares every token and score with TextBlob's
own code. Before changing the pin, run those tests against the new version,
then change the version named here.

The lexicon is the adjective lexicon TextBlob ships (pattern library, De Smedt
& Daelemans 2012; TextBlob MIT, pattern BSD licence); it needs no NLTK data.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib.metadata import version
from itertools import chain

import analysis._nltk  # noqa: F401  (first: NLTK without SciPy and scikit-learn)

# isort: split
from textblob import _text as textblob_text
from textblob.en import sentiment as pattern_sentiment

#: The TextBlob release this module follows (the pin in ``pyproject.toml``).
TEXTBLOB_VERSION = "0.20.1"
if version("textblob") != TEXTBLOB_VERSION:
    warnings.warn(
        f"textblob {version('textblob')} is installed; {__name__} follows textblob "
        f"{TEXTBLOB_VERSION}, so its scores may differ from the library's own "
        "(tests/test_library_shims.py checks)",
        stacklevel=2,
    )


class FastPattern(type(pattern_sentiment)):
    """TextBlob's English sentiment analyzer, with plain dict look-ups.

    TextBlob's lexicon is a lazy dict that calls Python code for every ``in``
    and ``[]``: a sizeable part of TextBlob's time on news sentences. Loaded
    up front, a dict's own look-ups give the same answers. A plain string
    goes straight to its words (:meth:`__call__`), which its tokenizer
    (:func:`sentiment_tokens`) gives without TextBlob's sentence grouping, and
    they are assessed with one shortcut (:meth:`_assess`).
    """

    __contains__ = dict.__contains__
    __getitem__ = dict.__getitem__

    def __call__(self, s, negation=True, **kwargs):  # TextBlob's signature
        """TextBlob's ``__call__``; a plain string goes straight to its words."""
        if type(s) is not str or kwargs:
            return super().__call__(s, negation, **kwargs)
        stand_in = self._stand_in  # a word or a long token is its own: not asked
        words = [
            w if w.isalpha() or len(w) > 5 else stand_in(w)
            for w in map(str.lower, " ".join(self.tokenizer(s)).split())
        ]
        a = self._assess(words, negation)
        return textblob_text.Score(
            polarity=_mean(p for _, p, _, _ in a),
            subjectivity=_mean(subj for _, _, subj, _ in a),
            assessments=a,
        )

    def _assess(self, words: list[str], negation: bool) -> list[tuple]:
        """``self.assessments(zip(words, repeat(None)), negation)``, faster: the same list.

        TextBlob 0.20.1's steps for words without a part-of-speech tag, with one shortcut:
        while no modifier and no negation is pending, a word TextBlob does not know that
        is no negation, no ``!`` or ``(!)`` and no emoticon changes nothing (TextBlob's
        steps leave the assessments and the pending state as they were), and is passed
        over in one test; most words of news are. Every other word takes TextBlob's
        steps below, verbatim.
        """
        a = []
        m = None  # Preceding modifier (i.e., adverb or adjective).
        n = None  # Preceding negation (e.g., "not beautiful").
        pos = None
        negations, effectful = self.negations, _EFFECTFUL
        for w in words:
            if m is None and n is None and w not in self and w not in effectful:
                if w not in negations:
                    continue
            # --- TextBlob 0.20.1's Sentiment.assessments, one word (pos is None) ---
            if w in self and pos in self[w]:
                p, s, i = self[w][pos]
                # Known word not preceded by a modifier ("good").
                if m is None:
                    a.append(dict(w=[w], p=p, s=s, i=i, n=1, x=self.labeler.get(w)))
                # Known word preceded by a modifier ("really good").
                if m is not None:
                    a[-1]["w"].append(w)
                    a[-1]["p"] = max(-1.0, min(p * a[-1]["i"], +1.0))
                    a[-1]["s"] = max(-1.0, min(s * a[-1]["i"], +1.0))
                    a[-1]["i"] = i
                    a[-1]["x"] = self.labeler.get(w)
                # Known word preceded by a negation ("not really good").
                if n is not None:
                    a[-1]["w"].insert(0, n)
                    a[-1]["i"] = 1.0 / a[-1]["i"]
                    a[-1]["n"] = -1
                # Known word may be a negation.
                # Known word may be modifying the next word (i.e., it is a known adverb).
                m = None
                n = None
                if pos and pos in self.modifiers or any(map(self[w].__contains__, self.modifiers)):
                    m = (w, pos)
                if negation and w in self.negations:
                    n = w
            else:
                # Unknown word may be a negation ("not good").
                if negation and w in self.negations:
                    n = w
                # Unknown word. Retain negation across small words ("not a good").
                elif n and len(w.strip("'")) > 1:
                    n = None
                # Unknown word may be a negation preceded by a modifier ("really not good").
                if (
                    n is not None
                    and m is not None
                    and (pos in self.modifiers or self.modifier(m[0]))
                ):
                    a[-1]["w"].append(n)
                    a[-1]["n"] = -1
                    n = None
                # Unknown word. Retain modifier across small words ("really is a good").
                elif m and len(w) > 2:
                    m = None
                # Exclamation marks boost previous word.
                if w == "!" and len(a) > 0:
                    a[-1]["w"].append("!")
                    a[-1]["p"] = max(-1.0, min(a[-1]["p"] * 1.25, +1.0))
                # Exclamation marks in parentheses indicate sarcasm.
                if w == "(!)":
                    a.append(dict(w=[w], p=0.0, s=1.0, i=1.0, n=1, x=textblob_text.IRONY))
                # EMOTICONS: {("grin", +1.0): set((":-D", ":D"))}
                if (
                    w.isalpha() is False and len(w) <= 5 and w not in textblob_text.PUNCTUATION
                ):  # speedup
                    for (_type, p), e in textblob_text.EMOTICONS.items():
                        if w in map(lambda e: e.lower(), e):
                            a.append(dict(w=[w], p=p, s=1.0, i=1.0, n=1, x=textblob_text.MOOD))
                            break
        for i in range(len(a)):
            w = a[i]["w"]
            p = a[i]["p"]
            s = a[i]["s"]
            n = a[i]["n"]
            x = a[i]["x"]
            # "not good" = slightly bad, "not bad" = slightly good.
            a[i] = (w, p * -0.5 if n < 0 else p, s, x)
        return a

    def _stand_in(self, w: str) -> str:
        """``w``, or a word that moves :meth:`assessments` the same way, faster.

        TextBlob compares every short non-alphabetic word that is no punctuation
        with each of its 76 emoticons, in Python: a text of quotation marks or
        symbols took seconds per 10,000 characters. Such a word, known to be no
        emoticon, lexicon word or negation, only ends a pending negation (when
        more than one character is left without apostrophes) and a pending
        modifier (when longer than two characters); an unknown alphabetic word
        (or one longer than five characters) with the same two lengths does the same.
        """
        if (
            w.isalpha()
            or len(w) > 5
            or w in textblob_text.PUNCTUATION  # TextBlob's test: a substring of it
            or w in self
            or w in self.negations
            or w == "(!)"
            or w in _EMOTICONS
        ):
            return w
        if len(w.strip("'")) > 1:
            return "zzzq" if len(w) > 2 else "zq"
        return "'''''z" if len(w) > 2 else "z"


#: TextBlob's emoticons as its assessments compare them (lower case).
_EMOTICONS = frozenset(e.lower() for faces in textblob_text.EMOTICONS.values() for e in faces)
#: Words that TextBlob's assessments act on though its lexicon lacks them.
_EFFECTFUL = _EMOTICONS | {"!", "(!)"}


def _mean(values: Iterable[float]) -> float:
    """TextBlob's unweighted ``avg``: the same additions in the same order."""
    total, n = 0, 0
    for value in values:
        total += value
        n += 1
    return total / float(n or 1)


#: What TextBlob's tokenizer splits off the start of a token: its punctuation but the period.
_PUNCTUATION = tuple(textblob_text.PUNCTUATION.replace(".", ""))
#: What may follow a sentence's end and still belong to it (quotes, brackets, more marks).
_CLOSERS = ("'", '"', "”", "’", "...", ".", "!", "?", ")", textblob_text.EOS)
#: TextBlob's contractions ("'s", "n't", ...), all split off in one pass: no two can match at
#: one place and splitting one makes or breaks no other, so one pass gives its seven.
_CONTRACTIONS = re.compile("|".join(map(re.escape, textblob_text.replacements)))
_SPLIT_OFF = frozenset(_PUNCTUATION)
#: The longest contraction: a longer token is none, so it need not be looked up.
_LONGEST = max(map(len, textblob_text.replacements))


@lru_cache(maxsize=1 << 16)
def _split(t: str) -> tuple[str, ...]:
    """How TextBlob's tokenizer splits one whitespace-separated token (its code, verbatim)."""
    punctuation, replace, tokens, tail = _PUNCTUATION, textblob_text.replacements, [], []
    # Split leading punctuation: TextBlob cuts one character at a time (quadratic in a
    # token of 100,000 brackets); here the run is found by index, with the same stops.
    i, n = 0, len(t)
    while i < n and t[i] in _SPLIT_OFF and (n - i > _LONGEST or t[i:] not in replace):
        i += 1
    tokens.extend(t[:i])
    t = t[i:]
    while t.endswith(punctuation + (".",)) and t not in replace:
        # A run of trailing punctuation other than periods, cut by index as TextBlob would
        # cut it one by one; the last of the run is left to TextBlob's own steps below.
        j = len(t)
        while (
            j > 1
            and t[j - 1] in _SPLIT_OFF
            and t[j - 2] in _SPLIT_OFF
            and (j - 1 > _LONGEST or t[: j - 1] not in replace)
        ):
            j -= 1
        if j < len(t):
            tail.extend(reversed(t[j:]))
            t = t[:j]
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


def sentiment_tokens(text: str) -> list[str]:
    """TextBlob 0.20.1's ``find_tokens`` with its defaults, as its sentiment reads it.

    TextBlob's sentiment joins the sentences ``find_tokens`` returns with spaces
    and splits them into words again; this gives the same words, faster.
    TextBlob splits every token character by character in Python, about half of
    its sentiment's time on news, so here each distinct token is split once
    (:func:`_split`, memoised). The contractions are split off in one pass
    (:data:`_CONTRACTIONS`), skipped in a text without an apostrophe. Whitespace is split with
    ``str.split``, which finds the tokens TextBlob's collapse-then-match finds.
    Sentences are grouped only when it can change the words: TextBlob's sarcasm
    and emoticon patterns are applied sentence by sentence, and a pattern that
    matches none of the text matches none of its sentences. Otherwise, the
    result is one string, and the rest is TextBlob's code.
    """
    EOS = textblob_text.EOS  # noqa: N806 (TextBlob's name)
    # Handle replacements (contractions).
    if "'" in text:  # every contraction has one
        text = _CONTRACTIONS.sub(lambda m: textblob_text.replacements[m.group()], text)
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
    tokens = list(chain.from_iterable(map(_split, text.split())))
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
            while j < len(tokens) and tokens[j] in _CLOSERS:
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
def pattern() -> FastPattern:
    """TextBlob's English sentiment analyzer (``textblob.en.sentiment``), loaded.

    >>> text = "The talks were a great success."
    >>> pattern()(text) == pattern_sentiment(text)
    True
    """
    analyzer = FastPattern(
        path=pattern_sentiment.path,
        synset=pattern_sentiment._synset,
        tokenizer=sentiment_tokens,
        negations=pattern_sentiment.negations,
        modifiers=pattern_sentiment.modifiers,
        modifier=pattern_sentiment.modifier,
    )
    analyzer.load()
    return analyzer
