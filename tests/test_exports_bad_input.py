"""Broken and hostile exports: one CorpusError each, naming the file and the record, and
nothing returned; hostile values load as inert data."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import docx
import pytest

from analysis.corpus import CorpusError
from analysis.corpus.exports import read_exports
from analysis.corpus.exports.records import MAX_FIELD_CHARS, MAX_TEXT_CHARS

FIXTURES = Path(__file__).parent / "fixtures" / "exports"


def _bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _read(*files: Path) -> list[dict[str, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_exports(files, max_bytes=20_000_000)


def _refused(match: str, *files: Path) -> str:
    with pytest.raises(CorpusError, match=match) as info:
        _read(*files)
    message = str(info.value)
    assert str(files[-1]) in message or any(str(f) in message for f in files)
    return message


# A file cut off part-way -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cut_before", "record"),
    [
        ("nexis-academic-cp1252.TXT", b"LOAD-DATE: March 2", 3),
        ("nexis-uni.RTF", b"said Zofia", 2),
        ("factiva.rtf", b"Agnes Fraser", 2),
        ("factiva.htm", b"First, accept", 2),
        ("factiva-plain.txt", b"AN\r\n", 1),
        ("proquest.txt", b"ProQuest document ID: 2249000117", 2),
    ],
)  # fmt: skip
def test_a_cut_off_export_is_refused_naming_the_record(
    tmp_path: Path, name: str, cut_before: bytes, record: int
):
    data = _bytes(name)
    cut = _write(tmp_path, name, data[: data.index(cut_before)])
    message = _refused(rf"record {record}\b.*cut off", cut)
    assert message.startswith(str(cut))


def test_an_rtf_cut_after_its_last_article_is_still_refused(tmp_path: Path):
    data = _bytes("factiva.rtf")
    cut = _write(tmp_path, "f.rtf", data[: data.index(b"Search Summary")])
    _refused(r"record 3: the RTF document is cut off after record 2", cut)


def test_a_cut_off_docx_is_refused(tmp_path: Path):
    data = _nexis_docx(["Documents (1)"] + _UNI_ARTICLE)
    _refused(r"not a readable DOCX \(the zip archive is damaged or cut off\)",
             _write(tmp_path, "cut.DOCX", data[: len(data) // 2]))  # fmt: skip


# Labels in another language -----------------------------------------------------


def test_an_export_with_german_labels_is_refused_saying_so(tmp_path: Path):
    german = _bytes("nexis-uni.RTF")
    for english, translated in [
        (b"Section:", b"Rubrik:"),
        (b"Length:", b"L\\'e4nge:"),
        (b"End of Document", b"Dokumentende"),
        (b"Body", b"Text"),
    ]:
        german = german.replace(english, translated)  # fmt: skip
    message = _refused(
        r"line \d+: the export's labels are in German", _write(tmp_path, "de.rtf", german)
    )
    assert "English" in message


def test_a_factiva_export_in_french_is_refused_at_its_first_record(tmp_path: Path):
    french = _bytes("factiva-plain.txt").replace(b"288 words", b"288 mots")
    _refused(
        r"record 1 .*word count '288 mots' is not in English", _write(tmp_path, "fr.txt", french)
    )


# Two exports in one file ----------------------------------------------------------


def test_two_databases_in_one_text_file_are_refused(tmp_path: Path):
    joined = _bytes("nexis-academic-cp1252.TXT") + _bytes("proquest.txt")
    message = _refused(r"record 3: proquest export text starts inside a nexis export",
                       _write(tmp_path, "joined.txt", joined))  # fmt: skip
    assert "two exports joined" in message


def test_two_rtf_documents_in_one_file_are_refused(tmp_path: Path):
    joined = _bytes("factiva.rtf") + b"\r\n" + _bytes("factiva.rtf")
    _refused(r"another RTF document follows the end", _write(tmp_path, "twice.rtf", joined))


def test_text_after_an_rtf_document_is_refused(tmp_path: Path):
    joined = _bytes("nexis-uni.RTF") + _bytes("proquest.txt")
    _refused(r"more text follows the end of the RTF document", _write(tmp_path, "x.rtf", joined))


# Pictures in RTF ---------------------------------------------------------------------


def test_pictures_never_reach_the_text(tmp_path: Path):
    data = _bytes("factiva.rtf").replace(
        b"The club said", rb"{\pict\wmetafile8\picw10\pich10\bin8 }{\'00}}}The club said"
    )
    rows = _read(_write(tmp_path, "pict.rtf", data))
    assert "The club said it would pay for hotel rooms." in rows[0]["raw"]
    assert not any(s in r["raw"] for r in rows for s in ("89504e47", "pict", "\\'00", "}"))


def test_an_article_that_is_only_a_picture_is_refused(tmp_path: Path):
    data = _bytes("factiva.rtf")
    start = data.index(b"On Holm Island")
    end = data.index(b"\\cell\\row", data.index(b"Agnes Fraser"))
    picture = rb"{\pict\pngblip 89504e470d0a1a0a}"
    lp_end = data.index(b"\\cell\\row", start)
    data = (
        data[:start] + picture + data[lp_end : data.index(b"Agnes Fraser")] + picture + data[end:]
    )
    _refused(r"record 2 \('The island that counts its sheep twice'\): no article text",
             _write(tmp_path, "only-pictures.rtf", data))  # fmt: skip


# Word documents that are not exports, and zip bombs ------------------------------------


_UNI_ARTICLE = ["Harbour reopens", "The Ellery Gazette", "July 2, 2019 Tuesday",
                "Section: NEWS", "Length: 12 words", "Body",
                "The harbour reopened on Tuesday after a week of storms.",
                "End of Document"]  # fmt: skip


def _nexis_docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_document_built_like_an_export_is_read(tmp_path: Path):
    rows = _read(_write(tmp_path, "a.docx", _nexis_docx(["Documents (1)", "", *_UNI_ARTICLE])))
    assert [(r["title"], r["section"], r["word_count"], r["date"]) for r in rows] == [
        ("Harbour reopens", "NEWS", "12", "2019-07-02")
    ]


def test_a_word_document_that_is_not_an_export_is_refused(tmp_path: Path):
    letter = _nexis_docx(["Dear colleague,", "Please find the minutes attached.", "Best, Ana"])
    _refused(r"letter.docx: not a Nexis, Factiva or ProQuest export",
             _write(tmp_path, "letter.docx", letter))  # fmt: skip


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    _refused(
        r"a zip archive but not a Word document", _write(tmp_path, "x.docx", buffer.getvalue())
    )


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * 50_000_000)  # 50 MB from about 50 KB
    assert len(buffer.getvalue()) < 200_000
    _refused(r"bomb.docx: its parts would inflate to .* refused unopened \(a zip bomb\?\)",
             _write(tmp_path, "bomb.docx", buffer.getvalue()))  # fmt: skip


# Huge records and hostile values ------------------------------------------------------


def _proquest(title: str, text: str, number: str = "2249000117") -> str:
    return (
        f"Document 1 of 1\n\n{title}\n\nFull text: {text}\n\nTitle: {title}\n\n"
        "Publication title: The Ellery Gazette\n\nPublication date: Jul 3, 2019\n\n"
        f"Language of publication: English\n\nProQuest document ID: {number}\n"
        + "_" * 60 + "\n"
    )  # fmt: skip


def test_a_record_longer_than_any_article_is_refused(tmp_path: Path):
    huge = _write(tmp_path, "huge.txt", _proquest("Long", "word " * (MAX_TEXT_CHARS // 5 + 10)))
    _refused(r"huge.txt, record 1 \('Long'\): its text is [\d,]+ characters long", huge)


def test_a_field_longer_than_any_title_is_refused(tmp_path: Path):
    long_title = _write(tmp_path, "t.txt", _proquest("x" * (MAX_FIELD_CHARS + 1), "Some text."))
    _refused(r"t.txt, record 1: its title is 2,001 characters long", long_title)


def test_hostile_field_values_load_as_inert_text(tmp_path: Path):
    title = '=HYPERLINK("http://x.example","click") <script>alert(1)</script>\x1b[2J\u202egnp.exe'
    byline = "\x1b]0;owned\x07Jan \u2066Nowak\u2069"
    html = (
        _bytes("factiva.htm")
        .decode()
        .replace(
            "<b>Caf&eacute; row: harbour council &amp; traders fail to agree</b>",
            title.replace("&", "&amp;").replace("<", "&lt;"),
        )
        .replace("By Marie-H&#233;l&#232;ne Dubois", byline)
    )
    row = _read(_write(tmp_path, "hostile.htm", html))[0]
    assert (
        row["title"]
        == '=HYPERLINK("http://x.example","click") <script>alert(1)</script>[2J gnp.exe'
    )
    assert row["byline"] == "]0;ownedJan Nowak"
    assert not any(c in row["title"] + row["byline"] for c in "\x1b\x07\u202e\u2066")


def test_a_document_number_that_is_not_one_is_refused(tmp_path: Path):
    html = _bytes("factiva.htm").replace(
        b"<td>Document DPLH000020190620ef6k0003b</td>", b"<td>Document ../../etc/passwd</td>"
    )
    _refused(r"hostile.htm, record 1: its AN field 'Document ../../etc/passwd' is not",
             _write(tmp_path, "hostile.htm", html))  # fmt: skip


def test_proquest_ids_are_checked_too(tmp_path: Path):
    bad = _write(tmp_path, "p.txt", _proquest("T", "Text.", number="<img src=x onerror=alert(1)>"))
    _refused(r"p.txt, record 1 \('T'\): its document number '<img src=x", bad)


# Nothing half-loaded; the same article twice ---------------------------------------------


def test_one_bad_file_among_good_ones_loads_nothing(tmp_path: Path):
    good = _write(tmp_path, "good.txt", _bytes("proquest.txt"))
    bad = _write(tmp_path, "bad.txt", _bytes("proquest.txt")[:-400])
    _refused(r"bad.txt, record 2", good, bad)


def test_the_same_article_exported_twice_is_kept_once_with_a_warning(tmp_path: Path):
    one = _write(tmp_path, "one.txt", _bytes("proquest.txt"))
    two = _write(tmp_path, "two.txt", _bytes("proquest.txt"))
    with pytest.warns(UserWarning) as caught:
        rows = read_exports([one, two], max_bytes=10**6)
    assert [str(w.message) for w in caught] == [
        f"{two}, record {n}: the same article as {one}, record {n} (doc_id '{doc_id}'); kept once"
        for n, doc_id in [(1, "proquest-2248119906"), (2, "proquest-2249000117")]
    ]
    assert [r["doc_id"] for r in rows] == ["proquest-2248119906", "proquest-2249000117"]


def test_one_document_number_with_two_texts_is_refused(tmp_path: Path):
    one = _write(tmp_path, "one.txt", _proquest("T", "One text."))
    two = _write(tmp_path, "two.txt", _proquest("T", "Another text."))
    _refused(
        r"two.txt, record 1: doc_id 'proquest-2249000117' is also .*one.txt, record 1", one, two
    )


def test_a_hostile_file_name_is_shown_escaped_in_warnings(tmp_path: Path):
    one = _write(tmp_path, "one.txt", _bytes("proquest.txt"))
    two = _write(tmp_path, "\x1b[2Jtwo\u202e.txt", _bytes("proquest.txt"))
    with pytest.warns(UserWarning) as caught:
        read_exports([one, two], max_bytes=10**6)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 2
    assert all("\\x1b[2Jtwo\\u202e.txt" in m and "\x1b" not in m for m in messages)
