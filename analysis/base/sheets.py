"""CSV files meant for people: UTF-8 with a BOM (Excel reads it as UTF-8) and no live formulas.

A cell of scraped text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by Excel and LibreOffice (CSV injection), and so is one that starts with their full-width
forms (`＝＋－＠`, which spreadsheets fold to ASCII) or with spaces before them: the test is made on
the text after NFKC normalisation and leading spaces. Such text cells get a leading apostrophe, which
spreadsheets show as text; numbers, and text that is a plain number (`-15`), are left alone. Parquet
files keep the data as it is: this is only for files opened by hand.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pandas as pd

from analysis.base.files import atomic_write

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?%?$")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run, made inert; anything else unchanged.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-15"), neutralise(3), neutralise("平潭")
    ('\\'=HYPERLINK("http://x")', '-15', 3, '平潭')
    """
    if isinstance(value, str) and _risky(value):
        return "'" + value
    return value


def _risky(text: str) -> bool:
    """Whether a spreadsheet would run `text`: its NFKC form, leading spaces (not tab or CR,
    risky themselves) stripped, starts with a formula character and is not a plain number."""
    if text.startswith(_RISKY):
        return not _PLAIN_NUMBER.match(text)
    if text.isascii() and not text.startswith(" "):
        return False
    folded = unicodedata.normalize("NFKC", text).lstrip(" \u3000\u00a0\n\f\v")
    return folded.startswith(_RISKY) and not _PLAIN_NUMBER.match(folded)


def restore(value: object) -> object:
    """The value `neutralise` was given, from what it wrote (for reading such a CSV back).

    >>> restore("'=1+1"), restore("'平潭"), restore("-15")
    ('=1+1', "'平潭", '-15')
    """
    if isinstance(value, str) and value.startswith("'") and neutralise(value[1:]) != value[1:]:
        return value[1:]
    return value


def for_people(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells (and column names) are neutralised."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):  # text hides in the categories too
            s = s.astype(object)
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralise, na_action="ignore")
    out.columns = [neutralise(c) for c in out.columns]
    return out


def write_csv(path: str | os.PathLike, df: pd.DataFrame, **to_csv) -> Path:
    """Write `df` for people: neutralised, UTF-8 with BOM, atomically. Returns the path.

    Rows end in CRLF (RFC 4180), so that a cell holding a bare CR is quoted: unquoted, Excel
    starts a new row at the CR, and a text like "x\r=cmd()" put a live formula in the next row.
    """
    safe = for_people(df)
    to_csv = {"lineterminator": "\r\n", **to_csv}
    return atomic_write(path, lambda p: safe.to_csv(p, index=False, encoding="utf-8-sig",
                                                     **to_csv))
