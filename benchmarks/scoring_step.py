"""How long a report's scoring step takes, and how much memory, on a corpus of N articles.

The scoring step (``python -m analysis score --run``) scores every article and sentence and
makes the whole-corpus tables the notebooks read (:mod:`analysis.report.computed`); at
10,000 articles it is most of a report's time (issue 19: the whole report at most 5 minutes
on 2 cores). This script writes a run folder as the report does (``run.json`` with
``--workers``, the corpus snapshot), empties the score cache, runs the step in a fresh
process and times its two phases from the lines it prints: the scoring pass (articles,
sentences and the tables made article by article) and the whole-corpus tables (text reuse,
events). The corpus is the first ``--articles`` rows of ``--corpus`` (default the synthetic
10,000 of :mod:`benchmarks.corpora`: run that first)::

    .venv/bin/python -m benchmarks.corpora --sizes 10000
    .venv/bin/python -m benchmarks.scoring_step --articles 10000 [--workers 2]

It prints one JSON line (and adds it to ``--out`` when given): wall-clock and CPU seconds
of the step, each phase's seconds, the largest peak resident memory of any one process of
the step (``ru_maxrss`` of the children: the step or one of its workers; the workers run at
once, so the step's total is at most ``workers + 1`` times it) and the load average before
and after. On a shared machine compare the CPU seconds, and read the load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis import paths
from benchmarks.corpora import SCRATCH


def run_folder(corpus: Path, group_by: str, articles: int, workers: int, out: Path) -> int:
    """Write a report's run folder for the first ``articles`` rows of ``corpus``; its size."""
    from analysis.corpus import load_corpus
    from analysis.report.config import RunConfig, freeze_corpus

    out.mkdir(parents=True)
    head = out / "corpus.csv"  # outside the repository, beside the run
    import pandas as pd

    pd.read_csv(corpus, dtype=str, keep_default_na=False).head(articles).to_csv(head, index=False)
    loaded = load_corpus(head, group_by=group_by, max_bytes=1 << 30)
    as_read = load_corpus(head, clean=False, max_bytes=1 << 30, genres="")
    RunConfig(
        corpus=str(head),
        group_by=group_by,
        max_bytes=1 << 30,
        eval_dir=str(paths.EVAL) if paths.EVAL.is_dir() else "",  # as the report gives 07
        workers=workers,
    ).write(out)
    freeze_corpus(loaded, as_read, out)
    return len(loaded)


def keep_corpus(kept: Path) -> None:
    """Make the copy ``kept`` of a run folder name its own corpus file, not the temporary
    folder's (a notebook that loads the corpus again, as 01's exercise does, finds it)."""
    from dataclasses import replace

    from analysis.report.config import RunConfig

    replace(RunConfig.read(kept), corpus=str((kept / "corpus.csv").resolve())).write(kept)


def measure(folder: Path) -> dict:
    """Run the scoring step on ``folder`` in a fresh process; its phases from its output."""
    from analysis.scoring.cache import DEFAULT_CACHE

    shutil.rmtree(DEFAULT_CACHE, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    lines: list[tuple[float, str]] = []
    with subprocess.Popen(
        [sys.executable, "-m", "analysis", "score", "--run", str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=paths.ROOT,
    ) as step:
        for line in step.stdout:
            lines.append((time.perf_counter() - start, line.strip()))
    seconds = time.perf_counter() - start
    if step.returncode:
        return {"failed": step.returncode, "output": [text for _, text in lines]}
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    scored = next(t for t, text in lines if "scored into" in text)
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(
            after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1
        ),
        "scoring_pass_seconds": round(scored, 1),
        "whole_corpus_tables_seconds": round(seconds - scored, 1),
        "largest_process_peak_mb": after.ru_maxrss // 1024,
        "load_average_before": round(load, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "output": [text for _, text in lines],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SCRATCH / "synthetic-10000.csv")
    parser.add_argument("--group-by", default="collection")
    parser.add_argument("--articles", type=int, default=10_000, help="first N rows (10,000)")
    parser.add_argument("--workers", type=int, default=2, help="scoring processes (default 2)")
    parser.add_argument("--out", type=Path, help="a JSON file to add the result to")
    parser.add_argument("--keep", type=Path, help="copy the run folder here (a new folder)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"error: {args.corpus} not found (python -m benchmarks.corpora builds it)")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "run"
        size = run_folder(args.corpus, args.group_by, args.articles, args.workers, folder)
        result = {
            "what": "python -m analysis score --run, empty score cache, fresh process",
            "command": "python -m benchmarks.scoring_step " + " ".join(sys.argv[1:]),
            "articles": size,
            "workers": args.workers,
            "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
            "cpus": os.cpu_count(),
            **measure(folder),
        }
        if args.keep:  # to compare its tables with another version's, or run notebooks on it
            shutil.copytree(folder, args.keep)
            keep_corpus(args.keep)
    print(json.dumps(result))
    if args.out:
        done = json.loads(args.out.read_text()) if args.out.is_file() else []
        args.out.write_text(json.dumps([*done, result], indent=2) + "\n")
    return 0 if "failed" not in result else 1


if __name__ == "__main__":
    sys.exit(main())
