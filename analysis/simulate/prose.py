"""Narrative as real reports write it (the `prose` noise): content categories under the labels real
reports use, totals with a number after a space, sub-totals that repeat the phrase of the total,
request counts stated as 收到 / 受理 / 办理 (which may include the requests carried in), and
"未收到…申请".

Every figure a sentence states is a narrative truth; a request count says what it counts
(`counts`: new, or new+carried_in), so a check can tell "收到75件" (74 new + 1 carried in) from a
disagreement.
"""

from __future__ import annotations

import random

from analysis.simulate.doc import Truth
from analysis.simulate.draws import split
from analysis.simulate.narrative import truth
from analysis.simulate.noise import SITE_SENTENCE
from analysis.simulate.region import Agency

# Content-category lists as real reports print them: (category id, the labels used), in the order
# of the local forms; ids as in vocab/categories.csv. Lists 1 and 2 (to 2016, and the template era)
# differ in whether 重大建设项目 and 为民办实事 are one category; list 3 is Fujian's of 2017-2018.
_COMMON = [("overview", ["机构职能类信息", "机构职能、主要职能、办事程序信息"]),
           ("regulations", ["政策、规范性文件类信息"]), ("planning", ["规划计划类信息"]),
           ("licensing", ["行政许可类信息"])]
_LATE = [("social_security", ["民政扶贫救灾社会保障就业类信息", "民政扶贫救灾社会社保就业类信息"]),
         ("land_environment", ["国土资源、城乡建设、环保能类", "国土资源城乡建设环保能源类信息"]),
         ("social_services", ["科教文体卫生类信息"]), ("emergency", ["安全生产、应急管理类信息"])]
CATEGORY_LISTS = [
    _COMMON + [("projects_livelihood", ["重大建设项目、为民办实事类信息"])] + _LATE,
    _COMMON + [("projects", ["重大建设项目", "重大建设项目信息"]),
               ("livelihood", ["为民办实事类信息"])] + _LATE,
    _COMMON[:3] + [("finance", ["财政预决算类信息"]), ("fees", ["行政事业性收费信息"]),
                   ("procurement", ["政府集中采购项目类信息"]), _COMMON[3],
                   ("projects", ["重大建设项目"]),
                   ("poverty_social", ["扶贫、教育、医疗、社会保障、促进就业类信息"]),
                   ("emergency", ["应急管理类信息"]),
                   ("safety_environment", ["环保、公共卫生、安全生产、食品药品、产品质量类信息"]),
                   ("urban_affairs", ["城乡建设和管理的重大事项类信息"]),
                   ("public_welfare", ["社会公益事业建设类信息"]),
                   ("land_acquisition", ["征收或征用土地类信息"])],
]
OTHER = ["其他应主动公开的信息", "其他应主动公开政府信息", "其他信息"]
CHANNELS = {"in_person": "当面申请数", "fax": "传真申请数", "email": "电子邮件申请数",
            "online": "网上申请数", "letter": "信函申请数", "letter_fax": "信函、传真申请数",
            "other": "其它形式申请数"}


def gap(rng: random.Random) -> str:
    """Some reports print a space before a number: 主动公开政府信息 2543条."""
    return " " if rng.random() < 0.3 else ""


def categories(total: int, rng: random.Random, shape: str) -> list[tuple[str, str, int]]:
    """(id, label, n): `whole` ends with 其他 and sums to the total; `part` leaves 其他 out and
    sums below it (an evidently incomplete list); `off` ends with 其他 but misses the total by a few."""
    if total < 10:
        return []
    pool = rng.choice(CATEGORY_LISTS)
    chosen = sorted(rng.sample(range(len(pool)), rng.randint(3, len(pool))))
    picked = [(pool[i][0], rng.choice(pool[i][1])) for i in chosen]
    if shape == "part":
        parts = split(round(total * rng.uniform(0.3, 0.9)), [rng.uniform(0.5, 3) for _ in picked],
                      rng)
        return [(c, lab, n) for (c, lab), n in zip(picked, parts, strict=True)]
    picked.append(("other", rng.choice(OTHER)))
    parts = split(total, [rng.uniform(0.5, 3) for _ in picked[:-1]] + [8], rng)
    if shape == "off":
        parts[-1] = max(0, parts[-1] + rng.choice([-3, -2, -1, 1, 2, 3]))
    return [(c, lab, n) for (c, lab), n in zip(picked, parts, strict=True)]


def category_text(cats: list[tuple[str, str, int]], total: int, rng: random.Random) -> str:
    """机构职能类信息117条，政策、规范性文件类信息124条… or the form with shares (占7.9%)."""
    unit = "条"
    if rng.random() < 0.4:
        return "；".join(f"{lab}{n}{unit}，占{100 * n / total:.1f}%" for _, lab, n in cats)
    return "，".join(f"{lab}{n}{unit}" for _, lab, n in cats)


def category_truths(cats: list[tuple[str, str, int]]) -> list[Truth]:
    return [truth(f"proactive.category.{cid}", n, "annual") for cid, _, n in cats]


def proactive_legacy(a: Agency, year: int, total: int, cats, rng: random.Random,
                     normative: int | None = None) -> list[str]:
    """二、主动公开 … (一) the number (with the units' shares repeating the phrase), the normative
    documents where `normative` is given, (二) categories."""
    ref = a.self_ref
    own = round(total * rng.uniform(0.5, 0.8))
    first = rng.choice([
        f"{ref}对政府信息进行了梳理和编目，{year}年主动公开政府信息{gap(rng)}{total}条。其中，"
        f"{ref}本级主动公开政府信息{own}条，各下属单位主动公开政府信息{total - own}条。",
        f"{year}年，{ref}共主动公开政府信息{gap(rng)}{total}条。",
        f"{year}年制作、获取政府信息总数{total + own}条，其中主动公开政府信息{total}条，"
        f"不予公开信息数{own}条。"])
    paras = ["二、主动公开政府信息情况", "（一）主动公开政府信息的数量", first]
    if normative is not None:
        paras.append(f"全年公开规范性文件{normative}条。")
    if cats:
        lead = rng.choice([f"{year}年，{ref}主动公开政府信息的主要类别有：",
                           f"{year}年，在门户网站主动公开的{total}条政府信息中，"])
        paras += ["（二）主动公开政府信息的主要类别", lead + category_text(cats, total, rng) + "。"]
    return paras


def requests_legacy(a: Agency, year: int, v: dict, rng: random.Random) -> tuple[str, list[Truth]]:
    """收到…申请N条，其中当面申请数a条…；对依申请公开的答复总数r条… or 未收到…申请. `v` holds the
    figures the sentence states (a wrong one on purpose when the report is inconsistent)."""
    ref, req = a.self_ref, int(v["request.received"])
    unit = rng.choice(["条", "件"])
    if not req:
        text = rng.choice([f"{year}年{ref}未收到有关政府信息公开的申请。",
                           f"{year}年未收到有关政府信息公开申请。"])
        return text, [truth("request.received", 0, "annual")]
    truths = [truth("request.received", req, "annual")]
    chans = [(c, int(v[f"request.channel.{c}"])) for c in CHANNELS
             if v.get(f"request.channel.{c}")]
    text = f"{year}年{ref}共收到有关政府信息公开的申请{req}{unit}"
    if chans:
        text += "，其中" + "，".join(f"{CHANNELS[c]}{n}{unit}" for c, n in chans)
        truths += [truth(f"request.channel.{c}", n, "annual") for c, n in chans]
    total = v.get("request.reply.total")
    if total:
        text += f"；对依申请公开的答复总数{int(total)}{unit}"
        truths.append(truth("request.reply.total", total, "annual"))
        if v.get("request.reply.granted"):
            text += f"，其中同意公开答复数{int(v['request.reply.granted'])}{unit}"
            truths.append(truth("request.reply.granted", v["request.reply.granted"], "annual"))
        if "request.reply.denied" in v and rng.random() < 0.5:
            text += f"，不予公开{int(v['request.reply.denied'])}{unit}"  # a zero is said too
            truths.append(truth("request.reply.denied", v["request.reply.denied"], "annual"))
    return text + "。", truths


def closing_legacy(a: Agency, year: int, v: dict, rng: random.Random) -> tuple[list[str], list[Truth]]:
    """Fees, reviews and suits as real reports state them (often as none)."""
    ref, paras, truths = a.self_ref, [], []
    if rng.random() < 0.5 and "org.staff_full_time" in v:  # a narrative-only bureau's staff line
        ft, pt = int(v["org.staff_full_time"]), int(v["org.staff_part_time"])
        paras.append(f"{ref}明确专人负责政府信息公开工作，配备专职人员{ft}名，兼职人员{pt}名。")
        truths += [truth("org.staff_full_time", ft, "annual"),
                   truth("org.staff_part_time", pt, "annual")]
    if not v.get("fees.request_fees"):
        paras.append(f"{year}年{ref}依申请提供政府信息暂不收费。")
        truths.append(truth("fees.request_fees", 0, "annual"))
    if not v.get("review.total") and not v.get("litigation.total"):
        paras.append(f"{year}年{ref}未收到有关政府信息公开行政复议、提起行政诉讼的申请。")
        truths += [truth("review.total", 0, "annual"), truth("litigation.total", 0, "annual")]
    elif v.get("review.total"):
        paras.append(f"因政府信息公开申请提起行政复议{int(v['review.total'])}件。")
        truths.append(truth("review.total", v["review.total"], "annual"))
    return paras, truths


def requests_template(a: Agency, year: int, t3: dict, stated: int | None,
                      rng: random.Random) -> tuple[str, list[Truth]]:
    """The request sentence of a template-era report. `stated` overrides the count said (an error).

    Each word keeps its meaning (REFERENCE.md): 收到/受理 = received (新收 + 上年结转; some reports
    say it for 新收 alone and state 上年结转 apart), 办理/办结 = (七)总计, 结转下一年 = 四, and an
    applicant split of what was received (自然人 / 法人或其他组织)."""
    new, cin = t3["request.new"]["total"], t3["request.carried_in"]["total"]
    done, out = t3["request.result.total"]["total"], t3["request.carried_out"]["total"]
    ref = a.self_ref
    if not new and not cin and stated is None:
        return f"{year}年，{ref}未收到政府信息公开申请。", [_req(0, "total", "")]
    have = new + cin if stated is None else stated
    how = rng.randrange(4)
    if stated is not None and how in (0, 2):
        how = 1  # the wrong count is said as 收到 (of everything handled)
    if how == 0:
        return (f"全年共收到政府信息公开申请{new}件，上年结转政府信息公开申请{cin}件。",
                [_req(new, "total", "new"), truth("request.carried_in", cin, "count", "total")])
    if how == 1:
        text = f"本年度{ref}共收到{have}件申请，及时依法依规办结{done}件"
        truths = [_req(have, "total", "new+carried_in"),
                  truth("request.result.total", done, "count", "total")]
        if out:
            text += f"，{out}件结转下年度继续办理"
            truths.append(truth("request.carried_out", out, "count", "total"))
        return text + "。", truths
    if how == 2:
        return _split(a, year, t3, have, done, out, rng)
    if rng.random() < 0.5:
        return f"全年受理政府信息公开申请{gap(rng)}{have}件。", [_req(have, "total", "new+carried_in")]
    return (f"全年办理政府信息公开申请{gap(rng)}{done}件。",
            [truth("request.result.total", done, "count", "total")])


_ORGS = ("business", "research", "nonprofit", "legal_services", "other_org")


def _split(a: Agency, year: int, t3: dict, have: int, done: int, out: int,
           rng: random.Random) -> tuple[str, list[Truth]]:
    """What was received split by applicant: 涉及自然人72件、商业企业3件, or the 2019 trial's
    其中自然人申请511件，法人或其他组织申请9件；共办理497件，结转下一年23件."""
    got = {c: t3["request.new"][c] + t3["request.carried_in"][c]
           for c in ("natural_person",) + _ORGS}
    truths = [_req(have, "total", "new+carried_in"),
              _req(got["natural_person"], "natural_person", "new+carried_in")]
    if rng.random() < 0.5:
        text = f"{year}年，{a.self_ref}收到政府信息公开申请{have}件，涉及自然人{got['natural_person']}件"
        if got["business"]:
            text += f"、商业企业{got['business']}件"
            truths.append(_req(got["business"], "business", "new+carried_in"))
        return text + "，均在法定期限内予以答复。", truths
    orgs = sum(got[c] for c in _ORGS)
    truths += [_req(orgs, "organisations", "new+carried_in"),
               truth("request.result.total", done, "count", "total"),
               truth("request.carried_out", out, "count", "total")]
    return (f"全县全年共受理政府信息公开申请{have}件，其中自然人申请{got['natural_person']}件，"
            f"法人或其他组织申请{orgs}件；共办理{done}件，结转下一年{out}件。", truths)


def _req(n: float, breakdown: str, counts: str) -> Truth:
    """A request count as the narrative says it: 收到/受理 is `request.received` (what it counts:
    new, or new + carried in)."""
    tr = truth("request.received", n, "count", breakdown)
    tr.counts = counts
    return tr


OPENING = ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与"
           "政务公开办公室关于年度报告格式的通知要求编制。本报告所列数据统计期限为{y}年1月1日至{y}年"
           "12月31日。")


def proactive_template(a: Agency, year: int, total: int, cats,
                       rng: random.Random) -> tuple[str, list[Truth]]:
    """Template-era total (the table has none): 全年主动公开各类政府信息10407条, maybe with categories."""
    truths = [truth("proactive.total", total, "annual")]
    if cats:
        text = f"全年{a.self_ref}共公布政府信息{total}条（其中{category_text(cats, total, rng)}）。"
        return text, truths + category_truths(cats)
    text = rng.choice([f"全年主动公开各类政府信息{gap(rng)}{total}条。",
                       f"通过政府门户网站全年主动公开各类政府信息{total}条。",
                       f"{year}年{a.self_ref}共主动公开政府信息{gap(rng)}{total}条。",
                       f"全年主动发布政务信息{total}条。"])
    return text, truths


def review_template(a: Agency, year: int, review: int) -> tuple[str, list[Truth]]:
    if review:
        return (f"{year}年，{a.self_ref}政府信息公开工作方面共有行政复议案件{review}件。",
                [truth("review.total", review, "count")])
    return "全年未发生政府信息公开行政复议案件。", [truth("review.total", 0, "count")]


def template_real(a: Agency, year: int, total: int, cats, t3: dict, review: int,
                  stated: int | None, rng: random.Random) -> tuple[list[str], list[Truth]]:
    """Opening paragraphs of a template-era report in real reports' words, and their figures."""
    ref = a.self_ref
    said, truths = proactive_template(a, year, total, cats, rng)
    asked, t2 = requests_template(a, year, t3, stated, rng)
    rv, t3_ = review_template(a, year, review)
    paras = [OPENING.format(y=year), SITE_SENTENCE.format(ref=ref), "一、总体情况",
             f"{year}年，{ref}坚持以公开为常态、不公开为例外，持续深化政务公开。",
             "（一）主动公开方面。" + said, "（二）依申请公开方面。" + asked + rv]
    return paras, truths + t2 + t3_
