"""Metadata: agency through the registry, year from title / dates / headers, template kind."""

from __future__ import annotations

from analysis.check.legacy_rules import check_cumulative
from analysis.model import Document, Fact
from analysis.parse import agency
from analysis.parse.dates import chinese_date
from analysis.parse.meta import detect, detect_template
from analysis.read.texttables import find_tables


def doc(text: str, title: str = "") -> Document:
    return Document(path="x.txt", form="text", encoding="utf-8", text=text,
                    tables=find_tables(text), title=title)


def test_aliases_and_full_name_map_to_one_agency(real_registry):
    a = agency.resolve("市扶贫和移民办", context="赣州市2011年政府信息公开工作情况统计表")
    b = agency.resolve("赣州市扶贫和移民办公室")
    assert a.agency_id == b.agency_id == "jx-ganzhou-fpymb"
    assert (b.level, b.parent) == ("department", "赣州市")


def test_unknown_agency_gets_a_stable_ascii_id_and_a_level():
    a, b = agency.resolve("示例县水利局"), agency.resolve("示例县 水利局")
    assert a.agency_id == b.agency_id and a.agency_id.isascii() and not a.registered
    assert agency.resolve("示例街道办事处").level == "township"
    assert agency.resolve("示例区人民政府").level == "district"


def test_chinese_numeral_dates():
    assert chinese_date("市扶贫和移民办\n二〇一一年十二月三十一日") == "2011-12-31"
    assert chinese_date("二〇二〇年一月五日") == "2020-01-05"


def test_year_from_period_statement_and_from_column_header():
    assert detect(doc("我局工作报告\n统计期限自2018年1月1日至2018年12月31日止。")).year == 2018
    header_only = "工作情况\n指标名称 |\n单位 |\n2016年度数 |\n主动公开政府信息数 |\n条 |\n5 |\n"
    assert detect(doc(header_only)).year == 2016


def test_title_gives_agency_and_year_and_unknowns_are_flagged(real_registry):
    m = detect(doc("正文\n2024 年上海市科委政府信息公开工作\n年度报告\n..."))
    assert (m.agency_id, m.year) == ("sh-stcsm", 2024)
    m = detect(doc("一些没有标题的文字"))
    assert {f.rule for f in m.flags} == {"agency_unknown", "year_unknown"}


def test_a_site_menu_printed_above_the_title_is_not_part_of_the_agency():
    """Converters (PDF to text, Markdown, Word) keep the site's menu line above the title; the
    agency is the title line's own, also when the title is broken over two or three lines."""
    menu = "首页 机构概况 政务公开 办事服务\n"
    one = detect(doc(menu + "示例县交通运输局2020年度政府信息公开工作年度报告\n发布日期:2021-01-20\n"))
    assert (one.agency, one.year) == ("示例县交通运输局", 2020)
    linked = "[首页](/) [政务公开](/zwgk) [互动交流](/hdjl)\n# 示例县交通运输局2020年政府信息公开工作年度报告\n"
    assert detect(doc(linked)).agency == "示例县交通运输局"
    two = detect(doc(menu + "示例县交通运输局2020年度政府信息公开工作年度报\n告\n正文"))
    assert (two.agency, two.year) == ("示例县交通运输局", 2020)
    three = detect(doc(menu + "示例县交通运输局\n2020年度\n政府信息公开工作年度报告\n正文"))
    assert (three.agency, three.year) == ("示例县交通运输局", 2020)
    # pdfplumber printed the title's year (another font size) on a line of its own
    apart = detect(doc(menu + "示例县交通运输局 年度政府信息公开工作年度报\n2020\n告\n"
                       "本年度报告中所列数据统计期限自2020年1月1日起至2020年12月31日止。"))
    assert (apart.agency, apart.year) == ("示例县交通运输局", 2020)
    broken = detect(doc("示例县水利局 年度政府信息\n2019\n公开工作年度报告\n"
                        "统计期限自2019年1月1日至2019年12月31日止。"))
    assert (broken.agency, broken.year) == ("示例县水利局", 2019)


def test_a_title_line_below_a_long_site_menu_is_found():
    """A page printed whole and converted (Chromium then markitdown) keeps twenty or more menu
    lines above the title; a line that is a whole title, agency before the year, is the title."""
    menu = "".join(f"{w}\n" for w in ("首页", "政务公开", "解读回应", "办事服务", "互动交流",
                                       "请输入搜索内容", "当前位置：", "政府信息公开", "政府信息公开年报"))
    m = detect(doc(menu + "示例县人民政府2016年政府信息公开工作年度报告\n来源：示例县人民政府\n正文"))
    assert (m.agency, m.year) == ("示例县人民政府", 2016)
    # a sentence of the body that names a report is not a title
    body = menu + "一、概述\n根据《示例县2015年政府信息公开工作年度报告》的要求，我县……\n"
    assert detect(doc(body)).year is None


def test_template_kind_from_table_headers():
    assert detect_template("信息内容 本年制发件数 本年废止件数 现行有效件数") == "t2021"
    assert detect_template("信息内容|本年新制作数量|本年新公开数量|对外公开总数量") == "t2019"
    assert detect_template("指标名称 | 单位 | 历年累计数") == "legacy"


def test_cumulative_smaller_than_annual_is_an_error():
    facts = [Fact("proactive.total", 50, measure="cumulative", location="t1"),
             Fact("proactive.total", 80, measure="annual", location="t1")]
    (flag,) = check_cumulative(facts)
    assert (flag.rule, flag.severity, flag.found, flag.expected) == \
        ("cumulative_lt_annual", "error", "50", ">= 80")


def test_report_with_only_table_three_is_a_template_by_year():
    text = "示例市商务局{y}年政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n"
    assert detect(doc(text.format(y=2020))).template == "t2019"
    assert detect(doc(text.format(y=2022))).template == "t2021"


def test_every_flag_rule_the_code_raises_is_listed_with_a_chinese_name():
    import pathlib
    import re

    from analysis import vocab

    src = pathlib.Path(vocab.__file__).parents[1]
    raised = set()
    for stage in ("check", "parse", "clean", "read", "dataset"):
        for f in (src / stage).rglob("*.py"):  # the stages' subpackages too (parse/template …)
            if f.name == "schema.py":
                continue
            text = f.read_text(encoding="utf-8")
            raised |= set(re.findall(r'Flag\(\s*"([a-z0-9_]+)"', text))
            raised |= set(re.findall(r'"rule": "([a-z0-9_]+)"', text))
            # a rule named by a constant: Flag(COLUMN_ORDER, …) with COLUMN_ORDER = "…"
            named = dict(re.findall(r'^([A-Z_]+) = "([a-z0-9_]+)"', text, re.M))
            raised |= {named[n] for n in re.findall(r"Flag\(\s*([A-Z_]+)\b", text)
                       if n in named}
    rules = vocab.rules()
    assert raised and raised <= set(rules), raised - set(rules)
    assert all(r["label_zh"] and r["severity"] in ("error", "warning", "info") for r in rules.values())


def test_agency_kept_as_signed_and_mapped_through_the_registry(real_registry):
    from analysis.parse.meta import _as_signed

    # the title names the zone, the page is published by its 管委会 (through its 办公室)
    assert _as_signed("平潭综合实验区", ["平潭综合实验区管委会办公室", ""]) == "平潭综合实验区管委会"
    assert _as_signed("平潭综合实验区", ["平潭县人民政府"]) == "平潭综合实验区"  # another agency
    assert _as_signed("示例市人民政府办公室", ["示例市人民政府办公室"]) == "示例市人民政府办公室"
    page = doc("标题: 平潭综合实验区2024年度政府信息公开工作年度报告\n"
               "发布机构: 平潭综合实验区管委会办公室\n正文\n")
    meta = detect(page)
    assert (meta.agency_raw, meta.agency_id) == ("平潭综合实验区管委会", "fj-pingtan-zone")
