"""Articles laid out as news-database exports: Nexis TXT, DOCX and RTF, Factiva RTF and
HTML, ProQuest TXT.

The readers in ``analysis.corpus.exports`` are tested on real samples and on fixtures
written by hand; this module writes *many* export files from real article texts (BASIL,
read from ``../shared/eval`` at run time and never committed), for the test that checks
every field of 1,000 articles and for ``benchmarks/import_speed.py``. Each writer follows
the layout of its database (the same one the hand-made fixtures in
``tests/fixtures/exports`` show): furniture, field labels or codes, document numbers,
hard-wrapped lines, code-page and Unicode escapes in RTF, page headers.

    .venv/bin/python -m benchmarks.export_layouts --out /tmp/exports --articles 1000
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from analysis import paths

#: The article fields a writer reads: title, outlet, date (ISO), byline, section,
#: word_count, language, text (paragraphs separated by blank lines).
Article = dict[str, str]
SEP = "_" * 60


def _long_date(iso: str, *, weekday: bool = True) -> str:
    day = date.fromisoformat(iso)
    text = f"{day:%B} {day.day}, {day.year}"
    return f"{text} {day:%A}" if weekday else text


def _paragraphs(article: Article) -> list[str]:
    return [" ".join(p.split()) for p in article["text"].split("\n\n") if p.strip()]


def doc_number(kind: str, article: Article) -> str:
    """A stable document number in the database's own shape, from the article's title and text."""
    digest = hashlib.sha256((article["title"] + article["text"]).encode()).hexdigest()
    if kind == "factiva":
        day = article["date"].replace("-", "")
        letters = "".join(c for c in article["outlet"].upper() if c.isalpha())
        return f"{letters[:4]:X<4}000020{day[2:]}e{digest[:10]}"
    if kind == "proquest":
        return str(int(digest[:12], 16) % 10**10)
    return "-".join([digest[0:4], digest[4:8], digest[8:12], digest[12:16], "00000", "00"]).upper()


def nexis_txt(articles: Sequence[Article]) -> bytes:
    """LexisNexis Academic plain text: UTF-8 with a byte-order mark, CRLF, wrapped at 78."""
    out = [
        "",
        f"Download Request: Selected Items: 1-{len(articles)}",
        "Time Of Request: Monday, December 7, 2026  05:58:00",
        "",
        "Terms: (Sample search)",
        "",
    ]
    for n, a in enumerate(articles, start=1):
        out += ["", f"{n} of {len(articles)} DOCUMENTS".center(80).rstrip(), "", ""]
        out += [a["outlet"].center(80).rstrip(), "", _long_date(a["date"]).center(80).rstrip()]
        out += ["", a["title"], "", f"BYLINE: {a['byline']}", "", f"SECTION: {a['section']}; Pg. 4"]
        out += ["", f"LENGTH: {int(a['word_count']):,} words", "", ""]
        for paragraph in _paragraphs(a):
            out += textwrap.wrap(paragraph, 78, break_on_hyphens=False, break_long_words=False)
            out += [""]
        out += [f"LOAD-DATE: {_long_date(a['date'], weekday=False)}", ""]
        out += [f"LANGUAGE: {a['language'].upper()}", "", "PUBLICATION-TYPE: Newspaper", "", ""]
        out += [f"Copyright {a['date'][:4]} {a['outlet']}".center(80).rstrip()]
        out += ["All Rights Reserved".center(80).rstrip(), ""]
    return "\ufeff".encode() + "\r\n".join(out).encode("utf-8")


def _uni_lines(articles: Sequence[Article]) -> list[tuple[str, str]]:
    """Nexis Uni's paragraphs, each with the address it links to ("" for none)."""
    lines = [("Date and Time: Monday, December 7, 2026 5:58:00 AM UTC", ""), ("Job Number: 1", "")]
    lines += [(f"Documents ({len(articles)})", "")]
    for n, a in enumerate(articles, start=1):
        link = f"https://advance.lexis.com/api/document?id=urn:contentItem:{doc_number('nexis', a)}"
        lines += [(f"{n}. {a['title']}", link + "&idtype=PID&context=1516831")]
        lines += [("Client/Matter: -None-", ""), ("Search Terms: sample", ""), ("", "")]
    for a in articles:
        lines += [("", ""), (a["title"], ""), (a["outlet"], "")]
        lines += [(_long_date(a["date"]) + " 9:20 AM GMT", "")]
        lines += [(f"Copyright {a['date'][:4]} {a['outlet']} All Rights Reserved", ""), ("", "")]
        lines += [
            (f"Section: {a['section']}; Version:2", ""),
            (f"Length: {a['word_count']} words", ""),
        ]
        lines += [(f"Byline: {a['byline']}", ""), ("Body", ""), ("", "")]
        for paragraph in _paragraphs(a):
            lines += [(paragraph, ""), ("", "")]
        lines += [("Classification", ""), ("", ""), (f"Language: {a['language'].upper()}", "")]
        lines += [("Publication-Type: Newspaper", ""), ("Subject: POLITICS (90%)", "")]
        lines += [(f"Load-Date: {_long_date(a['date'], weekday=False)}", ""), ("", "")]
        lines += [("End of Document", "")]
    return lines


def nexis_docx(articles: Sequence[Article]) -> bytes:
    """Nexis Uni Word export: a cover page whose numbered lines link to the documents."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    for text, link in _uni_lines(articles):
        paragraph = document.add_paragraph()
        if not link:
            paragraph.add_run(text)
            continue
        rid = document.part.relate_to(link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        node = OxmlElement("w:t")
        node.text = text
        run.append(node)
        hyperlink.append(run)
        paragraph._p.append(hyperlink)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rtf_escape(text: str) -> str:
    r"""Text as RTF: ``\'xx`` for Windows-1252 characters, ``\uN?`` for the rest.

    >>> rtf_escape("Café “ok” {x} ₿")
    "Caf\\'e9 \\'93ok\\'94 \\{x\\} \\u8383?"
    """
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        else:
            try:
                out.append(f"\\'{char.encode('cp1252')[0]:02x}")
            except UnicodeEncodeError:
                for unit in _utf16_units(char):
                    out.append(f"\\u{unit - 65536 if unit > 32767 else unit}?")
    return "".join(out)


def _utf16_units(char: str) -> list[int]:
    data = char.encode("utf-16-le")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


_RTF_HEAD = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}}"
    r"{\colortbl;\red0\green0\blue0;}{\header\pard Page header\par}"
)
#: A small picture, as exports carry a logo: its hex data must never reach the text.
_PICT = r"{\pict\pngblip\picw16\pich16 89504e470d0a1a0a0000000d4948445200000010}"


def nexis_rtf(articles: Sequence[Article]) -> bytes:
    """Nexis Uni RTF export: the same lines as the DOCX, hyperlinks as fields."""
    out = [_RTF_HEAD]
    for text, link in _uni_lines(articles):
        if link:
            out.append(
                r'{\field{\*\fldinst{HYPERLINK "'
                + link
                + r'"}}{\fldrslt{'
                + rtf_escape(text)
                + r"}}}\par"
            )
        else:
            out.append(rtf_escape(text) + r"\par")
    return ("\r\n".join(out) + "}").encode("ascii")


def _factiva_fields(a: Article) -> list[tuple[str, list[str]]]:
    paragraphs = _paragraphs(a)
    return [
        ("HD", [a["title"]]),
        ("BY", [a["byline"]]),
        ("WC", [f"{int(a['word_count']):,} words"]),
        ("PD", [f"{int(a['date'][8:])} {date.fromisoformat(a['date']):%B %Y}"]),
        ("SN", [a["outlet"]]),
        ("SC", [a["outlet"][:4].upper()]),
        ("SE", [a["section"]]),
        ("LA", [a["language"]]),
        ("CY", [f"(c) {a['date'][:4]} {a['outlet']}. All Rights Reserved."]),
        ("LP", paragraphs[:2]),
        ("TD", paragraphs[2:]),
        ("NS", ["gpol : Domestic Politics | gcat : Political/General News"]),
        ("RE", ["usa : United States"]),
        ("IPD", ["Politics"]),
        ("PUB", [a["outlet"]]),
        ("AN", [f"Document {doc_number('factiva', a)}"]),
    ]


def factiva_rtf(articles: Sequence[Article]) -> bytes:
    """Factiva RTF: a logo, each field a table row (code, value), a page header between."""
    out = [_RTF_HEAD, _PICT + r"\par"]
    for n, a in enumerate(articles, start=1):
        for code, values in _factiva_fields(a):
            if not values:
                continue
            value = r"\par\par ".join(rtf_escape(v) for v in values)
            out.append(
                r"\trowd\cellx1200\cellx9000\pard\intbl {\b "
                + code
                + r"}\cell\pard\intbl "
                + value
                + r"\cell\row"
            )
        out.append(
            rf"\pard\par Page {n} of {len(articles)} \'a9 2026 Factiva, Inc. "
            r"All rights reserved.\par"
        )
    return ("\r\n".join(out) + "}").encode("ascii")


def factiva_html(articles: Sequence[Article]) -> bytes:
    """Factiva HTML ("Article Format" saved from the browser)."""
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>Factiva</title></head><body>']
    for a in articles:
        fields = _factiva_fields(a)
        number = fields[-1][1][0].split()[1]
        out.append(f'<div id="article-{number}" class="article enArticle"><table border="0">')
        for code, values in fields:
            if not values:
                continue
            if code in ("LP", "TD"):
                cell = "".join(
                    f'<p class="articleParagraph enarticleParagraph">{html.escape(v)}</p>'
                    for v in values
                )
            else:
                cell = html.escape(values[0])
            out.append(
                f'<tr><td class="index" align="right" valign="top"><b>{code}</b>&nbsp;</td>'
                f"<td>{cell}</td></tr>"
            )
        out.append("</table></div>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def proquest_txt(articles: Sequence[Article]) -> bytes:
    """ProQuest "TXT - Text only": blocks between lines of underscores, CRLF."""
    out = [SEP, "", "Report Information from ProQuest", "December 7 2026 05:58", SEP, ""]
    out += ["", "Table of contents", ""]
    out += [f"{n}. {a['title']}" for n, a in enumerate(articles, start=1)] + [SEP, ""]
    for n, a in enumerate(articles, start=1):
        number = doc_number("proquest", a)
        day = date.fromisoformat(a["date"])
        out += [f"Document {n} of {len(articles)}", "", a["title"], ""]
        out += [f"Author: {a['byline']}", "", f"Publication info: {a['outlet']}; {day:%d %b %Y}."]
        out += ["", f"http://search.proquest.com/docview/{number}?accountid=14540", ""]
        out += ["Full text: " + "\n\n".join(_paragraphs(a)), ""]
        out += ["Subject: Politics", "", f"Title: {a['title']}", ""]
        out += [f"Publication title: {a['outlet']}", "", f"Publication year: {day.year}", ""]
        out += [f"Publication date: {day:%b} {day.day}, {day.year}", ""]
        out += [f"Section: {a['section']}", "", f"Language of publication: {a['language']}", ""]
        out += ["Document type: News", "", f"ProQuest document ID: {number}", ""]
        out += [f"Document URL: https://www.proquest.com/docview/{number}", ""]
        out += [f"Copyright: Copyright {day.year} {a['outlet']}", "", "Database: ProQuest Central"]
        out += [SEP, ""]
    out += ["Contact ProQuest", "Copyright © 2026 ProQuest LLC. All rights reserved."]
    return "\r\n".join(out).encode("utf-8")


#: Each layout: its writer and file name ending.
LAYOUTS: dict[str, tuple[Callable[[Sequence[Article]], bytes], str]] = {
    "nexis-txt": (nexis_txt, ".TXT"),
    "nexis-docx": (nexis_docx, ".DOCX"),
    "nexis-rtf": (nexis_rtf, ".RTF"),
    "factiva-rtf": (factiva_rtf, ".rtf"),
    "factiva-html": (factiva_html, ".htm"),
    "proquest-txt": (proquest_txt, ".txt"),
}


def expected_doc_id(layout: str, article: Article) -> str:
    """The doc_id the readers should give ``article`` in ``layout`` (``""``: a content hash)."""
    database = layout.split("-")[0]
    return "" if layout == "nexis-txt" else f"{database}-{doc_number(database, article)}"


def write_folder(articles: pd.DataFrame, folder: Path, *, per_file: int = 100) -> pd.DataFrame:
    """Write ``articles`` into ``folder`` as export files of ``per_file`` articles, the layouts
    taking turns; returns each article's ``file``, ``record`` and expected ``doc_id``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = articles.to_dict("records")
    placed = []
    for index, start in enumerate(range(0, len(rows), per_file)):
        layout = list(LAYOUTS)[index % len(LAYOUTS)]
        writer, suffix = LAYOUTS[layout]
        batch = rows[start : start + per_file]
        name = f"export-{index:03d}-{layout}{suffix}"
        (folder / name).write_bytes(writer(batch))
        for record, article in enumerate(batch, start=1):
            placed.append(
                {"file": name, "record": str(record), "layout": layout,
                 "expected_doc_id": expected_doc_id(layout, article), **article}
            )  # fmt: skip
    return pd.DataFrame(placed)


def basil_articles(n: int, eval_dir: Path = paths.EVAL) -> pd.DataFrame:
    """``n`` articles from BASIL's 300 (repeated, with the copy number in the title, past 300),
    with the fields a database gives."""
    from benchmarks.corpora import basil

    source = basil(eval_dir)
    rows = []
    for i in range(n):
        row = source.iloc[i % len(source)]
        copy = i // len(source)
        rows.append(
            {
                "title": " ".join(row["title"].split()) + (f" ({copy + 1})" if copy else ""),
                "outlet": {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}.get(
                    row["outlet"], row["outlet"]
                ),
                "date": row["date"],
                "byline": f"Reporter {i % 37}",
                "section": ("News", "Politics", "Opinion", "Features")[i % 4],
                "word_count": str(len(row["text"].split())),
                "language": "English",
                "text": row["text"],
            }
        )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a new folder for the files")
    parser.add_argument("--articles", type=int, default=1000, help="how many (default 1000)")
    parser.add_argument("--per-file", type=int, default=100, help="articles per file")
    args = parser.parse_args()
    placed = write_folder(basil_articles(args.articles), args.out, per_file=args.per_file)
    print(f"{len(placed)} articles in {placed.file.nunique()} files written to {args.out}")


if __name__ == "__main__":
    main()
