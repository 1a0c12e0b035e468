"""An RTF export as plain text lines, after checking that it is one whole RTF document.

Why this module exists: Nexis Uni and Factiva both export RTF. The conversion itself is
``striprtf``'s (code-page bytes ``\\'e9``, Unicode ``\\uN`` with their fallbacks, tables,
and every destination a reader must skip: font and colour tables, headers and footers,
pictures), which handles more of the specification than a converter of ours would.
What it does not do is refuse: a cut-off file, a second document glued after the first,
or a picture whose binary data runs past the end would come out as garbled text. Those
checks are here, before the conversion.

Pictures (``{\\pict ...}``, a logo at the top of a Factiva export) are skipped, as a
reader of the exported text would skip them; their hex data never reaches the text.
"""

from __future__ import annotations

import re

from striprtf.striprtf import rtf_to_text

from analysis.corpus.load import CorpusError

__all__ = ["is_rtf", "rtf_lines"]

_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*\{\\rtf")
_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")
#: What changes the group depth: an unescaped brace; ``\bin N`` binary data is skipped whole.
_TOKEN = re.compile(rb"\\[\\{}]|\\bin(\d+) ?|[{}]")


def is_rtf(data: bytes) -> bool:
    r"""The bytes start an RTF document.

    >>> is_rtf(b"{\\rtf1\\ansi hello}"), is_rtf(b"hello")
    (True, False)
    """
    return bool(_START.match(data[:64]))


def rtf_lines(data: bytes, where: str) -> tuple[list[str], str, bool]:
    r"""The document's text, one paragraph (or table row) per line, its code page, and
    whether the document is whole (``False``: the file ends inside an open group, cut off;
    the text up to there is returned so that the reader can say which record is cut).

    Raises:
        CorpusError: the file holds more after its last closing brace, such as a second
            ``{\rtf`` document.

    >>> rtf_lines(rb"{\rtf1\ansi\ansicpg1252 Caf\'e9 \u8217? ok\par{\pict 89504e47}next\par}", "x")
    (['Café ’ ok', 'next', ''], 'cp1252', True)
    """
    end = _document_end(data)
    whole = end is not None
    if end is None:
        end, data = len(data) + 1, data + b"}"
    rest = data[end:].strip(b"\x00 \t\r\n")
    if rest:
        what = "another RTF document" if is_rtf(rest) else "more text"
        raise CorpusError(
            f"{where}: {what} follows the end of the RTF document (two files joined into one?); "
            "export each into its own file"
        )
    page = _CODE_PAGE.search(data[:4096])
    encoding = f"cp{int(page.group(1))}" if page else "cp1252"
    try:
        source = data[:end].decode(encoding)
    except (LookupError, UnicodeDecodeError):
        source, encoding = data[:end].decode("latin-1"), "latin-1"
    try:
        text = rtf_to_text(source, encoding=encoding, errors="replace")
    except (ValueError, LookupError) as err:  # a bad \'xx, an unknown code page
        raise CorpusError(f"{where}: not a readable RTF document ({err})") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.replace("\xa0", " ").rstrip() for line in lines], encoding, whole


def _document_end(data: bytes) -> int | None:
    """Where the outermost group closes; ``None`` when the file ends inside it."""
    depth, skip_to = 0, 0
    for token in _TOKEN.finditer(data):
        if token.start() < skip_to:
            continue
        if token.group(1) is not None:  # \binN: N bytes of binary data, braces included
            skip_to = token.end() + int(token.group(1))
            if skip_to > len(data):
                break
            continue
        brace = token.group()
        if brace == b"{":
            depth += 1
        elif brace == b"}":
            depth -= 1
            if depth == 0:
                return token.end()
    return None
