"""News-database exports: every field of every hand-made and real sample, read by content."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.corpus.exports import EXPORT_COLUMNS, read_exports

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
SHARED = paths.EVAL.parent / "fixtures" / "exports"
FIELDS = ("doc_id", "title", "outlet", "date", "date_original", "byline", "section",
          "word_count", "dateline", "language", "url", "source_format")  # fmt: skip
U = "unknown"

#: Every field of every article of the hand-made fixtures, as a reader of the file sees it.
EXPECTED = {
    "nexis-academic-cp1252.TXT": [
        (None, "Harbour council delays vote on café licences", "The Ellery Gazette (Maine)",
         "2015-03-02", "March 2, 2015 Monday", "Marie-Hélène Dubois", "NEWS", "412",
         "PORT ELLERY", "English", U, "nexis-txt"),
        (None, "Storm closes coastal road for second day", "The Daily Placeholder",
         "2015-02-27", "February 27, 2015 Friday", "By ANNA KOWALSKI, Associated Press",
         "WORLD", "1208", U, "English", U, "nexis-txt"),
        (None, "A morning with the last net-maker", "Saltmarsh Weekly", "2015-03-01",
         "March 1, 2015 Sunday", U, U, "96", U, "English", U, "nexis-txt"),
    ],
    "nexis-uni.RTF": [
        ("nexis-5WK1-ABC1-JBCN-4123-00000-00", "Port Ellery opens its new ferry terminal",
         "The Ellery Gazette (Maine)", "2019-07-02", "July 2, 2019 Tuesday",
         "Marie-Hélène Dubois", "NEWS", "318", "PORT ELLERY, Maine", "English", U, "nexis-rtf"),
        ("nexis-5WK2-XYZ9-F021-6789-00000-00",
         "Café owners say the ferry brings more than tourists", "The Daily Placeholder",
         "2019-07-03", "July 3, 2019 Wednesday 6:18 PM GMT", "Jan Nowak", "BUSINESS", "1056",
         U, "English", U, "nexis-rtf"),
    ],
    "factiva.rtf": [
        ("factiva-DPLH000020190614ef6e0002x", "Ferry strike strands łódź fans in Saltmarsh",
         "The Daily Placeholder", "2019-06-14", "14 June 2019", "By Jan Nowak", "Sport", "642",
         "SALTMARSH (Reuters)", "English", U, "factiva-rtf"),
        ("factiva-SLTW000020190615ef6f00001", "The island that counts its sheep twice",
         "Saltmarsh Weekly", "2019-06-15", "15 June 2019", U, "Features", "1874", U,
         "English", U, "factiva-rtf"),
    ],
    "factiva.htm": [
        ("factiva-DPLH000020190620ef6k0003b",
         "Café row: harbour council & traders fail to agree", "The Ellery Gazette",
         "2019-06-20", "20 June 2019", "By Marie-Hélène Dubois", "Business", "733",
         "PORT ELLERY, Maine", "English", U, "factiva-html"),
        ("factiva-SLTW000020190621ef6l00002", "Ten things to do on Holm Island when it rains",
         "Saltmarsh Weekly", "2019-06-21", "21 June 2019", U, "Weekend", "2015", U, "English",
         U, "factiva-html"),
    ],
    "factiva-plain.txt": [
        ("factiva-ELGZ000020190702ef720000c", "Council names new harbourmaster",
         "The Ellery Gazette", "2019-07-02", "2 July 2019", "Anna Kowalski", "News", "288", U,
         "English", U, "factiva-txt"),
    ],
    "proquest.txt": [
        ("proquest-2248119906", "Holm Island school saved by a single pupil",
         "Saltmarsh Weekly", "2019-06-29", "Jun 29, 2019", "Fraser, Agnes", "Features", U,
         "HOLM ISLAND", "English",
         "http://search.proquest.com/docview/2248119906?accountid=14540", "proquest-txt"),
        ("proquest-2249000117", "Ferry timetable to change in autumn", "The Ellery Gazette",
         "2019-07-03", "Jul 3, 2019", "Anonymous", "News", "311", "PORT ELLERY, Me.",
         "English", "http://search.proquest.com/docview/2249000117?accountid=14540",
         "proquest-txt"),
    ],
}  # fmt: skip

#: The first and last words of each text: nothing of the furniture before or after.
TEXTS = {
    "nexis-academic-cp1252.TXT": [
        ("PORT ELLERY - The harbour council", "expected in April."),
        ("The coastal road between", "one lane by Sunday."),
        ("Elsie Morgan’s hands move", "never pays on time."),
    ],
    "nexis-uni.RTF": [
        ("The new ferry terminal at Port Ellery opened on Tuesday, two years late and €1.2",
         "a van of bread for the islands."),
        ("Owners of the six cafés", "said Zofia Wąsik, who opened her café in 2012."),
    ],
    "factiva.rtf": [
        ("SALTMARSH (Reuters) - About three hundred football fans from Łódź",
         "Talks resume on Monday."),
        ("On Holm Island the census", "“The numbers shouldn’t.”"),
    ],
    "factiva.htm": [
        ("PORT ELLERY, Maine — Talks between", "“They want us to sell coffee standing up,” "
         "said one owner."),
        ("First, accept that it will rain.", "and read on."),
    ],
    "factiva-plain.txt": [("The harbour council on Tuesday named", "for nine years.")],
    "proquest.txt": [
        ("HOLM ISLAND - The island's one-room school", "\"I didn't know I was saving "
         "anything,\" he said."),
        ("PORT ELLERY (AP) -- The ferry company", "it said on Wednesday."),
    ],
}  # fmt: skip

#: Furniture that must never reach a text.
FURNITURE = ("LOAD-DATE", "Load-Date", "End of Document", "Copyright", "All Rights Reserved",
             "Factiva, Inc", "BYLINE", "Classification", "89504e47", "Search Summary",
             "ProQuest", "Credit:", "Section:", "Page 1 of", "GRAPHIC", "slipway at Port",
             "Saltmarsh Star", "HYPERLINK", "\x00")  # fmt: skip


def _read(*files: Path, **options) -> list[dict[str, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the cp1252 fixture warns that it is not UTF-8
        return read_exports(files, max_bytes=20_000_000, **options)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_field_of_each_hand_made_export(name: str):
    rows = _read(FIXTURES / name)
    assert [str(i) for i in range(1, len(rows) + 1)] == [row["record"] for row in rows]
    for row, expected, (start, end) in zip(rows, EXPECTED[name], TEXTS[name], strict=True):
        got = tuple(row[field] for field in FIELDS)
        if expected[0] is None:  # no document number in the export: a hash of the article
            assert row["doc_id"].startswith("nexis-") and len(row["doc_id"]) == 22
            got = (None, *got[1:])
        assert got == expected
        assert row["file"] == name and row["database"] == row["source_format"].split("-")[0]
        assert row["raw"].startswith(start) and row["raw"].endswith(end)
        assert not [f for f in FURNITURE if f in row["raw"]]


def test_hard_wrapped_lines_are_joined_and_paragraphs_kept():
    first = _read(FIXTURES / "nexis-academic-cp1252.TXT")[0]["raw"]
    assert first.count("\n\n") == 2 and "\n" not in first.replace("\n\n", "")
    assert "new café licences for the waterfront" in first


def test_hash_ids_are_stable_and_differ_by_article(tmp_path: Path):
    copy = tmp_path / "again.txt"
    shutil.copy(FIXTURES / "nexis-academic-cp1252.TXT", copy)
    ids = [row["doc_id"] for row in _read(FIXTURES / "nexis-academic-cp1252.TXT")]
    assert ids == [row["doc_id"] for row in _read(copy)] and len(set(ids)) == 3


@pytest.mark.parametrize("name", ["factiva.rtf", "proquest.txt", "nexis-uni.RTF"])
def test_the_database_is_read_from_the_content_not_the_name(tmp_path: Path, name: str):
    renamed = tmp_path / "download.htm"
    shutil.copy(FIXTURES / name, renamed)
    assert [r["doc_id"] for r in _read(renamed)] == [e[0] for e in EXPECTED[name]]


def test_source_must_match_when_given():
    from analysis.corpus import CorpusError

    assert _read(FIXTURES / "proquest.txt", source="proquest")
    with pytest.raises(CorpusError, match=r"proquest.txt: a proquest export, not factiva"):
        _read(FIXTURES / "proquest.txt", source="factiva")


def _shared(name: str) -> Path:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"real sample exports not found at {SHARED}")
    return path


def test_real_nexis_txt_sample():
    rows = _read(_shared("nexis-sample.TXT"))
    assert len(rows) == 10
    assert [r["outlet"] for r in rows[:4]] == ["Guardian.com", "Guardian", "The Sun (England)",
                                                "The Times (London)"]  # fmt: skip
    assert rows[2]["section"] == "FEATURES" and rows[2]["byline"] == "TREVOR Kavanagh"
    assert [r["word_count"] for r in rows] == ["355", "927", "677", "453", "918", "471", "607",
                                               "698", "446", "2968"]  # fmt: skip
    assert [r["date"] for r in rows][-3:] == ["2010-01-10", "2010-01-10", "2010-01-09"]
    assert rows[7]["title"] == "PRISONER OF HIS OWN CABINET" and rows[9]["byline"] == "unknown"
    assert rows[4]["title"].startswith("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
    assert all(r["language"] == "English" for r in rows)
    assert rows[0]["raw"].startswith("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
    assert rows[0]["raw"].endswith("ut varius.")
    assert not [f for r in rows for f in FURNITURE if f in r["raw"]]


def test_real_nexis_uni_docx_sample():
    rows = _read(_shared("nexis-uni-sample.DOCX"))
    assert len(rows) == 10 and {r["source_format"] for r in rows} == {"nexis-docx"}
    assert rows[0]["doc_id"] == "nexis-5WG2-7T11-F021-636K-00000-00"
    assert rows[9]["doc_id"] == "nexis-5WG8-JBW1-JCJY-G1TC-00000-00"
    assert rows[0]["byline"] == "Mattha Busby (now), Andrew Sparrow (earlier)"
    assert [r["section"] for r in rows][6:] == ["POLITICS", "SPORT", "Wikipedia", "OPINION"]
    assert rows[4]["word_count"] == "17366" and rows[0]["date"] == "2019-07-01"
    assert rows[0]["date_original"] == "July 1, 2019 Monday 9:20 AM GMT"
    assert rows[6]["title"] == "Sample Headline" and rows[6]["language"] == "English"
    assert rows[8]["raw"].startswith("R is a programming language")
    assert not [f for r in rows for f in FURNITURE if f in r["raw"]]


# python -m analysis import ---------------------------------------------------------------


def test_import_writes_a_reviewable_csv_that_loads_back(tmp_path: Path, capsys):
    from analysis import load_corpus
    from analysis.__main__ import main

    out = tmp_path / "corpus.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the cp1252 warning is printed, not raised
        assert main(["import", str(FIXTURES), "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "12 articles from 6 export files (factiva 5, nexis 5, proquest 2)" in said.out
    assert said.err.startswith("warning: ") and "Windows-1252" in said.err
    again = load_corpus(out)
    assert len(again) == 12 and again["doc_id"].is_unique
    row = again.set_index("doc_id").loc["proquest-2249000117"]
    assert (row.export_file, row.record, row.export_format) == ("proquest.txt", "2", "proquest-txt")
    assert (row.outlet, row.date, row.word_count) == ("The Ellery Gazette", "2019-07-03", "311")
    assert row.text.startswith("PORT ELLERY (AP) -- The ferry company")


def test_import_guards_formulas_and_never_overwrites(tmp_path: Path, capsys):
    from analysis.__main__ import main

    hostile = (
        (FIXTURES / "factiva-plain.txt")
        .read_bytes()
        .replace(b"Council names new harbourmaster", b'=HYPERLINK("http://x.example","click")')
    )
    export = tmp_path / "f.txt"
    export.write_bytes(hostile)
    out = tmp_path / "corpus.csv"
    assert main(["import", str(export), "--from", "factiva", "--out", str(out)]) == 0
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert written.loc[0, "title"] == '\'=HYPERLINK("http://x.example","click")'
    before = out.read_bytes()
    assert main(["import", str(export), "--out", str(out)]) == 1
    assert out.read_bytes() == before
    assert (
        capsys.readouterr().err.strip().endswith("corpus.csv already exists; choose another --out")
    )


def test_import_refuses_raw_data_and_bad_exports_in_one_line(tmp_path: Path, capsys):
    from analysis.__main__ import main

    assert main(["import", str(FIXTURES), "--out", str(paths.RAW / "x.csv")]) == 1
    assert "never written to" in capsys.readouterr().err
    assert not (paths.RAW / "x.csv").exists()
    cut = tmp_path / "cut.txt"
    cut.write_bytes((FIXTURES / "proquest.txt").read_bytes()[:-500])
    out = tmp_path / "c.csv"
    assert main(["import", str(cut), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {cut}, record 2:")
    assert not out.exists()
    assert main(["import", str(FIXTURES / "proquest.txt"), "--from", "nexis", "--out", str(out)])
    assert "a proquest export, not nexis" in capsys.readouterr().err and not out.exists()


# A thousand real articles in every layout --------------------------------------------------


@pytest.mark.eval
@pytest.mark.slow
def test_real_articles_in_every_layout_load_with_every_field_right(tmp_path: Path, eval_dir):
    """1,200 BASIL articles (read from ../shared/eval at run time) laid out in twelve export
    files, two of each layout, load from one folder with every field as in the source."""
    from analysis import load_corpus
    from analysis.corpus.clean import clean_text
    from analysis.corpus.exports.records import dateline_of
    from benchmarks.export_layouts import LAYOUTS, basil_articles, write_folder

    placed = write_folder(basil_articles(1200, eval_dir), tmp_path / "exports", per_file=100)
    assert set(placed["layout"]) == set(LAYOUTS)
    corpus = load_corpus(tmp_path / "exports")
    assert len(corpus) == len(placed) == 1200
    loaded = corpus.set_index(["file", "record"])
    mismatches = []
    for source in placed.itertuples():
        row = loaded.loc[(source.file, source.record)]
        cleaned = clean_text(source.text)
        expected = {
            "title": " ".join(source.title.split()) or cleaned.title,
            "outlet": source.outlet,
            "date": source.date,
            "byline": source.byline,
            "section": source.section,
            "word_count": source.word_count if source.layout != "proquest-txt" else "unknown",
            "language": "English",
            "dateline": dateline_of(source.text) or "unknown",
            "text": cleaned.text,
            "source_format": source.layout,
        }
        got = {key: row[key] for key in expected}
        if source.expected_doc_id:
            expected["doc_id"], got["doc_id"] = source.expected_doc_id, row["doc_id"]
        if got != expected:
            mismatches.append((source.file, source.record, source.layout))
    assert not mismatches, f"{len(mismatches)} articles differ, the first: {mismatches[:3]}"
    assert (
        corpus.loc[corpus.source_format == "nexis-txt", "doc_id"]
        .str.fullmatch(r"nexis-[0-9a-f]{16}")
        .all()
    )


# load_corpus on exports ----------------------------------------------------------------------


def test_load_corpus_reads_a_folder_of_mixed_exports(tmp_path: Path):
    from analysis import load_corpus

    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES, folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(folder)
        single = load_corpus(folder / "proquest.txt", group_by="outlet")
    assert len(corpus) == 12 and corpus["doc_id"].is_unique and (corpus.genre == "unknown").all()
    assert set(EXPORT_COLUMNS) <= set(corpus.columns)
    assert set(corpus.source_format) == {e[-1] for rows in EXPECTED.values() for e in rows}
    row = corpus.set_index("doc_id").loc["factiva-SLTW000020190615ef6f00001"]
    assert (row.title, row.file, row.record, row.section) == (
        "The island that counts its sheep twice", "factiva.rtf", "2", "Features")  # fmt: skip
    assert row.text.startswith("On Holm Island the census") and "\n\n" in row.text
    assert list(single.group) == ["Saltmarsh Weekly", "The Ellery Gazette"]


def test_a_plain_text_file_in_an_export_folder_is_refused(tmp_path: Path):
    from analysis import load_corpus
    from analysis.corpus import CorpusError

    shutil.copy(FIXTURES / "proquest.txt", tmp_path)
    (tmp_path / "notes.txt").write_text("Remember to ask about the ferry.", encoding="utf-8")
    with pytest.raises(
        CorpusError, match=r"exports \(proquest.txt\) and files that are not \(notes"
    ):
        load_corpus(tmp_path)


def test_an_export_linked_from_outside_the_folder_is_refused(tmp_path: Path):
    from analysis import load_corpus
    from analysis.corpus import CorpusError

    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(FIXTURES / "proquest.txt", folder)
    (folder / "elsewhere.rtf").symlink_to(FIXTURES / "factiva.rtf")
    with pytest.raises(CorpusError, match=r"resolve outside the corpus folder: elsewhere.rtf"):
        load_corpus(folder)


def test_a_folder_of_plain_articles_is_still_read_as_before(tmp_path: Path):
    from analysis import load_corpus

    (tmp_path / "a.txt").write_text("The envoys met on Saturday in Miami for talks on the war.")
    assert load_corpus(tmp_path).source_format.tolist() == ["text"]


def test_factiva_rtf_with_codes_before_tabs_is_read_like_the_table_layout(tmp_path: Path):
    from benchmarks.export_layouts import rtf_escape

    lines = (FIXTURES / "factiva-plain.txt").read_text(encoding="utf-8").splitlines()
    rtf = ["{\\rtf1\\ansi\\ansicpg1252"]
    for code, value in zip(lines[0:18:2], lines[1:18:2], strict=True):  # HD to CY
        rtf.append(f"{code}\\tab {rtf_escape(value)}\\par")
    rtf.append(f"LP\\tab {lines[19]}\\par {lines[20]}\\par\\par {lines[22]}\\par")
    rtf.append("TD\\tab Okafor, 44, ran the ferry office for nine years.\\par")
    rtf.append("AN\\tab Document ELGZ000020190702ef720000c\\par}")
    path = tmp_path / "tabs.rtf"
    path.write_text("\r\n".join(rtf), encoding="ascii")
    row = _read(path)[0]
    expected = EXPECTED["factiva-plain.txt"][0]
    assert (
        tuple(row[f] for f in FIELDS[:-1]) == expected[:-1]
        and row["source_format"] == "factiva-rtf"
    )
    assert row["raw"].endswith(
        "She starts in August.\n\nOkafor, 44, ran the ferry office for nine years."
    )
