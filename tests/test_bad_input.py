"""Bad input: each case loads correctly or raises a CorpusError naming the file and the problem."""

from __future__ import annotations

import io
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis.__main__ import main
from analysis.corpus import CorpusError, load_corpus
from analysis.report import runner
from analysis.report.outputs import save_table
from analysis.statistics.plan import group_pairs

BODY = "The envoys met on Saturday in Miami for talks on ending the war in Ukraine."
TITLE = "Envoys meet in Florida"


def _folder(tmp_path: Path, data: bytes, name: str = "article.txt") -> Path:
    (tmp_path / name).write_bytes(data)
    return tmp_path


def _raises(match: str, *args, **kwargs) -> str:
    with pytest.raises(CorpusError, match=match) as info:
        load_corpus(*args, **kwargs)
    return str(info.value)


# Encodings and file contents ---------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"  \n\r\n\t", b"\xef\xbb\xbf\n"], ids=["0B", "blank", "BOM"]
)
def test_empty_file(tmp_path: Path, data: bytes):
    assert "article.txt" in _raises("empty file", _folder(tmp_path, data))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "NUL bytes"),
        (b"\x81\x8d\x8f\x90\x9d" * 40, "neither UTF-8 nor Windows-1252"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
    ids=["nul", "undecodable", "controls"],
)
def test_binary_file(tmp_path: Path, data: bytes, problem: str):
    message = _raises("binary file", _folder(tmp_path, data))
    assert "article.txt" in message and problem in message


def test_cp1252_file_is_decoded_with_a_warning(tmp_path: Path):
    text = f"{TITLE}\n“We met at the café,” she said, as the envoys talked for hours on Saturday."
    folder = _folder(tmp_path, text.encode("cp1252"))
    with pytest.warns(UserWarning, match=r"article\.txt.*cp1252"):
        df = load_corpus(folder)
    assert df.encoding[0] == "cp1252"
    assert df.title[0] == TITLE
    assert df.text[0] == text.split("\n")[1]


def test_utf8_bom_is_stripped(tmp_path: Path):
    df = load_corpus(_folder(tmp_path, f"\ufeff{TITLE}\n{BODY}".encode()))
    assert df.title[0] == TITLE
    assert df.encoding[0] == "utf-8-sig"


def test_crlf_line_ends_are_normalised(tmp_path: Path):
    df = load_corpus(_folder(tmp_path, f"{TITLE}\r\n\r\n{BODY}\r\n{BODY}\r\n".encode()))
    assert df.text[0] == f"{BODY}\n\n{BODY}"
    assert "\r" not in df.title[0] + df.text[0]


def test_html_page_saved_as_txt_gives_its_visible_text(tmp_path: Path):
    html = f"""<!DOCTYPE html>
<html><head><title>Site | {TITLE}</title><style>p {{color: red}}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<h1>{TITLE}</h1><p>By <a href="#">AFP</a></p>
<p>The envoys met on <b>Saturday</b> in Miami for talks &amp; dinner on ending the war.</p>
<script>var tracking = 1;</script>
<ul><li>Security guarantees for Kyiv after the war</li></ul>
<footer>© 2026 Site</footer></body></html>"""
    df = load_corpus(_folder(tmp_path, html.encode()))
    assert df.source_format[0] == "html"
    assert df.title[0] == TITLE
    assert df.text[0] == (
        "The envoys met on Saturday in Miami for talks & dinner on ending the war.\n\n"
        "• Security guarantees for Kyiv after the war"
    )


def test_html_page_without_visible_text(tmp_path: Path):
    html = b"<html><head><title>x</title></head><body><script>1</script></body></html>"
    assert "article.txt" in _raises("no visible text", _folder(tmp_path, html))


def test_page_with_nothing_but_furniture(tmp_path: Path):
    message = _raises("no article text left", _folder(tmp_path, b"- Advertisement -\n12\n"))
    assert "article.txt" in message and "clean=False" in message


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # a sparse 50 MB file: nothing is written
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    message = _raises("over the limit", tmp_path)
    assert "huge.txt" in message and "50.0 MB" in message and "max_bytes=" in message


def test_size_limit_can_be_raised(tmp_path: Path):
    folder = _folder(tmp_path, BODY.encode())
    _raises("max_bytes", folder, max_bytes=10)
    assert load_corpus(folder, max_bytes=1000).text[0] == BODY


# Folder and metadata -------------------------------------------------------------


def _metadata(tmp_path: Path, csv: str, *texts: str) -> Path:
    for name in texts:
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(csv, encoding="utf-8")
    return tmp_path


def test_metadata_row_names_a_missing_file(tmp_path: Path):
    folder = _metadata(tmp_path, "doc_id,file\na,a.txt\nb,b.txt\n", "a.txt")
    message = _raises("files missing", folder)
    assert "metadata.csv" in message and "b.txt (doc_id b)" in message


def test_text_file_with_no_metadata_row(tmp_path: Path):
    folder = _metadata(tmp_path, "doc_id,file\na,a.txt\n", "a.txt", "extra.txt")
    assert "extra.txt" in _raises("no metadata row", folder)


@pytest.mark.parametrize("column", ["doc_id", "file"])
def test_duplicates_in_metadata(tmp_path: Path, column: str):
    csv = (
        "doc_id,file\na,a.txt\na,b.txt\n"
        if column == "doc_id"
        else "doc_id,file\na,a.txt\nb,a.txt\n"
    )
    folder = _metadata(tmp_path, csv, "a.txt", "b.txt")
    assert "metadata.csv" in _raises(f"duplicate {column}: a", folder)


def test_metadata_missing_required_columns(tmp_path: Path):
    folder = _metadata(tmp_path, "doc_id,genre\na,wire\n", "a.txt")
    message = _raises("missing: file", folder)
    assert "metadata.csv" in message and "it has: doc_id, genre" in message


def test_explicit_metadata_that_does_not_exist(tmp_path: Path):
    folder = _folder(tmp_path, BODY.encode())
    assert "labels.csv" in _raises("cannot read it", folder, metadata=tmp_path / "labels.csv")


def test_metadata_that_is_not_a_csv(tmp_path: Path):
    folder = _metadata(tmp_path, 'doc_id,file\n"a,a.txt\n', "a.txt")
    assert "metadata.csv" in _raises("not a readable CSV", folder)


@pytest.mark.parametrize("genre", ["feature", "color"])
def test_unknown_genre_value(tmp_path: Path, genre: str):
    folder = _metadata(tmp_path, f"doc_id,file,genre\nd1,a.txt,{genre}\n", "a.txt")
    message = _raises(f"doc_id 'd1' has genre '{genre}'", folder)
    assert "metadata.csv" in message and "wire, colour, opinion, unknown" in message
    assert "group_by=" in message
    assert ("did you mean 'colour'" in message) == (genre == "color")


def test_missing_group_column(tmp_path: Path):
    folder = _metadata(tmp_path, "doc_id,file,desk\na,a.txt,world\n", "a.txt")
    message = _raises("cannot group by 'section'", folder, group_by="section")
    assert str(folder) in message and "desk" in message and "genre" in message


def test_no_txt_files(tmp_path: Path):
    _raises("no .txt files", tmp_path)


def test_path_that_does_not_exist(tmp_path: Path):
    _raises("no such file or folder", tmp_path / "nowhere")


def test_unsupported_file_type(tmp_path: Path):
    path = tmp_path / "corpus.xlsx"
    path.write_bytes(b"PK")
    assert "corpus.xlsx" in _raises("cannot load a .xlsx file", path)


# CSV and JSON Lines ----------------------------------------------------------------


def test_csv_without_the_text_column(tmp_path: Path):
    path = tmp_path / "articles.csv"
    path.write_text(f"doc_id,body\na,{BODY}\n", encoding="utf-8")
    message = _raises("no text column 'text'", path)
    assert "articles.csv" in message and "body" in message and "text_column=" in message


def test_duplicate_doc_ids_in_csv(tmp_path: Path):
    path = tmp_path / "articles.csv"
    path.write_text(f"doc_id,text\na,{BODY}\na,{BODY}\n", encoding="utf-8")
    assert "articles.csv" in _raises("duplicate doc_id: a", path)


def test_empty_text_in_csv(tmp_path: Path):
    path = tmp_path / "articles.csv"
    path.write_text(f"doc_id,text\na,{BODY}\nb,\n", encoding="utf-8")
    assert "articles.csv, row 2 (doc_id 'b')" in _raises("no text", path)


def test_metadata_argument_with_a_table(tmp_path: Path):
    path = tmp_path / "articles.csv"
    path.write_text(f"text\n{BODY}\n", encoding="utf-8")
    _raises("metadata= is for a folder", path, metadata=tmp_path / "m.csv")


def _jsonl(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_malformed_jsonl_line(tmp_path: Path):
    path = _jsonl(tmp_path, json.dumps({"text": BODY}), '{"text": "unterminated')
    assert "articles.jsonl, line 2" in _raises("not valid JSON", path)


def test_jsonl_line_that_is_not_an_object(tmp_path: Path):
    path = _jsonl(tmp_path, json.dumps({"text": BODY}), "", json.dumps([BODY]))
    assert "articles.jsonl, line 3" in _raises("expected a JSON object", path)


def test_jsonl_record_without_the_text_field(tmp_path: Path):
    path = _jsonl(tmp_path, json.dumps({"text": BODY}), json.dumps({"body": BODY}))
    assert "articles.jsonl, line 2" in _raises("no text field 'text'", path)


def test_duplicate_doc_ids_in_jsonl(tmp_path: Path):
    record = json.dumps({"doc_id": "a", "text": BODY})
    assert "articles.jsonl" in _raises("duplicate doc_id: a", _jsonl(tmp_path, record, record))


def test_unknown_genre_in_jsonl(tmp_path: Path):
    path = _jsonl(tmp_path, json.dumps({"doc_id": "a", "text": BODY, "genre": "feature"}))
    assert "articles.jsonl, line 1" in _raises("genre 'feature'", path)


def test_csv_rows_with_trailing_commas_keep_their_columns(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text(
        "text,doc_id,genre\nThe envoys met in Miami on Saturday.,a,wire,\n", encoding="utf-8"
    )
    row = load_corpus(path).iloc[0]
    assert (row["doc_id"], row["genre"]) == ("a", "wire")
    assert row["text"].startswith("The envoys met")


def test_lone_surrogate_in_jsonl_is_a_corpus_error(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text('{"doc_id": "a", "text": "Talks \\ud800 resumed."}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"articles\.jsonl.*invalid Unicode"):
        load_corpus(path)


def test_a_users_own_group_column_is_not_silently_overwritten(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text(
        "doc_id,group,text\na,A,The envoys met in Miami on Saturday.\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError, match="group_by='group'"):
        load_corpus(path)
    assert load_corpus(path, group_by="group")["group"].tolist() == ["A"]


def test_csv_row_with_more_fields_than_the_header_is_refused(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("doc_id,text\na,Talks resumed, officials said.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"articles\.csv, row 2: 3 fields but the header names 2"):
        load_corpus(path)


def test_csv_with_a_very_long_article_loads(tmp_path):
    body = "The talks resumed on Sunday after a pause, officials said. " * 4000  # ~240 kB
    pd.DataFrame({"doc_id": ["long"], "text": [body]}).to_csv(tmp_path / "a.csv", index=False)
    assert len(load_corpus(tmp_path / "a.csv")["text"].iloc[0]) > 200_000


# Hostile and broken input (issue 11) -------------------------------------------------


def test_metadata_file_outside_the_folder_is_refused(tmp_path: Path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text(BODY, encoding="utf-8")
    for file in ("../secret.txt", str(tmp_path / "secret.txt")):
        (folder / "metadata.csv").write_text(f"doc_id,file\na,{file}\n", encoding="utf-8")
        message = _raises("outside the corpus folder", folder)
        assert f"{file} (doc_id a)" in message and "metadata.csv" in message


def test_symlink_pointing_outside_is_refused_one_inside_is_read(tmp_path: Path):
    folder = tmp_path / "corpus"
    (folder / "texts").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("The secret is out, a man said on Sunday in Miami.")
    (folder / "texts" / "real.txt").write_text(BODY, encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "texts" / "real.txt")
    (folder / "a.txt").symlink_to(tmp_path / "secret.txt")
    assert "a.txt (doc_id a)" in _raises("outside the corpus folder", folder)
    (folder / "a.txt").unlink()
    assert load_corpus(folder).text.tolist() == [BODY]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str):
    text = f"{TITLE}\n“We met at the café,” she said, as the envoys talked for hours."
    data = text.encode(encoding)
    if encoding != "utf-16":  # the plain codec writes its own mark
        data = ("\ufeff" + text).encode(encoding)
    df = load_corpus(_folder(tmp_path, data))
    assert (df.title[0], df.encoding[0]) == (TITLE, "utf-16")
    assert df.text[0] == text.split("\n")[1]


def test_stray_cp1252_byte_in_utf8_is_decoded_and_named(tmp_path: Path):
    before = f"{TITLE}\nZelenskā and Dmitriev met at the café on Saturday; "
    data = before.encode() + b"\x93peace is near\x94, one said."  # cp1252 curly quotes
    with pytest.warns(UserWarning, match=rf"byte {len(before.encode())}, 0x93.*cp1252"):
        df = load_corpus(_folder(tmp_path, data))
    assert df.encoding[0] == "utf-8+cp1252"
    assert "café on Saturday; “peace is near”, one said." in df.text[0]


def test_byte_neither_utf8_nor_cp1252_is_named_at_its_offset(tmp_path: Path):
    before = f"{TITLE}\nZelenskā and Dmitriev met on Saturday; ".encode()  # ā is c4 81
    message = _raises("neither UTF-8 nor Windows-1252", _folder(tmp_path, before + b"\x81 x."))
    assert f"byte {len(before)}, 0x81," in message


@pytest.mark.parametrize(
    ("header", "twice"),
    [
        ("doc_id,text, text", "text"),
        ("doc_id,doc_id,text", "doc_id"),
        (" title ,text,title", "title"),
    ],
)
def test_duplicate_column_names_are_refused(tmp_path: Path, header: str, twice: str):
    path = tmp_path / "articles.csv"
    path.write_text(f"{header}\na,{BODY.replace(',', '')},b\n", encoding="utf-8")
    message = _raises("column name", path)
    assert "articles.csv" in message and f"used twice: {twice!r}" in message


def test_duplicate_keys_in_jsonl_are_refused(tmp_path: Path):
    path = _jsonl(tmp_path, json.dumps({"text": BODY}), '{"text": "a", " text": "b"}')
    assert "articles.jsonl, line 2" in _raises("column name.*'text'", path)


@pytest.mark.parametrize(
    "data",
    [
        "\u200b\u200b\n\u200c".encode(),
        "\ufeff\ufeff \u2060".encode(),
        "\ufeff\u200b".encode("utf-16"),
    ],
    ids=["zero-width", "BOMs", "utf-16"],
)
def test_invisible_only_file_is_empty(tmp_path: Path, data: bytes):
    assert "article.txt" in _raises("empty file", _folder(tmp_path, data))


def test_invisible_only_text_in_a_table_is_refused(tmp_path: Path):
    path = _jsonl(tmp_path, json.dumps({"doc_id": "a", "text": "\u200b\ufeff\u0000 "}))
    assert "articles.jsonl, line 1 (doc_id 'a')" in _raises("no text", path)


def test_control_characters_are_removed_from_texts_and_metadata(tmp_path: Path):
    record = {
        "doc_id": "a\u001b[2J",
        "outlet": "Fox\u0007",
        "text": f"{TITLE}\n{BODY[:9]}\u0000\u001b{BODY[9:]}",
    }
    df = load_corpus(_jsonl(tmp_path, json.dumps(record)), group_by="outlet")
    assert (df.doc_id[0], df.group[0], df.title[0], df.text[0]) == ("a[2J", "Fox", TITLE, BODY)


def test_error_messages_never_print_raw_control_characters(tmp_path: Path):
    message = _raises("empty file", _folder(tmp_path, b"", name="a\x1b[31m\u202e.txt"))
    assert "a\\x1b[31m\\u202e.txt" in message
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in message)


def test_warnings_never_print_raw_control_characters(tmp_path: Path):
    folder = _folder(tmp_path, f"{TITLE}\n{BODY} café".encode("cp1252"), name="b\x1b[2J.txt")
    with pytest.warns(UserWarning) as caught:
        load_corpus(folder)
    assert "b\\x1b[2J.txt" in str(caught[0].message) and "\x1b" not in str(caught[0].message)


def test_html_fragment_saved_as_txt_gives_its_visible_text(tmp_path: Path):
    fragment = f"<div><h2>{TITLE}</h2><p>{BODY}</p><script>track()</script></div>"
    df = load_corpus(_folder(tmp_path, fragment.encode()))
    assert df.source_format[0] == "html"
    assert (df.title[0], df.text[0]) == (TITLE, BODY)


def test_text_mentioning_a_tag_is_not_taken_for_html(tmp_path: Path):
    text = f"{TITLE}\nThe envoys met on Saturday; a reader asked what <b> means in a page."
    assert load_corpus(_folder(tmp_path, text.encode())).source_format[0] == "text"


def test_tables_neutralise_formula_cells_and_keep_numbers(tmp_path: Path):
    hostile = ['=HYPERLINK("http://x.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\ry"]
    table = pd.DataFrame(
        {"doc_id": hostile, "n": range(6), "tone": [-0.5, 0.25, -1.0, 0.0, 1.5, -2.0]}
    ).assign(**{"=cmd": "wire"})
    read = pd.read_csv(save_table(table, tmp_path, "t"), keep_default_na=False)
    assert read["doc_id"].tolist() == [f"'{v}" for v in hostile[:5]] + ["\ny"]
    assert read["tone"].tolist() == [-0.5, 0.25, -1.0, 0.0, 1.5, -2.0]
    assert read["n"].tolist() == list(range(6)) and "'=cmd" in read.columns


def test_unknown_group_is_left_out_of_comparisons_unless_named():
    groups = ["Fox", "NYT", "unknown", "Fox", "unknown"]
    assert group_pairs(groups) == [("Fox", "NYT")]
    assert group_pairs(groups, "Fox,unknown") == [("Fox", "unknown")]
    with pytest.raises(ValueError, match="two groups besides 'unknown'"):
        group_pairs(["Fox", "unknown"])


def _groups_notebook(tmp_path: Path) -> Path:
    """A notebook that loads the corpus as the report's notebooks do and writes its groups."""
    parameters = "\n".join(
        [
            'corpus: str = ""  # corpus',
            'group_by: str = "genre"  # column',
            'groups: str = ""  # two groups',
            'out_dir: str = ""  # run folder',
            "seed: int = 0  # seed",
            "normalise_groups: bool = False  # merge case variants",
        ]
    )
    nb = new_notebook(
        cells=[
            new_code_cell(parameters, metadata={"tags": ["parameters"]}),
            new_code_cell(
                "from analysis import load_corpus\nfrom analysis.report.outputs import save_table\n"
                "articles = load_corpus(corpus, group_by=group_by,\n"
                "                       normalise_groups=normalise_groups)\n"
                'save_table(articles[["doc_id", "group"]], out_dir, "groups")'
            ),
        ],
        metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Py"}},
    )
    path = tmp_path / "01-groups.ipynb"
    nbformat.write(nb, path)
    return path


def test_case_variants_of_a_group_are_reported_first_and_merged_on_request(
    tmp_path: Path, capsys, monkeypatch
):
    outlets = ["FOX", "fox", "FOX", "NYT", "nyt", "NYT"]
    pd.DataFrame({"doc_id": list("abcdef"), "outlet": outlets, "text": [BODY] * 6}).to_csv(
        tmp_path / "basil.csv", index=False
    )
    notebook = _groups_notebook(tmp_path)
    real = runner.run_report
    monkeypatch.setattr(runner, "run_report", lambda **kw: real(notebooks=[notebook], **kw))
    args = ["report", "--corpus", str(tmp_path / "basil.csv"), "--group-by", "outlet"]
    assert main([*args, "--out", str(tmp_path / "kept")]) == 0
    err = capsys.readouterr().err
    assert "differ only by case or spaces" in err and "'FOX' and 'fox'; 'NYT' and 'nyt'" in err
    assert "--normalise-groups" in err
    kept = pd.read_csv(tmp_path / "kept" / "tables" / "groups.csv")
    assert kept["group"].tolist() == outlets
    index = (tmp_path / "kept" / "index.html").read_text("utf-8")  # the landing page says it
    assert "differ only by case or spaces" in index and "FOX and fox" in index
    assert main([*args, "--out", str(tmp_path / "merged"), "--normalise-groups"]) == 0
    assert "differ only by case" not in capsys.readouterr().err
    assert "differ only by case" not in (tmp_path / "merged" / "index.html").read_text("utf-8")
    merged = pd.read_csv(tmp_path / "merged" / "tables" / "groups.csv")
    assert merged["group"].tolist() == ["FOX"] * 3 + ["NYT"] * 3


def test_dollar_signs_in_labels_from_data_are_shown_literally():
    from matplotlib.figure import Figure

    import analysis.views.plots  # noqa: F401  (every notebook imports it before drawing)

    fig = Figure()
    ax = fig.subplots()
    ax.barh(["$x_$ paper", "Outlet $$"], [1, 2], label="cost $5 to $10")
    ax.set_title("cost $5 to $10")
    ax.legend()
    fig.savefig(io.BytesIO(), format="png")  # mathtext raises on "$x_$"
    assert not ax.title.get_parse_math()
    assert not any(t.get_parse_math() for t in ax.get_yticklabels())
