"""`xxgk serve`: a render server for one output folder, so that re-rendering a page does not pay
for starting Python, importing the analysis stack and booting a kernel every time.

    xxgk serve --out outputs &          # ready in a few seconds; stops after 15 idle minutes
    xxgk render agency_profile --agency sl-city --out outputs   # served: about 2.5 s, not 5-7
    xxgk serve --stop --out outputs

The server holds what a one-worker render would start (papermill, the page template, a warm
kernel with the analysis stack imported) and runs each `xxgk render` given to it (by
analysis.render.served) exactly as the command would have run it, one at a time, on that kernel:
the kernel is reset between runs as it is between the pages of a batch, so a page rendered through
the server is the one a fresh kernel writes (a test compares them byte for byte). It serves only
runs with one worker (one page, or --jobs 1) and without --scheduler; a run with more workers
renders in the command's own processes. It renders only for commands of the same installation
and code and the same XXGK_ environment: when the package's files change, the next command is
told so, renders itself, and the server stops. It listens on a Unix socket in a folder only its
user can enter ($TMPDIR/xxgk-serve-UID).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sys
import traceback
from pathlib import Path

from analysis.render import served
from analysis.render.api import paths

IDLE = 900.0  # seconds without a request before the server stops
READ_TIMEOUT = 10.0  # seconds a connected client may take to send its request


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default=str(paths.OUTPUTS),
                   help="the output folder whose renders the server runs (default outputs/)")
    p.add_argument("--idle", type=float, default=IDLE,
                   help=f"stop after this many seconds without a request (default {IDLE:g})")
    p.add_argument("--stop", action="store_true", help="stop the server of --out")


def run(args: argparse.Namespace) -> int:
    if args.stop:
        return stop(args.out)
    return serve(args.out, args.idle)


def stop(out: str | os.PathLike) -> int:
    """Ask the server of `out` to stop; 0 when one did, 1 when none was listening."""
    conn = served.connect(served.address(out))
    if conn is None:
        print(f"xxgk serve: no render server for {out}", file=sys.stderr)
        return 1
    with conn:
        served.send(conn, {"op": "stop"})
        for msg in served.messages(conn):
            if "exit" in msg:
                break
    print(f"xxgk serve: stopped the render server for {out}")
    return 0


class _Relay:
    """A text stream whose writes go to the client as {kind: text} messages; a client gone
    (interrupted) loses the rest of the run's output, not the run."""

    encoding = "utf-8"

    def __init__(self, conn: socket.socket, kind: str):
        self.conn, self.kind, self.gone = conn, kind, False

    def write(self, text: str) -> int:
        if text and not self.gone:
            try:
                served.send(self.conn, {self.kind: text})
            except OSError:
                self.gone = True
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def serve(out: str | os.PathLike, idle: float = IDLE) -> int:
    """Listen for the renders of `out` until `idle` seconds pass without one, or a stop."""
    from analysis.base import executor

    served.private_folder()
    path = served.address(out)
    probe = served.connect(path)
    if probe is not None:
        probe.close()
        print(f"xxgk serve: a render server for {out} is already running ({path})",
              file=sys.stderr)
        return 1
    path.unlink(missing_ok=True)  # a socket left by a server that was killed
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(str(path))
    except OSError as exc:  # e.g. a socket path past the system's 107 bytes: a long TMPDIR
        listener.close()
        print(f"xxgk serve: cannot listen at {path}: {exc} (a shorter TMPDIR helps)",
              file=sys.stderr)
        return 1
    mine = path.stat().st_ino
    executor.exit_on_sigterm()
    executor.ON_TERM.append(lambda: _remove(path, mine))
    try:
        listener.listen(16)  # commands that come while the server warms up wait for it
        started = served.fingerprint()  # before the imports: never newer than the code loaded
        try:
            _warm()
        except Exception as exc:  # no kernel: nothing to serve with (commands render themselves)
            print(f"xxgk serve: cannot start a kernel: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            return 1
        print(f"xxgk serve: rendering for {out} (socket {path}); stops after {idle:g} s "
              f"without a request, or with `xxgk serve --stop --out {out}`", flush=True)
        listener.settimeout(idle)
        while True:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                print(f"xxgk serve: {idle:g} s without a request; stopping", flush=True)
                break
            with conn:
                if not _handle(conn, started):
                    break
    finally:
        listener.close()
        _remove(path, mine)
        from analysis.render.engine import kernels

        kernels.close_all()
    return 0


def _remove(path: Path, inode: int) -> None:
    """Remove the socket at `path` if it is still this server's (not a newer server's)."""
    with contextlib.suppress(OSError):
        if path.stat().st_ino == inode:
            path.unlink()


def _warm() -> None:
    """What a one-worker render starts, started once: the warm kernel of this thread (booting
    in its own process), papermill, the page template, planning's imports."""
    from analysis.render.engine import kernels, worker

    worker.init_worker(warm=True)
    from analysis.render import batch, index_page, plan  # noqa: F401  (the imports are the point)

    kernel = kernels.for_thread(kernels.NATIVE_KERNEL_NAME)
    kernel.call(kernel.ensure_started)  # ready means ready: a kernel that cannot start says so

    batch.SERVING.append(True)  # this process renders what it is given: it never gives it on


def _handle(conn: socket.socket, started: str) -> bool:
    """Answer one client; False when the server must stop (asked to, or its code changed)."""
    conn.settimeout(READ_TIMEOUT)
    try:
        request = next(served.messages(conn), None)
    except (OSError, ValueError):
        return True
    if not isinstance(request, dict):
        return True
    conn.settimeout(None)
    op = request.get("op")
    if op == "stop":
        with contextlib.suppress(OSError):
            served.send(conn, {"exit": 0})
        print("xxgk serve: asked to stop", flush=True)
        return False
    if op != "render":
        with contextlib.suppress(OSError):
            served.send(conn, {"err": f"xxgk serve: cannot {op!r}\n", "exit": 2})
        return True
    if request.get("fingerprint") != started:
        moved = served.fingerprint() != started  # this server's own code changed under it
        reason = ("was started on code that has changed since: it stops" if moved else
                  "runs another installation or other XXGK_ settings")
        with contextlib.suppress(OSError):
            served.send(conn, {"declined": reason})
        if moved:
            print("xxgk serve: the package changed; stopping", flush=True)
        return not moved
    _render(conn, request)
    return True


def _render(conn: socket.socket, request: dict) -> None:
    """Run the command's render here, its output relayed; then its exit status."""
    from analysis.render import batch

    args = argparse.Namespace(**request["args"])
    args.in_process = False  # the server's warm kernel is this process's page engine
    out, err = _Relay(conn, "out"), _Relay(conn, "err")
    here = os.getcwd()
    try:
        os.chdir(request["cwd"])
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = batch.run(args)
    except Exception:  # the server outlives a run that broke: the client hears why
        err.write(traceback.format_exc())
        code = 1
    finally:
        os.chdir(here)
    print(f"xxgk serve: {args.notebook} --agency {args.agency} -> exit {code}", flush=True)
    with contextlib.suppress(OSError):
        served.send(conn, {"exit": code})
