"""Words per second of the full scoring against a naive notebook baseline, and memory at scale.

Run from the repository root (see benchmarks/README.md)::

    .venv/bin/python -m benchmarks.throughput                  # everything, 100,000 articles
    .venv/bin/python -m benchmarks.throughput --articles 0     # throughput only
    .venv/bin/python -m benchmarks.throughput --quick          # a smoke test in seconds

Texts are real news: the climate-change articles of the Narrative Frames corpus
(Frermann et al. 2023) when ``paths.EVAL`` has them, else the seed corpus in
``data/raw``. Each round measures every figure once, in fresh processes: the
measures memoise sentence scores, so a second pass over the same texts in one
process would be flattered. What a target compares is timed close together,
because the speed of a shared machine drifts: the baseline and one worker take
turns block by block (:func:`run_paired`), N workers and one take turns on
the whole corpus (:func:`run_workers`). The large run builds synthetic articles of 400-700 words
from their sentences with a seeded RNG, lazily, and streams them through
:func:`analysis.scoring.engine.iter_scores`; each sampled sentence has one word swapped
for another word of the corpus, so that the memo does not make resampled
sentences free.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import platform
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from statistics import median
from unittest.mock import patch

import pandas as pd

from analysis import __version__, paths
from analysis.scoring import engine
from analysis.scoring.engine import DEFAULT_CHUNK_SIZE, iter_scores, score_corpus, scoring_version
from analysis.scoring.score import score_texts
from analysis.text import sentence_spans, tokenize

FRAMES = paths.EVAL / "narrative_frames_frermann2023" / "articles_metadata.tsv"
SEED = 20260101
#: The one hedge pattern of the naive baseline.
HEDGE = re.compile(r"\b(?:may|might|could|perhaps|possibly|likely|suggests?|appears?)\b", re.I)
#: The timed figures, and the runs (each in a fresh process) that measure them.
FIGURES = (
    "naive_baseline",
    "score_texts",
    "score_corpus_1_worker",
    "score_corpus_workers",
    "score_corpus_1_worker_beside_workers",
)
RUNS = ("paired", "workers", "score_texts")
#: Blocks in which the naive baseline and one worker take turns.
BLOCKS = 10
#: The smoke test's sizes (``--quick``): the articles of its large run, in chunks of at most
#: this many articles, so that its runs on workers still share out more than one chunk.
QUICK_ARTICLES, QUICK_CHUNK = 16, 8


def real_texts() -> tuple[str, list[str]]:
    """The benchmark's real news texts and where they come from."""
    if FRAMES.is_file():
        csv.field_size_limit(sys.maxsize)
        with FRAMES.open(encoding="utf-8", newline="") as f:
            texts = [row["text"] for row in csv.DictReader(f, delimiter="\t") if row["text"]]
        return "narrative_frames_frermann2023 (articles_metadata.tsv, column text)", texts
    files = sorted(paths.RAW.glob("*.txt"))
    return "seed corpus (data/raw)", [p.read_text(encoding="utf-8") for p in files]


def naive_baseline() -> Callable[[list[str]], None]:
    """What a notebook typically does per sentence: tokenize, TextBlob, VADER, one regex."""
    import nltk
    from nltk.sentiment.vader import SentimentIntensityAnalyzer
    from nltk.tokenize import NLTKWordTokenizer
    from textblob import TextBlob

    lexicon = Path(__import__("vaderSentiment").__file__).with_name("vader_lexicon.txt")
    nltk.data.path.append(str(lexicon.parent))  # NLTK opens files on its data path only
    vader = SentimentIntensityAnalyzer(lexicon_file=f"file:{lexicon}")
    tokenizer = NLTKWordTokenizer()

    def analyse(texts: list[str]) -> None:
        for text in texts:
            for start, end in sentence_spans(text):
                sentence = text[start:end]
                tokenizer.tokenize(sentence)
                TextBlob(sentence).sentiment  # noqa: B018 (computing it is the point)
                vader.polarity_scores(sentence)
                HEDGE.findall(sentence)

    return analyse


def _score_corpus(texts: list[str], *, workers: int, chunk_size: int) -> pd.DataFrame:
    """``score_corpus`` on ``texts`` as the benchmark runs it: no cache, no progress bar."""
    corpus = pd.DataFrame({"doc_id": range(len(texts)), "text": texts})
    return score_corpus(corpus, workers=workers, chunk_size=chunk_size, cache=False, progress=False)


def _timed(work: Callable[[list[str]], object], texts: list[str]) -> tuple[float, float, object]:
    """Wall-clock seconds, CPU seconds and result of ``work(texts)``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work(texts)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def run_paired(texts: list[str], *, chunk_size: int, blocks: int = BLOCKS) -> dict:
    """The naive baseline and one-worker ``score_corpus``, taking turns block by block.

    All texts but the last are cut into ``blocks`` blocks; each block is run by
    both, the baseline first in even blocks and second in odd ones, so that a
    machine slowing down or speeding up during the run weighs on both alike.
    The baseline and the suite share no memo, so neither flatters the other.
    The CPU time spent inside ``score_texts`` is measured too, so that the
    engine's own cost is a difference within one run.
    """
    inside = [0.0]

    def timed_score_texts(texts: list[str]) -> pd.DataFrame:
        start = time.process_time()
        try:
            return score_texts(texts)
        finally:
            inside[0] += time.process_time() - start

    turns: list[tuple[str, Callable[[list[str]], object]]] = [
        ("naive_baseline", naive_baseline()),
        ("score_corpus_1_worker", lambda t: _score_corpus(t, workers=1, chunk_size=chunk_size)),
    ]
    warm, timed = texts[-1:], texts[:-1]
    for _, work in turns:
        work(warm)  # lexicons load
    answer = {name: {"seconds": 0.0, "cpu_seconds": 0.0} for name, _ in turns}
    size = -(-len(timed) // blocks)
    with patch.object(engine, "score_texts", timed_score_texts):
        for k, first in enumerate(range(0, len(timed), size)):
            block = timed[first : first + size]
            for name, work in turns if k % 2 == 0 else turns[::-1]:
                wall, cpu, _ = _timed(work, block)
                answer[name]["seconds"] += wall
                answer[name]["cpu_seconds"] += cpu
    answer["score_corpus_1_worker"]["scoring_cpu_seconds"] = inside[0]
    return answer


def _score_corpus_seconds(texts: list[str], workers: int, chunk_size: int) -> float:
    """Wall-clock seconds of ``score_corpus`` on ``texts`` (run in a child)."""
    wall, _, _ = _timed(lambda t: _score_corpus(t, workers=workers, chunk_size=chunk_size), texts)
    return wall


def run_workers(texts: list[str], *, workers: int, chunk_size: int) -> dict:
    """``score_corpus`` on all texts but the last with N workers and with one, in turns.

    Whole, not in blocks: N workers need many chunks to share out. Each run is
    made in a fresh child forked from this process, which has loaded the
    lexicons and scored only the warm-up text, so that no run inherits the
    memo of another. The order is N, 1, 1, N, so that a machine slowing down or
    speeding up during the run weighs on both alike. Each time is the mean of two.
    """
    warm, timed = texts[-1:], texts[:-1]
    score_texts(warm)  # lexicons load; every child inherits them
    answer = {
        name: {"seconds": 0.0}
        for name in ("score_corpus_workers", "score_corpus_1_worker_beside_workers")
    }
    fork = multiprocessing.get_context("fork")
    for name, n in (
        ("score_corpus_workers", workers),
        ("score_corpus_1_worker_beside_workers", 1),
        ("score_corpus_1_worker_beside_workers", 1),
        ("score_corpus_workers", workers),
    ):
        with ProcessPoolExecutor(max_workers=1, mp_context=fork) as child:
            wall = child.submit(_score_corpus_seconds, timed, n, chunk_size).result()
        answer[name]["seconds"] += wall / 2  # the mean of its two runs
    return answer


def run_one(run: str, texts: list[str], *, workers: int, chunk_size: int) -> dict:
    """Time one run on all texts but the last, after a warm-up on the last (lexicons load)."""
    if run == "paired":
        return run_paired(texts, chunk_size=chunk_size)
    if run == "workers":
        return run_workers(texts, workers=workers, chunk_size=chunk_size)
    warm, timed = texts[-1:], texts[:-1]
    score_texts(warm)
    wall, cpu, result = _timed(score_texts, timed)
    return {run: {"seconds": wall, "cpu_seconds": cpu, "words": int(result["words"].sum())}}


def synthetic_chunks(
    texts: list[str], *, articles: int, chunk_size: int, seed: int = SEED
) -> Iterator[pd.DataFrame]:
    """Articles of 400-700 words made of real sentences, built lazily one chunk at a time."""
    sentences = [t[s:e].split() for t in texts for s, e in sentence_spans(t)]
    sentences = [s for s in sentences if s]
    vocabulary = sorted({w for s in sentences for w in s if w.isalpha()})
    rng = random.Random(seed)
    for first in range(0, articles, chunk_size):
        rows = []
        for i in range(first, min(first + chunk_size, articles)):
            target, words, paragraphs, paragraph = rng.randint(400, 700), 0, [], []
            while words < target:
                sentence = list(rng.choice(sentences))
                sentence[rng.randrange(len(sentence))] = rng.choice(vocabulary)
                paragraph.append(" ".join(sentence))
                words += len(sentence)
                if len(paragraph) >= rng.randint(2, 4):
                    paragraphs.append(" ".join(paragraph))
                    paragraph = []
            paragraphs.append(" ".join(paragraph))
            text = "\n\n".join(filter(None, paragraphs))
            rows.append({"doc_id": f"synthetic-{i:06d}", "text": text})
        yield pd.DataFrame(rows)


def mean_words(texts: list[str], *, sample: int = 200) -> float:
    """Mean length in words of the synthetic articles (the first ``sample`` of them)."""
    (chunk,) = synthetic_chunks(texts, articles=sample, chunk_size=sample)
    return sum(sum(t.is_word for t in tokenize(x)) for x in chunk["text"]) / sample


def peak_rss_mb(who: int) -> float:
    """Peak resident memory in MB (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


def large_run(texts: list[str], articles: int, *, workers: int, chunk_size: int) -> dict:
    """Stream ``articles`` synthetic articles through the engine; time, words and peak memory."""
    chunks = synthetic_chunks(texts, articles=articles, chunk_size=chunk_size)
    words = done = 0
    start = time.perf_counter()
    for scored in iter_scores(chunks, workers=workers, chunk_size=chunk_size, cache=False):
        words += int(scored["words"].sum())
        done += len(scored)
    elapsed = time.perf_counter() - start
    parent, worker = peak_rss_mb(resource.RUSAGE_SELF), peak_rss_mb(resource.RUSAGE_CHILDREN)
    return {
        "articles": done,
        "words": words,
        "seconds": round(elapsed, 1),
        "words_per_second": round(words / elapsed),
        "peak_rss_parent_mb": round(parent),
        "peak_rss_largest_worker_mb": round(worker),
        # Peaks need not coincide, so this bounds the whole run's peak from above.
        "peak_rss_total_bound_mb": round(parent + (workers if workers > 1 else 0) * worker),
    }


def in_fresh_process(*args: str) -> dict:
    """Run this script with ``args`` in a new interpreter; its JSON answer."""
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.throughput", *args],
        cwd=paths.ROOT,
        check=True,
        stdout=subprocess.PIPE,  # a progress bar goes on to stderr
        text=True,
    )
    return json.loads(child.stdout)


def machine() -> dict[str, object]:
    dists = ("pandas", "nltk", "textblob", "vaderSentiment", "dask", "distributed")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "analysis": __version__,
        "scoring_version": scoring_version(),
        **{d: version(d) for d in dists},
    }


def throughput(rounds: list[dict[str, dict]], *, articles: int, workers: int) -> dict[str, object]:
    """Words per second of each figure and the ratios the targets are about.

    Each round times every figure once (the baseline and one worker taking
    turns, :func:`run_paired`); the figures given are medians over the rounds,
    and each ratio's value in every round is kept beside its median.
    """
    words = rounds[0]["score_texts"]["words"]

    def each(key: str, figure: str) -> list[float]:
        return [r[figure][key] for r in rounds]

    def ratio(key: str, numerator: str, denominator: str) -> list[float]:
        return [r[numerator][key] / r[denominator][key] for r in rounds]

    def summary(name: str, values: list[float], digits: int = 2) -> dict[str, object]:
        return {
            name: round(median(values), digits),
            f"{name}_each_round": [round(v, digits) for v in values],
        }

    wall = {f: median(each("seconds", f)) for f in FIGURES}
    # runs made in child processes have no CPU time here
    cpu = {f: median(each("cpu_seconds", f)) for f in FIGURES if "cpu_seconds" in rounds[0][f]}
    overhead = [
        r["score_corpus_1_worker"]["cpu_seconds"]
        / r["score_corpus_1_worker"]["scoring_cpu_seconds"]
        - 1
        for r in rounds
    ]
    return {
        "articles": articles,
        "words": words,
        "workers": workers,
        "rounds": len(rounds),
        "seconds": {f: round(s, 2) for f, s in wall.items()},
        "seconds_each_round": {f: [round(s, 2) for s in each("seconds", f)] for f in FIGURES},
        "cpu_seconds": {f: round(s, 2) for f, s in cpu.items()},
        "words_per_second": {f: round(words / s) for f, s in wall.items()},
        **summary(
            "speedup_1_worker_vs_baseline",
            ratio("seconds", "naive_baseline", "score_corpus_1_worker"),
        ),
        **summary(
            "speedup_1_worker_vs_baseline_cpu",
            ratio("cpu_seconds", "naive_baseline", "score_corpus_1_worker"),
        ),
        **summary(
            "speedup_workers_vs_1",
            ratio("seconds", "score_corpus_1_worker_beside_workers", "score_corpus_workers"),
        ),
        **summary("engine_overhead_1_worker_cpu", overhead, 3),
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--articles", type=int, default=100_000, help="large run (0 skips it)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="times each figure is measured")
    parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    parser.add_argument("--run", choices=RUNS, help=argparse.SUPPRESS)  # in a child
    parser.add_argument("--large-run", type=int, help=argparse.SUPPRESS)  # in a child
    args = parser.parse_args(argv)

    source, texts = real_texts()
    texts = texts[:13] if args.quick else texts
    if args.quick:
        args.chunk_size = min(args.chunk_size, QUICK_CHUNK)
    chunk = ["--workers", str(args.workers), "--chunk-size", str(args.chunk_size)]
    if args.run or args.large_run is not None:
        if args.run:
            answer = run_one(args.run, texts, workers=args.workers, chunk_size=args.chunk_size)
        else:
            answer = large_run(
                texts, args.large_run, workers=args.workers, chunk_size=args.chunk_size
            )
        print(json.dumps(answer))
        return answer

    results: dict[str, object] = {"machine": machine(), "texts": source}
    rounds = []
    for _ in range(1 if args.quick else args.rounds):
        rounds.append({})
        for run in RUNS:
            rounds[-1].update(in_fresh_process("--run", run, *chunk, *(["--quick"] * args.quick)))
    results["throughput"] = measured = throughput(
        rounds, articles=len(texts) - 1, workers=args.workers
    )
    print(json.dumps(results, indent=2))
    articles = QUICK_ARTICLES if args.quick else args.articles
    if articles:
        words = mean_words(texts, sample=min(200, articles))  # no more than the run makes
        projected = articles * words / measured["words_per_second"]["score_corpus_workers"]
        print(f"large run: {articles:,} articles, about {projected / 60:.0f} min ...", flush=True)
        large = in_fresh_process("--large-run", str(articles), *chunk, *(["--quick"] * args.quick))
        results["large_run"] = {"projected_seconds": round(projected), **large}
        print(json.dumps(results["large_run"], indent=2))
    results["machine"]["load_average_1min_after"] = round(os.getloadavg()[0], 2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return results


if __name__ == "__main__":
    main()
