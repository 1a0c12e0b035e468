"""Page furniture out, the article in: named cleaning rules for news pages saved as text.

Why this module exists: the texts arrive as whole web pages (navigation, date
lines, photo credits, "Related article" teasers, other stories' headlines,
advertisements, bylines, URLs). Left in, furniture is counted as if the article
said it. Every rule here has a name, a pattern, a description and a real example
line from the seed corpus, and :func:`clean_text` reports each line it removed
together with the rule that removed it, so a reader can check the cleaning and
argue with it.

How a page is read, one line = one paragraph:

1. Markup is rewritten (``MARKUP_RULES``): ``#`` headings, ``**bold**``,
   ``[text](url)`` links, bullet markers (normalised to ``•``). Whitespace is
   collapsed.
2. Furniture lines are dropped wherever they stand (``LINE_RULES``): each
   pattern must match the whole line, so a sentence that merely mentions a
   date, a URL or a photographer is never dropped.
3. The *head* is every line before the first body paragraph (a line of at least
   eight words ending in ``.``, ``!``, ``?`` or a closing quote). Its last
   headline, the one directly above the body, is the article's own ``title``;
   headlines above it are removed by the positional rules ``page_headline``,
   ``other_story`` and ``section_label`` (``HEAD_RULES``).
4. Short lines after a byline that closes the article are ``end_matter``.

The title decision: aggregator pages such as seeds 000 and 003 show the site's
index headline ("U.S. Envoy Reports Constructive Dialogue With Russia Over
Ukraine"), then other stories, then the piece's own headline ("Sun, Sand and
Diplomatic Whispers: ..."). The headline directly above the body is the one
written with the article, in its register, so it is the ``title``; the index
headline is kept in ``removed`` as ``page_headline`` for anyone who wants to
compare. On a page with a single headline (the wire seeds) the two coincide.

Limits, known and accepted:

* The head rules are positional heuristics. A standfirst without a final full
  stop becomes the title (and the real headline a ``page_headline``); an
  other-story headline placed *after* the article's headline and before the
  body is taken for the title. Check ``removed`` on new sources.
* A standfirst that ends in a full stop is kept as the first body paragraph.
* Hard-wrapped text (line breaks inside paragraphs) must be unwrapped first.
* ``photo_credit`` knows the main agencies only; ``byline`` drops any line
  that is just "By" and up to six capitalised words.
* There is no video-teaser rule: the seed corpus has no example to test one on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "CleanResult",
    "CleaningRule",
    "HEAD_RULES",
    "LINE_RULES",
    "MARKUP_RULES",
    "RULES",
    "clean_text",
]


@dataclass(frozen=True, slots=True)
class CleaningRule:
    """A named cleaning rule with the real line that motivated it.

    Attributes:
        name: Short identifier, reported in :attr:`CleanResult.removed`.
        description: What the rule removes or rewrites, for a reader.
        example: A line copied unchanged from a seed text that the rule fires on.
        pattern: Line rules: must match the whole (markup-free) line. Markup
            rules: every match is replaced by ``replacement``. Positional rules
            (``kind="head"`` or ``"tail"``) have none: position decides.
        replacement: Markup rules only.
        kind: ``"markup"``, ``"line"``, ``"head"`` or ``"tail"``.
    """

    name: str
    description: str
    example: str
    pattern: re.Pattern[str] | None = None
    replacement: str = ""
    kind: str = "line"


@dataclass(frozen=True, slots=True)
class CleanResult:
    """What :func:`clean_text` made of a page.

    Attributes:
        title: The article's own headline, or ``""`` when none was found.
        text: The body, paragraphs in order, separated by blank lines.
        removed: ``(rule name, original line)`` in page order, for every line
            dropped and every line whose markup was rewritten.
    """

    title: str
    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:(?i:today|updated|published|posted|last updated)\s*:?\s*)?"
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
)
_NAME = r"[A-Z][\w.'’-]*"
_AGENCY = (
    r"(?:AFP|AP|Reuters|Getty Images|EPA(?:-EFE)?|Anadolu(?: Agency)?|TASS|Sputnik|Xinhua"
    r"|Bloomberg|Shutterstock|Pool|Kremlin\.ru|[A-Z]{2,5} Pool)"
)

MARKUP_RULES: tuple[CleaningRule, ...] = (
    CleaningRule(
        "markdown_heading",
        "A Markdown heading marker (#, ##, ...) at the start of a line; the words stay.",
        "# U.S. Envoy Reports 'Constructive' Ukraine Talks With Russia",
        re.compile(r"^#{1,6}\s+"),
        kind="markup",
    ),
    CleaningRule(
        "markdown_bold",
        "Markdown **bold** or __bold__ markers; the words stay.",
        "U.S. envoy Steve Witkoff **Brendan Smialowski/AFP**",
        re.compile(r"\*\*(.+?)\*\*|__(.+?)__"),
        r"\1\2",
        kind="markup",
    ),
    CleaningRule(
        "markdown_link",
        "A Markdown link or image [text](target) becomes its text.",
        "By [AFP](#)",
        re.compile(r"!?\[([^\]]*)\]\([^)]*\)"),
        r"\1",
        kind="markup",
    ),
    CleaningRule(
        "bullet",
        "A list-item marker (•, -, *, +) with its indentation becomes '• '; the item stays.",
        "  • Security guarantees—mechanisms to prevent renewed hostilities;",
        re.compile(r"^\s*[•●▪◦‣∙*+-]\s+"),
        "• ",
        kind="markup",
    ),
)

LINE_RULES: tuple[CleaningRule, ...] = (
    CleaningRule(
        "navigation",
        "A breadcrumb trail: 'Home' followed by a separator or an upper-case section name.",
        "Home WORLD NEWS U.S. Envoy Reports Constructive Dialogue With Russia Over Ukraine",
        re.compile(r"Home(?:\s*[>»›|/]\s*\S.*|\s+[A-Z]{2,}\b.*)"),
    ),
    CleaningRule(
        "standalone_date",
        "A date (optionally with weekday, time or a 'Today:'/'Updated:' label) alone on a line.",
        "Sunday, February 1, 2026",
        re.compile(_DATE),
    ),
    CleaningRule(
        "standalone_number",
        "A number alone on a line (comment counters, list positions, page widgets).",
        "12",
        re.compile(r"\d+(?:[.,]\d+)*"),
    ),
    CleaningRule(
        "byline",
        "'By' and up to six capitalised words alone on a line (authors or agencies).",
        "By [AFP](#)",
        re.compile(rf"[Bb]y:?\s+{_NAME}(?:(?:\s+|\s*,\s*|\s+(?:and|&)\s+){_NAME}){{0,5}}"),
    ),
    CleaningRule(
        "photo_credit",
        "A caption ending in a photographer/agency credit, or a 'Photo:'/'Credit:' line.",
        "U.S. envoy Steve Witkoff **Brendan Smialowski/AFP**",
        re.compile(
            rf"(?:.*\s)?\(?(?:{_NAME}\s+)*{_NAME}\s*/\s*{_AGENCY}\)?"
            r"|\(?(?i:photo(?:graph)?s?|image|picture|credit)(?: credit)?\s*(?::|by)\s+.+"
        ),
    ),
    CleaningRule(
        "related_link",
        "A 'Related article:' / 'Read more:' / 'See also:' teaser pointing to another story.",
        "**Related article:** [Russia's Ukraine War Lasting Longer Than Its WWII Fight "
        "Shatters Its Myth of Military Supremacy](#)",
        re.compile(
            r"(?i:related|read more|read also|also read|see also|recommended|more on this)"
            r"(?i: articles?| stor(?:y|ies)| content| coverage)?\s*[:›»|-]\s*.*"
        ),
    ),
    CleaningRule(
        "advertisement",
        "An advertisement or sponsored-content marker alone on a line.",
        "- Advertisement -",
        re.compile(r"[-–—•*\s]*(?i:advertisement|advert|sponsored(?: content)?)[-–—*\s]*"),
    ),
    CleaningRule(
        "original_url",
        "A label pointing to the source page ('Original url:', 'Source:'), with or without URL.",
        "Original url:",
        re.compile(
            r"(?i:original (?:url|link|article)|source url|source|read the original(?: article)?)"
            r"\s*:\s*(?:<?https?://\S+>?)?"
        ),
    ),
    CleaningRule(
        "bare_url",
        "A URL alone on a line.",
        "<https://www.themoscowtimes.com/2026/02/01/"
        "us-envoy-reports-constructive-ukraine-talks-with-russia-a91829>",
        re.compile(r"<?(?:https?://|www\.)\S+>?"),
    ),
)

HEAD_RULES: tuple[CleaningRule, ...] = (
    CleaningRule(
        "section_label",
        "Above the body: a line of one or two words, such as a section name.",
        "World News",
        kind="head",
    ),
    CleaningRule(
        "page_headline",
        "Above the body: the first headline, when the article carries its own headline "
        "lower down, directly above the body (the site's index headline).",
        "U.S. Envoy Reports Constructive Dialogue With Russia Over Ukraine",
        kind="head",
    ),
    CleaningRule(
        "other_story",
        "Above the body: headlines and teaser lines between the page headline and the "
        "article's own headline (related-story widgets).",
        "US envoy to meet Putin for talks on ending war in Ukraine",
        kind="head",
    ),
    CleaningRule(
        "end_matter",
        "After a byline that closes the article: up to three short lines (outlet, desk, credits).",
        "Axadle Times international–Monitoring.",
        kind="tail",
    ),
)

RULES: tuple[CleaningRule, ...] = MARKUP_RULES + LINE_RULES + HEAD_RULES

_BODY_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_BODY_MIN_WORDS = 8
#: Rules whose pattern can also match a sentence of the article: never applied to a line
#: that reads as a full body paragraph.
_NEVER_ON_BODY = frozenset({"navigation", "photo_credit"})


def _is_body_paragraph(line: str) -> bool:
    return len(line.split()) >= _BODY_MIN_WORDS and bool(_BODY_END.search(line))


def _strip_markup(line: str) -> tuple[str, list[str]]:
    """The line without markup, and the names of the markup rules that changed it."""
    fired = []
    for rule in MARKUP_RULES:
        assert rule.pattern is not None
        new = rule.pattern.sub(rule.replacement, line)
        if new != line and new.split() != line.split():  # re-indenting a bullet is not news
            fired.append(rule.name)
        line = new
    return " ".join(line.split()), fired


def _furniture(line: str) -> CleaningRule | None:
    return next((r for r in LINE_RULES if r.pattern and r.pattern.fullmatch(line)), None)


def clean_text(raw: str) -> CleanResult:
    """Split a news page into the article's title and body, removing page furniture.

    Args:
        raw: The page as text (any line endings).

    Returns:
        The title, the body (one paragraph per line of the page, separated by
        blank lines) and every removed or rewritten line with its rule's name.

    >>> page = "Home WORLD NEWS Talks\\n12\\n# Envoys meet in Florida\\nBy [AFP](#)\\n"
    >>> page += "The envoys met on Saturday in Miami for talks on the war.\\n- Advertisement -"
    >>> result = clean_text(page)
    >>> result.title, result.text
    ('Envoys meet in Florida', 'The envoys met on Saturday in Miami for talks on the war.')
    >>> [name for name, line in result.removed]
    ['navigation', 'standalone_number', 'markdown_heading', 'byline', 'advertisement']
    """
    found: list[tuple[int, str, str]] = []  # (line number, rule, original line)
    kept: list[tuple[int, str]] = []  # (line number, markup-free line)
    byline_at: int | None = None  # how many lines were kept when a byline was dropped
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines):
        plain, fired = _strip_markup(line)
        if not plain:
            continue
        rule = _furniture(plain)
        if rule is not None and rule.name in _NEVER_ON_BODY and _is_body_paragraph(plain):
            rule = None  # "Home NHS waiting lists grew again, the department said." is news
        if rule is not None:
            found.append((number, rule.name, line.strip()))
            if rule.name == "byline":
                byline_at = len(kept)
            continue
        found.extend((number, name, line.strip()) for name in fired)
        kept.append((number, plain))

    start = next((i for i, (_, line) in enumerate(kept) if _is_body_paragraph(line)), None)
    if start is None:  # no full paragraph: fall back to the first sentence-like line
        start = next((i for i, (_, line) in enumerate(kept) if _BODY_END.search(line)), 0)
    end = len(kept)
    if byline_at is not None and byline_at > start:
        tail = kept[byline_at:]
        if len(tail) <= 3 and all(len(line.split()) < _BODY_MIN_WORDS for _, line in tail):
            found.extend((number, "end_matter", lines[number].strip()) for number, _ in tail)
            end = byline_at

    title = ""
    headlines = []
    for number, line in kept[:start]:
        if len(line.split()) <= 2:
            found.append((number, "section_label", lines[number].strip()))
        else:
            headlines.append((number, line))
    if headlines:
        *above, (_, title) = headlines
        for i, (number, _) in enumerate(above):
            name = "page_headline" if i == 0 else "other_story"
            found.append((number, name, lines[number].strip()))

    found.sort(key=lambda entry: entry[0])
    return CleanResult(
        title=title,
        text="\n\n".join(line for _, line in kept[start:end]),
        removed=[(name, line) for _, name, line in found],
    )
