"""Print a SimDoc as scraped text (tables one cell per line, or space-separated rows) or Markdown.

Text-level noise (spam lines, spam swapped into a sentence, pinyin, full-width digits) is applied
here, to the prose only, so no figure is touched by it.
"""

from __future__ import annotations

import random
import re

from analysis.simulate import noise as nz
from analysis.simulate.doc import Row, SimDoc, SimTable

TRAILER = ["相关文章", "示例市政府信息公开指南", "示例市政府信息公开目录"]


def prose(doc: SimDoc, drawn: nz.Drawn, rng: random.Random) -> list[str | SimTable]:
    """The doc's items with spam noise applied to paragraphs; a title spam line goes first (also
    when the drawn kind finds no sentence to go into: the report's truth expects spam)."""
    items = [doc.title] + list(doc.items)
    spam = drawn.spam
    if spam == "table":  # to_text puts it inside the first table
        return items
    if spam == "mid" and any(isinstance(x, str) and "门户网站" in x for x in items):
        items = [nz.spam_mid(x, rng) if isinstance(x, str) and "门户网站" in x else x for x in items]
    elif spam == "pinyin" and (plain := [i for i, x in enumerate(items) if isinstance(x, str)
                                         and len(x) > 30 and not re.search(r"\d", x)]):
        k = max(plain, key=lambda i: len(items[i]))
        items[k] = nz.pinyin(items[k])
    elif spam:
        drawn.spam = "title" if spam != "hidden" else spam
        if spam != "hidden":
            items.insert(0, nz.spam_title(rng))
    return items


def row_labels(rows: list[Row]) -> list[str]:
    """One label per row: the label parts that start at this row (a flattened rowspan)."""
    out, prev = [], []
    for r in rows:
        k = 0
        while k < min(len(prev), len(r.labels) - 1) and prev[k] == r.labels[k]:
            k += 1
        out.append(" ".join(r.labels[k:]))
        prev = r.labels
    return out


def grid(t: SimTable) -> list[list[str]]:
    """Header rows + body rows as text cells (label first where the table has labels)."""
    rows = [list(h) for h in t.header]
    labels = row_labels(t.rows)
    for lab, r in zip(labels, t.rows, strict=True):
        rows.append(([lab] if r.labels else []) + [c.text for c in r.cells])
    if t.kind == "t3":
        rows[0][0] = "项目"
    return rows


def _flat(t: SimTable) -> list[str]:
    return [f"{c} |" if c else "|" for row in grid(t) for c in row]


def _spaced(t: SimTable) -> list[str]:
    return [" ".join(c for c in row if c) for row in grid(t)]


def table_lines_plain(t: SimTable, template: str) -> list[str]:
    """Scraped text's usual table: legacy flattened one cell per line, templates as text rows."""
    return _flat(t) if template == "legacy" else _spaced(t)


def to_text(doc: SimDoc, drawn: nz.Drawn, rng: random.Random,
            rx: random.Random | None = None) -> str:
    """Scraped text: legacy tables flattened one cell per line; template tables as text rows; with
    `drawn.cells`, each printed row on a line with its cells joined or spaced (flatten.py)."""
    from analysis.simulate.flatten import table_lines

    lines: list[str] = []
    for x in prose(doc, drawn, rng):
        if isinstance(x, SimTable) and drawn.cells:
            lines += table_lines(x, drawn.cells, rx or random.Random(0))
        elif isinstance(x, SimTable):
            lines += table_lines_plain(x, doc.template)
        else:
            lines.append(x)
    if doc.template == "legacy" and rng.random() < 0.5 and not doc.truncated:
        lines += TRAILER
    text = _with_gaps(lines, drawn) + "\n"
    return nz.fullwidth(text) if drawn.fullwidth else text


def _with_gaps(lines: list[str], drawn: nz.Drawn) -> str:
    """The text's lines, with the `gaps` noise: two empty lines after each line (a page saved
    paragraph by paragraph), or a spam line in the middle of the first flattened table."""
    if drawn.gaps == "paragraphs":
        return "\n\n\n".join(lines)
    if drawn.spam == "table":
        cells = [i for i, ln in enumerate(lines) if ln == "|" or ln.endswith(" |")]
        at = cells[len(cells) // 2] if cells else 0
        lines = lines[:at] + [nz.spam_title(random.Random(len(lines)))] + lines[at:]
    return "\n".join(lines)


def _md_table(t: SimTable) -> list[str]:
    rows = grid(t)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return out


def to_markdown(doc: SimDoc, drawn: nz.Drawn, rng: random.Random) -> str:
    items = prose(doc, drawn, rng)
    lines: list[str] = []
    for _i, x in enumerate(items):
        if isinstance(x, SimTable):
            lines += _md_table(x) + [""]
        elif x == doc.title:
            lines += [f"# {x}", ""]
        elif re.match(r"^[一二三四五六七八九十]、", x):
            lines += [f"## {x}", ""]
        else:
            lines += [x, ""]
    text = "\n".join(lines)
    return nz.fullwidth(text) if drawn.fullwidth else text
