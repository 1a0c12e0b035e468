"""Reading news-database exports at scale: seconds and peak memory of ``load_corpus`` on a
folder of 100 export files holding 10,000 articles (issue 22's target: 60 s and 1 GB).

Run from the repository root (see benchmarks/README.md)::

    .venv/bin/python -m benchmarks.import_speed                  # 10,000 articles, 100 files
    .venv/bin/python -m benchmarks.import_speed --articles 1200  # quicker

The files are written by ``benchmarks/export_layouts.py`` from BASIL's 300 real articles
(read from ``paths.EVAL`` at run time, repeated with a copy number in the title), the six
layouts taking turns (Nexis TXT, DOCX and RTF, Factiva RTF and HTML, ProQuest TXT), into
a temporary folder that is deleted afterwards. The folder is loaded in a fresh process,
whose wall-clock seconds, CPU seconds and peak resident memory (``ru_maxrss``) are
reported, with cleaning (the suite's default) as a user's ``load_corpus`` does it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from analysis import paths

OUT = Path(__file__).resolve().parent / "import_speed.json"
TARGET_SECONDS, TARGET_MB = 60.0, 1024.0

_CHILD = """
import resource, sys, time
from analysis import load_corpus
wall, cpu = time.perf_counter(), time.process_time()
corpus = load_corpus(sys.argv[1])
print(len(corpus), time.perf_counter() - wall, time.process_time() - cpu,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main() -> None:
    from benchmarks.export_layouts import basil_articles, write_folder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="default 10,000")
    parser.add_argument("--files", type=int, default=100, help="default 100")
    parser.add_argument("--out", type=Path, default=OUT, help="where the JSON goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "exports"
        placed = write_folder(
            basil_articles(args.articles), folder, per_file=-(-args.articles // args.files)
        )
        size = sum(p.stat().st_size for p in folder.iterdir())
        load = os.getloadavg()[0]
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(folder)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        ).stdout.split()
    articles, seconds, cpu, peak = int(child[0]), *map(float, child[1:])
    result = {
        "what": "load_corpus on a folder of news-database exports, a fresh process",
        "target": f"{TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB for 10,000 articles in 100 files",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min": round(load, 2),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "articles": articles,
        "files": int(placed["file"].nunique()),
        "layouts": placed.groupby("layout")["file"].nunique().to_dict(),
        "megabytes_on_disk": round(size / 2**20, 1),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "peak_rss_mb": round(peak, 1),
        "texts_from": f"{paths.EVAL.name}/basil_media_bias (300 articles, repeated)",
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
