"""Pre-2019 local statistics tables (统计表) -> facts, through the alias table, never by position.

Columns are recognised by their header (历年累计数 -> cumulative, 本年度数 / 2011年度数 / 统计数 ->
annual, 同比增减 -> yoy_pct, 单位 -> unit). A row label that no alias matches becomes an
`unmapped_label` flag with the raw label: nothing is dropped silently.
"""

from __future__ import annotations

import functools
import math
import re

from analysis import vocab
from analysis.clean import unspaced
from analysis.model import UNRESOLVED, Document, Fact, Flag, Meta, Table
from analysis.parse.numbers import parse_cell

_MEASURES = [
    (re.compile(r"累计"), "cumulative"),
    (re.compile(r"同比|增减|增长"), "yoy_pct"),
    (re.compile(r"本年|年度数|统计数|数量|数值|(19|20)\d{2}\s*年|^年\s*度$"), "annual"),
]
_LABEL_COL = re.compile(r"指标|名称|项目")
_OVER = re.compile(r"数量|统计数")  # a word over the measure columns, merged into their names
_PLACEHOLDER = re.compile(r"^Col\d+$")  # what a PDF-to-Markdown tool names an empty header cell
_UNIT_COL = re.compile(r"^(?:计量\s*)?单位$")
_NUMBERING = re.compile(r"^(其中\s*[::]?\s*)?([((]?[一二三四五六七八九十\d]+[))]?\s*[、.．:]?\s*)?(其中\s*[::]?)?")


def clean_label(label: str) -> str:
    """Strip numbering (其中:1. / 4、 / (一)) and spaces.

    >>> clean_label("其中:1.网上政府信息公开专栏公开")
    '网上政府信息公开专栏公开'
    """
    s = unspaced(label)
    s = _NUMBERING.sub("", s, count=1)
    return s.strip(":")


@functools.lru_cache(maxsize=65536)
def exact_label(label: str) -> str | None:
    """Indicator id for a label that is an alias exactly (after numbering and a 数/公开 suffix);
    None otherwise, and for heading rows. For labels met in prose, where a near match is no
    evidence.

    >>> exact_label("其中当面申请数"), exact_label("当面申请"), exact_label("开设窗口")
    ('request.channel.in_person', 'request.channel.in_person', None)
    """
    aliases = vocab.legacy_aliases()
    s = clean_label(label)
    for cand in (s, s + "数", s + "公开", s[:-1] if s.endswith("数") else None):
        if cand and aliases.get(cand):
            return aliases[cand]
    return None


def map_label(label: str) -> str | None:
    """Indicator id for a legacy row label ('' for a known heading row), None when unmapped."""
    aliases = vocab.legacy_aliases()
    s = clean_label(label)
    if s in aliases:
        return aliases[s]
    for suffix in ("数", "公开", "情况"):
        if s + suffix in aliases:
            return aliases[s + suffix]
        if s.endswith(suffix) and s[: -len(suffix)] in aliases:
            return aliases[s[: -len(suffix)]]
    best = max((a for a in aliases if len(a) >= 4 and a in s), key=len, default=None)
    if best and len(best) >= 0.6 * len(s):
        return aliases[best]
    return None


def _columns(header: list[str]) -> tuple[int | None, int | None, dict[int, str]] | None:
    """(label column, unit column, {column: measure}) from a header row; None if not a stats table."""
    label_col = next((i for i, c in enumerate(header) if _LABEL_COL.search(c)), None)
    unit_col = next((i for i, c in enumerate(header) if _UNIT_COL.match(c.strip())), None)
    measures: dict[int, str] = {}
    for i, cell in enumerate(header):
        if sum(any(rx.search(w) for rx, _ in _MEASURES) for w in cell.split()) > 1 or \
                len({m for rx, m in _MEASURES if rx.search(_OVER.sub("", cell))}) > 1:
            return None  # two columns' names in one cell (年度 历年累计, 历年累计数本年度数同比):
            # the cells are not aligned
        if i in (label_col, unit_col):
            continue
        for rx, measure in _MEASURES:
            if rx.search(cell) and measure not in measures.values():
                measures[i] = measure
                break
    if not measures:
        return None
    return (label_col if label_col is not None else 0), unit_col, measures


def _location(doc: Document, t: Table, r: int, header: str) -> str:
    where = f"table {t.index + 1}"
    if t.caption:
        where += f" ({t.caption})"
    line = f" line {t.row_lines[r]}" if r < len(t.row_lines) else ""
    return f"{where} row {r} col {header}{line}"


def _header(rows: list[list[str]]) -> tuple[list[str], int]:
    """Merge a header spread over several rows (rowspan/colspan) into one; returns (header, n rows)."""
    header = list(rows[0])
    n = 1
    while n < len(rows) and rows[n] and rows[n][0] in (rows[0][0], "") and \
            not any((c := parse_cell(x)) and c.status == "reported" for x in rows[n][1:]):
        header = [h if (i >= len(rows[n]) or rows[n][i] in (h, "")) else h + rows[n][i]
                  for i, h in enumerate(header)]
        n += 1
    return header, n


def _title_rows(rows: list[list[str]]) -> int:
    """Rows above the header that are not part of the table: a caption a converter put in the
    first row (`附件1:…统计表 | Col2 | Col3`), empty rows, or the page's prose when a PDF's ruled
    grid of the whole page holds the table (each line of prose a row of one filled cell). The
    header is the first row after them that names the label column and a measure. 0 when none."""
    k = 0
    while k < len(rows) - 1 and sum(
            bool(c.strip()) and not _PLACEHOLDER.match(c.strip()) for c in rows[k]) <= 1:
        k += 1
        head = _header(rows[k:])[0]
        if _columns(head) is not None and (k <= 3 or any(_LABEL_COL.search(c) for c in head)):
            return k
    return 0


def header_of(rows: list[list[str]]) -> tuple[list[str], int]:
    """A table's header (merged over its rows) and the rows before its first data row."""
    skip = _title_rows(rows)
    header, n_head = _header(rows[skip:])
    return header, n_head + skip


def _label_span(header: list[str], label_col: int) -> list[int]:
    """The label columns: the label column and those after it under the same header (指标名称 over
    two columns, a merged 其中 cell beside the sub-rows' own labels); their cells make the label."""
    span = [label_col]
    while span[-1] + 1 < len(header) and header[span[-1] + 1] == header[label_col] != "":
        span.append(span[-1] + 1)
    return span


def parse_table(doc: Document, t: Table, carried: list[str] | None = None
                ) -> tuple[list[Fact], list[Flag]]:
    """Facts of one table. `carried` is the header of the table before, for a table continued on
    the next page without repeating its header."""
    facts: list[Fact] = []
    flags: list[Flag] = []
    if not t.rows:
        return facts, flags
    header, n_head = header_of(t.rows)
    cols = _columns(header)
    if cols is None and carried and len(carried) == t.n_cols and map_label(t.rows[0][0]):
        header, n_head, cols = carried, 0, _columns(carried)
    if cols is None:
        return facts, flags
    label_col, unit_col, measures = cols
    width = len(header)
    spanned = _label_span(header, label_col)
    for r, row in enumerate(t.rows[n_head:], start=n_head):
        label = "".join(dict.fromkeys(c for i in spanned if i < len(row) and (c := row[i].strip())))
        if len(row) < width:
            flags.append(Flag("truncated_table", f"row {r} has {len(row)} of {width} cells",
                              expected=str(width), found=str(len(row)),
                              location=_location(doc, t, r, "")))
        indicator = map_label(label)
        if indicator is None:
            flags.append(Flag("unmapped_label", f"row label not in the alias table: {label}",
                              found=label, location=_location(doc, t, r, "")))
            continue
        if not indicator:
            continue  # a heading row
        unit = row[unit_col] if unit_col is not None and unit_col < len(row) else ""
        unit = unit or vocab.indicators().get(indicator, {}).get("unit", "")
        for c, measure in measures.items():
            if c >= len(row):
                continue
            raw = row[c]
            loc = _location(doc, t, r, header[c])
            if (r, c) in t.apart:
                loc += f" ({t.apart[(r, c)]})"
            if (r, c) in t.unsure:
                facts.append(_unresolved(indicator, measure, unit, label, t.unsure[(r, c)], loc))
                flags.append(Flag("ambiguous_cells", f"row {label}: {t.unsure[(r, c)]}: not "
                                  "placed in its column for certain", indicator=indicator,
                                  found=t.unsure[(r, c)], location=loc))
                continue
            cell = parse_cell(raw, money=("万元" in unit or "元" == unit))
            if cell is None:
                flags.append(Flag("unparsed_value", f"not a number: {raw}", indicator=indicator,
                                  found=raw, location=loc))
                continue
            facts.append(Fact(indicator=indicator, value=cell.value, status=cell.status,
                              measure=measure, unit="%" if measure == "yoy_pct" else unit,
                              source="table", raw_label=label, raw_value=raw, location=loc))
    return facts, flags


def _unresolved(indicator: str, measure: str, unit: str, label: str, readings: str, loc: str
                ) -> Fact:
    return Fact(indicator=indicator, value=math.nan, status=UNRESOLVED, measure=measure,
                unit=unit, source="table", raw_label=label, raw_value=readings,
                location=loc + " (ambiguous: see flag)")


def parse_legacy(doc: Document, meta: Meta, tables: list[Table] | None = None
                 ) -> tuple[list[Fact], list[Flag]]:
    """All legacy statistics tables of a document (`tables`: its tables as put together again,
    `fragments.rejoin`; the document's own when None)."""
    facts: list[Fact] = []
    flags: list[Flag] = []
    carried: list[str] | None = None
    for t in doc.tables if tables is None else tables:
        f, fl = parse_table(doc, t, carried)
        facts += f
        flags += fl
        header = header_of(t.rows)[0] if t.rows else None
        if header and _columns(header):
            carried = header
    if not facts and not any(f.rule == "unmapped_label" for f in flags):
        flags.append(Flag("no_table", "no legacy statistics table found", severity="warning"))
    return facts, flags
