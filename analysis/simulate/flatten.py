"""Tables as a crawler's text of the page leaves them: every cell of the HTML table in document order
(a merged cell once, where the HTML has it), run together with no separator, split by single
spaces, or a mix of both.

Modelled on real crawled pages: `本年新收政府信息公开申请数量801000081` (80 1 0 0 0 0 81), table 四's
fifteen cells as one run, a legacy row `主动公开文件数条294981916` (unit 条, then 2949 and 81916), a
label's numbering glued to the previous row's digits (`…179533042.政府公报公开`), a stray space
after a label or before the last cell (`500000 5`), some cells separated and some not
(`20 0 00 0 121`), header cells broken by a space (`本年度办 理结果`, `社会公益 组织`).

Each value cell's truth records how its row was printed (`printed`: joined, mixed or spaced).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from analysis.simulate.doc import SimTable
from analysis.simulate.spans import spans
from analysis.simulate.templates import GROUPS, RESULTS

_ASCII_PUNCT = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；"})
_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def cjk_punct(text: str) -> str:
    """ASCII brackets, colons, semicolons and (outside numbers) commas to the full-width forms
    government pages use; NFKC folds them back."""
    return _COMMA.sub("，", text.translate(_ASCII_PUNCT))


@dataclass
class Style:
    """How one table is flattened: the cells' separator and the page's small habits."""

    mode: str  # joined | spaced
    label_gap: str = ""  # between a row's label and its first value
    row_gap: str = ""  # between rows
    mixed: float = 0.0  # share of joined rows printed with some cells separated
    broken: int = 0  # header or label cells broken by a stray space
    repeat_results: bool = False  # 三、本年度办理结果 printed again before (四) (a page break in Word)

    @classmethod
    def draw(cls, mode: str, rng: random.Random) -> Style:
        if mode == "spaced":
            return cls("spaced", " ", " ")
        return cls("joined", rng.choice(["", "", " "]), rng.choice(["", "", "", " "]),
                   rng.choice([0.0, 0.0, 0.1, 0.25]), rng.choice([0, 0, 1, 2]),
                   rng.random() < 0.2)


def _break(text: str, rng: random.Random) -> str:
    """A stray space between two Chinese characters of a cell (本年度办 理结果)."""
    spots = [i for i in range(1, len(text)) if _CJK.match(text[i - 1]) and _CJK.match(text[i])]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + " " + text[i:]


def _values(texts: list[str], st: Style, rng: random.Random) -> tuple[str, str]:
    """The value cells of one row and how they were printed (an empty cell leaves no trace)."""
    cells = [t for t in texts if t]
    if st.mode == "spaced" or len(cells) < 2:
        return " ".join(cells), ("spaced" if st.mode == "spaced" else "joined")
    if rng.random() >= st.mixed:
        out = "".join(cells)
        if rng.random() < 0.05:  # one stray space before the last cell: 500000 5
            out = "".join(cells[:-1]) + " " + cells[-1]
            return out, "mixed"
        return out, "joined"
    seps = [" " if rng.random() < 0.4 else "" for _ in cells[1:]]
    if not any(seps):
        seps[rng.randrange(len(seps))] = " "
    return cells[0] + "".join(s + c for s, c in zip(seps, cells[1:], strict=True)), "mixed"


def flatten(t: SimTable, st: Style, rng: random.Random) -> list[str]:
    """The table as text pieces, one per printed row; marks each value cell's truth."""
    grid = spans(t, spanned_header=rng.random() < 0.5)
    n_head = len(grid) - len(t.rows)
    sep = " " if st.mode == "spaced" else ""
    broken = set(rng.sample(range(n_head), min(st.broken, n_head))) if n_head else set()
    out = []
    for i in range(n_head):
        cells = [text for text, _, _ in grid[i] if text]
        if i in broken:
            k = max(range(len(cells)), key=lambda j: len(cells[j]))
            cells[k] = _break(cells[k], rng)
        out.append(sep.join(cells) if st.mode == "spaced" else _header_run(cells, rng))
    for row, printed_row in zip(t.rows, grid[n_head:], strict=True):
        n = len(row.cells)
        labels = [text for text, _, _ in printed_row[: len(printed_row) - n] if text]
        if st.repeat_results and row.labels[1:2] == [GROUPS["unavailable"]] and RESULTS not in labels \
                and row is _first_of(t, GROUPS["unavailable"]):
            labels.insert(0, RESULTS)
        unit = row.cells[0].text if t.unit_col else ""  # 条 / 件 / 元 between label and values
        cells = row.cells[1:] if t.unit_col else row.cells
        values, how = _values([c.text for c in cells], st, rng)
        for c in cells:
            if c.truth is not None:
                c.truth.printed = how
        label = sep.join(labels)
        gap = st.label_gap if label and (unit or values) else ""
        out.append(label + gap + unit + (sep if unit and values else "") + values)
    return out


def _header_run(cells: list[str], rng: random.Random) -> str:
    """Header cells run together, now and then one space between two of them (总计 商业企业)."""
    if len(cells) > 2 and rng.random() < 0.3:
        k = rng.randrange(1, len(cells))
        return "".join(cells[:k]) + " " + "".join(cells[k:])
    return "".join(cells)


def _first_of(t: SimTable, group: str):
    return next(r for r in t.rows if r.labels[1:2] == [group])


def table_text(t: SimTable, mode: str, rng: random.Random) -> str:
    """The whole table as one run of text (a crawled page keeps it on the page's line)."""
    st = Style.draw(mode, rng)
    return st.row_gap.join(flatten(t, st, rng))


def table_lines(t: SimTable, mode: str, rng: random.Random) -> list[str]:
    """The table one printed row per line (text saved from a page whose rows kept their breaks)."""
    return flatten(t, Style.draw(mode, rng), rng)
