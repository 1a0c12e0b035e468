"""The scorer on pathological input: seconds per 100,000 characters, input by input (issue 21).

Run from the repository root (see benchmarks/README.md)::

    .venv/bin/python -m benchmarks.pathological                  # 100,000 characters each
    .venv/bin/python -m benchmarks.pathological --chars 20000    # quicker

Each input is one piece repeated to ``--chars`` characters and scored by one
:func:`analysis.score_texts` call (the cache is not involved); the same text at
half the length shows whether the time grows linearly (the ratio is about 2) or
faster. Target (issue 21): every input at most 1 s per 100,000 characters. For
scale, real news (the seed corpus repeated) is timed the same way. Also timed:
reading a 200,000-row coding sheet (issue 21 item 16). Results go to
``benchmarks/pathological.json`` with the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "pathological.json"
TARGET_SECONDS_PER_100K = 1.0

#: The issue's inputs: each piece is repeated to the length asked for.
INPUTS = {
    "straight quote, letter, space": '"a ',
    "mixed quotation marks": "\"'“‘«",
    "opening curly quote": "“",
    "quoted words, no sentence end": '"word", ',
    "curly-quoted words, no sentence end": "“word”, ",
    "question": "why? ",
    "full stop": ". ",
    "opening bracket": "[",
    "opening parenthesis": "(",
    "dollar": "$",
}


def seconds(text: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one score_texts call (on a busy machine, the CPU
    time is the process's own work; the wall time also waits for the others)."""
    from analysis import score_texts

    clock, cpu = time.perf_counter(), time.process_time()
    score_texts([text])
    return time.perf_counter() - clock, time.process_time() - cpu


def sheet_seconds(rows: int) -> float:
    """Read a coding sheet of ``rows`` units (the example sample's units, repeated)."""
    import pandas as pd

    from analysis import paths
    from analysis.coding.sheets import read_sample, read_sheet

    sample = read_sample(paths.DATA / "coding-example")
    sheet = next((paths.DATA / "coding-example" / "sheets").glob("*.csv"))
    table = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    big = table.sample(rows, replace=True, random_state=0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.csv"
        big.to_csv(path, index=False)
        clock = time.perf_counter()
        try:
            read_sheet(path, sample)
        except ValueError:
            pass  # units repeat: refused, after every row was checked
        return time.perf_counter() - clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=100_000, help="characters per input")
    parser.add_argument("--sheet-rows", type=int, default=200_000, help="rows of the big sheet")
    args = parser.parse_args()
    from analysis import load_corpus

    seconds("warm up: the lexicons load once.")
    news = "\n\n".join(load_corpus()["text"])
    inputs = {"news (the seed corpus, repeated)": news, **INPUTS}
    load_before = os.getloadavg()[0]
    rows = []
    for name, piece in inputs.items():
        text = (piece * (args.chars // len(piece) + 1))[: args.chars]
        (full, full_cpu), (half, _) = seconds(text), seconds(text[: args.chars // 2])
        per_100k = full * 100_000 / args.chars
        cpu_per_100k = full_cpu * 100_000 / args.chars
        rows.append(
            {
                "input": name,
                "characters": args.chars,
                "seconds": round(full, 3),
                "seconds_per_100k": round(per_100k, 3),
                "cpu_seconds_per_100k": round(cpu_per_100k, 3),
                "growth_when_doubled": round(full / half, 2) if half else None,
                "meets_target": per_100k <= TARGET_SECONDS_PER_100K,
            }
        )
        print(
            f"{name:40} {per_100k:6.2f} s per 100k, CPU {cpu_per_100k:5.2f} s "
            f"(x{full / half:.1f} when doubled)"
        )
    sheet = sheet_seconds(args.sheet_rows)
    print(f"{'coding sheet, ' + format(args.sheet_rows, ',') + ' rows':40} {sheet:6.2f} s")
    result = {
        "target_seconds_per_100k": TARGET_SECONDS_PER_100K,
        "inputs": rows,
        "sheet": {"rows": args.sheet_rows, "seconds": round(sheet, 2)},
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min_before": round(load_before, 2),
            "load_average_1min_after": round(os.getloadavg()[0], 2),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
