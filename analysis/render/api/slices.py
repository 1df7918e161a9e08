"""An agency's own rows of the dataset: what a page's kernel loads, and what its run key hashes.

The rows of agency A are those with `agency_id == A` in every per-agency table (reports, facts,
flags, figures, series: `store.BY_AGENCY`). `load` reads them through `load_dataset(root,
agencies=…)` (filters pushed down to parquet: a kernel never holds the whole table); `digests`
hashes them per agency, streaming the same tables batch by batch with the same filter, so that
editing one report changes one agency's key.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.dataset as pads
import pyarrow.fs as pafs

from analysis.dataset import schema
from analysis.dataset.store import BY_AGENCY, FILES, Dataset, load_dataset
from analysis.render.api import paths

BATCH = 65_536
_MIX1, _MIX2 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F  # odd 64-bit mixing constants


def dataset_or_ingest(path: str | os.PathLike | None = None, who: str = "xxgk") -> str | Path:
    """The dataset paths.dataset_dir finds; when there is none but a data/ folder (in the working
    folder or above it), that folder is ingested into outputs/dataset beside it first, and `who`
    says so on stderr in one line. Raises paths.NoDataset when there is neither."""
    try:
        return paths.dataset_dir(path)
    except paths.NoDataset as exc:
        if exc.data is None:
            raise
        data = exc.data
    from analysis.dataset.ingest import ingest

    target = data.parent / paths.DATASET
    print(f"{who}: no dataset yet: ingesting {data} into {target} first", file=sys.stderr)
    ingest([data], target, progress=False)
    return target


def _location(root: str | os.PathLike, name: str) -> tuple[pafs.FileSystem, str]:
    text = str(root)
    if "://" not in text:
        text = os.path.abspath(text)
    fs, base = pafs.FileSystem.from_uri(text) if "://" in text else (pafs.LocalFileSystem(),
                                                                     text)
    return fs, f"{base.rstrip('/')}/{FILES[name]}"


def _exists(root, name: str) -> bool:
    fs, path = _location(root, name)
    return fs.get_file_info(path).type == pafs.FileType.File


def _scan(root, name: str, column: str | None = None, values: list[str] | None = None):
    """Batches of table `name` as DataFrames, filtered to `column in values` when given."""
    if not _exists(root, name) or (values is not None and not values):
        return
    fs, path = _location(root, name)
    data = pads.dataset(path, filesystem=fs, format="parquet")
    flt = pads.field(column).isin(values) if column and values is not None else None
    # one row group decoded at a time: with pyarrow's read-ahead, hashing every agency of
    # 19,156 reports peaked at 1.6 GB, and 0.5 GB without it (and no slower)
    for batch in data.to_batches(filter=flt, batch_size=BATCH, use_threads=False,
                                 batch_readahead=0, fragment_readahead=0):
        if batch.num_rows:
            yield batch.to_pandas()


def _table(root, name: str, column: str | None = None, values: list[str] | None = None):
    parts = list(_scan(root, name, column, values))
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return schema.conform(name, df)


def reports(root) -> pd.DataFrame:
    """The reports table (small: one row per report), for planning."""
    return _table(root, "reports")


def load(root, agencies: list[str] | None = None) -> Dataset:
    """The dataset at `root`, or only the rows of `agencies`."""
    return load_dataset(root, agencies=None if agencies is None else [str(a) for a in agencies])


def digests(root, agencies: list[str] | None = None) -> dict[str, str]:
    """agency_id -> hash of that agency's rows in every per-agency table (row order ignored).

    Streams every table when `agencies` is None, else reads only those agencies' rows. Each row
    is hashed (pandas' 64-bit row hash, the table's number mixed in) and an agency's hashes are
    summed two ways modulo 2**64 with their count: one pass, no sort of millions of rows (every
    agency of 19,156 reports: 3.3-5.3 s, against 5.3-9.5 s sorted, three alternated runs). An
    edit goes unseen only if the edited row's 64-bit hash equals the old one's, as before.
    """
    ids: dict[str, int] = {}
    codes, hashes = [], []
    for number, name in enumerate(BY_AGENCY):
        salt = np.uint64(((number + 1) * _MIX1) % 2**64)
        for df in _scan(root, name, "agency_id" if agencies is not None else None, agencies):
            agency = df["agency_id"].astype("category")
            known = agency.notna().to_numpy()
            index = np.array([ids.setdefault(str(a), len(ids)) for a in agency.cat.categories],
                             dtype=np.int64)
            codes.append(index[agency.cat.codes.to_numpy()[known]])
            hashes.append(pd.util.hash_pandas_object(df, index=False).to_numpy()[known] ^ salt)
    code = np.concatenate(codes) if codes else np.zeros(0, np.int64)
    row = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
    plain, mixed = np.zeros(len(ids), np.uint64), np.zeros(len(ids), np.uint64)
    np.add.at(plain, code, row)  # unsigned sums wrap around: modulo 2**64
    np.add.at(mixed, code, (row ^ (row >> np.uint64(31))) * np.uint64(_MIX2))
    count = np.bincount(code, minlength=len(ids))
    out = {a: hashlib.sha256(f"{count[i]}:{plain[i]}:{mixed[i]}".encode()).hexdigest()
           for a, i in ids.items()}
    for agency in agencies or []:
        out.setdefault(agency, hashlib.sha256(b"").hexdigest())
    return out


def files_hash(root) -> str:
    """Hash of the bytes of every table file (a notebook across agencies reads them all)."""
    h = hashlib.sha256()
    for name in FILES:
        fs, path = _location(root, name)
        h.update(name.encode() + b"\0")
        if fs.get_file_info(path).type == pafs.FileType.File:
            with fs.open_input_stream(path) as f:
                while chunk := f.read(1 << 20):
                    h.update(chunk)
    return h.hexdigest()


def signature(root) -> str:
    """Size and modification time of the table files: unchanged files, unchanged digests."""
    parts = []
    for name in FILES:
        fs, path = _location(root, name)
        info = fs.get_file_info(path)
        parts.append(f"{name}:{info.size}:{info.mtime_ns}" if info.type == pafs.FileType.File
                     else f"{name}:-")
    return "|".join([str(root), *parts])
