"""Tables as printed with merged cells: rows of (text, rowspan, colspan), shared by the HTML and
PDF writers. Table 三 has the template's three label columns (本年度办理结果 spanning its rows,
each group spanning its sub-rows); table 四 its three header rows."""

from __future__ import annotations

from analysis.simulate.doc import SimTable
from analysis.simulate.templates import RESULTS, T4_BLOCKS, T4_NAMES

Span = tuple[str, int, int]
NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"


def simple(t: SimTable, width: int | None = None) -> list[list[Span]]:
    """Header + rows; the last cell of a short row spans to the table's width."""
    width = width or max([len(h) for h in t.header] + [len(r.cells) + 1 for r in t.rows])
    out = []
    for cells in [list(h) for h in t.header] + [[r.label] + [c.text for c in r.cells]
                                                for r in t.rows]:
        row = [(c, 1, 1) for c in cells[:-1]] + [(cells[-1], 1, width - len(cells) + 1)]
        out.append(row)
    return out


def legacy_spanned(t: SimTable) -> list[list[Span]]:
    """指标名称 and 单位 spanning two header rows under a 数量 group, as many sites print it."""
    h = t.header[0]
    top = [(h[0], 2, 1), (h[1], 2, 1), ("数量", 1, len(h) - 2)]
    sub = [(c, 1, 1) for c in h[2:]]
    return [top, sub] + simple(SimTable(t.caption, [], t.rows), len(h))


def t3(t: SimTable) -> list[list[Span]]:
    h = t.header[0]
    rows = [[(NOTE, 3, 3), ("申请人情况", 1, 7)],
            [(h[1], 2, 1), ("法人或其他组织", 1, 5), (h[7], 2, 1)],
            [(c, 1, 1) for c in h[2:7]]]
    n_results = sum(1 for r in t.rows if r.labels[0] == RESULTS)
    size: dict[str, int] = {}
    for r in t.rows:
        if len(r.labels) == 3:
            size[r.labels[1]] = size.get(r.labels[1], 0) + 1
    seen: set[str] = set()
    for r in t.rows:
        row: list[Span] = []
        if len(r.labels) == 1:
            row.append((r.labels[0], 1, 3))
        else:
            if RESULTS not in seen:
                seen.add(RESULTS)
                row.append((RESULTS, n_results, 1))
            if len(r.labels) == 3:
                if r.labels[1] not in seen:
                    seen.add(r.labels[1])
                    row.append((r.labels[1], size[r.labels[1]], 1))
                row.append((r.labels[2], 1, 1))
            else:
                row.append((r.labels[1], 1, 2))
        rows.append(row + [(c.text, 1, 1) for c in r.cells])
    return rows


def t4(t: SimTable) -> list[list[Span]]:
    r1 = [(T4_BLOCKS[0][1], 1, 5), ("行政诉讼", 1, 10)]
    r2 = [(n, 2, 1) for n in T4_NAMES] + [(zh, 1, 5) for _, zh in T4_BLOCKS[1:]]
    r3 = [(n, 1, 1) for n in T4_NAMES * 2]
    return [r1, r2, r3, [(c.text, 1, 1) for c in t.rows[0].cells]]


def spans(t: SimTable, spanned_header: bool = False) -> list[list[Span]]:
    if t.kind == "t3":
        return t3(t)
    if t.kind == "t4":
        return t4(t)
    if t.kind == "legacy" and len(t.header[0]) > 3 and spanned_header:
        return legacy_spanned(t)
    return simple(t)


def layout(grid: list[list[Span]]) -> list[tuple[int, int, int, int, str]]:
    """Each span's place in the full grid: (row, column, rowspan, colspan, text), as a browser or
    Word lays them out (a cell goes to the first column its row has free)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, rs, cs, text))
            taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            c += cs
    return out
