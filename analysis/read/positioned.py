"""HTML whose text is placed on the page by coordinates, not by its markup: a PDF turned into a
web page (poppler's `pdftohtml -s`, the converters sites publish reports with), every line of
text a `<p style="position:absolute;top:…px;left:…px">`, a table's cells side by side at one
`top`. Read in markup order, such a table is a cell a line in no order of rows.

Here the page is laid out again: the placed elements grouped into lines by their `top`, each
line's pieces ordered by `left` and set two spaces apart, which is how the text readers know
table columns (`pdftotext -layout`'s form); a paragraph of several lines (`<br/>` apart) keeps
them in its own order after its first.
"""

from __future__ import annotations

import re

_TOP = re.compile(r"top\s*:\s*(-?\d+(?:\.\d+)?)px")
_LEFT = re.compile(r"left\s*:\s*(-?\d+(?:\.\d+)?)px")
_ABSOLUTE = re.compile(r"position\s*:\s*absolute")
_CLASS_CSS = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")
_LINE_HEIGHT = re.compile(r"line-height\s*:\s*(\d+(?:\.\d+)?)px")
_FONT_SIZE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)px")
_NUMBERING = re.compile(r"(?:其中\s*[:：]?\s*)?(?:\d{1,2}\s*[.、．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|"
                        r"[一二三四五六七八九十]{1,3}\s*、)")
CELL_LINE = 10  # characters: an element whose every line is this short is a wrapped table cell
LEAST = 20  # placed elements: fewer is a page with a positioned box or two, read as markup
SHARE = 0.8  # of the page's text inside placed elements
SAME_LINE = 8.0  # px: pieces whose tops differ by less stand on one line (a number set in
# another font sits a few px higher than its label; two lines of text are 20 px or more apart)


def positioned_text(root, heights: dict[str, float]) -> str | None:
    """The page's text laid out by coordinates, or None when it is not such a page; `heights`:
    the page's `line_heights`, read before its <style> elements were dropped."""
    placed = [el for el in root.iter("p", "div", "span")
              if _ABSOLUTE.search(el.get("style", "")) and _TOP.search(el.get("style", ""))
              and _LEFT.search(el.get("style", "")) and el.text_content().strip()]
    outer = set(placed)
    placed = [el for el in placed if not any(a in outer for a in el.iterancestors())]
    if len(placed) < LEAST:
        return None
    total = len("".join(root.text_content().split()))
    inside = sum(len("".join(el.text_content().split())) for el in placed)
    if not total or inside < SHARE * total:
        return None
    pieces = []
    for el in placed:
        style = el.get("style")
        top, left = float(_TOP.search(style).group(1)), float(_LEFT.search(style).group(1))
        lines = [ln for ln in _lines(el) if ln]
        step = heights.get(el.get("class", ""))
        if len(lines) > 1 and step and max(map(len, lines)) <= CELL_LINE:
            # a table cell wrapped over lines (计量 / 单位): one cell at its middle, beside
            # the cells of its row that fit on one line
            top, lines = top + step * (len(lines) - 1) / 2, ["".join(lines)]
        if lines:
            size = heights.get("size:" + el.get("class", ""), 0.0)
            pieces.append((_page_of(el), top, left, lines, size))
    return _laid_out(pieces)


def line_heights(root) -> dict[str, float]:
    """class -> px between two lines of one placed element (the class's line-height), and
    "size:" + class -> its font size in px."""
    out: dict[str, float] = {}
    for style in root.iter("style"):
        for name, body in _CLASS_CSS.findall(style.text or ""):
            if m := _LINE_HEIGHT.search(body):
                out[name] = float(m.group(1))
            if m := _FONT_SIZE.search(body):
                out["size:" + name] = float(m.group(1))
    return out


def _page_of(el) -> int:
    """The index of the page box holding `el` (pdftohtml: <div id="page3-div">), else 0."""
    for a in el.iterancestors("div"):
        m = re.match(r"page(\d+)", a.get("id", ""))
        if m:
            return int(m.group(1))
    return 0


def _lines(el) -> list[str]:
    """The element's text, a line per `<br>` (the page's own tree is marked: read once)."""
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [" ".join(p.split()) for p in el.text_content().split("\n")]


def _laid_out(pieces: list[tuple[int, float, float, list[str], float]]) -> str:
    """Pieces whose first lines stand at one top make a line, ordered by left; a piece's further
    lines (a paragraph's, a wrapped cell's) follow that line in their own order, never merged
    with others by a guessed line height."""
    pieces.sort(key=lambda p: (p[0], p[1], p[2]))
    groups: list[list[tuple[float, list[str], float]]] = []
    last = None
    for page, top, left, lines, size in pieces:
        if last is not None and page == last[0] and top - last[1] < SAME_LINE:
            groups[-1].append((left, lines, size))
        else:
            groups.append([(left, lines, size)])
            last = (page, top)
    out = []
    for group in groups:
        group.sort(key=lambda g: g[0])
        out.append(_joined(group))
        out += [ln for _, lines, _ in group for ln in lines[1:]]
    return "\n".join(out)


def _width(text: str, size: float) -> float:
    """Estimated px width of one line (a CJK character one em, other characters about half)."""
    return size * sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in text)


def _joined(group: list[tuple[float, list[str], float]]) -> str:
    """A line's pieces in order. Pieces that touch (a run split where the font changes: 条 then
    84168) join as printed; a gap of about a space is a space; a wider one parts columns (two
    spaces). Without a font size, pieces part columns. A numbering printed as a piece of its own
    (`2.` in a column before 政府公报公开) joins the label after it."""
    out = ""
    for k, (left, lines, _) in enumerate(group):
        text = lines[0]
        if not k:
            out = text
            continue
        p_left, p_lines, p_size = group[k - 1]
        gap = left - (p_left + _width(p_lines[0], p_size)) if p_size else None
        if _NUMBERING.fullmatch(p_lines[0]) or (gap is not None and gap < 0.6 * p_size):
            out += text
        elif gap is not None and gap < 1.5 * p_size:
            out += " " + text
        else:
            out += "  " + text
    return out
