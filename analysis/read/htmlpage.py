"""HTML pages and fragments: tables kept as grids (rowspan/colspan expanded), site chrome dropped.

Parsed with lxml directly (bs4 cost several times more per page). Not named html.py: a module of
that name breaks nbconvert's imports.
"""

from __future__ import annotations

import functools
import re

import lxml.html
from lxml import etree

from analysis.clean import clean_text, normalise
from analysis.clean.spam import has_spam
from analysis.model import Flag, Table
from analysis.read.positioned import line_heights, positioned_text

_CHROME_ATTR = re.compile(
    r"nav|menu|header|footer|breadcrumb|crumb|share|related|sidebar|toolbar|pagination|topbar|"
    r"bottom|copyright|search", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_DROP_TAGS = {"script", "style", "noscript", "iframe", "nav", "header", "footer", "form", "select",
              "button", "head"}
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
           "table", "td", "th", "title", "ul", "ol", "dd", "dt", "pre", "blockquote"}
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DROPPED, _HIDDEN_MARK = "xxgk-dropped", "data-xxgk-hidden"
_MARK = "\u2063TABLE{}\u2063"
MAX_CELLS = 20_000  # per table once spans are expanded; a 2021 table 三 has about 250
_MARK_LINE = re.compile("\u2063TABLE(\\d+)\u2063")


def _span(cell, name: str, cap: int) -> int:
    value = cell.get(name)
    if not value:
        return 1
    digits = value if value.isdigit() else re.sub(r"\D", "", value)
    return max(1, min(int(digits or 1), cap))


def _cell_text(cell) -> str:
    raw = cell.text_content()
    if raw.isascii() and raw.strip().replace(".", "").replace(",", "").isdigit():
        return raw.strip()  # a plain number: nothing to normalise (the common case)
    return _tidy(raw) if len(raw) <= 512 else _tidy.__wrapped__(raw)


@functools.lru_cache(maxsize=1 << 14)
def _tidy(raw: str) -> str:
    """A cell's text normalised, kept per process (labels recur table after table)."""
    text = normalise(raw.replace("\xa0", " ")).replace("\n", " ").strip()
    return _CJK_GAP.sub("", text)


def _grid(table) -> tuple[list[list[str]], bool]:
    """Expand rowspan/colspan: a spanned cell's text is repeated into every cell it covers.

    At most MAX_CELLS cells are filled per table (a 42 KB table of huge spans once took 1.7 GB);
    past that a cell's span is ignored and further rows are dropped. Returns (rows, capped)."""
    grid: dict[tuple[int, int], str] = {}
    capped = False
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    for r, tr in enumerate(rows):
        if len(grid) >= MAX_CELLS:
            capped = True
            break
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = _cell_text(cell)
            rs, cs = _span(cell, "rowspan", 200), _span(cell, "colspan", 50)
            if len(grid) + rs * cs > MAX_CELLS:
                rs, cs, capped = 1, 1, True
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text
            c += cs
    if not grid:
        return [], capped
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    if n_rows * n_cols > 4 * MAX_CELLS:  # sparse but huge: keep the rows that fit
        n_rows, capped = max(1, 4 * MAX_CELLS // n_cols), True
    return [[grid.get((r, c), "") for c in range(n_cols)] for r in range(n_rows)], capped


def _with_tables(root) -> set:
    """The elements that contain a table, each found once from below (linear, unlike asking every
    element for `.//table`)."""
    found: set = set()
    for table in root.iter("table"):
        p = table.getparent()
        while p is not None and p not in found:
            found.add(p)
            p = p.getparent()
    return found


def _doomed(el, with_tables: set) -> bool:
    if el.tag in _DROP_TAGS:
        return True
    attrs = f"{el.get('id', '')} {el.get('class', '')}"
    return bool(attrs.strip() and _CHROME_ATTR.search(attrs) and el not in with_tables)


def _strip_chrome(root) -> list[str]:
    """Remove scripts, menus and hidden elements; return the hidden text (spam hides there).

    Doomed elements are renamed and removed in one pass by lxml (dropping them one by one
    re-joined the surrounding text each time: quadratic in the number of siblings)."""
    hidden: list[str] = []
    with_tables = _with_tables(root)
    in_hidden = 0  # inside a hidden element: its text is already collected
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            in_hidden -= el.get(_HIDDEN_MARK) is not None
            continue
        if _HIDDEN.search(el.get("style", "")) or el.get("hidden") is not None:
            text = "" if in_hidden else el.text_content().strip()
            if text:
                hidden.append(" ".join(text.split()))
            el.set(_HIDDEN_MARK, "")
            in_hidden += 1
        elif not _doomed(el, with_tables):
            continue
        el.tag = _DROPPED  # renaming keeps the walk going into its children
    etree.strip_elements(root, _DROPPED, with_tail=False)
    return hidden


def _title(root) -> str:
    t = root.find(".//title")
    return normalise(t.text_content()).strip() if t is not None else ""


def _text_with_marks(root) -> tuple[str, list[list[list[str]]], int]:
    """(text with a mark line per innermost table, the tables' grids, how many were capped)."""
    grids, n_capped = [], 0
    for table in root.xpath("//table[not(.//table)]"):
        grid, capped = _grid(table)
        grids.append(grid)
        n_capped += capped
        mark = etree.Element("p")
        mark.text = _MARK.format(len(grids) - 1)
        mark.tail = table.tail
        table.getparent().replace(table, mark)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag == "br":
                continue
            el.text = "\n" + (el.text or "")
    return root.text_content(), grids, n_capped


def _parse(text: str):
    """(root, resource-limit messages). huge_tree lifts libxml2's limits (depth 256, 10 MB text
    nodes: past them it silently dropped the rest of the page) to depth 2048; what still hits a
    limit is reported, never lost without a word."""
    if not text.strip():
        return lxml.html.fromstring("<p/>"), []
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except etree.ParserError:  # nothing left once comments go: an empty page
        return lxml.html.fromstring("<p/>"), []
    return root, [e.message.strip() for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]


def _hidden_flags(hidden: list[str]) -> list[Flag]:
    """Hidden elements dropped: spam where they hold spam words (spam hides there), else page
    chrome (a login widget, a search history): the text is never shown on the page either way."""
    spam, other = [], []
    for h in hidden:
        (spam if has_spam(h) else other).append(h)
    out = []
    if spam:
        out.append(Flag("spam_removed", f"dropped {len(spam)} hidden element(s) holding spam words",
                        severity="info", found=" / ".join(spam)[:500]))
    if other:
        out.append(Flag("chrome_removed", f"dropped {len(other)} hidden element(s) (not shown on "
                        "the page)", severity="info", found=" / ".join(other)[:500]))
    return out


def read_html(text: str) -> tuple[str, list[Table], list[Flag], str]:
    """Return (cleaned text with table rows as `a | b` lines, tables, notes, title)."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding decl
    text = _CONTROL.sub("", text)  # XML forbids control characters; lxml raises on them
    root, limits = _parse(text)
    title = _title(root)
    placing = "absolute" in text  # a PDF made into a page (pdftohtml): text placed by px
    heights = line_heights(root) if placing else {}  # from <style>, which goes with the chrome
    hidden = _strip_chrome(root)
    laid = positioned_text(root, heights) if placing else None
    raw, grids, n_capped = (laid, [], 0) if laid is not None else _text_with_marks(root)
    cleaned, notes = clean_text(raw)
    if limits:
        notes.append(Flag("html_truncated", "the HTML parser stopped at a resource limit: text "
                          "nested deeper or placed after that point is missing",
                          severity="error", found=" / ".join(limits)[:500]))
    if n_capped:
        notes.append(Flag("table_capped", f"{n_capped} HTML table(s) expand past {MAX_CELLS} cells "
                          "with their rowspan/colspan: cut there, cells beyond are missing",
                          severity="warning", found=str(n_capped)))
    notes += _hidden_flags(hidden)
    lines, tables = [], []
    for line in cleaned.split("\n"):
        m = _MARK_LINE.fullmatch(line.strip())
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
