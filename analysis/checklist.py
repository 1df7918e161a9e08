"""核对清单: every cell of an agency's reports the tool could not read for certain, in Chinese, for a
person to check against the report: cells printed but not placed (待核, with the candidate
readings, long lists folded to the first three and 共N种), rows the template could not align, and
figures the report contradicts (table against narrative, parts against their total). One row per
printed row of cells (the columns it leaves open listed), or per contradiction.

Which flag rules belong on the list is data (vocab/check_list.txt); the words are the flags'
`message_zh` (analysis.check.wording) and the statuses' (statuses.csv).
"""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd

from analysis import vocab
from analysis.check.wording import flag_messages, fold_readings, readings, where_zh
from analysis.dataset.tidy import places
from analysis.figures import word
from analysis.figures.status import UNRESOLVED

COLUMNS = ["年度", "问题", "表", "行", "列", "文本行", "原文", "候选读法", "说明", "文件"]
AMBIGUOUS = "ambiguous_cells"  # the flag that lists an unresolved row's candidate readings


def _text(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s.notna(), "").astype(str)


def _row_columns(facts: pd.DataFrame) -> dict[tuple, list[str]]:
    """(report, indicator, table, row, line) -> the columns of that printed row, in order."""
    key = ["report_id", "indicator", "table", "row", "line"]
    t = facts[_text(facts["source"]).eq("table")]
    return {tuple(k): list(dict.fromkeys(_text(g["column"])))
            for k, g in t.groupby(key, sort=False, dropna=False)}


def _order_note(columns: list[str], cands: str) -> str:
    """'（依次为本年制发件数/本年废止件数/现行有效件数）' when the readings have one cell per column."""
    items, _ = readings(cands)
    if not items or any(len(x.split("｜")) != len(columns) for x in items):
        return ""
    return f"（依次为{'｜'.join(columns)}）"


def _unresolved(facts: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """One row per printed row with unresolved cells, its candidates from the row's flag."""
    mine = facts[facts["report_id"].isin(facts.loc[_text(facts["status"]).eq(UNRESOLVED),
                                                   "report_id"])]
    if mine.empty:
        return pd.DataFrame(columns=[*COLUMNS, "_order"])
    mine = places(mine).assign(**{c: lambda d, c=c: _text(d[c]) for c in (
        "report_id", "indicator", "raw_label", "raw_value", "path", "status")})
    columns = _row_columns(mine)
    amb = flags[_text(flags["rule"]).eq(AMBIGUOUS)]
    found = dict(zip(zip(_text(amb["report_id"]), _text(amb["indicator"]), strict=True),
                     _text(amb["found"]), strict=True))
    key = ["report_id", "indicator", "table", "row", "line", "year", "raw_label", "raw_value",
           "path"]
    rows = []
    for k, g in mine[mine["status"].eq(UNRESOLVED)].groupby(key, sort=False, dropna=False):
        rec = dict(zip(key, k, strict=True))
        cands = found.get((rec["report_id"], rec["indicator"]), "")
        shown = fold_readings(cands) + _order_note(columns.get(k[:5], []), cands) if cands else ""
        rows.append({"年度": rec["year"], "问题": f"数字粘连，{len(g)}个单元格{word(UNRESOLVED)}",
                     "表": rec["table"], "行": rec["row"] or rec["raw_label"],
                     "列": "、".join(c for c in dict.fromkeys(_text(g["column"])) if c),
                     "文本行": rec["line"], "原文": f"{rec['raw_label']} {rec['raw_value']}".strip(),
                     "候选读法": shown, "说明": "请按原文核对",
                     "文件": PurePath(rec["path"]).name, "_order": 0})
    return pd.DataFrame(rows)


def _contradictions(flags: pd.DataFrame) -> pd.DataFrame:
    """Flags of the listed rules (but the unresolved rows' own), worded in Chinese."""
    f = flags[_text(flags["rule"]).isin([r for r in vocab.check_list_rules() if r != AMBIGUOUS])]
    if f.empty:
        return pd.DataFrame(columns=[*COLUMNS, "_order"])
    where = places(f.assign(table="", row="", column="", line=0))
    said = (_text(f["message_zh"]) if "message_zh" in f else pd.Series("", index=f.index))
    said = said.where(said.ne(""), flag_messages(f))
    table = _text(where["table"]).replace("narrative", "正文")
    # a location the table/row/column pattern does not take (two places compared) is said whole
    row = _text(where["row"]).where(table.ne(""), _text(f["location"])).map(where_zh)
    return pd.DataFrame({
        "年度": f["year"], "问题": _text(f["rule"]).map(vocab.rule_label),
        "表": table, "行": row, "列": _text(where["column"]).map(where_zh), "文本行": where["line"],
        "原文": "", "候选读法": "", "说明": said, "文件": _text(f["path"]).map(
            lambda p: PurePath(p).name if p else ""), "_order": 1})


def check_list(ds, agency_id: str | None = None, year: int | None = None) -> pd.DataFrame:
    """The 核对清单 of one agency (or of all), by year: columns COLUMNS, unresolved cells first."""
    facts, flags = ds.facts, ds.flags
    if agency_id is not None:
        facts = facts[facts["agency_id"] == agency_id]
        flags = flags[flags["agency_id"] == agency_id]
    if year is not None:
        facts, flags = facts[facts["year"] == year], flags[flags["year"] == year]
    out = pd.concat([_unresolved(facts, flags), _contradictions(flags)], ignore_index=True)
    if out.empty:
        return pd.DataFrame(columns=COLUMNS)
    out["年度"] = pd.to_numeric(out["年度"], errors="coerce").astype("Int64")
    out["文本行"] = pd.to_numeric(out["文本行"], errors="coerce").astype("Int64")
    out = out.sort_values(["年度", "_order", "表", "文本行"], kind="stable", na_position="last")
    return out[COLUMNS].reset_index(drop=True)


def _place(table: str, row: str, column: str) -> str:
    head = "" if not table else "正文" if table == "正文" else f"表{table}"
    return " ".join(x for x in (head, row) if x) + (f"：{column}" if column else "")


def for_page(checks: pd.DataFrame) -> pd.DataFrame:
    """The list as a page or a brief shows it: the text line and the file left to the CSV, and
    the place said in one column (表二 行政规范性文件：本年制发件数、…)."""
    where = [_place(*r) for r in zip(checks["表"], checks["行"], checks["列"], strict=True)]
    return pd.DataFrame({"年度": checks["年度"], "问题": checks["问题"], "位置": where,
                         "原文": checks["原文"], "候选读法": checks["候选读法"],
                         "说明": checks["说明"]})
