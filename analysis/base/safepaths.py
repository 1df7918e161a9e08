"""Names that come from data (agency ids, notebook parameters) and the paths built from them.

Text scraped from the open web ends up in file names. Two rules keep every output inside the folder
the user named: an id must match `SAFE_ID` when it is read, and every path is resolved and checked to
lie under its root before anything is written or removed there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")  # used with fullmatch: `$` lets "x\n" pass


class UnsafePath(ValueError):
    """A name or path that would leave its output folder; the message names it."""


def check_id(value: str, what: str = "id") -> str:
    """`value` if it is a safe file-name id (letters, digits, `_ . -`, not starting with `.` or `-`,
    no `..`), else UnsafePath.

    >>> check_id("gd-sz-gov")
    'gd-sz-gov'
    >>> check_id("../../tmp/victim")
    Traceback (most recent call last):
    ...
    analysis.base.safepaths.UnsafePath: unsafe id '../../tmp/victim': use letters, digits, _ . - (not starting with . or -)
    """
    if not isinstance(value, str) or not SAFE_ID.fullmatch(value) or ".." in value:
        raise UnsafePath(f"unsafe {what} {value!r}: use letters, digits, _ . - "
                         f"(not starting with . or -)")
    return value


def inside(root: str | os.PathLike, *parts: str | os.PathLike) -> Path:
    """`root / parts…`, resolved, and guaranteed to lie under the resolved `root` (symlinks followed).

    >>> import tempfile
    >>> root = tempfile.mkdtemp()
    >>> inside(root, "a", "b.html").name
    'b.html'
    >>> inside(root, "..", "x")
    Traceback (most recent call last):
    ...
    analysis.base.safepaths.UnsafePath: ../x leaves the output folder ...
    """
    base = Path(root).resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        rel = os.path.join(*map(str, parts)) if parts else "."
        raise UnsafePath(f"{rel} leaves the output folder {base}")
    return target


def printable(path: str | os.PathLike) -> str:
    """A path as text that can be written anywhere (UTF-8): bytes of a file name that are not
    UTF-8 (Python keeps them as surrogates) are shown as \\xNN.

    >>> printable(os.fsdecode(b"/in/\\xb1\\xa8\\xb8\\xe6.txt"))
    '/in/\\\\xb1\\\\xa8\\\\xb8\\\\xe6.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def is_utf8_name(path: str | os.PathLike) -> bool:
    """False when the path holds bytes that are not UTF-8 (a GBK file name on a UTF-8 system)."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
