"""Event finding at scale: seconds and peak memory of ``find_events`` on 2,500 to 10,000 articles.

Run from the repository root (see benchmarks/README.md)::

    .venv/bin/python -m benchmarks.events_speed                 # 2,500, 5,000 and 10,000 articles
    .venv/bin/python -m benchmarks.events_speed --sizes 1000    # one size, quicker

Targets (issue 15): 10,000 articles in under a minute on this 2-core machine,
and memory that grows linearly with the corpus, checked by the peak memory
*added* by ``find_events`` at each size (the corpus itself is built before it is
measured). Each size runs in a fresh process, so one size's peak does not hide
another's.

The articles are synthetic but built from real news sentences (the Narrative
Frames articles when ``paths.EVAL`` has them, else the seed corpus), with a
seeded RNG: events of 2 to 6 articles, each article 400-700 words, about a third
of its sentences from its event's own source article and the rest from anywhere,
plus two invented names per event; dates spread over two years (each article
within two days of its event's date, one in ten unknown). The adjusted Rand
index against the built events is printed as a sanity check only: it is not a
validity figure (those are BASIL's, in ``make evaluate``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from analysis import paths

OUT = Path(__file__).resolve().parent / "events_speed.json"
FRAMES = paths.EVAL / "narrative_frames_frermann2023" / "articles_metadata.tsv"
SEED = 20261130
SIZES = (2500, 5000, 10000)
TARGET_SECONDS = 60.0
_SYLLABLES = ("ka", "lo", "mi", "ra", "tu", "ven", "dor", "sel", "qui", "zan", "bro", "thi")


def sentences() -> tuple[str, list[list[str]]]:
    """Real news texts, each split into sentences, and where they come from."""
    import csv

    from analysis.text import sentence_spans

    if FRAMES.is_file():
        csv.field_size_limit(sys.maxsize)
        with FRAMES.open(encoding="utf-8", newline="") as f:
            texts = [r["text"] for r in csv.DictReader(f, delimiter="\t") if r["text"]]
        where = "narrative_frames_frermann2023 (articles_metadata.tsv, column text)"
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted(paths.RAW.glob("*.txt"))]
        where = "seed corpus (data/raw)"
    split = [[t[s:e] for s, e in sentence_spans(t)] for t in texts]
    return where, [s for s in split if len(s) >= 5]


def build(n_articles: int, source: list[list[str]]):
    """The synthetic corpus: ``doc_id``, ``date``, ``title``, ``text`` and the built ``truth``."""
    import pandas as pd

    rng = random.Random(SEED)
    pool = [s for article in source for s in article]
    start = date(2024, 1, 1)
    rows, event = [], 0
    while len(rows) < n_articles:
        own = rng.choice(source)
        names = [
            "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize() for _ in range(2)
        ]
        day = start + timedelta(days=rng.randrange(730))
        for _ in range(min(rng.randint(2, 6), n_articles - len(rows))):
            text, words = [], 0
            target = rng.randint(400, 700)
            while words < target:
                sentence = rng.choice(own) if rng.random() < 0.35 else rng.choice(pool)
                if rng.random() < 0.15:
                    sentence = f"{names[0]} met {names[1]} on the matter. {sentence}"
                text.append(sentence)
                words += len(sentence.split())
            when = day + timedelta(days=rng.randint(-2, 2))
            rows.append(
                {
                    "doc_id": f"a{len(rows):06d}",
                    "date": "unknown" if rng.random() < 0.1 else when.isoformat(),
                    "title": f"{names[0]} and {names[1]}",
                    "text": " ".join(text),
                    "truth": event,
                }
            )
        event += 1
    return pd.DataFrame(rows)


def measure(n_articles: int, *, dates: bool = True) -> dict:
    """One size, in this process: build the corpus, then time ``find_events`` and its memory.

    ``dates=False`` withholds the dates, so every article is searched against all.
    """
    from sklearn.metrics import adjusted_rand_score

    from analysis.statistics.events import find_events

    where, source = sentences()
    corpus = build(n_articles, source)
    given = corpus.drop(columns=["truth"] if dates else ["truth", "date"])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    clock, cpu = time.perf_counter(), time.process_time()
    found = find_events(given)
    seconds, cpu_seconds = time.perf_counter() - clock, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "articles": n_articles,
        "dates": "90% known" if dates else "withheld",
        "words": int(corpus["text"].str.split().str.len().sum()),
        "events_built": int(corpus["truth"].nunique()),
        "events_found": int(found["event"].nunique()),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_rss_mb": round(peak / 1024, 1),
        "added_rss_mb": round((peak - before) / 1024, 1),
        "adjusted_rand_vs_built": round(adjusted_rand_score(corpus["truth"], found["event"]), 3),
        "texts_from": where,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.events_speed")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="N")
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON to write (default: {OUT})")
    parser.add_argument(
        "--undated",
        type=int,
        nargs="*",
        default=[max(SIZES)],
        metavar="N",
        help="sizes also run with the dates withheld (default: the largest)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process's size
    parser.add_argument("--no-dates", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, dates=not args.no_dates)))
        return 0
    runs = []
    plan = [(n, []) for n in args.sizes] + [(n, ["--no-dates"]) for n in args.undated]
    for n, flags in plan:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.events_speed", "--one", str(n), *flags],
            capture_output=True,
            text=True,
            check=True,
            cwd=paths.ROOT,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]))
    from importlib.metadata import version

    result = {
        "what": "find_events: seconds (wall and CPU) and peak memory by corpus size, "
        "a fresh process per run",
        "target": f"10,000 articles in under {TARGET_SECONDS:.0f} s; memory linear in articles",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "scikit-learn": version("scikit-learn"),
            "scipy": version("scipy"),
        },
        "runs": runs,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
