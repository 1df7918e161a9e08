"""Helpers of the safety tests: a process holding a folder's lock, and whether a process is gone."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

HOLD = textwrap.dedent("""
    import sys, time
    from analysis.base.lock import FolderLock
    lock = FolderLock(sys.argv[1], "xxgk ingest").acquire()
    print("locked", flush=True)
    time.sleep(60)
""")


def holder(folder) -> subprocess.Popen:
    """Another process that holds `folder`'s lock until killed."""
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE,
                         text=True)
    assert p.stdout.readline().strip() == "locked"
    return p


def gone(pid: int, within: float) -> bool:
    """True once process `pid` has ended (a zombie counts as ended), waiting up to `within` s."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split(") ")[-1].startswith("Z"):
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def children(pid: int) -> list[int]:
    """The child processes of `pid` (Linux)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except FileNotFoundError:
        return []
