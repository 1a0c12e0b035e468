"""How long each notebook takes on a scored run folder, and which of its cells take it.

After its scoring step a report's time is its notebooks' (issue 19: the 10,000-article report
in 5 minutes on 2 cores). This script runs the notebooks named (default: every one) one at a
time on a run folder whose scoring step has run (``benchmarks.scoring_step --keep FOLDER``
keeps one), each in a fresh kernel with the report's kernel environment and the run's
parameters, as the report runs them, and prints one JSON line per notebook: wall-clock
seconds, the kernel's CPU seconds, and its slowest cells. Kernel start and the imports count
(the report forks its kernels from a process that imported the stack once: about 3 s less a
notebook). The notebooks write their tables and figures into the folder, and the executed
notebooks into its ``notebooks/``, as in a report, so that two versions' tables can be
compared file by file::

    .venv/bin/python -m benchmarks.scoring_step --articles 10000 --keep /tmp/run-10k
    .venv/bin/python -m benchmarks.notebook_speed /tmp/run-10k 06 08 [--out FILE]

On a shared machine compare the CPU seconds, and read the load averages.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

from analysis import paths

#: The slowest cells reported per notebook.
SLOWEST = 5


def parameters(run: Path) -> dict:
    """The parameters the report gives every notebook of the run folder ``run``."""
    from analysis.report.config import RunConfig

    config = RunConfig.read(run)
    return {
        "corpus": config.corpus,
        "group_by": config.group_by,
        "groups": config.groups,
        "out_dir": str(run),
        "seed": config.seed,
        "eval_dir": config.eval_dir,
        "normalise_groups": config.normalise_groups,
        "coded": config.coded,
        "events_file": config.events,
    }


def measure(notebook: Path, run: Path, executed: Path) -> dict:
    """Run ``notebook`` on ``run`` in a fresh kernel; its seconds and its slowest cells."""
    import nbformat
    import papermill

    from analysis.report.runner import KERNEL_ENV

    declared = papermill.inspect_notebook(notebook)
    given = {k: v for k, v in parameters(run).items() if k in declared}
    os.environ.update(KERNEL_ENV)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    papermill.execute_notebook(
        notebook,
        executed,
        parameters=given,
        kernel_name="python3",
        cwd=notebook.parent,
        progress_bar=False,
        shutdown_kernel="immediate",
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cells = [
        (c.metadata.get("papermill", {}).get("duration") or 0.0, c.source.split("\n", 1)[0])
        for c in nbformat.read(executed, as_version=4).cells
        if c.cell_type == "code"
    ]
    return {
        "notebook": notebook.name,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(
            after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1
        ),
        "slowest_cells": [
            [round(s, 1), first] for s, first in sorted(cells, reverse=True)[:SLOWEST]
        ],
        "load_average_before": round(load, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="a run folder whose scoring step has run")
    parser.add_argument("notebooks", nargs="*", help="notebook numbers, e.g. 06 08 (default all)")
    parser.add_argument("--out", type=Path, help="a JSON file to add the results to")
    args = parser.parse_args(argv)
    if not (args.run / paths.RUN_SCORES["article"]).is_file():
        print(f"error: {args.run} holds no scores (benchmarks.scoring_step --keep makes one)")
        return 1
    every = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    chosen = [nb for nb in every if not args.notebooks or nb.name[:2] in args.notebooks]
    results = []
    (args.run / "notebooks").mkdir(exist_ok=True)
    for nb in chosen:
        results.append(measure(nb, args.run.resolve(), args.run / "notebooks" / nb.name))
        print(json.dumps(results[-1]), flush=True)
    if args.out:
        done = json.loads(args.out.read_text()) if args.out.is_file() else []
        stamp = {"date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "cpus": os.cpu_count()}
        args.out.write_text(json.dumps([*done, *(stamp | r for r in results)], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
