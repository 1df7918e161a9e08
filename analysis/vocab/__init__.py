"""Vocabulary as data: indicator ids, label aliases, agencies, spam words, page chrome."""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(__name__).joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _words(name: str) -> list[str]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@functools.cache
def indicators() -> dict[str, dict[str, str]]:
    """Canonical indicator id -> its row (label_zh, family, unit)."""
    return {r["id"]: r for r in _rows("indicators.csv")}


@functools.cache
def legacy_aliases() -> dict[str, str]:
    """Pre-2019 row label (normalised, no numbering) -> indicator id ('' for heading rows)."""
    return {r["alias"]: r["indicator"] for r in _rows("legacy_aliases.csv")}


@functools.cache
def radicals() -> dict[int, str]:
    """CJK Radicals Supplement code point -> the ideograph it was printed for (a str.translate
    table). PDF producers name a glyph shared by 民 and ⺠ by the radical; NFKC maps the Kangxi
    radicals (⼈ -> 人) but not this block. radicals.csv lists the pairs that share one glyph in Noto
    Sans CJK (tests/test_radicals.py derives them again from the font where it is installed)."""
    return {ord(r["radical"]): r["ideograph"] for r in _rows("radicals.csv")}


@functools.cache
def agencies() -> list[dict[str, str]]:
    return _rows("agencies.csv")


@functools.cache
def spam_words() -> tuple[str, ...]:
    return tuple(sorted(_words("spam.txt"), key=len, reverse=True))


@functools.cache
def chrome_rules() -> tuple[tuple[str, str], ...]:
    """(text, kind) of each chrome rule; kind is '' (whole line), '^' (prefix), '~' (button word)
    or '@' (breadcrumb opener): see chrome.txt. NFKC-normalised, like the text they are used on."""
    rules = ((w[1:], w[0]) if w[0] in "^~@" else (w, "") for w in _words("chrome.txt"))
    return tuple((unicodedata.normalize("NFKC", w), kind) for w, kind in rules)


@functools.cache
def rules() -> dict[str, dict[str, str]]:
    """Flag rule -> its row (severity, label_zh, description)."""
    return {r["rule"]: r for r in _rows("rules.csv")}


@functools.cache
def check_list_rules() -> tuple[str, ...]:
    """The flag rules whose findings go on an agency's 核对清单 (check_list.txt)."""
    return tuple(_words("check_list.txt"))


def rule_label(rule: str) -> str:
    """The Chinese name of a flag rule, for charts and briefings (the id where none is kept)."""
    return rules().get(rule, {}).get("label_zh") or rule


@functools.cache
def _short_labels() -> dict[str, str]:
    return {r["id"]: r["short_zh"] for r in _rows("labels.csv")}


def short_label(key: str) -> str:
    """Short Chinese label of an indicator, breakdown, block or concept id, for chart legends and
    table headers (labels.csv, else the indicator's label_zh, else the id itself).

    >>> short_label("natural_person"), short_label("request.result.partial"), short_label("x.y")
    ('自然人', '部分公开', 'x.y')
    """
    return _short_labels().get(key) or indicators().get(key, {}).get("label_zh") or key


def rows(name: str) -> list[dict[str, str]]:
    """Any CSV in this folder, for vocabularies that later stages own (concepts, template rows)."""
    return _rows(name)


@functools.cache
def narrative_phrases() -> tuple[dict[str, str], ...]:
    """Figures the prose states, as regular expressions with a group `n` (narrative.csv)."""
    return tuple(_rows("narrative.csv"))


def squash_category(label: str) -> str:
    """A content-category label reduced for matching: no 、, spaces, 的; no trailing 类/信息.

    >>> squash_category("政策、规范性文件类信息"), squash_category("其他应主动公开的政府信息")
    ('政策规范性文件', '其他应主动公开')
    """
    s = re.sub(r"[、,，\s的]", "", unicodedata.normalize("NFKC", label))
    s = re.sub(r"(?:类)?(?:政府)?信息$", "", s)
    return s[:-1] if s.endswith("类") else s


@functools.cache
def categories() -> dict[str, str]:
    """Content-category label (squashed) -> category id (categories.csv)."""
    return {squash_category(r["label"]): r["category"] for r in _rows("categories.csv")}


@functools.cache
def generic_heads() -> dict[str, tuple[str, ...]]:
    """kind -> names of a converter's generic header (vocab/generic_heads.csv): `column` names with
    N for a number (数据1 | 数据2 …, Column 1), `label` words over the labels (项目, 类别), `total`
    words beside them (总计). Such a header names no column: neither data nor measures."""
    out: dict[str, list[str]] = {}
    for r in _rows("generic_heads.csv"):
        out.setdefault(r["kind"], []).append(r["name"])
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def cell_notes() -> tuple[tuple[str, str], ...]:
    """(word, table 二 measure): a note printed with a number (22（其中修订16件）) whose word says
    which column the number is (vocab/cell_notes.csv)."""
    return tuple((r["word"], r["measure"]) for r in _rows("cell_notes.csv"))
