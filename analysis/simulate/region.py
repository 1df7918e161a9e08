"""The fictional region 示例市: its city government, districts, bureaus and townships.

Every name carries 示例 (example) or sits under a 示例 district, so no one mistakes it for a real
place. `agencies(n)` returns the first n agencies of a fixed order that mixes the levels, so even a
small corpus has a city, a district, departments and townships.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

CITY = "示例市"
DISTRICTS = [("dong", "示例东区"), ("xi", "示例西区"), ("nan", "示例南区"), ("bei", "示例北区"),
             ("xin", "示例新区"), ("shan", "示例山县"), ("he", "示例河县"), ("hu", "示例湖县")]
# (id, name, self-reference, short name for signatures)
BUREAUS = [
    ("jyj", "教育局", "我局"), ("gaj", "公安局", "我局"), ("czj", "财政局", "我局"),
    ("mzj", "民政局", "我局"), ("rsj", "人力资源和社会保障局", "我局"), ("zrzyj", "自然资源局", "我局"),
    ("sthjj", "生态环境局", "我局"), ("zjj", "住房和城乡建设局", "我局"), ("jtj", "交通运输局", "我局"),
    ("slj", "水利局", "我局"), ("nyj", "农业农村局", "我局"), ("swj", "商务局", "我局"),
    ("wlj", "文化广电旅游局", "我局"), ("wjw", "卫生健康委员会", "我委"), ("yjj", "应急管理局", "我局"),
    ("scj", "市场监督管理局", "我局"), ("tjj", "统计局", "我局"), ("sjj", "审计局", "我局"),
    ("sfj", "司法局", "我局"), ("fgw", "发展和改革委员会", "我委"), ("fpb", "扶贫开发办公室", "我办"),
    ("xfj", "信访局", "我局"),
]
PLACE_A = "青白东西南北新石柳金桃龙凤云"
PLACE_B = "山湖塘桥溪岭田坪口港园林"


@dataclass(frozen=True)
class Agency:
    agency_id: str
    name: str
    short: str  # how the report signs itself
    self_ref: str  # 我局 / 本府 / 我镇 ...
    level: str  # city | district | department | township
    parent: str
    size: str  # zero | small | medium | large | huge

    def row(self) -> dict[str, str]:
        # township short names repeat across districts: only the full name identifies them
        aliases = [] if self.level == "township" or self.short == self.name else [self.short]
        return {"agency_id": self.agency_id, "name": self.name, "aliases": "|".join(aliases),
                "level": self.level, "parent": self.parent}


def _townships(d: int) -> list[tuple[str, str, str]]:
    """Township names of district d: (id, name, suffix kind)."""
    out = []
    for k in range(len(PLACE_A) * len(PLACE_B)):
        a = PLACE_A[(k + 3 * d) % len(PLACE_A)]
        b = PLACE_B[(k // len(PLACE_A) + d) % len(PLACE_B)]
        kind = ("街道", "镇", "乡")[(k + d) % 3]
        out.append((f"t{k:02d}", a + b, kind))
    return out


def _all_levels() -> list[list[Agency]]:
    city = Agency("sl-city", f"{CITY}人民政府", f"{CITY}人民政府", "本机关", "city", "示例省", "huge")
    city_depts = [Agency(f"sl-{bid}", CITY + name, CITY + name, ref, "department", CITY,
                         "large" if i % 5 == 0 else "medium")
                  for i, (bid, name, ref) in enumerate(BUREAUS)]
    districts = [Agency(f"sl-{did}", f"{dname}人民政府", f"{dname}人民政府", "本机关", "district",
                        CITY, "large") for did, dname in DISTRICTS]
    district_depts, townships = [], []
    for d, (did, dname) in enumerate(DISTRICTS):
        for i, (bid, name, ref) in enumerate(BUREAUS):
            size = "medium" if i % 4 == 0 else ("zero" if i % 3 == 2 else "small")
            district_depts.append(Agency(f"sl-{did}-{bid}", dname + name, dname + name, ref,
                                         "department", dname, size))
        for i, (tid, place, kind) in enumerate(_townships(d)):
            name = f"{dname}{place}{kind}" + ("办事处" if kind == "街道" else "人民政府")
            short = f"{place}{kind}" + ("办事处" if kind == "街道" else "人民政府")
            ref = "我街道" if kind == "街道" else f"我{kind}"
            townships.append(Agency(f"sl-{did}-{tid}", name, short, ref, "township", dname,
                                    "zero" if i % 3 == 0 else "small"))
    return [[city], districts, city_depts, townships, district_depts]


def agencies(n: int) -> list[Agency]:
    """The first n agencies, levels interleaved (city, district, bureau, township, district bureau…)."""
    levels = [list(x) for x in _all_levels()]
    total = sum(len(x) for x in levels)
    if n > total:
        raise ValueError(f"the example region has {total} agencies; asked for {n}")
    out: list[Agency] = []
    while len(out) < n:
        for group in levels:
            if group and len(out) < n:
                out.append(group.pop(0))
    return out


def write_registry(agencies_: list[Agency], path: Path) -> None:
    """agencies.csv (agency_id,name,aliases,level,parent), read by `xxgk ingest`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["agency_id", "name", "aliases", "level", "parent"])
        w.writeheader()
        for a in agencies_:
            w.writerow(a.row())
