"""The template's rows, columns and header words (analysis/vocab/template_rows.csv), and label matching.

Labels are matched after normalisation (NFKC, no spaces, no quotes, no numbering). Table 三 labels
carry numbering (一、 / (一) / 1.) and are matched within that numbering level, by containment or by
a close string ratio, so a label with a typo (其他法律行政止公开) still resolves while a fragment
without numbering (计其他情形)) never does.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from analysis import vocab

_NUMBERING = re.compile(
    r"^(?:(?P<main>[一二三四五六七八九十]+)[、.]|\((?P<group>[一二三四五六七八九十]+)\)"
    r"|(?P<sub>\d{1,2})(?:[.、．](?!\d)|(?=[\u4e00-\u9fff])))")
_DROP = re.compile(r"[\s\"'“”‘’「」]")
RATIO = 0.6
LABEL_MAX = 200  # characters: the longest table 三 label with its note is under 60


@dataclass(frozen=True)
class RowDef:
    table: str
    id: str
    number: str
    label: str
    aliases: tuple[str, ...]
    t2019: str
    t2021: str

    def layout(self, template: str) -> str:
        return self.t2019 if template == "t2019" else self.t2021


def norm(text: str) -> str:
    """>>> norm(' （三）不予 公开 ')\n'(三)不予公开'"""
    return _DROP.sub("", unicodedata.normalize("NFKC", text or ""))


@functools.cache
def _defs() -> tuple[RowDef, ...]:
    out = []
    for r in vocab.rows("template_rows.csv"):
        aliases = tuple(norm(a) for a in r["aliases"].split("|") if a.strip())
        out.append(RowDef(r["table"] + ":" + r["kind"], r["id"], norm(r["number"]), r["label_zh"],
                          aliases, r["t2019"], r["t2021"]))
    return tuple(out)


@functools.cache
def defs(kind: str) -> list[RowDef]:
    """kind is 'table:kind', e.g. '三:row', '二:measure', '四:column', 'narrative:phrase'.

    Cached: callers must not change the list."""
    return [d for d in _defs() if d.table == kind]


def by_id(kind: str) -> dict[str, RowDef]:
    return {d.id: d for d in defs(kind)}


@functools.lru_cache(maxsize=1 << 14)
def split_numbering(label: str) -> tuple[str, str]:
    """('(三)', '不予公开') from '(三)不予公开'; ('', text) when unnumbered."""
    s = norm(label)
    m = _NUMBERING.match(s)
    if not m:
        return "", s
    kind = m.lastgroup
    number = {"main": m.group("main"), "group": f"({m.group('group')})", "sub": m.group("sub")}[kind]
    return number, s[m.end():]


def t2_row(label: str) -> str | None:
    """Table 二 row id for a label (exact alias after removing numbering), else None."""
    _, text = split_numbering(label)
    for d in defs("二:row"):
        if text in d.aliases:
            return d.id
    return None


@functools.cache
def _measure_patterns() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    pairs = sorted(((a, d.id) for d in defs("二:measure") for a in d.aliases), key=lambda p: -len(p[0]))
    return tuple((re.compile(re.escape(a)), a, mid) for a, mid in pairs)


def measures_in(text: str) -> list[str]:
    """Table 二 measure ids named in a header text, in printed order (longest alias wins)."""
    return list(_measures_in(text))


@functools.lru_cache(maxsize=8192)
def _measures_in(text: str) -> tuple[str, ...]:
    s = norm(text)
    hits: list[tuple[int, int, str]] = []
    taken = [False] * len(s)
    for rx, alias, mid in _measure_patterns():
        if alias not in s:
            continue
        for m in rx.finditer(s):
            if not any(taken[m.start():m.end()]):
                hits.append((m.start(), m.end(), mid))
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return tuple(mid for _, _, mid in sorted(hits))


def _score(text: str, alias: str) -> float:
    if not text:
        return 0.0
    if text == alias or (len(text) >= 4 and alias.startswith(text)):
        return 1.0
    if text.startswith(alias):  # 部分公开(区分处理的,… / a label followed by a fragment
        return 1.0
    return difflib.SequenceMatcher(None, text, alias).ratio()


@functools.lru_cache(maxsize=1 << 14)
def t3_row(label: str, group: str | None = None) -> str | None:
    """Table 三 row id for a numbered label; `group` (a group id) narrows sub-row candidates."""
    number, text = split_numbering(label)
    if not number:
        return _unnumbered(text)
    cands = [d for d in defs("三:row") if d.number == number]
    if number.isdigit() and group:
        inside = [d for d in cands if d.id.startswith(group + ".")]
        found = _best(text, inside) if inside else None
        if found:
            return found
    found = _best(text, cands)
    if found is None and number.startswith("(") and len(text) >= UNNUMBERED_MIN:
        # a group's numbering fused with the label of one of its sub-rows whose own number was
        # lost (OCR: `(六)申请人逾期未按收费通知要求缴纳费用`): that sub-row, when it alone fits
        subs = [d for g in cands for d in defs("三:row") if d.id.startswith(g.id + ".")]
        found = _best(text, subs) if subs else None
    return found


UNNUMBERED_MIN = 6  # characters a label without its numbering must have to name a row alone


@functools.lru_cache(maxsize=1 << 12)
def _unnumbered(text: str) -> str | None:
    """The table 三 row a label names without its numbering (OCR or a converter dropped the
    `一、`): only a label of UNNUMBERED_MIN characters or more that is exactly one row's label
    or alias and no other row's (本年新收政府信息公开申请数量, 属于国家秘密; never 其他 or 总计).

    >>> _unnumbered("本年新收政府信息公开申请数量"), _unnumbered("其他"), _unnumbered("予以公开")
    ('request.new', None, None)
    """
    if len(text) < UNNUMBERED_MIN:
        return None
    ids = {d.id for d in defs("三:row") if text in d.aliases or text == norm(d.label)}
    return ids.pop() if len(ids) == 1 else None


def _best(text: str, cands: list[RowDef]) -> str | None:
    scored = sorted(((max(_score(text, a) for a in d.aliases), d.id) for d in cands), reverse=True)
    if not scored or scored[0][0] < RATIO:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.1 and scored[0][0] < 1.0:
        return None  # two candidates nearly as good: do not guess
    return scored[0][1]


@functools.lru_cache(maxsize=1 << 14)
def t3_label(label: str, group: str | None = None) -> str | None:
    """Resolve the most specific part of a label that may hold several (vertical text, groups).

    Only the trailing LABEL_MAX characters are tried: a whole crawled page on one line would
    otherwise be re-joined and re-matched once per word (quadratic)."""
    parts = [p for p in re.split(r"\s+", label.strip()) if p]
    tail = ""
    for i in range(len(parts) - 1, -1, -1):
        tail = parts[i] + tail
        if len(tail) > LABEL_MAX:
            break
        rid = t3_row(tail, group)
        if rid:
            return rid
    return None


def sequences() -> dict[str, list[str]]:
    """Template row orders of table 三: 25 rows (2021) and 23 rows ((六) printed as one row)."""
    out = {}
    for name in ("t2021", "t2019"):
        rows = [(int(getattr(d, name)), d.id) for d in defs("三:row") if getattr(d, name)]
        out[name] = [rid for _, rid in sorted(rows)]
    return out


@functools.cache
def t3_groups() -> frozenset[str]:
    """Table 三's group rows ((三)不予公开, (四)无法提供 …): the ids whose sub-rows the template
    lists (request.result.denied over request.result.denied.state_secret …)."""
    ids = [d.id for d in defs("三:row")]
    return frozenset(i for i in ids if any(j.startswith(i + ".") for j in ids))


def t3_rank(rid: str) -> int | None:
    """A value row's place in the template's order of table 三 ((六)其他处理 printed as one row
    stands where its sub-rows would); None for a group heading."""
    seq = sequences()["t2021"]
    if rid in seq:
        return seq.index(rid)
    return seq.index(rid + ".no_correction") if rid + ".no_correction" in seq else None


def columns_zh() -> list[tuple[str, str]]:
    """(breakdown id, Chinese label) of table 三's seven applicant columns, in template order."""
    return [(d.id, d.label) for d in sorted(defs("三:column"), key=lambda d: int(d.t2021))]
