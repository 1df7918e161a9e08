"""The dataset contract: every table's columns, types, descriptions and allowed values, declared once
in columns.csv beside this module, and checked once at the boundary.

`validate(name, df)` returns every violation as one DataFrame (column, rule, n, example) instead of
stopping at the first, like pandera's lazy validation. The same declaration becomes the Frictionless
`datapackage.json` written beside the data (analysis.dataset.package), so R, DuckDB and a spreadsheet
read the same meaning.

>>> list(SCHEMAS["figures"])[:4]
['report_id', 'agency_id', 'agency', 'year']
>>> enum("figures", "status")
('reported', 'derived', 'conflict', 'partial', 'blank', 'not_applicable', 'unresolved')
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

import pandas as pd

from analysis.model import SEVERITIES, STATUSES

TABLES = ("reports", "facts", "flags", "failures", "figures", "series")


@functools.cache
def columns() -> tuple[dict[str, str], ...]:
    """Rows of columns.csv: table, column, type (Frictionless), dtype (pandas), categorical,
    unit, enum, description."""
    with resources.files(__package__).joinpath("columns.csv").open(encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


def _schema(table: str) -> dict[str, str]:
    return {r["column"]: r["dtype"] for r in columns() if r["table"] == table}


SCHEMAS: dict[str, dict[str, str]] = {t: _schema(t) for t in TABLES}
FACT_COLUMNS, REPORT_COLUMNS = SCHEMAS["facts"], SCHEMAS["reports"]
FLAG_COLUMNS, FAILURE_COLUMNS = SCHEMAS["flags"], SCHEMAS["failures"]


def enum(table: str, column: str) -> tuple[str, ...]:
    """The allowed values of a column (empty: any)."""
    row = next(r for r in columns() if r["table"] == table and r["column"] == column)
    return tuple(v for v in row["enum"].split("|") if v)


def categorical(table: str) -> list[str]:
    """Columns loaded as pandas categoricals (dictionary-encoded in Arrow)."""
    return [r["column"] for r in columns() if r["table"] == table and r["categorical"] == "yes"]


TEMPLATES = enum("reports", "template")
SOURCES = enum("facts", "source")


def empty(name: str) -> pd.DataFrame:
    return conform(name, pd.DataFrame())


def _astype(s: pd.Series, dtype: str) -> pd.Series:
    if dtype == "date":
        return pd.to_datetime(s.astype("string").replace("", None), errors="coerce",
                              format="ISO8601").dt.normalize()
    if dtype in ("int64", "int16"):
        return s.fillna(0).astype(dtype)
    return s.astype(dtype)


def conform(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Columns in contract order and dtype; missing columns are added empty."""
    cols = SCHEMAS[name]
    out = {}
    for col, dtype in cols.items():
        if col in df:
            out[col] = _astype(df[col], dtype)
        else:
            blank = pd.Series([pd.NA] * len(df), index=df.index, dtype="object")
            out[col] = _astype(blank, dtype if dtype not in ("int64", "int16") else "Int64")
    return pd.DataFrame(out, index=df.index)


def _check(errors: list[dict], col: str, rule: str, bad: pd.Series, df: pd.DataFrame) -> None:
    n = int(bad.sum())
    if n:
        example = df.loc[bad].iloc[0].to_dict()
        errors.append({"column": col, "rule": rule, "n": n, "example": str(example)[:300]})


def _values(errors: list[dict], name: str, df: pd.DataFrame) -> None:
    for r in columns():
        values = enum(name, r["column"]) if r["table"] == name else ()
        if values and r["column"] in df:
            col = df[r["column"]]
            _check(errors, r["column"], f"in {values}", col.notna() & ~col.isin(values), df)


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """All violations of the contract for table `name`, as a DataFrame (empty when valid)."""
    errors: list[dict] = []
    missing = [c for c in SCHEMAS[name] if c not in df]
    for c in missing:
        errors.append({"column": c, "rule": "missing column", "n": len(df), "example": ""})
    _values(errors, name, df)
    if name in ("facts", "figures") and not missing:
        _check(errors, "indicator", "not null", df["indicator"].isna(), df)
        numbers = df["status"].isin(STATUSES[:1] if name == "facts" else
                                    ("reported", "derived", "conflict"))
        _check(errors, "value", "not NaN when reported", numbers & df["value"].isna(), df)
        _check(errors, "value", "NaN unless reported", ~numbers & df["value"].notna(), df)
    if name == "facts" and not missing:
        _check(errors, "location", "not empty", df["location"].fillna("") == "", df)
        key = ["report_id", "indicator", "breakdown", "measure", "source"]
        _check(errors, "+".join(key), "unique", df.duplicated(key, keep=False), df)
    if name == "figures" and not missing:
        key = ["report_id", "indicator", "breakdown", "measure"]
        _check(errors, "+".join(key), "unique", df.duplicated(key, keep=False), df)
    if name == "reports" and not missing:
        _check(errors, "report_id", "unique", df["report_id"].duplicated(keep=False), df)
    if name == "flags" and not missing:
        _check(errors, "severity", f"in {SEVERITIES}", ~df["severity"].isin(SEVERITIES), df)
        _check(errors, "rule", "not empty", df["rule"].fillna("") == "", df)
    return pd.DataFrame(errors, columns=["column", "rule", "n", "example"])


class SchemaError(ValueError):
    """Raised with every violation listed."""

    def __init__(self, name: str, errors: pd.DataFrame):
        self.errors = errors
        super().__init__(f"{name}: {len(errors)} contract violation(s)\n{errors.to_string()}")


def require(name: str, df: pd.DataFrame) -> pd.DataFrame:
    df = conform(name, df)
    errors = validate(name, df)
    if len(errors):
        raise SchemaError(name, errors)
    return df
