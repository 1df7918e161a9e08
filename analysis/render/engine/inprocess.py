"""A kernel in this process, for a run with one page: ipykernel's in-process kernel, which the
`xxgk` engine (analysis.render.engine.warm) drives as it drives a warm kernel.

A command that renders one page has already imported pandas and the dataset's code to plan it;
a kernel process would start an interpreter and import all of it again (and on a busy machine the
two compete for the same cores). Here the page's cells run in this interpreter, with the state a
fresh kernel has: IPython's shell with no history, matplotlib's inline backend, the working
directory set as papermill asks (no warm-up: that pays off over several pages). Only one page runs here: nothing of a page can leak into another. A cell that runs longer
than the timeout is stopped by SIGALRM (main thread only: `usable()`); a page that kills its
process (os._exit, a crash) ends the command, where a kernel process would have been restarted.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from concurrent.futures import Future

INLINE = "module://matplotlib_inline.backend_inline"  # what ipykernel gives a kernel process
GRACE = 5.0  # seconds a timed-out cell has to see its CellTimeoutError (see _alarm)


class CellTimeoutError(Exception):
    """Raised inside a cell that ran out of time (its name is the engine's TIMEOUT mark)."""


def usable() -> bool:
    """Whether a page can run here: the timeout needs SIGALRM on the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class _SameThread:
    """What WarmKernel.thread is for a kernel process, for a kernel that lives on this thread."""

    @staticmethod
    def submit(fn, *args, **kw) -> Future:
        done: Future = Future()
        try:
            done.set_result(fn(*args, **kw))
        except BaseException as exc:  # noqa: BLE001  (handed to the caller, as a pool would)
            done.set_exception(exc)
        return done

    @staticmethod
    def shutdown(wait: bool = True) -> None:
        return None


@contextlib.contextmanager
def _no_debugger():
    """Start the kernel without debugpy: nobody attaches a debugger to a batch page, and its
    import costs about 0.4 s (and prints pydevd's warning about frozen modules). debugpy stays
    importable for the page itself."""
    blocked = "debugpy" not in sys.modules
    if blocked:
        sys.modules["debugpy"] = None  # an import of it fails: ipykernel runs without
    try:
        yield
    finally:
        if blocked and sys.modules.get("debugpy", 0) is None:
            del sys.modules["debugpy"]


@contextlib.contextmanager
def _alarm(seconds: float | None, cell_thread: list[int]):
    """Stop the cell after `seconds`: CellTimeoutError is raised in the thread that runs it
    (`cell_thread`; jupyter_core runs the in-process kernel on a thread of its own), at its next
    line of Python. A call that blocks in C (a sleep, a socket) does not see it: GRACE seconds
    later this thread stops waiting for the cell (the page fails; its notebook is not kept)."""
    if not seconds:
        yield
        return
    fired: list[bool] = []

    def stop(signum, frame):
        if fired or not cell_thread:
            raise CellTimeoutError(f"the cell ran longer than {seconds} s")
        fired.append(True)
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(cell_thread[-1]),
                                                   ctypes.py_object(CellTimeoutError))
        signal.setitimer(signal.ITIMER_REAL, GRACE)

    before = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


class HereKernel:
    """Duck-types kernels.WarmKernel (km, kc, language_info, call, ensure_started, restore,
    reset_later, peak_mb, stop; and `cell`, which the engine runs each cell in) for one page in
    this process."""

    def __init__(self) -> None:
        self.km = None
        self.kc = None
        self.language_info: dict = {}
        self.thread = _SameThread()
        self.cell_thread: list[int] = []  # the thread the kernel runs cells on (see _alarm)

    def call(self, fn, *args, **kw):
        return fn(*args, **kw)

    def ensure_started(self) -> None:
        if self.km is not None:
            return
        os.environ.setdefault("MPLBACKEND", INLINE)  # before matplotlib is imported
        from ipykernel.inprocess.manager import InProcessKernelManager
        from traitlets.config import Config

        km = InProcessKernelManager()
        with _no_debugger():
            km.start_kernel(config=Config({"HistoryManager": {"enabled": False}}))
        kc = km.client()
        kc.start_channels()
        km.kernel.shell.events.register(
            "pre_run_cell", lambda info: self.cell_thread.append(threading.get_ident()))
        self.language_info = km.kernel.language_info
        self.km, self.kc = km, kc

    def restore(self, cwd: str) -> None:
        """The one page starts from this process's state, as it is: a fresh IPython namespace,
        and nothing drawn or set by the command (which only planned). No warm-up either: the
        page imports what it uses, once, and a kernel's warm-up pays off over several pages."""
        os.chdir(cwd)

    def reset_later(self) -> None:
        """Nothing: no page comes after this one."""

    def peak_mb(self) -> float:
        from analysis.render.engine import kernel_state

        return kernel_state.peak_mb()

    @contextlib.contextmanager
    def cell(self, seconds: float | None):
        """Around one cell: the kernel's own streams are sys.stdout and sys.stderr (as in a
        kernel process: the kernel tells them which cell they print for, through sys.stdout; its
        in-process version swaps them in only after that, so a print reached no cell), and the
        cell is stopped after `seconds` (None or 0: no limit)."""
        kernel = self.km.kernel
        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = kernel.stdout, kernel.stderr
        try:
            with _alarm(seconds, self.cell_thread):
                yield
        finally:
            sys.stdout, sys.stderr = streams

    def stop(self) -> None:
        km, kc, self.km, self.kc = self.km, self.kc, None, None
        if kc is not None:
            kc.stop_channels()
        if km is not None:
            km.shutdown_kernel()
