"""`xxgk ingest PATH... --out DIR`: files or folders -> the dataset, in parallel, resumable.

Parsed rows are streamed to DIR/.parts/ in batches with a manifest of the files done, so an
interrupted run resumes without reparsing them and memory does not grow with the corpus. The final
tables are then assembled, duplicate agency-years merged, cross-report checks run, and every table
written atomically.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.base import executor
from analysis.dataset import assemble, parts
from analysis.dataset.records import process
from analysis.parse import agency as agencies
from analysis.read import form_of

REGISTRY_NAME = "agencies.csv"
# Forms reports are published in that this version cannot read: listed as failures, not skipped.
UNREADABLE = {".doc", ".docx", ".wps", ".rtf", ".odt", ".ofd", ".xls", ".xlsx", ".et", ".jpg",
              ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff"}


@dataclass
class Summary:
    files: int
    reports: int
    facts: int
    flags: int
    failures: int
    skipped: int  # done in an earlier, interrupted run and not parsed again
    seconds: float
    out: Path

    def line(self) -> str:
        return (f"ingested {self.files} file(s): {self.reports} report(s), {self.facts} fact(s), "
                f"{self.flags} flag(s), {self.failures} failure(s)"
                + (f", {self.skipped} resumed" if self.skipped else "")
                + f" in {self.seconds:.1f}s -> {self.out}")


def collect(paths: list[str | Path]) -> tuple[list[str], list[dict], list[Path]]:
    """(report files, failures for named files we cannot take, registry files found)."""
    files, failures, registries = [], [], []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or not f.is_file():
                    continue
                if f.name == REGISTRY_NAME:
                    registries.append(f)
                elif form_of(f) and f.name.lower() not in ("readme.md", "readme.txt"):
                    files.append(str(f))
                elif f.suffix.lower() in UNREADABLE:
                    failures.append(_unsupported(f))
        elif p.is_file():
            if form_of(p):
                files.append(str(p))
            else:
                failures.append(_unsupported(p))
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return list(dict.fromkeys(files)), failures, registries


def _unsupported(p: Path) -> dict:
    return {"path": str(p), "stage": "read",
            "reason": f"unsupported file type {p.suffix or '(none)'} (text, Markdown, HTML, PDF)"}


def _registry_rows(registries: list[Path]) -> list[dict]:
    rows = []
    for r in registries:
        with open(r, encoding="utf-8") as f:
            rows += list(csv.DictReader(f))
    return rows


def _init_worker(rows: list[dict]) -> None:
    agencies.register(rows)


def _batch(args: tuple[list[str], str, int]) -> tuple[int, list[str]]:
    """In a worker: parse a batch and write its part files; only the paths travel back."""
    paths, root, part = args
    rows, done = parts.collect([process(p) for p in paths])
    parts.write_part(Path(root), part, rows)
    return part, done


def _run_parallel(todo: list[str], jobs: int, rows: list[dict], store, bar) -> None:
    size = max(1, min(parts.BATCH, len(todo) // (jobs * 4) or 1))
    batches = [(todo[i:i + size], str(store.root), store.take_part())
               for i in range(0, len(todo), size)]
    with executor.pool(jobs, initializer=_init_worker, initargs=(rows,)) as pool:
        for part, done in pool.map(_batch, batches):
            store.record(part, done)
            if bar:
                bar.update(len(done))


def _run_serial(todo: list[str], rows: list[dict], store, bar) -> None:
    _init_worker(rows)
    try:
        for path in todo:
            store.add(process(path))
            if bar:
                bar.update()
    finally:  # on Ctrl-C too: what was parsed is kept, and the next run resumes after it
        store.flush()


def ingest(paths: list[str | Path], out: str | Path, jobs: int = 1, strict: bool = False,
           progress: bool = True, resume: bool = True) -> Summary:
    """Parse every report under `paths` into the dataset folder `out`; returns the summary."""
    t0 = time.perf_counter()
    out = Path(out)
    files, failures, registries = collect(paths)
    rows = _registry_rows(registries)
    store = parts.PartStore(out / ".parts", fresh=not resume)
    todo = [f for f in files if not store.is_done(f)]
    skipped = len(files) - len(todo)
    bar = None
    if progress and len(todo) >= 20:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="report", file=sys.stderr, leave=False)
    if jobs > 1 and len(todo) >= 4 * jobs:
        _run_parallel(todo, jobs, rows, store, bar)  # workers write their own parts
    else:
        _run_serial(todo, rows, store, bar)
    if bar:
        bar.close()
    agencies.register(rows)
    counts = assemble.build(out, store, files, failures)
    return Summary(files=len(files) + len(failures), skipped=skipped,
                   seconds=time.perf_counter() - t0, out=out, **counts)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="report files or folders (searched recursively)")
    p.add_argument("--out", required=True, help="dataset folder to write")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any file failed")
    p.add_argument("--no-resume", action="store_true", help="reparse every file")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    try:
        summary = ingest(args.paths, args.out, jobs=args.jobs, progress=not args.quiet,
                         resume=not args.no_resume)
    except FileNotFoundError as exc:
        print(f"xxgk ingest: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("xxgk ingest: interrupted; the files parsed so far are kept in "
              f"{Path(args.out) / '.parts'}: run the same command again to resume", file=sys.stderr)
        return 130
    print(summary.line())
    if summary.failures:
        print(f"  failures listed in {Path(args.out) / 'failures.csv'}")
    return 1 if args.strict and summary.failures else 0
