"""One article from an export, checked and normalised the same way whichever database it came from.

Why this module exists: every reader (:mod:`.nexis`, :mod:`.factiva`, :mod:`.proquest`)
finds the same facts under different labels. Here they become one record with the
same columns, the same date parsing, the same identifier rule and the same refusals,
so that a hostile or broken value is treated alike in every format.

Decisions:

* ``doc_id`` is the database's own document number with the database's name in
  front (``factiva-SMHH000020100111e61b0001i``, ``proquest-434228312``,
  ``nexis-5WG8-6R61-F021-64KH-00000-00``); where the export has none (Nexis TXT) it
  is ``nexis-`` and 16 hex digits of the SHA-256 of the outlet, date, title and
  text, so it is the same on every re-export of the same article.
* ``date`` is ISO (``2010-01-11``) when the database's date reads as a day of a
  month in English; otherwise ``unknown``. ``date_original`` keeps the string.
* ``dateline`` is the database's field where it has one, else the place (and agency)
  that opens the text before a dash, as wire copy does (``WASHINGTON (Reuters) -``);
  the text keeps it.
* ``word_count`` is the number the database gives (``LENGTH: 2,968 words`` gives
  ``2968``), not a count of ours.
* Metadata values are one line: control characters (terminal escapes) and the
  bidirectional controls that make a title display in another order are removed,
  runs of spaces collapsed. HTML and formula-like values are kept as the data
  they are; pages escape them and the import CSV neutralises formulas.
* A metadata value over :data:`MAX_FIELD_CHARS` or a text over
  :data:`MAX_TEXT_CHARS` is refused: no news article is that long, and a broken
  export (a body run into a field, a file glued into a record) is.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from analysis.corpus.errors import CorpusError
from analysis.corpus.labels import UNKNOWN

__all__ = [
    "EXPORT_COLUMNS",
    "MAX_FIELD_CHARS",
    "MAX_TEXT_CHARS",
    "article",
    "dateline_of",
    "parse_date",
]

#: The columns an imported article has beyond the loader's own, in this order.
EXPORT_COLUMNS = (
    "date_original",
    "section",
    "word_count",
    "dateline",
    "language",
    "database",
    "record",
)
#: The fields a reader passes to :func:`article`, as the export gives them.
_FIELDS = (
    "title",
    "outlet",
    "date_original",
    "byline",
    "section",
    "word_count",
    "dateline",
    "language",
    "url",
)
#: Longest metadata value (characters): a title or byline longer than this is a broken record.
MAX_FIELD_CHARS = 2_000
#: Longest article text (characters), about 150,000 words: ten times the longest live blog
#: in the sample exports.
MAX_TEXT_CHARS = 1_000_000

#: Control characters (escapes and the like), and bidirectional embeddings, overrides and
#: isolates (U+202A-U+202E, U+2066-U+2069): a metadata value never needs them.
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: Identifiers the databases give: letters, digits and a few separators.
_DOC_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9:._-]{2,99}")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)


def parse_date(value: str) -> str:
    """The first date in ``value`` as ``YYYY-MM-DD``, or ``unknown``.

    >>> parse_date("January 11, 2010 Monday"), parse_date("11 January 2010")
    ('2010-01-11', '2010-01-11')
    >>> parse_date("Jul 1, 2019 9:20 AM GMT"), parse_date("31 Februar 2010")
    ('2019-07-01', 'unknown')
    """
    for pattern in _DATES:
        for found in pattern.finditer(value):
            month = found["month"]
            number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
            try:
                return date(int(found["year"]), number or 0, int(found["day"])).isoformat()
            except ValueError:
                continue
    return UNKNOWN


_DATELINE = re.compile(
    r"([A-Z][A-Z.'’ -]{1,40}[A-Z.](?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?: \([A-Za-z .&-]{1,40}\))?) ?[-—–]+ "
)


def dateline_of(text: str) -> str:
    """The dateline that opens a wire text (place, and agency in brackets), or ``""``.

    >>> dateline_of("KYIV, Ukraine (AP) — Talks resumed."), dateline_of("The talks resumed.")
    ('KYIV, Ukraine (AP)', '')
    """
    found = _DATELINE.match(text)
    return found.group(1) if found else ""


def _one_line(value: str) -> str:
    return " ".join(_HIDDEN.sub(" ", value).split())


def article(
    fields: dict[str, str],
    text: str,
    *,
    database: str,
    number: int,
    where: str,
    doc_number: str = "",
) -> dict[str, str]:
    """One checked article record: metadata as one-line strings, the text, and its doc_id.

    Args:
        fields: ``title``, ``outlet``, ``date_original``, ``byline``, ``section``,
            ``word_count``, ``dateline``, ``language`` as the export gives them
            (missing ones become ``unknown``).
        text: The article's paragraphs separated by blank lines, furniture removed.
        database: ``nexis``, ``factiva`` or ``proquest``.
        number: The record's place in its file, from 1.
        where: The file, for messages.
        doc_number: The database's own document number, if the export has one.

    Raises:
        CorpusError: no text, a value too long, or a document number that is not one.

    >>> row = article({"title": "T", "outlet": "O", "date_original": "11 January 2010",
    ...                "word_count": "1,234 words"}, "Body.", database="factiva", number=1,
    ...               where="f.rtf", doc_number="SMHH000020100111e61b0001i")
    >>> row["doc_id"], row["date"], row["word_count"], row["byline"]
    ('factiva-SMHH000020100111e61b0001i', '2010-01-11', '1234', 'unknown')
    """
    place = f"{where}, record {number}"
    row = {key: _one_line(fields.get(key, "")) for key in _FIELDS}
    for key, value in row.items():
        if len(value) > MAX_FIELD_CHARS:
            raise CorpusError(
                f"{place}: its {key} is {len(value):,} characters long (at most "
                f"{MAX_FIELD_CHARS:,}); the record is broken (a text run into a field?)"
            )
    label = repr(row["title"][:60])
    text = text.strip()
    if not text:
        raise CorpusError(f"{place} ({label}): no article text")
    if len(text) > MAX_TEXT_CHARS:
        raise CorpusError(
            f"{place} ({label}): its text is {len(text):,} characters long, more than any news "
            f"article (at most {MAX_TEXT_CHARS:,}); is the export broken?"
        )
    unit = re.sub(r"[\d\W_]+", " ", row["word_count"]).strip()
    if unit not in ("", "words", "word"):
        raise CorpusError(
            f"{place} ({label}): its word count {row['word_count'][:40]!r} is not in English; "
            "the readers know the English labels: set the database's interface to English "
            "and export again"
        )
    count = re.search(r"\d[\d,.]*", row["word_count"])
    row["word_count"] = re.sub(r"\D", "", count.group()) if count else ""
    row["date"] = parse_date(row["date_original"])
    row["dateline"] = row["dateline"] or dateline_of(text)
    row["language"] = row["language"].capitalize()
    if doc_number:
        if not _DOC_NUMBER.fullmatch(doc_number):
            raise CorpusError(
                f"{place} ({label}): its document number {doc_number[:80]!r} is not one "
                f"{database} gives (letters, digits, '-', '.', ':' or '_', up to 100)"
            )
        doc_id = f"{database}-{doc_number}"
    else:
        key = "\n".join([row["outlet"], row["date_original"], row["title"], text])
        doc_id = f"{database}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"
    row = {k: v or UNKNOWN for k, v in row.items()}
    row.update(
        doc_id=doc_id,
        database=database,
        record=str(number),
        raw=text,
        source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    return row
