"""Tone: VADER and TextBlob as published, and the suite's news tone built on them.

Every sentence is scored once; article-level numbers are aggregated from the
sentence scores, and the narrator/quoted split re-scores only the sentences a
quotation cuts through. Typographic apostrophes (``weren’t``) are read as ASCII
ones, as VADER's and TextBlob's negation rules expect. VADER and TextBlob give
their libraries' numbers, reached faster by the private modules
:mod:`analysis.measures._vader_fast` and :mod:`analysis.measures._textblob_fast`
(each names the library version it follows; ``tests/test_library_shims.py``
compares them with the libraries).

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

    2. *Combination*: ``VALENCE_WEIGHT * v / sqrt(v**2 + ALPHA) + POLARITY_WEIGHT *
       polarity``, where ``v`` is the news valence and ``polarity`` TextBlob's.
       The three constants were chosen on VADER's tweets, movie-review and
       Amazon-review sentences (see :data:`ALPHA`), never on the NYT editorial
       sentences the measure is evaluated on. The scale reads like the human
       ratings it was calibrated against: roughly the mean rating on -4..+4
       divided by four, so no sentence goes beyond ``VALENCE_WEIGHT +
       POLARITY_WEIGHT`` (0.67) either way.

    For a text, ``tone`` is the word-weighted mean of its sentence tones;
    ``tone_narrator`` and ``tone_quoted`` are the same mean over the text outside
    and inside direct quotations (``doc.quoted``, the one quote model of :mod:`analysis.text`).

``tone_rating`` (-1..+1): the learned layer (issue 18), the primary reading
    A ridge regression over each sentence's readings (VADER's compound, the squashed
    news valence, TextBlob's polarity and subjectivity, the news tone) and its tone
    cues by category, trained on the rated tweets, movie and Amazon snippets of
    Hutto & Gilbert (2014) (``make train``; ``models/tone.tsv`` and its card). For a
    text, the word-weighted mean of its sentences. ``explain`` shows each cue's and
    reading's share (``Cue.measure`` ``tone_learned``; a reading's sits on its sentence).

Every correction the news tone makes, and every rated word it counts, is a
:class:`~analysis.text.Cue` (:func:`tone_cues`), so a reader can see and argue
with each piece of evidence. Limits: a lexicon measure reads words, not stance;
the quoted/narrator split is only as good as the quote finder.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from analysis.measures import learned
from analysis.measures._textblob_fast import pattern
from analysis.measures._vader_fast import vader
from analysis.measures.base import Mark, Measure
from analysis.measures.features import Occurrence, sentence_occurrences
from analysis.measures.learned import Reading
from analysis.measures.lexicons import LexiconEntry, PhraseMatcher, read_lexicon
from analysis.text import Cue, Doc, Sentence, Token, ascii_apostrophes, tokenize

#: Squashing constant of the news valence: ``v / sqrt(v**2 + ALPHA)``. VADER uses
#: 15; a larger value saturates later. ALPHA and the two weights were chosen together on the
#: tweets, movie and Amazon sentences of Hutto & Gilbert (2014), never on the NYT
#: sentences: ALPHA and POLARITY_WEIGHT / VALENCE_WEIGHT maximise the mean Pearson r
#: over the three sets, then VALENCE_WEIGHT minimises the squared error against the
#: human mean rating / 4.
#: :func:`analysis.evaluate.tone.calibrate` recomputes them (0.38 and 0.29 are
#: its 0.3837 and 0.2878, rounded).
ALPHA = 15.0
#: Weight of the squashed news valence.
VALENCE_WEIGHT = 0.38
#: Weight of TextBlob's polarity.
POLARITY_WEIGHT = 0.29

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
def news_lexicon() -> tuple[LexiconEntry, ...]:
    """The suite's news tone lexicon, in file order.

    >>> {e.term: e for e in news_lexicon()}["shelling"].category
    'conflict'
    >>> {e.term: e for e in news_lexicon()}["not immediately clear"].weight
    0.0
    """
    return read_lexicon(_LEXICON_FILE)


@cache
def _matcher() -> PhraseMatcher:
    return PhraseMatcher(news_lexicon())


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


def _negator(norms: list[str], i: int, *, positive: bool, fenced: set[int]) -> int | None:
    """Index of the negator governing ``norms[i]`` (lower case, "n't" as "not"), if any.

    ``fenced`` words stop the search.
    """
    seen, negate = 0, vader().constants.NEGATE
    for k in range(i - 1, -1, -1):
        word = norms[k]
        if k in fenced or word in _CLAUSE_BREAKS or word in _CLAUSE_WORDS or seen == _WINDOW:
            return None
        if word in _SKIP:
            continue
        if word in NEGATORS or word in negate:
            return k
        if positive and word in FAILURE_NEGATORS:
            return k
        seen += 1
    return None


def _news_valence(
    text: str,
    tokens: Sequence[Token],
    offset: int,
    sentence: Sentence | None = None,
    *,
    with_cues: bool = True,
) -> tuple[float, tuple[Cue, ...], int]:
    """The correction to VADER's valence sum for ``text``, the cues behind it, its word count.

    ``tokens`` are the tokens of ``text`` (:func:`~analysis.text.tokenize`), their
    spans ``offset`` past its start: a sentence's come from its :class:`Doc` (``sentence``,
    whose words and norms are then read too), so that it is not tokenized twice. Without
    ``with_cues`` no cue is made (a piece of a sentence: its tone is all that is asked).
    """
    kept: Sequence[Token]  # words, and the punctuation that ends a negation's reach
    raw: Sequence[str]  # their norms
    word_index: Sequence[int]  # where the words are among the kept tokens
    if sentence is not None and _CLAUSE_BREAKS.isdisjoint(sentence.norms):
        kept, raw = sentence.words, sentence.word_norms  # words only: kept as they are
        word_index = range(len(kept))
    else:
        if sentence is not None:
            token_norms: Sequence[str] = sentence.norms
        else:
            token_norms = [t[0].lower().replace("’", "'") for t in tokens]  # Token.norm
        kept, raw, word_index = [], [], []
        for t, norm in zip(tokens, token_norms, strict=True):
            first = t[0][0]  # Token.is_word, inline: every token of every sentence passes
            if first.isalnum() or first == "_":
                word_index.append(len(kept))
            elif t[0] not in _CLAUSE_BREAKS:
                continue
            kept.append(t)
            raw.append(norm)
    if "'" in text or "’" in text:  # only a word with an apostrophe ends in "n't"
        norms = ["not" if w.endswith("n't") else w for w in raw]
    else:
        norms = raw
    analyzer = vader()
    lexicon, boosters, negated = (
        analyzer.lexicon,
        analyzer.constants.BOOSTER_DICT,
        analyzer.constants.negated,
    )
    # what VADER rates, by kept index: most words it does not
    ratings = {
        k: lexicon[w]
        for k, w in enumerate(raw)
        if w in lexicon and w not in boosters and lexicon[w]
    }

    def vader_part(k: int) -> float:
        """What VADER counted for the ``k``-th kept token, with its own three-word negation."""
        rating = ratings.get(k, 0.0)
        if not rating:
            return 0.0
        position = bisect_left(word_index, k)  # k is a word: its place among the words
        if negated([raw[j] for j in word_index[max(0, position - 3) : position]]):
            return rating * NEGATION
        return rating

    # The rated units: a news-lexicon match, or a word VADER rates; left to right,
    # a match hiding what its words would be on their own.
    matched = {i: (j, e) for i, j, e in _matcher().scan(norms)}
    units: list[tuple[int, int, float, str, str, int | None]] = []
    free = 0
    for i in sorted(matched.keys() | ratings.keys()):
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
            if with_cues:
                cues.append(_tone_cue(kept, offset, i, end - 1, "neutralized", rule, text))
        elif i in spent:
            continue  # a negator: its rating goes, the negated term carries the sentiment
        elif negator is None:
            correction += weight
            if with_cues:
                category = category or ("positive" if weight > 0 else "negative")
                rule = f"{rule} {weight:+.1f}"
                cues.append(_tone_cue(kept, offset, i, end - 1, category, rule, text))
        else:
            correction += weight * NEGATION
            if with_cues:
                category = "deal_negated" if category == "agreement" else "negated"
                negator_text = ascii_apostrophes(kept[negator].text)
                rule = f"{rule} {weight:+.1f}, negated by '{negator_text}' (x {NEGATION})"
                cues.append(_tone_cue(kept, offset, negator, end - 1, category, rule, text))
    return correction, tuple(cues), len(word_index)


def _tone_cue(
    kept: Sequence[Token], offset: int, first: int, last: int, category: str, rule: str, text: str
) -> Cue:
    start, end = kept[first].start - offset, kept[last].end - offset
    return Cue(start, end, "tone", category, rule, text[start:end])


def combine(valence: float, polarity: float) -> float:
    """The news tone of a sentence from its news valence and TextBlob polarity.

    >>> combine(0.0, 0.0)
    0.0
    >>> combine(-4.0, -0.5) < combine(-1.0, 0.0) < 0 < combine(2.0, 0.3)
    True
    """
    squash = math.sqrt(valence * valence + ALPHA)
    return VALENCE_WEIGHT * valence / squash + POLARITY_WEIGHT * polarity


def _scores_by_text(doc: Doc) -> dict[str, _Scored]:
    """A Doc's sentence and quotation-piece scores by their text, kept as long as the Doc.

    Every tone column, the learned layer and the sentence table read each sentence's
    scores, and a text may repeat a sentence (a run of "why? " is thousands of them):
    each text is scored once per Doc (:meth:`~analysis.text.Doc.once`).
    """
    return {}


def _score(text: str, sentence: Sentence | None = None, known: dict | None = None) -> _Scored:
    """The scores of ``text``, from ``known`` when it holds them (and kept there).

    ``sentence``, when ``text`` is one of a Doc, gives its tokens and their norms.
    """
    scored = None if known is None else known.get(text)
    if scored is None:
        if sentence is None:
            scored = _score_new(text, tokenize(text), 0)
        else:
            scored = _score_new(text, sentence.tokens, sentence.start, sentence)
        if known is not None:
            known[text] = scored
    return scored


def _sentence_score(doc: Doc, sent: Sentence) -> _Scored:
    return _score(sent.text, sent, doc.once(_scores_by_text))


def _score_new(
    text: str,
    tokens: Sequence[Token],
    offset: int,
    sentence: Sentence | None = None,
    *,
    with_cues: bool = True,
) -> _Scored:
    plain = ascii_apostrophes(text)
    compound, vader_valence = vader().compound_and_valence(plain)
    textblob = pattern()(plain)  # a (polarity, subjectivity) tuple with .assessments
    polarity, subjectivity = textblob
    correction, cues, words = _news_valence(text, tokens, offset, sentence, with_cues=with_cues)
    valence = vader_valence + correction
    return _Scored(
        tone=combine(valence, polarity),
        valence=valence,
        vader=compound,
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
    return [_sentence_score(doc, s).tone for s in doc.sentences]


def tone_cues(doc: Doc) -> list[Cue]:
    """The evidence for the news tone: each rated word, negation and formula, in order.

    >>> from analysis.text import make_doc
    >>> [(c.text, c.category) for c in tone_cues(make_doc("No deal after the shelling."))]
    [('No deal', 'deal_negated'), ('shelling', 'conflict')]
    """
    return list(doc.once(_cues))  # once per Doc: the measure and its learned layer read them


def _cues(doc: Doc) -> tuple[Cue, ...]:
    return tuple(
        Cue(c.start + s.start, c.end + s.start, c.measure, c.category, c.rule, c.text)
        for s in doc.sentences
        for c in _sentence_score(doc, s).cues
    )


def _mean(pairs: Iterable[tuple[float, float]], *, empty: float) -> float:
    """Weighted mean of (value, weight) pairs; ``empty`` when the weights sum to zero."""
    total = weight = 0.0
    for value, w in pairs:
        total += value * w
        weight += w
    return total / weight if weight else empty


def _pieces(
    doc: Doc, scored: list[_Scored]
) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    """The text outside and inside direct quotations, piece by piece: (tone, words) of each.

    ``scored`` are the scores of the sentences: a sentence no quotation cuts
    through is one piece, and keeps its score.
    """
    if not doc.quoted:  # nothing quoted: every sentence is the narrator's, whole
        return [(s.tone, s.words) for s in scored], []
    narrator: list[tuple[float, int]] = []
    quoted: list[tuple[float, int]] = []
    known = doc.once(_piece_tones_by_text)
    for sent, whole in zip(doc.sentences, scored, strict=True):
        pieces = doc.quoted.cut(sent.start, sent.end)
        if len(pieces) < 2:  # the whole sentence on one side
            (quoted if pieces and pieces[0][2] else narrator).append((whole.tone, whole.words))
            continue
        for start, end, inside in pieces:
            (quoted if inside else narrator).append(_piece_tone(doc, sent, start, end, known))
    return narrator, quoted


def _piece_tones_by_text(doc: Doc) -> dict[str, tuple[float, int]]:
    """A Doc's quotation pieces' (tone, words) by their text: each text is scored once."""
    return {}


def _piece_tone(
    doc: Doc, sent: Sentence, start: int, end: int, known: dict[str, tuple[float, int]]
) -> tuple[float, int]:
    """The news tone and words of ``doc.text[start:end]``, a piece of ``sent``, as
    :func:`_score_new` gives them (reusing the sentence's tokens if it can), without the
    cues no one reads. A piece without words weighs nothing in a mean: its tone is not
    worked out (a quotation mark left of a quotation, say)."""
    text = doc.text[start:end]
    found = known.get(text)
    if found is None:
        tokens = sent.tokens_between(start, end)
        if tokens is None:
            tokens, start = tokenize(text), 0
        if any(t.is_word for t in tokens):
            scored = _score_new(text, tokens, start, with_cues=False)
            found = (scored.tone, scored.words)
        else:
            found = (0.0, 0)
        known[text] = found
    return found


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
    known = doc.once(_scores_by_text)
    scored = [_score(s.text, s, known) for s in doc.sentences]
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
        "tone_narrator": _mean(narrator, empty=math.nan),
        "tone_quoted": _mean(quoted, empty=math.nan),
    }


# --- the learned layer -------------------------------------------------------------

#: The learned layer's model file (``models/tone.tsv``, card beside it) and the
#: ``Cue.measure`` of its weighted words and readings.
MODEL = "tone"
LEARNED = "tone_learned"


def sentence_readings(sent: Sentence, doc: Doc | None = None) -> list[Reading]:
    """What VADER, TextBlob and the news tone read in a sentence, as the learned layer weighs it.

    ``doc``, the sentence's Doc when given, shares the sentence's scores with the tone columns.

    >>> from analysis.text import make_doc
    >>> doc = make_doc("A good deal.")
    >>> readings = sentence_readings(doc.sentences[0], doc)
    >>> [f for f, _, _, _ in readings if f != "read:textblob_subjectivity"]
    ['read:news_tone', 'read:vader_compound', 'read:news_valence', 'read:textblob_polarity']
    >>> all(v > 0 for _, v, _, _ in readings)
    True
    """
    s = _score(sent.text, sent) if doc is None else _sentence_score(doc, sent)
    squashed = s.valence / math.sqrt(s.valence * s.valence + ALPHA)
    return [
        (feature, value, sent.start, sent.end)
        for feature, value in (
            ("read:news_tone", s.tone),
            ("read:vader_compound", s.vader),
            ("read:news_valence", squashed),
            ("read:textblob_polarity", s.polarity),
            ("read:textblob_subjectivity", s.subjectivity),
        )
    ]


def learned_inputs(
    doc: Doc, cues: Sequence[Cue] | None = None, kinds: Iterable[str] | None = None
) -> list[tuple[list[Occurrence], int, list[Reading]]]:
    """Per sentence: its word features and tone cues (occurrences), its words, its readings.

    ``cues`` are ``tone_cues(doc)`` when the caller has them already. ``kinds`` limits
    the word features to those kinds (the model's, when scoring); None gives every
    kind, as a trainer needs.
    """
    cues = tone_cues(doc) if cues is None else [c for c in cues if c.measure == "tone"]
    sentences = doc.sentences
    ends = [s.end for s in sentences]
    per_sentence: list[list[Cue]] = [[] for _ in sentences]
    for c in cues:  # each to the sentence it starts in, in the order given
        k = bisect_right(ends, c.start)
        if k < len(sentences) and sentences[k].start <= c.start:
            per_sentence[k].append(c)
    out = []
    features_of = sentence_occurrences(doc, kinds)
    for sent, features, mine in zip(sentences, features_of, per_sentence, strict=True):
        occurrences = [*features, *((f"cue:tone:{c.category}", c.start, c.end) for c in mine)]
        out.append((occurrences, len(sent.words), sentence_readings(sent, doc)))
    return out


def tone_ratings(doc: Doc, cues: Sequence[Cue] | None = None) -> list[float]:
    """The learned layer's reading of each sentence: the mean human rating it predicts, / 4.

    A ridge regression over the readings of VADER, TextBlob and the news tone and over
    the words of the closed vocabulary and the tone cues (:func:`learned_inputs`),
    trained on the tweets, movie and Amazon sentences rated by Hutto & Gilbert (2014)
    (``make train``; its model card says how it does on the NYT editorial sentences).
    On the ratings' scale divided by four, as ``tone``: -1 to +1. Without ``cues`` (the
    Doc's own tone cues are read) they are worked out once per Doc: the article's
    ``tone_rating`` and the sentence table both read them.
    """
    if cues is None:
        return list(doc.once(_ratings))
    return _ratings(doc, cues)


def _ratings(doc: Doc, cues: Sequence[Cue] | None = None) -> tuple[float, ...]:
    model = learned.load(MODEL)
    return tuple(model.output(o, w, r) for o, w, r in learned_inputs(doc, cues, model.kinds))


def learned_cues(doc: Doc, cues: Sequence[Cue]) -> list[Cue]:
    """Each word's, cue's and reading's share of its sentence's :func:`tone_ratings`.

    ``toward`` a share that makes the sentence more positive, ``against`` more negative.

    >>> from analysis.text import make_doc
    >>> shares = learned_cues(make_doc("Russian shelling killed 12 civilians."), [])
    >>> sum(c.weight for c in shares if c.rule.startswith("reading")) < 0
    True
    """
    model = learned.load(MODEL)
    return [
        cue
        for o, w, r in learned_inputs(doc, cues or None, model.kinds)
        for cue in model.cues(doc.text, o, w, LEARNED, readings=r)
    ]


def _columns(doc: Doc, cues: Sequence[Cue]) -> dict[str, float]:
    ratings = tone_ratings(doc)  # ``cues`` are the Doc's own tone cues: read once per Doc
    words = [len(s.words) for s in doc.sentences]
    return {"tone_rating": _mean(zip(ratings, words, strict=True), empty=0.0)} | tone_scores(doc)


#: Tone as the registry (:mod:`analysis.measures.registry`) finds it, by entry point.
#: The learned ``tone_rating`` is the primary reading (compared first); the rule-based
#: news tone, VADER and TextBlob stay beside it.
MEASURE = Measure(
    "tone",
    tone_cues,
    _columns,
    compare=(
        "tone_rating",
        "tone",
        "vader_compound",
        "textblob_polarity",
        "textblob_subjectivity",
        "tone_narrator",
    ),
    sentence_values={"tone_rating": tone_ratings, "tone": sentence_tones},
    marks={
        LEARNED: Mark(
            legend="tone model, each word's and reading's share (hover for the number)",
            category_styles={
                "toward": "border-bottom: 2px solid {green};",
                "against": "border-bottom: 2px dashed {vermillion};",
            },
            default=False,
        ),
    },
    order=10,
    weights=learned_cues,
    weights_measure=LEARNED,
    labels={
        "tone_rating": "tone (learned rating)",
        "vader_compound": "tone by VADER alone",
        "textblob_polarity": "tone by TextBlob alone",
        "textblob_subjectivity": "subjectivity (TextBlob)",
        "tone_narrator": "tone outside quotations",
        "tone_quoted": "tone inside quotations",
    },
)
