"""A time limit and a memory limit for one piece of work (worker pools: analysis.base.executor).

`time_limit` bounds one file's parse so that a pathological report becomes a failure line and the
batch goes on; it works in any thread, so on any `concurrent.futures`-style executor.
`in_child` runs one risky piece of work (a third-party parser) in a forked child under a memory
limit.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import pickle
import resource
import select
import signal
import threading
import time
from collections.abc import Iterator


class TimeLimit(BaseException):
    """A piece of work ran past its time limit. A BaseException, so that the `except Exception`
    safety nets inside the work do not swallow it."""


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                                ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """One thread per process that raises TimeLimit in threads past their deadline (a timer
    thread per file cost 0.2 ms, 4% of a report's parse)."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.deadlines: dict[int, tuple[float, int]] = {}  # token -> (deadline, thread id)
        self.tokens = itertools.count()
        self.thread: threading.Thread | None = None

    def add(self, seconds: float) -> int:
        with self.cond:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="time-limit", daemon=True)
                self.thread.start()
            token = next(self.tokens)
            deadline = time.monotonic() + seconds
            if all(deadline < d for d, _ in self.deadlines.values()):
                self.cond.notify()  # earlier than what the watchdog sleeps towards
            self.deadlines[token] = (deadline, threading.get_ident())
            return token

    def remove(self, token: int) -> None:
        with self.cond:
            if self.deadlines.pop(token, None) is None:  # fired as the block ended:
                _raise_in(threading.get_ident(), None)  # clear it if not yet raised

    def _run(self) -> None:
        with self.cond:
            while True:
                now = time.monotonic()
                for token, (deadline, thread_id) in list(self.deadlines.items()):
                    if deadline <= now:
                        del self.deadlines[token]
                        _raise_in(thread_id, TimeLimit)
                nearest = min((d for d, _ in self.deadlines.values()), default=now + 3600)
                self.cond.wait(max(0.0, nearest - now))


_WATCHDOG = _Watchdog()


def _new_watchdog() -> None:  # a forked child has no watchdog thread, and maybe a held lock
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


os.register_at_fork(after_in_child=_new_watchdog)


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimit inside the block once it has run `seconds` (no limit when None or 0).

    The exception is raised in the calling thread at its next Python instruction: a single call
    into C (one regular expression, the HTML parser) finishes first. Bounded inputs keep those
    short; this catches the slow Python loops.

    >>> with time_limit(5):
    ...     sum(range(10))
    45
    """
    if not seconds:
        yield
        return
    token = _WATCHDOG.add(seconds)
    try:
        yield
    finally:
        _WATCHDOG.remove(token)


class ChildDied(RuntimeError):
    """The child running a piece of work ended without an answer (killed, crashed)."""


def _vm_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def in_child(fn, *args, memory: int):
    """`fn(*args)` in a forked child whose address space may grow by at most `memory` bytes;
    its result (or exception) comes back pickled. Over the limit, fn gets MemoryError instead of
    the machine's OOM killer picking a process (a damaged PDF's width table once asked pdfminer
    for 24 GB). Where fork or /proc is missing, fn runs here, unbounded.

    The parent waits in short polls, so a `time_limit` around this call still lands; the child is
    killed when the parent stops waiting.
    """
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/statm"):
        return fn(*args)
    limit = _vm_bytes() + memory
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, answer, leave without running the parent's cleanup
        try:
            os.close(r)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            _answer(w, fn, args)
        finally:
            os._exit(0)
    os.close(w)
    try:
        data = _collect(r)
    finally:
        os.close(r)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # already gone unless we stopped waiting early
        os.waitpid(pid, 0)
    if not data:
        raise ChildDied("the work ended without an answer (killed or crashed)")
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def _answer(fd: int, fn, args) -> None:
    try:
        out = (True, fn(*args))
    except BaseException as exc:  # every failure travels back
        out = (False, exc)
    try:
        data = pickle.dumps(out)
    except Exception:  # an exception that does not pickle: its words do
        data = pickle.dumps((False, RuntimeError(f"{type(out[1]).__name__}: {out[1]}")))
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _collect(fd: int) -> bytes:
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], 0.2)  # short waits: a time limit can land
        if ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
