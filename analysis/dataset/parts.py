"""Batches of parsed rows on disk, each with a checked manifest: the resumable half of ingest.

`DIR/.parts/` holds, for each batch (part) `k`:
- `reports-0000k.parquet`, `facts-…`, `flags-…`, `failures-…`: the batch's rows, one file per table;
- `part-0000k.json`: its manifest, written last: the files parsed (path, size:mtime stamp taken
  before parsing) and each table file's sha256, with a checksum of the manifest itself.
Every file is written atomically. A part counts only when its manifest is whole and every table file
matches its checksum: a part cut short, deleted or left half-written by a killed run is removed and
its files are parsed again, and `notes` says so (the summary prints it). Parts made by another
version of the parser are not reused (`signature`).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.base.files import PACKAGE, atomic_write, package_files, stale_temps, write_text
from analysis.dataset import schema

TABLES = ("reports", "facts", "flags", "failures")
BATCH = 200
FORMAT = "parts-2"  # the layout above; part of the signature
_CODE = ("model.py", "pipeline.py", "read", "clean", "parse", "check", "vocab",
         "dataset/records.py", "dataset/parts.py")
_PART_FILE = re.compile(r"^(?:part|reports|facts|flags|failures)-(\d{5,})\.(?:json|parquet)$")


def parser_signature() -> str:
    """A hash of the parsing code and vocabulary: parts made by another version are not reused."""
    h = hashlib.sha256(FORMAT.encode())
    for f in package_files(_CODE, (".py", ".csv", ".txt")):
        h.update(f.relative_to(PACKAGE).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def stamp(path: str) -> str | None:
    """size:mtime of a file, or None when it is gone; a changed stamp means parse it again."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest_bytes(body: dict) -> bytes:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    return json.dumps({"body": body, "sha256": _digest(text.encode("utf-8"))},
                      ensure_ascii=False, sort_keys=True).encode("utf-8")


def write_part(root: Path, part: int, rows: dict[str, list[dict]],
               files: list[tuple[str, str | None]]) -> None:
    """The four tables of one batch, then its manifest naming `files` (path, stamp) as done."""
    root = Path(root)
    sums = {}
    for t in TABLES:
        buf = io.BytesIO()
        schema.conform(t, pd.DataFrame(rows.get(t, []))).to_parquet(buf)
        data = buf.getvalue()
        sums[t] = _digest(data)
        atomic_write(root / f"{t}-{part:05d}.parquet", lambda p, d=data: p.write_bytes(d))
    body = {"part": part, "files": [[p, s] for p, s in files], "tables": sums}
    atomic_write(root / f"part-{part:05d}.json", lambda p: p.write_bytes(_manifest_bytes(body)))


def collect(results: list[dict]) -> tuple[dict[str, list[dict]], list[str]]:
    """Rows per table, and the paths, of a batch of `records.process` results."""
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    paths = []
    for result in results:
        if "failure" in result:
            rows["failures"].append(result["failure"])
            paths.append(result["failure"]["path"])
        else:
            for t in ("reports", "facts", "flags"):
                rows[t].extend(result[t])
            paths.append(result["reports"][0]["path"])
    return rows, paths


def _read_manifest(manifest: Path) -> dict | None:
    """The manifest's body, or None when it is cut short or altered."""
    try:
        outer = json.loads(manifest.read_bytes().decode("utf-8"))
        body = outer["body"]
        text = json.dumps(body, ensure_ascii=False, sort_keys=True)
        if _digest(text.encode("utf-8")) == outer["sha256"] and isinstance(body["part"], int):
            return body
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _problem(root: Path, body: dict) -> str:
    """What is wrong with a part's table files ('' when each matches its checksum)."""
    for t, want in body["tables"].items():
        f = root / f"{t}-{body['part']:05d}.parquet"
        if not f.exists():
            return f"{f.name} is missing"
        if _digest(f.read_bytes()) != want:
            return f"{f.name} is damaged"
    return ""


@dataclass
class PartStore:
    """The parts folder of one output folder. Use it only while holding the folder's lock."""

    root: Path
    fresh: bool = False
    registry: list[dict] = field(default_factory=list)  # the agency registry the parser uses
    done: dict[str, tuple[str, int]] = field(default_factory=dict)  # path -> (stamp, part)
    notes: list[str] = field(default_factory=list)  # what was found damaged or left over
    next_part: int = 0

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        sig = parser_signature()
        if self.registry:  # agency ids are given while parsing: another registry, another parse
            rows = json.dumps(self.registry, ensure_ascii=False, sort_keys=True, default=str)
            sig += "-" + _digest(rows.encode("utf-8", "surrogateescape"))[:16]
        sig_file = self.root / "signature"
        current = sig_file.read_text(errors="replace") if sig_file.exists() else None
        if self.fresh or current != sig:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root.mkdir(parents=True)
            write_text(sig_file, sig)
        self._load()

    def _load(self) -> None:
        numbers, whole = [-1], set()
        for f in sorted(self.root.glob("part-*.json")):
            body = _read_manifest(f)
            problem = _problem(self.root, body) if body else f"{f.name} is damaged"
            if problem:
                n = f" {len(body['files'])}" if body else ""
                self.notes.append(f"{f.stem} was damaged ({problem}): its{n} file(s) are parsed "
                                  "again")
                f.unlink()
                continue
            whole.add(body["part"])
            for path, st in body["files"]:
                if path not in self.done or self.done[path][1] < body["part"]:
                    self.done[path] = (st, body["part"])
        orphans, temps = 0, set(stale_temps(self.root))
        for f in sorted(self.root.iterdir()):
            m = _PART_FILE.match(f.name)
            if m:
                numbers.append(int(m.group(1)))
            if (m and int(m.group(1)) not in whole) or f in temps:
                f.unlink()  # a table without its manifest, or a temp file: from a killed run
                orphans += 1
        if orphans:
            self.notes.append(f"removed {orphans} file(s) of unfinished or damaged parts in "
                              f"{self.root.name}/ (an interrupted run's; their files are parsed "
                              "again)")
        self.next_part = max(numbers) + 1

    def is_done(self, path: str) -> bool:
        entry = self.done.get(path)
        return entry is not None and entry[0] is not None and entry[0] == stamp(path)

    def take_part(self) -> int:
        """A new part number (for this process or for a worker that writes the part itself)."""
        self.next_part += 1
        return self.next_part - 1

    def record(self, part: int, files: list[tuple[str, str | None]]) -> None:
        """Mark `files` (path, stamp) done in `part`, whose files a worker has written."""
        for p, st in files:
            self.done[p] = (st, part)

    def arrow_tables(self, table: str, paths: set[str]) -> Iterator[pa.Table]:
        """As `frames`, as Arrow tables: no pandas copies, for streaming large tables."""
        for part, current in self._current(paths):
            t = pq.read_table(self.root / f"{table}-{part:05d}.parquet")
            yield t.filter(pc.is_in(t["path"], pa.array(sorted(current), pa.string())))

    def _current(self, paths: set[str]) -> Iterator[tuple[int, set[str]]]:
        by_part: dict[int, set[str]] = {}
        for p in paths:
            entry = self.done.get(p)
            if entry:
                by_part.setdefault(entry[1], set()).add(p)
        yield from sorted(by_part.items())

    def frames(self, table: str, paths: set[str]) -> Iterator[pd.DataFrame]:
        """Each part's rows of `table` for the current version of each path in `paths`."""
        for part, current in self._current(paths):
            df = pd.read_parquet(self.root / f"{table}-{part:05d}.parquet")
            yield df[df["path"].isin(current).astype(bool)] if len(df) else df
