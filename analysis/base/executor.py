"""Where a batch runs: in this process, in local worker processes, or on a Dask cluster, all behind
the `concurrent.futures.Executor` interface (submit, futures, as_completed).

    with executor.pool(jobs=2) as ex:                      # local processes
    with executor.pool(scheduler="tcp://HOST:8786") as ex:  # a Dask cluster (xxgk[cluster])

Local workers die with the parent: on Linux they ask the kernel for SIGTERM when it goes (even on
`kill -9`); on SIGTERM a process runs the callables in `ON_TERM` (kill child processes, remove
temporary files) and exits at once (waiting for threads blocked on a child could hang).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
CONNECT_TIMEOUT = 5.0  # seconds to reach a scheduler; a scheduler that answers does in ms
SCHEMES = ("tcp", "tls")
DEFAULT_PORT = 8786  # dask's, when the address names none  # the scheduler addresses a `dask worker` prints
ON_TERM: list[Callable[[], None]] = []  # what a process must do before it ends on SIGTERM


class InlineExecutor(Executor):
    """Runs each job at submit time, in this process (one worker: no process to start)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the caller sees it through the future, as with a pool
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            future.set_exception(exc)
        return future


def exit_on_sigterm() -> None:
    """On SIGTERM, run ON_TERM and end the process."""
    signal.signal(signal.SIGTERM, _terminate)


def _terminate(signum, frame) -> None:
    for clean_up in ON_TERM:
        try:
            clean_up()
        except Exception:  # ending anyway: one failed clean-up must not skip the others
            pass
    os._exit(128 + signum)


def die_with_parent(parent: int) -> None:
    """In a worker: be sent SIGTERM when the parent process ends, however it ends (Linux).
    `parent` is the pid of the process that started this one, taken there before the fork: a
    parent killed between the fork and this call is seen (taken here, it would already be the
    pid of init, and the worker would wait for jobs forever, holding the parent's pipes)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    exit_on_sigterm()
    if os.getppid() != parent:  # the parent went before the request took effect
        os._exit(1)


def _start_worker(parent: int, initializer: Callable | None, initargs: tuple) -> None:
    ON_TERM.clear()  # a forked worker's own initializer says what it must clean up
    die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


@contextlib.contextmanager
def pool(jobs: int = 1, scheduler: str | None = None, initializer: Callable | None = None,
         initargs: tuple = (), plugin=None) -> Iterator[Executor]:
    """An executor for the batch. `initializer(*initargs)` runs once in each local worker (in this
    process for jobs=1); on a cluster, `plugin` (a dask WorkerPlugin) does that job."""
    if scheduler:
        with _dask(scheduler, plugin) as ex:
            yield ex
    elif jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield InlineExecutor()
    else:
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        ex = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                                 initializer=_start_worker,
                                 initargs=(os.getpid(), initializer, initargs))
        try:
            yield ex
        finally:
            ex.shutdown(wait=True, cancel_futures=True)


class SchedulerError(RuntimeError):
    """A --scheduler that is not an address, or that does not answer: one line naming it.
    `status`: 2 for an address that is not one (usage), 69 for one that does not answer."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def check_scheduler(url: str, timeout: float = CONNECT_TIMEOUT) -> tuple[str, int]:
    """(host, port) of a scheduler address `tcp://HOST:PORT` (or tls://), after checking that
    it is one and that something listens there; SchedulerError otherwise. Called before a
    command writes anything, so a bad --scheduler leaves --out as it was.

    >>> check_scheduler("bogus://x")
    Traceback (most recent call last):
    ...
    analysis.base.executor.SchedulerError: --scheduler bogus://x is not a scheduler address: use tcp://HOST:PORT (as `dask scheduler` prints it)
    """
    usage = SchedulerError(f"--scheduler {url} is not a scheduler address: use tcp://HOST:PORT "
                           "(as `dask scheduler` prints it)", 2)
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname, parts.port or DEFAULT_PORT
    except ValueError:  # tcp://[::1 (an unclosed bracket), a port that is not a number
        raise usage from None
    if parts.scheme not in SCHEMES or not host or parts.path.strip("/") or parts.query or \
            parts.fragment:
        raise usage
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        why = "no answer" if isinstance(exc, TimeoutError) else exc.strerror or str(exc)
        raise SchedulerError(f"--scheduler {url}: cannot reach the scheduler ({why} within "
                             f"{timeout:g} s); check that `dask scheduler` runs there and that "
                             "the port is open", 69) from None
    return host, port


@contextlib.contextmanager
def _dask(scheduler: str, plugin) -> Iterator[Executor]:
    try:
        from distributed import Client
    except ImportError:
        raise RuntimeError("--scheduler needs dask.distributed: pip install 'xxgk[cluster]'"
                           ) from None
    check_scheduler(scheduler)
    try:
        client = Client(scheduler, set_as_default=False, timeout=4 * CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:  # listening, but not a scheduler (or it went)
        raise SchedulerError(f"--scheduler {scheduler}: the scheduler does not answer "
                             f"({type(exc).__name__}); check the address", 69) from None
    try:
        if plugin is not None:
            client.register_plugin(plugin)
        ex = client.get_executor(pure=False)
        ex.workers = sum(client.nthreads().values())  # threads to keep busy (batch sizes)
        yield ex
    finally:
        client.close()
