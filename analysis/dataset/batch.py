"""One batch of report files -> one part on disk: the function every executor runs.

`run_batch(job)` is a top-level function of a picklable `Job` and relies on nothing set up before
(the agency registry travels in the job), so it runs the same in this process, in a local process
pool or on any `concurrent.futures`-style executor (a Dask cluster, given a disk the workers share).
Each file gets a time limit: a file that takes longer becomes a failure line and the batch goes on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from analysis.base import executor
from analysis.base.procs import TimeLimit, time_limit
from analysis.dataset import parts
from analysis.dataset.records import process
from analysis.parse import agency as agencies

Done = tuple[int, list[tuple[str, str | None]]]  # (part, [(path, stamp before parsing)])
TIME_LIMIT = 120.0  # seconds per file by default; the slowest real report (a long PDF) takes a few


@dataclass(frozen=True)
class Job:
    paths: tuple[str, ...]
    root: str  # the parts folder, DIR/.parts
    part: int
    registry: list[dict] = field(default_factory=list, hash=False)
    time_limit: float | None = None  # seconds per file; None or 0 for none


def parse_one(path: str, limit: float | None, context=()) -> dict:
    """`records.process(path, context)` within `limit` seconds; a failure row when it takes
    longer."""
    try:
        with time_limit(limit):
            return process(path, context)
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


def _stop(pool: Executor) -> None:
    """Cancel what has not started and end a local pool's workers now (its shutdown would wait
    for every batch in flight)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # private, 3.10-3.13
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        proc.terminate()


def run_all(jobs: list[Job], workers: int, on_done: Callable[[Done], None],
            pool: Executor | None = None) -> None:
    """Run every job: here (workers <= 1), on local worker processes that die with this one
    (`analysis.base.executor.pool`), or on `pool` (any executor, owned by the caller: a Dask
    cluster's, given a disk its workers share). `on_done` gets each finished job's result, in
    the order they finish."""
    if pool is None and workers <= 1:
        for job in jobs:
            on_done(run_batch(job))
        return
    with contextlib.ExitStack() as stack:
        ex = pool or stack.enter_context(executor.pool(workers))
        try:
            for fut in as_completed([ex.submit(run_batch, job) for job in jobs]):
                on_done(fut.result())
        except BaseException:
            if pool is None:
                _stop(ex)
            raise
