"""`datapackage.json`: the Frictionless description of the dataset folder, and its manifest.

Written last and atomically by every writer (ingest, `write_dataset`): each resource lists its
columns (type, description, unit, allowed values) from columns.csv, and the file's `bytes` and
`hash` (sha256). `verify` checks every file against it before a load, so a folder where one table
was replaced (a torn write: a new facts.parquet beside the old reports.parquet) is refused with the
file named, instead of being read as one dataset.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from importlib import resources
from pathlib import Path

from analysis.base.files import atomic_write, write_text
from analysis.dataset import schema

NAME = "datapackage.json"
STAGE = ".staging"  # a re-ingest writes the new dataset here, then swaps it in (`swap`)
_move = os.replace  # one rename (a name of its own, so a test can stop the swap halfway)
PARQUET = "application/vnd.apache.parquet"
# vocabulary copied beside the data, so R / DuckDB / a spreadsheet read the labels and crosswalk
VOCAB = {"indicators": "indicators.csv", "concepts": "concepts.csv", "rules": "rules.csv",
         "statuses": "statuses.csv"}
DESCRIPTIONS = {
    "reports": "one row per report (agency-year): agency, year, template, title, file",
    "facts": "one row per number read: value, status, source and where it was printed",
    "flags": "data-quality findings of the checks, one row each",
    "failures": "files that could not be read or parsed, with the reason (for people: UTF-8 "
                "with BOM, cells that a spreadsheet would run as a formula start with ')",
    "figures": "one preferred value per report, indicator, breakdown and measure: use this "
               "table, not facts, to count or sum",
    "series": "concepts by agency-year: one figure followed across the 2019 and 2021 template "
              "changes (concepts.csv)",
    "indicators": "indicator ids with their Chinese labels, families and units",
    "concepts": "the crosswalk: which indicators make each concept in each era",
    "rules": "the data-quality rules behind flags.rule",
    "statuses": "the statuses of facts, figures and series and the Chinese word for each (未填报, "
                "待核, 不适用, 未载明, 无报告 …)",
}
PRIMARY_KEYS = {"reports": ["report_id"],
                "facts": ["report_id", "indicator", "breakdown", "measure", "source"],
                "figures": ["report_id", "indicator", "breakdown", "measure"],
                "series": ["report_id", "concept"], "indicators": ["id"], "rules": ["rule"],
                "statuses": ["status"]}


class DatasetError(ValueError):
    """A dataset folder that cannot be loaded as one dataset; the message names the file."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _field(row: dict[str, str]) -> dict:
    field = {"name": row["column"], "type": row["type"], "description": row["description"]}
    if row["unit"]:
        field["unit"] = row["unit"]
    if row["enum"]:
        field["constraints"] = {"enum": row["enum"].split("|")}
    return field


def _resource(root: Path, name: str, file: str) -> dict:
    path = root / file
    fields = [_field(r) for r in schema.columns() if r["table"] == name]
    res = {"name": name, "path": file, "description": DESCRIPTIONS[name],
           "bytes": path.stat().st_size, "hash": f"sha256:{sha256(path)}",
           "schema": {"fields": fields}}
    if file.endswith(".parquet"):
        res.update(format="parquet", mediatype=PARQUET)
    else:
        res.update(format="csv", mediatype="text/csv",
                   encoding="utf-8-sig" if name == "failures" else "utf-8")
    if name in PRIMARY_KEYS:
        res["schema"]["primaryKey"] = PRIMARY_KEYS[name]
    if name in ("facts", "flags", "figures", "series"):
        res["schema"]["foreignKeys"] = [{"fields": ["report_id"], "reference": {
            "resource": "reports", "fields": ["report_id"]}}]
    return res


def write_vocab(root: Path) -> None:
    """Copy the vocabulary files the data refers to beside it (byte for byte)."""
    vocab = resources.files("analysis.vocab")
    for file in VOCAB.values():
        data = vocab.joinpath(file).read_bytes()
        atomic_write(root / file, lambda p, d=data: p.write_bytes(d))


def write(root: Path, files: dict[str, str], made_from: dict | None = None) -> Path:
    """Write datapackage.json for the tables `files` (name -> file name) and the vocabulary.
    `made_from`: what ingest built them from ({"inputs": key, "counts": {...}}), kept under
    "xxgk" so that an ingest of the same inputs can keep the folder as it is."""
    root = Path(root)
    write_vocab(root)
    listed = {**files, **VOCAB}
    package = {"name": "xxgk-dataset", "title": "政府信息公开工作年度报告 dataset (xxgk)",
               "profile": "data-package",
               "resources": [_resource(root, n, f) for n, f in listed.items()]}
    if made_from:
        package["xxgk"] = made_from
    return write_text(root / NAME, json.dumps(package, ensure_ascii=False, indent=1) + "\n")


def begin(root: Path) -> Path:
    """Mark the folder as being written (replacing any earlier manifest) before the first table
    is: until `write` records the new tables, `verify` refuses the folder."""
    stub = {"name": "xxgk-dataset", "incomplete": "being written; if this stays, the writing was "
                                                  "interrupted", "resources": []}
    return write_text(Path(root) / NAME, json.dumps(stub) + "\n")


def is_complete(root: Path) -> bool:
    """Whether `root` holds a finished datapackage.json."""
    path = Path(root) / NAME
    return path.exists() and not json.loads(path.read_text(encoding="utf-8")).get("incomplete")


def verify(root: Path) -> dict | None:
    """The package of `root` after checking every file's size and hash; DatasetError otherwise.

    A folder without datapackage.json (made by hand, or by a version before the manifest) is
    loaded unchecked, with a warning; one whose writing began and did not finish is refused."""
    root = Path(root)
    path = root / NAME
    if not path.exists():
        warnings.warn(f"{root}: no {NAME}, so the tables are not checked against each other; "
                      f"`xxgk ingest PATH --out {root}` writes one", stacklevel=3)
        return None
    package = json.loads(path.read_text(encoding="utf-8"))
    if package.get("incomplete"):
        raise DatasetError(f"{root}: its writing began and did not finish ({NAME} says so): the "
                           f"tables may come from two runs; run `xxgk ingest PATH --out {root}` "
                           "again")
    for res in package["resources"]:
        file = root / res["path"]
        if not file.exists():
            raise DatasetError(f"{file}: listed in {NAME} but missing; ingest again")
        size = file.stat().st_size
        if size != res["bytes"] or f"sha256:{sha256(file)}" != res["hash"]:
            raise DatasetError(
                f"{file}: does not match {NAME} ({size} bytes, {res['bytes']} expected, or a "
                "different hash): this file comes from another run (an interrupted or partly "
                "copied write); ingest again")
    return package


def stage(root: Path) -> Path:
    """An empty folder inside `root` where a new dataset is written whole (tables, vocabulary,
    datapackage.json last) while the dataset in `root` stays loadable."""
    folder = Path(root) / STAGE
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def swap(root: Path) -> bool:
    """Move a whole staged dataset into `root`: each file by rename, datapackage.json last, so
    the folder holds the old dataset or the new one, except for the instant of the renames (a
    kill there leaves a folder `verify` refuses, naming the file, and the staged manifest:
    the next `swap` finishes the move). A stage without its manifest was cut short: removed.
    Returns whether a dataset was moved."""
    folder = Path(root) / STAGE
    if not folder.is_dir():
        return False
    if not (folder / NAME).exists():
        shutil.rmtree(folder, ignore_errors=True)
        return False
    for entry in sorted(os.listdir(folder)):
        if entry != NAME and not entry.startswith("."):
            _move(folder / entry, Path(root) / entry)
    _move(folder / NAME, Path(root) / NAME)
    shutil.rmtree(folder, ignore_errors=True)
    return True
