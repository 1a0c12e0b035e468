"""NLTK's VADER, faster, with the same scores; and the valence sum its compound squashes.

Follows ``nltk/sentiment/vader.py`` of NLTK 3.10.4 (``SentiText``,
``VaderConstants.negated``, ``SentimentIntensityAnalyzer.polarity_scores`` and
``score_valence``, ``_never_check``, ``_idioms_check``), the version pinned in
``pyproject.toml``. It overrides public methods and two private ones and calls a
third (``_punctuation_emphasis``), so another NLTK may differ silently:
``tests/test_library_shims.py`` compares every score with NLTK's own code on the
seed sentences and edge cases. Before changing the pin,
run those tests against the new version, then change the version named here.

The lexicon is ``vader_lexicon.txt`` from the ``vaderSentiment`` package (7,500
terms, each the mean of ten raters on -4..+4; MIT licence), so nothing is read
from ``nltk_data`` and nothing is downloaded.

Why NLTK's VADER and not ``vaderSentiment``'s analyzer as the base: on the
development sets the news tone is calibrated on, their compound scores are
within 0.01 of each other (mean Pearson r over tweets, movie and Amazon
sentences 0.624 against 0.630, ``make evaluate``); the larger gap on the NYT
sentences (0.490 against 0.503) is on the test set, which may not choose a
model. A new base would change every tone score and need the news lexicon's
negation rules and the three constants of the combination re-derived: a
change of measure, not of code.
"""

from __future__ import annotations

import math
import string
import warnings
from functools import cache
from importlib import resources
from importlib.metadata import version
from itertools import pairwise

import analysis._nltk  # noqa: F401  (first: NLTK without SciPy and scikit-learn)

# isort: split
import nltk
from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText, VaderConstants

#: The NLTK release this module follows (the pin in ``pyproject.toml``).
NLTK_VERSION = "3.10.4"
if version("nltk") != NLTK_VERSION:
    warnings.warn(
        f"nltk {version('nltk')} is installed; {__name__} follows nltk {NLTK_VERSION}, "
        "so its scores may differ from the library's own (tests/test_library_shims.py checks)",
        stacklevel=2,
    )

_DELETE_PUNCTUATION = str.maketrans("", "", string.punctuation)


class FastSentiText(SentiText):
    """NLTK's ``SentiText``, finding the words of a text in linear time.

    NLTK maps every word of the text joined to every punctuation mark
    (``_words_plus_punc``), a dict of thousands of entries per sentence that was
    most of VADER's time. This gives the same words: a word loses its trailing
    (else leading) punctuation when that is one mark of ``PUNC_LIST`` and the
    rest is a word of the text with its punctuation removed.
    """

    def _words_and_emoticons(self) -> list[str]:
        marks = string.punctuation
        out = [we for we in self.text.split() if len(we) > 1]
        edged = [k for k, we in enumerate(out) if we[0] in marks or we[-1] in marks]
        if not edged:  # most words have nothing to strip; some sentences none
            return out
        # NLTK removes ``string.punctuation`` with a ReDoS-guarded regex (nltk.redos), a
        # fifth of all scoring time; deleting the same characters with translate is equal
        no_punc = self.text.translate(_DELETE_PUNCTUATION).split()
        words_only = {w for w in no_punc if len(w) > 1}
        punc = set(self.PUNC_LIST)
        for k in edged:
            we = out[k]
            after, before = we.rstrip(marks), we.lstrip(marks)
            if after != we and we[len(after) :] in punc and after in words_only:
                out[k] = after
            elif before != we and we[: len(we) - len(before)] in punc and before in words_only:
                out[k] = before
        return out

    def allcap_differential(self, words: list[str]) -> bool:
        """NLTK's: whether some but not all words are in capitals; counted in C."""
        different = len(words) - sum(map(str.isupper, words))
        return 0 < different < len(words)


class FastConstants(VaderConstants):
    """NLTK's VADER constants, with a faster ``negated``: the same answers."""

    def negated(self, input_words: list[str], include_nt: bool = True) -> bool:
        """NLTK 3.10.4's ``negated``, lower-casing each word once (VADER calls it per word)."""
        lowers = [w.lower() for w in input_words]
        if not self.NEGATE.isdisjoint(lowers):
            return True
        if include_nt and any("n't" in w for w in lowers):
            return True
        return any(b == "least" and a != "at" for a, b in pairwise(lowers))


def _negates(negate: frozenset[str] | set[str], word: str) -> bool:
    """NLTK's ``negated([word])``: one word in VADER's negations, or one with "n't"."""
    lower = word.lower()
    return lower in negate or "n't" in lower


#: The first words of VADER's idioms and of its boosters of several words.
_IDIOM_STARTS = frozenset(k.split()[0] for k in VaderConstants.SPECIAL_CASE_IDIOMS)
_BOOSTER_STARTS = frozenset(k.split()[0] for k in VaderConstants.BOOSTER_DICT if " " in k)


class FastVader(SentimentIntensityAnalyzer):
    """NLTK's VADER, also returning ``valence``: the sum its compound score squashes."""

    def __init__(self, lexicon_file: str) -> None:
        super().__init__(lexicon_file)
        self.constants = FastConstants()

    def polarity_scores(self, text: str) -> dict[str, float]:
        """NLTK 3.10.4's ``polarity_scores``: the same scores, faster (:meth:`_sentiments`)."""
        return self.score_valence(self._sentiments(text), text)

    def compound_and_valence(self, text: str) -> tuple[float, float]:
        """``polarity_scores(text)``'s ``compound`` and ``valence``, without its other scores.

        The compound is the valence squashed and rounded, as NLTK's ``score_valence`` makes
        it (a text without words has valence 0 and compound 0); the tone measure reads
        these two only, for every sentence and every piece of one a quotation cuts.
        """
        total = self._valence(self._sentiments(text), text)
        return round(self.constants.normalize(total), 4), total

    def _sentiments(self, text: str) -> list[float]:
        """The word-by-word valences NLTK's ``polarity_scores`` sums, by NLTK's own rules.

        It uses :class:`FastSentiText`, lower-cases each word once, and calls
        ``sentiment_valence`` only for the words VADER rates (it appends 0 for the
        others, as they get here); the first index of a word is found once.
        """
        sentitext = FastSentiText(
            text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION
        )
        words_and_emoticons = sentitext.words_and_emoticons
        lowers = [w.lower() for w in words_and_emoticons]
        lexicon, boosters = self.lexicon, self.constants.BOOSTER_DICT
        sentiments: list[float] = [0] * len(lowers)
        rated = [k for k, lower in enumerate(lowers) if lower in lexicon and lower not in boosters]
        if rated:
            last = len(words_and_emoticons) - 1
            # each word's first index (NLTK's first_index): the last one written wins
            first_index = dict(zip(reversed(words_and_emoticons), range(last, -1, -1), strict=True))
            for k in rated:
                item = words_and_emoticons[k]
                i = first_index[item]
                if i < last and lowers[k] == "kind" and lowers[i + 1] == "of":
                    continue  # NLTK's "kind of": 0
                # NLTK's sentiment_valence appends the word's valence to the list it is given
                sentiments[k] = self.sentiment_valence(0, sentitext, item, i, [])[0]
        if "but" in lowers:  # NLTK's _but_check
            bi = lowers.index("but")
            for sidx, sentiment in enumerate(sentiments):
                if sidx < bi:
                    sentiments[sidx] = sentiment * 0.5
                elif sidx > bi:
                    sentiments[sidx] = sentiment * 1.5
        return sentiments

    def _never_check(self, valence: float, words: list[str], start_i: int, i: int) -> float:
        """NLTK 3.10.4's ``_never_check``, asking whether one word negates without a list."""
        c = self.constants
        if start_i == 0:
            if _negates(c.NEGATE, words[i - 1]):
                valence = valence * c.N_SCALAR
        if start_i == 1:
            if words[i - 2] == "never" and (words[i - 1] == "so" or words[i - 1] == "this"):
                valence = valence * 1.5
            elif _negates(c.NEGATE, words[i - (start_i + 1)]):
                valence = valence * c.N_SCALAR
        if start_i == 2:
            if (
                words[i - 3] == "never"
                and (words[i - 2] == "so" or words[i - 2] == "this")
                or (words[i - 1] == "so" or words[i - 1] == "this")
            ):
                valence = valence * 1.25
            elif _negates(c.NEGATE, words[i - (start_i + 1)]):
                valence = valence * c.N_SCALAR
        return valence

    def _idioms_check(self, valence: float, words: list[str], i: int) -> float:
        """NLTK 3.10.4's ``_idioms_check``, joining only the words that may start an idiom.

        An idiom or booster of several words matches a sequence of words only if its
        first word is the sequence's (words have no spaces), so a sequence whose first
        word starts none is not joined and looked up: the same answer.
        """
        idioms, boosters = self.constants.SPECIAL_CASE_IDIOMS, self.constants.BOOSTER_DICT
        w3, w2, w1, w0 = words[i - 3], words[i - 2], words[i - 1], words[i]
        sequences = []  # NLTK's order: onezero, twoonezero, twoone, threetwoone, threetwo
        if w1 in _IDIOM_STARTS:
            sequences.append(f"{w1} {w0}")
        if w2 in _IDIOM_STARTS:
            sequences += [f"{w2} {w1} {w0}", f"{w2} {w1}"]
        if w3 in _IDIOM_STARTS:
            sequences += [f"{w3} {w2} {w1}", f"{w3} {w2}"]
        for seq in sequences:
            if seq in idioms:
                valence = idioms[seq]
                break
        if w0 in _IDIOM_STARTS:
            if len(words) - 1 > i and (zeroone := f"{w0} {words[i + 1]}") in idioms:
                valence = idioms[zeroone]
            if len(words) - 1 > i + 1:
                zeroonetwo = f"{w0} {words[i + 1]} {words[i + 2]}"
                if zeroonetwo in idioms:
                    valence = idioms[zeroonetwo]
        # booster/dampener bi-grams such as 'sort of' or 'kind of'
        if (w3 in _BOOSTER_STARTS and f"{w3} {w2}" in boosters) or (
            w2 in _BOOSTER_STARTS and f"{w2} {w1}" in boosters
        ):
            valence = valence + self.constants.B_DECR
        return valence

    def score_valence(self, sentiments: list[float], text: str) -> dict[str, float]:
        scores = super().score_valence(sentiments, text)
        scores["valence"] = self._valence(sentiments, text)
        return scores

    def _valence(self, sentiments: list[float], text: str) -> float:
        """The sum NLTK's ``score_valence`` squashes into the compound, punctuation included."""
        total = float(sum(sentiments))
        if total:
            total += math.copysign(self._punctuation_emphasis(total, text), total)
        return total


@cache
def vader() -> FastVader:
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
        return FastVader(lexicon_file="file:" + str(lexicon))
    finally:
        nltk.data.path.remove(folder)
