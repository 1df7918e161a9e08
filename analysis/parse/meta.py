"""Report metadata: agency (normalised, with the raw form), year, publication date, template kind."""

from __future__ import annotations

import re

from analysis.clean import unspaced
from analysis.model import Document, Flag, Meta
from analysis.parse import agency as agencies
from analysis.parse.dates import chinese_date, iso_dates

_TITLE = re.compile(r"(?P<pre>[^。,;:]{0,40}?)(?P<year>(?:19|20)\d{2})年度?(?P<mid>[^。,;:]{0,40}?)"
                    r"政府信息公开(?:工作)?(?:年度)?(?:报告|年报)")
# a title whose year a PDF text layer printed on a line of its own (示例市人民政府 年度政府信息公开
# 工作年度报 / 2022 / 告): the agency only; the year comes from the period statement
_TITLE_NO_YEAR = re.compile(r"(?P<pre>[\u4e00-\u9fff()]{2,40}?)(?P<year>)(?P<mid>)年度政府信息公开"
                            r"(?:工作)?(?:年度)?(?:报告?|年报)")
_TITLE_DEPTH = 60  # lines of a page searched for a title line below its menu
_NAMELIKE = re.compile(r"[\u4e00-\u9fff()（）]{2,40}")
_YEAR_ONLY = re.compile(r"^\s*(?:19|20)\d{2}\s*$")
_STATS_TITLE = re.compile(r"(?P<pre>[\u4e00-\u9fff]{2,20}?)(?P<year>(?:19|20)\d{2})年度?政府信息公开"
                          r"工作情况统计表")
_AGENCY_LINE = re.compile(r"^[\u4e00-\u9fff()]{3,30}(政府|办公厅|办公室|委员会|局|委|办|厅|中心|院|署|"
                          r"办事处|街道|镇|乡|公司|所|队|站)$")
_YEAR_RULES = [
    re.compile(r"(?:到|截至|截止|至)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"),
    re.compile(r"统计期限?(?:为|自|从)?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"),
    re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:至|到|起至|—|-)"),
    re.compile(r"^((?:19|20)\d{2})年度?数$"),
]
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|成文日期)\s*[::]?\s*((?:19|20)\d{2}[-年./]\d{1,2}[-月./]\d{1,2})")
T2021_MARKS = ("本年制发件数", "本年处理决定数量", "本年收费金额", "本年废止件数", "现行有效件数")
T2019_MARKS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "采购总金额", "上一年项目数量")
# table 三 is the same in both templates: it says "template", the year says which
TEMPLATE_MARKS = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "结转下年度继续办理")


def detect_template(text: str) -> str:
    """legacy | t2019 | t2021, or t2021? when only the shared table 三 says it is a template."""
    flat = unspaced(text)
    if any(m in flat for m in T2021_MARKS):
        return "t2021"
    if any(m in flat for m in T2019_MARKS):
        return "t2019"
    if any(m in flat for m in TEMPLATE_MARKS):
        return "t2021?"
    return "legacy"


def _titled(text: str | None, how) -> re.Match[str] | None:
    """`how` (a search or match of _TITLE) on `text` without spaces; a text that does not say
    信息公开 is no title (checked first: the pattern's lazy groups are slow to fail)."""
    flat = unspaced(text or "")
    return how(flat) if "信息公开" in flat else None


def _title(doc: Document) -> tuple[str, re.Match[str] | None]:
    """The report's title and its match: the page title, else the first lines read one, two and
    three at a time (a title a converter broke over lines), then all six joined; the first match
    that names an agency before the year wins, else a line naming the agency before 年度 with the
    year printed elsewhere, else the first match. Lines are not joined first:
    a site's menu printed above the title (首页 政务公开 信息公开 …) would join the agency's name."""
    shown = [ln.strip().lstrip("#").strip() for ln in doc.lines if ln.strip()]
    head = shown[:6]
    runs = [["".join(head[i:i + n]) for i in range(len(head) - n + 1)] for n in (1, 2, 3)]
    matches = (m for cand in [doc.title, *runs[0], *runs[1], *runs[2], "".join(head)[:160]]
               if (m := _titled(cand, _TITLE.search)))
    first = m = None  # the first match, and the first that names an agency (no more are tried)
    for found in matches:
        first = first or found
        if found.group("pre"):
            m = found
            break
    # a page printed whole (Chromium, then a PDF converter) keeps a long site menu above the
    # title: a line further down that is a title by itself, agency before the year, still is one
    below = (m for ln in shown[6:_TITLE_DEPTH] if (m := _titled(ln, _TITLE.fullmatch)))
    m = m or next((m for m in below if _NAMELIKE.fullmatch(m.group("pre"))), None)
    # the year's line left out: 示例县水务局 年度政府信息 / 2023 / 公开工作年度报告
    wordy = [ln for ln in head if not _YEAR_ONLY.match(ln)]
    apart = [unspaced("".join(wordy[i:i + n])) for n in (1, 2) for i in range(len(wordy))]
    m = m or next((m for cand in apart if (m := _TITLE_NO_YEAR.match(cand))), first)
    if m:
        return re.sub(r"^(正文|附件\d*)", "", m.group(0)), m
    return (doc.title or ""), None


def _signature(lines: list[str]) -> tuple[str, str]:
    """(agency line, date) from the signature block: a short agency line above a date line."""
    for i in range(len(lines) - 1, 0, -1):
        line = unspaced(lines[i])
        if len(line) > 14:  # a date line is short: a paragraph is not read for dates
            continue
        date = chinese_date(line) or next(iter(iso_dates(line)), None)
        if date:
            prev = unspaced(lines[i - 1])
            if _AGENCY_LINE.match(prev):
                return prev, date
            return "", date
    return "", ""


def _year(doc: Document, title_match: re.Match[str] | None) -> int | None:
    if title_match and title_match.group("year"):
        return int(title_match.group("year"))
    text = doc.text
    for rule in _YEAR_RULES[:3]:
        m = rule.search(text)
        if m:
            return int(m.group(1))
    for t in doc.tables:
        for cell in (t.rows[0] if t.rows else []):
            m = _YEAR_RULES[3].match(cell.replace(" ", ""))
            if m:
                return int(m.group(1))
    m = _STATS_TITLE.search(unspaced(text))
    return int(m.group("year")) if m else None


_PUBLISHER = re.compile(r"^\s*(?:发布机构|发文机关|信息来源|来源单位)\s*[::]\s*(\S{2,30})\s*$", re.M)
_ORG_SUFFIX = re.compile(r"^(?:管委会|管理委员会|人民政府|委员会|政府)$")
_OFFICE = re.compile(r"(?:办公室|办公厅)$")


def _publisher(text: str) -> str:
    """The publishing agency a crawler or a page header names (发布机构: …)."""
    m = _PUBLISHER.search(text[:3000])
    return m.group(1) if m else ""


def _as_signed(title_name: str, signed: list[str]) -> str:
    """The title's agency, or the fuller name it is signed or published under: 平潭综合实验区 in
    the title, signed 平潭综合实验区管委会(办公室) -> 平潭综合实验区管委会. The compiling office
    (…办公室) is the agency's own office, not the agency, unless the title names it."""
    for name in filter(None, signed):
        name = unspaced(name)
        if not _OFFICE.search(title_name):
            name = _OFFICE.sub("", name)
        if name.startswith(title_name) and _ORG_SUFFIX.match(name[len(title_name):]):
            return name
    return title_name


def detect(doc: Document) -> Meta:
    """Agency, year, template and dates of a document, with flags for what could not be found."""
    meta = Meta(template=detect_template(doc.text))
    title, m = _title(doc)
    meta.title = title
    lines = [ln for ln in doc.lines if ln.strip()]
    sig_agency, sig_date = _signature(lines)
    raw = ""
    if m:
        raw = (m.group("mid") or m.group("pre")).strip("度")
        raw = re.sub(r"^(正文|附件\d*)", "", raw)
    raw = _as_signed(raw, [_publisher(doc.text), sig_agency]) if raw else sig_agency
    stats = _STATS_TITLE.search(unspaced(doc.text))
    # the head names the place; the whole text may print a relative name (市扶贫和移民办) in full
    context = (stats.group("pre") if stats else "") + " " + doc.text
    meta.year = _year(doc, m)
    if meta.template == "t2021?":  # only table 三 was found: the year decides
        meta.template = "t2019" if meta.year in (2019, 2020) else "t2021"
    pub = _PUBLISHED.search(doc.text)
    meta.published = (iso_dates(pub.group(1)) or [""])[0] if pub else sig_date
    if raw:
        ag = agencies.resolve(raw, context)
        meta.agency, meta.agency_raw, meta.agency_id = ag.name, raw, ag.agency_id
        if not ag.registered:
            meta.flags.append(Flag("agency_unregistered", f"agency {ag.name!r} is not in the registry",
                                   severity="info", found=raw))
    else:
        meta.flags.append(Flag("agency_unknown", "no agency in the title or signature",
                               found=title[:80]))
    if meta.year is None:
        meta.flags.append(Flag("year_unknown", "no report year in title, dates or headers",
                               found=title[:80]))
    return meta
