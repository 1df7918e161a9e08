"""Plausible figures for one agency over the years: trends, channel mixes, zero-request offices,
a few very large agencies; table 三 and 四 built so that the template's identities hold."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from analysis.simulate.region import Agency

PROACTIVE = {"zero": (8, 40), "small": (20, 90), "medium": (80, 320), "large": (300, 1500),
             "huge": (1500, 6000)}
REQUESTS = {"zero": (0, 0), "small": (0, 6), "medium": (4, 40), "large": (30, 300),
            "huge": (400, 3500)}
CHANNELS_OLD = ["website", "gazette", "press_conference", "reading_room"]
CHANNELS_NEW = CHANNELS_OLD + ["weibo", "wechat", "media", "other"]
REQ_CHANNELS_OLD = ["in_person", "fax", "online", "letter"]
REQ_CHANNELS_NEW = ["in_person", "fax", "online", "letter", "email", "other"]
APPLICANTS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other_org"]
RESULT_LEAVES = [
    "disclosed", "partial", "denied.state_secret", "denied.law_prohibited",
    "denied.security_stability", "denied.third_party", "denied.internal_affairs",
    "denied.process_info", "denied.enforcement_files", "denied.query_matters",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear",
    "not_processed.petition", "not_processed.repeated", "not_processed.publications",
    "not_processed.mass_repeated", "not_processed.confirmation", "other.no_correction",
    "other.unpaid_fee", "other.other"]
RESULT_WEIGHTS = [40, 8, 1, 0.5, 0.3, 1, 1, 1.5, 0.3, 0.5, 14, 3, 1.5, 5, 3, 0.5, 0.5, 0.8, 3, 0.3, 2]
T4_COLS = ["upheld", "corrected", "other", "pending"]


def split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """Integers >= 0 summing to `total`, roughly proportional to jittered weights."""
    if total <= 0:
        return [0] * len(weights)
    w = [x * rng.uniform(0.5, 1.5) for x in weights]
    s = sum(w) or 1.0
    raw = [total * x / s for x in w]
    out = [int(x) for x in raw]
    rest = sorted(range(len(w)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in rest[: total - sum(out)]:
        out[i] += 1
    return out


@dataclass
class History:
    """What an agency carries from one year to the next."""

    cumulative: dict[str, float] = field(default_factory=dict)
    carried: dict[str, int] = field(default_factory=dict)  # table 三 carried out, per applicant
    rules_in_force: int = 0
    normative_in_force: int = 0
    items: dict[str, int] = field(default_factory=dict)  # 2019 template: prior-year items


class Figures:
    """The true figures of one agency, year by year (call years in increasing order)."""

    def __init__(self, agency: Agency, seed: int):
        self.a = agency
        self.rng = random.Random(f"{seed}:{agency.agency_id}")
        lo, hi = PROACTIVE[agency.size]
        self.pro0 = self.rng.uniform(lo, hi)
        lo, hi = REQUESTS[agency.size]
        self.req0 = self.rng.uniform(lo, hi)
        self.growth = self.rng.uniform(1.0, 1.12)
        self.web_share = self.rng.uniform(0.45, 0.9)
        self.h = History()

    def _level(self, base: float, year: int) -> int:
        x = base * self.growth ** (year - 2009) * self.rng.uniform(0.8, 1.2)
        return max(0, round(x))

    def requests(self, year: int) -> int:
        if self.a.size == "zero":
            return 0
        boost = 1.6 if year >= 2019 else 1.0  # the revised regulation brought more requests
        n = self._level(self.req0 * boost, year)
        return 0 if self.a.size == "small" and self.rng.random() < 0.4 else n

    def legacy(self, year: int) -> dict[str, float]:
        """Annual figures (indicator -> value) of a pre-2019 report."""
        r = self.rng
        v: dict[str, float] = {}
        total = self._level(self.pro0, year)
        v["proactive.total"] = total
        chans = CHANNELS_OLD if year < 2014 else CHANNELS_NEW
        weights = [self.web_share * 10] + [r.choice([0, 0, 0.5, 1, 2]) for _ in chans[1:]]
        for c, n in zip(chans, split(total, weights, r), strict=True):
            v[f"proactive.channel.{c}"] = n
        v["proactive.normative_docs"] = round(total * r.uniform(0, 0.05))
        v["proactive.normative_docs_issued"] = v["proactive.normative_docs"] + r.randint(0, 3)
        req = self.requests(year)
        v["request.received"] = req
        rch = REQ_CHANNELS_OLD if year < 2014 else REQ_CHANNELS_NEW
        online = min(8.0, 1 + (year - 2009) * 0.8)
        for c, n in zip(rch, split(req, [3, 0.3, online, 2, 1, 0.5][: len(rch)], r), strict=True):
            v[f"request.channel.{c}"] = n
        v["request.reply.total"] = req
        replies = ["already_public", "granted", "partial", "denied", "not_held", "not_exist",
                   "clarify", "other_route"]
        for c, n in zip(replies, split(req, [3, 8, 1, 0.5, 2, 1.5, 0.5, 0.5], r), strict=True):
            v[f"request.reply.{c}"] = n
        v["request.reply.not_gov_info"] = (v["request.reply.not_held"]
                                           + v["request.reply.not_exist"])
        v["review.total"] = r.choice([0] * 8 + [1, 2]) if req > 20 else 0
        lit = r.choice([0] * 8 + [1, 2]) if req > 50 else 0
        v["litigation.total"] = lit
        for c, n in zip(["upheld", "corrected", "other"], split(lit, [4, 1, 1], r), strict=True):
            v[f"litigation.{c}"] = n
        v["complaints.total"] = r.choice([0, 0, 0, 1]) if req else 0
        v["fees.request_fees"] = round(r.choice([0, 0, 0, 0.02, 0.15]) if req else 0, 2)
        for k, lo, hi in (("response.hot_topics", 0, 12), ("response.press_conferences", 0, 6),
                          ("response.online_interviews", 0, 4),
                          ("response.interpretations", 0, 30), ("org.units", 1, 1),
                          ("org.reading_points", 1, 4), ("training.meetings", 1, 6),
                          ("training.sessions", 0, 4)):
            v[k] = r.randint(lo, hi)
        ft, pt = r.randint(0, 2), r.randint(1, 5)
        v.update({"org.staff_full_time": ft, "org.staff_part_time": pt, "org.staff": ft + pt,
                  "org.budget": round(r.choice([0, 0.5, 1.2, 3, 8.5]), 2),
                  "training.participants": v["training.sessions"] * r.randint(10, 60)})
        return v

    def cumulate(self, annual: dict[str, float]) -> dict[str, float]:
        """Cumulative figures (历年累计数): since 2008, the first year given a head start."""
        out = {}
        if not self.h.cumulative:  # one integer head start keeps parts summing to totals
            self.head = self.rng.choice([0, 1, 2])
        for k, x in annual.items():
            if k not in self.h.cumulative:
                self.h.cumulative[k] = x * self.head
            self.h.cumulative[k] += x
            out[k] = round(self.h.cumulative[k], 2)
        return out

    def table3(self, year: int) -> dict[str, dict[str, int]]:
        """Table 三: row id -> applicant column -> count; 一 + 二 = (七)总计 + 四 per column."""
        r = self.rng
        new = split(self.requests(year), [20, 3, 0.2, 0.3, 0.8, 0.5], r)
        t: dict[str, dict[str, int]] = {}
        t["request.new"] = dict(zip(APPLICANTS, new, strict=True))
        t["request.carried_in"] = {c: self.h.carried.get(c, 0) for c in APPLICANTS}
        for leaf in RESULT_LEAVES:
            t[f"request.result.{leaf}"] = {}
        t["request.result.total"], t["request.carried_out"] = {}, {}
        for c in APPLICANTS:
            have = t["request.new"][c] + t["request.carried_in"][c]
            out = r.choice([0, 0, 0, 1, 2]) if have > 3 else 0
            out = min(out, have)
            done = have - out
            for leaf, n in zip(RESULT_LEAVES, split(done, RESULT_WEIGHTS, r), strict=True):
                t[f"request.result.{leaf}"][c] = n
            t["request.result.total"][c] = done
            t["request.carried_out"][c] = out
        self.h.carried = dict(t["request.carried_out"])
        for row in t.values():
            row["total"] = sum(row[c] for c in APPLICANTS)
        return t

    def table4(self, year: int) -> dict[str, int]:
        """Table 四: 15 cells; each block's parts sum to its 总计."""
        r = self.rng
        req = self.h.carried and sum(self.h.carried.values())
        scale = {"huge": 40, "large": 6, "medium": 1}.get(self.a.size, 0)
        out: dict[str, int] = {}
        for block, k in (("review", 1.0), ("litigation_direct", 0.6),
                         ("litigation_after_review", 0.3)):
            n = round(scale * k * r.uniform(0, 1.5)) if scale else 0
            n += 1 if req and r.random() < 0.05 else 0
            parts = split(n, [6, 1, 1.5, 1], r)
            for col, x in zip(T4_COLS, parts, strict=True):
                out[f"{block}.{col}"] = x
            out[f"{block}.total"] = n
        return out

    def table2(self, year: int, template: str) -> dict[tuple[str, str], float]:
        """Table 二: (row id, measure) -> value, in the columns of the year's template."""
        r, a = self.rng, self.a
        gov = a.level in ("city", "district")
        rules_made = r.randint(0, 6) if a.level == "city" else 0
        norm_made = r.randint(0, 12) if gov else r.choice([0, 0, 1, 2, 3])
        enforcer = a.size in ("large", "huge", "medium") and a.level != "township"
        big = {"huge": 30000, "large": 3000, "medium": 300}.get(a.size, 20)
        lic = round(big * r.uniform(0, 1.5)) if enforcer else r.choice([0, 0, 3, 12])
        pen = round(big * r.uniform(0, 3)) if enforcer else r.choice([0, 0, 0, 5])
        coe = round(pen * r.uniform(0, 0.08))
        fees = round(r.uniform(0, big / 10), 2) if enforcer else 0.0
        v: dict[tuple[str, str], float] = {}
        if template == "t2021":
            rep_r, rep_n = min(r.randint(0, 2), self.h.rules_in_force), r.randint(0, 4)
            self.h.rules_in_force += rules_made - rep_r
            rep_n = min(rep_n, self.h.normative_in_force + norm_made)
            self.h.normative_in_force += norm_made - rep_n
            v.update({("rules", "made"): rules_made, ("rules", "repealed"): rep_r,
                      ("rules", "in_force"): self.h.rules_in_force,
                      ("normative", "made"): norm_made, ("normative", "repealed"): rep_n,
                      ("normative", "in_force"): self.h.normative_in_force,
                      ("licensing", "decisions"): lic, ("penalty", "decisions"): pen,
                      ("coercion", "decisions"): coe, ("admin_fees", "amount"): fees})
            return v
        self.h.rules_in_force += rules_made
        self.h.normative_in_force += norm_made
        v.update({("rules", "made"): rules_made, ("rules", "published"): rules_made,
                  ("rules", "total_public"): self.h.rules_in_force,
                  ("normative", "made"): norm_made, ("normative", "published"): norm_made,
                  ("normative", "total_public"): self.h.normative_in_force})
        for row, n in (("licensing", lic), ("other_services", round(lic * r.uniform(0, 0.3))),
                       ("penalty", pen), ("coercion", coe), ("admin_fees", None)):
            prior = self.h.items.get(row, r.randint(0, 40) if enforcer else r.randint(0, 3))
            change = r.randint(-min(prior, 3), 3)
            self.h.items[row] = prior + change
            v[(row, "prior_year_items")], v[(row, "change")] = prior, change
            if n is not None:
                v[(row, "decisions")] = n
        v[("procurement", "items")] = r.randint(0, 12) if gov or enforcer else r.randint(0, 2)
        v[("procurement", "amount")] = round(v[("procurement", "items")] * r.uniform(2, 80), 2)
        return v
