"""Lay out a 2019 trial-template or 2021-template report: tables 二, 三 and 四 with their labels."""

from __future__ import annotations

import random

from analysis.simulate.cells import Printer
from analysis.simulate.doc import Row, SimDoc, SimTable
from analysis.simulate.draws import APPLICANTS, T4_COLS, Figures
from analysis.simulate.narrative import CLOSING, cn_date, template_paragraphs, title_for
from analysis.simulate.region import Agency

T2 = {  # (项, header, [(row id, label)]) per template
    "t2021": [("第二十条第(一)项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
               [("rules", "规章"), ("normative", "行政规范性文件")], ["made", "repealed", "in_force"]),
              ("第二十条第(五)项", ["信息内容", "本年处理决定数量"], [("licensing", "行政许可")],
               ["decisions"]),
              ("第二十条第(六)项", ["信息内容", "本年处理决定数量"],
               [("penalty", "行政处罚"), ("coercion", "行政强制")], ["decisions"]),
              ("第二十条第(八)项", ["信息内容", "本年收费金额(单位:万元)"],
               [("admin_fees", "行政事业性收费")], ["amount"])],
    "t2019": [("第二十条第(一)项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
               [("rules", "规章"), ("normative", "规范性文件")], ["made", "published", "total_public"]),
              ("第二十条第(五)项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
               [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")],
               ["prior_year_items", "change", "decisions"]),
              ("第二十条第(六)项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
               [("penalty", "行政处罚"), ("coercion", "行政强制")],
               ["prior_year_items", "change", "decisions"]),
              ("第二十条第(八)项", ["信息内容", "上一年项目数量", "本年增/减"],
               [("admin_fees", "行政事业性收费")], ["prior_year_items", "change"]),
              ("第二十条第(九)项", ["信息内容", "采购项目数量", "采购总金额(万元)"],
               [("procurement", "政府集中采购")], ["items", "amount"])],
}
RESULTS = "三、本年度办理结果"
GROUPS = {"denied": "(三)不予公开", "unavailable": "(四)无法提供", "not_processed": "(五)不予处理",
          "other": "(六)其他处理"}
LEAVES = [
    ("disclosed", "(一)予以公开"), ("partial", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
    ("denied.state_secret", "1.属于国家秘密"), ("denied.law_prohibited", "2.其他法律行政法规禁止公开"),
    ("denied.security_stability", "3.危及“三安全一稳定”"), ("denied.third_party", "4.保护第三方合法权益"),
    ("denied.internal_affairs", "5.属于三类内部事务信息"), ("denied.process_info", "6.属于四类过程性信息"),
    ("denied.enforcement_files", "7.属于行政执法案卷"), ("denied.query_matters", "8.属于行政查询事项"),
    ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable.unclear", "3.补正后申请内容仍不明确"),
    ("not_processed.petition", "1.信访举报投诉类申请"), ("not_processed.repeated", "2.重复申请"),
    ("not_processed.publications", "3.要求提供公开出版物"),
    ("not_processed.mass_repeated", "4.无正当理由大量反复申请"),
    ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "3.其他"), ("total", "(七)总计")]
T3_HEADER = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_BLOCKS = [("review", "行政复议"), ("litigation_direct", "未经复议直接起诉"),
             ("litigation_after_review", "复议后起诉")]
T4_NAMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def table2(v: dict, template: str, p: Printer) -> list[tuple[str, SimTable]]:
    out = []
    for caption, header, rows, measures in T2[template]:
        body = [Row([label], [p.cell(rid, v[(rid, m)], m, money=m == "amount") for m in measures
                              if (rid, m) in v]) for rid, label in rows]
        out.append((caption, SimTable(caption, [header], body, "t2")))
    return out


def _t3_rows(t: dict, template: str) -> list[tuple[list[str], str]]:
    """(label parts, row id) in printed order."""
    rows = [(["一、本年新收政府信息公开申请数量"], "request.new"),
            (["二、上年结转政府信息公开申请数量"], "request.carried_in")]
    for leaf, label in LEAVES:
        group = leaf.split(".")[0] if "." in leaf else ""
        if template == "t2019" and group == "other":
            if leaf == "other.no_correction":
                rows.append(([RESULTS, "(六)其他处理"], "request.result.other"))
            continue
        parts = [RESULTS] + ([GROUPS[group]] if group else []) + [label]
        rows.append((parts, f"request.result.{leaf}"))
    rows.append((["四、结转下年度继续办理"], "request.carried_out"))
    return rows


def table3(t: dict, template: str, p: Printer) -> SimTable:
    if template == "t2019":
        other = [k for k in t if k.startswith("request.result.other.")]
        t = dict(t)
        t["request.result.other"] = {c: sum(t[k][c] for k in other) for c in APPLICANTS + ["total"]}
    body = [Row(parts, [p.cell(rid, t[rid][c], breakdown=c) for c in APPLICANTS + ["total"]])
            for parts, rid in _t3_rows(t, template)]
    return SimTable("三、收到和处理政府信息公开申请情况", [T3_HEADER], body, "t3")


def table4(v: dict, p: Printer) -> SimTable:
    header = [[zh for _, zh in T4_BLOCKS for _ in T4_NAMES], T4_NAMES * 3]
    cells = [p.cell(f"{b}.{c}", v[f"{b}.{c}"]) for b, _ in T4_BLOCKS for c in T4_COLS + ["total"]]
    return SimTable("四、政府信息公开行政复议、行政诉讼情况", header, [Row([], cells)], "t4")


def _perturb(doc: SimDoc, t3: dict, t4: dict, rng: random.Random) -> str:
    """Make one total inconsistent; returns which table ('t3' / 't4')."""
    if rng.random() < 0.5:
        d = rng.randint(1, 3)
        t3["request.carried_out"]["natural_person"] += d
        t3["request.carried_out"]["total"] += d
        doc.expect("t3_identity", f"结转下年度 raised by {d}: 一 + 二 != (七)总计 + 四")
        return "t3"
    t4["review.total"] += rng.randint(1, 3)
    doc.expect("t4_block_sum", "行政复议 总计 above the sum of its parts")
    return "t4"


def _perturb_real(doc: SimDoc, t3: dict, drawn, rng: random.Random) -> tuple[str, str]:
    """An error of a kind real reports show: (table made inconsistent, kind).

    results_sum: a result row raised so the rows sum past (七)总计 (27 against 21);
    narrative_requests: the prose states a request count that matches no table figure;
    categories_off: the prose's categories, ending with 其他, miss its total by a few."""
    kinds = ["results_sum"] + (["narrative_requests", "categories_off"] if drawn.prose else [])
    kind = rng.choice(kinds)
    if kind == "results_sum":
        d = rng.randint(1, 6)
        leaf = rng.choice(["disclosed", "partial", "unavailable.not_held"])
        for c in ("natural_person", "total"):
            t3[f"request.result.{leaf}"][c] += d
        doc.expect("t3_results_sum", f"{leaf} raised by {d}: result rows sum past (七)总计")
        return "t3", kind
    if kind == "narrative_requests":
        doc.expect("narrative_vs_table", "the prose's request count matches no table figure")
    else:
        doc.expect("categories_vs_total", "categories ending with 其他 miss the total by a few")
    return "", kind


def _stated(t3: dict, rng: random.Random) -> int:
    """A request count that is none of 新收, 新收 + 结转, 办结 (a narrative that disagrees)."""
    new, cin = t3["request.new"]["total"], t3["request.carried_in"]["total"]
    seen = {new, new + cin, t3["request.result.total"]["total"]}
    return next(x for x in (new + cin + d for d in (2, 3, 5, 7, 11)) if x not in seen)


def _paragraphs(a: Agency, year: int, fig: Figures, t3: dict, t4: dict, kind: str,
                rng: random.Random):
    """The real-phrased opening (prose kind): total and categories drawn here, from `rng`."""
    from analysis.simulate import prose

    total = max(5, round(fig.pro0 * fig.growth ** (year - 2009) * rng.uniform(0.8, 1.2)))
    shape = "off" if kind == "categories_off" else rng.choice(["none", "none", "whole"])
    cats = prose.categories(total, rng, shape) if shape != "none" else []
    stated = _stated(t3, rng) if kind == "narrative_requests" else None
    return prose.template_real(a, year, total, cats, t3, t4["review.total"], stated, rng)


def template_doc(a: Agency, year: int, fig: Figures, drawn, rng: random.Random,
                 rx: random.Random | None = None) -> SimDoc:
    """One 2019/2021-template report; `rx` draws the real-file kinds' choices (prose, errors)."""
    template = "t2019" if year < 2021 else "t2021"
    v2 = fig.table2(year, template)
    t3 = fig.table3(year)
    t4 = fig.table4(year)
    doc = SimDoc(a.agency_id, a.name, year, template, title_for(a, year, rng))
    kind = ""
    if drawn.errors:
        bad, kind = _perturb_real(doc, t3, drawn, rx)
    else:
        bad = _perturb(doc, t3, t4, rng) if drawn.inconsistent else ""
    p = Printer(rng, drawn, thousands=False)
    if drawn.prose:
        paras, narr = _paragraphs(a, year, fig, t3, t4, kind, rx)
    else:
        paras, narr = template_paragraphs(a, year, t3["request.new"]["total"],
                                          t3["request.carried_in"]["total"], rng)
    doc.narrative = narr
    doc.items = paras + ["二、主动公开政府信息情况"]
    sections = table2(v2, template, p)
    for caption, table in sections:
        doc.items += [caption] if drawn.reordered and table is sections[0][1] else [caption, table]
    if drawn.reordered:  # the first section's table after the others (its caption stays first)
        doc.items.append(sections[0][1])
    p.quiet = bad == "t3"
    doc.items += ["三、收到和处理政府信息公开申请情况", table3(t3, template, p)]
    p.quiet = bad == "t4"
    doc.items += ["四、政府信息公开行政复议、行政诉讼情况", table4(t4, p)]
    doc.items += CLOSING + [a.short, cn_date(year, rng)]
    return doc
