"""How long the whole report takes on the seed corpus (issue target: under 60 s on 2 cores).

Runs ``run_report`` into a temporary folder ``--repeat`` times (the first run also
fills the score cache; later runs show the cached speed, so both are reported),
prints the timings and writes them to a JSON file.

    .venv/bin/python benchmarks/report_speed.py [--repeat 2] [--out benchmarks/report_speed.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from analysis import paths
from analysis.report.runner import run_report
from analysis.scoring.engine import DEFAULT_CACHE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="number of runs (default 2)")
    parser.add_argument("--out", type=Path, default=paths.ROOT / "benchmarks" / "report_speed.json")
    args = parser.parse_args()
    shutil.rmtree(DEFAULT_CACHE, ignore_errors=True)  # the first run starts cold
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            start = time.perf_counter()
            out = run_report(out=Path(tmp) / f"run{i}", progress=False)
            seconds = time.perf_counter() - start
            manifest = json.loads((out / "manifest.json").read_text())
            per_notebook = {nb["name"]: nb["seconds"] for nb in manifest["notebooks"]}
            runs.append(
                {
                    "run": i + 1,
                    "cache": "cold" if i == 0 else "warm",
                    "seconds": round(seconds, 1),
                    "notebooks": per_notebook,
                }
            )
            print(f"run {i + 1} ({runs[-1]['cache']} cache): {seconds:.1f} s")
    result = {
        "what": "python -m analysis report on the seed corpus, wall-clock seconds",
        "target_seconds": 60,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "runs": runs,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
