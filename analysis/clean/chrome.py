"""Page chrome: menus, 相关文章, 上一篇/下一篇, 打印本页, page markers. The rules are data (chrome.txt)."""

from __future__ import annotations

import functools
import re

from analysis import vocab
from analysis.model import Flag

PAGE_MARKER = re.compile(r"^[-—–─]+\s*\d{1,3}\s*[-—–─]+$|^第\s*\d+\s*页(\s*[,/,]?\s*共\s*\d+\s*页)?$")
_TRAILERS = ("相关文章", "相关链接", "相关阅读")


@functools.cache
def _rules() -> tuple[frozenset[str], tuple[str, ...]]:
    rules = vocab.chrome_rules()
    return frozenset(t for t, _ in rules), tuple(t for t, prefix in rules if prefix)


def is_chrome(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    exact, prefixes = _rules()
    return s in exact or s.startswith(prefixes) or bool(PAGE_MARKER.match(s))


def drop_chrome(text: str) -> tuple[str, list[Flag]]:
    """Blank chrome lines (line numbers stay); a trailing 相关文章 block (no table lines after it) is dropped whole."""
    lines = text.split("\n")
    dropped: list[str] = []
    # the last table line, found once (asking "any table line after this one?" per line was quadratic)
    last_table = max((i for i, x in enumerate(lines) if " |" in x or x == "|"), default=-1)
    for i, line in enumerate(lines):
        if line.strip() in _TRAILERS and i >= last_table:
            dropped += [x for x in lines[i:] if x.strip()]
            lines = lines[:i] + [""] * (len(lines) - i)
            break
    kept = []
    for line in lines:
        if is_chrome(line):
            dropped.append(line.strip())
            kept.append("")  # keep line numbers: locations point into the file as read
        else:
            kept.append(line)
    notes = []
    if dropped:
        shown = " / ".join(dropped[:8]) + (" …" if len(dropped) > 8 else "")
        notes.append(Flag("chrome_removed", f"dropped {len(dropped)} line(s) of page chrome",
                          severity="info", found=shown))
    return "\n".join(kept), notes
