"""The one summary line `render`, `brief` and `demo` print per kind of output, in one form:
'agency_profile: 19 written, 0 unchanged, 0 failed -> outputs/agency_profile'."""

from __future__ import annotations

import os


def line(what: str, written: int, unchanged: int, failed: int, where: str | os.PathLike) -> str:
    """>>> line("briefs", 2, 1, 0, "outputs/briefs")
    'briefs: 2 written, 1 unchanged, 0 failed -> outputs/briefs'
    """
    return f"{what}: {written} written, {unchanged} unchanged, {failed} failed -> {where}"
