"""`xxgk`, a papermill engine that keeps a warm kernel per worker thread.

Registered under the `papermill.engine` entry point, so that
`papermill.execute_notebook(..., engine_name="xxgk")` works anywhere xxgk is installed. papermill
still does what it always does (parameter injection, cell metadata, error markers, writing the
output); only the kernel differs: it was started once, has the analysis stack imported, and is
reset before each notebook (see analysis.render.engine.kernel_state). The kernel works in
papermill's `cwd` (the engine reads the working directory papermill switched to).

- `execution_timeout` (seconds per cell): a cell that runs longer is interrupted and the notebook
  fails with `CellTimeoutError`; the kernel is replaced before the next notebook.
- A kernel that dies is replaced and the notebook run once more; a second death fails it.

papermill loads its engines while it is itself being imported, so its entry point is not this
module (which imports papermill) but the light stand-in in `analysis.render.engine`.
"""

from __future__ import annotations

import contextlib
import copy
import os
import threading

from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import v4
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine
from papermill.log import logger

from analysis.render.engine import kernels

TIMEOUT = "CellTimeoutError"
LAST_RUN = threading.local()  # per calling thread: the last notebook's kernel peak memory
_NOTHING = contextlib.nullcontext()


class WarmClient(PapermillNotebookClient):
    """papermill's client on a kernel that is already running; a timed-out cell becomes an
    error in the notebook (papermill then reports it like any other error)."""

    def __init__(self, nb_man, kernel: kernels.WarmKernel, **kw):
        super().__init__(nb_man, km=kernel.km, interrupt_on_timeout=True,
                         error_on_timeout={"ename": TIMEOUT, "evalue": "", "traceback": []}, **kw)
        self.kc = kernel.kc
        self.language_info = kernel.language_info
        self.around_cell = getattr(kernel, "cell", None)  # a kernel in this process: see there
        self.timed_out = False

    def execute(self, **kwargs):
        self.reset_execution_trackers()
        with self.setup_kernel(**kwargs):  # neither starts nor stops anything: km and kc are set
            self.papermill_execute_cells()
            self.nb.metadata["language_info"] = self.language_info
            self.set_widgets_metadata()
        return self.nb

    def papermill_execute_cells(self):
        for index, cell in enumerate(self.nb.cells):
            try:
                self.nb_man.cell_start(cell, index)
                around = self.around_cell(self.timeout) if self.around_cell else _NOTHING
                with around:
                    self.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError) as ex:
                if isinstance(ex, CellTimeoutError) or getattr(ex, "ename", "") == TIMEOUT:
                    self.timed_out = True
                    self._timeout_output(self.nb.cells[index])
                self.nb_man.cell_exception(self.nb.cells[index], cell_index=index, exception=ex)
                break
            finally:
                self.nb_man.cell_complete(self.nb.cells[index], cell_index=index)

    def _timeout_output(self, cell) -> None:
        text = f"the cell ran longer than {self.timeout} s and was stopped"
        cell.outputs = [o for o in cell.get("outputs", []) if o.output_type != "error"]
        cell.outputs.append(v4.new_output("error", ename=TIMEOUT, evalue=text, traceback=[text]))


def _run(kernel: kernels.WarmKernel, nb_man, cwd: str, kw: dict) -> tuple[bool, float | None]:
    """On the kernel's thread: start if needed, restore, execute, send the next reset.
    Returns (a cell timed out, the kernel's peak memory in MB)."""
    kernel.ensure_started()
    kernel.restore(cwd)
    client = WarmClient(nb_man, kernel, **kw)
    client.execute()
    if client.timed_out:
        return True, None
    peak = kernel.peak_mb()
    kernel.reset_later()
    return False, peak


class WarmEngine(Engine):
    """papermill engine: one warm kernel per worker thread, reset before each notebook."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None,
                                 **kwargs):
        kernel = kernels.for_thread(kernel_name, start_timeout)
        kw = {"timeout": execution_timeout or None, "kernel_name": kernel_name, "log": logger,
              "log_output": log_output, "stdout_file": stdout_file, "stderr_file": stderr_file,
              "startup_timeout": start_timeout}
        original = copy.deepcopy(nb_man.nb)
        for attempt in (1, 2):
            try:
                timed_out, LAST_RUN.kernel_peak_mb = kernel.call(_run, kernel, nb_man,
                                                                 os.getcwd(), kw)
            except DeadKernelError:
                kernel.call(kernel.stop)
                if attempt == 2:
                    raise DeadKernelError("the kernel died twice running this notebook") from None
                logger.warning("kernel died; running the notebook again in a new kernel")
                nb_man.nb = copy.deepcopy(original)
                continue
            except Exception:  # state unknown (reset failed, interrupted): start afresh next time
                kernel.call(kernel.stop)
                raise
            if timed_out:  # the old kernel may still be busy: the next notebook gets a new one
                kernel.call(kernel.stop)
            return nb_man.nb
