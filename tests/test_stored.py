"""Scores written once per run: the score command writes them, read_scores reads them back."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_corpus, score_corpus
from analysis.__main__ import main
from analysis.paths import run_scores
from analysis.scoring import stored
from analysis.scoring.score import score_sentences


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A run folder whose scores the command line wrote, as the report does."""
    out = tmp_path_factory.mktemp("run")
    argv = ["score", "--out", str(run_scores(out, "article"))]
    assert main([*argv, "--sentences", str(run_scores(out, "sentence"))]) == 0
    return out


def test_read_scores_reads_the_run_and_matches_scoring_afresh(run, monkeypatch):
    articles = load_corpus()
    expected = score_corpus(articles, progress=False)
    sentences = score_sentences(articles)

    def refuse(*args, **kwargs):
        raise AssertionError("the run's scores should have been read, not computed")

    monkeypatch.setattr(stored, "score_corpus", refuse)
    monkeypatch.setattr(stored, "score_sentences", refuse)
    pd.testing.assert_frame_equal(stored.read_scores(articles, run), expected, check_like=False)
    read = stored.read_scores(articles, run, level="sentence")
    pd.testing.assert_frame_equal(read, sentences)


def test_read_scores_scores_afresh_when_the_run_holds_other_articles(run):
    articles = load_corpus().iloc[:3]
    assert stored.read_scores(articles, run)["doc_id"].tolist() == articles["doc_id"].tolist()
    assert stored.read_scores(articles, "")["doc_id"].tolist() == articles["doc_id"].tolist()


def test_the_score_command_writes_csv_on_request(tmp_path, capsys):
    out = tmp_path / "scores.csv"
    assert main(["score", "--out", str(out), "--workers", "2"]) == 0
    table = pd.read_csv(out)
    assert len(table) == 5 and "text" not in table and {"tone", "hedge_cues"} <= set(table)
    assert "5 articles scored" in capsys.readouterr().out


def test_the_score_command_names_a_corpus_too_large(tmp_path, capsys):
    big = tmp_path / "big.csv"
    pd.DataFrame({"text": ["word " * 400]}).to_csv(big, index=False)
    argv = ["score", "--corpus", str(big), "--out", str(tmp_path / "s.parquet")]
    assert main([*argv, "--max-bytes", "100"]) == 1
    assert "big.csv" in capsys.readouterr().err
    assert main(argv) == 0


@pytest.mark.parametrize("where", ["processes", "dask"])
def test_sentences_score_in_the_articles_pass_where_the_articles_do_as_in_this_process(where):
    """--workers and --scheduler reach the sentence scoring too, with the same rows."""
    articles = load_corpus()
    if where == "processes":
        scored, made = stored.score_articles_with(articles, stored.sentence_table, workers=2)
    else:
        from distributed import LocalCluster

        with LocalCluster(
            n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster:
            scored, made = stored.score_articles_with(
                articles, stored.sentence_table, scheduler=cluster.scheduler_address
            )
    pd.testing.assert_frame_equal(made[0], score_sentences(articles))
    pd.testing.assert_frame_equal(scored, stored.score_articles(articles))
