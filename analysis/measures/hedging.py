"""Hedging and boosting: where the writer marks a claim as uncertain, or as certain.

A *hedge* withholds full commitment to a proposition ("talks could be
postponed", "a source close to the talks", "it is unclear whether"); a
*booster* insists on it ("clearly", "of course"). Both come from one lexicon,
``lexicons/hedges.tsv`` (columns term, category, example, source), matched on
the lower-case tokens of each sentence of a :class:`~analysis.text.Doc`. Each
hit is a :class:`~analysis.text.Cue` (``measure`` ``hedge`` or ``booster``;
``category`` the lexicon category; ``rule`` the lexicon term).

Categories (:data:`CATEGORIES`):

* ``epistemic`` -- epistemic modals and verbs: may, might, could, can (as
  possibility: "inflammation can turn into scarring"), appear, seem, suggest,
  believe, expect.
* ``probability`` -- likely, possibly, perhaps, unclear, "not clear".
* ``attribution`` -- vague or anonymous sources: "a source close to",
  "people familiar with", "officials say", "critics argue", "some analysts
  say", "reportedly", "it is understood".
  "according to people briefed on" gives two cues, the frame and the source.
* ``weasel`` -- a vague crowd or an agentless passive as authority, the
  Wikipedia "weasel words": "some say", "many believe", "others", "it is
  believed", "is said to", "is widely regarded". A quantifier is a weasel only
  when it stands for an unnamed source of a claim; counting things ("many homes
  were destroyed", "some 300 people") it is not (``plain_quantifier``).
* ``conditional`` -- indirect questions and speculative conditions: whether,
  "asked if", unless. A plain condition ("if the drug works, ...") is not a
  hedge (``condition_if``): it states what follows from what, and science-news
  coders rated such sentences certain.
* ``tendency`` -- tendency and frequency that stop short of always: "tended
  to", sometimes, often, usually, generally, typically.
* ``approximator`` -- vague quantity that is not a number: "kind of",
  roughly, "at least in its outlines".
* ``booster`` -- the contrast, counted apart: clearly, certainly, of course.

Terms follow the syntax of :mod:`analysis.measures.lexicons` (``a|b``, ``*``, a
leading ``^`` for the sentence's first word), matched on every token of a
sentence, punctuation included. Where terms overlap, the leftmost and then the
longest wins, so "no doubt" is one booster, not the hedge "doubt".

Not-a-hedge rules (:data:`RULES`) then suppress a candidate in context; the
first that holds names the suppression. Decisions taken:

* "could not agree" reports a fact (negated_modal), but "may not" and "might
  not" stay hedges: in news they almost always mean "possibly not".
* "Witkoff suggested", "according to Reuters" report a named source
  (named_attribution); the hedge inside the report still counts ("suggested
  that it might be postponed" gives "might"). Belief verbs (believe, expect,
  fear) stay hedges with any subject: they present the claim as belief.
* A number after an approximator is a fact (numeric_approximator): "at least
  three people were killed". "nearly" and "about" are not in the lexicon at
  all: outside numbers they are rarely hedges ("almost entirely").
* Also root modals ("you could feel"), quantity idioms ("many times"), literal
  "appear in court", "May" the month or name, nouns ("military might") and set
  phrases ("as expected", "as soon as possible", "possible to", "believe in").
* "can" is possibility ("inflammation can transition", "this can take
  weeks"), not ability ("he can swim", "anyone can join"; ``ability_can``),
  availability ("can be seen at") or negation ("can no longer").
* "results suggest", "the data suggest", ", suggesting that" infer from
  evidence the sentence reports (``evidential_suggest``), as "the data
  indicate" does; "suggested requiring" proposes (``proposal_suggest``).
  A hedge inside the inference still counts ("suggesting it may spread"), and
  so does "may suggest".
* What surveyed people or a compared group think is reported content, not the
  writer's doubt (``reported_content``): "Girls are more likely than boys to
  think they might fail", "45 percent of voters said the economy could
  worsen". The comparison itself is a rate (``comparative_likelihood``).
* Vague attribution is a hedge in every genre; vague quantity is not
  (``plain_quantifier``). Wikipedia's weasel annotation (CoNLL-2010) counts
  both; FactBank's news annotation counts neither, and science-news coders
  rated sentences with "some" certain. The suite follows news on quantity and
  keeps attribution: naming no source withholds the writer's commitment.

:func:`hedge_decisions` lists every candidate with the rule that suppressed it.

The learned layer (issue 18) re-weighs those decisions: ``hedge_probability``, per
sentence the probability that coders rate it uncertain (for a text, the mean over its
sentences), is a logistic model over every candidate, fired (by category and lexicon
entry) or suppressed (by rule), shipped as ``models/hedging.tsv`` with its model card
(``make train``). It is the primary reading; ``explain`` shows each candidate's share
(``Cue.measure`` ``hedge_learned``).

The lexicon was written for this suite from Hyland (2005), news reading and
the seed texts, and checked against the CoNLL-2010 Wikipedia training file and
the Szeged WikiWeasel documents that share no sentence with the CoNLL test
set (development data only; see :mod:`analysis.evaluate.hedging`). No
research-only list (LIWC, NRC, Lexicoder) and no list of Islam et al. (2020)
was copied. Example sentences are from the seed texts or written for the
lexicon. Licence: MIT, as the package.

Sources:
    Hyland, K. (2005). Metadiscourse: Exploring Interaction in Writing. Continuum.
    Farkas, R. et al. (2010). The CoNLL-2010 Shared Task: Learning to detect hedges
    and their scope in natural language text. Proc. CoNLL-2010 Shared Task, 1-12.
    Szarvas, G. et al. (2012). Cross-genre and cross-domain detection of semantic
    uncertainty. Computational Linguistics 38(2), 335-367.

The issue-18 rules ("if", "suggest", "can", tendency, reported content) answer the
kinds of miss issue 18 describes on held-out science news; their effect was measured
on the development data only (FactBank's development half, the CoNLL training file):
see :mod:`analysis.evaluate.hedging`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd

from analysis.measures import learned
from analysis.measures.base import Mark, Measure
from analysis.measures.features import Occurrence
from analysis.measures.lexicons import LexiconEntry, PhraseMatcher, read_lexicon
from analysis.text import Cue, Doc, Sentence, Token, make_doc

CATEGORIES: tuple[str, ...] = (
    "epistemic",
    "probability",
    "attribution",
    "weasel",
    "conditional",
    "tendency",
    "approximator",
    "booster",
)


@cache
def lexicon() -> tuple[LexiconEntry, ...]:
    """The hedge and booster lexicon, in file order.

    >>> next(e for e in lexicon() if e.term == "might").category
    'epistemic'
    """
    return read_lexicon("hedges.tsv")


@cache
def _matcher() -> PhraseMatcher:
    return PhraseMatcher(lexicon())


def _measure(entry: LexiconEntry) -> str:
    return "booster" if entry.category == "booster" else "hedge"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A lexicon match in one sentence: tokens ``i:j`` of ``sentence``."""

    sentence: Sentence
    words: list[str]
    i: int
    j: int
    entry: LexiconEntry

    @property
    def first(self) -> str:
        return self.words[self.i]

    def before(self, k: int = 1) -> str:
        return self.words[self.i - k] if self.i - k >= 0 else ""

    def after(self, k: int = 1) -> str:
        n = self.j - 1 + k
        return self.words[n] if n < len(self.words) else ""

    def token(self, n: int) -> Token | None:
        return self.sentence.tokens[n] if 0 <= n < len(self.words) else None

    def ahead(self, n: int, stop: frozenset[str]) -> list[str]:
        """Up to ``n`` words after the match, to the first one in ``stop``."""
        words = []
        for word in self.words[self.j : self.j + n]:
            if word in stop:
                break
            words.append(word)
        return words


def _candidates(sentence: Sentence) -> list[Candidate]:
    """Leftmost-longest lexicon matches in one sentence (every term starts with a word)."""
    if not sentence.words:
        return []
    words = list(sentence.norms)
    first_word = next((k for k, t in enumerate(sentence.tokens) if t.is_word), 0)
    return [
        Candidate(sentence, words, i, j, entry)
        for i, j, entry in _matcher().scan(words, first=first_word)
    ]


# --- not-a-hedge rules -------------------------------------------------------------

_NEGATION = frozenset({"not", "n't", "never"})
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve fifteen twenty
    thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands
    million millions billion billions dozen dozens half third quarter score""".split()
)
_REPORTING = frozenset(
    """suggest suggests suggested suggesting indicate indicates indicated indicating
    hint hints hinted hinting claim claims claimed argue argues argued""".split()
)
#: Subjects that leave a reporting verb vague: "some suggest", "critics argue".
_VAGUE_SUBJECTS = frozenset(
    """it this that these those there some many others most several critics observers
    analysts experts scholars historians people sources officials reports evidence
    studies research data""".split()
)
#: Heads that keep "according to ..." vague: "according to people familiar".
_VAGUE_HEADS = frozenset(
    """people person source sources official officials diplomat diplomats aide aides
    insider insiders observer observers analyst analysts expert experts report reports
    estimate estimates account accounts rumor rumors rumour rumours witness witnesses
    someone some many media""".split()
)
_AUXILIARIES = frozenset("later also earlier then again previously has had have once".split())
_LITERAL_APPEAR = frozenset(
    """in on at before with alongside together live onstage publicly court as for again
    between over once twice briefly regularly prominently""".split()
)
_QUANTITY_BEFORE = frozenset(
    "how so too as the these those its his her their our your very with to has including".split()
)
_QUANTITY_AFTER = frozenset(
    """more less times time years months weeks days hours decades way ways extent degree
    point sort kind form""".split()
)
_MIGHT_BEFORE = frozenset("the military its their his her economic naval full with and of".split())
_KIND_BEFORE = frozenset(
    """a an the this that these those some any every what which one same new different
    each another other all no its their his her of first only""".split()
)
#: "as soon as possible", "every possible", "made (it) possible": not a hedge.
_POSSIBLE_BEFORE = frozenset("as all any every only maximum minimum made make makes making".split())
_MAKE = frozenset("made make makes making".split())
_MONTH_CONTEXT = frozenset("in on by of since until last next early late mid this".split())


#: Punctuation that ends a phrase or clause, one token each (not ".": "Mr." and "U.S." end in one).
_CLAUSE_END = frozenset(",;:()[]\"'`—–-")


def _is_number(word: str) -> bool:
    return word[:1].isdigit() or word.split("-")[0] in _NUMBER_WORDS or word == "$"


def _negated_modal(c: Candidate) -> bool:
    return c.first == "could" and c.after() in _NEGATION


def _root_modal(c: Candidate) -> bool:
    return c.first in {"could", "may", "might"} and (
        c.before() == "you" or c.before(2) == "so" and c.before() in {"that", "they", "we"}
    )


def _named(token: Token | None, word: str) -> bool:
    return token is not None and token.text[:1].isupper() and word not in _VAGUE_SUBJECTS


def _named_attribution(c: Candidate) -> bool:
    if c.entry.term == "according to":
        following = c.words[c.j : c.j + 5]
        if any(w in _VAGUE_HEADS for w in following):
            return False
        named = any(_named(c.token(n), w) for n, w in enumerate(following[:3], c.j))
        return named or c.after() in {"the", "a", "an", "its", "his", "her", "their"}
    if c.first not in _REPORTING:
        return False
    k = c.i - 1  # the subject: skip "later", "has", "publicly" ...
    while k > 0 and (c.words[k] in _AUXILIARIES or c.words[k].endswith("ly")):
        k -= 1
    return k >= 0 and (c.words[k] in {"he", "she"} or _named(c.token(k), c.words[k]))


def _numeric_approximator(c: Candidate) -> bool:
    if c.first.startswith("estimat"):  # "estimated the value at $55 a share"
        return any(_is_number(w) for w in c.ahead(10, _CLAUSE_END | {"that"}))
    return (c.entry.category == "approximator" or c.first == "some") and _is_number(c.after())


def _quantity_idiom(c: Candidate) -> bool:
    return c.first in {"some", "many", "several"} and (
        c.before() in _QUANTITY_BEFORE or c.j - c.i == 1 and c.after() in _QUANTITY_AFTER
    )


def _literal_appear(c: Candidate) -> bool:
    return c.first.startswith("appear") and c.after() in _LITERAL_APPEAR


def _may_month_or_name(c: Candidate) -> bool:
    token = c.token(c.i)
    if c.first != "may" or token is None or not token.text.startswith("May"):
        return False
    return c.i > 0 or _is_number(c.after()) or c.before() in _MONTH_CONTEXT


def _noun_use(c: Candidate) -> bool:
    if c.first == "might":
        return c.before() in _MIGHT_BEFORE
    return c.first in {"kind", "sort"} and c.before() in _KIND_BEFORE


def _fixed_expression(c: Candidate) -> bool:
    if c.first == "possible":  # "as soon as possible", "the severest possible", "possible to do"
        set_phrase = c.before() in _POSSIBLE_BEFORE or c.before().endswith("est")
        return set_phrase or c.before(2) in _MAKE or c.after() == "to"
    if c.first.startswith("believ"):  # faith or support, not belief that: "believe in God"
        return c.after() == "in"
    return (c.before(), c.first) in {("as", "expected"), ("as", "if"), ("than", "expected")}


#: People and evidence whose unnamed plural stands as the source of a claim: "some
#: critics", "many of his contemporaries", "some estimates".
_SOURCE_NOUNS = frozenset(
    """people scholars critics experts observers historians analysts commentators sources
    researchers scientists authors writers reviewers economists academics theorists
    sceptics skeptics proponents supporters opponents detractors contemporaries estimates
    reports accounts studies surveys""".split()
)
#: Verbs of saying and believing that make a vague crowd a source: "some say", "many believe".
_SAYING = frozenset(
    """say says said saying argue argues argued claim claims claimed believe believes
    believed think thinks thought consider considers considered regard regards regarded
    feel feels felt contend contends fear fears feared suggest suggests suggested
    speculate speculated maintain maintains maintained insist insists see sees saw view
    views viewed describe describes described call calls called hold holds held doubt
    doubts allege alleges alleged question questioned wonder wonders wondered note notes
    noted perceive perceives perceived criticise criticises criticised criticize criticizes
    criticized deny denies denied opinion""".split()
)
_COMPARATIVE = frozenset("as more less most least equally twice times".split())
_NEGATING = frozenset("no little without beyond never not n't hardly nor".split())
#: What one "assumes" when taking it on: office, power, the role, a debt.
_TAKEN_ON = frozenset(
    """office power control role responsibility responsibilities duties command leadership
    name identity post position title presidency throne mantle chairmanship helm debt
    debts liability liabilities obligations loans mortgage mortgages risk risks costs
    stake""".split()
)
_MODALS = frozenset("may might could would should must can will".split())
_PAST_BELIEF = frozenset("was were had been previously long once".split())


def _vague_source(c: Candidate) -> bool:
    """A quantifier standing for an unnamed group that says or believes something."""
    ahead = c.ahead(4, _CLAUSE_END)  # the quantifier's phrase and perhaps its verb
    if any(w in _SOURCE_NOUNS or w in _SAYING for w in ahead):
        return True  # "some critics", "many of his contemporaries", "some say", "many believe"
    # the agent of a passive: "considered by many to be", "regarded by some as"
    following = c.token(c.j)
    alone = following is None or not following.is_word or c.after() in {"to", "as"}
    return c.before() == "by" and alone


def _plain_quantifier(c: Candidate) -> bool:
    return c.first in {"some", "many", "several"} and c.j - c.i == 1 and not _vague_source(c)


def _comparative_likelihood(c: Candidate) -> bool:
    # a rate compared ("twice as likely to develop", "more likely than boys to think"),
    # not a probability ("most likely in Iraq")
    if c.first not in {"likely", "unlikely"} or c.before() not in _COMPARATIVE:
        return False
    return c.after() == "to" or c.after() == "than" and "to" in c.ahead(8, _CLAUSE_END)


#: Before "if", the verbs and adjectives that make it an indirect question ("asked if").
_ASKING = frozenset(
    """ask asks asked asking wonder wonders wondered wondering know knows knew known unknown
    clear unclear sure unsure certain uncertain see check checked checking determine
    determined decide decided tell say said question questioned doubt doubtful verify
    verified test tested out""".split()
)


def _condition_if(c: Candidate) -> bool:
    # "if the drug works": a condition; "asked if", "not clear if": an indirect question
    return c.first == "if" and c.before() not in _ASKING and c.before(2) not in _ASKING


#: Subjects that make "suggest" an inference from reported evidence: "the results suggest".
_EVIDENCE = frozenset(
    """result results finding findings data study studies research evidence analysis
    analyses survey surveys experiment experiments trial trials observation observations
    figures numbers records test tests measurement measurements model models modelling
    modeling paper papers scan scans sample samples pattern patterns trend trends this
    these which""".split()
)
_SUGGEST_ADVERBS = frozenset("also further now strongly instead therefore thus".split())


def _evidential_suggest(c: Candidate) -> bool:
    if not c.first.startswith("suggest") or c.entry.category != "epistemic":
        return False
    if c.first == "suggesting" and c.before() == ",":  # "..., suggesting that": a finding read
        return True
    k = c.i - 1
    while k > 0 and (c.words[k] in _SUGGEST_ADVERBS or c.words[k] in {"has", "have", "had"}):
        k -= 1
    return k >= 0 and c.words[k] in _EVIDENCE


def _proposal_suggest(c: Candidate) -> bool:
    # "suggested requiring", "suggested that they should": a proposal, not a hedge
    if not c.first.startswith("suggest") or c.entry.category != "epistemic":
        return False
    gerund = c.after().endswith("ing") and c.after() not in {"nothing", "something", "anything"}
    return gerund or "should" in c.ahead(8, _CLAUSE_END)


#: Subjects that make "can" ability: people, and pronouns for people.
_ABLE = frozenset(
    """i you we he she they one anyone everyone someone somebody nobody who users people
    visitors readers players customers viewers fans""".split()
)
#: "can be seen / found / used ...": what is available, not what is possible.
_AVAILABLE = frozenset(
    """seen heard found used bought downloaded accessed viewed played reached obtained
    purchased ordered read watched visited""".split()
)
_CAN_NEGATION = frozenset({"not", "n't", "never", "no"})


def _ability_can(c: Candidate) -> bool:
    if c.first != "can":
        return False
    token = c.token(c.i)
    if c.after() in _CAN_NEGATION or c.after() == "of" or c.before() in {"a", "the", "tin"}:
        return True  # "can no longer", "a can of", "the can"
    if token is not None and token.text == "Can" and c.i > 0:
        return True  # a name: "the Can Am"
    if c.after() == "be" and c.after(2) in _AVAILABLE:
        return True
    k = c.i - 1  # the subject: skip "also", "still", "only", "easily"
    while k > 0 and (
        c.words[k] in {"also", "still", "only", "now", "then"} or c.words[k].endswith("ly")
    ):
        k -= 1
    return k >= 0 and (c.words[k] in _ABLE or k > 0 and _named(c.token(k), c.words[k]))


#: Who is surveyed or measured: what they think or say is a finding about them.
_SURVEYED = frozenset(
    """respondents participants volunteers interviewees surveyed polled percent per cent %
    proportion share majority minority""".split()
)
_BELIEF = frozenset(
    """think thinks thought believe believes believed expect expects expected suspect
    suspects suspected doubt doubts doubted assume assumes assumed fear fears feared feel
    feels felt hope hopes hoped worry worries worried say says said report reports
    reported""".split()
)


def _reported_content(c: Candidate) -> bool:
    """A belief of surveyed people or a compared group, or a hedge inside it."""
    back = c.words[max(0, c.i - 12) : c.i]
    frames = [
        k
        for k, w in enumerate(back)
        if w in _SURVEYED or w in {"likely", "unlikely"} and k > 0 and back[k - 1] in _COMPARATIVE
    ]
    if not frames:
        return False
    between = back[frames[-1] + 1 :]
    return c.first in _BELIEF or any(w in _BELIEF or w in _SAYING for w in between)


def _negated_doubt(c: Candidate) -> bool:
    if not c.first.startswith("doubt"):
        return False
    return c.before() in _NEGATING or (
        c.before(2) in _NEGATING and c.before() in {"a", "any", "the", "of", "much"}
    )


def _assumed_not_believed(c: Candidate) -> bool:
    if not c.first.startswith("assum"):
        return False
    # the object, up to four words: "assumed office", "assume Mr. Reupke's duties",
    # "assumed certain of its liabilities", "will assume $22 million of debt"
    obj = c.ahead(4, _CLAUSE_END | {"that", "to"})
    taken_on = _is_number(c.after()) or any(w in _TAKEN_ON for w in obj)
    return taken_on or (c.first == "assumed" and c.before() in _PAST_BELIEF)


def _evidential_indicate(c: Candidate) -> bool:
    return c.first.startswith("indicat") and c.before() not in _MODALS | {
        "seem",
        "seems",
        "appear",
        "appears",
    }


def _booster_under_modal(c: Candidate) -> bool:
    return c.entry.category == "booster" and c.before() in {"may", "might", "could"}


@dataclass(frozen=True, slots=True)
class NotAHedgeRule:
    """A not-a-hedge rule: a name, what it means, an example it suppresses, its test."""

    name: str
    description: str
    example: str
    test: Callable[[Candidate], bool]


#: Applied in this order; the first rule that holds suppresses the candidate.
RULES: tuple[NotAHedgeRule, ...] = (
    NotAHedgeRule(
        "negated_modal",
        "'could not': inability reported as fact. 'may not' and 'might not' stay hedges "
        "(the possibility that not)",
        "They could not agree on territory.",
        _negated_modal,
    ),
    NotAHedgeRule(
        "root_modal",
        "ability or purpose, not possibility: generic 'you could', 'so that they could'",
        "You could feel the improvisational energy.",
        _root_modal,
    ),
    NotAHedgeRule(
        "named_attribution",
        "'according to' a named source, or a reporting verb (suggest, indicate, claim, "
        "argue) with a named subject: the writer reports, it does not hedge",
        "U.S. envoy Steve Witkoff later suggested it was productive.",
        _named_attribution,
    ),
    NotAHedgeRule(
        "numeric_approximator",
        "an approximator or quantifier before a number qualifies a fact; so does an "
        "estimate that gives its figure ('estimated the value at $55'); 'estimate that' stays",
        "At least three people were killed in Russian attacks.",
        _numeric_approximator,
    ),
    NotAHedgeRule(
        "quantity_idiom",
        "'some', 'many', 'several' as plain quantity, not a vague crowd: how many, "
        "so many, with some, many times, some time",
        "They met many times in Miami.",
        _quantity_idiom,
    ),
    NotAHedgeRule(
        "literal_appear",
        "'appear' as showing up: appear in court, on television, at a rally",
        "He is due to appear in court on Monday.",
        _literal_appear,
    ),
    NotAHedgeRule(
        "may_month_or_name",
        "'May' the month or the name: capitalised mid-sentence, or before a date",
        "The talks began in May 2025.",
        _may_month_or_name,
    ),
    NotAHedgeRule(
        "noun_use",
        "the noun, not the hedge: military might, a kind of",
        "Russia's military might is not in doubt.",
        _noun_use,
    ),
    NotAHedgeRule(
        "fixed_expression",
        "set phrases whose hedge word asserts: as expected, as if, as soon as possible, "
        "the best possible, made it possible, possible to (feasible), believe in (faith)",
        "As expected, the talks resumed on Sunday.",
        _fixed_expression,
    ),
    NotAHedgeRule(
        "plain_quantifier",
        "'some', 'many', 'several' counting things or people, wherever they stand ('Many "
        "homes were destroyed', 'several sticking points'), not standing for an unnamed "
        "source: 'some say', 'many critics', 'many of his contemporaries', 'some "
        "estimates', 'considered by many' stay weasels",
        "According to AFP and Reuters, the US-backed plan still faces several sticking points.",
        _plain_quantifier,
    ),
    NotAHedgeRule(
        "comparative_likelihood",
        "'as likely to', 'more likely to', 'twice as likely to': a comparison of rates, "
        "reported as a finding; 'most likely in Iraq', 'less likely' stay hedges",
        "Smokers were twice as likely to develop the disease as non-smokers.",
        _comparative_likelihood,
    ),
    NotAHedgeRule(
        "reported_content",
        "what surveyed people or a compared group think or say, and the hedges inside it: "
        "a finding about them, not the writer's doubt",
        "Girls are more likely than boys to think they might fail a maths test.",
        _reported_content,
    ),
    NotAHedgeRule(
        "condition_if",
        "'if' opening a condition ('if the drug works, ...') states what follows from "
        "what; 'asked if', 'not clear if' (an indirect question) stay hedges",
        "If the trial succeeds, the drug could reach patients by 2027.",
        _condition_if,
    ),
    NotAHedgeRule(
        "evidential_suggest",
        "'suggest' inferring from the evidence the sentence reports: 'the results "
        "suggest', ', suggesting that'; 'may suggest' and 'critics suggested' stay hedges",
        "Patients on the drug lived longer, suggesting that it slows the disease.",
        _evidential_suggest,
    ),
    NotAHedgeRule(
        "proposal_suggest",
        "'suggest' as proposing: 'suggested requiring', 'suggested that they should'",
        "The nurse suggested that the women should start walking.",
        _proposal_suggest,
    ),
    NotAHedgeRule(
        "ability_can",
        "'can' as ability ('he can swim', 'anyone can join'), availability ('can be seen "
        "at'), negation ('can no longer') or the noun; 'inflammation can transition' "
        "(possibility) stays a hedge",
        "Visitors can see the paintings until March.",
        _ability_can,
    ),
    NotAHedgeRule(
        "negated_doubt",
        "'little doubt', 'without a doubt', 'never doubted': the doubt is denied",
        "There is little doubt that the pause in strikes helped.",
        _negated_doubt,
    ),
    NotAHedgeRule(
        "assumed_not_believed",
        "'assume' as taking on (assumed office, the role, $22 million of debt) or a past "
        "assumption reported ('was assumed', 'had long assumed'), not the writer's belief",
        "She assumed office in January after the election.",
        _assumed_not_believed,
    ),
    NotAHedgeRule(
        "evidential_indicate",
        "'indicate' as showing: the data indicate that; 'may indicate' stays a hedge",
        "Witkoff suggested it indicated a willingness on Russia's part to work toward a "
        "resolution.",
        _evidential_indicate,
    ),
    NotAHedgeRule(
        "booster_under_modal",
        "a booster after 'may', 'might', 'could' intensifies a possibility ('could "
        "certainly'), it asserts nothing; 'will certainly' stays a booster",
        "The talks could certainly resume next week.",
        _booster_under_modal,
    ),
)


@dataclass(frozen=True, slots=True)
class Decision:
    """A lexicon candidate and its fate: the cue, and the rule that suppressed it (or None)."""

    cue: Cue
    suppressed_by: str | None

    @property
    def fired(self) -> bool:
        return self.suppressed_by is None


def hedge_decisions(doc: Doc) -> list[Decision]:
    """Every hedge and booster candidate in ``doc``, fired or suppressed, in text order.

    >>> from analysis.text import make_doc
    >>> doc = make_doc("They could not agree, but talks might resume.")
    >>> [(d.cue.text, d.suppressed_by) for d in hedge_decisions(doc)]
    [('could', 'negated_modal'), ('might', None)]
    """
    decisions = []
    for sentence in doc.sentences:
        for c in _candidates(sentence):
            start, end = sentence.tokens[c.i].start, sentence.tokens[c.j - 1].end
            entry = c.entry
            cue = Cue(start, end, _measure(entry), entry.category, entry.term, doc.text[start:end])
            rule = next((r.name for r in RULES if r.test(c)), None)
            decisions.append(Decision(cue, rule))
    return decisions


def hedge_cues(doc: Doc) -> list[Cue]:
    """Hedges in ``doc`` that no not-a-hedge rule suppressed.

    >>> from analysis.text import make_doc
    >>> doc = make_doc("Zelensky suggested earlier this week that it might be postponed.")
    >>> [(c.text, c.category) for c in hedge_cues(doc)]
    [('might', 'epistemic')]
    """
    return [d.cue for d in _decisions(doc) if d.fired and d.cue.measure == "hedge"]


def booster_cues(doc: Doc) -> list[Cue]:
    """Boosters in ``doc``: words that insist on a claim.

    >>> from analysis.text import make_doc
    >>> [c.text for c in booster_cues(make_doc("Putin had of course agreed. It clearly helped."))]
    ['of course', 'clearly']
    """
    return [d.cue for d in _decisions(doc) if d.fired and d.cue.measure == "booster"]


def _decisions(doc: Doc) -> tuple[Decision, ...]:
    """:func:`hedge_decisions`, computed once per Doc: hedges and boosters share the pass."""
    return doc.once(_decisions_of)


def _decisions_of(doc: Doc) -> tuple[Decision, ...]:
    return tuple(hedge_decisions(doc))


def hedge_decision_table(text: str) -> pd.DataFrame:
    """Every hedge candidate of a text as a table: what it is, and the rule that said no, if any.

    >>> hedge_decision_table("They could not agree.")[["words", "decision"]].to_dict("records")
    [{'words': 'could', 'decision': 'not a hedge: negated_modal'}]
    """
    return pd.DataFrame(
        [
            {
                "words": d.cue.text,
                "measure": d.cue.measure,
                "category": d.cue.category,
                "lexicon entry": d.cue.rule,
                "decision": d.cue.measure if d.fired else f"not a hedge: {d.suppressed_by}",
            }
            for d in hedge_decisions(make_doc(text))
        ],
        columns=["words", "measure", "category", "lexicon entry", "decision"],
    )


# --- the learned layer -------------------------------------------------------------

#: The learned layer's model file (``models/hedging.tsv``, card beside it) and the
#: ``Cue.measure`` of its weighted cues.
MODEL = "hedging"
LEARNED = "hedge_learned"


def decision_occurrences(decisions: Sequence[Decision]) -> list[Occurrence]:
    """What the learned layer weighs: every candidate the rules weighed, fired or not.

    A fired cue gives its category (``cue:hedge:epistemic``) and its lexicon entry
    (``cue:hedge:epistemic:might``); a suppressed one the rule that suppressed it
    (``cue:not_a_hedge:condition_if``), so the model weighs the rules' evidence item by
    item, and may find that a genre counts what the rules set aside.

    >>> from analysis.text import make_doc
    >>> decisions = hedge_decisions(make_doc("If it rains, it may flood."))
    >>> [f for f, _, _ in decision_occurrences(decisions)]
    ['cue:not_a_hedge:condition_if', 'cue:hedge:epistemic', 'cue:hedge:epistemic:may']
    """
    out: list[Occurrence] = []
    for d in decisions:
        c = d.cue
        if d.fired:
            out += [(f"cue:{c.measure}:{c.category}", c.start, c.end),
                    (f"cue:{c.measure}:{c.category}:{c.rule}", c.start, c.end)]  # fmt: skip
        else:
            out.append((f"cue:not_a_hedge:{d.suppressed_by}", c.start, c.end))
    return out


def sentence_decision_occurrences(doc: Doc) -> list[list[Occurrence]]:
    """:func:`decision_occurrences` of each sentence of ``doc``, in order."""
    per: list[list[Occurrence]] = [[] for _ in doc.sentences]
    starts = [s.start for s in doc.sentences]
    k = 0
    for occurrence in decision_occurrences(_decisions(doc)):
        while k + 1 < len(starts) and starts[k + 1] <= occurrence[1]:
            k += 1
        per[k].append(occurrence)
    return per


def hedge_probabilities(doc: Doc) -> list[float]:
    """The learned layer's reading of each sentence: the probability coders rate it uncertain.

    A logistic model over the rules' candidates (:func:`decision_occurrences`), trained
    on FactBank's development half and the CoNLL-2010 training file (``make train``; its
    model card says how it does on their test parts). A sentence is read as hedged
    when its probability reaches the model's threshold (:func:`hedged_by_model`). Worked
    out once per Doc: the article's ``hedge_probability`` and the sentence table read them.
    """
    return list(doc.once(_probabilities))


def _probabilities(doc: Doc) -> tuple[float, ...]:
    model = learned.load(MODEL)
    return tuple(model.probability(occ, 1) for occ in sentence_decision_occurrences(doc))


def hedged_by_model(doc: Doc) -> bool:
    """Whether any sentence's :func:`hedge_probabilities` reading reaches the model's threshold.

    >>> from analysis.text import make_doc
    >>> hedged_by_model(make_doc("The talks may resume.")), hedged_by_model(make_doc("They did."))
    (True, False)
    """
    threshold = learned.load(MODEL).threshold
    return any(p >= threshold for p in hedge_probabilities(doc))


def learned_cues(doc: Doc, cues: Sequence[Cue]) -> list[Cue]:
    """Each rule candidate's share of its sentence's logit in :func:`hedge_probabilities`.

    >>> from analysis.text import make_doc
    >>> doc = make_doc("The results suggest the drug may help.")
    >>> [(c.text, c.category) for c in learned_cues(doc, [])][-2:]
    [('may', 'toward'), ('may', 'toward')]
    """
    model = learned.load(MODEL)
    return [
        cue
        for occ in sentence_decision_occurrences(doc)
        for cue in model.cues(doc.text, occ, 1, LEARNED)
    ]


def _columns(doc: Doc, cues: Sequence[Cue]) -> dict[str, object]:
    hedges = sum(c.measure == "hedge" for c in cues)
    probabilities = hedge_probabilities(doc)
    mean = sum(probabilities) / len(probabilities) if probabilities else 0.0
    return {
        "hedge_probability": mean,
        "hedge_cues": hedges,
        "booster_cues": len(cues) - hedges,
        "hedged": bool(hedges),
    }


#: Hedging as the registry (:mod:`analysis.measures.registry`) finds it, by entry point.
#: The learned ``hedge_probability`` (for a text, the mean over its sentences: the share
#: of its sentences coders would rate uncertain) is the primary reading, compared first;
#: the rule counts stay beside it.
MEASURE = Measure(
    "hedging",
    lambda doc: [*hedge_cues(doc), *booster_cues(doc)],
    _columns,
    rate_columns=("hedge_cues", "booster_cues"),
    compare=("hedge_probability", "hedge_cues_per_1k_words", "booster_cues_per_1k_words"),
    sentence_counts={"hedge_cues": "hedge", "booster_cues": "booster"},
    sentence_values={"hedge_probability": hedge_probabilities},
    marks={
        "hedge": Mark("border-bottom: 2px dotted {orange};", "hedge (dotted underline)"),
        "booster": Mark("border-bottom: 3px double {purple};", "booster (double underline)"),
        LEARNED: Mark(
            legend="hedging model, each cue's share (hover for the number)",
            category_styles={
                "toward": "border-bottom: 2px solid {orange};",
                "against": "border-bottom: 2px dashed {sky_blue};",
            },
            default=False,
        ),
    },
    order=20,
    weights=learned_cues,
    weights_measure=LEARNED,
    labels={
        "hedge_probability": "hedged sentences (learned probability)",
        "hedge_cues_per_1k_words": "hedges per 1,000 words",
        "booster_cues_per_1k_words": "boosters per 1,000 words",
        "hedge_cues": "hedges per sentence",
        "booster_cues": "boosters per sentence",
    },
)
