"""The run folder: claiming it, its manifest and status, and writes that never leave half a file.

A run folder is written by one process at a time (:func:`claim` refuses a folder still
being written); its ``manifest.json`` says "running" while notebooks run and then
"complete" or "failed", and :func:`run_status` tells a "running" left by a killed
process from a live one. Every write of the runner goes through :func:`write_text`
or ends in one :class:`ReportError` naming the path and the cause (:func:`write_error`).
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
import platform
import re
import shutil
import socket
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from analysis import paths

_VERSIONED = (
    "pandas", "numpy", "scipy", "nltk", "textblob", "vaderSentiment",
    "matplotlib", "papermill", "nbconvert", "ipykernel",
)  # fmt: skip


#: Failed writes in words, for the one line the user sees.
_WRITE_ERRORS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a file of that name is in the way",
    errno.ENAMETOOLONG: "file name too long",
}


class ReportError(Exception):
    """The report cannot run as asked; the message says why and what to do."""


def write_error(exc: OSError, out: Path, *, during: str = "") -> ReportError:
    """One line for a write that failed: the path, the cause in words, what stays."""
    cause = _WRITE_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
    where = exc.filename or out
    stays = f" while {during}; what was written before stays in {out}" if during else ""
    return ReportError(f"cannot write {where}: {cause}{stays}")


def run_status(run: str | Path) -> tuple[str, str]:
    """The state of a run folder and one line saying it, from its manifest.

    The state is ``"complete"``, ``"failed"``, ``"running"`` (its process, recorded by
    pid and host, is alive), ``"interrupted"`` when the manifest says running but that
    process is gone (SIGKILL, a power cut), or ``"unknown"`` when it cannot be checked
    from here (another host, or a manifest that records no process).
    """
    folder = paths.resolve(run)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(
            f"{folder} is not a report run: cannot read its manifest.json ({exc})"
        ) from exc
    try:
        return _status(manifest)
    except (AttributeError, KeyError, TypeError, ValueError, OverflowError) as exc:
        raise ReportError(
            f"{folder / 'manifest.json'} is damaged ({type(exc).__name__}: {exc}); "
            "re-run with --force to replace the run"
        ) from exc


def _status(manifest: dict[str, Any]) -> tuple[str, str]:
    status = manifest.get("status")
    if status == "complete":
        done = len(manifest["notebooks"])
        return status, f"complete: {done} notebooks in {float(manifest['seconds'])} s"
    if status == "failed":
        return status, f"failed: {manifest.get('error', 'see FAILED.txt')}"
    if status != "running":
        raise ValueError(f"status {status!r} is none of complete, failed, running")
    process = manifest.get("process") or {}
    pid, host = process.get("pid"), process.get("host")
    done = len(manifest.get("notebooks", []))
    # 0 and -1 are no process (os.kill would signal a whole group); a bool is no pid
    real_pid = isinstance(pid, int) and not isinstance(pid, bool) and 0 < pid < 2**31
    if host != socket.gethostname() or not real_pid:
        where = f"process {pid} on {host}" if host else "no process recorded"
        return "unknown", f"unknown: the manifest says running ({where}); cannot check from here"
    if not process_alive(pid):
        return "interrupted", (
            f"interrupted: the manifest says running, but process {pid} on {host} that wrote "
            f"it is gone (killed?) after {done} notebooks; re-run with --force to replace it"
        )
    return "running", f"running: process {pid} on {host}, {done} notebooks done so far"


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` of this host exists (someone else's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def run_name(corpus: Path | None, *, when: datetime) -> str:
    """The default run folder name: UTC time, then the corpus name.

    >>> run_name(None, when=datetime(2026, 11, 22, 22, 15, tzinfo=UTC))
    '2026-11-22T221500Z-seed'
    >>> run_name(Path("/data/My corpus.csv"), when=datetime(2026, 1, 2, tzinfo=UTC))
    '2026-01-02T000000Z-My-corpus'
    """
    label = re.sub(r"[^A-Za-z0-9_.-]+", "-", corpus.stem if corpus else "seed").strip("-.")
    return f"{when.astimezone(UTC):%Y-%m-%dT%H%M%SZ}-{label or 'corpus'}"


def claim(out: Path, *, force: bool, default: bool = False) -> Path:
    """Make ``out`` the run folder and return it; refuse a used one, without touching it,
    unless forced. With ``default`` (a name the runner chose, not the user), a name
    another run took first gets a suffix (``-2``, ``-3``...): two runs started in the same
    second both run. Either way the folder is taken atomically: of two runs racing for
    one folder, one gets it and the other is refused."""
    if default:
        for n in itertools.count(1):
            taken = out if n == 1 else out.with_name(f"{out.name}-{n}")
            try:
                taken.mkdir(parents=True)
            except FileExistsError:
                continue
            (taken / "notebooks").mkdir()
            _take(taken)
            return taken
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise ReportError(
                f"{out} already exists and is not empty; nothing was changed. "
                "Choose another --out, or pass --force to replace the run in it."
            )
        if not (out / "manifest.json").is_file():  # never clear a folder that is not a run
            raise ReportError(
                f"{out} is not a report run (it has no manifest.json); nothing was changed. "
                "--force only replaces an earlier run."
            )
        state, said = run_status(out)
        if state == "running":  # two runs writing one folder would mix their outputs
            raise ReportError(f"{out} is still being written ({said}); nothing was changed")
        for name in ("notebooks", "figures", "tables", "scores"):
            shutil.rmtree(out / name, ignore_errors=True)
        for page in [*out.glob("[0-9][0-9]-*.html"), *out.glob("index.html")]:
            page.unlink()
        for name in ("manifest.json", "FAILED.txt", "scoring.log", str(paths.RUN_ANSWER)):
            (out / name).unlink(missing_ok=True)
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    _take(out)
    return out


def _take(out: Path) -> None:
    """Create the manifest exclusively: the run that does it owns the folder."""
    try:
        (out / "manifest.json").open("x").close()
    except FileExistsError:
        raise ReportError(f"{out} was taken by another run meanwhile; nothing changed") from None


def run_outputs(out: Path) -> dict[str, str]:
    """SHA-256 of every figure and table of the run, by path within it."""
    return {label(f, out): sha256(f) for d in ("figures", "tables") for f in files_under(out / d)}


def git_state() -> dict[str, str | bool]:
    """The commit the run ran at and whether the tree had uncommitted changes."""
    try:
        run = {"cwd": paths.ROOT, "capture_output": True, "text": True, "check": True, "timeout": 9}
        commit = subprocess.run(["git", "rev-parse", "HEAD"], **run).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain"], **run).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "dirty": "unknown"}
    return {"commit": commit, "dirty": dirty}


def versions() -> dict[str, str]:
    """Versions of Python, this package and the libraries that shape the outputs."""
    found = {"python": platform.python_version()}
    for name in ("media-framing-analysis", *_VERSIONED):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def input_hashes(
    corpus: Path | None, notebooks: list[Path], coded: Path | None = None
) -> dict[str, str]:
    """SHA-256 of the corpus (:func:`corpus_hashes`), the lexicons, the notebooks and the
    coding sample given with ``--coded``."""
    files = [*files_under(paths.LEXICONS), *notebooks, *(files_under(coded) if coded else [])]
    return corpus_hashes(corpus) | {label(f, paths.ROOT): sha256(f) for f in files if f.is_file()}


def corpus_hashes(corpus: Path | None) -> dict[str, str]:
    """SHA-256 of the corpus's files (seed: data/raw/ and data/corpus.csv), by path."""
    if corpus is None:
        files = [*files_under(paths.RAW), paths.SEED_METADATA]
    else:
        files = files_under(corpus) if corpus.is_dir() else [corpus]
    return {label(f, paths.ROOT): sha256(f) for f in files if f.is_file()}


def files_under(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted; none when it is not a folder."""
    return sorted(f for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else []


def label(path: Path, base: Path) -> str:
    """``path`` as the manifest names it: relative to ``base`` when under it."""
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)


def sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` whole (see :func:`write_text`)."""
    write_text(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")


def write_text(path: Path, text: str) -> None:
    """Write all of ``text`` or leave ``path`` as it was: a full disk never leaves half a file."""
    part = path.with_name(f".{path.name}.part")
    try:
        part.write_text(text, encoding="utf-8")
        part.replace(path)
    except OSError:
        part.unlink(missing_ok=True)
        raise
