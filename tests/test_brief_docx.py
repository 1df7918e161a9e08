"""End to end: `xxgk brief --agency all` on the hand-written dataset, then every .docx read back with
python-docx and checked against the dataset's facts, the chart pack and captions.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from fixtures.brief.synthetic import load as load_synthetic

from analysis.brief import build, pack
from analysis.cli import main
from analysis.dataset.store import write_dataset

LATEST = {"test-city": 2022, "test-edu": 2023}  # the latest report year of each agency


@pytest.fixture(scope="module")
def ds():
    return load_synthetic()


@pytest.fixture(scope="module")
def briefs(ds, tmp_path_factory):
    root = tmp_path_factory.mktemp("brief")
    write_dataset(root / "dataset", ds)
    status = main(["brief", "--agency", "all", "--dataset", str(root / "dataset"),
                   "--out", str(root / "out"), "--quiet", "--pack"])
    assert status == 0
    return root / "out"


def docx_path(out: Path, agency_id: str) -> Path:
    return out / agency_id / f"{agency_id}-{LATEST[agency_id]}.docx"


def table_cells(doc) -> dict[str, list[str]]:
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    return {r[0]: r[1:] for r in rows[1:]}


def fact(ds, report_id, indicator, breakdown="all", measure="count"):
    f = ds.facts
    row = f[(f["report_id"] == report_id) & (f["indicator"] == indicator)
            & (f["breakdown"] == breakdown) & (f["measure"] == measure)].iloc[0]
    return row["value"], row["status"]


def test_latest_year_for_every_agency(briefs):
    for agency_id in LATEST:
        assert docx_path(briefs, agency_id).is_file()
    with open(briefs / "index.csv", encoding="utf-8-sig") as f:
        index = list(csv.DictReader(f))
    assert [(r["agency_id"], r["year"], r["status"]) for r in index] == [
        ("test-city", "2022", "ok"), ("test-edu", "2023", "ok")]


@pytest.mark.parametrize("report_id, indicator, breakdown, measure, label", [
    ("a2022", "request.new", "total", "count", "新收政府信息公开申请数"),
    ("a2022", "request.carried_in", "total", "count", "上年结转申请数"),
    ("a2022", "request.result.total", "total", "count", "本年度办理结果总计"),
    ("a2022", "review.total", "all", "count", "行政复议数"),
    ("a2022", "licensing", "all", "decisions", "行政许可处理决定数"),
    ("a2022", "review.corrected", "all", "count", "行政复议结果纠正数"),  # blank
])
def test_table_figures_equal_dataset(ds, briefs, report_id, indicator, breakdown, measure, label):
    value, status = fact(ds, report_id, indicator, breakdown, measure)
    prev_value, _ = fact(ds, "a2021", indicator, breakdown, measure)
    cells = table_cells(Document(docx_path(briefs, "test-city")))
    expected = f"{value:,.0f}" if status == "reported" else "未填报"  # the house format
    assert cells[label][1:3] == [expected, f"{prev_value:,.0f}"]


def test_blank_figure_is_not_printed_as_zero(ds, briefs):
    doc = Document(docx_path(briefs, "test-city"))
    assert fact(ds, "a2022", "review.corrected")[1] == "blank"
    assert table_cells(doc)["行政复议结果纠正数"][1] == "未填报"
    summary = doc.paragraphs[3].text
    assert "结果纠正数未填报" in summary
    assert "纠正0件" not in summary and "纠错率0.0%" not in summary


def test_missing_comparison_year_said_in_words(briefs):
    doc = Document(docx_path(briefs, "test-edu"))
    cells = table_cells(doc)
    assert cells["新收政府信息公开申请数"] == ["件", "12", "无报告", "无法比较"]
    assert cells["行政许可处理决定数"][1] == "不适用"
    assert "2022年无报告" in doc.paragraphs[1].text


def test_title_summary_flags_source(briefs):
    doc = Document(docx_path(briefs, "test-city"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "测试市人民政府2022年政府信息公开工作情况简报"
    assert texts[3].startswith("2022年，测试市人民政府制发规范性文件15件")
    # the flag in Chinese words (flags.csv: narrative 2600, table 2500, 正文第3段), no rule id
    assert "【警告】正文数字与统计表不符：正文所述本年新收政府信息公开申请数量为2600，统计表为2500" \
        "（位置：正文第3段）" in texts
    assert not any("narrative_vs_table" in t for t in texts)
    assert any("《测试市人民政府2022年政府信息公开工作年度报告》" in t
               and "reports/test-city-2022.pdf" in t for t in texts)
    # what cleaning did is one closing line in words, not a bullet per flag
    assert not any("removed injected text" in t for t in texts)
    assert "读取时另作 1 项处理（删除了注入的垃圾信息），不改变报告中的数字。" in texts
    edu = [p.text for p in Document(docx_path(briefs, "test-edu")).paragraphs]
    assert "数据校验发现该报告有1处错误" in edu[3]  # test-edu has one error flag


@pytest.mark.parametrize("agency_id", sorted(LATEST))
def test_every_chart_embedded_and_in_pack(briefs, agency_id):
    doc = Document(docx_path(briefs, agency_id))
    folder = briefs / agency_id / f"{agency_id}-{LATEST[agency_id]}-charts"
    with open(folder / "captions.csv", encoding="utf-8-sig") as f:
        captions = list(csv.DictReader(f))
    assert list(captions[0]) == pack.CAPTION_COLUMNS
    charts = sorted({r["chart"] for r in captions})
    assert 3 <= len(charts) <= pack.MAX_CHARTS
    assert len(captions) == len(charts) * 4  # PNG and SVG in both sizes
    for r in captions:
        assert (folder / r["file"]).is_file()
        assert r["alt"] and r["title"] and r["source"].startswith("数据来源：")
    assert len(doc.inline_shapes) == len(charts)
    images = [p for p in doc.part.package.parts if p.content_type == "image/png"]
    embedded = {p.blob for p in images}
    for name in charts:
        png = next(folder.glob(f"*-{name}-half_a4.png"))
        assert png.read_bytes() in embedded


@pytest.mark.parametrize("agency_id", sorted(LATEST))
def test_east_asian_font_on_every_run_and_a4(briefs, agency_id):
    doc = Document(docx_path(briefs, agency_id))
    runs = doc.element.body.iter(qn("w:r"))
    n = 0
    for run in runs:
        fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), run.xml[:200]
        n += 1
    assert n > 20
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert all(1.9 < m.cm < 3.8 for m in (section.left_margin, section.right_margin,
                                          section.top_margin, section.bottom_margin))


def test_one_failing_agency_does_not_stop_others(ds, tmp_path, monkeypatch):
    real = pack.draw

    def draw(ds_, agency_id, *args, **kw):
        if agency_id == "test-city":
            raise RuntimeError("chart broke")
        return real(ds_, agency_id, *args, **kw)

    monkeypatch.setattr(pack, "draw", draw)
    results = build.brief_many(ds, ["test-city", "test-edu"], tmp_path)
    assert [r.status for r in results] == ["failed", "ok"]
    assert "RuntimeError: chart broke" in results[0].error
    assert (tmp_path / "test-edu" / "test-edu-2023.docx").is_file()
    assert not (tmp_path / "test-city" / "test-city-2022.docx").exists()
    assert "chart broke" in (tmp_path / "index.csv").read_text(encoding="utf-8-sig")


def test_cli_unknown_agency_and_missing_year(briefs, tmp_path, capsys):
    dataset = briefs.parent / "dataset"
    assert main(["brief", "--agency", "nope", "--dataset", str(dataset),
                 "--out", str(tmp_path)]) == 2
    assert "unknown agency nope" in capsys.readouterr().err
    assert main(["brief", "--agency", "test-edu", "--year", "2019", "--dataset", str(dataset),
                 "--out", str(tmp_path), "--strict"]) == 2
    err = capsys.readouterr().err
    assert "no report for 2019" in err and "test-edu has 2023" in err
    assert main(["brief", "--agency", "all", "--year", "2030", "--dataset", str(dataset),
                 "--out", str(tmp_path)]) == 2
    assert "no report for 2030" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_cli_refuses_a_comparison_year_without_a_report_and_a_missing_dataset(briefs, tmp_path,
                                                                              capsys):
    dataset = briefs.parent / "dataset"
    assert main(["brief", "--agency", "test-edu", "--compare-to", "2030", "--dataset",
                 str(dataset), "--out", str(tmp_path)]) == 2
    assert "no report for 2030" in capsys.readouterr().err
    assert main(["brief", "--agency", "test-city", "--year", "2022", "--compare-to", "2022",
                 "--dataset", str(dataset), "--out", str(tmp_path)]) == 2
    assert "--compare-to 2022 is not before --year 2022" in capsys.readouterr().err
    assert main(["brief", "--agency", "test-edu", "--dataset", str(tmp_path / "nowhere"),
                 "--out", str(tmp_path)]) == 2
    assert f"no dataset at {tmp_path / 'nowhere'} (no such folder)" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("agency_id", sorted(LATEST))
def test_pages_are_numbered_and_captions_do_not_repeat_the_chart_title(briefs, agency_id):
    doc = Document(docx_path(briefs, agency_id))
    footer = doc.sections[0].footer.paragraphs[0]
    fields = footer._p.findall(qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"] and footer.text.startswith("第")
    titles = [shape._inline.docPr.get("title") for shape in doc.inline_shapes]
    captions = [p for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("图")]
    assert len(captions) == len(titles) >= 3
    for title, cap in zip(titles, captions, strict=True):
        assert title not in cap.text
        assert not any(run.bold for run in cap.runs) and not cap.style.font.bold


def test_word_metadata_says_what_and_who_in_chinese(briefs):
    import datetime

    doc = Document(docx_path(briefs, "test-city"))
    props = doc.core_properties
    assert props.title == "测试市人民政府2022年政府信息公开工作情况简报"
    assert props.author == "xxgk" and props.language == "zh-CN"
    now = datetime.datetime.now(datetime.UTC)
    assert now - datetime.timedelta(hours=1) < props.created <= now  # written now, not 2013
    styles = doc.styles.element.xml
    assert 'w:eastAsia="zh-CN"' in styles and "ja-JP" not in doc.settings.element.xml


def test_unchanged_briefs_are_kept_and_the_index_merges(briefs, tmp_path, capsys):
    dataset = briefs.parent / "dataset"
    out = tmp_path / "briefs"
    args = ["brief", "--dataset", str(dataset), "--out", str(out), "--quiet"]
    assert main([*args, "--agency", "test-city"]) == 0
    city = docx_path(out, "test-city")
    first = city.stat().st_mtime_ns
    assert main([*args, "--agency", "test-edu", "--jobs", "2"]) == 0
    with open(out / "index.csv", encoding="utf-8-sig") as f:
        assert [r["agency_id"] for r in csv.DictReader(f)] == ["test-city", "test-edu"]
    assert main([*args, "--agency", "all"]) == 0
    assert city.stat().st_mtime_ns == first  # nothing changed: not written again
    assert not list((out / "test-city").glob("*-charts/*.svg"))  # SVG only in a --pack
    assert (tmp_path / "index.html").is_file()
    assert main([*args, "--agency", "test-city", "--force"]) == 0
    assert city.stat().st_mtime_ns != first


def test_multi_year_chart_cites_every_report_and_empty_charts_are_notes(briefs):
    """requests_by_year of test-city draws its 2017, 2021 and 2022 reports (reports.csv): the
    caption's source spans them; test-edu (one 2023 report, every case 0) gets a note for the
    chart with nothing to show, never an empty picture."""
    folder = briefs / "test-city" / "test-city-2022-charts"
    with open(folder / "captions.csv", encoding="utf-8-sig") as f:
        sources = {r["chart"]: r["source"] for r in csv.DictReader(f)}
    assert sources["requests_by_year"] == "数据来源：测试市人民政府2017—2022年政府信息公开工作年度报告"
    assert sources["request_outcomes"] == "数据来源：测试市人民政府2022年政府信息公开工作年度报告"
    doc = Document(docx_path(briefs, "test-edu"))
    texts = [p.text for p in doc.paragraphs]
    assert "测试区教育局2023年行政复议和行政诉讼结果（件）：复议、诉讼案件数均为0。" in texts
    with open(briefs / "test-edu" / "test-edu-2023-charts" / "captions.csv",
              encoding="utf-8-sig") as f:
        assert "reviews_and_suits" not in {r["chart"] for r in csv.DictReader(f)}
