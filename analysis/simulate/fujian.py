"""The Fujian local variant of the pre-2019 统计表: 指标名称 | 计量单位 | 2015年度 | 历年累计.

One table; a unit cell (条 / 件 / 元) between the label and the numbers; the year's figure before the
cumulative. Two generations, as the real reports have them: F1 to 2013 (网站公开, six request
channels, 对申请的答复数, 否决公开答复数, 行政申诉数) and F2 from 2014 (主动公开文件数, 政府网站公开数,
信函、传真申请数 counted together, 其他类型答复数, 收费减免金额 in 元, 接受行政诉讼、举报数). Labels come
in two local styles (legacy_rows.csv, variants F1/F2); a style without a row leaves it out.

An agency either reports all its proactive items as published on its website (网站公开 = the total,
政府公报 0) or lists only two of its channels (the two rows then sum below the total: an incomplete
list, not an error).
"""

from __future__ import annotations

import random
import zlib

from analysis.simulate.cells import Printer
from analysis.simulate.doc import Cell, Row, SimTable
from analysis.simulate.draws import split
from analysis.simulate.legacy import rows

REPLIES_DROPPED = ("already_public", "not_held", "not_exist", "clarify", "other_route",
                   "not_gov_info")
CHANNEL_WEIGHTS = {"in_person": 3, "fax": 0.3, "email": 1, "online": 3, "letter": 1, "other": 0.3,
                   "letter_fax": 1.5}
REPLY_WEIGHTS = {"granted": 8, "partial": 1, "denied": 1, "other": 1}


def variant(year: int) -> str:
    return "F1" if year < 2014 else "F2"


def web_is_total(agency_id: str) -> bool:
    """The agency's habit: all proactive items counted as published on the website."""
    return (zlib.crc32(agency_id.encode()) >> 1) % 2 == 0


def printed_rows(year: int, style: int) -> list[dict[str, str]]:
    """The rows the agency's style prints (a style without a label leaves the row out)."""
    return [r for r in rows(variant(year)) if r["labels"].split("|")[style]]


def values(annual: dict, year: int, style: int, web_total: bool, rng: random.Random) -> dict:
    """The year's figures in the Fujian rows: request channels and replies re-split to them."""
    v = {k: x for k, x in annual.items() if not k.startswith(("request.channel.", "request.reply."))}
    shown = {r["indicator"] for r in printed_rows(year, style)}
    req = int(v["request.received"])
    chans = [c for c in CHANNEL_WEIGHTS if f"request.channel.{c}" in shown]
    for c, n in zip(chans, split(req, [CHANNEL_WEIGHTS[c] for c in chans], rng), strict=True):
        v[f"request.channel.{c}"] = n
    answered = rng.randint(0, req) if rng.random() < 0.2 else req
    replies = [c for c in REPLY_WEIGHTS if f"request.reply.{c}" in shown]
    v["request.reply.total"] = answered
    for c, n in zip(replies, split(answered, [REPLY_WEIGHTS[c] for c in replies], rng),
                    strict=True):
        v[f"request.reply.{c}"] = n
    if web_total:
        v["proactive.channel.website"], v["proactive.channel.gazette"] = v["proactive.total"], 0
    v["fees.waived"] = 0  # 收费减免金额 in 元: these reports print 0 (暂不收费)
    return v


def caption(name: str, year: int, rng: random.Random) -> str:
    return rng.choice([f"附件1：{name}{year}年政府信息公开情况统计表",
                       f"{name}政府信息公开情况统计表", "政府信息公开情况统计表"])


def table(name: str, year: int, annual: dict, cum: dict, p: Printer, style: int,
          rng: random.Random) -> tuple[str, SimTable]:
    """(caption, the one table) with the unit cell and annual | cumulative per row."""
    header = ["指标名称", "计量单位", f"{year}年度", "历年累计"]
    cap = caption(name, year, rng)
    t = SimTable(cap, [header], [], "fujian", True)
    for r in printed_rows(year, style):
        ind = r["indicator"]
        units = r["unit"].split("|")
        cells = [Cell(units[min(style, len(units) - 1)]), p.cell(ind, annual[ind], "annual"),
                 p.cell(ind, cum[ind], "cumulative")]
        t.rows.append(Row([r["labels"].split("|")[style]], cells))
    return cap, t
