"""How long text reuse takes, and how much memory, on 2,000 and 10,000 articles (target: a minute).

Each corpus (built by ``benchmarks/corpora.py``) is read in a fresh child process,
which times :func:`~analysis.statistics.reuse.text_reuse` (the sentence split, the
index and the pairs), then :func:`~analysis.statistics.reuse.reuse_between_groups`
and :func:`~analysis.statistics.reuse.reused_sentences` on the same corpus (which
reuse the index), and reports its peak memory.

    .venv/bin/python -m benchmarks.reuse_speed [--sizes 2000 10000]

Writes ``benchmarks/reuse_speed.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from analysis import paths
from benchmarks.corpora import SCRATCH

_CHILD = """
import json, resource, sys, time
import pandas as pd
from analysis.statistics import reuse
corpus = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
clock = time.perf_counter()
pairs = reuse.text_reuse(corpus)
seconds = {"text_reuse": time.perf_counter() - clock}
clock = time.perf_counter()
reuse.reuse_between_groups(corpus, by="collection")
seconds["reuse_between_groups"] = time.perf_counter() - clock
clock = time.perf_counter()
marked = reuse.reused_sentences(corpus)
seconds["reused_sentences"] = time.perf_counter() - clock
print(json.dumps({
    "articles": len(corpus),
    "pairs_sharing_a_sentence": len(pairs),
    "sentences_marked_reused": len(marked),
    "seconds": {k: round(v, 1) for k, v in seconds.items()},
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--corpora", type=Path, default=SCRATCH, help=f"default {SCRATCH}")
    parser.add_argument("--out", type=Path, default=paths.ROOT / "benchmarks" / "reuse_speed.json")
    args = parser.parse_args(argv)
    runs = []
    for n in args.sizes:
        corpus = args.corpora / f"synthetic-{n}.csv"
        if not corpus.is_file():
            print(f"{corpus} not found: python -m benchmarks.corpora builds it", file=sys.stderr)
            return 1
        load = os.getloadavg()[0]
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(corpus)], capture_output=True, text=True, check=True
        )
        runs.append({**json.loads(done.stdout), "load_average_before": round(load, 2)})
        print(json.dumps(runs[-1]))
    result = {
        "what": "text reuse on synthetic corpora of real sentences, one fresh process each",
        "command": "python -m benchmarks.reuse_speed " + " ".join(sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "runs": runs,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
