"""Factiva exports in the "Full Article/Report plus Indexing" layout: RTF, plain text or HTML.

Why this module exists: Factiva labels every field with a two- or three-letter code
(``HD`` headline, ``BY`` byline, ``WC`` word count, ``PD`` publication date, ``SN`` source
name, ``SC`` source code, ``SE`` section, ``LA`` language, ``CY`` copyright, ``LP`` lead
paragraphs, ``TD`` text, then indexing codes, and ``AN`` the accession number
``Document SMHH000020100111e61b0001i`` that closes each article). In RTF and text the
code stands alone on its line (or before a tab, or in a table cell) with its value on
the next lines; in HTML each is a table row. Both come here as (code, value) pairs, so
one function turns either into articles.

What is kept: HD, BY, WC, PD, SN, SE, LA, the text (LP then TD) and AN as the
document number. Furniture: the codes themselves, CY, the indexing codes, the page
header Factiva repeats (``Page 3 of 12 © 2024 Factiva, Inc. All rights reserved.``)
and the search summary after the last article. An article with no ``AN`` line is the
end of a cut-off file and is refused.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from analysis.corpus.errors import CorpusError
from analysis.corpus.exports.records import article

__all__ = ["AN_LINE", "CODES", "factiva_html_rows", "factiva_text_rows", "read_factiva"]

#: Every field code of the layout; a line holding one of these alone starts a field.
CODES = frozenset(
    "HD CLM SE HLP BY CR WC PD ET SN SC ED PG VOL LA CY LP TD CT RF ART CO IN NS RE IPD IPC "
    "PUB AN".split()
)
#: The value of the field that closes each article.
AN_LINE = re.compile(r"^[ \t|]*(?:AN[ \t|]+)?Document [A-Za-z0-9]{16,40}[ \t|]*$", re.M)
_CODE_LINE = re.compile(r"^[ \t]*([A-Z]{2,3})[ \t]*(?:[\t|][ \t|]*(.*?))?[ \t|]*$")
_PAGE_HEADER = re.compile(
    r"^[ \t|]*Page \d+ of \d+ © \d{4} Factiva, Inc\. All rights reserved\.[ \t|]*$"
)
_DOCUMENT = re.compile(r"^Document ([A-Za-z0-9]{16,40})$")

Rows = list[tuple[str, str]]


def factiva_text_rows(lines: list[str]) -> Rows:
    """(code, value) pairs from the lines of a text or RTF export; a value's paragraphs are
    separated by blank lines. Lines after an ``AN`` value and before the next code (the
    search summary) belong to no field."""
    rows: list[tuple[str, list[str]]] = []
    for line in lines:
        if _PAGE_HEADER.match(line):
            continue
        found = _CODE_LINE.match(line)
        if found and found.group(1) in CODES:
            rows.append((found.group(1), [found.group(2) or ""]))
        elif rows and not (rows[-1][0] == "AN" and any(v.strip() for v in rows[-1][1])):
            rows[-1][1].append(line.strip(" \t|"))
    return [(code, _join(value)) for code, value in rows]


def _join(lines: list[str]) -> str:
    """Lines to paragraphs: non-blank runs joined by spaces, runs by blank lines."""
    paragraphs, run = [], []
    for line in [*lines, ""]:
        if line.strip():
            run.append(line.strip())
        elif run:
            paragraphs.append(" ".join(run))
            run = []
    return "\n\n".join(paragraphs)


class _Rows(HTMLParser):
    """Each table row's two cells as text; ``<p>`` and ``<br>`` break paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cells: list[list[str]] | None = None
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "tr":
            self.cells = []
        elif tag == "td" and self.cells is not None:
            self.cells.append([])
        elif tag in ("p", "br", "div") and self.cells:
            self.cells[-1].append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "tr" and self.cells is not None:
            self.rows.append(["".join(cell) for cell in self.cells])
            self.cells = None
        elif tag == "p" and self.cells:
            self.cells[-1].append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.cells and not self.skip:
            self.cells[-1].append(data)


def factiva_html_rows(html: str) -> Rows:
    """(code, value) pairs from the table rows of an HTML export."""
    parser = _Rows()
    parser.feed(html)
    parser.close()
    rows: Rows = []
    for cells in parser.rows:
        code = cells[0].replace("\xa0", " ").strip() if cells else ""
        if code in CODES and len(cells) >= 2:
            value = cells[1].replace("\xa0", " ")
            rows.append((code, _join(re.sub(r"[ \t]*\n[ \t]*", "\n", value).split("\n"))))
    return rows


def read_factiva(rows: Rows, where: str) -> list[dict[str, str]]:
    """The articles in ``rows`` (from either function above), each closed by its ``AN``."""
    articles = []
    fields: dict[str, list[str]] = {}
    for code, value in rows:
        fields.setdefault(code, []).append(value)
        if code == "AN":
            articles.append(_article(fields, len(articles) + 1, where))
            fields = {}
    if fields.keys() & {"HD", "LP", "TD", "SN", "PD"}:
        raise CorpusError(
            f"{where}, record {len(articles) + 1}: no AN line (Document ...), which closes "
            "every article of a Factiva export: the file is cut off here (export it again)"
        )
    return articles


def _article(fields: dict[str, list[str]], number: int, where: str) -> dict[str, str]:
    def one(code: str) -> str:
        return " ".join(fields.get(code, []))

    accession = _DOCUMENT.match(" ".join(one("AN").split()))
    if accession is None:
        raise CorpusError(
            f"{where}, record {number}: its AN field {one('AN')[:60]!r} is not "
            "'Document' and an accession number"
        )
    text = "\n\n".join(v for v in [*fields.get("LP", []), *fields.get("TD", [])] if v)
    values = {
        "title": one("HD"),
        "byline": one("BY"),
        "word_count": one("WC"),
        "date_original": one("PD"),
        "outlet": one("SN"),
        "section": one("SE"),
        "language": one("LA"),
    }
    return article(
        values,
        text,
        database="factiva",
        number=number,
        where=where,
        doc_number=accession.group(1),
    )
