"""How long the whole report takes, and how much memory, from 5 to 10,000 articles.

Each corpus is reported ``--repeat`` times (default 2; the medians are the figures), each
time in a fresh child process with the score cache emptied first (so the run scores
everything; the validity tables, computed once per code version, are kept as a second
report on the same code finds them): the seed corpus (target 30 s), BASIL's 300 articles
by outlet (60 s; built from ../shared/eval when ``benchmarks/corpora.py`` has not written
it), and the synthetic 2,000 and 10,000 articles built from real sentences (5 minutes
each) by ``benchmarks/corpora.py`` (run it first; corpora it has not built are skipped).
Peak memory is the largest resident set of the runner and of any one process it started
(kernels, scoring workers); notebooks run ``--parallel`` at a time (default: one per
core), so the report's peak is at most that many kernels' (targets: 1.5 GB at 2,000
articles, 3 GB at 10,000).

    .venv/bin/python -m benchmarks.corpora
    .venv/bin/python -m benchmarks.report_speed [--workers 2] [--only seed basil] [--repeat 2]

Writes ``benchmarks/report_speed.json``: per corpus, the median and every run's
wall-clock seconds, the scoring step's seconds, each notebook's seconds, the CPU seconds
of all its processes (on a shared machine the wall-clock time also measures the
neighbours: the load averages before and after say how busy it was) and the two peaks
in MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis import paths
from benchmarks.corpora import SCRATCH, basil

#: name: (corpus file or None for the seed corpus, group column, target seconds)
CORPORA = {
    "seed": (None, "genre", 30),
    "basil": ("basil.csv", "outlet", 60),
    "synthetic-2000": ("synthetic-2000.csv", "collection", 300),
    "synthetic-10000": ("synthetic-10000.csv", "collection", 300),
}

_CHILD = """
import json, resource, sys, time
from analysis.report.runner import run_report
corpus, group_by, out = sys.argv[1] or None, sys.argv[2], sys.argv[3]
workers, parallel = int(sys.argv[4]) or None, int(sys.argv[5]) or None
start = time.perf_counter()
run_report(corpus=corpus, group_by=group_by, out=out, progress=False, workers=workers,
           parallel=parallel, max_bytes=1 << 30)
me = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "seconds": round(time.perf_counter() - start, 1),
    "cpu_seconds": round(me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime, 1),
    "runner_peak_mb": me.ru_maxrss // 1024,
    "largest_child_peak_mb": children.ru_maxrss // 1024,
}))
"""


def measure(name: str, corpus: Path | None, group_by: str, workers: int, parallel: int) -> dict:
    """One report run in a fresh process with an empty score cache."""
    from analysis.scoring.cache import DEFAULT_CACHE

    shutil.rmtree(DEFAULT_CACHE, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        argv = [str(corpus or ""), group_by, str(out), str(workers), str(parallel)]
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, *argv], capture_output=True, text=True, cwd=paths.ROOT
        )
        if done.returncode:
            return {"corpus": name, "failed": done.stderr.strip()[-2000:]}
        result = json.loads(done.stdout.strip().splitlines()[-1])
        manifest = json.loads((out / "manifest.json").read_text())
    return {
        "corpus": name,
        "articles": manifest["corpus"]["articles"],
        "group_by": group_by,
        **result,
        "scoring_seconds": manifest["scoring"]["seconds"],
        "notebooks": {nb["name"]: nb["seconds"] for nb in manifest["notebooks"]},
    }


def repeated(name: str, corpus: Path | None, group_by: str, args: argparse.Namespace) -> dict:
    """``args.repeat`` runs of one corpus: the medians, and every run."""
    runs = []
    for _ in range(args.repeat):
        load = os.getloadavg()[0]
        runs.append(
            measure(name, corpus, group_by, args.workers, args.parallel)
            | {"load_average_before": round(load, 2), "load_average_after": os.getloadavg()[0]}
        )
        if "failed" in runs[-1]:
            return runs[-1]
    median = {
        key: round(statistics.median(r[key] for r in runs), 2)
        for key in ("seconds", "cpu_seconds", "scoring_seconds")
    }
    return {
        "corpus": name,
        "articles": runs[0]["articles"],
        "group_by": group_by,
        **median,
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="scoring processes (default 2)")
    parser.add_argument(
        "--parallel", type=int, default=0, help="notebooks at once (default: one per core)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs per corpus (default 2)")
    parser.add_argument("--only", nargs="*", choices=list(CORPORA), help="these corpora only")
    parser.add_argument("--corpora", type=Path, default=SCRATCH, help=f"default {SCRATCH}")
    parser.add_argument("--out", type=Path, default=paths.ROOT / "benchmarks" / "report_speed.json")
    args = parser.parse_args(argv)
    results = []
    for name in args.only or CORPORA:
        file, group_by, target = CORPORA[name]
        corpus = args.corpora / file if file else None
        if name == "basil" and not corpus.is_file() and paths.EVAL.is_dir():
            corpus.parent.mkdir(parents=True, exist_ok=True)
            basil(paths.EVAL).to_csv(corpus, index=False)
        if corpus is not None and not corpus.is_file():
            print(f"{name}: skipped, {corpus} not found (python -m benchmarks.corpora builds it)")
            continue
        results.append({**repeated(name, corpus, group_by, args), "target_seconds": target})
        print(f"{name}: median {results[-1].get('seconds')} s", json.dumps(results[-1]))
    result = {
        "what": "python -m analysis report, empty score cache, one fresh process per run; "
        "medians of --repeat runs",
        "command": "python -m benchmarks.report_speed " + " ".join(sys.argv[1:]),
        "workers": args.workers,
        "parallel": args.parallel or os.cpu_count(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "runs": results,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
