"""Every input path accounted for: a report file to parse, a failure with its cause, or a skip.

The accounting rule of `xxgk ingest`: inputs = reports in the dataset (or merged into one as a
duplicate) + failures + declared skips. A **declared skip** is a file that is not a report and is
passed over on purpose, listed in the summary and in `skipped.csv`:
- `agencies.csv`, the agency registry (read as the registry, not as a report);
- README files (`README`, `README.md`, `readme.txt`…): notes about the corpus;
- hidden files and folders (name starting with `.`): editor, version-control and system files;
- the output folder, when it lies inside an input folder (the dataset is not read back as input);
- a folder reached a second time through a symbolic link (its files are counted once);
- a simulated corpus's ground truth: a folder `truth/` holding `files.csv` and `facts.csv` (what
  `xxgk evaluate --truth` reads, not reports).
Everything else that is not read ends up in failures with the cause: a folder that cannot be
listed, a FIFO or device, a broken or looping symbolic link, a file name that is not UTF-8, a type
that is not a report (`.json`, `.py`), a Word 97 / WPS file (with how to convert it), an image.

A symbolic link found inside an input folder that leads outside every input named (a link to
/etc/passwd, to a colleague's home) is not followed: it is a failure line saying where it leads,
unless `follow_links` (`--follow-links`) is given, and then `Inputs.outside` lists such links so
the summary can say so. Paths named on the command line are read wherever they lead.
"""

from __future__ import annotations

import csv
import errno
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analysis.base.files import not_regular
from analysis.base.safepaths import is_utf8_name, printable
from analysis.parse.agency import RegistryError, check_rows
from analysis.read import FORMS, form_of

REGISTRY_NAME = "agencies.csv"
SKIPS = {"registry": "agency registry (read as the registry, not as a report)",
         "readme": "README (notes about the corpus)",
         "hidden": "hidden file or folder",
         "output": "the output folder (not read back as input)",
         "repeat": "folder already read as",
         "truth": "ground truth of a simulated corpus (read by xxgk evaluate, not a report)"}
TRUTH_FILES = ("files.csv", "facts.csv")
_IMAGES = {".gif"}  # the other images are read (OCR)


class MissingInput(FileNotFoundError):
    """A path named on the command line does not exist (a usage error)."""

    def __str__(self) -> str:
        return f"no such file or folder: {self.filename}; check the path"


@dataclass
class Inputs:
    """What `collect` found: files to parse, failures (path, stage, reason), declared skips
    (path, reason) and registry files."""

    files: list[str] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    skips: list[dict] = field(default_factory=list)
    registries: list[Path] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # links followed out of the inputs

    def fail(self, path: str | Path, reason: str) -> None:
        self.failures.append({"path": printable(path), "stage": "input", "reason": reason})

    def skip(self, path: str | Path, kind: str, detail: str = "") -> None:
        """A declared skip of `kind` (a key of SKIPS)."""
        self.skips.append({"path": printable(path), "kind": kind,
                           "reason": SKIPS[kind] + (f" {detail}" if detail else "")})

    def skip_counts(self) -> dict[str, int]:
        return dict(Counter(s["kind"] for s in self.skips))


def _type_failure(p: Path) -> str | None:
    """Why a regular file is not read, or None for a report file."""
    suffix = p.suffix.lower()
    if form_of(p):
        return None
    if suffix in _IMAGES:
        return "a GIF image: save it as .png (images are read by OCR from .png, .jpg, .tif, .bmp, .webp)"
    kinds = " ".join(sorted(FORMS))
    return f"unsupported file type {suffix or '(no extension)'}: reports are read from {kinds}"


def _name_failure(p: Path) -> str | None:
    if is_utf8_name(p):
        return None
    raw = os.fsencode(p.name)
    try:
        hint = f" (read as GB18030 it is '{raw.decode('gb18030')}')"
    except UnicodeDecodeError:
        hint = ""
    return f"file name is not UTF-8{hint}: rename the file to read it"


def _stat_failure(p: Path, exc: OSError) -> str:
    """Why `os.stat` (which follows links) failed on an existing path, in words."""
    if not p.is_symlink():
        return f"cannot read its details: {exc.strerror}"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link never reaches a file"
    return f"broken symbolic link: its target {printable(os.readlink(p))} does not exist"


class _Walk:
    def __init__(self, acc: Inputs, out: Path | None, roots: list[Path], follow: bool):
        self.acc, self.out = acc, out
        self.roots, self.follow = roots, follow  # the inputs named, resolved
        self.seen: dict[tuple[int, int], str] = {}  # folders read: (device, inode) -> path

    def leaves(self, p: Path) -> bool:
        """Whether `p`, a symbolic link, leads outside every input named (a failure line unless
        links are followed, then noted)."""
        target = p.resolve()
        if any(target == r or r in target.parents for r in self.roots):
            return False
        if self.follow:
            self.acc.outside.append(printable(p))
            return False
        self.acc.fail(p, f"symbolic link to {printable(target)}, outside the input folders: not "
                         "followed (--follow-links reads it)")
        return True

    def folder(self, d: Path, st: os.stat_result, ancestors: frozenset) -> None:
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            self.acc.fail(d, "symbolic link loop: it leads back to a folder that contains it")
            return
        if key in self.seen:
            self.acc.skip(d, "repeat", self.seen[key])
            return
        if self.out is not None and d.resolve() == self.out:
            self.acc.skip(d, "output")
            return
        if d.name == "truth" and all((d / f).is_file() for f in TRUTH_FILES):
            self.acc.skip(d, "truth")
            return
        self.seen[key] = printable(d)
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as exc:
            self.acc.fail(d, f"cannot list the folder: {exc.strerror} (its files are not read)")
            return
        for e in entries:
            self.entry(Path(e.path), ancestors | {key})

    def entry(self, p: Path, ancestors: frozenset) -> None:
        if p.name.startswith("."):
            self.acc.skip(p, "hidden")
            return
        try:
            st = os.stat(p)  # follows symbolic links
        except OSError as exc:
            self.acc.fail(p, _stat_failure(p, exc))
            return
        if p.is_symlink() and self.leaves(p):
            return
        if stat.S_ISDIR(st.st_mode):
            self.folder(p, st, ancestors)
        else:
            self.file(p, st)

    def file(self, p: Path, st: os.stat_result, named: bool = False) -> None:
        kind = not_regular(st)
        reason = (f"not a regular file: {kind}" if kind else None) or _name_failure(p)
        if reason:
            self.acc.fail(p, reason)
        elif p.name == REGISTRY_NAME:
            self.acc.registries.append(p)
            self.acc.skip(p, "registry")
        elif p.stem.lower() == "readme" and not named:
            self.acc.skip(p, "readme")
        elif (why := _type_failure(p)) is not None:
            self.acc.fail(p, why)
        else:
            self.acc.files.append(str(p))


def collect(paths: list[str | Path], out: str | Path | None = None,
            follow_links: bool = False) -> Inputs:
    """Sort every file under `paths` into files to parse, failures and declared skips.

    A path named on the command line that does not exist raises MissingInput (a usage error);
    a file named explicitly is read even if it is hidden or a README. A link inside a folder
    that leads out of every path named is a failure unless `follow_links`.
    """
    acc = Inputs()
    roots = [Path(p).resolve() for p in paths]
    walk = _Walk(acc, Path(out).resolve() if out is not None else None, roots, follow_links)
    for p in map(Path, paths):
        if not p.exists() and not p.is_symlink():
            raise MissingInput(errno.ENOENT, "no such file or folder", str(p))
        try:
            st = os.stat(p)
        except OSError as exc:
            acc.fail(p, _stat_failure(p, exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            walk.folder(p, st, frozenset())
        else:
            walk.file(p, st, named=True)
    acc.files = list(dict.fromkeys(acc.files))
    return acc


def read_registries(files: list[Path]) -> list[dict[str, str]]:
    """The rows of the `agencies.csv` files found beside the corpus, checked (RegistryError names
    the file and row of an unsafe id, a missing column or a file that is not UTF-8)."""
    rows: list[dict[str, str]] = []
    for f in files:
        try:
            with open(f, encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                found = [dict(r) for r in reader]
                missing = {"agency_id", "name"} - set(reader.fieldnames or [])
        except OSError as exc:
            raise RegistryError(f"{printable(f)}: cannot read it: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise RegistryError(f"{printable(f)}: not UTF-8 (byte {exc.start}); save it as "
                                "UTF-8") from None
        if missing:
            raise RegistryError(f"{printable(f)}: no column {', '.join(sorted(missing))} "
                                "(expected agency_id,name,aliases,level,parent)")
        rows += check_rows(found, printable(f))
    return rows
