"""CPU seconds of each test, as a pytest plugin: where the suite's time goes, on a shared machine.

Wall time moves with whatever else the machine runs; CPU time much less. Each test's figure is
the CPU its process spent from its start to its end (setup and teardown included, so a session
fixture counts in the first test that asks for it), plus that of the child processes reaped in
that time (a report's scoring step, zygote and kernels; a fresh interpreter). Run it in one
process, so that no test's children are counted twice::

    .venv/bin/python -m pytest -p benchmarks.cpu_per_test tests/test_report.py -q

It writes one row per test (node id, own CPU s, children's CPU s, wall s; the last row the
session's ``TOTAL``) to ``benchmarks/cpu_per_test.json``, or to ``$CPU_PER_TEST_OUT``, and
prints the files that took most.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections import defaultdict
from pathlib import Path

_OUT = Path(__file__).with_suffix(".json")
_started: dict[str, tuple[float, float, float]] = {}
_rows: list[tuple[str, float, float, float]] = []


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def pytest_runtest_logstart(nodeid: str, location: object) -> None:
    _started[nodeid] = (*_cpu(), time.perf_counter())


def pytest_runtest_logfinish(nodeid: str, location: object) -> None:
    own, children, wall = _started.pop(nodeid)
    own_now, children_now = _cpu()
    _rows.append((nodeid, own_now - own, children_now - children, time.perf_counter() - wall))


def pytest_terminal_summary(terminalreporter) -> None:
    own, children = _cpu()
    rows = [*_rows, ("TOTAL", own, children, 0.0)]
    out = Path(os.environ.get("CPU_PER_TEST_OUT", _OUT))
    out.write_text(json.dumps(rows, indent=0) + "\n", encoding="utf-8")
    by_file: dict[str, float] = defaultdict(float)
    for nodeid, own_s, children_s, _ in _rows:
        by_file[nodeid.split("::")[0]] += own_s + children_s
    terminalreporter.write_sep("=", f"CPU s by file ({own + children:.0f} in all; rows in {out})")
    for file, seconds in sorted(by_file.items(), key=lambda item: -item[1])[:15]:
        terminalreporter.write_line(f"{seconds:7.1f}  {file}")
