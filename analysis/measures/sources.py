"""Speaker types: who is quoted, from the words that describe the speaker.

A speaker is one of :data:`SPEAKER_TYPES`:

* ``official``: office holders and institutions (presidents, ministers, envoys,
  spokespersons, negotiators, advisers, "U.S. officials", the Kremlin).
* ``expert``: analysts, scholars, researchers, "Dr.", and anyone described as
  *former* or *retired* (a retired diplomat speaks from experience, not for an
  office).
* ``private``: ordinary people, named or described (a barista, a fisherman,
  "Natalia, a 42-year-old", a volunteer).
* ``anonymous``: identity withheld (a source close to the talks, people
  familiar with, an attendee who asked to remain unnamed), and an *indefinite*
  official role with no name ("a diplomat", "an official").
* ``unknown``: no speaker, an unresolved pronoun, or no role word found.

The role words are our own lexicon, ``lexicons/speakers.tsv`` (term, category,
example, source; MIT like the package), matched as whole words, case-insensitive,
plural ``-s`` allowed. Rules, in order: an anonymous cue anywhere in the speaker
or its description wins; otherwise the *first* role word in the speaker and its
description decides (the head of "Natalia, a 42-year-old who voted for the
president" comes first); an official role after an indefinite article becomes
anonymous. There is no list of known people: a name alone is ``unknown`` unless
the caller passes a description of it (:mod:`analysis.measures.quotes` passes the
appositive and the titles next to other mentions of the name in the article).
"""

from __future__ import annotations

import re
from functools import cache

from analysis.measures.lexicons import read_lexicon

SPEAKER_TYPES = ("official", "expert", "private", "anonymous", "unknown")

PRONOUNS = frozenset("he she they we i it you".split())

_INDEFINITE = re.compile(r"(?i)^(?:a|an|one|another|some|two|three|several)\b")


@cache
def lexicon() -> dict[str, str]:
    """The speaker lexicon: term -> category.

    >>> lexicon()["envoy"], lexicon()["barista"]
    ('official', 'private')
    """
    return {e.term.lower(): e.category for e in read_lexicon("speakers.tsv")}


def _term_pattern(term: str) -> str:
    tail = r"(?:s|es)?\b" if term[-1].isalnum() else ""
    return r"\b" + re.escape(term) + tail


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(anonymous cues, every other role word with its category as the group name)."""
    by_cat: dict[str, list[str]] = {}
    for term, cat in sorted(lexicon().items(), key=lambda kv: -len(kv[0])):
        by_cat.setdefault(cat, []).append(_term_pattern(term))
    anonymous = re.compile("|".join(by_cat.pop("anonymous")), re.IGNORECASE)
    roles = re.compile(
        "|".join(f"(?P<{cat}>{'|'.join(pats)})" for cat, pats in by_cat.items()), re.IGNORECASE
    )
    return anonymous, roles


def speaker_type(speaker: str | None, *, context: str = "") -> str:
    """The type of a speaker, one of :data:`SPEAKER_TYPES`.

    Args:
        speaker: the speaker as written ("Lena Sokolov", "a source"), or None.
        context: words describing the speaker (its appositive, its title).

    Returns:
        ``official``, ``expert``, ``private``, ``anonymous`` or ``unknown``.

    >>> speaker_type("Lena Sokolov", context="Lena Sokolov, a former intelligence analyst")
    'expert'
    >>> speaker_type("U.S. envoy Steve Witkoff"), speaker_type("a diplomat")
    ('official', 'anonymous')
    >>> speaker_type("an attendee", context="an attendee who asked to remain unnamed")
    'anonymous'
    >>> speaker_type("Natalia", context="Natalia, a 42-year-old who fled Kharkiv")
    'private'
    >>> speaker_type("he"), speaker_type(None), speaker_type("Dmitriev")
    ('unknown', 'unknown', 'unknown')
    """
    if not speaker or not speaker.strip() or speaker.strip().lower() in PRONOUNS:
        return "unknown"
    words = f"{speaker} {context}"
    anonymous, roles = _patterns()
    if anonymous.search(words):
        return "anonymous"
    m = roles.search(words)
    if m is None:
        return "unknown"
    kind = m.lastgroup or "unknown"
    if kind == "official" and _INDEFINITE.match(speaker.strip()):
        return "anonymous"
    return kind
