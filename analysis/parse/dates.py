"""Dates and years in Chinese text, including Chinese-numeral dates (二〇一一年十二月三十一日)."""

from __future__ import annotations

import re

_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                      r"([一二三四五六七八九十]{1,3})日")
_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")


def _small(cn: str) -> int:
    """一 .. 三十一."""
    if cn == "十":
        return 10
    if cn.startswith("十"):
        return 10 + _DIGIT[cn[1]]
    if cn.endswith("十"):
        return _DIGIT[cn[0]] * 10
    if "十" in cn:
        a, b = cn.split("十")
        return _DIGIT[a] * 10 + _DIGIT[b]
    return _DIGIT[cn]


def chinese_date(text: str) -> str | None:
    """First Chinese-numeral date as ISO.

    >>> chinese_date("二〇一一年十二月三十一日")
    '2011-12-31'
    """
    m = _CN_DATE.search(text)
    if not m:
        return None
    y = int("".join(str(_DIGIT[c]) for c in m.group(1)))
    return f"{y:04d}-{_small(m.group(2)):02d}-{_small(m.group(3)):02d}"


def iso_dates(text: str) -> list[str]:
    out = []
    for m in _DATE.finditer(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            out.append(f"{y:04d}-{mo:02d}-{d:02d}")
    return out
