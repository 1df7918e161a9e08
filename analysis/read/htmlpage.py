"""HTML pages and fragments: tables kept as grids (rowspan/colspan expanded), site chrome dropped.

(Not named html.py: a module of that name breaks nbconvert's imports.)
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from analysis.clean import clean_text, normalise
from analysis.model import Flag, Table

_CHROME_ATTR = re.compile(
    r"nav|menu|header|footer|breadcrumb|crumb|share|related|sidebar|toolbar|pagination|topbar|"
    r"bottom|copyright|search", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCKS = ["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
           "table", "td", "th", "title", "span"]
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")
_MARK = "\u2063TABLE{}\u2063"


def _grid(table: Tag) -> list[list[str]]:
    """Expand rowspan/colspan: a spanned cell's text is repeated into every cell it covers."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.find_all("tr")):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            text = normalise(cell.get_text(" ", strip=True).replace("\xa0", " ")).strip()
            text = _CJK_GAP.sub("", text)
            rs = int(re.sub(r"\D", "", cell.get("rowspan", "1")) or 1)
            cs = int(re.sub(r"\D", "", cell.get("colspan", "1")) or 1)
            for dr in range(min(rs, 200)):
                for dc in range(min(cs, 50)):
                    grid[(r + dr, c + dc)] = text
            c += cs
    if not grid:
        return []
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(n_cols)] for r in range(n_rows)]


def _strip_chrome(soup: BeautifulSoup) -> list[str]:
    """Remove scripts, menus and hidden elements; return the hidden text (spam hides there)."""
    hidden = []
    for el in soup(["script", "style", "noscript", "iframe", "nav", "header", "footer", "form",
                    "select", "button"]):
        el.decompose()
    for el in soup.find_all(True):
        if el.decomposed or not isinstance(el, Tag) or el.attrs is None:
            continue
        style = el.get("style", "") or ""
        if _HIDDEN.search(style) or el.has_attr("hidden"):
            text = el.get_text(" ", strip=True)
            if text:
                hidden.append(text)
            el.decompose()
            continue
        attrs = " ".join([el.get("id", "") or ""] + list(el.get("class", []) or []))
        if attrs and _CHROME_ATTR.search(attrs) and not el.find("table"):
            el.decompose()
    return hidden


def read_html(text: str) -> tuple[str, list[Table], list[Flag], str]:
    """Return (cleaned text with table rows as `a | b` lines, tables, notes, title)."""
    soup = BeautifulSoup(text, "lxml")
    title = normalise(soup.title.get_text(strip=True)) if soup.title else ""
    hidden = _strip_chrome(soup)
    grids = []
    for table in [t for t in soup.find_all("table") if not t.find("table")]:
        grids.append(_grid(table))
        table.replace_with(soup.new_string("\n" + _MARK.format(len(grids) - 1) + "\n"))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for el in soup.find_all(_BLOCKS):
        el.insert_after("\n")
    raw = soup.get_text()
    cleaned, notes = clean_text(raw)
    if hidden:
        notes.append(Flag("spam_removed", f"dropped {len(hidden)} hidden element(s)",
                          severity="info", found=" / ".join(hidden)[:500]))
    lines, tables = [], []
    for line in cleaned.split("\n"):
        m = re.fullmatch("\u2063TABLE(\\d+)\u2063", line.strip())
        if not m:
            lines.append(line)
            continue
        rows = [r for r in grids[int(m.group(1))] if any(c for c in r)]
        if not rows:
            continue
        start = len(lines) + 1
        caption = next((x for x in reversed(lines) if x.strip()), "")
        tables.append(Table(rows=rows, index=len(tables), kind="html", line=start, caption=caption,
                            row_lines=list(range(start, start + len(rows)))))
        lines.extend(" | ".join(r) for r in rows)
    if not title:
        title = next((x for x in lines if "年度报告" in x or "年报" in x), "")
    return "\n".join(lines), tables, notes, title
