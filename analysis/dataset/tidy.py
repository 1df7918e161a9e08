"""Columns the dataset adds to what the parser gives, vectorised: where a fact was printed as
table / row / column / line (from `Fact.table` etc., or read back from `location` where a parser
leaves them empty), each flag's agency and year, and each fact's `preferred` flag.

>>> import pandas as pd
>>> f = pd.DataFrame({"location": ["table 三 row (一)予以公开 col 总计 (line 12)", "narrative line 5",
...                                "table 3 (三、依申请公开情况) row 6 col 本年度数 line 91"]})
>>> places(f)[["table", "row", "column", "line"]].values.tolist()
[['三', '(一)予以公开', '总计', 12], ['narrative', '', '', 5], ['3', '6', '本年度数', 91]]
"""

from __future__ import annotations

import pandas as pd

from analysis.check import wording
from analysis.figures import resolve

_LOCATION = (r"^(?:(?P<narrative>narrative)|table (?P<table>\S+)(?: \([^)]*\))?"
             r"(?: row (?P<row>.+?))?(?: col (?P<column>.+?))?)"
             r"(?: \(?line (?P<line>\d+)\)?)?(?:;.*)?$")


def places(facts: pd.DataFrame) -> pd.DataFrame:
    """`facts` with table/row/column/line filled from `location` where the parser left them empty."""
    out = facts.copy()
    for col in ("table", "row", "column"):
        if col not in out:
            out[col] = ""
        out[col] = out[col].astype("string").fillna("")
    out["line"] = pd.to_numeric(out["line"] if "line" in out else 0, errors="coerce")
    out["line"] = out["line"].fillna(0).astype("Int64")
    todo = out["table"].eq("") & out["location"].fillna("").ne("")
    if todo.any():
        loc = out.loc[todo, "location"].astype("string")
        uniq = pd.Series(loc.unique())
        got = uniq.str.extract(_LOCATION).set_index(uniq)
        got["table"] = got["table"].fillna(got["narrative"])
        got = got.reindex(loc.to_numpy())
        for col in ("table", "row", "column"):
            out.loc[todo, col] = got[col].fillna("").to_numpy()
        line = pd.to_numeric(got["line"], errors="coerce").fillna(0).astype("int64").to_numpy()
        out.loc[todo & out["line"].eq(0), "line"] = line[out.loc[todo, "line"].eq(0).to_numpy()]
    return out


def with_agency(flags: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Flags with their report's agency_id and year."""
    who = reports[["report_id", "agency_id", "year"]].drop_duplicates("report_id")
    return flags.drop(columns=["agency_id", "year"], errors="ignore").merge(
        who, on="report_id", how="left")


def worded(flags: pd.DataFrame) -> pd.DataFrame:
    """Flags with `message_zh` filled where empty: the message in Chinese (analysis.check.wording),
    so that readers of the data get the words the pages show, whoever wrote the table."""
    said = flags["message_zh"] if "message_zh" in flags else pd.Series(pd.NA, index=flags.index)
    empty = said.isna() | said.astype("string").eq("")
    if not empty.any():
        return flags
    filled = said.astype("string").where(~empty, wording.flag_messages(flags[empty]))
    return flags.assign(message_zh=filled.astype("string"))


def figures_of(facts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(facts with `preferred`, figures) of a set of whole reports."""
    res = resolve(facts)
    return facts.assign(preferred=res.preferred), res.figures
