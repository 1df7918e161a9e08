"""Errors that speak to a person: what happened, where, what to do, and a distinct exit status.

Commands catch `OSError` at their top and print `explain(exc)`: one line instead of a traceback for
a full disk, a read-only folder, a missing permission or an output path that is a file.
"""

from __future__ import annotations

import errno
import sys

# exit statuses shared by every command
OK, FAILED, USAGE = 0, 1, 2
NO_INPUT = 66  # nothing to read (sysexits EX_NOINPUT)
NO_SPACE, NOT_PERMITTED, IO_ERROR = 74, 77, 75
UNAVAILABLE = 69  # a --scheduler that does not answer (sysexits EX_UNAVAILABLE)
INTERRUPTED = 130  # 128 + SIGINT; a SIGTERM gives 143

_ADVICE = {
    errno.ENOSPC: (NO_SPACE, "the disk is full", "free some space or choose another --out"),
    errno.EDQUOT: (NO_SPACE, "the disk quota is used up",
                   "free some space or choose another --out"),
    errno.EROFS: (NOT_PERMITTED, "the folder is on a read-only file system",
                  "choose a writable --out"),
    errno.EACCES: (NOT_PERMITTED, "permission denied", "check the folder's permissions or choose "
                                                       "another --out"),
    errno.EPERM: (NOT_PERMITTED, "operation not permitted", "check the folder's permissions"),
    errno.EEXIST: (USAGE, "a file is in the way where a folder is needed",
                   "give --out a folder, or move the file"),
    errno.ENOTDIR: (USAGE, "a file is in the way where a folder is needed",
                    "give --out a folder, or move the file"),
    errno.EISDIR: (USAGE, "it is a folder where a file is needed", "move the folder away"),
    errno.EMFILE: (IO_ERROR, "too many open files",
                   "raise the limit (ulimit -n) or use fewer --jobs"),
}
_WHOLE_BATCH = {errno.ENOSPC, errno.EDQUOT}  # no job after this one can write either


def stops_batch(exc: BaseException) -> bool:
    """Whether `exc` ends the whole batch instead of one job (a full disk: every job that
    follows would fail the same way, each with its own traceback line).

    >>> stops_batch(OSError(errno.ENOSPC, "No space left on device")), stops_batch(KeyError("x"))
    (True, False)
    """
    return isinstance(exc, OSError) and exc.errno in _WHOLE_BATCH


_READING = {
    errno.EACCES: "check the permissions of the input files and folders",
    errno.EPERM: "check the permissions of the input files and folders",
    errno.ENOENT: "check the path",
    errno.ELOOP: "fix the symbolic link",
}


def explain(exc: OSError, command: str = "xxgk", action: str = "write") -> tuple[int, str]:
    """(exit status, one line) for an OSError met while doing `action` (write or read).

    >>> import errno
    >>> explain(OSError(errno.ENOSPC, "No space left on device", "/data/out/facts.parquet"))
    (74, 'xxgk: cannot write /data/out/facts.parquet: the disk is full; free some space or choose another --out')
    >>> explain(FileExistsError(errno.EEXIST, "File exists", "out"), "xxgk ingest")
    (2, 'xxgk ingest: cannot write out: a file is in the way where a folder is needed; give --out a folder, or move the file')
    >>> explain(PermissionError(errno.EACCES, "Permission denied", "in/a"), action="read")[1]
    'xxgk: cannot read in/a: permission denied; check the permissions of the input files and folders'
    """
    code, what, todo = _ADVICE.get(exc.errno, (IO_ERROR, exc.strerror or str(exc), "check the path and try again"))
    if action != "write":
        todo = _READING.get(exc.errno, todo)
    where = exc.filename or ("the output folder" if action == "write" else "the input")
    return code, f"{command}: cannot {action} {where}: {what}; {todo}"


def said(exc: OSError, command: str) -> int:
    """Print `explain(exc, command)`'s line on stderr and return its exit status: the top of every
    command that writes (`except OSError as exc: return said(exc, "xxgk brief")`)."""
    code, line = explain(exc, command)
    print(line, file=sys.stderr)
    return code
