"""One batch of report files -> one part on disk: the function every executor runs.

`run_batch(job)` is a top-level function of a picklable `Job` and relies on nothing set up before
(the agency registry travels in the job), so it runs the same in this process, in a local process
pool or on any `concurrent.futures`-style executor (a Dask cluster, given a disk the workers share).
Each file gets a time limit: a file that takes longer becomes a failure line and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from analysis.base.procs import TimeLimit, die_with_parent, time_limit
from analysis.dataset import parts
from analysis.dataset.records import process
from analysis.parse import agency as agencies

Done = tuple[int, list[tuple[str, str | None]]]  # (part, [(path, stamp before parsing)])


@dataclass(frozen=True)
class Job:
    paths: tuple[str, ...]
    root: str  # the parts folder, DIR/.parts
    part: int
    registry: list[dict] = field(default_factory=list, hash=False)
    time_limit: float | None = None  # seconds per file; None or 0 for none


def parse_one(path: str, limit: float | None) -> dict:
    """`records.process(path)` within `limit` seconds; a failure row when it takes longer."""
    try:
        with time_limit(limit):
            return process(path)
    except TimeLimit:
        return {"failure": {"path": path, "stage": "timeout",
                            "reason": f"took longer than {limit:g} s, the time limit per file "
                                      "(--time-limit): not parsed"}}


def run_batch(job: Job) -> Done:
    """Parse the job's files and write them as part `job.part`. Interrupted (Ctrl-C), it writes
    the files parsed so far as the part before giving up, so a rerun resumes after them."""
    agencies.use(job.registry, "agencies.csv")
    results, files = [], []
    try:
        for path in job.paths:
            before = parts.stamp(path)
            results.append(parse_one(path, job.time_limit))
            files.append((path, before))
    finally:
        if files:
            rows, _ = parts.collect(results)
            parts.write_part(Path(job.root), job.part, rows, files)
    return job.part, files


def _init_worker(parent: int) -> None:
    die_with_parent(parent)  # kill -9 of the command takes its workers with it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the command's handler is not the worker's


def _context():
    """fork where it is safe (Linux): workers start without re-importing the parser, and the
    command's lock is closed in them at once (base.lock); elsewhere the platform's default."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (shutdown would wait for them)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # private, 3.10-3.13
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        proc.terminate()


def run_all(jobs: list[Job], workers: int, on_done: Callable[[Done], None],
            executor: Executor | None = None) -> None:
    """Run every job: here (workers <= 1), on a local process pool, or on `executor` (owned by
    the caller). `on_done` gets each finished job's result, in the order they finish."""
    if executor is None and workers <= 1:
        for job in jobs:
            on_done(run_batch(job))
        return
    pool = executor or ProcessPoolExecutor(workers, mp_context=_context(),
                                           initializer=_init_worker, initargs=(os.getpid(),))
    try:
        futures = [pool.submit(run_batch, job) for job in jobs]
        for fut in as_completed(futures):
            on_done(fut.result())
    except BaseException:
        if executor is None:
            _stop(pool)
        raise
    if executor is None:
        pool.shutdown()
