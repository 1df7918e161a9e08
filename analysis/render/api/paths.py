"""The one place that knows where notebooks, data and outputs are; it only looks (nothing here
ingests, writes or starts anything).

The notebooks ship inside the package (package data, read with importlib.resources). Everything
else is found from the working folder or an option, never from where the package is installed:
an installed tool writes where its user works, not into site-packages.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV_DATASET = "XXGK_DATASET"
OUTPUTS = Path("outputs")  # relative to the working folder
DATASET = OUTPUTS / "dataset"
DATA = Path("data")


def bundled(stem: str | None = None):
    """The folder of the notebooks shipped with the package, or one of them."""
    folder = resources.files("analysis").joinpath("notebooks")
    return folder if stem is None else folder.joinpath(f"{stem}.ipynb")


def known_notebooks() -> list[str]:
    return sorted(p.name[:-6] for p in bundled().iterdir() if p.name.endswith(".ipynb"))


def notebook(name: str | os.PathLike) -> Path:
    """`agency_profile`, `agency_profile.ipynb` or a path -> the notebook file (a path given
    that exists wins; else a notebook shipped with the package)."""
    p = Path(name)
    if p.suffix != ".ipynb":
        p = p.with_suffix(".ipynb")
    if p.exists():
        return p.resolve()
    if p.parent == Path(".") and bundled(p.stem).is_file():
        return Path(str(bundled(p.stem)))
    raise FileNotFoundError(f"{name}: no such notebook; known: {', '.join(known_notebooks())}")


def _upwards(relative: Path) -> Path | None:
    """`relative` in the working folder or the nearest folder above it that has it."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / relative).exists():
            return folder / relative
    return None


def is_uri(path: str | os.PathLike) -> bool:
    return "://" in str(path)


def find_dataset(path: str | os.PathLike | None = None) -> str | Path | None:
    """The dataset `dataset_dir` would read, if there is one already (nothing is ingested)."""
    given = path or os.environ.get(ENV_DATASET)
    if given:
        return str(given) if is_uri(given) else Path(given)
    found = _upwards(DATASET / "facts.parquet")
    return found.parent if found else None


class NoDataset(FileNotFoundError):
    """No dataset was found. `data` is the data/ folder in the working folder or above it, which
    `xxgk ingest` (or analysis.render.api.slices.dataset_or_ingest) would read, if there is one."""

    def __init__(self, message: str, data: Path | None = None):
        super().__init__(message)
        self.data = data


def dataset_dir(path: str | os.PathLike | None = None) -> str | Path:
    """The dataset to read: `path` (a folder or a pyarrow URI such as s3://bucket/dataset), else
    $XXGK_DATASET, else outputs/dataset in the working folder or the nearest folder above it
    (so a notebook opened from outputs/lab/ finds it). Only looks: nothing is ingested or
    written; raises NoDataset when there is none."""
    given = path or os.environ.get(ENV_DATASET)
    if given and not is_uri(given) and not (Path(given) / "reports.parquet").is_file():
        why = "no such folder" if not Path(given).exists() else "no reports.parquet in it"
        raise NoDataset(f"no dataset at {given} ({why}): run `xxgk ingest PATH --out {given}` "
                        "first, or pass the folder ingest wrote")
    found = find_dataset(path)
    if found is not None:
        return found
    raise NoDataset(f"no dataset: run `xxgk ingest PATH --out {DATASET}`, pass --dataset, or set "
                    f"{ENV_DATASET}", _upwards(DATA))
