"""The signals a journalist reads to tell a wire report from a colour piece or an opinion piece.

Why: a corpus from a news database carries no genre label, and a label given
without its reasons cannot be checked. Each function here finds one signal and
says where it found it, so that :mod:`analysis.corpus.genres` can propose a
genre with the evidence beside it:

* a wire credit: an agency in the byline or dateline, an opening credit
  (``WASHINGTON (Reuters) -``), a closing one (``Reporting by ...; Editing by``,
  ``(AFP)``, ``The Associated Press contributed to this report``: the last is
  wire *material* in a staff piece, a weaker sign), and agencies cited in the body;
* a dateline (the database's field, or the place in capitals opening the text, read
  as the export readers read it: :func:`analysis.corpus.exports.records.dateline_of`);
* the section (News, World, Business against Features, Magazine, Style, Weekend
  against Opinion, Comment, Editorial) and opinion markers in the title or byline;
* the length in words (the database's count where it gives one);
* the kind of lead: a *summary* lead (who did what, when: a reporting verb or a
  news day in its first sentence) against a *scene* or anecdote lead (a colour
  device of :mod:`analysis.measures.colour_devices`, the writer's ``I``, a
  quotation or a question opening the piece);
* the writer's first person, outside quotations (per 1,000 words);
* the share of sentences that attribute a statement (a quotation with its
  speaker, or a reporting verb: said, told, according to);
* prescriptive modals outside quotations (should, must, ought to), per 1,000
  words: argument rather than report.

What they cannot tell: who wrote a piece. A staff report in wire form reads
like wire copy, and a wire feature like a colour piece; the signals say what a
reader would see, and the proposal says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.corpus.exports.records import dateline_of
from analysis.measures.colour_devices import colour_device_cues
from analysis.measures.quotes import doc_quotes
from analysis.text import Doc, make_doc

#: News agencies whose credit marks wire copy (names as they appear in credits).
AGENCIES = (
    "Reuters",
    "Associated Press",
    "AP",
    "AFP",
    "Agence France-Presse",
    "Agence France Presse",
    "Bloomberg",
    "dpa",
    "Deutsche Presse-Agentur",
    "Press Association",
    "PA Media",
    "UPI",
    "United Press International",
    "Xinhua",
    "Kyodo",
    "ANSA",
    "EFE",
    "Interfax",
    "TASS",
    "Canadian Press",
    "AAP",
    "Australian Associated Press",
    "PTI",
    "Press Trust of India",
    "IANS",
)
_AGENCY = "|".join(sorted(map(re.escape, AGENCIES), key=len, reverse=True))
#: An agency named as a word (case kept: "AP" is not "ap").
AGENCY = re.compile(rf"(?<![\w-])(?:The )?(?:{_AGENCY})(?![\w-])")
#: A credit opening the text: "WASHINGTON (Reuters) -", "MOSCOW, Feb 1 (AFP) —", "By The AP".
_OPENING_CREDIT = re.compile(
    rf"^\s*(?:[^\n]{{0,80}}?\((?:{_AGENCY})\)\s*[-—–:]|By (?:The )?(?:{_AGENCY})\b)"
)
#: A credit closing the text: Reuters' signature, an agency alone, a copyright line.
_CLOSING_CREDIT = re.compile(
    rf"(?:\((?:Reporting|Writing|Additional reporting) by\b|^(?:Reporting|Writing) by\b[^\n]*"
    rf"\b(?:Editing|editing) by\b|^[-—–(\s]*(?:{_AGENCY})\)?\.?\s*$|"
    rf"(?:©|\(c\)|Copyright)[^\n]{{0,30}}\b(?:{_AGENCY})\b)",
    re.MULTILINE,
)
#: Wire material credited in a staff piece.
_CONTRIBUTED = re.compile(
    rf"\b(?:{_AGENCY})\b[^\n.]{{0,60}}\bcontributed(?: reporting)?(?: to this (?:report|story))?"
)
#: Section words, by the genre they point to (matched as words in the section or URL path).
SECTION_WORDS = {
    "wire": (
        "news", "world", "national", "nation", "international", "business", "politics",
        "us", "u.s.", "metro", "local", "markets", "economy", "finance", "breaking",
    ),
    "colour": (
        "features", "feature", "magazine", "style", "weekend", "arts", "life", "lifestyle",
        "travel", "culture", "sunday", "food", "fashion", "long read", "profile", "people",
    ),
    "opinion": (
        "opinion", "opinions", "comment", "commentary", "editorial", "editorials", "op-ed",
        "oped", "letters", "column", "columns", "columnists", "viewpoint", "views",
    ),
}  # fmt: skip
_SECTION = {
    genre: re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.I)
    for genre, words in SECTION_WORDS.items()
}
#: A title or byline that says it is opinion: "Opinion: ...", "Commentary |", "Letter: ...".
_OPINION_LABEL = re.compile(
    r"^\s*(?:Opinion|Commentary|Comment|Editorial|Op-Ed|Column|Letters?|Viewpoint|"
    r"Our view|My view|Analysis)\s*[:|—–-]\s",
    re.I,
)
#: A title ending "| Author Name", the Guardian's mark of a comment piece.
_AUTHOR_AFTER_BAR = re.compile(
    r"\|\s*[A-Z][a-z]+(?: [A-Z][a-z.]+){1,3}(?: and [A-Z][a-z]+ [A-Z][a-z]+)?\s*$"
)
#: A news day or time in a lead: what a summary lead says about when.
_NEWS_TIME = re.compile(
    r"\b(?:today|tonight|yesterday|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|this week|"
    r"last (?:week|month|night)|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.? \d{1,2})\b"
)
#: Reporting verbs and phrases that attribute a statement.
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|according to|announced|stated|reported|reports|added|"
    r"confirmed|claimed|insisted|warned|explained|noted|argued|acknowledged|denied|"
    r"declared|wrote|tweeted|posted)\b"
)
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_PRESCRIPTIVE = re.compile(r"\b(?:should|must|ought to|shouldn['’]t|mustn['’]t)\b", re.I)
#: Lines shorter than this many words are not the lead (a title, a kicker, a dateline alone).
LEAD_MIN_WORDS = 8


@dataclass(frozen=True, slots=True)
class Signals:
    """What a reader sees in one article; each ``*_where`` says where it was found."""

    wire_credit: str  # "" or the agency credited as author ("AFP")
    wire_credit_where: str  # "byline", "dateline", "first line", "last lines"
    wire_contributed: str  # "" or the agency credited for material in a staff piece
    agencies_cited: int  # agency names elsewhere in the text ("told Reuters")
    dateline: str
    section: str
    section_points_to: str  # "wire", "colour", "opinion" or ""
    opinion_label: str  # "" or the title or byline words that say opinion
    words: int
    lead: str  # "summary", "scene", "other"
    lead_why: str
    first_person: float  # per 1,000 words, outside quotations
    attributed_share: float  # share of sentences attributing a statement
    prescriptive: float  # per 1,000 words, outside quotations


def _known(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text.lower() in ("", "unknown", "nan", "none") else text


def wire_credit(byline: str, dateline: str, text: str) -> tuple[str, str]:
    """The agency credited as the article's author, and where; ``("", "")`` when none.

    >>> wire_credit("By AFP", "", "U.S. envoy Steve Witkoff said Saturday ...")
    ('AFP', 'byline')
    >>> wire_credit("", "", "KYIV (Reuters) - Ukraine said on Friday ...")
    ('Reuters', 'first line')
    >>> wire_credit("", "", "Talks ended.\\n(Reporting by Tom Balmforth; Editing by Alex Hay)")
    ('Reuters', 'last lines')
    >>> wire_credit("Jane Doe", "", "Talks ended. Officials told Reuters they would meet again.")
    ('', '')
    """
    if found := AGENCY.search(byline):
        return _name(found.group()), "byline"
    if found := AGENCY.search(dateline):
        return _name(found.group()), "dateline"
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and (opening := _OPENING_CREDIT.search(lines[0])):
        return _name(AGENCY.search(opening.group()).group()), "first line"
    tail = "\n".join(lines[-2:])
    if closing := _CLOSING_CREDIT.search(tail):
        agency = AGENCY.search(closing.group())
        return (_name(agency.group()) if agency else "Reuters"), "last lines"
    return "", ""


def _name(agency: str) -> str:
    return agency.removeprefix("The ")


def contributed(text: str) -> str:
    """The agency a staff piece credits for material ("The AP contributed to this report").

    >>> contributed("Talks ended.\\nThe Associated Press contributed to this report.")
    'Associated Press'
    """
    tail = "\n".join([line for line in text.split("\n") if line.strip()][-3:])
    found = _CONTRIBUTED.search(tail)
    return _name(AGENCY.search(found.group()).group()) if found else ""


def section_points_to(section: str, url: str = "") -> str:
    """The genre a section name (or a folder of a URL's path) points to: opinion first,
    then colour, then wire.

    >>> section_points_to("Opinion"), section_points_to("Style"), section_points_to("World News")
    ('opinion', 'colour', 'wire')
    >>> section_points_to("", "https://www.nytimes.com/2019/05/01/opinion/climate.html")
    'opinion'
    >>> section_points_to("", "https://example.com/2026/02/01/us-envoy-reports-talks")
    ''
    """
    folders = re.sub(r"^[a-z]+://[^/]*", "", url.lower()).split("/")[:-1]  # not the page name
    for genre in ("opinion", "colour", "wire"):
        if section and _SECTION[genre].search(section):
            return genre
    for genre in ("opinion", "colour", "wire"):
        if any(folder.replace("-", " ") in SECTION_WORDS[genre] for folder in folders):
            return genre
    return ""


def opinion_label(title: str, byline: str, first_line: str) -> str:
    """Words in the title, byline or first line that say the piece is opinion, or ``""``.

    >>> opinion_label("Commentary: No, Trump didn't cause Florence", "", "")
    'Commentary:'
    >>> opinion_label("Trump is using Stalinist techniques | Michael Mann and Bob Ward", "", "")
    '| Michael Mann and Bob Ward'
    """
    for place in (title, byline, first_line):
        if found := _OPINION_LABEL.search(place) or _AUTHOR_AFTER_BAR.search(place):
            return found.group().strip()
    return ""


def lead_kind(doc: Doc) -> tuple[str, str]:
    """``summary``, ``scene`` or ``other`` for the lead (first paragraph of eight words or
    more), and why.

    >>> lead_kind(make_doc("US envoy Steve Witkoff said Saturday he had held talks in Florida."))
    ('summary', 'reporting verb: said')
    >>> lead_kind(make_doc("On a humid Florida morning, the palms lean into the Atlantic breeze."))
    ('scene', 'colour device: On a humid Florida morning')
    """
    start = 0
    for paragraph in re.finditer(r"[^\n]+", doc.text):
        if len(paragraph.group().split()) >= LEAD_MIN_WORDS:
            start = paragraph.start()
            break
    sentences = [s for s in doc.sentences if s.end > start][:2]
    if not sentences:
        return "other", "no lead"
    first, end = sentences[0], sentences[-1].end
    devices = [c for c in colour_device_cues(doc) if start <= c.start < end]
    if devices:
        return "scene", f"colour device: {devices[0].text}"
    opening = first.text.lstrip()
    if opening[:1] in "“\"‘'":
        return "scene", "opens with a quotation"
    if first.tokens and first.tokens[0].norm in _FIRST_PERSON:
        return "scene", "opens in the first person"
    outside = _outside_quotes(doc, first.start, first.end)
    if found := _REPORTING.search(outside):
        return "summary", f"reporting verb: {found.group()}"
    if found := _NEWS_TIME.search(outside):
        return "summary", f"news day: {found.group()}"
    return "other", "neither a reporting verb nor a news day in the first sentence"


def _outside_quotes(doc: Doc, start: int, end: int) -> str:
    """The text of ``start:end`` with quoted words blanked out."""
    return "".join(
        " " * (b - a) if inside else doc.text[a:b] for a, b, inside in doc.quoted.cut(start, end)
    )


def attributed_share(doc: Doc) -> float:
    """The share of sentences (of four words or more) that attribute a statement.

    >>> attributed_share(make_doc('“We are ready,” Umerov said. The sea was calm today.'))
    0.5
    """
    speakers = [(q.start, q.end) for q in doc_quotes(doc) if q.speaker]
    counted = attributed = 0
    for sentence in doc.sentences:
        if sum(t.is_word for t in sentence.tokens) < 4:
            continue
        counted += 1
        quoted = any(a < sentence.end and sentence.start < b for a, b in speakers)
        if quoted or _REPORTING.search(_outside_quotes(doc, sentence.start, sentence.end)):
            attributed += 1
    return attributed / counted if counted else 0.0


def _per_thousand(doc: Doc, count: int) -> float:
    return 1000 * count / len(doc.words) if doc.words else 0.0


def article_signals(article: dict, *, doc: Doc | None = None) -> Signals:
    """Every signal of one article (a corpus row as a dict: ``text``, and where present
    ``title``, ``byline``, ``dateline``, ``section``, ``url``, ``word_count``).

    >>> s = article_signals({"text": "KYIV (Reuters) - Ukraine said on Friday it was ready."})
    >>> s.wire_credit, s.dateline, s.lead
    ('Reuters', 'KYIV (Reuters)', 'summary')
    """
    text = str(article.get("text", ""))
    doc = doc or make_doc(text)
    byline, title = _known(article.get("byline")), _known(article.get("title"))
    dateline = _known(article.get("dateline")) or dateline_of(text)
    section = _known(article.get("section"))
    credit, where = wire_credit(byline, dateline, text)
    lead, why = lead_kind(doc)
    body = _outside_quotes(doc, 0, len(text))
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    given_count = _known(article.get("word_count")).replace(",", "")
    return Signals(
        wire_credit=credit,
        wire_credit_where=where,
        wire_contributed="" if credit else contributed(text),
        agencies_cited=len(AGENCY.findall(body)),
        dateline=dateline,
        section=section,
        section_points_to=section_points_to(section, _known(article.get("url"))),
        opinion_label=opinion_label(title, byline, first_line),
        words=int(given_count) if given_count.isdigit() else len(doc.words),
        lead=lead,
        lead_why=why,
        first_person=_per_thousand(
            doc,
            sum(w.norm in _FIRST_PERSON and not doc.quoted.contains(w.start) for w in doc.words),
        ),
        attributed_share=attributed_share(doc),
        prescriptive=_per_thousand(doc, len(_PRESCRIPTIVE.findall(body))),
    )
