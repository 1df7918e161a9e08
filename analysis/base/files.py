"""Atomic writes: a reader never sees half a file, an interrupted write leaves the old file whole.
Also the package's own files, for the hashes that tell one version of xxgk from another."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # the analysis package itself
_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write(path: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp_path)` on a temporary file beside `path`, then rename it onto `path`.

    The temporary file gets the usual permissions (mkstemp makes 0600) and is removed when `write`
    fails or the process is interrupted.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write(p, lambda t: t.write_text("数据", encoding="utf-8")).read_text(encoding="utf-8")
    '数据'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_UMASK)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `path` atomically."""
    return atomic_write(path, lambda p: p.write_text(text, encoding=encoding))


_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket",
          stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFDIR: "a folder", stat.S_IFLNK: "a symbolic link"}


def not_regular(st: os.stat_result) -> str | None:
    """What a non-regular file is, in words ("a FIFO (named pipe)"); None for a regular file.

    Reading a FIFO blocks for ever and a device never ends: check before opening.

    >>> not_regular(os.stat(".")), not_regular(os.stat(__file__))
    ('a folder', None)
    """
    return None if stat.S_ISREG(st.st_mode) else _KINDS.get(stat.S_IFMT(st.st_mode), "not a file")


def human_size(n: int) -> str:
    """>>> human_size(3 * 1024**3), human_size(52_428_800), human_size(900)
    ('3.0 GB', '50.0 MB', '900 bytes')
    """
    for unit, k in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= k:
            return f"{n / k:.1f} {unit}"
    return f"{n} bytes"


# mkstemp's names: the prefix, then 8 characters of this alphabet
_TEMP = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}$")


def stale_temps(folder: str | os.PathLike, names: set[str] | None = None) -> list[Path]:
    """Temporary files `atomic_write` left in `folder` when a run was killed mid-write
    (`.facts.parquet.k2j4_x9a`), for targets in `names` (any target when None).

    Remove them only while holding the folder's lock: another writer's temp looks the same.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for entry in os.scandir(folder):
        m = _TEMP.match(entry.name)
        if m and entry.is_file(follow_symlinks=False) and (names is None or m["name"] in names):
            out.append(Path(entry.path))
    return sorted(out)


def package_files(entries: tuple[str, ...], suffixes: set[str] | tuple[str, ...]) -> list[Path]:
    """The package's files with these suffixes under each of `entries` (a file or a folder,
    relative to the package; "" for all of it), entry after entry, each sorted; never a cache."""
    found: list[Path] = []
    for entry in entries:
        p = PACKAGE / entry
        found += sorted(f for f in (p.rglob("*") if p.is_dir() else [p])
                        if f.suffix in suffixes and "__pycache__" not in f.parts)
    return found
