"""Fuzzing the readers and the table parsers: hypothesis strategies and the oracles they are checked by.

Shared by the small property tests in the suite (tests/test_hostile.py) and the bounded large run
(benchmarks/fuzz.py). The oracles: a reader either returns a report whose every fact is traceable
or raises ReadError with a reason (anything else is a bug: ingest would list a traceback location);
a table parser returns facts and flags, never an exception; nothing takes long.
"""

from __future__ import annotations

import codecs
import math
import time
from pathlib import Path

from hypothesis import strategies as st

from analysis import vocab
from analysis.model import STATUSES, Document, Meta, Table
from analysis.pipeline import read_report
from analysis.read import ReadError

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".txt", ".md", ".html", ".pdf", ".docx")
# pieces that broke a reader once, or sit where parsers make decisions
FRAGMENTS = [
    "指标名称 |", "单位 |", "本年度数 |", "主动公开政府信息数 |", "条 |", "12 |", "|", "| 信息内容 | 本年制发件数 |",
    "|---|---|", "(七)总计 1 2 3", "行政复议 0 0 0 0 0", "<table><tr><td rowspan=\"999999\">x</td></tr>",
    "<td rowspan=200 colspan=50>1</td>", "<div>" * 300, "<!--[if ", "<!--x-->", "当前位置:首页>",
    "相关文章\n", "本年新收政府信息公开申请数量", "行政复议结果维持", "1" * 300, "1," * 100, "英皇娱乐",
    "公(gong)开(kai)", "二〇一一年十二月三十一日", "2011年度数", "—", "无", "１２３", "\t", "  ", "\ufeff",
    "\x00", "\r", "=HYPERLINK(\"x\")", "(一)予以公开", "1.属于国家秘密", "第二十条第(一)项", "\n" * 50,
    "<script>alert(1)</script>", "<span style='display:none'>x</span>", "%PDF-1.4", "\xa0",
]


def seeds(limit: int = 64 * 1024) -> list[tuple[str, bytes]]:
    """Real-looking reports to mutate: the bundled sample and the test fixtures, small ones only."""
    out = []
    for folder in (ROOT / "data" / "sample", ROOT / "tests" / "fixtures"):
        for p in sorted(folder.rglob("*")):
            if p.suffix in SUFFIXES and p.is_file() and p.stat().st_size <= limit:
                out.append((p.suffix, p.read_bytes()))
    return out


@st.composite
def mutated(draw, pool: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    """A seed report with a few random edits: flips, cuts, repeats, splices, hostile pieces,
    another encoding."""
    suffix, data = draw(st.sampled_from(pool))
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "repeat", "splice", "fragment", "reencode",
                                   "truncate"]))
        n = len(data)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 2000)))
        if op == "flip" and n:
            data[min(a, n - 1)] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[a:b]
        elif op == "repeat":
            data[a:b] = data[a:b] * draw(st.integers(2, 20))
        elif op == "splice":
            other = draw(st.sampled_from(pool))[1]
            data[a:a] = other[: draw(st.integers(0, 4000))]
        elif op == "fragment":
            data[a:a] = draw(st.sampled_from(FRAGMENTS)).encode("utf-8") * draw(st.integers(1, 50))
        elif op == "reencode":
            enc = draw(st.sampled_from(["gb18030", "big5", "utf-16", "utf-8-sig"]))
            data = bytearray(bytes(data).decode("utf-8", "replace").encode(enc, "replace"))
        elif op == "truncate":
            del data[a:]
    return suffix, bytes(data[: 512 * 1024])


def random_files() -> st.SearchStrategy[tuple[str, bytes]]:
    """Random bytes, and random text around the fragments, under any reader's suffix."""
    text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=80)
    return st.tuples(st.sampled_from(SUFFIXES), st.one_of(
        st.binary(max_size=4000),
        text.map(lambda parts: "\n".join(parts).encode("utf-8")),
        text.map(lambda parts: "".join(parts).encode("gb18030", "replace")),
        text.map(lambda parts: ("<p>" + "</p><p>".join(parts) + "</p>").encode("utf-8"))))


def check_read(path: Path) -> float:
    """Read one file through the whole pipeline; the seconds it took. Raises on a broken oracle."""
    t0 = time.perf_counter()
    try:
        rep = read_report(path)
    except ReadError as exc:
        assert str(exc), "a ReadError without a reason"
        return time.perf_counter() - t0
    _traceable(rep.facts, rep.flags)
    return time.perf_counter() - t0


def _traceable(facts, flags) -> None:
    """Every fact keeps its place and a value that agrees with its status; every flag's rule is
    listed (vocab/rules.csv)."""
    for f in facts:
        assert f.location, f"a fact without its place: {f}"
        assert f.status in STATUSES, f.status
        assert (f.status == "reported") != math.isnan(f.value), f"value {f.value} for {f.status}"
    rules = vocab.rules()
    for fl in flags:
        assert fl.rule in rules, f"flag rule {fl.rule!r} is not in vocab/rules.csv"


# --- the table parsers, fed directly --------------------------------------------------------

CELLS = ["", "0", "12", "1,825", "—", "/", "无", "不适用", "22(其中修订16件)", "0.5万", "-3", "x", "条",
         "主动公开政府信息数", "政府网站公开", "指标名称", "单位", "本年度数", "历年累计数", "同比增减(%)",
         "(一)予以公开", "1.属于国家秘密", "自然人", "总计", "行政复议", "结果维持", "1" * 30]


def grids() -> st.SearchStrategy[list[list[str]]]:
    cell = st.one_of(st.sampled_from(CELLS), st.text(max_size=12))
    return st.lists(st.lists(cell, min_size=1, max_size=16), min_size=1, max_size=30)


def check_grid(rows: list[list[str]], year: int = 2015) -> None:
    """A grid through the legacy and the template table parsers, as an HTML page would give it."""
    from analysis.parse.legacy.tables import parse_legacy
    from analysis.parse.template.document import parse_template

    text = "\n".join(" | ".join(r) for r in rows)
    table = Table(rows=rows, index=0, kind="html", line=1, row_lines=list(range(1, len(rows) + 1)))
    doc = Document(path="fuzz.html", form="html", encoding="utf-8", text=text, tables=[table])
    for template in ("legacy", "t2019", "t2021"):
        meta = Meta(agency="示例市统计局", year=year, template=template)
        parse = parse_legacy if template == "legacy" else parse_template
        _traceable(*parse(doc, meta))


def run_on_text() -> st.SearchStrategy[str]:
    """Run-on text: template labels and legacy labels with digit runs, cells joined or spaced."""
    words = st.sampled_from(["本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "(一)予以公开",
                             "(三)不予公开", "1.属于国家秘密", "(七)总计", "四、结转下年度继续办理",
                             "行政复议", "结果维持", "总计", "第二十条第(一)项", "规章", "行政许可",
                             "指标名称", "单位", "本年度数", "历年累计", "主动公开政府信息数", "条", "件"])
    digits = st.text(alphabet="0123456789 ,.-—/", min_size=1, max_size=40)
    return st.lists(st.one_of(words, digits), max_size=60).map(" ".join)


def check_run_on(text: str) -> None:
    """The run-on readers (template tables 二/三/四, legacy text tables) on one text."""
    from analysis.parse.legacy import text as legacy_text
    from analysis.parse.template import joined as t_joined

    for template in ("t2019", "t2021"):
        meta = Meta(agency="示例市统计局", year=2021, template=template)
        for facts, flags, _ in (t_joined.requests(text, meta), t_joined.review(text),
                                t_joined.proactive(text, meta)):
            _traceable(facts, flags)
    _traceable(*legacy_text.parse_text_table(text))


def token_rows() -> st.SearchStrategy[tuple[list[str], tuple[str, ...]]]:
    from analysis.parse.cells.splits import AMOUNT, COUNT, SIGNED

    tok = st.one_of(st.text(alphabet="0123456789", min_size=1, max_size=30),
                    st.sampled_from(["—", "-", "/", "无", "-12", "3.5", "0"]))
    return st.tuples(st.lists(tok, min_size=1, max_size=8),
                     st.lists(st.sampled_from([COUNT, SIGNED, AMOUNT]), min_size=1,
                              max_size=15).map(tuple))


def check_split(toks: list[str], kinds: tuple[str, ...]) -> None:
    from analysis.parse.cells.splits import split_row, valid

    got = split_row(toks, kinds)
    for option in got.options:
        assert len(option) == len(kinds)
        assert all(valid(c, k) for c, k in zip(option, kinds, strict=True)), option


def write(tmp: Path, suffix: str, data: bytes) -> Path:
    p = tmp / f"fuzz{suffix}"
    p.write_bytes(data)
    return p


def describe(suffix: str, data: bytes) -> str:
    """A short, printable picture of an input, for a findings list."""
    head = codecs.decode(data[:120], "utf-8", "replace").replace("\n", "\\n")
    return f"{suffix}, {len(data)} bytes: {head!r}"
