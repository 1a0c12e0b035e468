"""Human interest: Semetko & Valkenburg's items as cue finders, a rule index and a learned layer.

Semetko & Valkenburg (2000) code the human-interest frame with five yes/no
questions about *people*. Four can be read from text and each becomes an item
here, with its evidence as :class:`~analysis.text.Cue` objects
(``measure="human_interest"``, ``category`` = item id, ``rule`` = the lexicon
entry or rule that fired):

1. ``human_example`` -- a human example or face: a private individual described
   by age, job, home, family role or history ("Natalia, a 42-year-old",
   "Landrum, 62,", "he is 61", "Marco, a fisherman", "a schoolteacher from Kyiv",
   "a young woman named Keisha", "the mother of three", "Sherleen Pike, who lives
   near the track"), the speaker of a quote that :mod:`analysis.measures.quotes`
   types as ``private`` (first-person testimony), or the writer telling of their
   own life ("I lost my job", "I met Tom": "I" and a past tense that is not one
   of arguing), or a particular person introduced by a role in an incident or
   by narration ("a man accused of ... was charged", "was working as a substitute
   teacher", "someone in the session complained": 2026-12, issue 18). Officials and
   experts are not private roles, so "U.S. envoy Steve Witkoff" is no human example.
2. ``emotive`` -- adjectives and vignettes that call up outrage, empathy or
   compassion ("heartbroken", "tears"), attached to a person: within
   :data:`HARM_REACH` words of one in the same sentence ("she wept"; "a brutal
   war" alone is no cue). Shown and counted (``hi_emotive``) but not added to the
   index (:data:`INDEX_ITEMS`): measured, it separates nothing.
3. ``affected`` -- how individuals are affected: concrete harm or change near a
   particular person ("his son was wounded", "she lost her job", "two children
   drowned": a ``harm`` word within :data:`HARM_REACH` words of a person), and
   the affected named ("daily life", "lost their homes"). Groups and
   abstractions ("millions of people were displaced", "gun deaths", "working
   families") are *group cues* (rule starting :data:`GROUP_RULE`), weighed at
   :data:`GROUP_WEIGHT` in the index; harm near no one is no cue.
4. ``private_life`` -- the private or personal lives of actors: family ("wife",
   "her mother", "grandchildren"), "grew up", "hobbies". Family words count only for
   private persons: "daughter Ivanka Trump" is none, "Parkland parents" (plural, no
   possessive pronoun) a group cue (:func:`_kin_rule`).
5. ``visuals`` -- not codable from text; listed in :data:`NOT_CODABLE`, no cues.

Scene-setting, direct address and rhetorical questions are devices of colour
writing, not the frame: they are measured apart (:mod:`analysis.measures.colour_devices`).
The item-1 rules count only outside direct quotations (a quoted person's
"a farmer from Ohio" describes someone else); items 2-4 count inside quotations
too, as in the original codebook, which codes the story as a whole. Quotations
are the text pass's (:attr:`Doc.quoted <analysis.text.Doc.quoted>`).

The rules' judgement rests on evidence per word (:func:`human_interest_index`), cut
at a threshold for the text's length (:data:`THRESHOLDS`: headline, lead or
paragraph, article), each fitted on a development part.

The learned layer, ``human_interest_probability``, is the measure's primary reading:
a logistic model (:mod:`analysis.measures.learned`, ``models/human_interest.tsv`` and
its model card) over the text pass's features and these cues
(:func:`learned_occurrences`); :func:`learned_cues` gives each word's and each
cue's share of it, for ``explain`` and ``highlight``.

Particular people (:func:`_particular_people`) are singular person and role words
and pronouns, and plural ones only when counted or possessed ("her three
children"); the lexicon's ``group`` words otherwise. The rules of 2026-11 were
developed for leads and paragraphs (issue 13) on short texts written for the suite
(``tests/short_texts_human_interest.py``) and the development articles.

Lexicon: ``lexicons/human_interest.tsv`` (term, category, example, source),
written for this suite from the item descriptions of Semetko & Valkenburg
(2000), the seed texts and development articles of the narrative-frames corpus
(:mod:`analysis.evaluate.human_interest` says which); no research-only lexicon
(LIWC, NRC, Lexicoder) was copied. Categories ``private_role``, ``person``,
``group`` and ``harm`` are the vocabulary of rules, ``affected_group`` the group
nouns of item 3 ("victims", "deaths"); the others are items. Licence: MIT, as
the package.

Source:
    Semetko, H. A. & Valkenburg, P. M. (2000). Framing European politics: a
    content analysis of press and television news. Journal of Communication
    50(2), 93-109.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from analysis.measures import learned
from analysis.measures.base import Mark, Measure
from analysis.measures.features import Occurrence, cue_occurrences, doc_occurrences
from analysis.measures.lexicons import LexiconEntry, PhraseMatcher, read_lexicon
from analysis.measures.quotes import doc_quotes
from analysis.text import Cue, Doc, Token

#: Items that produce cues and counts (a ``hi_<item>`` column each): the frame's own.
ITEMS: tuple[str, ...] = ("human_example", "emotive", "affected", "private_life")

#: Items the index adds. ``emotive`` is shown and counted (``hi_emotive``) but not added:
#: measured in 2026-12 (issue 18), its cues near a particular person separate the frame
#: from the rest on no data set (ROC AUC of its rate 0.55 on the narrative-frames
#: development part, 0.49 on the gun-violence leads, 0.50 on their headlines).
INDEX_ITEMS: tuple[str, ...] = ("human_example", "affected", "private_life")

#: Item id -> what it records, for notebooks and legends.
ITEM_DESCRIPTIONS: dict[str, str] = {
    "human_example": "S&V 1: a private individual as example or face (age, job, home, family)",
    "emotive": "S&V 2: outrage, empathy, sympathy, compassion, attached to a person",
    "affected": "S&V 3: how individuals are affected: concrete harm near a person (groups: half)",
    "private_life": "S&V 4: the private or personal lives of the actors: family, home life",
    "visuals": "S&V 5: visual information; not codable from text (no cues)",
}

#: Items of the codebook that text cannot show, with the reason.
NOT_CODABLE: dict[str, str] = {
    "visuals": "Semetko & Valkenburg's item 5 codes pictures; text alone cannot show them.",
}

#: A ``harm`` word counts for ``affected`` when a ``person`` word is at most this many
#: words away in the same sentence.
HARM_REACH = 8

#: Rules of cues about groups or abstractions rather than particular people start so.
GROUP_RULE = "group: "

#: Weight in the index of group cues (:data:`GROUP_RULE`): all of a text's group cues
#: together add at most ``GROUP_WEIGHT * ITEM_CAP``, below one item of particular people.
GROUP_WEIGHT = 0.5

#: Most that one item adds to the index, in cues per 1,000 words: no single item
#: (a word repeated through a short text, say) carries it alone.
ITEM_CAP = 15.0

#: Index (capped cues per 1,000 words) at or above which a text is judged to use the
#: frame, by length: (most words, threshold), the first band that holds the text. A
#: headline, a lead or paragraph and an article are judged on the same rate, but one cue
#: fills a short text's cap, so each band has its own cut (issue 18: the articles' 3.70
#: flagged 52% of thematic leads). Fitted (:mod:`analysis.evaluate.human_interest`,
#: ``fit_thresholds``) on development parts only: headlines and leads on the
#: gun-violence frames data's development part (folds 0-1 by article), articles on the
#: narrative-frames development part (folds 0-1); reported on the other parts.
THRESHOLDS: tuple[tuple[float, float], ...] = (
    (25, 11.25),
    (150, 8.02),
    (math.inf, 5.20),
)
#: The articles' threshold (the last band's).
THRESHOLD = THRESHOLDS[-1][1]

#: Lexicon categories matched by rules (position, quotes), not by phrase lookup.
_RULE_VOCABULARY = ("private_role", "person", "group", "harm")
_AGE = re.compile(r"\d{1,3}-year-old")
_ARTICLES = frozenset({"a", "an", "one", "the"})
_AFTER_ROLE = frozenset(
    {"from", "in", "who", "living", "near", "said", "says", "told", "named", "whose"}
)
#: Verbs of a private life after "Name, who": home, upbringing, what befell them.
_LIFE_VERBS = frozenset(
    "lives lived grew moved owns owned farms farmed raised fled lost survived".split()
)
_PRONOUN_SUBJECTS = frozenset({"he", "she"})
#: Words other than role words at which an item-1 rule may start.
_RULE_STARTS = frozenset({"aged", ",", "i", "he", "she", "someone"})
#: Words before a role word that introduce a particular person by it ("a", "as a").
_INDEFINITE = frozenset({"a", "an"})
#: A role word and a past tense at most this many words apart: "a man accused", "a
#: teacher was shot"; "someone ... complained" at most :data:`NARRATION_REACH` words.
INCIDENT_REACH = 2
NARRATION_REACH = 5
_POSSESSIVES = frozenset({"my", "his", "her", "their", "our"})
#: Private-life terms that are kin words: they count only for private persons (:func:`_kin_rule`).
_KIN = frozenset(
    "son-in-law daughter-in-law father-in-law mother-in-law wife husband son daughter grandson "
    "granddaughter grandchildren girlfriend boyfriend fiancee brother brothers dad daughters "
    "father grandfather grandmother mom mother parents sister sisters sons".split()
)
#: Plural kin words: a group unless a pronoun possesses them ("her parents").
_KIN_PLURAL = frozenset("grandchildren brothers daughters parents sisters sons".split())
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve".split())
#: "I" then one of these within two words: the writer tells of their own life.
_PAST_IRREGULAR = frozenset(
    "was had met saw went grew lost left took came got found felt knew spent drove ran sat "
    "began fell gave made heard remember remembered".split()
)
#: Past tenses that narrate what befell someone or what they did (with "-ed" words).
_PAST_NARRATION = _PAST_IRREGULAR | frozenset({"were", "shot", "hit", "struck", "stabbed"})
#: Past tenses of writing and arguing: "I argued" is argument, not an anecdote.
_PAST_ARGUING = frozenset(
    "argued believed thought suggested noted wrote predicted warned stated claimed "
    "concluded mentioned pointed reported said".split()
)


@cache
def lexicon() -> tuple[LexiconEntry, ...]:
    """The lexicon entries, read once.

    >>> ("brutal", "emotive") in {(e.term, e.category) for e in lexicon()}
    True
    """
    return read_lexicon("human_interest.tsv")


@cache
def _terms(category: str) -> frozenset[str]:
    return frozenset(e.term for e in lexicon() if e.category == category)


@cache
def _phrases() -> PhraseMatcher:
    """The items matched by phrase: every category but the rules' vocabulary."""
    return PhraseMatcher(e for e in lexicon() if e.category not in _RULE_VOCABULARY)


@cache
def _rule_starts() -> frozenset[str]:
    """Words at which an item-1 rule may start: private roles and :data:`_RULE_STARTS`."""
    return _terms("private_role") | _RULE_STARTS


def _is_name(tok: Token) -> bool:
    """A capitalized word such as "Marco" (not "U.S", "NATO" or "the")."""
    return tok.text[0].isupper() and tok.text[1:].islower()


def _role_rule(toks: Sequence[Token], i: int) -> tuple[int, int, str] | None:
    """The item-1 rule that the private role word ``toks[i]`` completes, if any.

    Returns the first and last token of the evidence and the rule's name.
    """
    j = i - 1  # back to the nearest article, over at most four words
    while j >= max(i - 5, 0) and toks[j].is_word and toks[j].norm not in _ARTICLES:
        j -= 1
    if j >= max(i - 5, 0) and toks[j].norm in _ARTICLES:
        if toks[j].norm in _INDEFINITE and j >= 1 and toks[j - 1].norm == "as":
            return j - 1, i, "as a <role>"  # "was working as a substitute teacher"
        if toks[j].norm in _INDEFINITE and (verb := _past_within(toks, i, INCIDENT_REACH)):
            return j, verb, "a <role> + past tense (a person in an incident)"
        if j >= 2 and toks[j].norm != "one" and toks[j - 1].text == "," and _is_name(toks[j - 2]):
            first = j - 3 if j >= 3 and _is_name(toks[j - 3]) else j - 2
            return first, i, "appositive: Name, a <role>"
        if i - j <= 3 and i + 1 < len(toks) and toks[i + 1].norm in _AFTER_ROLE:
            return j, i + 1, "a <role> from/who/said"
    if i + 2 < len(toks) and toks[i + 1].norm == "of" and _is_small_number(toks[i + 2].norm):
        return i, i + 2, "family role: <role> of N"
    if (
        toks[i].text.islower()
        and i + 2 < len(toks)
        and _is_name(toks[i + 1])
        and _is_name(toks[i + 2])
    ):
        return i, i + 2, "<role> First Last"
    return None


def _past_after_i(toks: Sequence[Token], i: int) -> int | None:
    """Index of a past-tense verb one or two words after "I" (``toks[i]``), if any.

    "I met Tom", "I lost my job", "I remember sitting": the writer tells of their own
    life. Past tenses of arguing ("I argued", "I thought") are not anecdotes.
    """
    for j in range(i + 1, min(i + 3, len(toks))):
        norm = toks[j].norm
        if not toks[j].is_word or norm in _PAST_ARGUING:
            return None
        if norm in _PAST_IRREGULAR or (norm.endswith("ed") and not norm.endswith("eed")):
            return j
    return None


def _past_within(toks: Sequence[Token], i: int, reach: int) -> int | None:
    """Index of a past tense at most ``reach`` words after ``toks[i]``, in its clause.

    "was", "were", "had", an irregular past (:data:`_PAST_IRREGULAR`) or a word in
    "-ed"; the search stops at punctuation. Past tenses of arguing and saying are not
    narration ("a man said" is a source).
    """
    for j in range(i + 1, min(i + 1 + reach, len(toks))):
        norm = toks[j].norm
        if not toks[j].is_word or norm in _PAST_ARGUING:
            return None
        if norm in _PAST_NARRATION or (norm.endswith("ed") and not norm.endswith("eed")):
            return j
    return None


def _stated_age(toks: Sequence[Token], i: int) -> bool:
    """``toks[i]`` starts "he is 61" or "she was 19": a person's age stated."""
    return (
        i + 2 < len(toks)
        and toks[i + 1].norm in {"is", "was"}
        and toks[i + 2].text.isdigit()
        and 0 < int(toks[i + 2].text) < 110
    )


def _home_apposition(toks: Sequence[Token], i: int) -> int | None:
    """``toks[i]`` is the comma of "Sherleen Pike, who lives ...": the verb's index, if so.

    A person described by where they live or what befell them ("who lives about a
    half-mile from the track", "who grew up in Flint", "who lost her home"), not by
    an office ("Tom Lee, who chairs the committee" is no match).
    """
    if not (0 < i and i + 2 < len(toks) and _is_name(toks[i - 1]) and toks[i + 1].norm == "who"):
        return None
    verb = i + 3 if toks[i + 2].norm in {"has", "had"} and i + 3 < len(toks) else i + 2
    return verb if toks[verb].norm in _LIFE_VERBS else None


def _age_apposition(toks: Sequence[Token], i: int) -> bool:
    """``toks[i]`` is the first comma of "Landrum, 62," (a name, an age, a comma)."""
    return (
        0 < i
        and i + 2 < len(toks)
        and _is_name(toks[i - 1])
        and toks[i + 1].text.isdigit()
        and 0 < int(toks[i + 1].text) < 110
        and toks[i + 2].text == ","
    )


def _item_cue(doc: Doc, start: int, end: int, item: str, rule: str) -> Cue:
    return Cue(start, end, "human_interest", item, rule, doc.text[start:end])


def _particular_people(norms: Sequence[str]) -> list[int]:
    """Indices of words that name particular people: "she", "my", "a nurse", "her three children".

    A ``person`` or private role word ("a nurse", "he", "she", "I", "my") always does;
    a ``group`` word ("people", "families", "they") only when counted with a small number or
    possessed ("two children", "his parents"): "millions of people" and "working
    families" are the abstractions of thematic writing, not particular people.
    """
    groups, persons = _terms("group"), _persons()
    found = []
    for i, norm in enumerate(norms):
        if norm in persons:
            found.append(i)
        elif norm in groups and any(
            norms[j] in _POSSESSIVES or _is_small_number(norms[j]) for j in range(max(i - 2, 0), i)
        ):
            found.append(i)
    return found


@cache
def _persons() -> frozenset[str]:
    """Words that always name a particular person: person words, private roles ("a fisherman")."""
    return _terms("person") | (_terms("private_role") - _terms("group"))


def _is_small_number(norm: str) -> bool:
    return norm in _NUMBER_WORDS or (norm.isdigit() and 0 < int(norm) <= 20)


def _lexical_cues(doc: Doc) -> list[Cue]:
    """Lexicon phrases of items 2-4, harm and emotion near people, quotations included.

    Emotive words (item 2) and harm words (item 3) count only within :data:`HARM_REACH`
    words of a person in the same sentence: near a particular person
    (:func:`_particular_people`: "his son was wounded", "she wept") as full cues; near
    a group only ("millions of people were displaced") as group cues, which the index
    weighs at :data:`GROUP_WEIGHT`; near no one ("gun deaths rose", "this outrageous
    policy"), not at all. Group nouns of item 3 ("families", "victims") are group cues too.
    """
    cues = []
    for sent in doc.sentences:
        words = sent.words
        if not words:
            continue  # no word, no cue (and a run of "." is thousands of sentences)
        for first, end, item, rule in _sentence_cues(sent.word_norms, words):
            cues.append(_item_cue(doc, words[first].start, words[end - 1].end, item, rule))
    return cues


def _sentence_cues(norms: Sequence[str], words: Sequence[Token]) -> list[tuple[int, int, str, str]]:
    """(first word, end word, item, rule) of each lexical cue in one sentence's words
    (``norms``, and the tokens ``words``)."""
    phrases, harms, groups = _phrases(), _terms("harm"), _terms("group")
    if not phrases.may_match(norms) and harms.isdisjoint(norms):
        return []  # no phrase and no harm word: no cue (most sentences)
    people = None  # the particular people and anyone, found when a cue first asks
    found = []
    matched_to = 0  # words before this index are inside a phrase already found
    for i, norm in enumerate(norms):
        match = phrases.longest_at(norms, i)  # at every word: phrases may nest
        if match is None and (i < matched_to or norm not in harms):
            continue  # no cue starts here (most words): no person to look for
        if people is None:
            particular = _particular_people(norms)
            anyone = sorted({*particular, *(k for k, n in enumerate(norms) if n in groups)})
            people = particular, anyone
        person = _nearest_person(i, norms, *people)
        where = "" if person is None else f" near {person}"
        prefix = GROUP_RULE if where.startswith(" near a group") else ""
        if match is not None:
            end, entry = match
            matched_to = max(matched_to, end)
            if entry.category == "affected_group":  # "killed": whose death?
                if where and not prefix and entry.term in harms:  # not "people" near "he"
                    found.append((i, end, "affected", f"{entry.term}{where}"))
                else:
                    found.append((i, end, "affected", f"{GROUP_RULE}{entry.term}"))
            elif entry.category == "private_life":
                if (kin := _kin_rule(norms, words, i, end, entry.term)) is not None:
                    found.append((i, end, "private_life", kin))
            elif entry.category != "emotive":
                found.append((i, end, entry.category, entry.term))
            elif where:
                found.append((i, end, "emotive", f"{prefix}{entry.term}{where}"))
        elif where:  # a harm word outside any phrase
            found.append((i, i + 1, "affected", f"{prefix}harm{where}"))
    return found


def _kin_rule(
    norms: Sequence[str], words: Sequence[Token], i: int, end: int, term: str
) -> str | None:
    """The rule of a private-life phrase ``norms[i:end]``, or None when it is no cue.

    Family words count only for private persons: a kin word followed by a name and not
    possessed by a pronoun introduces a public figure by kinship ("daughter Ivanka Trump",
    "Trump's son-in-law Jared Kushner"): no cue. A plural kin word that no pronoun
    possesses ("Parkland parents pushing politicians") is a group: a group cue.
    """
    possessed = i > 0 and norms[i - 1] in _POSSESSIVES
    if term in _KIN and not possessed and end < len(norms) and _is_name(words[end]):
        return None
    if term in _KIN_PLURAL and not possessed:
        return f"{GROUP_RULE}{term}"
    return term


def _nearest_person(
    i: int, norms: Sequence[str], particular: Sequence[int], anyone: Sequence[int]
) -> str | None:
    """ "a person: <word>" or "a group: <word>" within reach of word ``i``, particular first.

    ``particular`` and ``anyone`` are ascending word indices: the first within reach
    is found by a binary search, not a scan (a sentence of thousands of "he").
    """
    for kind, found in (("a person", particular), ("a group", anyone)):
        k = bisect_left(found, i - HARM_REACH)
        while k < len(found) and found[k] <= i + HARM_REACH:
            if found[k] != i:
                return f"{kind}: {norms[found[k]]}"
            k += 1
    return None


def _human_example_cues(doc: Doc) -> list[Cue]:
    quoted = doc.quoted
    found = [
        _item_cue(
            doc, q.speaker_start, q.speaker_end, "human_example", "speaker of a quote: private"
        )
        for q in doc_quotes(doc)
        if q.speaker_type == "private" and q.speaker_start is not None
    ]
    roles, starts = _terms("private_role"), _rule_starts()
    for sent in doc.sentences:
        toks = sent.tokens
        for i, low in enumerate(sent.norms):
            if not (low in starts or low.endswith("-year-old")):
                continue  # no rule starts here (the cheap test first: most words)
            tok = toks[i]
            if quoted.contains(tok.start):
                continue
            if low == "i" and (verb := _past_after_i(toks, i)) is not None:
                found.append(
                    _item_cue(doc, tok.start, toks[verb].end, "human_example",
                              "first person: I + past verb (the writer's own experience)")
                )  # fmt: skip
            elif low == "someone" and (verb := _past_within(toks, i, NARRATION_REACH)):
                found.append(
                    _item_cue(doc, tok.start, toks[verb].end, "human_example",
                              "someone + past tense (a particular person in narration)")
                )  # fmt: skip
            elif low in _PRONOUN_SUBJECTS and _stated_age(toks, i):
                found.append(
                    _item_cue(doc, tok.start, toks[i + 2].end, "human_example", "age: he is N")
                )
            elif low == ",":
                if _age_apposition(toks, i):
                    found.append(
                        _item_cue(doc, toks[i - 1].start, toks[i + 2].end, "human_example",
                                  "age: Name, N,")
                    )  # fmt: skip
                elif (verb := _home_apposition(toks, i)) is not None:
                    found.append(
                        _item_cue(doc, toks[i - 1].start, toks[verb].end, "human_example",
                                  "home or history: Name, who lives")
                    )  # fmt: skip
            elif _AGE.fullmatch(tok.text):
                found.append(_item_cue(doc, tok.start, tok.end, "human_example", "age: N-year-old"))
            elif low == "aged" and i + 1 < len(toks) and toks[i + 1].text.isdigit():
                found.append(
                    _item_cue(doc, tok.start, toks[i + 1].end, "human_example", "age: aged N")
                )
            elif low in roles and (match := _role_rule(toks, i)):
                first, last, rule = match
                found.append(
                    _item_cue(doc, toks[first].start, toks[last].end, "human_example", rule)
                )
    kept: list[Cue] = []
    for cue in sorted(found, key=lambda c: (c.start, -c.end)):
        if not kept or cue.start >= kept[-1].end:
            kept.append(cue)
    return kept


def human_interest_cues(doc: Doc) -> list[Cue]:
    """Every human-interest cue in ``doc``, in text order (category = item id).

    Args:
        doc: a text tokenized by :func:`analysis.text.make_doc`.

    Returns:
        Cues with ``measure="human_interest"``, ``category`` one of :data:`ITEMS`.

    >>> from analysis.text import make_doc
    >>> doc = make_doc("Marco, a fisherman, wept when his boat was destroyed. Ask yourself: why?")
    >>> [(c.category, c.text) for c in human_interest_cues(doc)]
    [('human_example', 'Marco, a fisherman'), ('emotive', 'wept'), ('affected', 'destroyed')]
    """
    cues = [*_human_example_cues(doc), *_lexical_cues(doc)]
    return sorted(cues, key=lambda c: (c.start, c.end))


def human_interest_index(doc: Doc, cues: Sequence[Cue]) -> float:
    """Article-level index: human-interest cues per 1,000 words, each item capped.

    The index adds, for every item in :data:`INDEX_ITEMS`, its cues about particular
    people per 1,000 words, capped at :data:`ITEM_CAP`, and :data:`GROUP_WEIGHT` times
    the group cues of all items per 1,000 words, capped at :data:`ITEM_CAP` together
    (:func:`capped_index`). A rate rather than a count, so long and short texts are
    judged on the same evidence per word; capped, so that breadth across items (a
    named private person, the affected, private lives) counts for more than one item
    repeated, and groups never weigh as much as one particular person. Items are
    weighted equally: Semetko & Valkenburg add their yes/no items with equal weight too.

    Args:
        doc: the tokenized text.
        cues: its cues from :func:`human_interest_cues`.

    Returns:
        0.0 for an empty text; otherwise at most ``ITEM_CAP * (len(INDEX_ITEMS) + GROUP_WEIGHT)``.

    >>> from analysis.text import make_doc
    >>> story = "Marco, a fisherman, lost his old fishing boat. "
    >>> doc = make_doc(story + "The talks went on. " * 23)
    >>> human_interest_index(doc, human_interest_cues(doc))  # 100 words: example 10 + affected 10
    20.0
    """
    return capped_index(item_counts(cues), len(doc.words))


def item_counts(cues: Sequence[Cue]) -> dict[str, int]:
    """Each item's cues about particular people (key: item) and about groups (``group: item``).

    >>> from analysis.text import make_doc
    >>> counts = item_counts(human_interest_cues(make_doc("Two children drowned. Families fled.")))
    >>> counts["affected"], counts["group: affected"]  # drowned; children, Families, fled
    (1, 3)
    """
    counts = {}
    for item in ITEMS:
        mine = [c.rule.startswith(GROUP_RULE) for c in cues if c.category == item]
        counts[item] = mine.count(False)
        counts[GROUP_RULE + item] = mine.count(True)
    return counts


def capped_index(counts: Mapping[str, int], words: int) -> float:
    """:func:`human_interest_index` from :func:`item_counts` and the word count.

    Each item of :data:`INDEX_ITEMS` adds its particular cues per 1,000 words, capped
    at :data:`ITEM_CAP`; the group cues of all of them together add :data:`GROUP_WEIGHT`
    times their rate, that rate capped at :data:`ITEM_CAP`: on a headline, two group cues
    ("Victims remembered 1 year after Vegas shooting") give half what one private person does.

    >>> capped_index({"human_example": 1, "affected": 3}, 100)  # 10 + 30 capped at 15
    25.0
    >>> capped_index({"group: affected": 1, "group: private_life": 1}, 8)  # 250 capped, halved
    7.5
    """
    if not words:
        return 0.0
    particular = sum(min(1000 * counts.get(item, 0) / words, ITEM_CAP) for item in INDEX_ITEMS)
    groups = sum(counts.get(GROUP_RULE + item, 0) for item in INDEX_ITEMS)
    return particular + GROUP_WEIGHT * min(1000 * groups / words, ITEM_CAP)


def threshold_for(words: int) -> float:
    """The threshold of a text of ``words`` words (:data:`THRESHOLDS`).

    >>> threshold_for(12) > threshold_for(80) > threshold_for(600) == THRESHOLD
    True
    """
    return next(cut for most, cut in THRESHOLDS if words <= most)


def is_human_interest(doc: Doc, cues: Sequence[Cue]) -> bool:
    """Whether ``doc`` uses the human-interest frame, in the rules' judgement.

    True when its :func:`human_interest_index` reaches the threshold of its length
    (:func:`threshold_for`). Validity on held-out articles, leads and headlines is in
    :mod:`analysis.evaluate.human_interest` (``make evaluate``).

    >>> from analysis.text import make_doc
    >>> doc = make_doc("U.S. envoy Steve Witkoff said Saturday he had held constructive talks.")
    >>> is_human_interest(doc, human_interest_cues(doc))
    False
    >>> doc = make_doc("Ask yourself: what is peace worth?")  # colour, not the frame
    >>> is_human_interest(doc, human_interest_cues(doc))
    False
    """
    return human_interest_index(doc, cues) >= threshold_for(len(doc.words))


#: The learned layer: its model file (``models/human_interest.tsv``, card beside it) and
#: the ``Cue.measure`` of its weighted words.
MODEL = "human_interest"
LEARNED = "human_interest_learned"


def cue_feature(cue: Cue) -> str:
    """The learned layer's feature for a rule cue: its item, and whether it is about a group.

    >>> cue_feature(Cue(0, 7, "human_interest", "affected", "group: victims"))
    'cue:hi:affected:group'
    """
    group = ":group" if cue.rule.startswith(GROUP_RULE) else ""
    return f"cue:hi:{cue.category}{group}"


def learned_occurrences(
    doc: Doc, cues: Sequence[Cue], kinds: Iterable[str] | None = None
) -> list[Occurrence]:
    """What the learned layer weighs: the text pass's features and the rules' cues.

    ``kinds`` limits the text pass's features to those kinds (the model's, when scoring);
    None gives every kind, as a trainer needs.
    """
    return [*doc_occurrences(doc, kinds), *cue_occurrences(cues, cue_feature)]


def human_interest_probability(doc: Doc, cues: Sequence[Cue]) -> float:
    """The learned layer's reading: the probability that coders would code the frame.

    A logistic model over :func:`learned_occurrences` (:mod:`analysis.measures.learned`),
    trained on the narrative-frames articles (``make train``; its model card says on
    what, and how well it does on articles, leads and headlines it was not trained on).
    """
    model = learned.load(MODEL)
    return model.probability(learned_occurrences(doc, cues, model.kinds), len(doc.words))


def learned_cues(doc: Doc, cues: Sequence[Cue]) -> list[Cue]:
    """Each word's and each rule cue's share of :func:`human_interest_probability`'s logit.

    >>> from analysis.text import make_doc
    >>> doc = make_doc("A man was shot and killed outside his home on Sunday.")
    >>> shares = learned_cues(doc, human_interest_cues(doc))
    >>> {c.category for c in shares} <= {"toward", "against"} and all(c.weight for c in shares)
    True
    """
    model = learned.load(MODEL)
    occurrences = learned_occurrences(doc, cues, model.kinds)
    return model.cues(doc.text, occurrences, len(doc.words), LEARNED)


def _columns(doc: Doc, cues: Sequence[Cue]) -> dict[str, object]:
    return {
        "human_interest_probability": human_interest_probability(doc, cues),
        "human_interest_cues": len(cues),
        "human_interest_index": human_interest_index(doc, cues),
        "human_interest": bool(is_human_interest(doc, cues)),
    } | {f"hi_{item}": sum(c.category == item for c in cues) for item in ITEMS}


#: Human interest as the registry (:mod:`analysis.measures.registry`) finds it, by entry point.
#: The learned ``human_interest_probability`` is the primary reading (compared first); the
#: rule index stays beside it.
MEASURE = Measure(
    "human_interest",
    human_interest_cues,
    _columns,
    rate_columns=("human_interest_cues",),
    compare=("human_interest_probability", "human_interest_index"),
    sentence_counts={"human_interest_cues": "human_interest"},
    marks={
        "human_interest": Mark(
            "outline: 1.5px solid {green}; outline-offset: 1px;", "human-interest cue (solid box)"
        ),
        LEARNED: Mark(
            legend="human-interest model, each word's share (hover for the number)",
            category_styles={
                "toward": "border-bottom: 2px solid {blue};",
                "against": "border-bottom: 2px dashed {vermillion};",
            },
            default=False,
        ),
    },
    order=30,
    weights=learned_cues,
    weights_measure=LEARNED,
    labels={
        "human_interest_index": "human-interest index",
        "human_interest_probability": "human-interest probability (learned)",
        "human_interest_cues": "human-interest cues per sentence",
    },
)
