"""One render, in a worker: papermill runs the notebook (the warm `xxgk` engine, or a fresh kernel
per notebook when isolated) in the job's folder, then the page is exported from the executed
notebook in memory. Never raises: the record says what happened."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import time
from pathlib import Path

from analysis.base.safepaths import inside
from analysis.render.engine.kernel_state import peak_mb

NOTEBOOK, HTML = "notebook.ipynb", "report.html"
OUTPUT_DIRS = ("charts", "tables")
WARM, ISOLATED = "xxgk", "nbclient"


_READY = []
os.register_at_fork(after_in_child=_READY.clear)  # a forked worker sets itself up again


def init_worker(warm: bool = False) -> None:
    """Per worker process (once): quiet papermill's logger, pay its import, remove socket folders
    of killed runs, and stop this process's warm kernels when it ends. With `warm`, this thread's
    warm kernel starts booting first (its own process and thread), so its start and imports
    overlap papermill's import and the page template's loading here, and the first page does not
    wait for all of them."""
    if _READY:
        return
    import atexit
    from multiprocessing import util

    from analysis.base import executor, lazy
    from analysis.render.engine import kernels

    lazy.defer_slow_imports()  # before papermill: its nbformat -> jsonschema would pay ~1.5 s
    kernels.sweep_stale()
    atexit.register(kernels.close_all)  # this process (one worker: no pool)
    util.Finalize(None, kernels.close_all, exitpriority=100)  # pool workers skip atexit
    executor.ON_TERM.append(kernels.kill_all)
    if warm:
        kernels.prestart()
    logging.getLogger("papermill").setLevel(logging.WARNING)
    import papermill  # noqa: F401  (the import is the point)

    if warm:  # pages will be exported: load the page template while the kernel still boots
        from analysis.render.engine import export

        export.warm()

    _READY.append(True)


def ready() -> bool:
    """Whether this process was set up as a worker (its warm kernel is the worker's)."""
    return bool(_READY)


@functools.lru_cache(maxsize=8)
def _template(source: str):
    import nbformat

    return nbformat.reads(source, as_version=4)


def _error_text(exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"
    return f"{type(exc).__name__}: {exc}"


def _execute(job: dict, folder: Path, tmp: Path):
    """papermill into `tmp`; returns the executed notebook (raises on a failed cell)."""
    import papermill

    from analysis.render.engine import kernels

    nb = _template(job["source"])
    extra = {} if job["engine"] == WARM else {"kernel_manager_class": kernels.IpcKernelManager,
                                              "shutdown_kernel": "immediate"}
    return papermill.execute_notebook(
        nb, str(tmp), parameters=job["parameters"], engine_name=job["engine"],
        progress_bar=False, request_save_on_cell_execute=False, cwd=str(folder),
        execution_timeout=job.get("timeout"), **extra)


def _page(job: dict, folder: Path, nb, record: dict) -> None:
    from analysis.render.engine import export

    export.write(nb, folder / HTML, job["title"], embed=job.get("embed", False))
    record["html"] = HTML


def run_one(job: dict) -> dict:
    """Execute the job's notebook into its folder (see analysis.render.plan for the fields)."""
    import nbformat

    from analysis.render.engine import warm as engine

    t0 = time.perf_counter()
    folder = inside(job["out"], *job["parts"])
    for sub in OUTPUT_DIRS:  # stale files of an earlier render must not linger
        shutil.rmtree(inside(folder, sub), ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{os.getpid()}.{NOTEBOOK}"
    record = {"name": job["name"], "key": job["key"], "title": job["title"], "status": "ok",
              "error": "", "notebook": NOTEBOOK, "html": ""}
    engine.LAST_RUN.kernel_peak_mb = None
    try:
        nb = _execute(job, folder, tmp)
    except Exception as exc:  # a failed notebook is reported, not fatal
        record.update(status="failed", error=_error_text(exc))
        nb = nbformat.read(tmp, as_version=4) if tmp.exists() else None
    try:
        if nb is None:
            raise RuntimeError("no notebook was written (the kernel did not start?)")
        os.replace(tmp, folder / NOTEBOOK)
        _page(job, folder, nb, record)
    except Exception as exc:
        record.update(notebook="", status="failed",
                      error=record["error"] or f"export: {type(exc).__name__}: {exc}")
    tmp.unlink(missing_ok=True)
    record["files"] = sorted(str(p.relative_to(folder)) for sub in OUTPUT_DIRS
                             for p in (folder / sub).glob("*") if p.is_file())
    record["seconds"] = round(time.perf_counter() - t0, 2)
    record["peak_mb"] = {"kernel": engine.LAST_RUN.kernel_peak_mb, "worker": peak_mb()}
    return record
