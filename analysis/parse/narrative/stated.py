"""Figures the prose of a report states, as facts with source `narrative`, kept apart from the tables.

Three grammars, all data-driven:
- phrases (vocab/narrative.csv): regular expressions such as 全年主动公开各类政府信息10407条,
  收到政府信息公开申请75件, 现行有效行政规范性文件698件, each naming its indicator and era;
- the content-category list (vocab/categories.csv): the first sentence that lists three or more
  `label N条` items (政策、规范性文件类信息124条，…，其他应主动公开的信息1831条); an item whose label
  is not in the vocabulary makes the list *incomplete* (flagged, so no sum is checked against it);
- legacy statistics stated in words (当面申请数18条): a label that the legacy alias table knows.
Negations (未收到…申请, 无…行政复议) state a zero. The prose is the text outside the statistics
tables, lines joined (PDF and crawled text break sentences anywhere). The first statement of a
figure wins; a 其中 clause after it is a part, not the total.
"""

from __future__ import annotations

import functools
import re

from analysis import vocab
from analysis.model import Document, Fact, Flag
from analysis.parse.narrative.prose import Prose, sentence_start
from analysis.parse.narrative.requests import SPLIT_OF, applicant_split

_CUMULATIVE = re.compile(r"(?:到|截至|截止)(?:(?:19|20)\d{2})年(?:\d{1,2}月\d{1,2}日)?止?|累计|以来")
# statements of none: (pattern, indicator in legacy reports, indicator in template reports); none
# received (未收到…申请) is no request at all, new or carried in: `request.received`, never 新收
_NONE = [
    (re.compile(r"(?:无|未|没有)[^。;,]{0,30}?(?:提出|受理|收到|接到)[^。;]{0,16}?(?:信息)?公开(?:的)?申请"),
     "request.received", "request.received"),
    (re.compile(r"(?:未|没有)(?:收到|受理)[^。;]{0,20}?(?:信息)?公开(?:的)?申请"), "request.received",
     "request.received"),
    (re.compile(r"无[^。;]{0,15}?(?:收费|收取费用)|(?:暂不|未|不)收(?:取)?(?:任何)?(?:费用|费)"
                r"|免收[^。;]{0,6}?费"), "fees.request_fees", ""),
    (re.compile(r"(?:无|未收到|未发生|没有)[^。;]{0,20}?行政复议"), "review.total", "review.total"),
    (re.compile(r"(?:无|未收到|未发生|没有)[^。;]{0,30}?(?:行政诉讼|提起诉讼)"), "litigation.total",
     "litigation.total"),
]
_DATED = re.compile(r"(?:19|20)\d{2}\s*年度?\s*(?:[全共新]\S?)?$")  # 2011年主动公开…
# a number starts where a run of digits and commas starts: tried from inside a long run, the
# greedy [\d,]* backtracked over the rest of it at every position (quadratic on "1111…")
_ITEM_END = re.compile(r"(?<![\d,]),*(\d[\d,]*)\s*条")
_LEAD = re.compile(r"^.*[,;:(]")
_LEAD_WORDS = re.compile(r"^\s*(?:其中|主要有|主要包括|包括|分别为|有)\s*[:]?")
# tried only where a run of digits and commas starts (leading commas skipped): from inside a run,
# the greedy [\d,]* rescanned the rest of it at every position (quadratic on "1,1,1,…")
_NUMBER_UNIT = re.compile(r"(?<![\d.,]),*(\d[\d,]*)\s*(条|件|次|个|人次|名|人)(?!员|民|大)")
_WORDS_BEFORE = re.compile(r"([\u4e00-\u9fff、]{3,30})(?:共计|共|为|达|有)?\s*$")
_LIST_MIN = 3
_SHARE = re.compile(r"\s*[,;]?\s*占[\d.]+%")


def _measure(text: str, pos: int, default: str) -> str:
    """cumulative when the sentence the figure sits in is about 'up to (date)'/累计, unless the
    figure itself is dated with a year (2011年主动公开…202条); 其中 sentences follow the one before."""
    if default != "annual":
        return default
    if _DATED.search(text[max(0, pos - 10):pos]):
        return "annual"
    start = sentence_start(text, pos)
    head = text[start:pos]
    if text[start:start + 4].lstrip().startswith("其中") and start > 1:
        head = text[sentence_start(text, start - 1):start]
    head = re.sub(r"\([^()]*\)", "", head)
    return "cumulative" if _CUMULATIVE.search(head) else "annual"


def _number(s: str) -> float:
    return float(s.replace(",", ""))


@functools.cache
def _phrases() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    return tuple((re.compile(p["pattern"]), p) for p in vocab.narrative_phrases())


class _Collector:
    def __init__(self, prose: Prose):
        self.prose = prose
        self.facts: list[Fact] = []
        self.seen: dict[tuple[str, str, str], int] = {}

    def add(self, indicator: str, value: float, pos: int, raw: str, *, breakdown: str = "all",
            measure: str = "annual", unit: str = "") -> None:
        key = (indicator, breakdown, measure)
        if key in self.seen and self.seen[key] <= pos:
            return  # the first statement in the text wins
        line = self.prose.line_of(pos)
        fact = Fact(indicator=indicator, value=value, breakdown=breakdown, measure=measure,
                    unit=unit, source="narrative", raw_label=raw, raw_value=raw,
                    location=f"narrative line {line}", table="narrative", line=line)
        if key in self.seen:
            self.facts = [f for f in self.facts
                          if (f.indicator, f.breakdown, f.measure) != key]
        self.seen[key] = pos
        self.facts.append(fact)


def _phrase_facts(c: _Collector, era: str) -> None:
    text = c.prose.text
    for rx, p in _phrases():
        if p["era"] not in ("any", era):
            continue
        for m in rx.finditer(text):
            c.add(p["indicator"], _number(m.group("n")), m.start(), m.group(0),
                  breakdown=p["breakdown"], measure=_measure(text, m.start(), p["measure"]),
                  unit=p["unit"])


def _stated_facts(c: _Collector) -> None:
    """Legacy statistics stated in words: 当面申请数18条, 行政复议数0件. Each number with a unit is
    found first; the words before it are then tried as a label, longest first."""
    from analysis.parse.legacy.tables import exact_label

    text = c.prose.text
    for m in _NUMBER_UNIT.finditer(text):
        start = m.start(1)
        head = _WORDS_BEFORE.search(text, max(0, start - 34), start)
        if not head:
            continue
        words = head.group(1)
        for i in range(len(words) - 2):
            indicator = exact_label(words[i:])
            if indicator:
                unit = m.group(2)
                if unit in ("名", "人"):  # 专职人员0名: the indicator's own unit (人)
                    unit = vocab.indicators().get(indicator, {}).get("unit") or unit
                c.add(indicator, _number(m.group(1)), head.start() + i,
                      text[head.start() + i:m.end()],
                      measure=_measure(text, start, "annual"), unit=unit)
                break


def _items(sentence: str) -> list[tuple[str, str, int]]:
    """(label, number, offset) of each `label N条` item of a sentence."""
    out, prev = [], 0
    for m in _ITEM_END.finditer(sentence):
        span = sentence[prev:m.start()]
        label = _LEAD_WORDS.sub("", _LEAD.sub("", span)).strip(" 、,;:")
        out.append((label, m.group(1), prev))
        prev = m.end()
        tail = _SHARE.match(sentence, prev)  # 占7.9% (matched in place: a slice per item was
        # a copy of the rest of the sentence, quadratic on a page with no 。)
        if tail:
            prev = tail.end()
    return out


def _is_category(label: str, cat: str | None) -> bool:
    return bool(cat) or bool(re.search(r"类(?:政府)?(?:信息)?$", label))


def _category_facts(c: _Collector) -> list[Flag]:
    """The first sentence listing content categories (three or more `…类信息 N条` items).

    The list is *complete* only when it has an 其他 item and every 类 label is in the
    vocabulary; otherwise a `categories_incomplete` flag says why, and no sum is checked against
    it except an impossible one (parts above the total)."""
    text = c.prose.text
    known = vocab.categories()
    pos = 0
    for sentence in re.split(r"(?<=[。])", text):
        if "类" not in sentence or sentence.count("条") < _LIST_MIN:
            pos += len(sentence)
            continue
        items = [(known.get(vocab.squash_category(lbl)), lbl, n, off)
                 for lbl, n, off in _items(sentence)]
        items = [it for it in items if _is_category(it[1], it[0])]
        if len(items) >= _LIST_MIN and sum(1 for it in items if it[0]) >= 2:
            return _take_list(c, items, pos)
        pos += len(sentence)
    return _scattered(c)


def _scattered(c: _Collector) -> list[Flag]:
    """Where no sentence lists the categories, each `…类信息 N条` item whose label is in the
    vocabulary, wherever it stands (规划计划类信息13条 in a narrative-only report); an item the
    vocabulary does not know is not guessed. Never a complete list (flagged as such)."""
    known = vocab.categories()
    items, seen, pos = [], set(), 0
    for sentence in re.split(r"(?<=[。;])", c.prose.text):
        for lbl, n, off in _items(sentence) if "类" in sentence else ():
            cat = known.get(vocab.squash_category(lbl))
            if cat and "类" in lbl and cat not in seen:
                seen.add(cat)
                items.append((cat, lbl, n, pos + off))
        pos += len(sentence)
    return _take_list(c, items, 0) if items else []


def _take_list(c: _Collector, items: list, pos: int) -> list[Flag]:
    text = c.prose.text
    unknown, taken = [], set()
    for cat, lbl, n, off in items:
        if cat is None or cat in taken:  # unknown, or two items of one category
            unknown.append(lbl)
            continue
        taken.add(cat)
        c.add(f"proactive.category.{cat}", _number(n), pos + off, f"{lbl}{n}条",
              measure=_measure(text, pos + off, "annual"), unit="条")
    why = []
    if unknown:
        why.append("labels not in analysis/vocab/categories.csv: " + " / ".join(unknown))
    if "other" not in taken:
        why.append("no 其他 item: the list may name only the main categories")
    if not why:
        return []
    return [Flag("categories_incomplete", "the narrative's content-category list is not a "
                 "complete breakdown (" + "; ".join(why) + ")", severity="info",
                 indicator="proactive.category", found=" / ".join(unknown)[:300],
                 location=f"narrative line {c.prose.line_of(pos)}")]


def _none_facts(c: _Collector, template: bool) -> None:
    """未收到…申请, 无…收费, 未发生…行政复议: a figure stated as none."""
    text = c.prose.text
    for rx, legacy, tmpl in _NONE:
        indicator = tmpl if template else legacy
        m = rx.search(text) if indicator else None
        if m:
            c.add(indicator, 0.0, m.start(), m.group(0),
                  breakdown="total" if indicator.startswith("request.") and template else "all",
                  measure="count" if template else "annual",
                  unit="万元" if indicator.startswith("fees") else "件")


def _applicant_facts(c: _Collector) -> None:
    """The applicants a stated request count breaks into, with that count's meaning: 受理…申请
    520件，其中自然人申请511件，法人或其他组织申请9件 (parts of what was received)."""
    stated = [f for f in c.facts if f.indicator in SPLIT_OF and f.breakdown == "total"]
    for f in stated:
        start = c.seen[(f.indicator, f.breakdown, f.measure)] + len(f.raw_label)
        for breakdown, value, pos, raw in applicant_split(c.prose.text, start):
            c.add(f.indicator, value, pos, f"{f.raw_label}…{raw}", breakdown=breakdown,
                  measure="count", unit="件")


def narrative_facts(doc: Document, template: bool = False) -> tuple[list[Fact], list[Flag]]:
    """Facts the report's prose states, and flags on what could not be read cleanly."""
    prose = Prose(doc, template)
    c = _Collector(prose)
    _phrase_facts(c, "template" if template else "legacy")
    flags = _category_facts(c)
    if template:
        _applicant_facts(c)
    else:
        _stated_facts(c)
    _none_facts(c, template)
    return c.facts, flags
