"""Reading and writing the dataset folder. Every write is atomic (temp file, then rename)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.base.files import atomic_write
from analysis.dataset import schema

FILES = {"reports": "reports.parquet", "facts": "facts.parquet", "flags": "flags.parquet",
         "failures": "failures.csv"}


@dataclass
class Dataset:
    """The four tables of one ingest run."""

    reports: pd.DataFrame
    facts: pd.DataFrame
    flags: pd.DataFrame
    failures: pd.DataFrame
    root: Path | None = None

    def agencies(self) -> pd.DataFrame:
        """One row per agency: id, name, level, parent, years covered."""
        r = self.reports
        g = r.groupby("agency_id", dropna=True)
        return pd.DataFrame({
            "agency": g["agency"].first(),
            "agency_level": g["agency_level"].first(),
            "parent": g["parent"].first(),
            "first_year": g["year"].min(),
            "last_year": g["year"].max(),
            "n_reports": g.size(),
        }).reset_index().sort_values("agency_id", ignore_index=True)


def write_table(root: Path, name: str, df: pd.DataFrame) -> Path:
    df = schema.require(name, df)
    path = Path(root) / FILES[name]
    if path.suffix == ".csv":
        atomic_write(path, lambda p: df.to_csv(p, index=False, encoding="utf-8"))
    else:
        atomic_write(path, lambda p: df.to_parquet(p, index=False))
    return path


def write_dataset(root: Path, ds: Dataset) -> None:
    for name in FILES:
        write_table(root, name, getattr(ds, name))


def load_dataset(root: str | os.PathLike) -> Dataset:
    """Load a dataset folder written by `xxgk ingest`.

    Raises FileNotFoundError naming the folder when it holds no dataset.
    """
    root = Path(root)
    if not (root / FILES["facts"]).exists():
        raise FileNotFoundError(f"{root}: no {FILES['facts']} here; run `xxgk ingest PATH --out {root}`")
    tables = {}
    for name, fname in FILES.items():
        p = root / fname
        if not p.exists():
            tables[name] = schema.empty(name)
        elif p.suffix == ".csv":
            tables[name] = schema.conform(name, pd.read_csv(p, dtype=str, keep_default_na=False))
        else:
            tables[name] = schema.conform(name, pd.read_parquet(p))
    return Dataset(root=root, **tables)
