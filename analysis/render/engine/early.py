"""The kernel of a run that renders in this process, started before planning.

A fresh kernel's start and imports are the longest part of the time before a first page; started
first, they overlap planning's imports and reading instead of following them. Only for a run
with one worker here (one page or one agency, or --jobs 1): a pool's workers start their own
kernels after the fork. The start is skipped when the run probably has nothing to render (no
--force, and the notebook's manifest is newer than the notebook and the dataset's files); when
the plan has nothing for this process to run, the kernel is stopped.
"""

from __future__ import annotations

import os
from pathlib import Path

from analysis.render.api import paths

TABLES = ("reports.parquet", "facts.parquet", "figures.parquet", "series.parquet",
          "flags.parquet")
_BOOTED: list[bool] = []  # [True] while a kernel started here may still be unused


def one_worker(agency: str | None, jobs: int) -> bool:
    """Whether the run will render in this process: one worker, or one page (a notebook across
    agencies, or a single agency id)."""
    if jobs <= 1 or agency is None:
        return True
    wanted = agency.strip()
    return wanted != "all" and "," not in wanted


def one_page(agency: str | None) -> bool:
    """Whether the run asks for one page (a notebook across agencies, or one agency id): it is
    run in this process (see here_usable), with no kernel process to start early."""
    return agency is None or (agency.strip() != "all" and "," not in agency)


def here_usable() -> bool:
    """Whether a page can run in this process (analysis.render.engine.inprocess)."""
    from analysis.render.engine import inprocess

    return inprocess.usable()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def probably_unchanged(notebook: str, dataset, out) -> bool:
    """True when the notebook's manifest was written after the notebook and the dataset's table
    files last changed (a guess, from file times only: planning decides what runs)."""
    try:
        nb = paths.notebook(notebook)
    except FileNotFoundError:
        return True  # planning reports it; no kernel for a refused request
    manifest = _mtime(Path(out) / nb.stem / "manifest.json")
    found = paths.find_dataset(dataset)
    if not manifest or found is None or paths.is_uri(found):
        return bool(manifest)
    newest = max([_mtime(nb)] + [_mtime(Path(found) / name) for name in TABLES])
    return manifest >= newest


def boot(notebook: str, dataset, out, force: bool) -> bool:
    """Start this thread's warm kernel now unless the run probably renders nothing; returns
    whether it did."""
    if not force and probably_unchanged(notebook, dataset, out):
        return False
    from analysis.base import executor
    from analysis.render.engine import kernels

    if kernels.kill_all not in executor.ON_TERM:
        executor.ON_TERM.append(kernels.kill_all)
    kernels.prestart()
    _BOOTED.append(True)
    return True


def stop() -> None:
    """Stop the kernel started by `boot` unless this process's worker took it over (the page
    runs here: the worker stops it when the process ends)."""
    if not _BOOTED:
        return
    _BOOTED.clear()
    from analysis.render.engine import kernels, worker

    if worker.ready():
        return
    kernels.kill_all()  # do not wait for a start in progress to finish
    kernels.close_all()


if os.name == "posix":
    os.register_at_fork(after_in_child=_BOOTED.clear)
