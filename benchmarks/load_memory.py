"""Time and peak memory of ``load_corpus`` on one large CSV (issue 11 item 19).

Builds a CSV of about ``--mb`` megabytes from the seed texts (each row one
article, ``doc_id``, ``outlet`` and ``text``), then loads it in a fresh child
process with ``max_bytes`` raised to fit, and prints the seconds and the
child's peak resident memory (``ru_maxrss``). Nothing is written to the
repository.

    .venv/bin/python benchmarks/load_memory.py --mb 200
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis import load_corpus

_CHILD = """
import sys
from analysis import load_corpus
corpus = load_corpus(sys.argv[1], max_bytes=int(sys.argv[2]))
print(len(corpus))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200, help="CSV size in MB (default 200)")
    args = parser.parse_args()
    texts = load_corpus()["text"].tolist()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.csv"
        per_row = sum(len(t.encode()) for t in texts) / len(texts)
        rows = int(args.mb * 2**20 / per_row)
        pd.DataFrame(
            {
                "doc_id": [f"d{i:07d}" for i in range(rows)],
                "outlet": [f"outlet {i % 7}" for i in range(rows)],
                "text": [texts[i % len(texts)] for i in range(rows)],
            }
        ).to_csv(path, index=False)
        size = path.stat().st_size
        clock = time.perf_counter()
        loaded = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), str(size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        seconds = time.perf_counter() - clock
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20  # KiB to GiB
    print(
        f"{size / 2**20:.0f} MB CSV, {loaded} articles: loaded in {seconds:.0f} s, "
        f"peak memory {peak:.2f} GB ({peak * 2**30 / size:.1f} times the file)"
    )


if __name__ == "__main__":
    main()
