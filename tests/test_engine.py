"""score_corpus: engines agree, the cache is used and invalidated, runs resume, order holds."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing

import pandas as pd
import pytest

from analysis import paths
from analysis.measures.quotes import quote_table
from analysis.scoring import cache as score_cache
from analysis.scoring import engine
from analysis.scoring.cache import CacheWarning
from analysis.scoring.engine import iter_scores, score_corpus, score_with_tables
from analysis.scoring.score import explain_corpus, score_sentences, score_texts
from analysis.text import make_doc

TEXTS = [
    "Officials said talks may resume next week, according to a statement.",
    '"We lost everything," said Maria Lopez, 42, a mother of three. "My children cried."',
    "The minister insisted the plan will certainly work. Critics were not convinced.",
    "Officials said talks may resume next week, according to a statement.",  # a duplicate
    "Prices rose 3.2 percent in March, the U.S. Labor Department said on Tuesday.",
    "Apparently the storm might have been worse.\n\nResidents were evacuated overnight.",
    "",
]
UNIQUE = len(set(TEXTS))


@pytest.fixture
def corpus() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(TEXTS))],
            "outlet": ["wire", "colour"] * 3 + ["wire"],
            "text": TEXTS,
        }
    )
    return frame.set_axis([10, 3, 7, 1, 0, 5, 2])  # an index out of order survives


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Number of texts each in-process scoring call was given."""
    seen: list[int] = []

    def counting(texts: list[str]) -> pd.DataFrame:
        seen.append(len(texts))
        return score_texts(texts)

    monkeypatch.setattr(engine, "score_texts", counting)
    return seen


def run(corpus: pd.DataFrame, **options: object) -> pd.DataFrame:
    return score_corpus(corpus, progress=False, **{"chunk_size": 2, **options})


def test_rows_columns_and_values_are_those_of_score_texts(corpus):
    scored = run(corpus, cache=False)
    expected = score_texts(TEXTS)
    assert list(scored.index) == list(corpus.index)
    assert list(scored.columns) == [*corpus.columns, *expected.columns]
    pd.testing.assert_frame_equal(scored[corpus.columns], corpus)
    pd.testing.assert_frame_equal(
        scored[expected.columns].reset_index(drop=True), expected, check_exact=True
    )


def test_two_processes_give_identical_results_and_score_duplicates_once(corpus, tmp_path):
    one = run(corpus, cache=False)
    two = run(corpus, workers=2, chunk_size=1, cache=tmp_path)
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    assert two.attrs["scored"] == UNIQUE  # the duplicate sits in another chunk, in flight


def test_dask_local_cluster_gives_identical_results(corpus):
    pytest.importorskip("distributed")
    local = run(corpus, cache=False)
    dask = run(corpus, engine="dask", workers=2, cache=False)
    pd.testing.assert_frame_equal(local, dask, check_exact=True)


def _measure_names() -> list[str]:
    from analysis.measures import registry

    return [m.name for m in registry.measures()]


def test_a_spawned_worker_sees_the_measures_this_process_sees(toy_measure_site):
    """Dask starts its workers by spawning, with this process's ``sys.path``. The toy
    measure, once built for another test, must not be on it: its fixture folder is neither
    collected (pytest would put it on the path) nor a place the build writes to."""
    import multiprocessing

    source = paths.ROOT / "tests" / "fixtures" / "toy-measure"
    assert not [*source.glob("*.egg-info"), *source.glob("build")]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        spawned = pool.apply(_measure_names)
    assert spawned == _measure_names() and "exclamation" not in spawned


def test_second_run_scores_nothing_and_returns_the_same(corpus, tmp_path, calls):
    first = run(corpus, cache=tmp_path)
    assert sum(calls) == UNIQUE == first.attrs["scored"]
    second = run(corpus, cache=tmp_path)
    assert sum(calls) == UNIQUE
    assert second.attrs["scored"] == 0 and second.attrs["from_cache"] == len(TEXTS)
    pd.testing.assert_frame_equal(first, second, check_exact=True)


def test_the_default_cache_is_one_sqlite_file_in_its_folder(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(score_cache, "DEFAULT_CACHE", tmp_path / "score-cache")
    run(corpus)
    assert [p.name for p in (tmp_path / "score-cache").glob("*.sqlite")] == ["scores.sqlite"]


def test_a_changed_text_is_scored_again(corpus, tmp_path, calls):
    run(corpus, cache=tmp_path)
    changed = corpus.copy()
    changed.loc[5, "text"] = "Residents were evacuated overnight."
    scored = run(changed, cache=tmp_path)
    assert scored.attrs["scored"] == 1
    assert scored.loc[5, "words"] == 4


def _cache_rows(folder, sql: str, *args) -> None:
    with closing(sqlite3.connect(folder / "scores.sqlite")) as db, db:
        db.execute(sql, args)


def test_rows_of_another_scoring_version_are_not_used(corpus, tmp_path):
    run(corpus, cache=tmp_path)
    _cache_rows(tmp_path, "UPDATE scores SET version = '0.0.0+before-a-lexicon-edit'")
    assert run(corpus, cache=tmp_path).attrs["scored"] == UNIQUE


def test_code_changed_on_disk_after_import_is_refused_not_cached(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "scoring_version", lambda: "0.0.0+edited-since-import")
    with pytest.raises(RuntimeError, match="restart the Python kernel"):
        run(corpus, cache=tmp_path)


def test_scoring_version_follows_the_measures_not_the_rest_of_the_package(tmp_path, monkeypatch):
    original, package = engine.scoring_version(), tmp_path / "analysis"
    for part in ("text.py", "measures", "scoring/score.py", "statistics/compare.py"):
        source = paths.ROOT / "analysis" / part
        (package / part).parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, package / part)
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "LEXICONS", package / "measures" / "lexicons")
    before = engine.scoring_version()
    assert before == original  # the copy holds every file a score depends on
    with (package / "statistics" / "compare.py").open("a") as f:
        f.write("# an edit that cannot change a score\n")
    assert engine.scoring_version() == before
    # bytecode being written by a process importing a measure for the first time
    (package / "measures" / "__pycache__").mkdir(exist_ok=True)
    (package / "measures" / "__pycache__" / "tone.cpython-311.pyc.140").write_bytes(b"\0")
    assert engine.scoring_version() == before
    (package / "measures" / "new_measure.py").write_text("CUES = ()\n")
    assert engine.scoring_version() != before


def test_scoring_version_follows_the_lexicons(tmp_path, monkeypatch):
    before = engine.scoring_version()
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    (lexicons / "extra.tsv").write_text("term\tcategory\nperhaps\thedge\n")
    monkeypatch.setattr(paths, "LEXICONS", lexicons)
    assert engine.scoring_version() != before


def test_an_interrupted_run_resumes_where_it_stopped(corpus, tmp_path, monkeypatch):
    done: list[int] = []

    def fails_on_second_chunk(texts: list[str]) -> pd.DataFrame:
        if done:
            raise KeyboardInterrupt
        done.append(len(texts))
        return score_texts(texts)

    monkeypatch.setattr(engine, "score_texts", fails_on_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, cache=tmp_path)
    monkeypatch.setattr(engine, "score_texts", score_texts)
    resumed = run(corpus, cache=tmp_path)
    assert resumed.attrs["scored"] == UNIQUE - done[0]
    pd.testing.assert_frame_equal(resumed, run(corpus, cache=False), check_exact=True)


def test_an_error_names_the_article(corpus, monkeypatch):
    def fails_on_empty(texts: list[str]) -> pd.DataFrame:
        if "" in texts:
            raise ValueError("cannot score")
        return score_texts(texts)

    monkeypatch.setattr(engine, "score_texts", fails_on_empty)
    with pytest.raises(ValueError, match="cannot score") as info:
        run(corpus, cache=False)
    assert "doc_id='d6'" in "".join(info.value.__notes__)


def test_frames_in_give_the_same_as_one_frame(corpus):
    parts = (corpus.iloc[i : i + 3] for i in range(0, len(corpus), 3))
    pd.testing.assert_frame_equal(
        run(parts, cache=False), run(corpus, cache=False), check_exact=True
    )
    streamed = iter_scores(
        [corpus.iloc[:5], corpus.iloc[5:]], chunk_size=2, cache=False, progress=False
    )
    assert [len(c) for c in streamed] == [2, 2, 1, 2]


def test_an_empty_corpus_gives_the_columns_and_no_rows():
    empty = pd.DataFrame({"doc_id": [], "text": []})
    scored = run(empty, cache=False)
    assert len(scored) == 0
    assert list(scored.columns) == ["doc_id", "text", *score_texts([""]).columns]


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        (pd.DataFrame({"doc_id": ["a"], "body": ["Text."]}), KeyError),
        (pd.DataFrame({"doc_id": ["a"], "text": ["Text."], "words": [1]}), ValueError),
        (pd.DataFrame({"doc_id": ["a"], "text": [None]}), TypeError),
    ],
)
def test_bad_corpora_are_refused(frame, error):
    with pytest.raises(error):
        run(frame, cache=False)


def test_the_throughput_benchmark_runs_quickly(tmp_path):
    from benchmarks import throughput

    out = tmp_path / "results.json"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.throughput", "--quick", "--out", str(out)],
        cwd=paths.ROOT,
        check=True,
        timeout=120,
        capture_output=True,
    )
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["throughput"]["words"] > 0
    assert results["large_run"]["articles"] == throughput.QUICK_ARTICLES
    assert all(v > 0 for v in results["throughput"]["words_per_second"].values())


# A broken cache (issue 11, item 8) -------------------------------------------------------


def _corrupt(folder, how: str) -> None:
    path = folder / "scores.sqlite"
    data = path.read_bytes()
    if how == "overwritten":
        path.write_bytes(b"this is not sqlite" + data[18:])
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "bad JSON":
        _cache_rows(
            folder,
            "UPDATE scores SET row = '{\"words\": 3,'"
            " WHERE sha256 = (SELECT min(sha256) FROM scores)",
        )
    elif how == "tampered":
        _cache_rows(folder, """UPDATE scores SET row = '{"tone": "HACKED"}'""")
    else:  # the right columns, one a string, a changed value or a NaN, under the row's seal
        with closing(sqlite3.connect(path)) as db:
            stored, seal = db.execute("SELECT row FROM scores LIMIT 1").fetchone()[0].split("\t")
        row = json.loads(stored)
        changed = {
            "wrong types": {"tone": "HACKED"},
            "changed value": {"words": row["words"] + 1},
            "NaN": {"tone": float("nan")},
        }[how]
        _cache_rows(
            folder, "UPDATE scores SET row = ?", json.dumps({**row, **changed}) + "\t" + seal
        )


@pytest.mark.parametrize(
    "how",
    ["overwritten", "truncated", "bad JSON", "tampered", "wrong types", "changed value", "NaN"],
)
def test_a_broken_cache_is_reported_set_aside_and_rebuilt(how, corpus, tmp_path):
    fresh = run(corpus, cache=tmp_path)
    _corrupt(tmp_path, how)
    with pytest.warns(CacheWarning, match=str(tmp_path / "scores.sqlite")):
        again = run(corpus, cache=tmp_path)
    pd.testing.assert_frame_equal(again, fresh, check_exact=True)
    assert "HACKED" not in again.to_string()
    assert run(corpus, cache=tmp_path).attrs["scored"] == 0  # rebuilt
    if how in ("overwritten", "truncated"):
        assert len(list(tmp_path.glob("scores.sqlite.corrupt-*"))) == 1


@pytest.mark.parametrize("cache", ["", "  ", paths.RAW / "cache"])
def test_a_cache_path_that_is_empty_or_in_the_raw_data_is_refused(cache, corpus):
    with pytest.raises(ValueError, match="cache"):
        run(corpus, cache=cache)
    assert not (paths.ROOT / "scores.sqlite").exists()
    assert not (paths.RAW / "cache").exists()


def article_tables(chunk: pd.DataFrame, docs: list) -> list[pd.DataFrame]:
    """Tables made article by article, from the Docs the scoring pass made of the chunk."""
    return [
        score_sentences(chunk, carry=("outlet",), docs=docs),
        explain_corpus(chunk, docs=docs),
        quote_table(chunk, carry=("outlet",), docs=docs),
    ]


def made_on_the_whole_corpus(corpus: pd.DataFrame) -> list[pd.DataFrame]:
    return [
        score_sentences(corpus, carry=("outlet",)),
        explain_corpus(corpus),
        quote_table(corpus, carry=("outlet",)),
    ]


@pytest.mark.parametrize("workers", [None, 2])
def test_tables_made_in_the_scoring_pass_are_those_made_on_the_whole_corpus(
    corpus, tmp_path, workers
):
    scored, tables = score_with_tables(
        corpus, article_tables, chunk_size=2, workers=workers, cache=tmp_path, progress=False
    )
    pd.testing.assert_frame_equal(scored, run(corpus, cache=False), check_exact=True)
    for made, whole in zip(tables, made_on_the_whole_corpus(corpus), strict=True):
        pd.testing.assert_frame_equal(made, whole, check_exact=True)
        assert made.to_parquet(index=False) == whole.to_parquet(index=False)  # byte for byte
    # cached articles are read again for the tables, and give the same
    again, tables_again = score_with_tables(
        corpus, article_tables, chunk_size=3, cache=tmp_path, progress=False
    )
    assert again.attrs["from_cache"] == len(TEXTS) and again.attrs["scored"] == 0
    pd.testing.assert_frame_equal(again, scored, check_exact=True)
    for made, first in zip(tables_again, tables, strict=True):
        pd.testing.assert_frame_equal(made, first, check_exact=True)


def test_tables_of_chunks_without_rows_and_of_no_corpus_are_the_whole_corpus_calls(corpus):
    no_quotes = corpus.iloc[[0, 2, 6]]  # chunks of one: the last has no sentence at all
    _, tables = score_with_tables(
        no_quotes, article_tables, chunk_size=1, cache=False, progress=False
    )
    for made, whole in zip(tables, made_on_the_whole_corpus(no_quotes), strict=True):
        pd.testing.assert_frame_equal(made, whole, check_exact=True)
    empty = corpus.iloc[:0]
    _, tables = score_with_tables(empty, article_tables, cache=False, progress=False)
    for made, whole in zip(tables, made_on_the_whole_corpus(empty), strict=True):
        pd.testing.assert_frame_equal(made, whole, check_exact=True)


def fails_on_prices(chunk: pd.DataFrame, docs: list) -> list[pd.DataFrame]:
    if chunk["text"].str.startswith("Prices").any():
        raise ValueError("cannot make the table")
    return article_tables(chunk, docs)


def test_an_error_making_a_table_in_the_scoring_pass_names_the_article(corpus):
    with pytest.raises(ValueError, match="cannot make the table") as info:
        score_with_tables(corpus, fails_on_prices, chunk_size=3, cache=False, progress=False)
    assert "doc_id='d4'" in "".join(info.value.__notes__)


def test_docs_of_other_texts_are_refused(corpus):
    docs = [make_doc(t) for t in reversed(TEXTS)]
    with pytest.raises(ValueError, match="not its row's text"):
        score_sentences(corpus, docs=docs)
    with pytest.raises(ValueError, match="Docs given for"):
        explain_corpus(corpus, docs=docs[:2])


def many_strings(chunk: pd.DataFrame, docs: list) -> list[pd.DataFrame]:
    """Many rows of strings per article: a chunk's share of megabytes, as its sentences."""
    rows = [f"{d}: sentence {i:03d} of the article" for d in chunk["doc_id"] for i in range(700)]
    return [pd.DataFrame({"doc_id": chunk["doc_id"].repeat(700).to_numpy(), "text": rows})]


def test_a_table_joined_from_chunks_is_written_as_the_whole_corpus_table_byte_for_byte():
    corpus = pd.DataFrame({"doc_id": [f"a{i:03d}" for i in range(300)], "text": "It rained."})
    _, (joined,) = score_with_tables(
        corpus, many_strings, chunk_size=1, cache=False, progress=False
    )
    (whole,) = many_strings(corpus, [])
    pd.testing.assert_frame_equal(joined, whole, check_exact=True)
    assert joined.to_parquet(index=False) == whole.to_parquet(index=False)
