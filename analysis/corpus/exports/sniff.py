"""Which database wrote a file, read from its content rather than its name.

Why this module exists: exports arrive renamed (``Files(100).DOCX``, ``download.txt``,
``factiva.htm`` that is really RTF). Each database marks its records with lines no
news text has: ``3 of 25 DOCUMENTS`` or ``End of Document`` (Nexis), ``Document`` and
an accession number (Factiva), ``ProQuest document ID:`` (ProQuest). The first marker
says which reader to use; markers of a second database in the same file mean two
exports joined into one, which is refused rather than read as one garbled record.
Labels in another interface language (``Dokumentende``, ``LÄNGE:``, ``Fin du
document``) are recognised only to say so: the readers know the English labels.
"""

from __future__ import annotations

import re

from analysis.corpus.errors import CorpusError
from analysis.corpus.exports.factiva import AN_LINE
from analysis.corpus.exports.nexis import TXT_RECORD, UNI_END
from analysis.corpus.exports.proquest import DOCUMENT_ID

__all__ = ["DATABASES", "database_of", "foreign_labels", "record_markers"]

DATABASES = ("nexis", "factiva", "proquest")

#: Each database's record markers, and whether a marker opens (True) or closes a record.
_MARKERS = {
    "nexis": ((TXT_RECORD, True), (UNI_END, False)),
    "factiva": ((AN_LINE, False),),
    "proquest": ((DOCUMENT_ID, False),),
}
#: A Factiva headline code on its own line (or in a table cell): a Factiva file cut off before
#: its first AN line has no other marker.
_FACTIVA_HEADLINE = re.compile(r"^[ \t]*HD[ \t]*(?:[\t|]|$)", re.M)
#: Interface labels in other languages, as the databases write them.
_FOREIGN = {
    "German": re.compile(
        r"^(?:[ \t]*\d+ von \d+ DOKUMENTEN|Dokumentende|(?:LÄNGE|Länge|RUBRIK|Rubrik|"
        r"LADEDATUM|Ladedatum|SPRACHE|Sprache): .*|Dokument [A-Za-z0-9]{16,40}|"
        r"ProQuest-Dokument-ID: .*)[ \t]*$",
        re.M,
    ),
    "French": re.compile(
        r"^(?:[ \t]*\d+ sur \d+ DOCUMENTS|Fin du document|(?:LONGUEUR|Longueur|RUBRIQUE|"
        r"Rubrique|LANGUE|Langue): .*|Identifiant de document ProQuest: .*)[ \t]*$",
        re.M,
    ),
    "Spanish": re.compile(
        r"^(?:[ \t]*\d+ de \d+ DOCUMENTOS|Fin del documento|(?:LONGITUD|Longitud|"
        r"SECCIÓN|Sección|IDIOMA|Idioma): .*)[ \t]*$",
        re.M,
    ),
    "Dutch": re.compile(r"^(?:Einde document|(?:Lengte|Rubriek|Taal): .*)[ \t]*$", re.M),
    "Italian": re.compile(r"^(?:Fine documento|(?:Lunghezza|Sezione|Lingua): .*)[ \t]*$", re.M),
}


def record_markers(text: str) -> dict[str, int]:
    """Each database whose record lines ``text`` holds, with where the first one starts.

    >>> record_markers("HD\\nA title\\nAN\\nDocument DPLH000020190614ef6e0002x\\n")
    {'factiva': 14}
    """
    first = {}
    for database, markers in _MARKERS.items():
        found = [m for pattern, _ in markers if (m := pattern.search(text))]
        if found:
            first[database] = min(m.start() for m in found)
    if not first and (headline := _FACTIVA_HEADLINE.search(text)):
        first["factiva"] = headline.start()  # cut off before its first AN line
    return first


def foreign_labels(text: str) -> tuple[str, re.Match[str]] | None:
    """The interface language of another language's export labels in ``text``, and the first."""
    for language, pattern in _FOREIGN.items():
        if found := pattern.search(text):
            return language, found
    return None


def database_of(text: str, where: str) -> str:
    """``nexis``, ``factiva`` or ``proquest``: the one database whose records ``text`` holds.

    Raises:
        CorpusError: no database's records (naming the interface language when the
            labels are in another one), or records of two databases.

    >>> database_of("x\\n  1 of 1 DOCUMENTS\\n", "f.txt")
    'nexis'
    """
    first = record_markers(text)
    if not first:
        if foreign := foreign_labels(text):
            language, found = foreign
            raise CorpusError(
                f"{where}, line {text.count(chr(10), 0, found.start()) + 1}: the export's "
                f"labels are in {language} ({found.group().strip()[:40]!r}); the readers know "
                "the English labels of Nexis, Factiva and ProQuest: set the database's "
                "interface to English and export again"
            )
        raise CorpusError(
            f"{where}: not a Nexis, Factiva or ProQuest export (none of their record lines: "
            "'1 of 10 DOCUMENTS', 'End of Document', 'Document <accession number>', "
            "'ProQuest document ID:'); a plain article goes in a folder of .txt files"
        )
    primary, *others = sorted(first, key=first.get)
    if others:
        other = others[0]
        before = text[: first[other]]
        records = sum(len(pattern.findall(before)) for pattern, _ in _MARKERS[primary])
        opens = any(opening for _, opening in _MARKERS[primary])
        raise CorpusError(
            f"{where}, record {records if opens else records + 1}: {other} export text "
            f"starts inside a {primary} export (line {before.count(chr(10)) + 1}): two "
            "exports joined into one file? Export each database into its own file"
        )
    return primary
