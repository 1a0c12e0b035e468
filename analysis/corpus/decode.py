"""Bytes to text, and markup to the text a browser would show.

Why its own module: every reader (folder, CSV, JSON Lines) decodes the same way and
refuses binary files with the same :class:`~analysis.corpus.errors.CorpusError`; the
decisions are listed in :mod:`analysis.corpus.load`.
"""

from __future__ import annotations

import codecs
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

from analysis.corpus.errors import CorpusError, printable

#: Control characters, except the whitespace ones (tab, line ends, vertical tab, form feed).
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Characters that show nothing: zero-width spaces and joiners, byte-order marks.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def is_blank(text: str) -> bool:
    """Nothing to read: only whitespace, zero-width characters and byte-order marks.

    >>> is_blank(" \u200b\ufeff "), is_blank("\u200b a"), is_blank("a")
    (True, False, False)
    """
    first = text.lstrip()[:1]
    if first and first not in _INVISIBLE_CHARS:  # a character that shows: the usual answer
        return False
    return not _INVISIBLE.sub("", text).strip()


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after checking its size on disk (a large file is never read)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise CorpusError(
                f"{path}: {size:,} bytes ({size / 2**20:.1f} MB) is over the limit of "
                f"{max_bytes:,} bytes; pass load_corpus(..., max_bytes={size}) or more to load it"
            )
        return path.read_bytes()
    except OSError as err:
        raise CorpusError(f"{path}: cannot read it ({err.strerror})") from None


def _cp1252_byte(err: UnicodeError) -> tuple[str, int]:
    """Decode the first byte that is not UTF-8 as Windows-1252; re-raise where cp1252 has none."""
    assert isinstance(err, UnicodeDecodeError)
    try:
        return err.object[err.start : err.start + 1].decode("cp1252"), err.start + 1
    except UnicodeDecodeError:
        raise err from None


codecs.register_error("analysis.cp1252", _cp1252_byte)


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Bytes to text with normalised line ends and no control characters, and the encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise CorpusError(
                f"{where}: starts with a UTF-16 byte-order mark but is not UTF-16 "
                f"(byte {err.start}); save it as UTF-8 text"
            ) from None
    elif b"\x00" in data:
        raise CorpusError(f"{where}: binary file (it contains NUL bytes); expected text")
    else:
        text, encoding = _decode_utf8(data, where)
    controls = len(CONTROL.findall(text))
    if controls > len(text) // 100:
        raise CorpusError(f"{where}: binary file ({controls} control characters); expected text")
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if is_blank(text):
        raise CorpusError(f"{where}: empty file")
    return text, encoding


def _decode_utf8(data: bytes, where: str) -> tuple[str, str]:
    """UTF-8, with any byte that is not UTF-8 read as Windows-1252 (and a warning naming it)."""
    try:
        text = data.decode("utf-8-sig")
        return text, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    except UnicodeDecodeError as err:
        first = err.start
    try:
        text = data.decode("utf-8", errors="analysis.cp1252").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise CorpusError(
            f"{where}: binary file or unknown encoding (byte {err.start}, "
            f"0x{data[err.start]:02x}, is neither UTF-8 nor Windows-1252); save it as UTF-8 text"
        ) from None
    try:
        whole = data.decode("cp1252") == text
    except UnicodeDecodeError:
        whole = False
    encoding = "cp1252" if whole else "utf-8+cp1252"
    what = "not valid UTF-8" if whole else "UTF-8 with bytes that are not"
    warnings.warn(
        printable(
            f"{where}: {what} (the first is byte {first}, 0x{data[first]:02x}); "
            "decoded those as Windows-1252 (cp1252)"
        ),
        UserWarning,
        stacklevel=3,
    )
    return text, encoding


_HTML = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
#: Tags of an HTML fragment saved as text (``<div><p>...</p></div>``).
_TAG = re.compile(
    r"</?(?:a|article|b|blockquote|br|div|em|figure|h[1-6]|i|iframe|img|li|noscript|ol|p|"
    r"script|section|span|strong|style|table|td|tr|ul)\b[^<>]*>",
    re.I,
)


class _VisibleText(HTMLParser):
    """Collect the text a browser would show in the page body, one block per line."""

    SKIP = frozenset("script style noscript template head nav aside footer form svg".split())
    BLOCK = frozenset(
        "p div br li h1 h2 h3 h4 h5 h6 tr section article header main blockquote ul ol "
        "table figure figcaption hr dd dt".split()
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK and not self.skipping:
            self.parts.append("\n• " if tag == "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK and not self.skipping:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def _html_to_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def to_text(text: str, where: str) -> tuple[str, str]:
    """The text itself, or a web page's or HTML fragment's visible text; and which it was."""
    tags = _TAG.finditer(text)
    first, second = next(tags, None), next(tags, None)
    fragment = first is not None and (second is not None or not text[: first.start()].strip())
    if not (_HTML.match(text) or fragment):
        return text, "text"
    visible = _html_to_text(text)
    if not visible.strip():
        raise CorpusError(f"{where}: an HTML page with no visible text")
    return visible, "html"
