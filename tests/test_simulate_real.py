"""The simulator's real-file kinds (issue 9): each appears in a corpus with its truth, and the file
really has the shape (a joined row is its values' digits with no separator, a Fujian row is label,
unit, year's figure and cumulative run together, an OCR'd table 三 is one pipe table per row...)."""

from __future__ import annotations

import csv
import re
import zipfile
import zlib
from collections import defaultdict
from pathlib import Path

import pytest

from analysis.simulate import Noise, fujian, prose, simulate
from analysis.simulate.draws import APPLICANTS
from analysis.simulate.flatten import cjk_punct
from analysis.simulate.templates import LEAVES

T3_ORDER = APPLICANTS + ["total"]
T4_ORDER = [f"{b}.{c}" for b in ("review", "litigation_direct", "litigation_after_review")
            for c in ("upheld", "corrected", "other", "pending", "total")]
LABELS = {f"request.result.{leaf}": label for leaf, label in LEAVES}
LABELS.update({"request.new": "一、本年新收政府信息公开申请数量", "request.carried_in":
               "二、上年结转政府信息公开申请数量", "request.carried_out": "四、结转下年度继续办理",
               "request.result.other": "(六)其他处理"})


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _corpus(root: Path) -> tuple[list[dict], dict[str, list[dict]], dict[str, set[str]]]:
    files = [f for f in _rows(root / "truth" / "files.csv") if f["expect"] == "report"]
    facts, flags = defaultdict(list), defaultdict(set)
    for r in _rows(root / "truth" / "facts.csv"):
        facts[r["path"]].append(r)
    for r in _rows(root / "truth" / "flags.csv"):
        flags[r["path"]].add(r["rule"])
    return files, facts, flags


def _has(f: dict, kind: str) -> bool:
    return kind in f["noise"].split(";")


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("real")
    noise = Noise(spam=0.1, gbk=0.0, fullwidth=0.0, blanks=0.3, inconsistent=0.3, missing=0.0,
                  bad=0.1, crawled=0.7, joined=0.6, spaced=0.4, fujian=0.7, prose=0.8, ocr=1.0,
                  dropped=0.7, docx=0.15, errors=1.0)
    simulate(root, agencies=6, years=(2012, 2024), seed=21, noise=noise,
             forms=("text", "markdown", "html", "docx"))
    return root


def _table(facts: list[dict], indicator: str, order: list[str]) -> list[str]:
    got = {r["breakdown"]: r["value"] for r in facts
           if r["indicator"] == indicator and r["source"] == "table"}
    return [got[c] for c in order]


def _run(values: list[str], printed: str) -> str:
    """A regex for a row's values as printed (mixed: some cells separated by a space)."""
    sep = {"joined": "", "spaced": " ", "mixed": " ?"}[printed]
    return sep.join(re.escape(v) for v in values)


def test_crawled_pages_have_the_header_block_and_a_one_line_body(real: Path) -> None:
    files, _, _ = _corpus(real)
    pages = [f for f in files if _has(f, "crawled")]
    assert len(pages) >= 10 and all(f["path"].endswith(".page.txt") for f in pages)
    crumbs = 0
    for f in pages:
        head, body = (real / f["path"]).read_text(encoding="utf-8").split(" 正文 " + "=" * 20 + "\n")
        keys = [line.split(":")[0] for line in head.split("\n")[:7]]
        assert keys == ["标题", "发布时间", "文号", "发布机构", "栏目", "原文链接", "本地目录"]
        lines = [x for x in body.split("\n") if x.strip()]
        assert len(lines) <= 3 and max(map(len, lines)) > 400, f["path"]
        crumbs += body.startswith("当前位置：")
    assert 0 < crumbs < len(pages)  # some pages open with the breadcrumb, some do not


def test_table_three_and_four_rows_are_printed_as_their_truth_says(real: Path) -> None:
    """Joined rows: the seven values' digits with no separator right after the label; spaced rows:
    single spaces; mixed rows: some of each. Table 四's fifteen cells likewise."""
    files, facts, _ = _corpus(real)
    seen = defaultdict(int)
    for f in files:
        if f["template"] == "legacy" or not (_has(f, "joined") or _has(f, "spaced")):
            continue
        text = (real / f["path"]).read_text(encoding="utf-8")
        by_row = defaultdict(list)
        for r in facts[f["path"]]:
            if r["source"] == "table" and r["indicator"] in LABELS:
                by_row[r["indicator"]].append(r)
        for ind, rows in by_row.items():
            (printed,) = {r["printed"] for r in rows}
            values = _table(rows, ind, T3_ORDER)
            label = re.escape(cjk_punct(LABELS[ind]) if _has(f, "crawled") else LABELS[ind])
            # the run ends where the text stops being digits, or where the next row's numbering
            # (2.其他…) is glued to it
            assert re.search(label + " ?" + _run(values, printed) + r"(?=$|\D|\d[.、])", text), (
                f["path"], ind, values, printed)
            seen[printed] += 1
        t4 = [r for r in facts[f["path"]] if r["indicator"] in T4_ORDER and r["source"] == "table"]
        (printed,) = {r["printed"] for r in t4}
        values = [next(r["value"] for r in t4 if r["indicator"] == i) for i in T4_ORDER]
        assert re.search(_run(values, printed), text), (f["path"], values)
    assert seen["joined"] > 50 and seen["spaced"] > 20 and seen["mixed"] > 0, dict(seen)


def test_a_joined_row_is_digits_only_and_its_truth_has_seven_values(real: Path) -> None:
    files, facts, _ = _corpus(real)
    f = next(f for f in files if _has(f, "joined") and f["template"] == "t2021"
             and any(r["printed"] == "joined" and r["indicator"] == "request.new"
                     for r in facts[f["path"]]))
    values = _table(facts[f["path"]], "request.new", T3_ORDER)
    assert len(values) == 7 and sum(map(int, values[:6])) == int(values[6])
    text = (real / f["path"]).read_text(encoding="utf-8")
    run = re.search(re.escape("一、本年新收政府信息公开申请数量") + r" ?(\d+)", text).group(1)
    assert run == "".join(values)


def test_fujian_rows_run_label_unit_year_and_cumulative_together(real: Path) -> None:
    files, facts, flags = _corpus(real)
    checked = incomplete = 0
    for f in files:
        if not _has(f, "fujian") or _has(f, "truncated"):
            continue
        year, style = int(f["year"]), zlib.crc32(f["agency_id"].encode()) % 2
        got = {(r["indicator"], r["measure"]): r["value"] for r in facts[f["path"]]
               if r["source"] == "table"}
        shown = fujian.printed_rows(year, style)
        assert {i for i, _ in got} == {r["indicator"] for r in shown}, f["path"]
        assert {m for _, m in got} == {"annual", "cumulative"}
        if (_has(f, "joined") or _has(f, "spaced")) and f["form"] == "text":
            flat = (real / f["path"]).read_text(encoding="utf-8").replace(" ", "")
            assert f"指标名称计量单位{year}年度历年累计" in flat
            for r in shown:
                unit = r["unit"].split("|")[min(style, r["unit"].count("|"))]
                row = (cjk_punct(r["labels"].split("|")[style]) + unit
                       + got[(r["indicator"], "annual")] + got[(r["indicator"], "cumulative")])
                assert row in flat, (f["path"], row)
            checked += 1
        total, web = (float(got.get((i, "annual")) or 0)
                      for i in ("proactive.total", "proactive.channel.website"))
        if web < total and "channels_vs_total" not in flags[f["path"]]:
            incomplete += 1  # two channels of several listed: below the total, not an error
    assert checked >= 3 and incomplete >= 1


def test_prose_states_what_real_reports_state(real: Path) -> None:
    files, facts, _ = _corpus(real)
    labels = defaultdict(list, other=prose.OTHER)
    for cid, labs in (x for lst in prose.CATEGORY_LISTS for x in lst):
        labels[cid] += labs
    kinds = defaultdict(int)
    for f in (f for f in files if _has(f, "prose") and f["form"] == "text"):
        text = (real / f["path"]).read_text(encoding="utf-8")
        table = {(r["indicator"], r["breakdown"]): float(r["value"]) for r in facts[f["path"]]
                 if r["source"] == "table" and r["status"] == "reported"}
        for r in facts[f["path"]]:
            if r["source"] != "narrative":
                continue
            cid = r["indicator"].removeprefix("proactive.category.")
            if cid != r["indicator"]:
                assert any(cjk_punct(lab) + r["value"] + "条" in text or lab + r["value"] + "条"
                           in text for lab in labels[cid]), (f["path"], r)
                kinds["category"] += 1
            if r["counts"] == "new+carried_in" and r["breakdown"] == "total" and "errors" not in f[
                    "noise"]:
                assert float(r["value"]) == (table[("request.new", "total")]
                                             + table[("request.carried_in", "total")])
                assert re.search(f"(收到|受理|办理)[^。]*?{r['value']}件", text), r
                kinds["new+carried_in"] += 1
            if r["indicator"] == "request.received" and r["value"] == "0":
                assert "未收到" in text
                kinds["none received"] += 1
        kinds["space"] += bool(re.search(r"政府信息 \d+条", text))
    assert all(kinds[k] for k in ("category", "new+carried_in", "none received", "space")), kinds


@pytest.fixture(scope="module")
def ocr(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ocr")
    simulate(root, agencies=3, years=(2019, 2024), seed=8, forms=("markdown",),
             noise=Noise(**{**Noise.none().__dict__, "ocr": 1.0, "dropped": 0.5}))
    return root


def test_ocr_markdown_shreds_tables_three_and_four(ocr: Path) -> None:
    files, facts, _ = _corpus(ocr)
    heads, dropped = set(), 0
    for f in files:
        assert _has(f, "ocr")
        text = (ocr / f["path"]).read_text(encoding="utf-8")
        heads |= {len(re.findall(r"数据\d", h)) for h in re.findall(r"^\|.*数据1.*\|$", text, re.M)}
        rows = [r for r in facts[f["path"]] if r["printed"] == "pipe_row"]
        for ind in {r["indicator"] for r in rows if r["indicator"] in LABELS}:
            values = _table(rows, ind, T3_ORDER)
            assert re.search(r"\| " + " \\| ".join(values) + r" \|$", text, re.M), (f["path"], ind)
        t4 = [next(r["value"] for r in rows if r["indicator"] == i) for i in T4_ORDER]
        for k in range(3):
            assert "| " + " | ".join(t4[5 * k: 5 * k + 5]) + " |" in text
        short = [r for r in facts[f["path"]] if r["printed"] == "dropped_row"]
        if short:
            blank = [r for r in short if r["status"] == "blank"]
            assert len(blank) == 1
            shown = [r["value"] for r in short if r["status"] != "blank"]
            line = next(x for x in text.split("\n") if x.endswith("| " + " | ".join(shown) + " |"))
            assert line.count("|") == len(shown) + 2  # fewer cells than the header's columns
            dropped += 1
    assert heads - {5} == {6, 7} and dropped >= 2  # (five: table 四's generic headers)


def test_ocr_markdown_prints_the_forms_of_other_sites(ocr: Path) -> None:
    """Issue 21's converter forms: table 三 as a heading per row, headers numbered (1 | 2 …) or
    类别 | 数据1 … | 总计, and a table 二 cell printed apart above its table with the cells before
    it (the row one cell short), the truth's values unchanged."""
    files, facts, _ = _corpus(ocr)
    seen = defaultdict(int)
    for f in files:
        text = (ocr / f["path"]).read_text(encoding="utf-8")
        seen["numbered"] += "| 1 | 2 | 3 | 4 | 5 |" in text
        seen["category"] += "| 类别 | 数据1 |" in text
        seen["headings"] += bool(re.search(r"^#### \(一\)予以公开$", text, re.M))
        moved = [r for r in facts[f["path"]] if r["printed"] == "moved_cell"]
        if not moved:
            continue
        seen["moved"] += 1
        block = next(x for x in text.split("\n") if re.fullmatch(r"(\d+(（[^）]*）)?){2,}", x))
        numbers = re.sub(r"（[^）]*）", " ", block).split()
        values = [r["value"] for r in moved]
        assert values[:len(numbers)] == numbers  # the cells up to the moved one, in order
        row = "| " + " | ".join(values[:len(numbers) - 1] + values[len(numbers):]) + " |"
        assert any(x.endswith(row) for x in text.split("\n")), row
    assert all(seen[k] for k in ("numbered", "category", "headings", "moved")), dict(seen)


def test_word_files_have_merged_cells_and_old_word_files_fail(real: Path) -> None:
    rows = _rows(real / "truth" / "files.csv")
    words = [f for f in rows if f["form"] == "docx"]
    assert words and all(f["path"].endswith(".docx") for f in words)
    merged = 0
    for f in words:
        with zipfile.ZipFile(real / f["path"]) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        merged += "w:vMerge" in xml and "w:gridSpan" in xml
    assert merged
    old = [f for f in rows if f["form"] in ("doc", "wps")]
    assert {f["form"] for f in old} == {"doc", "wps"} and all(f["expect"] == "failure" for f in old)


@pytest.fixture(scope="module")
def errors(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("errors")
    noise = Noise(**{**Noise.none().__dict__, "inconsistent": 1.0, "errors": 1.0, "fujian": 1.0,
                     "prose": 1.0})
    simulate(root, agencies=4, years=(2012, 2024), seed=13, noise=noise, forms=("text",))
    return root


def _sum(facts: list[dict], prefix: str, breakdown: str, source: str) -> float:
    return sum(float(r["value"]) for r in facts if r["indicator"].startswith(prefix)
               and r["breakdown"] == breakdown and r["source"] == source and r["value"])


def test_real_error_kinds_are_in_the_figures_and_expected_as_flags(errors: Path) -> None:
    files, facts, flags = _corpus(errors)
    prev_cum: dict[str, tuple[int, float]] = {}
    seen = set()
    for f in sorted(files, key=lambda f: (f["agency_id"], int(f["year"]))):
        fx, rules = facts[f["path"]], flags[f["path"]]
        value = {(r["indicator"], r["breakdown"], r["measure"], r["source"]): float(r["value"])
                 for r in fx if r["value"]}
        if "t3_results_sum" in rules:
            leaves = sum(v for (i, b, m, s), v in value.items() if i.startswith("request.result.")
                         and i != "request.result.total" and (b, m, s) == ("total", "count", "table"))
            assert leaves != value[("request.result.total", "total", "count", "table")]
        if "cumulative_decreased" in rules:
            year, before = prev_cum[f["agency_id"]]
            assert year == int(f["year"]) - 1
            assert value[("proactive.total", "all", "cumulative", "table")] < before
        if "categories_vs_total" in rules:
            cats = _sum(fx, "proactive.category.", "all", "narrative")
            assert cats != value[("proactive.total", "all", "annual", "narrative")]
            assert any(r["indicator"] == "proactive.category.other" for r in fx)
        if "narrative_vs_table" in rules:
            narr = {k[:3]: v for k, v in value.items() if k[3] == "narrative"}
            table = {k[:3]: v for k, v in value.items() if k[3] == "table"}
            assert any(table.get(k, v) != v for k, v in narr.items()) or (
                narr[("request.received", "total", "count")] not in (
                    table[("request.new", "total", "count")],
                    table[("request.new", "total", "count")]
                    + table[("request.carried_in", "total", "count")]))
        seen |= rules
        cum = value.get(("proactive.total", "all", "cumulative", "table"))
        if cum is not None:
            prev_cum[f["agency_id"]] = (int(f["year"]), cum)
    assert {"t3_results_sum", "cumulative_decreased", "categories_vs_total",
            "narrative_vs_table"} <= seen, seen


def test_every_report_expecting_spam_carries_it(real: Path) -> None:
    """Spam meant for a sentence the report lacks (real-style prose) goes in as a title line."""
    import unicodedata

    from analysis import vocab

    words = [w for w in vocab.spam_words() if not w.isascii()]
    files, _, flags = _corpus(real)
    spammed = [f for f in files if "spam_removed" in flags[f["path"]]]
    assert spammed
    for f in spammed:
        assert f["form"] != "docx"  # Word files carry no web spam
        text = unicodedata.normalize("NFKC", (real / f["path"]).read_text(encoding="utf-8"))
        assert any(w in text for w in words) or "(gong)" in text, f["path"]
