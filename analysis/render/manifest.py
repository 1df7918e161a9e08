"""What was rendered from which inputs, so that unchanged inputs are not rendered again.

The key of a run hashes its data, the notebook, the parameters and the code and vocabulary the
notebooks run (CODE below: a chart changed is an input changed; a parser changed is not, until
it changes the dataset), with the versions of the libraries that draw. The data of an agency page
is that agency's own rows (analysis.render.api.slices), so editing one report re-renders one
page; a notebook across agencies depends on the whole dataset. Hashes of the data are kept in a
cache beside the manifests, valid while the table files keep their size and time. One manifest.json
per notebook folder.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from analysis.base.files import PACKAGE, atomic_write, package_files

CODE_SUFFIXES = {".py", ".csv", ".txt", ".mplstyle", ".yaml", ".tpl", ".j2", ".json", ".css"}
CODE = ("charts", "vocab", "figures", "metrics.py", "tables.py", "series.py", "peers.py",
        "render/api/show.py", "render/api/slices.py", "render/api/paths.py",
        "render/engine/export.py", "render/engine/kernel_state.py", "render/engine/templates", "dataset/store.py", "dataset/schema.py")
LIBRARIES = ("matplotlib", "pandas", "nbconvert", "pylopdf-fonts-zh-cn")
CACHE = ".xxgk-data-hashes.json"


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def data_hashes(dataset, out: Path, per_agency: bool, agencies: list[str] | None) -> dict:
    """{"dataset": hash of every table} or {"agencies": {id: hash}}, from the cache in `out`
    when the dataset's files are unchanged (for agencies: those asked, else all)."""
    from analysis.render.api import slices

    sig = slices.signature(dataset)
    path = Path(out) / CACHE
    cache = load(path)
    entry = cache.get(sig, {})
    if per_agency:
        have = entry.setdefault("agencies", {})
        need = [a for a in agencies if a not in have] if agencies is not None else None
        if need is None and not entry.get("complete"):
            have.update(slices.digests(dataset))
            entry["complete"] = True
        elif need:
            have.update(slices.digests(dataset, need))
    elif "dataset" not in entry:
        entry["dataset"] = slices.files_hash(dataset)
    save(path, {sig: entry})
    return entry


def code_hash(parts: tuple[str, ...] = CODE) -> str:
    """Hash of the code and vocabulary files that notebooks run (`parts` of the package)."""
    h = hashlib.sha256()
    for p in sorted(package_files(parts, CODE_SUFFIXES)):
        h.update(str(p.relative_to(PACKAGE)).encode() + b"\0" + file_hash(p).encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}: none".encode())
    return h.hexdigest()


def run_key(source: str, parameters: dict, data: str, code: str) -> str:
    """Hash of a run's inputs: the notebook's text, its parameters, its data and the code."""
    h = hashlib.sha256()
    h.update(hashlib.sha256(source.encode()).hexdigest().encode())
    h.update(json.dumps(parameters, sort_keys=True, ensure_ascii=False, default=str).encode())
    h.update(data.encode())
    h.update(code.encode())
    return h.hexdigest()[:32]


def load(path: Path) -> dict:
    """{run name: record}; an unreadable manifest counts as empty (everything re-renders)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def save(path: Path, runs: dict) -> None:
    text = json.dumps(runs, ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write(Path(path), lambda p: p.write_text(text, encoding="utf-8"))


def is_current(record: dict | None, key: str, folder: Path) -> bool:
    """True when `record` was made from the same inputs and its files are still there."""
    if not record or record.get("key") != key:
        return False
    return all((folder / record[f]).exists() for f in ("notebook", "html") if record.get(f))
