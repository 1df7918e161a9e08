"""Page chrome: menus, breadcrumbs, site buttons, 相关文章, page markers. The rules are data (chrome.txt).

Chrome is cut as *spans*, never by dropping a line that holds report text: a crawled page often keeps
the whole page on one line that starts with a breadcrumb (`当前位置: 首页 > 政务公开 > … 全真版 文字版
文件下载`), and the report follows on the same line. A whole line goes only when it is short and
carries no report content (no statistics figure, no section heading). Every cut is flagged with the
text removed, and a cut span becomes a space, so the words on either side never run together.
"""

from __future__ import annotations

import functools
import re

from analysis import vocab
from analysis.model import Flag

PAGE_MARKER = re.compile(r"^[-—–─]+\s*\d{1,3}\s*[-—–─]+$|^第\s*\d+\s*页(\s*[,/,]?\s*共\s*\d+\s*页)?$")
_TRAILERS = ("相关文章", "相关链接", "相关阅读")
SHORT = 60  # a line longer than this is a page on one line: only spans are cut from it
# what report content looks like: a figure with its unit, a section heading, a statistics table
# (a figure is tried from the start of its digits only: from inside a run of 10,000 digits the
# search backtracked over the rest of it at every position)
_CONTENT = re.compile(r"(?<!\d)\d+(?:\.\d+)?\s*(?:条|件|万元|元|次|人次|个|项|篇)|(?:^|\s)[一二三四五六七八九十]+、"
                      r"|\([一二三四五六七八九十]+\)|统计表|信息公开申请|主动公开")
# Word's conditional comments and stray comment ends survive some scrapers (bounded: an unclosed
# `<!--[if` scanned to the end of the line from every opening, quadratic)
_COMMENTS = re.compile(r"<!--\[if[^\]]{0,200}\]-->|<!--\[endif\]-->|<!--.{0,200}?-->")
# a breadcrumb's path: short segments after the opener, up to the first that reads as content
_COLON = re.compile(r"\s*[::]?")
_SEGMENT = re.compile(r"\s*(?:[>›»/|\\]\s*)?([^\s>›»/|\\]{1,40})")


@functools.cache
def _rules() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {"": [], "^": [], "~": [], "@": []}
    for text, kind in vocab.chrome_rules():
        out[kind].append(text)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@functools.cache
def _buttons() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _rules()["~"])
    # two or more button words standing together as words
    return re.compile(rf"(?:(?<=\s)|^)(?:{words})(?:\s+(?:{words}))+(?=\s|$)")


def carries_content(text: str) -> bool:
    """Report content that no chrome rule may remove: figures with units, headings, statistics."""
    return bool(_CONTENT.search(text))


def is_chrome(line: str) -> bool:
    """A whole line of chrome: exactly a rule, a page marker, or a short content-free prefix line."""
    s = line.strip()
    if not s:
        return False
    rules = _rules()
    if s in rules[""] or PAGE_MARKER.match(s):
        return True
    return len(s) <= SHORT and s.startswith(rules["^"]) and not carries_content(s)


def _breadcrumb_end(line: str, start: int) -> int:
    """End of a breadcrumb's path that starts at `start` (just after its opener)."""
    # matched in place: a slice of the rest of the line per opener was quadratic on a long line
    pos = _COLON.match(line, start).end()
    n = 0
    while n < 8:
        seg = _SEGMENT.match(line, pos)
        if not seg:
            break
        word = seg.group(1)
        if re.search(r"(?:19|20)\d{2}|报告|[。,;]", word) or len(word) > 30:
            break  # the report's own title or text: the path ended before it
        pos, n = seg.end(), n + 1
    return pos


def cut_spans(line: str) -> tuple[str, list[str]]:
    """Cut breadcrumbs, runs of site buttons and HTML comment debris out of one line."""
    cut: list[str] = []
    spans: list[tuple[int, int]] = []
    for opener in _rules()["@"]:
        for m in re.finditer(re.escape(opener), line):
            spans.append((m.start(), _breadcrumb_end(line, m.end())))
    spans += [m.span() for m in _buttons().finditer(line)]
    spans += [m.span() for m in _COMMENTS.finditer(line)]
    if not spans:
        return line, cut
    out, pos = [], 0
    for a, b in sorted(spans):
        if a < pos:
            a = pos
        if a >= b:
            continue
        out.append(line[pos:a])
        cut.append(line[a:b].strip())
        pos = b
    out.append(line[pos:])
    return " ".join(p.strip() for p in out if p.strip()), [c for c in cut if c]


CACHED = 512  # characters: lines up to this long are cleaned once per process (see _line)


@functools.lru_cache(maxsize=1 << 16)
def _line(line: str) -> tuple[str, tuple[str, ...]]:
    """(the line as kept, the pieces cut out of it): a chrome line is kept empty (line numbers
    stay: locations point into the file as read). A pure function of the line, kept per process:
    nine lines in ten recur report after report (headings, table labels, page furniture)."""
    if is_chrome(line):
        return "", (line.strip(),)
    cleaned, cut = cut_spans(line) if len(line) > SHORT or "<!--" in line else (line, [])
    return (cleaned if cut else line), tuple(cut)


def drop_chrome(text: str) -> tuple[str, list[Flag]]:
    """Cut chrome out of `text`; line numbers stay (a dropped line becomes empty). A trailing
    相关文章 block goes whole when nothing after it carries report content."""
    lines = text.split("\n")
    dropped: list[str] = []
    # the last line a trailer block must not swallow, found once (asking "anything after this
    # one?" at every line was quadratic)
    last_kept = max((i for i, x in enumerate(lines)
                     if " |" in x or x == "|" or carries_content(x)), default=-1)
    for i, line in enumerate(lines):
        if line.strip() in _TRAILERS and i >= last_kept:
            dropped += [x for x in lines[i:] if x.strip()]
            lines = lines[:i] + [""] * (len(lines) - i)
            break
    kept = []
    for line in lines:
        cleaned, cut = (_line(line) if len(line) <= CACHED else _line.__wrapped__(line))
        dropped += cut
        kept.append(cleaned)
    notes = []
    if dropped:
        shown = " / ".join(dropped[:8]) + (" …" if len(dropped) > 8 else "")
        notes.append(Flag("chrome_removed", f"cut {len(dropped)} piece(s) of page chrome",
                          severity="info", found=shown))
    return "\n".join(kept), notes
