"""Duplicates: the same story run twice, an updated version, one article in two records,
listed with evidence, reviewed (keep, drop, reprint) and read back."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_corpus, paths
from analysis.__main__ import main
from analysis.corpus import CorpusError
from analysis.corpus.duplicates import (
    PAIR_COLUMNS,
    REVIEW_COLUMNS,
    apply_duplicates,
    duplicate_sets,
    find_duplicates,
    read_duplicates,
    save_duplicates,
)

FIXTURE = paths.ROOT / "tests" / "fixtures" / "genres" / "articles.csv"


@pytest.fixture(scope="module")
def fixture() -> pd.DataFrame:
    return load_corpus(FIXTURE)


@pytest.fixture(scope="module")
def pairs(fixture) -> pd.DataFrame:
    return find_duplicates(fixture)


def _kind(pairs: pd.DataFrame, a: str, b: str) -> str:
    found = pairs[
        ((pairs["doc_a"] == a) & (pairs["doc_b"] == b))
        | ((pairs["doc_a"] == b) & (pairs["doc_b"] == a))
    ]
    return found["kind"].iat[0] if len(found) else ""


def test_each_kind_of_duplicate_is_found_with_its_evidence(pairs):
    assert list(pairs.columns) == list(PAIR_COLUMNS)
    assert _kind(pairs, "reuters-0001", "gazette-0001") == "duplicate"
    assert _kind(pairs, "reuters-0001", "reuters-0002") == "version"
    assert _kind(pairs, "courier-0001", "courier-0002") == "split"
    syndicated = pairs[pairs["doc_b"] == "reuters-0001"].iloc[0]
    assert syndicated["evidence"].startswith("shared: Negotiators from the two countries")
    assert syndicated["share_a_in_b"] == 1.0  # the copy lost its dateline and signature only
    split = pairs[pairs["kind"] == "split"].iloc[0]
    assert "ends without final punctuation" in split["evidence"]


def test_articles_on_one_story_are_not_duplicates(pairs):
    # the opinion piece and the syndicated report are about one ceasefire, in other words
    assert _kind(pairs, "herald-0001", "reuters-0001") == ""
    assert len(pairs) == 4


def test_the_review_proposes_the_first_article_kept_and_drops_nothing(fixture, pairs):
    review = duplicate_sets(pairs, fixture).set_index("doc_id")
    assert list(review.reset_index().columns) == list(REVIEW_COLUMNS)
    assert review.at["reuters-0001", "action"] == "keep"  # the earliest of its set
    assert review.loc[["gazette-0001", "reuters-0002"], "reprint_of"].tolist() == [
        "reuters-0001",
        "reuters-0001",
    ]
    assert set(review.loc[["courier-0001", "courier-0002"], "action"]) == {"keep"}
    assert review["duplicate_set"].nunique() == 2


def test_a_reviewed_file_drops_keeps_and_marks_reprints(fixture, pairs, tmp_path):
    review = duplicate_sets(pairs, fixture)
    review.loc[review["doc_id"] == "reuters-0002", ["action", "reprint_of"]] = ["drop", ""]
    out = save_duplicates(review, tmp_path / "duplicates.csv")
    checked = apply_duplicates(fixture, out).set_index("doc_id")
    assert "reuters-0002" not in checked.index
    assert len(checked) == len(fixture) - 1
    assert checked.at["gazette-0001", "reprint_of"] == "reuters-0001"
    assert checked.at["afp-0001", "reprint_of"] == ""  # not listed: kept as it is


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"action": "merge"}, "action 'merge' is not one of keep, drop, reprint"),
        ({"action": "reprint", "reprint_of": ""}, "action reprint needs a reprint_of"),
        ({"reprint_of": "nobody"}, "doc_id not in the corpus: row 4 \\(nobody\\)"),
        ({"doc_id": "nobody"}, "doc_id not in the corpus: row 4 \\(nobody\\)"),
    ],
)
def test_a_bad_review_is_refused_naming_the_row(fixture, pairs, tmp_path, row, message):
    review = duplicate_sets(pairs, fixture)
    for column, value in row.items():
        review.loc[2, column] = value
    out = save_duplicates(review, tmp_path / "duplicates.csv")
    with pytest.raises(CorpusError, match=message):
        read_duplicates(out, fixture)


def test_a_reprint_of_a_dropped_article_is_refused(fixture, pairs, tmp_path):
    review = duplicate_sets(pairs, fixture)
    review.loc[review["doc_id"] == "reuters-0001", "action"] = "drop"
    out = save_duplicates(review, tmp_path / "duplicates.csv")
    with pytest.raises(CorpusError, match="reprint_of names a dropped article"):
        read_duplicates(out, fixture)


def test_the_duplicates_command_lists_then_applies_the_review(tmp_path, capsys):
    out = tmp_path / "duplicates.csv"
    assert main(["duplicates", "--corpus", str(FIXTURE), "--out", str(out)]) == 0
    assert "5 articles in 2 sets of duplicates" in capsys.readouterr().out
    review = pd.read_csv(out, dtype=str, keep_default_na=False)
    review.loc[review["doc_id"] == "reuters-0002", ["action", "reprint_of"]] = ["drop", ""]
    review.to_csv(out, index=False)
    checked = tmp_path / "checked.csv"
    args = ["duplicates", "--corpus", str(FIXTURE), "--duplicates", str(out), "--out", str(checked)]
    assert main(args) == 0
    assert "1 articles dropped, 1 marked as reprints, 8 kept" in capsys.readouterr().out
    again = load_corpus(checked).set_index("doc_id")  # a corpus the report can read
    original = load_corpus(FIXTURE).set_index("doc_id")
    assert "reuters-0002" not in again.index and len(again) == 8
    assert again.at["gazette-0001", "reprint_of"] == "reuters-0001"
    assert again["text"].equals(original["text"].drop("reuters-0002"))  # cleaned once, as before
    assert again["title"].equals(original["title"].drop("reuters-0002"))
    assert main(["duplicates", "--corpus", str(FIXTURE), "--out", str(out)]) == 1


@pytest.mark.eval
def test_planted_duplicates_are_found_among_real_articles_and_few_others():
    from analysis.evaluate.events import load_basil

    if not paths.EVAL.is_dir():
        pytest.skip(f"human-labelled data not found at {paths.EVAL}")
    basil = load_basil(paths.EVAL).head(60).assign(outlet=lambda t: t["outlet"], title="")
    planted, rows = {}, []
    for n, article in enumerate(basil.head(6).to_dict("records")):
        paragraphs = article["text"].split("\n")
        copy = dict(article, doc_id=f"copy-{n}", outlet="Syndicator")
        if n < 2:  # run again by another outlet, its first paragraph cut
            copy["text"], kind = "\n".join(paragraphs[1:]), "duplicate"
        elif n < 4:  # an update: a third of it new
            extra = basil["text"].iat[-1 - n].split("\n")[: max(2, len(paragraphs) // 2)]
            copy["text"], kind = "\n".join(paragraphs + extra), "version"
        else:  # one article in two records with the same title, outlet and date
            half = len(paragraphs) // 2
            article = dict(article, text="\n".join(paragraphs[:half]), title="The story")
            copy = dict(article, doc_id=f"copy-{n}", text="\n".join(paragraphs[half:]))
            basil.loc[basil["doc_id"] == article["doc_id"], ["text", "title"]] = [
                article["text"],
                "The story",
            ]
            kind = "split"
        rows.append(copy)
        planted[frozenset((article["doc_id"], copy["doc_id"]))] = kind
    corpus = pd.concat([basil, pd.DataFrame(rows)], ignore_index=True)
    found = find_duplicates(corpus)
    kinds = {
        frozenset((a, b)): k for a, b, k in found[["doc_a", "doc_b", "kind"]].itertuples(False)
    }
    for pair, kind in planted.items():
        assert kinds.get(pair) in ({kind, "duplicate"} if kind == "version" else {kind}), pair
    others = set(kinds) - set(planted)
    assert len(others) <= len(corpus) // 50  # three outlets' reports of one event are not copies
