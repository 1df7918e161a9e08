"""One render: run a notebook with papermill, write the executed notebook and an HTML export with
the code hidden. Meant to run inside worker processes that import papermill and nbconvert once."""

from __future__ import annotations

import html
import logging
import os
import shutil
import time
from pathlib import Path

NOTEBOOK, HTML = "notebook.ipynb", "report.html"
_EXPORTER = None


def ipc_kernel_manager() -> type:
    """A kernel manager whose kernels talk over Unix sockets: no open TCP ports, no warning."""
    from jupyter_client import AsyncKernelManager
    from traitlets import CaselessStrEnum

    class IpcKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    return IpcKernelManager


def init_worker(pythonpath: str = "") -> None:
    """Per worker process: make `analysis` importable by kernels, pay the imports once."""
    global _EXPORTER
    if pythonpath:
        parts = [pythonpath, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(parts))
    logging.getLogger("papermill").setLevel(logging.WARNING)
    import papermill  # noqa: F401  (the import is the point: once per worker)
    from nbconvert import HTMLExporter

    _EXPORTER = HTMLExporter(template_name="lab", exclude_input=True,
                             exclude_input_prompt=True, exclude_output_prompt=True)


def export_html(nb, path: Path, title: str) -> None:
    from analysis.base.files import atomic_write

    if _EXPORTER is None:
        init_worker()
    body, _ = _EXPORTER.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = _alt_texts(nb, body)
    atomic_write(path, lambda p: p.write_text(body, encoding="utf-8"))


def _alt_texts(nb, body: str) -> str:
    """The lab template drops an image's `alt` metadata and nbconvert then writes a generic
    one; put the chart titles back, in output order."""
    generic = 'alt="No description has been provided for this image"'
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
                if alt:
                    body = body.replace(generic, f'alt="{html.escape(alt)}"', 1)
    return body


def _error_text(exc: Exception) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"
    return f"{type(exc).__name__}: {exc}"


def run_one(job: dict) -> dict:
    """Execute job["notebook"] with job["parameters"] into job["folder"]; never raises.

    Returns the manifest record: status ok|failed, error, seconds, notebook, html, files.
    """
    import nbformat
    import papermill

    t0 = time.perf_counter()
    folder = Path(job["folder"])
    for sub in ("charts", "tables"):  # stale files of an earlier render must not linger
        shutil.rmtree(folder / sub, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    record = {"name": job["name"], "key": job["key"], "title": job["title"], "status": "ok",
              "error": "", "notebook": NOTEBOOK, "html": ""}
    try:
        papermill.execute_notebook(
            job["notebook"], str(folder / NOTEBOOK), parameters=job["parameters"],
            progress_bar=False, cwd=str(folder), kernel_manager_class=ipc_kernel_manager(),
            shutdown_kernel="immediate")
    except Exception as exc:  # a failed notebook is reported, not fatal
        record.update(status="failed", error=_error_text(exc))
    try:
        nb = nbformat.read(folder / NOTEBOOK, as_version=4)
        export_html(nb, folder / HTML, job["title"])
        record["html"] = HTML
    except Exception as exc:  # no notebook written (e.g. the kernel never started)
        record["notebook"] = ""
        record["error"] = record["error"] or f"export: {type(exc).__name__}: {exc}"
        record["status"] = "failed"
    record["files"] = sorted(str(p.relative_to(folder)) for sub in ("charts", "tables")
                             for p in (folder / sub).glob("*") if p.is_file())
    record["seconds"] = round(time.perf_counter() - t0, 2)
    return record
