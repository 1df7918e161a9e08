"""The dataset folder: a `Dataset` in memory, `write_dataset` and `load_dataset`.

Tables: reports, facts, flags, figures, series (parquet), failures.csv, the vocabulary they refer to
(indicators.csv, concepts.csv, rules.csv), and datapackage.json, written last: the Frictionless
description and the manifest (bytes and sha256 of each file) that `load_dataset` checks. Every
write is atomic.

>>> ds = load_dataset("outputs/dataset", agencies=["sl-city"])  # doctest: +SKIP
>>> ds.series("requests_received")                               # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.base.files import atomic_write
from analysis.base.sheets import write_csv
from analysis.dataset import package, schema, tidy
from analysis.dataset.dataset import Dataset

FILES = {"reports": "reports.parquet", "facts": "facts.parquet", "flags": "flags.parquet",
         "failures": "failures.csv", "figures": "figures.parquet", "series": "series.parquet"}
BY_AGENCY = ("reports", "facts", "flags", "figures", "series")  # tables with agency_id and year
__all__ = ["Dataset", "FILES", "load_dataset", "write_dataset", "write_table", "arrow_schema",
           "DatasetError"]
DatasetError = package.DatasetError


def arrow_schema(name: str) -> pa.Schema:
    """The parquet schema of a table: strings, nullable integers, floats, booleans, dates."""
    types = {"string": pa.string(), "Int64": pa.int64(), "int64": pa.int64(),
             "Int32": pa.int32(), "Int16": pa.int16(), "int16": pa.int16(),
             "float64": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}
    return pa.schema([(c, types[d]) for c, d in schema.SCHEMAS[name].items()])


def to_arrow(name: str, df: pd.DataFrame) -> pa.Table:
    df = schema.conform(name, df)
    dates = [c for c, d in schema.SCHEMAS[name].items() if d == "date"]
    df = df.assign(**{c: df[c].dt.date for c in dates}) if dates else df
    return pa.Table.from_pandas(df, schema=arrow_schema(name), preserve_index=False)


def write_table(root: Path, name: str, df: pd.DataFrame, manifest: bool = True) -> Path:
    """Write one table (checked against the contract) atomically; the CSV one for people.

    With `manifest`, a complete datapackage.json already in the folder is rewritten to record the
    new table (the writers of a whole dataset record them all at the end instead)."""
    df = schema.require(name, tidy.worded(df) if name == "flags" else df)
    path = Path(root) / FILES[name]
    if path.suffix == ".csv":
        write_csv(path, df)
    else:
        table = to_arrow(name, df)
        atomic_write(path, lambda p: pq.write_table(table, p))
    if manifest and package.is_complete(Path(root)):
        package.write(Path(root), {n: f for n, f in FILES.items() if (Path(root) / f).exists()})
    return path


def write_dataset(root: str | os.PathLike, ds: Dataset) -> Path:
    """Write every table of `ds`, then datapackage.json (last: the manifest)."""
    root = Path(root)
    facts = ds.facts
    if facts["preferred"].isna().any() if "preferred" in facts else True:
        facts = facts.assign(preferred=ds.preferred)
    tables = {"reports": ds.reports, "facts": tidy.places(facts), "flags":
              tidy.with_agency(ds.flags, ds.reports), "failures": ds.failures,
              "figures": ds.figures, "series": ds.series()}
    package.begin(root)
    for name, df in tables.items():
        write_table(root, name, df, manifest=False)
    return package.write(root, FILES)


def _read(path: Path, name: str, where: list | None) -> pd.DataFrame:
    """One table, column by column: text columns dictionary-encoded into pandas categoricals with
    one dictionary (the parts' per-row-group dictionaries unified), so that the peak memory stays
    near the size of the result. A slice (`where`) is small: see _read_slice."""
    cats = set(schema.categorical(name))
    if where:
        return _read_slice(path, cats, where)
    cols, pool = {}, pa.default_memory_pool()
    for col in pq.read_schema(path).names:
        t = pq.read_table(path, columns=[col], read_dictionary=[col] if col in cats else None)
        if col in cats:
            t = t.unify_dictionaries()
        cols[col] = t.to_pandas(date_as_object=False, self_destruct=True)[col]
        del t
        # pyarrow's pool keeps the pages the column's transient copies freed, and pandas' arrays
        # come from another allocator: given back now, the peak holds one column's transients
        pool.release_unused()
    return pd.DataFrame(cols, copy=False)


def _read_slice(path: Path, cats: set[str], where: list) -> pd.DataFrame:
    """The rows matching `where` in one filtered pass (column by column, an agency's page paid
    one filter per column: 76 reads), text columns as categoricals of the values present.

    The filter is read on plain columns and the text columns are dictionary-encoded after:
    asked to read dictionaries, pyarrow skips no row group by its statistics, and one agency of
    2.2 million facts (96 row groups, written part by part) took 0.58 s instead of 0.03 s."""
    t = pq.read_table(path, filters=where)
    for i, name in enumerate(t.column_names):
        if name in cats and not pa.types.is_dictionary(t.schema.field(i).type):
            t = t.set_column(i, name, pc.dictionary_encode(t.column(i)))
    df = t.to_pandas(date_as_object=False, self_destruct=True)
    del t
    pa.default_memory_pool().release_unused()  # the row groups read to filter: see _read
    for col in cats.intersection(df.columns):
        df[col] = df[col].cat.remove_unused_categories()
    return df


# tables read with plain strings, not categoricals: the small ones analysts group and pivot
# (one row per report, per agency-year-concept), where a filtered categorical would list every
# unobserved agency in value_counts() and pivot_table would give a CategoricalIndex. The large
# tables (facts, figures, flags) stay categorical: as strings they take ~12x the memory (2
# million rows of agency_id and status: 6 MB as categories, 72 MB as strings, measured).
PLAIN = ("reports", "series")


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    return df.astype({c: "str" for c in cats}) if cats else df


def _filters(agencies, years) -> list:
    where = []
    if agencies is not None:
        where.append(("agency_id", "in", [str(a) for a in agencies]))
    if years is not None:
        where.append(("year", "in", [int(y) for y in years]))
    return where


def load_dataset(root: str | os.PathLike, agencies: Iterable[str] | None = None,
                 years: Iterable[int] | None = None, whole: Iterable[str] = ()) -> Dataset:
    """Load a dataset folder written by `xxgk ingest`, after checking it is whole.

    `agencies` / `years` read only those rows (filters pushed down to parquet) of every table
    except those named in `whole`: e.g. one agency's facts and figures with everyone's series for
    peer comparisons: `load_dataset(p, agencies=["sl-city"], whole=["series", "reports"])`.
    Text comes as plain strings in `reports` and `series` and as categoricals in the large
    tables (see PLAIN; `df[col].cat.remove_unused_categories()` after a filter). Raises FileNotFoundError when the folder holds no dataset and
    DatasetError naming the file when a file does not match datapackage.json.
    """
    root = Path(root)
    if not (root / FILES["facts"]).exists():
        raise FileNotFoundError(f"{root}: no {FILES['facts']} here; run `xxgk ingest PATH --out {root}`")
    package.verify(root)
    where, whole = _filters(agencies, years), set(whole)
    unknown = whole - set(BY_AGENCY)
    if unknown:
        raise ValueError(f"whole= names tables {sorted(unknown)}; choose among {BY_AGENCY}")
    tables = {}
    for name in BY_AGENCY:  # a table missing from a folder made by hand: empty, or computed
        path = root / FILES[name]
        tables[name] = (_read(path, name, None if name in whole else where) if path.exists()
                        else None if name in ("figures", "series") else schema.empty(name))
        if name in PLAIN and tables[name] is not None:
            tables[name] = _plain(tables[name])
    path = root / FILES["failures"]
    fails = (pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
             if path.exists() else pd.DataFrame())
    tables["failures"] = schema.conform("failures", fails)
    return Dataset(root=root, **tables)
