"""A figure the report printed but the tool could not place (cells run together, more than one
reading fits the table's sums) is `unresolved`, shown as 待核 with its candidate readings, from the
parser through figures and series to the page, its check list and the Word brief: never 未填报
(which says the report left it empty). A total with such a part is 待核 too, never a number.

The fixture (tests/fixtures/unresolved) prints table 二's 行政规范性文件 as `1056`: 10|5|6 or 1|0|56
(a cell does not start with 0), worked out by hand; the real test reads the 2025 Pingtan report,
whose `行政规范性文件5845546` has 15 readings.
"""

from __future__ import annotations

import csv
import math
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from docx import Document

from analysis import load_dataset
from analysis.charts import draw, trends
from analysis.cli import main
from analysis.figures import build_series, resolve

FIXTURE = Path(__file__).parent / "fixtures" / "unresolved"
MADE = "制发规范性文件数"  # the key figure of the unresolved cell (concept normative_made)


def _build(reports: Path, root: Path, agency: str, year: int) -> dict[str, Path]:
    """Ingest `reports`, render the agency's page and its brief for `year`; the paths."""
    ds, out = root / "ds", root / "out"
    assert main(["ingest", str(reports), "--out", str(ds)]) == 0
    assert main(["render", "agency_profile", "--agency", agency, "--dataset", str(ds),
                 "--out", str(out)]) == 0
    assert main(["brief", "--agency", agency, "--year", str(year), "--dataset", str(ds),
                 "--out", str(out / "briefs")]) == 0
    page = out / "agency_profile" / agency
    return {"ds": ds, "page": page / "report.html", "tables": page / "tables",
            "brief": out / "briefs" / agency / f"{agency}-{year}.docx"}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _key_row(html: str, label: str) -> str:
    """The text of the key-figures table row whose first cell is `label`."""
    m = re.search(rf"<tr>\s*<td[^>]*>{label}</td>(.*?)</tr>", html, re.S)
    assert m, f"no row {label}"
    return re.sub(r"<[^>]+>", " ", m.group(1))


def _brief_text(path: Path) -> tuple[list[str], dict[str, list[str]]]:
    doc = Document(str(path))
    cells = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in doc.tables[0].rows}
    return [p.text for p in doc.paragraphs], cells


@pytest.fixture(scope="module")
def fixture_out(tmp_path_factory):
    return _build(FIXTURE, tmp_path_factory.mktemp("unresolved"), "yl-county", 2023)


def test_two_readings_make_unresolved_facts_figures_and_series(fixture_out):
    ds = load_dataset(fixture_out["ds"])
    f = ds.facts[ds.facts["indicator"] == "normative"]
    assert set(f["status"].astype(str)) == {"unresolved"} and len(f) == 3
    assert f["value"].isna().all() and set(f["raw_value"].astype(str)) == {"1056"}
    fig = ds.figures[ds.figures["indicator"] == "normative"]
    assert set(fig["status"].astype(str)) == {"unresolved"} and fig["value"].isna().all()
    s = ds.series("normative_made")
    assert s["status"].astype(str).tolist() == ["unresolved"] and s["value"].isna().all()
    flag = ds.flags[ds.flags["rule"] == "ambiguous_cells"]
    assert flag["found"].astype(str).tolist() == ["10|5|6 or 1|0|56"]
    assert "共2种：10｜5｜6、1｜0｜56" in str(flag["message_zh"].iloc[0])
    assert "待核" in str(flag["message_zh"].iloc[0])


def test_page_says_unresolved_and_lists_it_for_checking(fixture_out):
    html = fixture_out["page"].read_text(encoding="utf-8")
    row = _key_row(html, MADE)
    assert "待核" in row and "未填报" not in row
    key = {r["指标"]: r for r in _rows(fixture_out["tables"] / "key_figures.csv")}
    assert key[MADE]["说明"] == "待核；2022年无报告" and key[MADE]["2023年"] == ""
    checks = _rows(fixture_out["tables"] / "check_list.csv")
    mine = [r for r in checks if r["原文"] == "行政规范性文件 1056"]
    assert len(mine) == 1
    assert mine[0]["候选读法"].startswith("共2种：10｜5｜6、1｜0｜56")
    assert mine[0]["列"] == "本年制发件数、本年废止件数、现行有效件数" and mine[0]["表"] == "二"
    assert mine[0]["文件"] == "yangli-county-2023.page.txt" and mine[0]["年度"] == "2023"
    assert "核对清单" in html and "共2种：10｜5｜6、1｜0｜56" in html
    text = re.sub(r"<(style|script)[^>]*>.*?</\1>|<[^>]+>", " ", html, flags=re.S)
    assert not re.search(r"\bor\b|in all|analysis/vocab", text)


def test_brief_says_unresolved_never_blank(fixture_out):
    paras, cells = _brief_text(fixture_out["brief"])
    text = "\n".join(paras)
    assert f"{MADE}待核" in text and f"{MADE}未填报" not in text
    assert cells[MADE][1] == "待核"  # 单位, 2023年, …
    assert "“待核”指" in text and "“未填报”指报告中该项空白" in text
    checks = [p for p in paras if "原文“行政规范性文件 1056”" in p]
    assert len(checks) == 1 and "共2种：10｜5｜6、1｜0｜56" in checks[0]
    assert not re.search(r"\bor\b|in all", text)


def test_real_2025_report_page_and_brief_say_unresolved(tmp_path):
    """平潭综合实验区 2025 prints 行政规范性文件5845546: 15 readings, three cells 待核. The report
    ships in data/real (the demo's real data), so this runs wherever the repository is."""
    real = Path(__file__).parents[1] / "data" / "real"
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(real / "pingtan" / "pingtan-zone-2025.page.txt", reports)
    # the package ships no agencies: the real reports' registry sits beside them, as data/real's
    shutil.copy(real / "agencies.csv", reports)
    out = _build(reports, tmp_path, "fj-pingtan-zone", 2025)
    row = _key_row(out["page"].read_text(encoding="utf-8"), MADE)
    assert "待核" in row and "未填报" not in row
    checks = [r for r in _rows(out["tables"] / "check_list.csv") if "5845546" in r["原文"]]
    assert len(checks) == 1 and checks[0]["候选读法"].startswith("共15种，如")
    paras, cells = _brief_text(out["brief"])
    text = "\n".join(paras)
    assert f"{MADE}待核" in text and f"{MADE}未填报" not in text
    assert cells[MADE][1] == "待核" and "共15种" in text


def _facts(statuses: list[str], values: list[float]) -> pd.DataFrame:
    cols = ["natural_person", "business", "research", "nonprofit", "legal_services", "other_org"]
    return pd.DataFrame({"report_id": "r1", "agency_id": "a", "agency": "样例局", "year": 2023,
                         "template": "t2021", "indicator": "request.new", "breakdown": cols,
                         "measure": "count", "value": values, "status": statuses,
                         "source": "table", "unit": "件"})


def test_a_total_from_an_unresolved_part_is_unresolved_not_a_number():
    nan = math.nan
    # 总计 not printed: five applicant columns printed, one unresolved -> 总计 待核, no value
    facts = _facts(["reported"] * 5 + ["unresolved"], [3, 1, 0, 0, 0, nan])
    total = resolve(facts).figures.query("breakdown == 'total'")
    assert total["status"].tolist() == ["unresolved"] and total["value"].isna().all()
    # one blank, one unresolved: still 待核 (the report printed it), not 部分未填报
    facts = _facts(["reported"] * 4 + ["blank", "unresolved"], [3, 1, 0, 0, nan, nan])
    assert resolve(facts).figures.query("breakdown == 'total'")["status"].tolist() == [
        "unresolved"]
    # a concept of two parts (行政诉讼 = 直接起诉 + 复议后起诉), one unresolved
    figs = pd.DataFrame({"report_id": "r1", "agency_id": "a", "agency": "样例局", "year": 2023,
                         "template": "t2021", "indicator": ["litigation_direct.total",
                                                            "litigation_after_review.total"],
                         "breakdown": "all", "measure": "count", "value": [3.0, nan],
                         "status": ["reported", "unresolved"], "source": "table",
                         "partial_value": nan})
    s = build_series(figs, ["suits_total"])
    assert s["status"].tolist() == ["unresolved"] and s["value"].isna().all()


def test_table_two_chart_writes_unresolved_and_says_what_it_means(fixture_out):
    from analysis import charts

    fig = charts.template_items(load_dataset(fixture_out["ds"]), "yl-county")
    texts = [t for ax in fig.axes for t in ax.texts] + list(fig.texts)
    marks = [t for t in texts if t.get_text().strip() == "待核"]
    assert len(marks) == 3 and {t.get_color() for t in marks} == {draw.UNRESOLVED_COLOUR}
    assert any(draw.UNRESOLVED_NOTE in t.get_text().replace("\n", "") for t in fig.texts)
    assert not any("未填报" in t.get_text() for t in texts)


def test_charts_draw_unresolved_apart_from_blank():
    note = draw.gap_note({"blank", "unresolved", "no_report"})
    assert "斜线为未填报" in note and "交叉线为待核" in note and "灰色底纹为无报告" in note
    assert draw.word_colour("unresolved") != draw.word_colour("blank")


def test_category_mix_is_caveated_where_lists_are_flagged_incomplete():
    flags = pd.DataFrame({"rule": ["categories_incomplete", "categories_incomplete", "spam_removed"],
                          "year": [2011, 2012, 2012], "report_id": ["a", "b", "c"]})
    note = trends.incomplete_note(SimpleNamespace(flags=flags), [2011, 2012, 2013])
    assert "2份年报列出的内容类别不完整（2011年1份、2012年1份" in note
    assert trends.incomplete_note(SimpleNamespace(flags=flags), [2013]) == ""
