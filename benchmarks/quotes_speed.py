"""How long the quote pass takes on texts built to be its worst cases (target: 2 s each).

Each text is 100k-400k characters of lone, unclosed, spaced or stacked quotation marks
(tests/test_quotes.py checks that the pass gives sane quotes on the same texts; the time
lives here, where a loaded machine cannot fail a test). The text pass is timed apart: it
has its own speed.

    .venv/bin/python -m benchmarks.quotes_speed

Writes ``benchmarks/quotes_speed.json``: per text, its length and the best of three runs.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time

from analysis import paths

#: The quote pass's worst cases, by name.
PATHOLOGICAL = {
    "lone-curly": "“" + "word " * 200_000,
    "lone-straight": '"' + "x " * 200_000,
    "apostrophes": "'a " * 100_000,
    "unclosed-lines": "“a\n" * 50_000,
    "spaced": '"a "' * 50_000,
    "marks": "“" * 100_000,
    "long": "said he " * 50_000 + "“ok,” he said.",
}
TARGET_SECONDS = 2.0


def main() -> int:
    from analysis.measures.quotes import doc_quotes
    from analysis.text import make_doc

    results = []
    for name, text in PATHOLOGICAL.items():
        doc = make_doc(text)
        best = float("inf")
        for _ in range(3):
            clock = time.perf_counter()
            doc_quotes(doc)
            best = min(best, time.perf_counter() - clock)
        results.append({"text": name, "characters": len(text), "seconds": round(best, 3)})
        print(f"{name}: {best:.3f} s")
    out = paths.ROOT / "benchmarks" / "quotes_speed.json"
    record = {
        "what": "doc_quotes on a parsed Doc, best of 3",
        "command": "python -m benchmarks.quotes_speed",
        "target_seconds": TARGET_SECONDS,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load_average": round(os.getloadavg()[0], 2),
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "runs": results,
    }
    out.write_text(json.dumps(record, indent=2) + "\n")
    return 0 if all(r["seconds"] <= TARGET_SECONDS for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
