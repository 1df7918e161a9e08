"""One writer per output folder: an advisory lock on `DIR/.xxgk.lock`, naming its holder.

Two runs writing one dataset folder lose data silently (both number their parts from their own
counter). The lock is `fcntl.flock` on a file in the folder: the kernel releases it when the holder
exits, `kill -9` included, so a lock left by a dead run is taken over (and said so) rather than
blocking for ever. The holder writes its pid, host, start time and command into the file, so a
second run can say who holds the folder. Child processes forked while the lock is held close their
copy of it at once: a worker that outlived its parent must not keep the folder locked.

Advisory and local: it stops other xxgk runs, not other programs; on NFS it relies on the server's
lock manager.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from pathlib import Path

LOCK_NAME = ".xxgk.lock"
_HELD: set[int] = set()  # lock file descriptors of this process, closed in forked children


def _close_in_child() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class FolderLocked(RuntimeError):
    """Another running process holds the folder; the message says who and what to do."""

    def __init__(self, folder: Path, holder: dict, command: str):
        self.folder, self.holder = folder, holder
        super().__init__(f"{command}: {folder} is in use by {describe(holder)}; wait for it to "
                         f"finish or choose another output folder")


def describe(holder: dict) -> str:
    """'xxgk ingest (pid 4242 on host-a, started 2026-11-27 21:00:03)' from a lock record.

    >>> describe({"pid": 7, "host": "h", "started": "2026-01-02 03:04", "command": "xxgk ingest"})
    'xxgk ingest (pid 7 on h, started 2026-01-02 03:04)'
    >>> describe({})
    'another process (no details recorded yet)'
    """
    if not holder.get("pid"):
        return "another process (no details recorded yet)"
    return (f"{holder.get('command') or 'another process'} (pid {holder['pid']} on "
            f"{holder.get('host', '?')}, started {holder.get('started', '?')})")


def _record(fd: int) -> dict:
    try:
        data = os.pread(fd, 4096, 0)
        record = json.loads(data.decode("utf-8")) if data.strip() else {}
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == path.stat().st_ino
    except FileNotFoundError:
        return False


class FolderLock:
    """`with FolderLock(out, "xxgk ingest") as lock:` holds `out` for this process.

    Raises FolderLocked when a live process holds it. `lock.stale` is the record of a dead holder
    whose lock was taken over (None when the folder was free).
    """

    def __init__(self, folder: str | os.PathLike, command: str = "xxgk"):
        self.folder = Path(folder)
        self.command = command
        self.path = self.folder / LOCK_NAME
        self.fd: int | None = None
        self.stale: dict | None = None

    def acquire(self) -> FolderLock:
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _record(fd)
                os.close(fd)
                raise FolderLocked(self.folder, holder, self.command) from None
            if _same_file(fd, self.path):
                break
            os.close(fd)  # the holder removed the file between our open and our lock: again
        self.stale = _record(fd) or None  # a record left behind: its writer died holding it
        record = {"pid": os.getpid(), "host": socket.gethostname(), "command": self.command,
                  "started": time.strftime("%Y-%m-%d %H:%M:%S")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        self.fd = fd
        _HELD.add(fd)
        return self

    def release(self) -> None:
        """Remove the lock file, then let go (in that order, so nobody locks a removed file)."""
        if self.fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            _HELD.discard(self.fd)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
