"""`xxgk registry PATH… --out agencies.csv`: a starter registry for the agencies of a corpus.

The package ships the registry's format only (agency_id,name,aliases,level,parent); the agencies
are the corpus's own. This reads each report's title and signature (not its tables), groups the
reports by the agency's full name as signed, and writes one row per agency: a readable id (pinyin),
the other forms it signed with as aliases, and a level and parent guessed from the name, marked
for checking. Edit the file, put it beside the corpus, and `xxgk ingest` uses it.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

from analysis.base import errors
from analysis.base.files import write_text
from analysis.dataset.inputs import MissingInput, collect
from analysis.parse import agency
from analysis.parse.meta import detect
from analysis.read import ReadError, read_document

COLUMNS = ["agency_id", "name", "aliases", "level", "parent", "check", "years", "files"]
CHECK = "level and parent guessed from the name: check them"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="report files or folders (searched recursively)")
    p.add_argument("--out", required=True, help="the registry to write (agencies.csv)")


def agencies_of(paths: list[str | Path]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(registry rows, files not read with why) for the reports under `paths`, names as signed:
    any registry already there is not applied, so every agency is listed from its own reports."""
    inputs = collect(paths)
    seen: dict[str, dict] = defaultdict(lambda: {"raw": set(), "years": set(), "files": 0})
    failed = list(inputs.failures)
    agency.use([], "none")
    for path in inputs.files:
        try:
            meta = detect(read_document(path))
        except (ReadError, OSError) as exc:
            failed.append({"path": path, "reason": str(exc)})
            continue
        if not meta.agency:
            failed.append({"path": path, "reason": "no agency in the title or signature"})
            continue
        entry = seen[meta.agency]
        entry["raw"].add(meta.agency_raw)
        entry["files"] += 1
        if meta.year:
            entry["years"].add(meta.year)
    return _rows(seen), failed


def _rows(seen: dict[str, dict]) -> list[dict[str, str]]:
    rows, ids = [], set()
    for name in sorted(seen):
        e, rid = seen[name], agency.readable_id(name)
        n, base = 2, rid
        while rid in ids:
            rid, n = f"{base}-{n}", n + 1
        ids.add(rid)
        rows.append({"agency_id": rid, "name": name,
                     "aliases": "|".join(sorted(a for a in e["raw"] if a and a != name)),
                     "level": agency.guess_level(name), "parent": agency.guess_parent(name),
                     "check": CHECK, "years": " ".join(map(str, sorted(e["years"]))),
                     "files": str(e["files"])})
    return rows


def run(args: argparse.Namespace) -> int:
    try:
        rows, failed = agencies_of(args.paths)
    except MissingInput as exc:
        print(f"xxgk registry: {exc}", file=sys.stderr)
        return errors.USAGE
    buf = io.StringIO()
    w = csv.DictWriter(buf, COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    try:
        write_text(args.out, buf.getvalue())
    except OSError as exc:
        return errors.said(exc, "xxgk registry")
    print(f"xxgk registry: {len(rows)} agencies in {args.out} (level and parent guessed: check "
          f"them), {len(failed)} file(s) not read")
    for f in failed[:10]:
        print(f"  {f['path']}: {f['reason']}", file=sys.stderr)
    return errors.OK
