"""Interpretable features for the learned layer, from what the text pass already has.

A feature is a name and the spans that produced it, so every weight a learned model
gives can be shown on the words (:mod:`analysis.measures.learned`). One pass over a
:class:`~analysis.text.Doc`'s tokens gives, per sentence, a list of
:data:`Occurrence` ``(feature, start, end)``:

* ``w:<word>`` -- a word (its :attr:`~analysis.text.Token.norm`). A word written with a
  capital inside a sentence is a name (``Trump``, ``Parkland``, ``NRA``) and gives only
  ``shape:name``, unless it is in the closed vocabulary (``President``, ``After`` in a
  title-case headline): no proper noun is ever a feature.
* ``b:<word> <word>`` -- two neighbouring lower-case words of the closed vocabulary
  (:func:`vocabulary`: ``he was``, ``was killed``, ``if we``).
* ``cat:<category>`` -- the word's category in ``lexicons/features.tsv``: pronouns by
  person, past tenses, time anchors, role nouns, incident words, argument markers
  (modals of obligation, conditions, connectives, quantities, issue words), function
  words. Categories pool the inflected forms, as lemmas would.
* ``shape:name``, ``shape:number``, ``shape:past_ed`` (a lower-case word ending in
  "-ed" outside the vocabulary), ``shape:quoted`` (a word inside a direct quotation).
* ``nar:person_past`` -- narration by a particular person: "I", "he", "she", a singular
  role noun or a name followed within two words by a past tense ("Tutka was working",
  "a man accused", "someone complained").
* ``cue:<measure>:<category>`` -- a rule's cue (:func:`cue_occurrences`), so the
  learned layer weighs the rules' evidence item by item.

Which of these a model may use is the trainer's decision (:mod:`analysis.train`):
the topic guard restricts word features to the closed vocabulary, so that no word
that names the subject (climate, gun, immigration) can carry a decision.
The occurrences of a Doc are computed once (:meth:`~analysis.text.Doc.once`): every
learned model reads the same list. Scoring asks only for the kinds of feature its model weighs
(``kinds``, :attr:`~analysis.measures.learned.LinearModel.kinds`): no shipped model
weighs single words or word pairs, and making their names is most of the pass's cost;
a trainer asks for every kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from analysis.measures.lexicons import read_lexicon
from analysis.text import Cue, Doc, Sentence

#: A feature's name and the character span of the words that produced it.
Occurrence = tuple[str, int, int]
#: The kinds of feature (name prefixes) the pass makes: ``w``, ``b``, ``cat``, ``shape``, ``nar``.
KINDS = frozenset({"w", "b", "cat", "shape", "nar"})

#: Categories whose words are subjects that narrate (``nar:person_past``).
_NARRATORS = frozenset({"pronoun_1sg", "pronoun_3sg", "role_singular"})
#: Pronouns that narrate only as subjects ("he was", not "him was").
_SUBJECT_FORMS = frozenset({"i", "he", "she"})
_PAST = frozenset({"past_aux", "past_verb", "incident", "reporting"})
#: A narrator and a past tense at most this many words apart.
_NARRATION_REACH = 2


@cache
def categories() -> dict[str, str]:
    """Closed-vocabulary word -> its category, from ``lexicons/features.tsv``.

    >>> categories()["should"], categories()["yesterday"]
    ('argument_modal', 'time_anchor')
    """
    return {e.term: e.category for e in read_lexicon("features.tsv")}


def vocabulary() -> frozenset[str]:
    """The closed vocabulary: the only words a topic-guarded model may weigh one by one."""
    return frozenset(categories())


def _is_name(text: str) -> bool:
    return text[0].isupper()


def sentence_occurrences(
    doc: Doc, kinds: Iterable[str] | None = None
) -> tuple[tuple[Occurrence, ...], ...]:
    """The lexical, shape and narrative occurrences of each sentence of ``doc``, computed once.

    ``kinds`` keeps only features of those kinds (:data:`KINDS`; others are ignored),
    in the same order as among all of them; None keeps every kind.

    >>> from analysis.text import make_doc
    >>> doc = make_doc("Tutka was working when Smith called. If we act, rates fall.")
    >>> [f for f, _, _ in sentence_occurrences(doc)[0] if not f.startswith(("w:", "cat:f"))]
    ['cat:past_aux', 'nar:person_past', 'cat:narrative_connective', 'shape:name', 'cat:past_verb', \
'nar:person_past']
    >>> [f for f, _, _ in sentence_occurrences(doc, {"nar"})[0]]
    ['nar:person_past', 'nar:person_past']
    """
    wanted = KINDS if kinds is None else KINDS.intersection(kinds)
    return doc.once(_occurrences, wanted)


def _occurrences(doc: Doc, kinds: frozenset[str]) -> tuple[tuple[Occurrence, ...], ...]:
    if not kinds:
        return ((),) * len(doc.sentences)
    one = _categories if kinds == {"cat"} else _sentence  # categories alone need no state
    return tuple(  # a sentence without a word has no feature
        one(doc, sent, kinds) if sent.words else () for sent in doc.sentences
    )


def _categories(doc: Doc, sentence: Sentence, kinds: frozenset[str]) -> tuple[Occurrence, ...]:
    """:func:`_sentence` asked for ``cat`` features only: each word's category, but for a
    word opening with a digit (a number)."""
    names = _category_features()
    return tuple(
        (feature, start, end)
        for (text, start, end), norm in zip(sentence.words, sentence.word_norms, strict=True)
        if (feature := names.get(norm)) is not None and not text[0].isdigit()
    )


@cache
def _category_features() -> dict[str, str]:
    """Closed-vocabulary word -> its ``cat:`` feature."""
    return {word: "cat:" + category for word, category in categories().items()}


def _sentence(doc: Doc, sentence: Sentence, kinds: frozenset[str]) -> tuple[Occurrence, ...]:
    cats = categories()
    quoted = doc.quoted
    words, pairs, cat, shape, nar = (k in kinds for k in ("w", "b", "cat", "shape", "nar"))
    check_quotes = shape and len(quoted) > 0
    out: list[Occurrence] = []
    append = out.append
    first = True
    prev_word = None  # (norm, start) of the previous word when it is in the vocabulary
    narrator = -10  # word position of the last narrator
    position = 0
    for (text, start, end), norm in zip(sentence.words, sentence.word_norms, strict=True):
        if check_quotes and quoted.contains(start):
            append(("shape:quoted", start, end))
        if text[0].isdigit():
            if shape:
                append(("shape:number", start, end))
            prev_word, first = None, False
            position += 1
            continue
        category = cats.get(norm)
        if not first and category is None and _is_name(text):
            if shape:
                append(("shape:name", start, end))
            prev_word, narrator = None, position
            position += 1
            continue
        if first and category is None:
            narrator = position  # "Tutka was working": a sentence may open with a name
        first = False
        if words:
            append(("w:" + norm, start, end))
        if category is None:
            if norm.endswith("ed") and len(norm) > 4:
                if shape:
                    append(("shape:past_ed", start, end))
                if nar and position - narrator <= _NARRATION_REACH:
                    append(("nar:person_past", start, end))
            prev_word = None
        else:
            if cat:
                append(("cat:" + category, start, end))
            if pairs and prev_word is not None:
                append((f"b:{prev_word[0]} {norm}", prev_word[1], end))
            if nar and category in _PAST and position - narrator <= _NARRATION_REACH:
                append(("nar:person_past", start, end))
            if category in _NARRATORS and (category == "role_singular" or norm in _SUBJECT_FORMS):
                narrator = position
            prev_word = (norm, start)
        position += 1
    return tuple(out)


def doc_occurrences(doc: Doc, kinds: Iterable[str] | None = None) -> list[Occurrence]:
    """Every sentence's occurrences (of ``kinds``: :func:`sentence_occurrences`), in order."""
    return [o for sentence in sentence_occurrences(doc, kinds) for o in sentence]


def cue_occurrences(
    cues: Iterable[Cue], name: Callable[[Cue], str] | None = None
) -> list[Occurrence]:
    """A rule's cues as occurrences: ``cue:<measure>:<category>`` unless ``name`` says otherwise.

    >>> cue_occurrences([Cue(0, 5, "hedge", "epistemic", "may")])
    [('cue:hedge:epistemic', 0, 5)]
    """
    name = name or (lambda c: f"cue:{c.measure}:{c.category}")
    return [(name(c), c.start, c.end) for c in cues]
