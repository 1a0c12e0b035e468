"""A Word (DOCX) export as paragraphs, after checking the package is safe to open.

Why this module exists: Nexis Uni's default export is DOCX. ``python-docx`` reads the
paragraphs and their hyperlinks (the export's cover page links each article to its
document number); the checks before it are ours. A DOCX is a zip archive: a small file
can declare gigabytes once inflated (a zip bomb), or not be a zip at all once cut
off. Both are refused from the archive's directory, before anything is inflated.
``python-docx`` parses the XML without resolving entities, so an entity bomb inside
``document.xml`` is not expanded either.
"""

from __future__ import annotations

import functools
import io
import zipfile

from analysis.corpus.errors import CorpusError

__all__ = ["MAX_INFLATED_BYTES", "MAX_RATIO", "docx_paragraphs", "is_zip"]

#: Most bytes a DOCX may inflate to (all its parts together).
MAX_INFLATED_BYTES = 200 * 1024 * 1024
#: Most a part may inflate relative to its compressed size: text XML compresses about
#: 10 times, a zip bomb a thousand times.
MAX_RATIO = 100


def is_zip(data: bytes) -> bool:
    """The bytes start a zip archive (as every DOCX does).

    >>> is_zip(b"PK\\x03\\x04..."), is_zip(b"{\\\\rtf1")
    (True, False)
    """
    return data[:4] == b"PK\x03\x04"


def docx_paragraphs(data: bytes, where: str) -> list[tuple[str, list[str]]]:
    """Each body paragraph's text and the addresses it links to, in order.

    Raises:
        CorpusError: not a readable zip (cut off?), not a Word document, or a part that
            would inflate past :data:`MAX_INFLATED_BYTES` or :data:`MAX_RATIO`.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise CorpusError(
            f"{where}: not a readable DOCX (the zip archive is damaged or cut off); "
            "export the file again"
        ) from None
    total = sum(part.file_size for part in parts)
    worst = max(parts, key=lambda p: p.file_size / max(p.compress_size, 1), default=None)
    if total > MAX_INFLATED_BYTES or (
        worst is not None
        and worst.file_size > 1_000_000
        and worst.file_size > MAX_RATIO * max(worst.compress_size, 1)
    ):
        raise CorpusError(
            f"{where}: its parts would inflate to {total:,} bytes (the largest, "
            f"{worst.filename if worst else '?'}, {worst.file_size if worst else 0:,} bytes "
            f"from {worst.compress_size if worst else 0:,}); a DOCX export is never that "
            "large: refused unopened (a zip bomb?)"
        )
    # Imported here: python-docx takes about 0.3 s to import, in every process that loads a
    # corpus (the runner, scoring, each kernel), for the DOCX exports alone.
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as err:
        raise CorpusError(f"{where}: a zip archive but not a Word document ({err})") from None
    links = {rid: rel.target_ref for rid, rel in document.part.rels.items() if rel.is_external}
    return [_paragraph(p, links) for p in document.element.body.iter(_tags()[0])]


@functools.cache
def _tags() -> tuple[str, ...]:
    """The XML tags :func:`_paragraph` reads: paragraph, text, break, tab, link, link id."""
    from docx.oxml.ns import qn

    return tuple(map(qn, ("w:p", "w:t", "w:br", "w:tab", "w:hyperlink", "r:id")))


def _paragraph(element, links: dict[str, str]) -> tuple[str, list[str]]:
    """A paragraph's text (line breaks as ``\n``) and its hyperlinks' addresses, read from
    its XML in one pass: ``Paragraph.text`` runs an XPath query per paragraph, ten times
    slower on a 100-article export."""
    _, text, line_break, tab, link_tag, rid_attribute = _tags()
    parts = []
    for node in element.iter(text, line_break, tab):
        parts.append(
            node.text or "" if node.tag == text else "\n" if node.tag == line_break else "\t"
        )
    addresses = [
        links[rid] for link in element.iter(link_tag) if (rid := link.get(rid_attribute)) in links
    ]
    return "".join(parts).replace("\xa0", " ").rstrip(), addresses
