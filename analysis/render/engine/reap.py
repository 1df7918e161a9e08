"""Temporary files a killed render left in its output folder, removed by the next render (light:
imported by every render, even one with nothing to do).

Two kinds: a worker's notebook in progress (`.PID.notebook.ipynb`, removed once that process is
gone) and a half-written file of `atomic_write` (`.NAME.XXXXXXXX`, removed once older than
`STALE` seconds: a live writer finishes long before).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

STALE = 600
_WORKER_TMP = re.compile(r"^\.(\d+)\.notebook\.ipynb$")
_ATOMIC_TMP = re.compile(r"^\.(.+)\.[a-z0-9_]{8}$")


def alive(pid: int) -> bool:
    """Whether process `pid` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(folder: Path, depth: int = 3) -> list[Path]:
    """Remove leftovers in `folder` and the folders below it (to `depth`); return them."""
    removed = []
    now = time.time()
    for root, dirs, files in os.walk(folder):
        if len(Path(root).relative_to(folder).parts) >= depth:
            dirs.clear()
        for name in files:
            path = Path(root) / name
            worker = _WORKER_TMP.match(name)
            stale = worker and not alive(int(worker.group(1)))
            stale = stale or (_ATOMIC_TMP.match(name) and now - path.stat().st_mtime > STALE)
            if stale:
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed
