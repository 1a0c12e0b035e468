"""ProQuest exports in the "TXT - Text only" layout.

Why this module exists: ProQuest writes one block per article between lines of 60
underscores: ``Document 3 of 25``, the title, then labelled fields, each a paragraph
starting ``Label: `` (``Author:``, ``Publication info:``, ``Full text:``, ``Section:``,
``Publication title:``, ``Publication date:``, ``Language of publication:``,
``ProQuest document ID:``, ``Document URL:``, ``Copyright:`` ...). The text is the
``Full text:`` field, which runs over several paragraphs until the next known label.
The first block (``Report Information from ProQuest``, the table of contents) and the
last (``Contact ProQuest``, its copyright) are furniture.

What is kept: title, author (as byline), publication title (outlet), publication date,
section, dateline where given, word count where given, language, the full text and
the ProQuest document ID. An article block without its document ID is the end of a
cut-off file and is refused.
"""

from __future__ import annotations

import re

from analysis.corpus.errors import CorpusError
from analysis.corpus.exports.records import article

__all__ = ["DOCUMENT_ID", "SEPARATOR", "read_proquest"]

#: The line between blocks.
SEPARATOR = re.compile(r"^_{40,}[ \t]*$", re.M)
#: The field every article has and that closes it.
DOCUMENT_ID = re.compile(r"^ProQuest document ID: *(\S*)", re.M)
#: Labels ProQuest uses: a paragraph starting with one of these starts a field.
LABELS = frozenset(
    [
        "Abstract", "Author", "Publication info", "Links", "Full text", "Subject",
        "Location", "People", "Company / organization", "Identifier / keyword", "Title",
        "Publication title", "First page", "Publication year", "Publication date",
        "Year", "Section", "Publisher", "Place of publication", "Country of publication",
        "Publication subject", "ISSN", "Source type", "Language of publication",
        "Document type", "ProQuest document ID", "Document URL", "Copyright",
        "Last updated", "Database", "Dateline", "Word count", "Credit", "Illustration",
        "Caption", "Edition", "Column", "Pages", "Document feature", "Number of pages",
    ]
)  # fmt: skip
_LABEL = re.compile(r"^([A-Z][A-Za-z /]{1,40}?): ?(.*)$", re.S)
_DOCUMENT_LINE = re.compile(r"^Document \d+ of \d+$")


def read_proquest(text: str, where: str) -> list[dict[str, str]]:
    """The articles of a ProQuest text export (``text`` decoded, ``\\n`` line ends)."""
    articles: list[dict[str, str]] = []
    for block in SEPARATOR.split(text):
        paragraphs = [
            [line.strip() for line in run.split("\n") if line.strip()]
            for run in re.split(r"\n[ \t]*\n", block)
        ]
        paragraphs = [p for p in paragraphs if p]
        if not any(_is_field(p[0]) for p in paragraphs):
            continue  # the report header, the table of contents, the closing notice
        number = len(articles) + 1
        if not DOCUMENT_ID.search(block):
            raise CorpusError(
                f"{where}, record {number}: no 'ProQuest document ID' line, which every "
                "article of a ProQuest export has: the file is cut off here (export it again)"
            )
        articles.append(_article(paragraphs, number, where))
    return articles


def _is_field(paragraph: str) -> bool:
    found = _LABEL.match(paragraph)
    return bool(found) and found.group(1) in LABELS


def _article(paragraphs: list[list[str]], number: int, where: str) -> dict[str, str]:
    """One article from its paragraphs (each a list of lines). The full text keeps each
    line as a paragraph; any other field's lines are joined into one value."""
    if paragraphs and _DOCUMENT_LINE.match(paragraphs[0][0]):
        paragraphs = paragraphs[1:]
    fields: dict[str, list[str]] = {}
    heading: list[str] = []
    label = ""
    for lines in paragraphs:
        found = _LABEL.match(lines[0])
        if found and found.group(1) in LABELS:
            label = found.group(1)
            lines = [found.group(2), *lines[1:]]
            fields.setdefault(label, [])
        elif not label:
            heading.extend(lines)  # the title above the fields
            continue
        elif label != "Full text":
            continue  # another field's stray paragraphs (a list of links) are furniture
        if label == "Full text":
            fields[label].extend(line for line in lines if line)
        else:
            fields[label].append(" ".join(lines))

    def one(label: str) -> str:
        return " ".join(fields.get(label, []))

    values = {
        "title": one("Title") or " ".join(heading),
        "byline": one("Author"),
        "outlet": one("Publication title"),
        "date_original": one("Publication date"),
        "section": one("Section"),
        "dateline": one("Dateline"),
        "word_count": one("Word count"),
        "language": one("Language of publication"),
        "url": one("Document URL"),
    }
    return article(
        values,
        "\n\n".join(p for p in fields.get("Full text", []) if p),
        database="proquest",
        number=number,
        where=where,
        doc_number=one("ProQuest document ID"),
    )
