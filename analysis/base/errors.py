"""Errors that speak to a person: what happened, where, what to do, and a distinct exit status.

Commands catch `OSError` at their top and print `explain(exc)`: one line instead of a traceback for
a full disk, a read-only folder or a missing permission.
"""

from __future__ import annotations

import errno

# exit statuses shared by every command
OK, FAILED, USAGE = 0, 1, 2
NO_SPACE, NOT_PERMITTED, IO_ERROR = 74, 77, 75

_ADVICE = {
    errno.ENOSPC: (NO_SPACE, "the disk is full", "free some space or choose another --out"),
    errno.EDQUOT: (NO_SPACE, "the disk quota is used up", "free some space or choose another --out"),
    errno.EROFS: (NOT_PERMITTED, "the folder is on a read-only file system",
                  "choose a writable --out"),
    errno.EACCES: (NOT_PERMITTED, "permission denied", "check the folder's permissions or choose "
                                                       "another --out"),
    errno.EPERM: (NOT_PERMITTED, "operation not permitted", "check the folder's permissions"),
}


def explain(exc: OSError, command: str = "xxgk") -> tuple[int, str]:
    """(exit status, one line) for an OSError.

    >>> import errno
    >>> explain(OSError(errno.ENOSPC, "No space left on device", "/data/out/facts.parquet"))
    (74, 'xxgk: cannot write /data/out/facts.parquet: the disk is full; free some space or choose another --out')
    """
    code, what, todo = _ADVICE.get(exc.errno, (IO_ERROR, exc.strerror or str(exc), "see above"))
    where = exc.filename or "the output folder"
    return code, f"{command}: cannot write {where}: {what}; {todo}"
