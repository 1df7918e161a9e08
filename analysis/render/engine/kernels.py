"""Kernels for rendering: IPC transport in a private folder, and warm kernels kept per thread.

A kernel's sockets and connection file live in `$TMPDIR/xxgk-kernels-PID-*`, never in the folder
the notebook runs in. A folder left by a killed run (its PID gone) is removed by the next run.
`WarmKernel` keeps one started kernel with the analysis stack imported; all of its I/O happens on
one thread of its own, so the asyncio loop of the kernel client is the same for every notebook,
whichever thread (a process worker's main thread, a Dask worker thread) asks.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import NATIVE_KERNEL_NAME, KernelSpecManager
from jupyter_core.utils import run_sync
from traitlets import CaselessStrEnum

from analysis.render.engine.reap import alive

PREFIX = "xxgk-kernels-"
WARM_UP = "__import__('analysis.render.engine.kernel_state', fromlist=['_']).warm_up()"
RESTORE = "__import__('analysis.render.engine.kernel_state', fromlist=['_']).restore({cwd!r})"
RESET = "__import__('analysis.render.engine.kernel_state', fromlist=['_']).reset()"
PEAK = "__import__('analysis.render.engine.kernel_state', fromlist=['_']).peak_mb()"
# A batch kernel keeps no input history: IPython's sqlite history committed every cell and every
# reset (about 40 ms a page); In/Out and the execution count work as before.
NO_HISTORY = ["--HistoryManager.enabled=False"]
STARTING_POLL = 0.2  # seconds between looks at whether a starting kernel still lives
IOPUB_WAIT = 2.0  # seconds the warm-up's idle status may take to reach a started kernel's client


class IpcKernelManager(AsyncKernelManager):
    """A kernel that talks over Unix sockets in a private folder (no open TCP port, no socket
    file in the notebook's folder); the folder goes when the kernel's resources are cleaned up.
    The Python kernel is always this interpreter's: a system-wide `python3` kernelspec might
    point at a Python without xxgk."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    def __init__(self, **kw):
        folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
        kw.setdefault("ip", os.path.join(folder, "k"))
        kw.setdefault("connection_file", os.path.join(folder, "kernel.json"))
        if kw.get("kernel_name", NATIVE_KERNEL_NAME) == NATIVE_KERNEL_NAME:
            kw.setdefault("kernel_spec_manager", KernelSpecManager(kernel_dirs=[]))
        super().__init__(**kw)
        self.private_folder = folder

    async def _async_interrupt_kernel(self) -> None:
        """As jupyter_client's, except while the kernel is being shut down: jupyter_client
        interrupts a kernel before it stops it, even to kill it, and a kernel that handles the
        SIGINT first prints `ERROR | KeyboardInterrupt caught in kernel` on the terminal of the
        run. A batch kernel is stopped idle or killed: it has nothing to interrupt."""
        if self.shutting_down:
            return
        await AsyncKernelManager._async_interrupt_kernel(self)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await AsyncKernelManager._async_cleanup_resources(self, restart=restart)
        if not restart:
            shutil.rmtree(self.private_folder, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources


def sweep_stale(tmp: str | None = None) -> int:
    """Remove socket folders whose process is gone (a run killed with -9); return how many."""
    removed = 0
    for path in Path(tmp or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        m = re.match(rf"{PREFIX}(\d+)-", path.name)
        if m and not alive(int(m.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


class KernelError(RuntimeError):
    """Warm-up or reset code failed inside the kernel, or the kernel did not answer."""


def _ok(content: dict) -> dict:
    """A reply's content; its error as a KernelError."""
    if content["status"] != "ok":
        raise KernelError(f"{content.get('ename')}: {content.get('evalue')}")
    return content


class WarmKernel:
    """One started kernel, reused notebook after notebook; see analysis.render.engine.warm."""

    def __init__(self, kernel_name: str = NATIVE_KERNEL_NAME, startup_timeout: float = 60):
        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self.km: IpcKernelManager | None = None
        self.kc = None
        self.language_info: dict = {}
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="xxgk-kernel")

    def call(self, fn, *args, **kw):
        """Run `fn` on this kernel's own thread and return its result."""
        return self.thread.submit(fn, *args, **kw).result()

    # Everything below runs on self.thread.
    def ensure_started(self) -> None:
        if self.km is not None and run_sync(self.km.is_alive)():
            return
        self.stop()
        self.km = IpcKernelManager(kernel_name=self.kernel_name)
        extra = NO_HISTORY if self.kernel_name == NATIVE_KERNEL_NAME else []
        run_sync(self.km.start_kernel)(extra_arguments=extra)
        self.kc = self.km.client()
        self.kc.start_channels()
        self._warm_up()
        msg_id = self.kc.kernel_info()
        self.language_info = self._reply(msg_id)["language_info"]

    def _warm_up(self) -> None:
        """Send the warm-up at once, while the kernel still starts (zmq holds the request until
        the kernel listens), and wait for its reply, watching that the kernel lives. This
        replaces jupyter_client's `wait_for_ready`, which ends every start with 0.2 s of
        listening for silence on IOPub. Like `wait_for_ready`, make sure IOPub carries the
        kernel's messages (a subscriber that connected late misses them): the warm-up's own
        `idle` status must arrive; if it does not, fall back to `wait_for_ready`."""
        msg_id = self.kc.execute(WARM_UP, silent=True, store_history=False)
        _ok(self._reply(msg_id, self.startup_timeout, starting=True))
        if not self._idle_seen(msg_id, IOPUB_WAIT):
            run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)

    def _idle_seen(self, msg_id: str, seconds: float) -> bool:
        """Whether IOPub brings the `idle` status of request `msg_id` within `seconds`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = run_sync(self.kc.get_iopub_msg)(timeout=left)
            except queue.Empty:
                return False
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"):
                return True
        return False

    def silent(self, code: str, value: str | None = None):
        """Execute `code` without history or output; return the value of expression `value`."""
        exprs = {"value": value} if value else {}
        msg_id = self.kc.execute(code, silent=True, store_history=False, user_expressions=exprs)
        content = _ok(self._reply(msg_id))
        if value:
            found = content["user_expressions"]["value"]
            if found.get("status") != "ok":
                raise KernelError(f"{found.get('ename')}: {found.get('evalue')}")
            return found["data"]["text/plain"]
        return None

    def _reply(self, msg_id: str, timeout: float = 120, starting: bool = False) -> dict:
        """The content of the shell reply to `msg_id`; while `starting`, a kernel process that
        ended is reported within STARTING_POLL seconds, not when `timeout` runs out."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = run_sync(self.kc.get_shell_msg)(timeout=STARTING_POLL if starting
                                                      else timeout)
            except queue.Empty:
                if starting and not run_sync(self.km.is_alive)():
                    raise KernelError("the kernel died while starting") from None
                if not starting or time.monotonic() > deadline:
                    raise KernelError(f"no reply from the kernel in {timeout} s") from None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    def restore(self, cwd: str) -> None:
        self.silent(RESTORE.format(cwd=cwd))

    def reset_later(self) -> None:
        """Send the reset for the next notebook and return at once: it runs while the caller
        writes the last page; `restore` checks it ran to its end (its reply is not read)."""
        self.kc.execute(RESET, silent=True, store_history=False)

    def peak_mb(self) -> float | None:
        try:
            return float(self.silent("", PEAK))
        except Exception:  # a dead or busy kernel has no figure to give
            return None

    def stop(self) -> None:
        """Stop the kernel at once (it holds nothing to save) and remove its socket folder."""
        km, kc, self.km, self.kc = self.km, self.kc, None, None
        if kc is not None:
            kc.stop_channels()
        if km is None:
            return
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # already dead, or the loop is gone at exit: kill it directly
            proc = getattr(km.provisioner, "process", None)
            if proc is not None and proc.poll() is None:
                proc.kill()
        shutil.rmtree(km.private_folder, ignore_errors=True)


_KERNELS: dict[tuple[int, str], WarmKernel] = {}
_LOCK = threading.Lock()


def _forget() -> None:
    """In a forked child: the parent's kernels and their threads are not ours."""
    global _LOCK
    _KERNELS.clear()
    _LOCK = threading.Lock()


os.register_at_fork(after_in_child=_forget)


def for_thread(kernel_name: str, startup_timeout: float = 60) -> WarmKernel:
    """The warm kernel of the calling thread for `kernel_name` (created on first use)."""
    key = (threading.get_ident(), kernel_name)
    with _LOCK:
        if key not in _KERNELS:
            _KERNELS[key] = WarmKernel(kernel_name, startup_timeout)
        return _KERNELS[key]


@contextlib.contextmanager
def in_this_process(kernel_name: str = NATIVE_KERNEL_NAME):
    """Within the block, the calling thread's notebooks run in this process, not in a kernel
    process (analysis.render.engine.inprocess: for a command's run of one page); after it, that
    kernel is stopped and the thread's warm kernel, if any, is its kernel again."""
    from analysis.render.engine.inprocess import HereKernel

    key, kernel = (threading.get_ident(), kernel_name), HereKernel()
    with _LOCK:
        before = _KERNELS.get(key)
        _KERNELS[key] = kernel
    try:
        yield kernel
    finally:
        with _LOCK:
            if before is None:
                _KERNELS.pop(key, None)
            else:
                _KERNELS[key] = before
        kernel.stop()


def prestart(kernel_name: str = NATIVE_KERNEL_NAME) -> None:
    """Start booting the calling thread's warm kernel now, without waiting (the engine's first
    call waits for it; a start that failed is tried again there and reports its error)."""
    kernel = for_thread(kernel_name)
    kernel.thread.submit(kernel.ensure_started)


def kill_all() -> None:
    """Kill every warm kernel's process now and remove its sockets (safe in a signal handler:
    no event loop, no waiting on the kernel's thread)."""
    for kernel in list(_KERNELS.values()):
        km = kernel.km
        proc = getattr(getattr(km, "provisioner", None), "process", None)
        if proc is not None and proc.poll() is None:
            proc.kill()
        if getattr(km, "private_folder", None):
            shutil.rmtree(km.private_folder, ignore_errors=True)


def close_all() -> None:
    """Stop every warm kernel of this process (worker shutdown, Dask plugin teardown)."""
    with _LOCK:
        kernels = list(_KERNELS.values())
        _KERNELS.clear()
    for kernel in kernels:
        try:
            kernel.call(kernel.stop)
        except RuntimeError:  # its thread is already gone at interpreter exit
            kernel.stop()
        kernel.thread.shutdown(wait=False)
