"""What was rendered from which inputs, so that unchanged inputs are not rendered again.

The key of a run hashes the dataset files, the notebook, the parameters and the code and
vocabulary the notebooks run (CODE below: a chart changed is an input changed; a parser changed
is not, until it changes the dataset). One manifest.json per notebook folder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis.base.files import atomic_write
from analysis.dataset.store import FILES

PACKAGE = Path(__file__).resolve().parents[1]
CODE_SUFFIXES = {".py", ".csv", ".txt", ".mplstyle", ".yaml", ".tpl"}
CODE = ("charts", "vocab", "metrics.py", "tables.py", "series.py", "render/show.py",
        "render/paths.py", "dataset/store.py", "dataset/schema.py")


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def dataset_hash(root: Path) -> str:
    """Hash of the dataset's table files (missing ones count as empty)."""
    h = hashlib.sha256()
    for name in sorted(FILES.values()):
        p = Path(root) / name
        h.update(name.encode() + b"\0" + (file_hash(p).encode() if p.exists() else b"-"))
    return h.hexdigest()


def code_hash() -> str:
    """Hash of the code and vocabulary files that notebooks run (CODE)."""
    h = hashlib.sha256()
    files = [f for c in CODE for f in ([PACKAGE / c] if (PACKAGE / c).is_file()
                                       else (PACKAGE / c).rglob("*"))]
    for p in sorted(files):
        if p.suffix in CODE_SUFFIXES and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(PACKAGE)).encode() + b"\0" + file_hash(p).encode())
    return h.hexdigest()


def run_key(notebook: Path, parameters: dict, data: str, code: str) -> str:
    h = hashlib.sha256()
    h.update(file_hash(notebook).encode())
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
