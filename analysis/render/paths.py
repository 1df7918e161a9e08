"""The one place that knows where the notebooks, the bundled data and the outputs live."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data"
OUTPUTS = ROOT / "outputs"
ENV_DATASET = "XXGK_DATASET"


def notebook(name: str | os.PathLike) -> Path:
    """`agency_profile`, `agency_profile.ipynb` or a path -> the notebook file."""
    p = Path(name)
    if p.suffix != ".ipynb":
        p = p.with_suffix(".ipynb")
    if not p.exists() and (NOTEBOOKS / p.name).exists():
        p = NOTEBOOKS / p.name
    if not p.exists():
        known = sorted(q.stem for q in NOTEBOOKS.glob("*.ipynb"))
        raise FileNotFoundError(f"{name}: no such notebook; known: {', '.join(known)}")
    return p.resolve()


def dataset_dir(path: str | os.PathLike | None = None) -> Path:
    """The dataset folder to read: `path`, else $XXGK_DATASET, else outputs/dataset, which is
    ingested from the bundled data/ on first use (so a notebook runs as it stands)."""
    if path:
        return Path(path)
    if os.environ.get(ENV_DATASET):
        return Path(os.environ[ENV_DATASET])
    target = OUTPUTS / "dataset"
    if not (target / "facts.parquet").exists():
        from analysis.dataset.ingest import ingest

        ingest([DATA], target, progress=False)
    return target
