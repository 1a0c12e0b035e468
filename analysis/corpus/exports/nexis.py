"""Nexis exports: the plain-text export of LexisNexis Academic (TXT) and Nexis Uni's
Word and RTF exports, whose text is laid out alike.

Why this module exists: the same facts sit in two layouts. The TXT export heads each
article ``N of M DOCUMENTS``, centres the outlet and the date, hard-wraps the text at
about 80 characters and labels fields in capitals (``BYLINE:``, ``SECTION:``,
``LENGTH:``, ``LOAD-DATE:``, ``LANGUAGE:``), with the copyright lines last (or, for
some sources, centred above the outlet). Nexis Uni
opens with a cover page (the search, then one numbered line per article linking to its
document number), then gives each article as title, outlet, date, copyright line,
``Section:``/``Length:``/``Byline:``/``Dateline:``, ``Body``, the paragraphs, then
``Classification`` fields and ``End of Document``.

What is kept: title, outlet, date, byline, section (without ``; Pg. 6`` or
``; Version:3``), word count, dateline, language, and the body with its wrapped lines
joined. Everything else (the request header, the cover page, copyright lines,
``LOAD-DATE``, ``GRAPHIC`` captions, the classification, ``End of Document``) is
furniture. A record without its closing field (``LOAD-DATE`` in TXT,
``End of Document`` in Nexis Uni) is the end of a cut-off file and is refused.
"""

from __future__ import annotations

import re

from analysis.corpus.errors import CorpusError
from analysis.corpus.exports.records import article

__all__ = ["TXT_RECORD", "UNI_END", "read_nexis_txt", "read_nexis_uni"]

#: The line that opens each article of a TXT export.
TXT_RECORD = re.compile(r"^[ \t]*\d+ of \d+ DOCUMENTS[ \t]*$", re.M)
#: The line that closes each article of a Nexis Uni export.
UNI_END = re.compile(r"^[ \t]*End of Document[ \t]*$", re.M)

_TXT_LABEL = re.compile(r"^([A-Z][A-Z]+(?:[- ][A-Z]+)*): ?(.*)$", re.S)
#: Labels that close the body in a TXT export (the fields after it).
_TXT_AFTER = frozenset(
    "LOAD-DATE LANGUAGE GRAPHIC PUBLICATION-TYPE JOURNAL-CODE URL CORRECTION-DATE "
    "CORRECTION NOTES DOCUMENT-TYPE SUBJECT ORGANIZATION PERSON GEOGRAPHIC COMPANY "
    "INDUSTRY TICKER DISTRIBUTION".split()
)
#: Labels before the body.
_TXT_BEFORE = frozenset("BYLINE SECTION LENGTH DATELINE HIGHLIGHT EDITION BODY".split())
_COPYRIGHT = re.compile(r"^(?:Copyright\b|©|\(c\)|All Rights Reserved)", re.I)
_UNI_LABEL = re.compile(r"^([A-Z][A-Za-z]+(?:[- ][A-Za-z]+)?):\s*(.*)$")
_UNI_BEFORE = frozenset({"Section", "Length", "Byline", "Dateline", "Highlight"})
_UNI_BODY_END = frozenset({"Classification", "Graphic", "Load-Date", "Notes"})
_URN = re.compile(r"urn:contentItem:([0-9A-Z]{4}(?:-[0-9A-Z]{2,5}){3,6})")
_COVER_ITEM = re.compile(r"^(\d+)\.(?: |$)")


def _fields(values: dict[str, str]) -> dict[str, str]:
    """Export labels to the record's keys."""
    return {
        "byline": values.get("byline", ""),
        "section": values.get("section", "").split(";")[0],
        "word_count": values.get("length", ""),
        "dateline": values.get("dateline", ""),
        "language": values.get("language", ""),
    }


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    runs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def read_nexis_txt(text: str, where: str) -> list[dict[str, str]]:
    """The articles of a LexisNexis Academic TXT export (``text`` decoded, ``\\n`` line ends)."""
    starts = [m.end() for m in TXT_RECORD.finditer(text)]
    ends = [m.start() for m in TXT_RECORD.finditer(text)][1:] + [len(text)]
    return [
        _txt_record(text[start:end].split("\n"), number, where)
        for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1)
    ]


def _txt_record(lines: list[str], number: int, where: str) -> dict[str, str]:
    runs = _paragraphs(lines)
    head = []  # centred runs before the title: outlet, then date (and edition lines)
    while runs and runs[0][0].startswith("     ") and len(head) < 2:
        kept = [line for line in runs.pop(0) if not _COPYRIGHT.match(line.strip())]
        if kept:  # a copyright line may stand above the outlet, alone or in its run
            head.append(kept)
    values: dict[str, str] = {}
    title: list[str] = []
    body: list[str] = []
    state = "title"
    for run in runs:
        joined = " ".join(line.strip() for line in run)
        label = _TXT_LABEL.match(joined)
        name = label.group(1) if label else ""
        if name in _TXT_BEFORE and state != "after":
            values[name.lower()] = label.group(2)
            state = "body"
        elif name in _TXT_AFTER:
            values[name.lower()] = label.group(2)
            state = "after"
        elif state == "title":
            title.append(joined)
        elif state == "body":
            body.append(joined)
        # after the body: copyright lines and unknown fields are furniture
    if "load-date" not in values:
        raise CorpusError(
            f"{where}, record {number}: no LOAD-DATE line, which closes every article of a "
            "Nexis TXT export: the file is cut off here (export it again)"
        )
    if len(head) < 2:
        raise CorpusError(f"{where}, record {number}: no centred outlet and date lines")
    fields = _fields(values) | {
        "title": " ".join(title),
        "outlet": " ".join(line.strip() for line in head[0]),
        "date_original": head[1][0].strip(),
    }
    return article(fields, "\n\n".join(body), database="nexis", number=number, where=where)


def read_nexis_uni(paragraphs: list[tuple[str, list[str]]], where: str) -> list[dict[str, str]]:
    """The articles of a Nexis Uni export: its paragraphs (DOCX) or lines (RTF), each with the
    addresses it links to."""
    lines: list[tuple[str, list[str]]] = []
    for text, links in paragraphs:  # a paragraph with line breaks is several lines
        parts = text.split("\n")
        lines.extend((part.strip(), links if i == 0 else []) for i, part in enumerate(parts))
    ends = [i for i, (line, _) in enumerate(lines) if line == "End of Document"]
    starts = [0, *(end + 1 for end in ends)]
    records = [lines[start:end] for start, end in zip(starts, ends, strict=False)]
    if any(_uni_label(line) in _UNI_BEFORE for line, _ in lines[ends[-1] if ends else 0 :]):
        raise CorpusError(
            f"{where}, record {len(records) + 1}: no 'End of Document' line, which closes "
            "every article of a Nexis Uni export: the file is cut off here (export it again)"
        )
    numbers = _document_numbers(records[0] if records else [], len(records))
    return [
        _uni_record([line for line, _ in record], number, where, numbers.get(number, ""))
        for number, record in enumerate(records, start=1)
    ]


def _document_numbers(cover: list[tuple[str, list[str]]], count: int) -> dict[int, str]:
    """Article number to document number, from the cover page's numbered, linked lines."""
    numbers = {}
    for line, links in cover:
        item = _COVER_ITEM.match(line)
        urn = next((m for m in map(_URN.search, [*links, line]) if m), None)
        if item and urn and int(item.group(1)) <= count:
            numbers.setdefault(int(item.group(1)), urn.group(1))
    return numbers if len(numbers) == count else {}


def _uni_label(line: str) -> str:
    """The label a Nexis Uni line starts with (``Length`` for ``Length: 355 words``), or ``""``."""
    found = _UNI_LABEL.match(line)
    return found.group(1) if found else ""


def _uni_record(lines: list[str], number: int, where: str, doc_number: str) -> dict[str, str]:
    first = next((i for i, line in enumerate(lines) if _uni_label(line) in _UNI_BEFORE), None)
    body_at = next((i for i, line in enumerate(lines) if line == "Body"), None)
    if first is None or body_at is None:
        raise CorpusError(
            f"{where}, record {number}: not a Nexis Uni article (no 'Body' line after "
            "Section:, Length: or Byline:)"
        )
    head = [line for line in lines[:first] if line and not _COPYRIGHT.match(line)]
    if len(head) < 2:
        raise CorpusError(f"{where}, record {number}: no outlet and date lines above Section:")
    head = ["", *head]  # an article without a title has only the outlet and the date
    values = {
        label.lower(): line.split(":", 1)[1].strip()
        for line in lines[first:body_at]
        if (label := _uni_label(line)) in _UNI_BEFORE
    }
    values["language"] = next(
        (line.split(":", 1)[1] for line in lines[body_at:] if _uni_label(line) == "Language"), ""
    )
    body = []
    for line in lines[body_at + 1 :]:
        if line in _UNI_BODY_END or _uni_label(line) in _UNI_BODY_END:
            break
        if line:
            body.append(line)
    fields = _fields(values) | {"title": head[-3], "outlet": head[-2], "date_original": head[-1]}
    return article(
        fields,
        "\n\n".join(body),
        database="nexis",
        number=number,
        where=where,
        doc_number=doc_number,
    )
