"""Row labels as OCR reads them -> the template's label, matched fuzzily.

The recogniser drops or swaps characters of labels (`2.其他法律行政止公开` for
`2.其他法律行政法规禁止公开`); the parsers match labels exactly or nearly, so an OCR label is
replaced by the template's (analysis/vocab/template_rows.csv, labels and aliases; the pre-2019
aliases of legacy_aliases.csv) when one label is clearly the closest: similar enough, and clearly
more similar than the runner-up. The numbering before the label (`2.`, `(一)`, `三、`) is kept as
read. A label matching nothing well stays as read.
"""

from __future__ import annotations

import difflib
import functools
import re

from analysis import vocab

MIN_RATIO = 0.72  # SequenceMatcher ratio a label must reach
MARGIN = 0.08  # and by how much it must beat the runner-up
_NUMBERING = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}"
                        r"[.、．,，]|[.、．,，])?\s*")
_NUMERAL = re.compile(r"[一二三四五六七八九十\d]")
_NOISE = re.compile(r"[\s:：;；,，。.、\"“”'‘’()（）]")


def _key(text: str) -> str:
    return _NOISE.sub("", text)


@functools.cache
def _labels() -> tuple[tuple[str, str], ...]:
    """(key, label as the parsers know it), for every template row, column and legacy alias."""
    return tuple((k, text) for k, (text, _) in _known().items())


@functools.cache
def _known() -> dict[str, tuple[str, str]]:
    """key -> (label as the parsers know it, what it names: a template row or column, or a
    legacy indicator): two aliases of one thing are no rival readings of a label."""
    out: dict[str, tuple[str, str]] = {}
    for r in vocab.rows("template_rows.csv"):
        if r["kind"] == "column" and r["table"] == "四":
            continue  # 行政复议 结果维持: header words, matched by position
        for text in [r["label_zh"], *r["aliases"].split("|")]:
            if text:
                out.setdefault(_key(text), (text, f"{r['table']}:{r['kind']}:{r['id']}"))
    for alias, indicator in vocab.legacy_aliases().items():
        out.setdefault(_key(alias), (alias, f"legacy:{indicator}" if indicator else alias))
    return out


def _names(text: str) -> str:
    return _known()[_key(text)][1]


@functools.lru_cache(maxsize=4096)
def match(label: str) -> str | None:
    """The vocabulary's label this OCR label stands for (numbering kept), or None when it is
    already exact or no label is clearly closest. A numeral the recogniser lost (一、 read as
    `、`, 二、 as `,`) is restored where one template row alone has the label.

    >>> match("2.其他法律行政止公开")
    '2.其他法律行政法规禁止公开'
    >>> match("(一)予以公开") is None
    True
    >>> match(",上年结转政府信息公开申请数量")
    '二、上年结转政府信息公开申请数量'

    A line that is a piece of one label, word for word (the second line of a label wrapped in
    its cell), is left as read when another label is the closest: it is not that label.
    """
    prefix, key = _split(label)
    if len(key) < 2:
        return None
    lost = prefix.strip() and not _NUMERAL.search(prefix)
    scored = []
    for k, text in _labels():
        if k == key:
            return _numbered(text, prefix) if lost else None  # exact already
        if abs(len(k) - len(key)) <= max(len(k), len(key)) // 2:
            scored.append((difflib.SequenceMatcher(None, key, k, autojunk=False).ratio(), text))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < MIN_RATIO:
        return None
    if (len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN
            and _names(scored[1][1]) != _names(scored[0][1])):
        return None
    best = scored[0][1]
    pieces_of = {_names(text) for k, text in _labels() if key in k and k != key}
    if pieces_of and _names(best) not in pieces_of:
        return None  # a wrapped label's next line, whole inside another label: not this one
    return _numbered(best, prefix) if lost else prefix.strip() + best


def known_label(label: str) -> bool:
    """Whether an OCR label is a template row's or a legacy row's label (as read, or matched)."""
    key = _split(label)[1]
    return len(key) >= 2 and (key in _known() or match(label) is not None)


def _split(label: str) -> tuple[str, str]:
    """(the numbering before the label as read, the key of the label after it)."""
    head = _NUMBERING.match(label)
    prefix = head.group(0) if head else ""
    return prefix, _key(label[len(prefix):])


def _numbered(text: str, prefix: str) -> str | None:
    """`text` with the template's numbering (一 -> 一、, (一), 1 -> 1.) when one template row alone
    has this label; else None (the label stays as read)."""
    numbers = _numbers().get(_key(text), set())
    if len(numbers) != 1:
        return None
    (n,) = numbers
    sep = "" if n.startswith("(") else "." if n.isdigit() else "、"
    return f"{n}{sep}{text}"


@functools.cache
def _numbers() -> dict[str, set[str]]:
    """Label key -> the numbers template rows with that label have (template_rows.csv)."""
    out: dict[str, set[str]] = {}
    for r in vocab.rows("template_rows.csv"):
        if r["kind"] == "row" and r["number"]:
            for text in [r["label_zh"], *r["aliases"].split("|")]:
                if text:
                    out.setdefault(_key(text), set()).add(r["number"])
    return out
