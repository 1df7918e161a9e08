"""OCR results kept per file hash, so that a re-ingest does not OCR the same file again.

The folder is `$XXGK_OCR_CACHE`, else `$XDG_CACHE_HOME/xxgk/ocr`, else `~/.cache/xxgk/ocr`; one
JSON file per (file hash, settings), written atomically. A file that cannot be read back is
ignored (OCR runs again); a folder that cannot be written only costs the saving.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path


def folder() -> Path:
    """Where OCR results are kept (see the module doc)."""
    if os.environ.get("XXGK_OCR_CACHE"):
        return Path(os.environ["XXGK_OCR_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "xxgk" / "ocr"


def _path(key: str) -> Path:
    return folder() / key[:2] / f"{key}.json"


def load(key: str) -> dict | None:
    """The kept result for `key`, or None."""
    try:
        return json.loads(_path(key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save(key: str, value: dict) -> None:
    """Keep `value` under `key` (atomically: a reader never sees half a file)."""
    path = _path(key)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(value, f, ensure_ascii=False)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
