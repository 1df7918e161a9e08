"""The prose of a simulated report: titles, dates, and sentences that state figures.

Every figure a sentence states is returned as a narrative truth, so the ground truth lists what the
text says (including a wrong figure when the report was made inconsistent on purpose).
"""

from __future__ import annotations

import random

from analysis.simulate.doc import Truth
from analysis.simulate.noise import SITE_SENTENCE
from analysis.simulate.region import Agency

_CN = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..31 in words: 3 -> 三, 12 -> 十二, 31 -> 三十一."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def cn_date(year: int, rng: random.Random) -> str:
    """The signature date, in the spring after the report year: 二〇一二年三月三十一日 or 2012年3月31日."""
    y, m, d = year + 1, rng.choice([1, 2, 3]), rng.randint(1, 28)
    if rng.random() < 0.5:
        return "".join(_CN[int(c)] for c in str(y)) + f"年{cn_number(m)}月{cn_number(d)}日"
    return f"{y}年{m}月{d}日"


def title_for(a: Agency, year: int, rng: random.Random) -> str:
    forms = ["{n}{y}年政府信息公开工作年度报告", "{n}{y}年度政府信息公开工作年度报告",
             "{y}年{n}政府信息公开工作年度报告"]
    return rng.choice(forms).format(n=a.name, y=year)


def truth(indicator: str, value: float, measure: str, breakdown: str = "all") -> Truth:
    return Truth(indicator, float(value), "reported", breakdown, measure, "narrative")


INTRO = ("{y}年,{ref}认真贯彻落实《中华人民共和国政府信息公开条例》和上级有关要求,"
         "坚持以公开为常态、不公开为例外,扎实推进政府信息公开工作。现将有关情况报告如下:")
MEASURES = ("(一)加强领导,健全机构。{ref}调整了政务公开工作领导小组,明确了办公室具体负责日常工作,"
            "并将信息公开工作纳入年度目标管理。")
PROBLEMS = ("信息公开的及时性和规范性还有待提高,部分科室对公开工作重视不够。下一步,{ref}将进一步"
            "梳理公开目录,完善工作制度,加强业务培训,推动政府信息公开工作常态化。")


def legacy_paragraphs(a: Agency, year: int, total: int, cats, stated_cum: float, annual: dict,
                      rng: random.Random) -> tuple[list[str], list[Truth]]:
    """Paragraphs of a pre-2019 report and the figures they state."""
    ref = a.self_ref
    truths = [truth("proactive.total", total, "annual")]
    first = f"{year}年,{ref}主动公开政府信息{total}条"
    if cats:
        first += ",其中" + "、".join(f"{zh}信息{n}条" for _, zh, n in cats)
        truths += [truth(f"proactive.category.{cid}", n, "annual") for cid, _, n in cats]
    paras = [INTRO.format(y=year, ref=ref), "一、政府信息公开情况", first + "。"]
    if rng.random() < 0.7 or stated_cum != annual.get("_cumulative_total", stated_cum):
        paras.append(f"截至{year}年12月31日,累计主动公开政府信息{stated_cum:g}条。")
        truths.append(truth("proactive.total", stated_cum, "cumulative"))
    paras.append(SITE_SENTENCE.format(ref=ref))
    req = annual["request.received"]
    if req:
        paras.append(f"全年共受理政府信息公开申请{req:g}件,均已在法定期限内答复。")
        truths.append(truth("request.received", req, "annual"))
    else:
        paras.append(f"全年无公民、法人和其他组织向{ref}提出政府信息公开申请。")
        truths.append(truth("request.received", 0, "annual"))
    if not annual["fees.request_fees"]:
        paras.append("无政府信息公开收费及减免情况。")
        truths.append(truth("fees.request_fees", 0, "annual"))
    if annual["review.total"]:
        paras.append(f"因政府信息公开被申请行政复议{annual['review.total']:g}件。")
        truths.append(truth("review.total", annual["review.total"], "annual"))
    else:
        paras.append("无因政府信息公开申请提起行政复议的情况。")
        truths.append(truth("review.total", 0, "annual"))
    if not annual["litigation.total"]:
        paras.append("无因政府信息公开提起行政诉讼的情况。")
        truths.append(truth("litigation.total", 0, "annual"))
    paras += ["二、主要措施", MEASURES.format(ref=ref), "三、存在的主要问题及改进措施",
              PROBLEMS.format(ref=ref)]
    return paras, truths


def template_paragraphs(a: Agency, year: int, new_total: int, carried_in: int,
                        rng: random.Random) -> tuple[list[str], list[Truth]]:
    """Opening paragraphs of a 2019/2021-template report and the figures they state."""
    ref = a.self_ref
    paras = [f"本年度报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求编制。"
             f"本年度报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
             "一、总体情况",
             f"{year}年,{ref}坚持以人民为中心,全面落实《条例》要求,持续深化政务公开。",
             SITE_SENTENCE.format(ref=ref)]
    truths: list[Truth] = []
    if rng.random() < 0.7:
        paras.append(f"全年共收到政府信息公开申请{new_total}件,上年结转政府信息公开申请"
                     f"{carried_in}件,均已依法答复或转入下一年度办理。")
        truths += [truth("request.received", new_total, "count", "total"),
                   truth("request.carried_in", carried_in, "count", "total")]
        truths[-2].counts = "new"  # 收到 said for 新收: the carried-in requests are said apart
    return paras, truths


CLOSING = ["五、政府信息公开工作存在的主要问题及改进情况",
           "一是公开内容的深度和广度仍需拓展;二是政策解读形式不够丰富。下一步将加强培训,"
           "完善工作机制,提升公开质量。", "六、其他需要报告的事项", "无。"]
