"""`xxgk ingest PATH... --out DIR`: files or folders -> the dataset; parallel, resumable, one writer.

The run holds a lock on DIR (a second run says who holds it and stops), removes what a killed run
left (temporary files, unfinished parts), sorts every input into report files, failures and declared
skips (`inputs.py`), parses the report files in batches that are written to DIR/.parts/ with
checksums (`batch.py`, `parts.py`), so an interrupted run resumes without reparsing them and memory
does not grow with the corpus, then assembles the final tables, merges duplicate agency-years, runs
the cross-report checks and writes every table atomically (or, when the inputs' key recorded in
datapackage.json is unchanged and every table still matches its checksum, keeps them as they
are). Finally it checks that every input is accounted for: in the dataset, in failures.csv or in
skipped.csv.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.base import errors, executor
from analysis.base.executor import SchedulerError
from analysis.base.files import stale_temps
from analysis.base.lock import FolderLock, FolderLocked, describe
from analysis.base.sheets import restore, write_csv
from analysis.dataset import assemble, package, parts
from analysis.dataset.batch import TIME_LIMIT, Done, Job, run_all
from analysis.dataset.inputs import Inputs, MissingInput, collect, read_registries
from analysis.dataset.store import FILES
from analysis.parse import agency as agencies
from analysis.parse.agency import RegistryError
from analysis.read import FORMS

SKIPPED = "skipped.csv"


class NoInput(ValueError):
    """Nothing that could be a report was found; the message names where we looked."""


@dataclass
class Summary:
    files: int  # every path found: report files, failures at input and declared skips
    reports: int
    facts: int
    flags: int
    failures: int
    skipped: int  # declared skips (see inputs.py)
    resumed: int  # report files done in an earlier, interrupted run and not parsed again
    merged: int  # report files merged into another report of the same agency-year
    seconds: float
    out: Path
    notes: list[str] = field(default_factory=list)  # damage repaired, lock taken over, ...
    skip_kinds: dict[str, int] = field(default_factory=dict)  # declared skips by kind
    unaccounted: list[str] = field(default_factory=list)  # inputs found nowhere (a bug)

    def line(self) -> str:
        return (f"ingested {self.files} file(s): {self.reports} report(s), {self.facts} "
                f"fact(s), {self.flags} flag(s), {self.failures} failure(s), {self.skipped} "
                f"skipped" + (f", {self.merged} duplicate file(s) merged" if self.merged else "")
                + (f", {self.resumed} resumed" if self.resumed else "")
                + f" in {self.seconds:.1f}s -> {self.out}")


def _housekeeping(out: Path, lock: FolderLock) -> list[str]:
    """Say what a dead run left and remove its temporary files (we hold the lock)."""
    notes = []
    if lock.stale:
        notes.append(f"took over the lock of {describe(lock.stale)}, which is no longer running")
    temps = stale_temps(out, {*FILES.values(), *package.VOCAB.values(), package.NAME, SKIPPED})
    for f in temps:
        f.unlink(missing_ok=True)
    if temps:
        notes.append(f"removed {len(temps)} temporary file(s) an interrupted run left in {out}")
    if package.swap(out):
        notes.append("finished moving in the dataset an interrupted run had written whole")
    return notes


def _jobs(todo: list[str], jobs: int, store: parts.PartStore, registry: list[dict],
          limit: float | None) -> list[Job]:
    size = parts.BATCH if jobs <= 1 else max(1, min(parts.BATCH, len(todo) // (jobs * 4) or 1))
    root = str(store.root.absolute())  # as a worker elsewhere (--scheduler) finds it
    return [Job(tuple(todo[i:i + size]), root, store.take_part(), registry, limit)
            for i in range(0, len(todo), size)]


def _account(out: Path, inputs: Inputs) -> tuple[int, list[str]]:
    """(report files merged as duplicates, inputs found in none of the dataset's lists)."""
    reports = pd.read_parquet(out / FILES["reports"], columns=["path", "also_paths"])
    also = [p for cell in reports["also_paths"].dropna() for p in cell.split(" | ") if p]
    failures = pd.read_csv(out / FILES["failures"], dtype=str, keep_default_na=False,
                           encoding="utf-8-sig")  # with or without a BOM, neutralised or not
    failed = set(failures["path"].map(restore))
    found = set(reports["path"]) | set(also) | failed | {s["path"] for s in inputs.skips}
    everything = inputs.files + [f["path"] for f in inputs.failures]
    return len(set(also)), sorted(set(everything) - found)


def _write_skips(out: Path, inputs: Inputs) -> None:
    write_csv(out / SKIPPED, pd.DataFrame(inputs.skips, columns=["path", "kind", "reason"]))


def ingest(paths: list[str | Path], out: str | Path, jobs: int = 1, strict: bool = False,
           progress: bool = True, resume: bool = True, time_limit: float | None = TIME_LIMIT,
           executor: Executor | None = None, follow_links: bool = False) -> Summary:
    """Parse every report under `paths` into the dataset folder `out`; returns the summary.

    Raises FolderLocked (another run writes `out`), NoInput, RegistryError, FileNotFoundError (a
    named path is missing) and OSError (disk full, permissions): `run` turns each into one line.
    """
    t0 = time.perf_counter()
    out = Path(out)
    with FolderLock(out, "xxgk ingest") as lock:
        notes = _housekeeping(out, lock)
        inputs = collect(paths, out, follow_links)
        if inputs.outside:
            notes.append(f"followed {len(inputs.outside)} symbolic link(s) out of the input "
                         f"folders (--follow-links): {'; '.join(inputs.outside[:3])}")
        if not inputs.files and not inputs.failures:
            raise NoInput(f"no report files found in {', '.join(map(str, paths))} (reports are "
                          f"{' '.join(sorted(FORMS))}); nothing written")
        registry = read_registries(inputs.registries)
        store = parts.PartStore(out / ".parts", fresh=not resume, registry=registry)
        notes += store.notes
        todo = [f for f in inputs.files if not store.is_done(f)]
        _parse(_jobs(todo, jobs, store, registry, time_limit), jobs, store, executor,
               _bar(len(todo)) if progress else None)
        agencies.use(registry, "agencies.csv")
        key = assemble.inputs_key(store, inputs.files, inputs.failures, registry)
        counts = assemble.kept(out, key)
        if counts is None:
            counts = assemble.build(out, store, inputs.files, inputs.failures,
                                    workers=1 if executor else jobs, key=key)
        else:
            notes.append("nothing changed since the dataset was last assembled: its tables "
                         "were checked and kept as they are")
        _write_skips(out, inputs)
        merged, unaccounted = _account(out, inputs)
    return Summary(files=len(inputs.files) + len(inputs.failures) + len(inputs.skips),
                   skipped=len(inputs.skips), resumed=len(inputs.files) - len(todo),
                   merged=merged, seconds=time.perf_counter() - t0, out=out, notes=notes,
                   skip_kinds=inputs.skip_counts(),
                   unaccounted=unaccounted, **counts)


def _parse(jobs: list[Job], workers: int, store: parts.PartStore, executor: Executor | None,
           bar) -> None:
    """Run the batches, recording each part as it comes back."""
    def done(result: Done) -> None:
        store.record(*result)
        if bar:
            bar.update(len(result[1]))

    try:
        run_all(jobs, workers, done, executor)
    finally:
        if bar:
            bar.close()


def _bar(total: int):
    if total < 20:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="report", file=sys.stderr, leave=False)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="report files or folders (searched recursively)")
    p.add_argument("--out", required=True, help="dataset folder to write")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any file failed")
    p.add_argument("--no-resume", action="store_true", help="reparse every file")
    p.add_argument("--time-limit", type=float, default=TIME_LIMIT, metavar="SECONDS",
                   help=f"per file; a slower file is listed as a failure (default {TIME_LIMIT:g}, "
                        "0 for none)")
    p.add_argument("--follow-links", action="store_true",
                   help="read what symbolic links inside the input folders lead to outside "
                        "them (by default such a link is a failure line)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="parse on a Dask cluster (pip install 'xxgk[cluster]'); the inputs and "
                        "--out must be at the same path on every worker (a shared file system)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


class Interrupted(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the run stops the same way: parts written are kept,
    workers are ended, the lock is let go."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Interrupted


def _report(summary: Summary, out: Path) -> None:
    print(summary.line())
    for note in summary.notes:
        print(f"  note: {note}")
    if summary.failures:
        print(f"  failures listed in {out / FILES['failures']}")
    if summary.skipped:
        kinds = ", ".join(f"{n} {kind}" for kind, n in summary.skip_kinds.items())
        print(f"  skipped on purpose ({kinds}) listed in {out / SKIPPED}")
    if summary.unaccounted:
        print(f"  warning: {len(summary.unaccounted)} input(s) are in no list (a bug, please "
              f"report it): {'; '.join(summary.unaccounted[:5])}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    cmd, out = "xxgk ingest", Path(args.out)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        summary = _run_on(args, out)
    except SchedulerError as exc:
        return _fail(f"{cmd}: {exc}", exc.status)
    except FolderLocked as exc:
        return _fail(str(exc), errors.USAGE)
    except (RegistryError, MissingInput) as exc:
        return _fail(f"{cmd}: {exc}", errors.USAGE)
    except NoInput as exc:
        return _fail(f"{cmd}: {exc}", errors.NO_INPUT)
    except OSError as exc:
        return _fail(*reversed(errors.explain(exc, cmd)))
    except KeyboardInterrupt as exc:
        signum = signal.SIGTERM if isinstance(exc, Interrupted) else signal.SIGINT
        return _fail(f"{cmd}: interrupted; the files parsed so far are kept in {out / '.parts'}: "
                     "run the same command again to resume", 128 + signum)
    finally:
        signal.signal(signal.SIGTERM, previous)
    _report(summary, out)
    if summary.unaccounted:
        return errors.FAILED
    return errors.FAILED if args.strict and summary.failures else errors.OK


def _run_on(args: argparse.Namespace, out: Path) -> Summary:
    """`ingest` here or in local processes, or on the cluster `--scheduler` names (checked
    before anything is written; the paths made absolute, as workers elsewhere see them)."""
    kw = dict(jobs=args.jobs, progress=not args.quiet, resume=not args.no_resume,
              time_limit=args.time_limit or None, follow_links=args.follow_links)
    if not getattr(args, "scheduler", None):
        return ingest(args.paths, out, **kw)
    executor.check_scheduler(args.scheduler)
    with executor.pool(scheduler=args.scheduler) as ex:
        kw["jobs"] = max(args.jobs, getattr(ex, "workers", 1))  # batches for every worker
        return ingest([os.path.abspath(p) for p in args.paths], out.absolute(), executor=ex, **kw)


def _fail(line: str, code: int) -> int:
    print(line, file=sys.stderr)
    return code
