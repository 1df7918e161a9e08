"""Markdown or text holding HTML tables: what PDF-to-Markdown converters built on layout models
(MinerU, marker, docling, OCR pipelines) write for a table with merged cells, a `<table>` of
`<tr>`/`<td rowspan colspan>` between the Markdown paragraphs.

Such a file is read as the page it is: every run of lines outside a table becomes a paragraph of
its own (its text escaped, so `<` in prose stays text), the tables stay as they are, and the whole
goes to the HTML reader, which expands the spans into grids. Pipe tables in the same file are
still found in the text the HTML reader returns.
"""

from __future__ import annotations

import html
import re

_OPEN = re.compile(r"<table\b", re.I)
_CLOSE = re.compile(r"</table\s*>", re.I)
_CELL = re.compile(r"<t[dh]\b", re.I)
_TAG_LINE = re.compile(r"^\s*</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def holds_tables(raw: str) -> bool:
    """Whether the text holds at least one whole HTML table with cells."""
    start = _OPEN.search(raw)
    return bool(start and _CLOSE.search(raw, start.end()) and _CELL.search(raw, start.end()))


def as_page(raw: str) -> str:
    """The text as an HTML page: each line outside the tables a paragraph, tables kept whole
    (from `<table` to its matching `</table>`, nested ones included)."""
    parts = ["<html><body>"]
    pos = 0
    for start, end in _table_spans(raw):
        parts += _paragraphs(raw[pos:start])
        parts.append(raw[start:end])
        pos = end
    parts += _paragraphs(raw[pos:])
    parts.append("</body></html>")
    return "\n".join(parts)


def _paragraphs(text: str) -> list[str]:
    """A paragraph per line; a Markdown heading (# …) a heading; a line that is one HTML tag (a
    converter's `<div class="nav-menu">`) kept as markup, so the page reader sees the page."""
    out = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if _TAG_LINE.match(line):
            out.append(line)
        elif m := _HEADING.match(line):
            n = len(m.group(1))
            out.append(f"<h{n}>{html.escape(m.group(2))}</h{n}>")
        else:
            out.append(f"<p>{html.escape(line)}</p>")
    return out


def _table_spans(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost table; an unclosed one runs to the end of the text."""
    spans = []
    pos = 0
    while (m := _OPEN.search(raw, pos)) is not None:
        depth, cur = 1, m.end()
        while depth:
            o, c = _OPEN.search(raw, cur), _CLOSE.search(raw, cur)
            if c is None:
                cur = len(raw)
                break
            if o is not None and o.start() < c.start():
                depth, cur = depth + 1, o.end()
            else:
                depth, cur = depth - 1, c.end()
        spans.append((m.start(), cur))
        pos = cur
    return spans
