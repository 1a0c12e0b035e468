"""An RTF export as plain text lines, after checking that it is one whole RTF document.

Why this module exists: Nexis Uni and Factiva both export RTF. ``striprtf`` converts
RTF well but one character per regular-expression match, about 1.2 s for a 100-article
export, which alone would take a 100-file folder past the import's 60-second target;
the converter here reads runs of plain text at once (about ten times faster) and does
what the exports need and no more: groups and their destinations (font and colour
tables, style sheets, headers and footers, pictures, field instructions: all
skipped), code-page bytes ``\\'e9`` in the document's ``\\ansicpg``, Unicode ``\\uN``
with its ``\\ucN`` fallback characters, ``\\binN`` data, and paragraph, line, tab and
table-cell breaks. It also refuses what a converter would silently garble: a second
document glued after the first, and it reports a file cut off inside a group.

Pictures (``{\\pict ...}``, a logo at the top of a Factiva export) are skipped, as a
reader of the export would skip them; their hex data never reaches the text.
"""

from __future__ import annotations

import re

from analysis.corpus.errors import CorpusError

__all__ = ["is_rtf", "rtf_lines"]

_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*\{\\rtf")
_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)",
    re.S,
)
#: Groups whose content is not text.
_SKIP = frozenset(
    "fonttbl colortbl stylesheet info pict header headerl headerr headerf footer footerl "
    "footerr footerf fldinst object objdata themedata colorschememapping datastore "
    "latentstyles listtable listoverridetable rsidtbl generator xmlnstbl filetbl revtbl "
    "pgptbl mmathPr footnote annotation shpinst nonshppict bkmkstart bkmkend xe tc "
    "pntext pntxta pntxtb userprops docvar template operator author title subject "
    "keywords comment doccomm company category".split()
)
_BREAKS = {"par": "\n", "line": "\n", "row": "\n", "sect": "\n", "page": "\n", "cell": "|",
           "nestcell": "|", "tab": "\t", "emdash": "—", "endash": "–", "lquote": "‘",
           "rquote": "’", "ldblquote": "“", "rdblquote": "”", "bullet": "•",
           "emspace": " ", "enspace": " "}  # fmt: skip
#: Where a hyperlink field pointed, kept in the text between NULs until lines are split.
_LINK = re.compile(r"\x00([^\x00]*)\x00")
_HYPERLINK = re.compile(r'HYPERLINK\s+"([^"]*)"')
_SYMBOLS = {"~": " ", "-": "", "_": "‑", "\\": "\\", "{": "{", "}": "}", "\n": "\n", "\r": "\n"}


def is_rtf(data: bytes) -> bool:
    r"""The bytes start an RTF document.

    >>> is_rtf(b"{\\rtf1\\ansi hello}"), is_rtf(b"hello")
    (True, False)
    """
    return bool(_START.match(data[:64]))


def rtf_lines(data: bytes, where: str) -> tuple[list[tuple[str, list[str]]], str, bool]:
    r"""The document's text, one paragraph (or table row) per line with the addresses its
    hyperlinks point to, its code page, and whether the document is whole (``False``: the
    file ends inside an open group, cut off; the text up to there is returned so that the
    reader can say which record is cut).

    Raises:
        CorpusError: the file holds more after its last closing brace, such as a second
            ``{\rtf`` document.

    >>> lines, encoding, whole = rtf_lines(
    ...     rb"{\rtf1\ansi\ansicpg1252 Caf\'e9 \u8217? ok\par{\pict 89504e47}"
    ...     rb'{\field{\*\fldinst{HYPERLINK "https://x.example/1"}}{\fldrslt 1. A}}\par}', "x")
    >>> lines, encoding, whole
    ([('Café ’ ok', []), ('1. A', ['https://x.example/1']), ('', [])], 'cp1252', True)
    """
    page = _CODE_PAGE.search(data[:4096])
    encoding = f"cp{int(page.group(1))}" if page else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    # RTF is 7-bit; a stray 8-bit byte is read in the document's code page
    source = data.decode(encoding, errors="replace")
    text, end = _convert(source, encoding)
    rest = source[end:].strip("\x00 \t\r\n") if end is not None else ""
    if rest:
        what = "another RTF document" if rest.startswith("{\\rtf") else "more text"
        raise CorpusError(
            f"{where}: {what} follows the end of the RTF document (two files joined into one?); "
            "export each into its own file"
        )
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", errors="replace")
    lines = []
    for line in text.split("\n"):
        links = _LINK.findall(line)
        lines.append((_LINK.sub("", line).rstrip(), links))
    return lines, encoding, end is not None


def _convert(source: str, encoding: str) -> tuple[str, int | None]:
    """The text of the first document in ``source``, and where it ends (``None``: cut off)."""
    out: list[str] = []
    hexes = bytearray()
    stack: list[tuple[bool, int]] = []
    skip, uc, pending = False, 1, 0  # skipping this group; \ucN; fallback chars still to drop
    field: tuple[int, int] | None = None  # a field instruction's depth and start in ``out``
    position = 0
    while True:
        token = _TOKEN.search(source, position)
        if token is None:
            break
        position = token.end()
        word, arg, hex_, symbol, brace, run = token.groups()
        if hexes and hex_ is None:
            out.append(hexes.decode(encoding, errors="replace"))
            hexes.clear()
        if run is not None:
            if pending:
                run, pending = run[pending:], max(0, pending - len(run))
            if not skip:
                out.append(run.replace("\x00", ""))
        elif hex_ is not None:
            if pending:
                pending -= 1
            elif not skip:
                hexes.append(int(hex_, 16))
        elif brace == "{":
            stack.append((skip, uc))
            pending = 0
        elif brace == "}":
            if field is not None and field[0] == len(stack):
                target = _HYPERLINK.search("".join(out[field[1] :]))
                del out[field[1] :]
                out.append(f"\x00{target.group(1)}\x00" if target else "")
                field = None
            if len(stack) <= 1:
                return "".join(out), token.end()
            skip, uc = stack.pop()
            pending = 0
        elif word is not None:
            pending = 0
            if word == "fldinst":  # kept apart: a hyperlink's address, never text
                skip = stack[-1][0] if stack else False
                field = (len(stack), len(out))
            elif word in _SKIP:
                skip = True
            elif word == "bin" and arg:
                position += max(int(arg), 0)
            elif skip:
                continue
            elif word in _BREAKS:
                out.append(_BREAKS[word])
            elif word == "uc" and arg:
                uc = max(int(arg), 0)
            elif word == "u" and arg:
                out.append(chr(int(arg) % 65536))
                pending = uc
        elif symbol is not None:
            pending = 0
            if symbol == "*":
                skip = True
            elif not skip and symbol in _SYMBOLS:
                out.append(_SYMBOLS[symbol])
    if hexes:
        out.append(hexes.decode(encoding, errors="replace"))
    return "".join(out), None
