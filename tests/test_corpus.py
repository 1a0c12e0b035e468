"""Loading the seed corpus and user corpora: folders, CSV and JSON Lines."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import analysis
from analysis import paths
from analysis.corpus import GENRES, METADATA_COLUMNS, CorpusError, load_corpus
from analysis.corpus.decode import is_blank

BODY = "The envoys met on Saturday in Miami for talks on ending the war in Ukraine."


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return load_corpus()


def test_exported_from_package():
    assert analysis.load_corpus is load_corpus
    assert analysis.CorpusError is CorpusError
    assert issubclass(CorpusError, ValueError)


def test_seed_corpus_has_five_articles_three_wire_two_colour(seed: pd.DataFrame):
    assert seed.doc_id.tolist() == sorted(p.stem for p in paths.RAW.glob("*.txt"))
    assert seed.genre.value_counts().to_dict() == {"wire": 3, "colour": 2}
    assert set(seed.loc[seed.genre == "colour", "doc_id"].str[:3]) == {"000", "003"}
    assert seed.group.tolist() == seed.genre.tolist()


def test_seed_columns(seed: pd.DataFrame):
    expected = {"doc_id", "file", *METADATA_COLUMNS, "title", "text", "group"}
    assert expected | {"source_sha256", "encoding", "source_format"} <= set(seed.columns)
    assert seed.columns[0] == "doc_id"
    assert (seed.encoding == "utf-8").all()
    assert (seed.source_format == "text").all()


def test_seed_facts_stated_in_the_texts(seed: pd.DataFrame):
    by_id = seed.set_index(seed.doc_id.str[:3])
    assert by_id.loc["001", ["outlet", "byline", "date"]].tolist() == [
        "The Moscow Times",
        "AFP",
        "2026-02-01",
    ]
    assert by_id.loc["001", "url"].startswith("https://www.themoscowtimes.com/2026/02/01/")
    assert by_id.loc["002", ["outlet", "byline"]].tolist() == ["Axadle Times", "Abdiwahab Ahmed"]
    assert by_id.loc["003", ["outlet", "byline", "date", "url"]].tolist() == ["unknown"] * 4


def test_seed_titles_are_clean(seed: pd.DataFrame):
    titles = dict(zip(seed.doc_id.str[:3], seed.title, strict=True))
    assert titles["001"] == "U.S. Envoy Reports 'Constructive' Ukraine Talks With Russia"
    assert titles["004"] == "Ukraine Russia US Envoys Hold Key Peace Talks"
    assert titles["000"].startswith("Sun, Sand and Diplomatic Whispers")
    assert all(t and not t.startswith("#") and "**" not in t for t in titles.values())


def test_seed_metadata_table_is_complete():
    table = pd.read_csv(paths.SEED_METADATA, dtype=str, keep_default_na=False)
    assert {"doc_id", "file", *METADATA_COLUMNS} <= set(table.columns)
    assert set(table.file) == {p.name for p in paths.RAW.glob("*.txt")}
    assert (table.doc_id + ".txt").tolist() == table.file.tolist()
    assert set(table.genre) <= set(GENRES)
    assert (table[list(METADATA_COLUMNS)] != "").all().all()  # unknown facts say "unknown"
    assert table.genre_note.str.contains("judgement").all()


def test_sha256_is_the_raw_file_and_raw_data_is_untouched(seed: pd.DataFrame):
    before = {p.name: p.stat().st_mtime_ns for p in paths.RAW.iterdir()}
    load_corpus()
    assert {p.name: p.stat().st_mtime_ns for p in paths.RAW.iterdir()} == before
    for row in seed.itertuples():
        assert row.source_sha256 == hashlib.sha256((paths.RAW / row.file).read_bytes()).hexdigest()


def test_relative_path_resolves_against_the_repository(seed: pd.DataFrame):
    df = load_corpus("data/raw", metadata="data/corpus.csv")
    pd.testing.assert_frame_equal(df, seed)


def test_group_by_another_column(seed: pd.DataFrame):
    df = load_corpus(group_by="outlet")
    assert df.group.tolist() == seed.outlet.tolist()


def test_clean_false_keeps_the_text_as_read():
    df = load_corpus(clean=False)
    assert "- Advertisement -" in df.text[2]
    assert df.title.eq("").all()


def test_folder_without_metadata(tmp_path: Path):
    (tmp_path / "b.txt").write_text(f"Envoys meet in Florida\n{BODY}", encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    df = load_corpus(tmp_path)
    assert df.doc_id.tolist() == ["a", "b"]
    assert df.title.tolist() == ["", "Envoys meet in Florida"]
    assert (df[list(METADATA_COLUMNS)] == "unknown").all().all()
    assert df.group.eq("unknown").all()


@pytest.mark.parametrize("where", ["inside", "beside", "explicit"])
def test_folder_with_metadata(tmp_path: Path, where: str):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "x1.txt").write_text(BODY, encoding="utf-8")
    (folder / "x2.txt").write_text(BODY, encoding="utf-8")
    meta = {"inside": folder, "beside": tmp_path, "explicit": tmp_path / "elsewhere"}[where]
    meta.mkdir(exist_ok=True)
    name = "labels.csv" if where == "explicit" else "metadata.csv"
    (meta / name).write_text(
        "doc_id,file,genre,outlet,desk\nd2,x2.txt,Wire,,politics\nd1,x1.txt,colour,Paper,world\n",
        encoding="utf-8",
    )
    kwargs = {"metadata": meta / name} if where == "explicit" else {}
    df = load_corpus(folder, group_by="desk", **kwargs)
    assert df.doc_id.tolist() == ["d1", "d2"]
    assert df.genre.tolist() == ["colour", "wire"]
    assert df.outlet.tolist() == ["Paper", "unknown"]
    assert df.group.tolist() == ["world", "politics"]


def test_csv_with_generated_ids_and_titles(tmp_path: Path):
    path = tmp_path / "articles.csv"
    pd.DataFrame(
        {"body": [BODY, f"Home WORLD NEWS\n{BODY}"], "title": ["Given title", ""], "genre": "wire"}
    ).to_csv(path, index=False)
    df = load_corpus(path, text_column="body")
    assert df.doc_id.tolist() == ["articles-00001", "articles-00002"]
    assert df.title.tolist() == ["Given title", ""]
    assert df.text.tolist() == [BODY, BODY]
    assert df.file.eq("articles.csv").all()
    assert df.source_sha256[0] == hashlib.sha256(BODY.encode()).hexdigest()


def test_jsonl(tmp_path: Path):
    path = tmp_path / "articles.jsonl"
    records = [
        {"doc_id": "z", "text": BODY, "genre": "colour", "outlet": None},
        {"doc_id": 7, "text": BODY, "genre": "wire", "words": 15},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    df = load_corpus(path)
    assert df.doc_id.tolist() == ["7", "z"]
    assert df.outlet.tolist() == ["unknown", "unknown"]
    assert df.words.tolist() == ["15", "unknown"]


def test_group_labels_differing_by_case_or_spaces_are_listed_and_merged_on_request(tmp_path):
    outlets = ["FOX", "fox", "FOX", "NYT", "nyt ", "CNN"]
    pd.DataFrame({"doc_id": list("abcdef"), "outlet": outlets, "text": [BODY] * 6}).to_csv(
        tmp_path / "basil.csv", index=False
    )
    kept = load_corpus(tmp_path / "basil.csv", group_by="outlet")
    assert analysis.corpus.load.group_variants(kept["group"]) == {
        "FOX": ["FOX", "fox"],
        "NYT": ["NYT", "nyt"],  # the loader strips surrounding spaces from every value
    }
    merged = load_corpus(tmp_path / "basil.csv", group_by="outlet", normalise_groups=True)
    assert merged["group"].tolist() == ["FOX", "FOX", "FOX", "NYT", "NYT", "CNN"]
    assert merged["outlet"].tolist() == kept["outlet"].tolist()  # the column stays as read


INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width spaces and joiners, BOM


@given(st.text(alphabet=st.sampled_from(f" \t\n\r\x0b\x0c\u00a0\u3000{INVISIBLE}a.")))
def test_a_text_is_blank_when_nothing_but_whitespace_and_invisible_characters_is_left(text):
    """What counts as blank: every character whitespace or invisible (zero-width, BOM)."""
    shows = [ch for ch in text if not ch.isspace() and ch not in INVISIBLE]
    assert is_blank(text) == (not shows)
