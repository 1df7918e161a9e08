"""The dataset contract: column names and types of the three tables, checked once at the boundary.

`validate(name, df)` returns every violation as one DataFrame (column, rule, n, example) instead of
stopping at the first, like pandera's lazy validation.
"""

from __future__ import annotations

import pandas as pd

from analysis.model import SEVERITIES, STATUSES

FACT_COLUMNS: dict[str, str] = {
    "report_id": "string",
    "agency": "string",
    "agency_id": "string",
    "year": "Int64",
    "template": "string",
    "indicator": "string",
    "breakdown": "string",
    "measure": "string",
    "value": "float64",
    "status": "string",
    "unit": "string",
    "source": "string",
    "raw_label": "string",
    "raw_value": "string",
    "location": "string",
    "path": "string",
}

REPORT_COLUMNS: dict[str, str] = {
    "report_id": "string",
    "path": "string",
    "form": "string",
    "encoding": "string",
    "agency": "string",
    "agency_raw": "string",
    "agency_id": "string",
    "agency_level": "string",
    "parent": "string",
    "year": "Int64",
    "template": "string",
    "title": "string",
    "published": "string",
    "n_facts": "int64",
    "n_flags": "int64",
    "also_paths": "string",  # other files of the same agency-year merged into this report, ' | '-separated
}

FLAG_COLUMNS: dict[str, str] = {
    "report_id": "string",
    "path": "string",
    "rule": "string",
    "severity": "string",
    "indicator": "string",
    "message": "string",
    "expected": "string",
    "found": "string",
    "location": "string",
}

FAILURE_COLUMNS: dict[str, str] = {"path": "string", "stage": "string", "reason": "string"}

SCHEMAS = {"facts": FACT_COLUMNS, "reports": REPORT_COLUMNS, "flags": FLAG_COLUMNS,
           "failures": FAILURE_COLUMNS}
TEMPLATES = ("legacy", "t2019", "t2021", "unknown")
SOURCES = ("table", "narrative", "derived")


def empty(name: str) -> pd.DataFrame:
    return conform(name, pd.DataFrame())


def conform(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Columns in contract order and dtype; missing columns are added empty."""
    cols = SCHEMAS[name]
    out = df.copy()
    for col, dtype in cols.items():
        if col not in out:
            out[col] = pd.Series([pd.NA] * len(out), dtype=dtype if dtype != "int64" else "Int64")
    out = out[list(cols)]
    return out.astype({c: d for c, d in cols.items()})


def _check(errors: list[dict], col: str, rule: str, bad: pd.Series, df: pd.DataFrame) -> None:
    n = int(bad.sum())
    if n:
        example = df.loc[bad].iloc[0].to_dict()
        errors.append({"column": col, "rule": rule, "n": n, "example": str(example)[:300]})


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """All violations of the contract for table `name`, as a DataFrame (empty when valid)."""
    errors: list[dict] = []
    missing = [c for c in SCHEMAS[name] if c not in df]
    for c in missing:
        errors.append({"column": c, "rule": "missing column", "n": len(df), "example": ""})
    if name == "facts" and not missing:
        _check(errors, "indicator", "not null", df["indicator"].isna(), df)
        _check(errors, "status", f"in {STATUSES}", ~df["status"].isin(STATUSES), df)
        _check(errors, "source", f"in {SOURCES}", ~df["source"].isin(SOURCES), df)
        reported = df["status"] == "reported"
        _check(errors, "value", "not NaN when reported", reported & df["value"].isna(), df)
        _check(errors, "value", "NaN unless reported", ~reported & df["value"].notna(), df)
        _check(errors, "location", "not empty", df["location"].fillna("") == "", df)
        key = ["report_id", "indicator", "breakdown", "measure", "source"]
        _check(errors, "+".join(key), "unique", df.duplicated(key, keep=False), df)
    if name == "reports" and not missing:
        _check(errors, "report_id", "unique", df["report_id"].duplicated(keep=False), df)
        _check(errors, "template", f"in {TEMPLATES}", ~df["template"].isin(TEMPLATES), df)
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
