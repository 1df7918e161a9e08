"""Batches of parsed rows on disk, with a manifest of the files done: the resumable half of ingest."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.base.files import atomic_write
from analysis.dataset import schema

TABLES = ("reports", "facts", "flags", "failures")
BATCH = 200
_CODE = ("model.py", "pipeline.py", "read", "clean", "parse", "check", "vocab",
         "dataset/records.py")


def parser_signature() -> str:
    """A hash of the parsing code and vocabulary: parts made by another version are not reused."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for entry in _CODE:
        p = root / entry
        for f in sorted(p.rglob("*") if p.is_dir() else [p]):
            if f.suffix in (".py", ".csv", ".txt"):
                h.update(f.relative_to(root).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _stamp(path: str) -> str:
    st = Path(path).stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def write_part(root: Path, part: int, rows: dict[str, list[dict]]) -> None:
    """The four tables of one batch, each written atomically."""
    for t in TABLES:
        df = schema.conform(t, pd.DataFrame(rows.get(t, [])))
        atomic_write(Path(root) / f"{t}-{part:05d}.parquet", lambda p, d=df: d.to_parquet(p))


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


class PartStore:
    def __init__(self, root: Path, fresh: bool = False):
        self.root = Path(root)
        sig = parser_signature()
        sig_file = self.root / "signature"
        if fresh or not sig_file.exists() or sig_file.read_text() != sig:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root.mkdir(parents=True)
            sig_file.write_text(sig)
        self.manifest = self.root / "done.csv"
        self.done: dict[str, tuple[str, int]] = {}  # path -> (stamp, part)
        if self.manifest.exists():
            with open(self.manifest, encoding="utf-8", newline="") as f:
                for row in csv.reader(f):
                    self.done[row[0]] = (row[1], int(row[2]))
        self.next_part = 1 + max((p for _, p in self.done.values()), default=-1)
        self.buffer: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.pending: list[str] = []

    def is_done(self, path: str) -> bool:
        entry = self.done.get(path)
        return entry is not None and Path(path).exists() and entry[0] == _stamp(path)

    def add(self, result: dict) -> None:
        rows, paths = collect([result])
        for t in TABLES:
            self.buffer[t].extend(rows[t])
        self.pending.extend(paths)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        part = self.take_part()
        write_part(self.root, part, self.buffer)
        self.record(part, self.pending)
        self.buffer = {t: [] for t in TABLES}
        self.pending = []

    def take_part(self) -> int:
        """A new part number (for this process or for a worker that writes the part itself)."""
        self.next_part += 1
        return self.next_part - 1

    def record(self, part: int, paths: list[str]) -> None:
        """Mark `paths` done in `part`, once that part's files are on disk."""
        lines = [(p, _stamp(p), part) for p in paths if Path(p).exists()]
        with open(self.manifest, "a", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(lines)
        for p, stamp, k in lines:
            self.done[p] = (stamp, k)

    def arrow_tables(self, table: str, paths: set[str]) -> Iterator[pa.Table]:
        """As `frames`, as Arrow tables: no pandas copies, for streaming large tables."""
        for part, current in self._current(paths):
            f = self.root / f"{table}-{part:05d}.parquet"
            if f.exists():
                t = pq.read_table(f)
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
            f = self.root / f"{table}-{part:05d}.parquet"
            if f.exists():
                df = pd.read_parquet(f)
                yield df[df["path"].isin(current).astype(bool)] if len(df) else df
