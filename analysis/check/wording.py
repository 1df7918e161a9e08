"""Flags in Chinese words, for the dataset's `message_zh` column, the pages and the briefs: the rule's
template (vocab/rules.csv, message_zh) filled with the indicator's name, expected, found and the
location in Chinese; the candidate readings of cells that ran together folded (the first three and
共N种), so that no English ("or", "(15 in all)") reaches a reader.

>>> fold_readings("584|5|546 or 584|55|46 or 5845|5|46 or 5845|54|6 … (15 in all)")
'共15种，如584｜5｜546、584｜55｜46、5845｜5｜46'
>>> fold_readings("69|3|665 or 6|93|665")
'共2种：69｜3｜665、6｜93｜665'
>>> where_zh("table 三 row (七)总计 col 自然人 (line 50)")
'表三 行 (七)总计 列 自然人（第50行）'
"""

from __future__ import annotations

import re

import pandas as pd

from analysis import vocab

SHOWN = 3  # candidate readings a reader sees before 共N种
# the parser's locations ("table 三 row (七)总计 col 自然人 (line 50)") in Chinese words
WHERE_ZH = ((r"\s*\(ambiguous: see flag\)", ""), (r"narrative line (\d+)", r"正文第\1行"),
            (r"\s*\(line (\d+)\)", r"（第\1行）"), (r"\bline (\d+)", r"第\1行"),
            (r"\s*\(pdf p(\d+)\)", r"（PDF第\1页）"), (r"\btable ", "表"), (r"\brows? ", "行 "),
            (r"\bcol ", "列 "), (r" vs ", " 对照 "), (r"\bstatistics table\b", "统计表"),
            (r"\bcumulative\b", "历年累计"), (r"\bannual\b", "本年数"))
# how analysis.parse.cells.solve.shown_readings states the readings: "a|b or c|d … (N in all)"
_READINGS = re.compile(r"^(?P<list>.*?)(?: … \((?P<n>\d+) in all\))?$")
_FOLDED = ("ambiguous_cells",)  # rules whose `found` lists candidate readings


def readings(found: str) -> tuple[list[str], int]:
    """(the readings a flag lists, how many there are in all) from its `found` text; each
    reading's cells joined by '｜'."""
    m = _READINGS.match(str(found or "").strip())
    items = [x.strip().replace("|", "｜") for x in m["list"].split(" or ") if x.strip()]
    return items, int(m["n"]) if m["n"] else len(items)


def fold_readings(found: str) -> str:
    """Candidate readings for a reader: all of them when three or fewer, else the first three
    and 共N种."""
    items, n = readings(found)
    if n <= SHOWN:
        return f"共{n}种：" + "、".join(items) if n > 1 else "、".join(items)
    return f"共{n}种，如" + "、".join(items[:SHOWN])


def where_zh(location: str) -> str:
    """A location in Chinese words: 'table 三 row (七)总计 col 自然人 (line 50)' ->
    '表三 行 (七)总计 列 自然人（第50行）'."""
    text = "" if location is None or pd.isna(location) else str(location)
    for pattern, repl in WHERE_ZH:
        text = re.sub(pattern, repl, text)
    return text


def _what(indicator: str, names: dict[str, str]) -> str:
    if not indicator:
        return "该项"
    return names.get(indicator) or vocab.short_label(indicator)


def message_zh(rule: str, indicator: str, expected: str, found: str, location: str) -> str:
    """One flag's message in Chinese (from its rule's message_zh, else the rule's name)."""
    rules = vocab.rules()
    names = {i: r["label_zh"] for i, r in vocab.indicators().items()}
    template = rules.get(rule, {}).get("message_zh") or vocab.rule_label(rule)
    if rule in _FOLDED and found:
        found = fold_readings(found)
    return template.format(what=_what(indicator, names), expected=expected or "—",
                           found=found or "—", location=where_zh(location))


def flag_messages(flags: pd.DataFrame) -> pd.Series:
    """Each flag's message in Chinese (`message_zh`), for a frame of flags; one call per
    distinct flag text, so a large dataset costs its distinct messages only."""
    cols = ["rule", "indicator", "expected", "found", "location"]
    if flags.empty:
        return pd.Series([], index=flags.index, dtype=object)
    text = pd.DataFrame({c: flags[c].astype(object).where(flags[c].notna(), "").astype(str)
                         .str.replace(r"^(-?\d+)\.0$", r"\1", regex=True) for c in cols})
    uniq = text.drop_duplicates()
    said = pd.Series([message_zh(*row) for row in uniq.itertuples(index=False)],
                     index=pd.MultiIndex.from_frame(uniq), dtype=object)
    out = said.reindex(pd.MultiIndex.from_frame(text)).to_numpy()
    return pd.Series(out, index=flags.index, dtype=object)
