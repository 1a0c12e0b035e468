"""Warm kernels: the report's notebook kernels forked from one process that imported the stack.

A kernel started the usual way starts Python, imports ipykernel, and its notebook's first cell
imports pandas, matplotlib, NLTK, TextBlob and this package: about 3 CPU seconds a notebook,
more than most notebooks' own work on a small corpus. A report instead starts one *zygote*
(:class:`Zygote`) with the kernels' environment; it imports :data:`KERNEL` and :data:`PRELOAD`
once, then forks a child per kernel, which takes the kernel's environment, working directory
and arguments and runs ipykernel as ``python -m ipykernel_launcher -f CONNECTION_FILE`` would.
:class:`ForkedProvisioner` (a jupyter_client provisioner) asks for the fork; interrupt, kill
and poll reach the child by a pidfd, and the zygote reports its exit code.

Nothing from the zygote reaches a notebook's results: it runs the kernels' interpreter with
their environment (the hash seed is fixed when an interpreter starts); a kernel whose
environment differs from the zygote's (other than ``JPY_*``), or whose folder holds a module
named like one the zygote imported, is started the usual way; numpy's global random state is
drawn anew in the child (Python's ``random`` does that itself after a fork); what libraries
decide when imported is decided as inside a kernel (:func:`_as_in_a_kernel`), and modules that
look at the kernel's shell when imported are left to the kernel (:data:`IN_KERNEL_ONLY`). The
zygote starts no thread of its own and no zmq context (numpy's and pyarrow's worker threads
are idle, and their libraries prepare for a fork). Left different: a forked kernel's
debugger counts the preloaded libraries among the kernel's own modules (ipykernel's
"just my code"), which no batch run uses.

A run's zygote imports what its notebooks import (:func:`preload_for`): the whole of
:data:`PRELOAD` for notebooks written for Jupyter (a magic in a cell, as the suite's hold), else
only the entries their import statements reach, and ipykernel alone for notebooks importing the
standard library alone (a quick check, a test's fixture): each import none of them uses would
cost the run its time again.

Nothing is left behind: the zygote reads its requests on a pipe from the runner; at its end
(the runner ended, SIGKILL included) it kills its kernels and exits, and a kernel whose zygote
is gone ends itself (ipykernel's parent poller, watching the zygote). Where there is no fork
or pidfd (not Linux), or the zygote failed or died, kernels start the usual way.
"""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import io
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Any as AnyTrait

import analysis

#: What the usual start imports before the kernel's shell exists: ipykernel, and the debugger
#: it loads when the kernel starts (about half a second).
KERNEL = ("ipykernel.kernelapp", "ipykernel.debugger")

#: What the notebooks import once the shell exists, in this order: the libraries of their
#: first cells (pandas, pyarrow, matplotlib's figures, NLTK and TextBlob; SciPy's statistics,
#: about a second, for the comparisons) and the package's modules they share.
PRELOAD = (
    "numpy",
    "analysis._nltk",
    "textblob",
    "scipy.sparse",
    "pyarrow.parquet",
    "matplotlib.figure",
    "PIL.Image",
    "pandas",
    "scipy.stats",
    "analysis.corpus",
    "analysis.measures.registry",
    "analysis.report.config",
    "analysis.report.outputs",
    "analysis.scoring.score",
    "analysis.statistics.compare",
    "analysis.statistics.describe",
    "analysis.statistics.distinguishing",
    "analysis.statistics.events",
    "analysis.statistics.plan",
    "analysis.statistics.reuse",
    "analysis.views.highlighting",
    "analysis.views.plots",
    "analysis.views.tables",
)

#: Modules that look at the kernel's shell when imported (tqdm.auto picks its progress bar,
#: ipywidgets registers its comm target, the inline backend hooks into the shell): they must
#: be imported inside the kernel, and a zygote that imported one serves no kernel.
IN_KERNEL_ONLY = (
    "tqdm.auto",
    "tqdm.autonotebook",
    "ipywidgets",
    "matplotlib.pyplot",
    "matplotlib_inline",
)

#: Seconds to wait for the zygote's imports before starting kernels the usual way.
READY_TIMEOUT = 120

#: Seconds to wait for a fork to be answered.
FORK_TIMEOUT = 30

_KERNEL = ("-m", "ipykernel_launcher", "-f")


def preload_for(sources: Iterable[str]) -> tuple[str, ...]:
    """What a zygote serving notebooks of these code cells imports after :data:`KERNEL`: the
    entries of :data:`PRELOAD` their imports reach, in its order (an entry of a library they
    import from; an entry of this package that they import, or that is inside or above a module
    they import), or all of it when a cell is not plain Python (a magic, a shell command: what
    such a notebook imports is not known here; the suite's notebooks are such).

    >>> preload_for(["import csv, os", "from pathlib import Path"])
    ()
    >>> preload_for(["import matplotlib.pyplot as plt", "from analysis.report import outputs"])
    ('matplotlib.figure', 'analysis.report.outputs')
    >>> preload_for(["import os", "import pandas as pd"]) == ("pandas",)
    True
    >>> preload_for(["from analysis import load_corpus"])
    ('analysis.corpus',)
    >>> preload_for(["import pandas", "%matplotlib inline"]) == PRELOAD
    True
    """
    named: set[str] = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return PRELOAD
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                named.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                named.update(_module_of(node.module, alias.name) for alias in node.names)
    return tuple(entry for entry in PRELOAD if any(_reaches(name, entry) for name in named))


def _module_of(module: str, name: str) -> str:
    """Where ``from module import name`` takes ``name`` from: a submodule, or the module that
    defines it (this package's public names: the module it imports each from on first use).

    >>> _module_of("analysis", "load_corpus"), _module_of("pandas", "DataFrame")
    ('analysis.corpus', 'pandas.DataFrame')
    """
    if name == "*":
        return module
    if module == analysis.__name__ and name in analysis._EXPORTS:
        return analysis._EXPORTS[name]
    return f"{module}.{name}"


def _reaches(name: str, entry: str) -> bool:
    """Whether importing module ``name`` in a notebook reaches the :data:`PRELOAD` entry."""
    package = entry.split(".")[0]
    if package != analysis.__name__:
        return name.split(".")[0] == package
    return name == entry or entry.startswith(f"{name}.") or name.startswith(f"{entry}.")


def available() -> bool:
    """Whether this platform can fork kernels and signal them safely (Linux: fork, pidfd)."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and hasattr(os, "pidfd_open")
        and hasattr(signal, "pidfd_send_signal")
    )


class Zygote:
    """The runner's side: starts the zygote with the current environment (start it inside the
    kernels' environment) to import ``preload`` after :data:`KERNEL`, forks kernels, learns
    their exit codes, and closes it (:meth:`close`; also when this process dies, as its request
    pipe closes)."""

    def __init__(self, folder: Path, preload: Iterable[str] = PRELOAD) -> None:
        answers, self._answers_in = os.pipe()
        self.env = dict(os.environ)
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from analysis.report.zygote import main; main()",
             str(self._answers_in), json.dumps(list(preload))],
            stdin=subprocess.PIPE, pass_fds=(self._answers_in,), cwd=folder,
            start_new_session=True,  # Ctrl-C in the terminal is the runner's to handle
        )  # fmt: skip
        os.close(self._answers_in)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._said: dict[str, Any] = {}
        self._exits: dict[int, int] = {}
        self._next = 0
        self._reader = threading.Thread(
            target=self._read, args=(os.fdopen(answers, "rb"),), daemon=True, name="zygote"
        )
        self._reader.start()

    def _read(self, answers: Any) -> None:
        with answers:
            for line in answers:
                said = json.loads(line)
                with self._changed:
                    if "exited" in said:
                        self._exits[said["exited"]] = said["code"]
                    else:
                        self._said[str(said.get("id", "ready"))] = said
                    self._changed.notify_all()
        with self._changed:
            self._said["gone"] = True
            self._changed.notify_all()

    def serves(self, cmd: list[str], env: dict[str, str]) -> bool:
        """Whether a kernel run as ``cmd`` with ``env`` can be forked from this zygote."""
        same_env = {k: v for k, v in env.items() if not k.startswith("JPY_")} == {
            k: v for k, v in self.env.items() if not k.startswith("JPY_")
        }
        ours = len(cmd) >= 5 and cmd[0] == sys.executable and tuple(cmd[1:4]) == _KERNEL
        return ours and same_env

    async def fork(self, cmd: list[str], env: dict[str, str], cwd: str) -> int | None:
        """The pid of a kernel forked to run ``cmd`` in ``cwd``, or ``None`` (start it the
        usual way): the zygote is gone, not ready in time, or refused (a module it imported
        is shadowed in ``cwd``)."""
        if not await self._wait_for("ready", READY_TIMEOUT):
            return None
        with self._lock:
            self._next += 1
            ask = str(self._next)
        request = {"id": ask, "argv": cmd[1:], "env": env, "cwd": str(cwd)}
        try:
            with self._lock:
                self.process.stdin.write(json.dumps(request).encode() + b"\n")
                self.process.stdin.flush()
        except (OSError, ValueError):
            return None
        if not await self._wait_for(ask, FORK_TIMEOUT):
            return None
        return self._said[ask].get("pid")

    async def _wait_for(self, key: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if key in self._said:
                    return "error" not in self._said[key]
                if "gone" in self._said:
                    return False
            await asyncio.sleep(0.02)
        return False

    def exit_code(self, pid: int) -> int | None:
        """A forked kernel's exit code, once the zygote reaped it."""
        with self._lock:
            return self._exits.get(pid)

    def close(self) -> None:
        """End the zygote: it kills the kernels still running, reaps them and exits. One still
        importing has forked no kernel: it is killed rather than waited for."""
        with self._lock:
            importing = not self._said
        if importing:
            self.process.kill()
        with suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=5)


class ForkedKernel:
    """A forked kernel, as jupyter_client uses a ``Popen``: ``pid``, ``poll``, ``wait``,
    ``send_signal``, ``kill``, ``terminate``. Signals go through a pidfd, so they never reach
    another process that took the pid after the zygote reaped the kernel."""

    stdin = stdout = stderr = None

    def __init__(self, zygote: Zygote, pid: int) -> None:
        self.zygote, self.pid = zygote, pid
        self.returncode: int | None = None
        self._pidfd = os.pidfd_open(pid)

    def poll(self) -> int | None:
        if self.returncode is None:
            code = self.zygote.exit_code(self.pid)
            if code is None and self.zygote.process.poll() is not None and self._ended():
                code = 1  # the zygote is gone: the kernel ended, its code unknown
            if code is not None:
                self.returncode = code
                os.close(self._pidfd)
        return self.returncode

    def _ended(self) -> bool:
        return bool(select.select([self._pidfd], [], [], 0)[0])

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            with suppress(ProcessLookupError):  # ended, not yet reported
                signal.pidfd_send_signal(self._pidfd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel forked from :attr:`zygote` when it
    serves the kernel's command and environment, else started the usual way."""

    zygote = AnyTrait(None, allow_none=True)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or Path.cwd())
        pid = (
            await self.zygote.fork(cmd, env, cwd)
            if self.zygote is not None and self.zygote.serves(cmd, env)
            else None
        )
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(self.zygote, pid)
        # The child makes itself a session and process group leader first thing, as the usual
        # start does; until then a signal to the group fails and goes to the process instead.
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


# The zygote's side, in its own process.


def main() -> None:
    """The zygote: import :data:`KERNEL` and the modules named in ``sys.argv[2]`` (a JSON
    list), then fork kernels on request until the runner's pipe closes; in a forked child,
    become the kernel."""
    request = _serve(os.fdopen(int(sys.argv[1]), "w", buffering=1), json.loads(sys.argv[2]))
    if request is not None:
        _become_kernel(request)
        return
    # Its kernels are reaped and its answers written: tearing down the imported stack (most
    # of a second) would only keep the runner waiting in Zygote.close.
    sys.stderr.flush()
    os._exit(0)


def _serve(answers: Any, preload: list[str]) -> dict[str, Any] | None:
    """Answer requests; return ``None`` when the runner is gone, or, in a forked child, the
    request it is to run as a kernel."""
    if sys.path and sys.path[0] == "":  # python -c: the working folder; a kernel has none yet
        del sys.path[0]
    before, env = set(sys.modules), dict(os.environ)
    try:
        for name in KERNEL:
            __import__(name)
        with _as_in_a_kernel():
            for name in preload:
                __import__(name)
        leaked = [name for name in IN_KERNEL_ONLY if name in sys.modules]
        if leaked:
            raise ImportError(f"{', '.join(leaked)} must be imported inside the kernel")
    except Exception as exc:  # the runner starts kernels the usual way
        answers.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")
        return None
    preloaded = sorted({m.split(".")[0] for m in set(sys.modules) - before} - {"__main__"})
    # What the imports did to the environment (ipykernel's debugger sets a variable) a kernel
    # would have done to its own: each kernel gets it.
    made = {k: v for k, v in os.environ.items() if env.get(k) != v}
    unset = env.keys() - os.environ.keys()
    answers.write(json.dumps({"ready": True}) + "\n")
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    kernels: set[int] = set()
    pending = b""
    while True:
        ready = select.select([sys.stdin.fileno(), wake_read], [], [], 1.0)[0]
        if wake_read in ready:
            os.read(wake_read, 4096)
        _reap(kernels, answers, block=False)
        if sys.stdin.fileno() not in ready:
            continue
        chunk = os.read(sys.stdin.fileno(), 1 << 16)
        if not chunk:  # the runner closed the pipe or died: no kernel outlives it
            break
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            request = json.loads(line)
            shadowed = _shadowed(preloaded, request["cwd"])
            if shadowed:
                answers.write(json.dumps({"id": request["id"], "error": shadowed}) + "\n")
                continue
            try:
                pid = os.fork()
            except OSError as exc:  # no memory or process left: the usual start may still work
                answers.write(json.dumps({"id": request["id"], "error": str(exc)}) + "\n")
                continue
            if pid == 0:
                env = {**request["env"], **made}
                request["env"] = {k: v for k, v in env.items() if k not in unset}
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.close(wake_read)
                os.close(wake_write)
                answers.close()
                return request
            kernels.add(pid)
            answers.write(json.dumps({"id": request["id"], "pid": pid}) + "\n")
    for pid in kernels:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _reap(kernels, answers, block=True)
    return None


class _KernelShell:
    """Stands for the kernel's shell while the zygote imports: what a library sees of it."""

    kernel = None


class _KernelStream(io.StringIO):
    """Stands for ipykernel's output stream while the zygote imports."""

    encoding = "UTF-8"


@contextmanager
def _as_in_a_kernel() -> Iterator[None]:
    """While inside, a library imported sees what it would inside a kernel where it reads that
    when imported: ``get_ipython()`` names a shell with a kernel (pandas chooses
    ``display.max_columns`` by it) and standard output has ipykernel's encoding (pandas's
    ``display.encoding``). Anything else read at import: :data:`IN_KERNEL_ONLY`."""
    import builtins

    streams = sys.stdout, sys.stderr
    builtins.get_ipython = _KernelShell
    sys.stdout, sys.stderr = _KernelStream(), _KernelStream()
    try:
        yield
    finally:
        said = sys.stdout.getvalue() + sys.stderr.getvalue()
        sys.stdout, sys.stderr = streams
        del builtins.get_ipython
        sys.stderr.write(said)


def _reap(kernels: set[int], answers: Any, *, block: bool) -> None:
    """Collect the kernels that ended and report their exit codes, as ``Popen.returncode``."""
    for pid in list(kernels):
        done, status = os.waitpid(pid, 0 if block else os.WNOHANG)
        if done:
            kernels.discard(pid)
            with suppress(OSError):  # the runner is gone
                answers.write(
                    json.dumps({"exited": pid, "code": os.waitstatus_to_exitcode(status)}) + "\n"
                )


def _shadowed(modules: list[str], cwd: str) -> str:
    """Why a kernel in ``cwd`` cannot be forked: a module there that a kernel would import in
    place of one the zygote imported (a kernel's path starts with its working folder; a folder
    without ``__init__.py`` is a namespace package, which an installed package wins over)."""
    from importlib.machinery import PathFinder

    found = [m for m in modules if getattr(PathFinder.find_spec(m, [cwd]), "origin", None)]
    return f"{', '.join(found)} in {cwd} would shadow the imported modules" if found else ""


def _become_kernel(request: dict[str, Any]) -> None:
    """In the forked child: become ``python -m ipykernel_launcher -f FILE`` run in the
    request's folder with its environment (what ``ipykernel_launcher`` does, done here)."""
    from ipykernel import kernelapp

    os.setsid()  # as jupyter_client starts a kernel: its own session, out of the terminal's reach
    fd = os.open(os.devnull, os.O_RDONLY)  # the usual start gives a closed pipe: end of file
    os.dup2(fd, 0)
    os.close(fd)
    zygote = os.getppid()
    os.environ.clear()
    os.environ.update(request["env"], JPY_PARENT_PID=str(zygote))
    os.chdir(request["cwd"])
    if "numpy" in sys.modules:  # a fresh interpreter draws numpy's global state from the OS
        sys.modules["numpy"].random.seed()
    launcher = importlib.util.find_spec(request["argv"][1])
    sys.argv = [launcher.origin, *request["argv"][2:]]
    # IPKernelApp read JPY_PARENT_PID when the zygote imported it: its parent poller is told
    # here to watch the zygote, as it watches the process that starts a kernel the usual way.
    kernelapp.IPKernelApp.launch_instance(parent_handle=zygote)
